import {
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { WorkflowsResponseSchema, type WorkflowsResponse } from '@cmdctr/contract';
import { CmdctrElement, MetricController, emit } from '../base/index.js';
import { provideConfig } from '../base/config-context.js';
// The panels: their tags are registered here, as a composite's children are (the approvals
// inbox does the same for its card); this element's own tag is registered only by define.ts.
import '../kpi/define.js';
import '../throughput/define.js';
import '../heatmap/define.js';
import '../mttr/define.js';
import '../pareto/define.js';
import '../ownership/define.js';
import '../stale-exceptions/define.js';
import '../automation/define.js';
import '../approvals/define.js';
import { commandCenterStyles } from './cmdctr-command-center.styles.js';
import {
  RANGES,
  describeFilter,
  drillToFilter,
  type StaleFilter,
} from './command-center-filters.js';

/** The headline tiles, in the order the contract lists its KPIs. */
const KPIS = [
  'exceptionRate',
  'ownershipCoverage',
  'mttr',
  'throughputVsSlo',
  'autoResolveSuccess',
] as const;

/** The panel that explains each KPI tile, by KPI id. */
const KPI_PANELS: Record<string, string> = {
  exceptionRate: 'heatmap',
  ownershipCoverage: 'ownership',
  mttr: 'mttr',
  throughputVsSlo: 'throughput',
  autoResolveSuccess: 'automation',
};

/** Panels whose drill-through filters the stale-exceptions list. */
const FILTERING_SOURCES = new Set(['cmdctr-heatmap', 'cmdctr-ownership', 'cmdctr-pareto']);

/**
 * The single pane over every automated workflow: KPI tiles across the top, then throughput,
 * the exception heatmap, MTTR, the Pareto of exception hours, ownership coverage, stale
 * exceptions, auto-resolve quality and the approvals inbox, for one workflow or all of them.
 *
 * The workflow and range pickers drive every panel through the same settings a
 * `<cmdctr-config>` provides (the panels inherit API, auth, locale, time zone and theme from an
 * enclosing config too). A drill-through from the heatmap or the ownership panel filters the
 * stale-exceptions list instead of leaving the page; a zoom on the throughput chart narrows every
 * panel to the chosen range until it is reset.
 *
 * @summary The command center: KPI tiles and every panel for one workflow or all of them.
 *
 * @csspart base - The region wrapping the command center.
 * @csspart header - Title and pickers.
 * @csspart controls - The workflow and range pickers.
 * @csspart workflow-picker - The workflow `<select>`.
 * @csspart range-picker - The range `<select>`.
 * @csspart kpis - The row of KPI tiles.
 * @csspart panels - The grid of panels.
 * @csspart panel - One panel (a titled section around one element).
 * @csspart filter - The drill-through filter shown above the stale-exceptions list.
 * @csspart clear-filter - The button that clears that filter.
 * @csspart auto-actions-off - The notice naming the shown workflows whose auto-actions a policy
 * guard (`disable_auto_actions_when`) has switched off.
 *
 * @cssproperty --cmdctr-space - Gaps between panels are multiples of it.
 * @cssproperty --cmdctr-color-border - Panel borders.
 * @cssproperty --cmdctr-color-surface - Panel background.
 *
 * @event cmdctr-filter-change - The person picked another workflow or range, or zoomed or reset
 * the range. `detail`: `{ workflow, range, from, to }` (`null` for what is not set), so a host
 * page can keep its URL in step.
 */
export class CmdctrCommandCenter extends CmdctrElement {
  static override styles = [CmdctrElement.styles, commandCenterStyles];

  static override get properties(): PropertyDeclarations {
    return {
      label: {},
      selectedWorkflow: { state: true, attribute: false },
      selectedRange: { state: true, attribute: false },
      zoom: { state: true, attribute: false },
      staleFilter: { state: true, attribute: false },
    };
  }

  /** Title and accessible name of the command center. */
  label = 'Automation command center';

  private selectedWorkflow: string | undefined;
  private selectedRange: string | undefined;
  /** A range chosen by zooming the throughput chart; replaces the picked range until reset. */
  private zoom: { from: string; to: string } | null = null;
  private staleFilter: StaleFilter | null = null;

  readonly #workflows = new MetricController<WorkflowsResponse>(this, {
    path: '/v1/workflows',
    schema: WorkflowsResponseSchema,
    query: () => ({}),
    isEmpty: () => false,
    metric: 'workflows',
  });
  // The panels in the shadow root ask for settings like they would ask a <cmdctr-config>; the
  // provider answers with this element's own (inherited) settings plus the picked filters.
  readonly #provider = provideConfig(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const config = this.config;
    this.#provider.setValue({
      ...config,
      client: this.client,
      workflow: this.#workflow(),
      range: this.#range(),
    });
  }

  /** The picked workflow: the picker's, else the attribute's (or config's) value. */
  #workflow(): string | undefined {
    return this.selectedWorkflow ?? this.config.workflow ?? undefined;
  }

  #range(): string {
    return this.selectedRange ?? this.config.range ?? 'P7D';
  }

  #workflowName = (id: string): string =>
    this.#workflows.data?.workflows.find((w) => w.id === id)?.displayName ?? id;

  #changeFilters(): void {
    emit(this, 'cmdctr-filter-change', {
      workflow: this.#workflow() ?? null,
      range: this.zoom ? null : this.#range(),
      from: this.zoom?.from ?? null,
      to: this.zoom?.to ?? null,
    });
  }

  #onWorkflow(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.selectedWorkflow = value;
    this.staleFilter = null;
    this.#changeFilters();
  }

  #onRange(event: Event): void {
    this.selectedRange = (event.target as HTMLSelectElement).value;
    this.zoom = null;
    this.#changeFilters();
  }

  #onZoom(event: CustomEvent<{ from: string; to: string }>): void {
    this.zoom = { from: event.detail.from, to: event.detail.to };
    this.#changeFilters();
  }

  #resetZoom(): void {
    this.zoom = null;
    this.#changeFilters();
  }

  /**
   * Drill-through: from the heatmap, ownership or Pareto panel it filters the stale list (instead
   * of opening a runbook); from a KPI tile it brings the panel behind that figure into view.
   */
  async #onDrill(event: CustomEvent<unknown>): Promise<void> {
    const source = (event.composedPath()[0] as Element | undefined)?.localName ?? '';
    if (source === 'cmdctr-kpi') {
      const kpi = (event.detail as { kpi?: string } | null)?.kpi ?? '';
      const target = KPI_PANELS[kpi];
      if (!target) return;
      event.preventDefault();
      this.#reveal(target);
      return;
    }
    const filter = FILTERING_SOURCES.has(source) ? drillToFilter(event.detail) : null;
    if (!filter) return;
    // Cancelling keeps the panel from opening the runbook: here the answer is the list below.
    event.preventDefault();
    this.staleFilter = filter;
    await this.updateComplete;
    this.#reveal('stale');
  }

  /** Scrolls a panel into view and moves focus to it (smoothly unless motion is reduced). */
  #reveal(id: string): void {
    const panel = this.renderRoot.querySelector<HTMLElement>(`#${id}`);
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    panel?.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
    panel?.focus({ preventScroll: true });
  }

  async #clearFilter(): Promise<void> {
    this.staleFilter = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#stale')?.focus();
  }

  #panel(id: string, title: string, body: TemplateResult, wide = false): TemplateResult {
    // A div, not a labelled section: each element inside is already a named region, and a
    // second landmark with the same name is noise for screen-reader users (axe landmark-unique).
    return html`<div part=${wide ? 'panel wide' : 'panel'} id=${id} tabindex="-1">
      <h3 id=${`${id}-title`}>${title}</h3>
      ${body}
    </div>`;
  }

  #renderControls(): TemplateResult {
    const workflows = this.#workflows.data?.workflows ?? [];
    const picked = this.#workflow() ?? '';
    const range = this.#range();
    return html`<form part="controls" @submit=${(e: Event) => e.preventDefault()}>
      <label
        >Workflow
        <select part="workflow-picker" @change=${this.#onWorkflow}>
          <option value="" ?selected=${picked === ''}>All workflows</option>
          ${workflows.map(
            (w) =>
              html`<option value=${w.id} ?selected=${w.id === picked}>${w.displayName}</option>`,
          )}
          ${
            picked && !workflows.some((w) => w.id === picked)
              ? html`<option value=${picked} selected>${picked}</option>`
              : nothing
          }
        </select>
      </label>
      <label
        >Range
        <select part="range-picker" @change=${this.#onRange}>
          ${RANGES.map(
            ([value, words]) =>
              html`<option value=${value} ?selected=${!this.zoom && value === range}>
                ${words}
              </option>`,
          )}
          ${
            this.zoom
              ? html`<option value="" selected disabled>
                  ${this.fmt.dateTime(this.zoom.from)} – ${this.fmt.dateTime(this.zoom.to)}
                </option>`
              : nothing
          }
        </select>
      </label>
      ${
        this.zoom
          ? html`<button type="button" @click=${this.#resetZoom}>Reset zoom</button>`
          : nothing
      }
    </form>`;
  }

  /**
   * Which shown workflows have auto-actions off: while a `disable_auto_actions_when` guard is
   * tripped every AI proposal waits for a person, and the approvals and automation figures read
   * differently, so the pane says so above them. The workflow list refreshes live on the stream's
   * `workflows` topic, which the server sends when a guard trips.
   */
  #renderAutoActionsOff(): TemplateResult | typeof nothing {
    const picked = this.#workflow();
    const off = (this.#workflows.data?.workflows ?? []).filter(
      (w) => !w.autoActionsEnabled && (!picked || w.id === picked),
    );
    if (!off.length) return nothing;
    return html`<p part="auto-actions-off" class="notice alert">
      <strong>Auto-actions are off</strong> for
      ${off.map((w, i) => html`${i ? ', ' : ''}<span class="name">${w.displayName}</span>`)}: a
      guard in the policy (<code>disable_auto_actions_when</code>) has tripped, so every AI proposal
      waits for a person to approve it. The decision ledger records why.
    </p>`;
  }

  #renderStaleFilter(): TemplateResult | typeof nothing {
    const filter = this.staleFilter;
    if (!filter) return nothing;
    return html`<p part="filter">
      <span>Filtered to ${describeFilter(filter, this.#workflowName)}</span>
      <button part="clear-filter" type="button" @click=${this.#clearFilter}>Show all</button>
    </p>`;
  }

  protected override render(): TemplateResult {
    const zoom = this.zoom;
    const from = zoom?.from ?? nothing;
    const to = zoom?.to ?? nothing;
    const filter = this.staleFilter;
    const workflowError = this.#workflows.status === 'error' ? this.#workflows.error : undefined;
    return html`<section
      part="base"
      role="region"
      aria-label=${this.label}
      @cmdctr-drill=${this.#onDrill}
    >
      <header part="header">
        <h2>${this.label}</h2>
        ${this.#renderControls()}
      </header>
      ${
        workflowError
          ? html`<p class="notice" role="status">
              Workflow list unavailable (${workflowError.problem?.title ?? workflowError.message});
              showing all workflows.
              <button type="button" @click=${() => void this.#workflows.refresh()}>Retry</button>
            </p>`
          : nothing
      }
      <div role="status">${this.#renderAutoActionsOff()}</div>
      <ul part="kpis" aria-label="Key figures">
        ${KPIS.map(
          (kpi) => html`<li><cmdctr-kpi kpi=${kpi} from=${from} to=${to}></cmdctr-kpi></li>`,
        )}
      </ul>
      <div part="panels" @cmdctr-drill=${this.#onDrill} @cmdctr-range-change=${this.#onZoom}>
        ${this.#panel(
          'throughput',
          'Throughput against SLO',
          html`<cmdctr-throughput
            label="Throughput against SLO"
            from=${from}
            to=${to}
          ></cmdctr-throughput>`,
          true,
        )}
        ${this.#panel(
          'heatmap',
          'Exceptions by type',
          html`<cmdctr-heatmap label="Exceptions by type" from=${from} to=${to}></cmdctr-heatmap>`,
          true,
        )}
        ${this.#panel('mttr', 'Time to resolve', html`<cmdctr-mttr label="Time to resolve" from=${from} to=${to}></cmdctr-mttr>`)}
        ${this.#panel(
          'pareto',
          'Where the hours go',
          html`<cmdctr-pareto label="Where the hours go" from=${from} to=${to}></cmdctr-pareto>`,
        )}
        ${this.#panel(
          'ownership',
          'Ownership by workflow and type',
          html`<cmdctr-ownership
            label="Ownership by workflow and type"
            from=${from}
            to=${to}
          ></cmdctr-ownership>`,
        )}
        ${this.#panel(
          'approvals',
          'Approvals waiting',
          html`<cmdctr-approvals label="Approvals waiting"></cmdctr-approvals>`,
        )}
        <div part="panel wide" id="stale" tabindex="-1">
          <h3 id="stale-title">Stale exceptions</h3>
          ${this.#renderStaleFilter()}
          <cmdctr-stale-exceptions
            label="Stale exceptions"
            workflow=${filter?.workflow ?? nothing}
            type=${filter?.type ?? nothing}
            owner=${filter?.owner ?? nothing}
          ></cmdctr-stale-exceptions>
        </div>
        ${this.#panel(
          'automation',
          'Auto-resolve quality',
          html`<cmdctr-automation
            label="Auto-resolve quality"
            from=${from}
            to=${to}
          ></cmdctr-automation>`,
          true,
        )}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-command-center': CmdctrCommandCenter;
  }
}
