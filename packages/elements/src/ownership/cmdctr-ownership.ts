import {
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { OwnershipResponseSchema, type OwnershipResponse } from '@cmdctr/contract';
import {
  CmdctrElement,
  MetricController,
  emit,
  focusMove,
  renderState,
  type DrillDetail,
} from '../base/index.js';
import {
  coverageStatus,
  sortWorstFirst,
  validTarget,
  type CoverageRow,
  type CoverageStatus,
} from './ownership-chart.js';
import { cssText } from '../base/css-text.js';
import { ownershipStyles } from './cmdctr-ownership.styles.js';

/** Status as a shape and in words, so it never reads from colour alone. */
const STATUS: Record<CoverageStatus, [shape: string, words: string]> = {
  met: ['✓', 'On target'],
  below: ['▼', 'Below target'],
  none: ['–', 'No exceptions'],
};

// The shape is for the eye; screen readers get the words only.
const statusText = (status: CoverageStatus, suffix = '') =>
  html`<span part="status" class="status ${status}"
    ><span aria-hidden="true">${STATUS[status][0]}</span> ${STATUS[status][1]}${suffix}</span
  >`;

/** One bar: a workflow or an exception type. */
interface Row extends CoverageRow {
  /** `workflow` or `type`: the list it belongs to, and the drill's `rowDimension`. */
  dimension: 'workflow' | 'type';
  key: string;
  name: string;
  workflow: string;
  /** Second line: the type's workflow and policy owner; `null` owner marks an orphaned type. */
  workflowLabel?: string;
  owner?: string | null;
}

const plural = (n: number, word: string) => `${word}${n === 1 ? '' : 's'}`;

/**
 * Ownership coverage: the share of exception volume that has a named owner, overall and per
 * workflow and exception type, against the coverage target. Rows are buttons listed worst
 * first, each with its figures in text and a bar with a target marker; activating one asks the
 * host to show that row's unowned open exceptions. Exception types whose policy names no owner
 * are called out as orphaned.
 *
 * @summary Ownership coverage against target, worst first, with drill-through to unowned exceptions.
 *
 * @csspart base - The region wrapping the element.
 * @csspart summary - The overall figure, status, gap, stale count and orphaned types.
 * @csspart figure - The overall coverage figure.
 * @csspart status - Status against the target (overall and on each row): words and a shape.
 * @csspart gap - The "N exceptions without an owner" button (plain text when there are none).
 * @csspart stale-count - Stale exceptions and the age of the oldest.
 * @csspart orphans - The list of exception types whose policy names no owner.
 * @csspart list - A list of rows (by workflow, by exception type).
 * @csspart row - One row: a button with the name, figures and bar.
 * @csspart bar - The bar track of a row.
 * @csspart fill - The owned share inside a bar.
 * @csspart target-marker - The target line on a bar.
 * @csspart orphan-badge - The "No policy owner" badge of an orphaned exception type.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-color-ok - Bars and status at or above target.
 * @cssproperty --cmdctr-color-warn - Bars and status below target.
 * @cssproperty --cmdctr-color-critical - The orphaned-type badge.
 * @cssproperty --cmdctr-color-text - Text and the target marker.
 * @cssproperty --cmdctr-color-text-muted - Secondary text.
 * @cssproperty --cmdctr-color-border - Bar tracks and row borders.
 * @cssproperty --cmdctr-color-focus - Focus ring.
 *
 * @event cmdctr-drill - A row or the gap was activated (click, Enter or Space). Cancelable; the
 * element has no default action. `detail`: `{ workflow, rowDimension, rowKey, type?, owner: '',
 * status: 'open', from, to }`, i.e. the `listExceptions` filter of that row's unowned open
 * exceptions in the range (`owner: ''` selects exceptions without an owner).
 */
export class CmdctrOwnership extends CmdctrElement {
  static override styles = [CmdctrElement.styles, ownershipStyles];

  // `static properties` rather than decorators, like CmdctrElement: no decorator runtime shipped.
  static override get properties(): PropertyDeclarations {
    return {
      target: { type: Number },
      label: {},
    };
  }

  /**
   * Coverage target, 0..1, sent as the `target` query; the server judges against it and echoes
   * it. Unset or out of range: the server's default (0.95).
   */
  target?: number;

  /** Accessible name of the region; defaults to "Ownership coverage". */
  label?: string;

  private readonly metric = new MetricController<OwnershipResponse>(this, {
    path: '/v1/metrics/ownership',
    schema: OwnershipResponseSchema,
    query: () => this.query(),
    isEmpty: (d) => d.overall.total === 0,
    metric: 'ownership',
  });
  // Key of the focused row: a live refresh may re-sort, and focus must follow the row, not
  // stay on whichever row now sits at the same index.
  #focusKey: string | undefined;

  // ------------------------------------------------------------------ lifecycle

  // Read from the DOM rather than tracked through focus events, which a page without focus
  // (a background tab) does not fire.
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#focusKey = this.#activeKey();
  }

  protected override updated(): void {
    const key = this.#focusKey;
    if (key && this.#activeKey() !== key) this.#row(key)?.focus();
  }

  // ------------------------------------------------------------------ data

  /** Query sent to the API: the common filters (no bucket: coverage is over the range) and `target`. */
  protected query(): Record<string, string | undefined> {
    const target = validTarget(this.target);
    return {
      ...this.commonQuery(),
      bucket: undefined,
      target: target === undefined ? undefined : String(target),
    };
  }

  #activeKey(): string | undefined {
    return ((this.renderRoot as ShadowRoot | undefined)?.activeElement as HTMLElement | null)
      ?.dataset.key;
  }

  #row(key: string): HTMLElement | null | undefined {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[data-key]')].find(
      (b) => b.dataset.key === key,
    );
  }

  // ------------------------------------------------------------------ handlers

  #drill(data: OwnershipResponse, row?: Row): void {
    const { from, to, workflow } = data.meta.filters;
    const only = workflow?.length === 1 ? (workflow[0] ?? null) : null;
    const detail: DrillDetail = {
      workflow: row ? row.workflow : only,
      rowDimension: row ? row.dimension : 'workflow',
      rowKey: row ? row.key : (only ?? ''),
      owner: '',
      status: 'open',
      from,
      to,
    };
    if (row?.dimension === 'type') detail.type = row.key;
    emit(this, 'cmdctr-drill', detail, { cancelable: true });
  }

  // Arrow keys, Home and End move between rows, as in a listbox, besides Tab.
  #onKeyDown = (event: KeyboardEvent) =>
    focusMove(event, [...this.renderRoot.querySelectorAll<HTMLElement>('[data-key]')]);

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    return renderState(this.metric, {
      label: this.label || 'Ownership coverage',
      emptyText: 'No exceptions in this range',
      fmt: this.fmt,
      content: (data) => this.#renderContent(data),
    });
  }

  #renderContent(data: OwnershipResponse): TemplateResult {
    const fmt = this.fmt;
    const { overall, target } = data;
    const gap = overall.total - overall.owned;
    const status = coverageStatus(overall.coverage, target);
    const labels = new Map(data.byWorkflow.map((w) => [w.workflow, w.label]));
    const workflows = sortWorstFirst(
      data.byWorkflow.map((w): Row => ({
        ...w,
        dimension: 'workflow',
        key: w.workflow,
        name: w.label,
      })),
      (r) => r.name,
    );
    const types = sortWorstFirst(
      data.byType.map((t): Row => ({
        ...t,
        dimension: 'type',
        key: t.type,
        name: t.type,
        workflowLabel: labels.get(t.workflow) ?? t.workflow,
      })),
      (r) => r.name,
    );
    const orphans = types.filter((t) => t.owner === null);
    const gapText = gap
      ? `${fmt.number(gap)} ${plural(gap, 'exception')} without an owner`
      : 'Every exception has an owner';
    return html`<div part="summary" class="summary">
        <p class="headline">
          <span part="figure" class="figure">${fmt.percent(overall.coverage)}</span>
          <span>owned of ${fmt.number(overall.total)}</span>
          ${statusText(status, ` (${fmt.percent(target)})`)}
        </p>
        <p>
          ${
            gap
              ? html`<button part="gap" type="button" @click=${() => this.#drill(data)}>
                  ${gapText}
                </button>`
              : html`<span part="gap">${gapText}</span>`
          }
          <span part="stale-count"
            >${
              data.staleCount
                ? `${fmt.number(data.staleCount)} stale${
                    data.oldestStaleAgeMinutes === null
                      ? ''
                      : ` · oldest ${fmt.minutes(data.oldestStaleAgeMinutes)}`
                  }`
                : 'No stale exceptions'
            }</span
          >
        </p>
        ${
          orphans.length
            ? html`<p part="orphans">
                ${fmt.number(orphans.length)} ${plural(orphans.length, 'type')} with no policy
                owner:
                ${orphans.map((o, i) => html`${i ? ', ' : ''}<bdi class="name" title=${o.name}>${o.name}</bdi>`)}
              </p>`
            : nothing
        }
      </div>
      ${this.#renderList(data, 'By workflow', workflows)}
      ${this.#renderList(data, 'By exception type', types)}`;
  }

  #renderList(
    data: OwnershipResponse,
    title: string,
    rows: Row[],
  ): TemplateResult | typeof nothing {
    if (!rows.length) return nothing;
    const fmt = this.fmt;
    // Each bar's `.style` binding writes through the CSSOM (see cssText), CSP-safe and much
    // smaller than a directive; nothing else styles these bars inline.
    return html`<p class="title" aria-hidden="true">${title}</p>
      <ul part="list" aria-label=${title} @keydown=${this.#onKeyDown}>
        ${rows.map((row) => {
          const status = coverageStatus(row.coverage, data.target);
          const unowned = row.total - row.owned;
          return html`<li>
            <button
              part="row"
              type="button"
              data-key=${row.key}
              @click=${() => this.#drill(data, row)}
            >
              <span class="name" dir="auto" title=${row.name}>${row.name}</span>
              <span class="value">${fmt.percent(row.coverage)}</span>
              <span
                part="bar"
                class="bar ${status}"
                aria-hidden="true"
                .style=${cssText(`--_v:${row.coverage ?? 0};--_t:${data.target}`)}
                ><span part="fill" class="fill"></span
                ><span part="target-marker" class="marker"></span
              ></span>
              <span class="meta">
                ${statusText(status)} · ${fmt.number(unowned)} of ${fmt.number(row.total)} without
                an owner
                ${
                  row.dimension === 'type'
                    ? html`· ${name(row.workflowLabel ?? '')} ·
                      ${
                        row.owner === null
                          ? html`<span part="orphan-badge" class="badge">No policy owner</span>`
                          : html`Owner: ${name(row.owner ?? '')}`
                      }`
                    : nothing
                }
              </span>
            </button>
          </li>`;
        })}
      </ul>`;
  }
}

/** A server name on one line, cut with an ellipsis; the whole name is its title (and its text). */
function name(text: string): TemplateResult {
  return html`<span class="name" dir="auto" title=${text}>${text}</span>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-ownership': CmdctrOwnership;
  }
}
