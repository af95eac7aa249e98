import { html, nothing, svg, type PropertyDeclarations, type TemplateResult } from 'lit';
import { AutomationResponseSchema, type components } from '@cmdctr/contract';
import {
  CmdctrElement,
  MetricController,
  ResizeController,
  Tooltip,
  exportChart,
  exportMenu,
  exportMenuStyles,
  renderState,
  tooltipStyles,
  type ExportKind,
} from '../base/index.js';
import { detachedTable, lazyTableRegion, tableDisclosure } from '../base/table-disclosure.js';
import {
  STACK,
  CALIBRATION_SIZE,
  calibrationLayout,
  moveIndex,
  outcomesLayout,
  type CalibrationByType,
  type OutcomesLayout,
  type StackKey,
} from './automation-chart.js';
import { automationStyles } from './cmdctr-automation.styles.js';

export type AutomationResponse = components['schemas']['AutomationResponse'];

const NAMES: Record<StackKey | 'reverted' | 'proposed', string> = {
  proposed: 'Proposed',
  autoApplied: 'Auto-applied',
  approved: 'Approved',
  rejected: 'Rejected',
  pending: 'Pending',
  reverted: 'Reverted',
};
const COUNTS = ['proposed', ...STACK, 'reverted'] as const;
/** Above this many exception types the calibration shows one type at a time, chosen in a list. */
const TYPES_SHOWN = 4;
const OUTCOMES = 'o';

/**
 * How well the AI auto-resolve steps and the people who gate them are doing, in three titled
 * parts: outcomes over time (stacked columns of auto-applied, approved, rejected and pending
 * proposals per bucket, the reverted ones hatched over the applied part, and the server's
 * success rate as a line on a percent axis, broken where nothing was proposed); calibration
 * (per exception type, the share approved in each confidence band of 0.1 next to the type's
 * threshold, bands nobody decided marked "no decisions" rather than 0%); and approver quality
 * per role (decisions, median time to decide, the share approved without opening the evidence
 * and the share decided after the SLA, shares above `attention-share` marked "high").
 * Columns and bands are focusable (arrow keys, Home, End) and show a tooltip; every chart has a
 * data table behind the "Table" button, and the outcomes chart exports as CSV, SVG or PNG.
 *
 * @summary Auto-resolve quality: outcomes over time, confidence calibration, approver quality.
 *
 * @slot - Nothing is slotted; the element renders only what the API sends.
 *
 * @csspart base - The region wrapping the element.
 * @csspart section - Each of the three titled parts.
 * @csspart heading - The title of a part.
 * @csspart headline - The whole-range success rate and counts above the outcomes chart.
 * @csspart toolbar - The row with the legend, the "Table" button and the export menu.
 * @csspart legend - The legend of the outcomes chart.
 * @csspart table-toggle - The "Table" button (opens the data tables of both charts;
 * `aria-expanded` tells whether they are open).
 * @csspart export-menu - The "Export" menu button (CSV, SVG and PNG of the outcomes chart).
 * @csspart export-menu-list - The export menu (in the top layer).
 * @csspart plot - The outcomes chart's SVG.
 * @csspart column - One focusable bucket of the outcomes chart.
 * @csspart type-select - The exception-type list, present above four types.
 * @csspart calibration - One exception type's calibration chart with its title.
 * @csspart band - One focusable confidence band of a calibration chart.
 * @csspart table - A data table (built only while "Table" is expanded, except approvers).
 * @csspart attention - The "high" marker on an approver share above `attention-share`.
 * @csspart tooltip - The tooltip of the focused or hovered column or band (in the top layer).
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-automation-auto-applied-color - Auto-applied part of a column.
 * @cssproperty --cmdctr-automation-approved-color - Approved part of a column.
 * @cssproperty --cmdctr-automation-rejected-color - Rejected part of a column.
 * @cssproperty --cmdctr-automation-pending-color - Pending part of a column.
 * @cssproperty --cmdctr-automation-rate-color - The success-rate line.
 * @cssproperty --cmdctr-automation-band-color - Bars of the calibration charts.
 * @cssproperty --cmdctr-automation-threshold-color - The threshold rule of the calibration charts.
 * @cssproperty --cmdctr-color-critical - The "high" marker of approver shares.
 * @cssproperty --cmdctr-color-border - Grid lines and table borders.
 * @cssproperty --cmdctr-color-text-muted - Axis labels.
 * @cssproperty --cmdctr-color-focus - Focus ring.
 *
 * @event cmdctr-error - A request failed (see the base element).
 */
export class CmdctrAutomation extends CmdctrElement {
  static override styles = [
    CmdctrElement.styles,
    tooltipStyles,
    exportMenuStyles,
    automationStyles,
  ];

  static override get properties(): PropertyDeclarations {
    return {
      label: {},
      attentionShare: { type: Number, attribute: 'attention-share' },
      chartHeight: { type: Number, attribute: 'chart-height' },
      tableOpen: { state: true },
      active: { state: true },
      typeIndex: { state: true },
    };
  }

  /** Accessible name of the element; defaults to "Auto-resolve quality". */
  label?: string;

  /**
   * A presentational attention marker, not a policy: approver shares (approved without looking
   * at the evidence, decided late) strictly above this ratio are marked "high" with an icon.
   * Between 0 and 1; default 0.2 (20%).
   */
  attentionShare = 0.2;

  /** Height of the outcomes chart in CSS pixels. */
  chartHeight = 220;

  private tableOpen = false;
  /** Roving focus: the focusable column or band of each chart (`o`, or a type's index). */
  private active: Record<string, number> = {};
  private typeIndex = 0;

  private readonly metric = new MetricController<AutomationResponse>(this, {
    path: '/v1/metrics/automation',
    schema: AutomationResponseSchema,
    query: () => this.commonQuery(),
    isEmpty: (d) =>
      d.outcomes.overall.proposed === 0 &&
      !d.calibration.some((c) => c.decided > 0) &&
      !d.approvers.some((a) => a.decisions > 0),
    metric: 'automation',
  });
  readonly #resize = new ResizeController(this);
  readonly #tooltip = new Tooltip(this);
  readonly #menu = exportMenu(this, (kind) => void this.#export(kind));
  /** The chart and index whose tooltip is open. */
  #tip: [string, number] | undefined;
  #layout: OutcomesLayout | undefined;
  #layoutKey = '';
  #layoutSource: AutomationResponse | undefined;

  // ------------------------------------------------------------------ lifecycle

  protected override firstUpdated(): void {
    this.#tooltip.attach(this.renderRoot);
  }

  protected override updated(): void {
    // Fresh data (a live refresh) under an open tooltip: redraw it in place.
    const mark = this.#tip && this.#tooltip.open ? this.#markAt(this.#tip[0], this.#tip[1]) : null;
    if (mark) this.#showTip(mark);
    // CSSOM, not a style attribute: a strict style-src policy blocks the latter.
    this.renderRoot
      .querySelector<HTMLElement>('.plot-wrap')
      ?.style.setProperty('height', `${this.chartHeight}px`);
  }

  // ------------------------------------------------------------------ handlers

  async #export(kind: ExportKind): Promise<void> {
    const data = this.metric.data;
    if (!data) return;
    await exportChart(this, kind, {
      tag: 'automation',
      from: data.meta.filters.from,
      to: data.meta.filters.to,
      // Every bucket, open or closed: the file never depends on what is on screen.
      table: () => detachedTable(this.#renderOutcomeTable(data)),
      svg: () => this.renderRoot.querySelector<SVGSVGElement>('svg.outcomes'),
    });
  }

  /** The chart key and index of the mark an event came from. */
  #markOf(event: Event): [string, number, Element] | undefined {
    const mark = (event.target as Element).closest?.('[data-i]');
    const chart = mark?.closest('[data-chart]')?.getAttribute('data-chart');
    return mark && chart ? [chart, Number(mark.getAttribute('data-i')), mark] : undefined;
  }

  #onShow(event: Event): void {
    const found = this.#markOf(event);
    if (found) this.#showTip(found[2]);
  }

  #showTip(mark: Element): void {
    const chart = mark.parentElement?.closest('[data-chart]')?.getAttribute('data-chart') ?? '';
    const index = Number(mark.getAttribute('data-i'));
    this.#tip = [chart, index];
    const box = mark.getBoundingClientRect();
    this.#tooltip.show(this.#renderTip(chart, index), {
      x: box.left,
      y: box.top,
      width: box.width,
    });
  }

  #markAt(chart: string, index: number): SVGElement | null {
    return this.renderRoot.querySelector<SVGElement>(`[data-chart="${chart}"] [data-i="${index}"]`);
  }

  #onHide(event: Event): void {
    // A pointer leaving a mark gives the tooltip back to the focused one, if any.
    const focused = this.shadowRoot?.activeElement?.closest('[data-chart] [data-i]');
    if (event.type === 'pointerout' && focused) {
      this.#showTip(focused);
      return;
    }
    this.#tip = undefined;
    this.#tooltip.hide();
  }

  async #onKey(event: KeyboardEvent): Promise<void> {
    const found = this.#markOf(event);
    if (!found) return;
    const [chart, index, mark] = found;
    const count = mark.parentElement?.closest('[data-chart]')?.querySelectorAll('[data-i]').length;
    const next = moveIndex(event.key, index, count ?? 0);
    if (next === undefined) return;
    event.preventDefault();
    this.active = { ...this.active, [chart]: next };
    await this.updateComplete;
    this.#markAt(chart, next)?.focus();
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    return renderState(this.metric, {
      label: this.label ?? 'Auto-resolve quality',
      emptyText: 'No auto-resolve proposals or decisions in this range',
      fmt: this.fmt,
      // One set of listeners for every column and band: they find their mark by data-i.
      content: (data) =>
        html`<div
          @focusin=${(e: Event) => this.#onShow(e)}
          @pointerover=${(e: Event) => this.#onShow(e)}
          @focusout=${(e: Event) => this.#onHide(e)}
          @pointerout=${(e: Event) => this.#onHide(e)}
          @keydown=${(e: KeyboardEvent) => void this.#onKey(e)}
        >
          ${this.#renderOutcomes(data)}${this.#renderCalibration(data)}${this.#renderApprovers(data)}
        </div>`,
    });
  }

  #outcomes(data: AutomationResponse): OutcomesLayout | undefined {
    // Before the first observation (or in a background tab) the laid-out width stands in.
    const width = this.#resize.width || this.clientWidth;
    const { locale, timeZone } = this.fmt;
    const key = `${width}|${this.chartHeight}|${locale}|${timeZone}`;
    if (width > 0 && (key !== this.#layoutKey || data !== this.#layoutSource)) {
      this.#layout = outcomesLayout(data.outcomes, {
        width,
        height: this.chartHeight,
        timeZone,
        locale,
      });
      this.#layoutKey = key;
      this.#layoutSource = data;
    }
    return width > 0 ? this.#layout : undefined;
  }

  #renderOutcomes(data: AutomationResponse): TemplateResult {
    const fmt = this.fmt;
    const all = data.outcomes.overall;
    const layout = this.#outcomes(data);
    const legend = [...STACK, 'reverted' as const].map(
      (key) =>
        html`<li>
          <svg class="swatch" width="12" height="12" aria-hidden="true">
            <rect class="seg ${key}" width="12" height="12"></rect>
          </svg>
          ${NAMES[key]}
        </li>`,
    );
    return html`<section part="section" aria-labelledby="h-outcomes">
      <h3 part="heading" id="h-outcomes">Outcomes over time</h3>
      <p part="headline" class="headline">
        <strong>Success ${fmt.percent(all.successRate, 0)}</strong>
        <span>
          ${COUNTS.map((k) => `${fmt.number(all[k])} ${NAMES[k].toLowerCase()}`).join(' · ')}
        </span>
      </p>
      <div part="toolbar" class="toolbar">
        <ul part="legend" class="legend" aria-label="Legend">
          ${legend}
          <li>
            <svg class="swatch" width="18" height="12" aria-hidden="true">
              <line class="rate" x1="0" y1="6" x2="18" y2="6"></line>
            </svg>
            Success rate (right axis)
          </li>
        </ul>
        <div class="actions">
          ${tableDisclosure(
            this.tableOpen,
            () => (this.tableOpen = !this.tableOpen),
            // Every region it opens: the outcomes table's and each calibration chart's on screen.
            `t-o${this.#shownTypes(data)
              .map((i) => ` t-${i}`)
              .join('')}`,
          )}
          ${this.#menu(['csv', 'svg', 'png'])}
        </div>
      </div>
      <div class="plot-wrap">${layout ? this.#renderPlot(data, layout) : nothing}</div>
      ${lazyTableRegion(
        this.tableOpen,
        'Outcomes table',
        't-o',
        // Rows only while open: unseen, they cost every live update.
        this.tableOpen ? this.#renderOutcomeTable(data) : nothing,
      )}
    </section>`;
  }

  #renderPlot(data: AutomationResponse, layout: OutcomesLayout): TemplateResult {
    const fmt = this.fmt;
    const { plot, columns } = layout;
    const right = plot.left + plot.width;
    const bottom = plot.top + plot.height;
    const active = Math.min(this.active[OUTCOMES] ?? 0, columns.length - 1);
    return html`<svg
      part="plot"
      class="outcomes"
      width=${layout.width}
      height=${layout.height}
      role="group"
      aria-label="Outcomes per ${data.outcomes.bucket}; arrow keys move between buckets"
      data-chart=${OUTCOMES}
    >
      <defs>
        <pattern
          id="hatch"
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect class="hatch-bg" width="6" height="6"></rect>
          <line class="hatch-line" x1="0" y1="0" x2="0" y2="6"></line>
        </pattern>
      </defs>
      <g class="axis" aria-hidden="true">
        ${layout.yTicks.map(
          (t) => svg`<line class="grid" x1=${plot.left} x2=${right} y1=${t.at} y2=${t.at}></line>
            <text x=${plot.left - 6} y=${t.at} text-anchor="end" dominant-baseline="middle">${fmt.compact(t.value)}</text>`,
        )}
        ${layout.rateTicks.map(
          (t) =>
            svg`<text x=${right + 6} y=${t.at} dominant-baseline="middle">${fmt.percent(t.value, 0)}</text>`,
        )}
        ${layout.xTicks.map(
          (t) =>
            svg`<text class=${t.major ? 'major' : ''} x=${t.x} y=${bottom + 16} text-anchor="middle">${t.label}</text>`,
        )}
      </g>
      ${columns.map(
        (c, i) => svg`<g>
          ${c.segments.map((s) =>
            s.height > 0
              ? svg`<rect class="seg ${s.key}" x=${c.x} y=${s.y} width=${c.width} height=${s.height}></rect>`
              : nothing,
          )}
          ${
            c.reverted
              ? svg`<rect class="seg reverted" fill="url(#hatch)" x=${c.x} y=${c.reverted.y} width=${c.width} height=${c.reverted.height}></rect>`
              : nothing
          }
          <rect part="column" class="hit" data-i=${i} x=${c.x} y=${plot.top} width=${c.width}
            height=${plot.height} tabindex=${i === active ? '0' : '-1'} role="img"
            aria-label=${this.#columnText(data, i)}></rect>
        </g>`,
      )}
      <path class="rate" d=${layout.line}></path>
      ${layout.dots.map((d) => svg`<circle class="dot" cx=${d.x} cy=${d.y} r="3"></circle>`)}
    </svg>`;
  }

  #bucketRange(data: AutomationResponse, i: number): string {
    const { buckets, bucketEnd } = data.outcomes;
    return `${this.fmt.dateTime(buckets[i] ?? '')} – ${this.fmt.dateTime(buckets[i + 1] ?? bucketEnd)}`;
  }

  #columnText(data: AutomationResponse, i: number): string {
    const o = data.outcomes;
    const counts = COUNTS.map((k) => `${this.fmt.number(o[k][i])} ${NAMES[k].toLowerCase()}`);
    return `${this.#bucketRange(data, i)}: ${counts.join(', ')}, success ${this.fmt.percent(o.successRate[i], 0)}`;
  }

  #renderTip(chart: string, i: number): TemplateResult {
    const data = this.metric.data;
    if (!data) return html``;
    const fmt = this.fmt;
    const row = (label: string, value: string) =>
      html`<dt>${label}</dt>
        <dd>${value}</dd>`;
    if (chart === OUTCOMES) {
      const o = data.outcomes;
      return html`<p class="tip-title">${this.#bucketRange(data, i)}</p>
        <dl class="tip-rows">
          ${COUNTS.map((k) => row(NAMES[k], fmt.number(o[k][i])))}
          ${row('Success rate', fmt.percent(o.successRate[i], 0))}
        </dl>`;
    }
    const type = data.calibration[Number(chart)];
    const band = type?.bands[i];
    if (!type || !band) return html``;
    return html`<p class="tip-title text" dir="auto">${type.type}</p>
      <dl class="tip-rows">
        ${row('Confidence', this.#bandName(band.from, band.to))}
        ${row('Decided', fmt.number(band.decided))} ${row('Approved', fmt.number(band.approved))}
        ${row('Approval rate', this.#rateText(band.decided, band.approvalRate))}
        ${row('Threshold', this.#thresholdText(type))}
      </dl>`;
  }

  #bandName(from: number, to: number): string {
    return `${this.fmt.number(from, 2)}–${this.fmt.number(to, 2)}`;
  }

  #rateText(decided: number, rate: number | null): string {
    return decided === 0 || rate === null ? 'no decisions' : this.fmt.percent(rate, 0);
  }

  #thresholdText(type: CalibrationByType): string {
    return type.threshold === null ? 'auto-resolve off' : this.fmt.number(type.threshold, 2);
  }

  #renderOutcomeTable(data: AutomationResponse): TemplateResult {
    const fmt = this.fmt;
    const o = data.outcomes;
    const cells = (get: (k: (typeof COUNTS)[number]) => number | undefined, rate: number | null) =>
      html`${COUNTS.map((k) => html`<td>${fmt.number(get(k))}</td>`)}
        <td>${fmt.percent(rate, 1)}</td>`;
    return html`<table part="table" class="outcomes">
      <caption>
        Outcomes per ${o.bucket}
      </caption>
      <thead>
        <tr>
          <th scope="col">Bucket start</th>
          ${COUNTS.map((k) => html`<th scope="col">${NAMES[k]}</th>`)}
          <th scope="col">Success rate</th>
        </tr>
      </thead>
      <tbody>
        ${o.buckets.map(
          (b, i) =>
            html`<tr>
              <th scope="row">${fmt.dateTime(b)}</th>
              ${cells((k) => o[k][i], o.successRate[i] ?? null)}
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Whole range</th>
          ${cells((k) => o.overall[k], o.overall.successRate)}
        </tr>
      </tfoot>
    </table>`;
  }

  /** Indices of the calibration charts on screen: all, or the chosen one above four types. */
  #shownTypes(data: AutomationResponse): number[] {
    const n = data.calibration.length;
    return n > TYPES_SHOWN ? [Math.min(this.typeIndex, n - 1)] : [...Array(n).keys()];
  }

  #renderCalibration(data: AutomationResponse): TemplateResult {
    const types = data.calibration;
    const many = types.length > TYPES_SHOWN;
    const shown = this.#shownTypes(data);
    const charts = shown.map((i) => this.#renderType(types[i]!, i));
    return html`<section part="section" aria-labelledby="h-calibration">
      <h3 part="heading" id="h-calibration">Calibration</h3>
      <p class="note">
        Share approved per confidence band, for proposals a person decided; the rule marks the
        type's threshold.
      </p>
      ${
        many
          ? html`<label class="type-select"
              >Exception type
              <select
                part="type-select"
                @change=${(e: Event) =>
                  (this.typeIndex = Number((e.target as HTMLSelectElement).value))}
              >
                ${types.map(
                  (t, i) =>
                    html`<option value=${i} ?selected=${i === shown[0]}>
                      ${t.type} (${t.workflow})
                    </option>`,
                )}
              </select></label
            >`
          : nothing
      }
      ${
        types.length
          ? html`<div class="types">${charts}</div>`
          : html`<p class="note">No exception type has auto-resolve in this selection.</p>`
      }
    </section>`;
  }

  #renderType(type: CalibrationByType, index: number): TemplateResult {
    const fmt = this.fmt;
    const layout = calibrationLayout(type);
    const { plot, bars } = layout;
    const bottom = plot.top + plot.height;
    const active = Math.min(this.active[index] ?? 0, bars.length - 1);
    const title = `${type.type} (${type.workflow})`;
    return html`<figure part="calibration" class="calibration">
      <figcaption>
        <span class="text" dir="auto">${type.type}</span>
        <span class="sub"
          ><span class="text" dir="auto">${type.workflow}</span> · threshold
          ${this.#thresholdText(type)} · ${fmt.number(type.decided)} decided</span
        >
      </figcaption>
      <svg
        viewBox="0 0 ${CALIBRATION_SIZE.width} ${CALIBRATION_SIZE.height}"
        role="group"
        aria-label="${title}: approval rate by confidence; arrow keys move between bands"
        data-chart=${index}
      >
        <g class="axis" aria-hidden="true">
          ${layout.yTicks.map(
            (
              t,
            ) => svg`<line class="grid" x1=${plot.left} x2=${plot.left + plot.width} y1=${t.at} y2=${t.at}></line>
              <text x=${plot.left - 4} y=${t.at} text-anchor="end" dominant-baseline="middle">${fmt.percent(t.value, 0)}</text>`,
          )}
          ${layout.xTicks.map(
            (t) =>
              svg`<text x=${t.at} y=${bottom + 15} text-anchor="middle">${fmt.number(t.value, 1)}</text>`,
          )}
        </g>
        ${bars.map((b, i) => {
          const band = type.bands[i];
          return svg`<rect part="band" class=${b.empty ? 'bar none' : 'bar'} data-i=${i} x=${b.x}
            y=${b.y} width=${b.width} height=${b.height} tabindex=${i === active ? '0' : '-1'}
            role="img" aria-label=${
              band
                ? `Confidence ${this.#bandName(band.from, band.to)}: ${this.#rateText(band.decided, band.approvalRate)}${
                    band.decided
                      ? `, ${fmt.number(band.approved)} of ${fmt.number(band.decided)} approved`
                      : ''
                  }`
                : ''
            }></rect>`;
        })}
        ${
          layout.threshold === null
            ? nothing
            : svg`<line class="threshold" x1=${layout.threshold} x2=${layout.threshold} y1=${plot.top - 4} y2=${bottom}></line>`
        }
      </svg>
      ${lazyTableRegion(
        this.tableOpen,
        `${title} table`,
        `t-${index}`,
        this.tableOpen ? this.#renderBandTable(type, title) : nothing,
      )}
    </figure>`;
  }

  #renderBandTable(type: CalibrationByType, title: string): TemplateResult {
    const fmt = this.fmt;
    return html`<table part="table">
      <caption>
        <span class="text" dir="auto">${title}</span
        >: threshold ${this.#thresholdText(type)}
      </caption>
      <thead>
        <tr>
          <th scope="col">Confidence</th>
          <th scope="col">Decided</th>
          <th scope="col">Approved</th>
          <th scope="col">Approval rate</th>
        </tr>
      </thead>
      <tbody>
        ${type.bands.map(
          (b) =>
            html`<tr>
              <th scope="row">${this.#bandName(b.from, b.to)}</th>
              <td>${fmt.number(b.decided)}</td>
              <td>${fmt.number(b.approved)}</td>
              <td>${this.#rateText(b.decided, b.approvalRate)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #renderApprovers(data: AutomationResponse): TemplateResult {
    const fmt = this.fmt;
    const share = (value: number | null) =>
      html`${fmt.percent(value, 0)}${
        value !== null && value > this.attentionShare
          ? html` <span part="attention" class="attention"
              ><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
                <path d="M6 1 11 11H1Z"></path></svg
              >high</span
            >`
          : nothing
      }`;
    return html`<section part="section" aria-labelledby="h-approvers">
      <h3 part="heading" id="h-approvers">Approver quality</h3>
      ${
        data.approvers.length
          ? // Always open: this table is the approver chart, so it has no toggle.
            lazyTableRegion(
              true,
              'Approver table',
              't-a',
              html`<table part="table" class="approvers">
                <caption>
                  Per approver role; shares above ${fmt.percent(this.attentionShare, 0)} are marked
                  high
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Role</th>
                    <th scope="col">Decisions</th>
                    <th scope="col">Approved</th>
                    <th scope="col">Median time to decide</th>
                    <th scope="col">Approved without opening the evidence</th>
                    <th scope="col">Decided after the SLA</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.approvers.map(
                    (a) =>
                      html`<tr>
                        <th scope="row"><span class="text" dir="auto">${a.role}</span></th>
                        <td>${fmt.number(a.decisions)}</td>
                        <td>${fmt.number(a.approved)}</td>
                        <td>${fmt.minutes(a.medianMinutesToDecide)}</td>
                        <td>${share(a.approvedUnseenShare)}</td>
                        <td>${share(a.lateShare)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`,
            )
          : html`<p class="note">No approver role decided in this range.</p>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-automation': CmdctrAutomation;
  }
}
