import { html, nothing, svg, type PropertyDeclarations, type TemplateResult } from 'lit';
import { KpiResponseSchema, type components } from '@cmdctr/contract';
import { CmdctrElement, MetricController, emit, renderState } from '../base/index.js';
import { SPARK_HEIGHT, SPARK_WIDTH, readChange, seriesFacts, sparkline } from './kpi-chart.js';
import { kpiStyles } from './cmdctr-kpi.styles.js';

type KpiResponse = components['schemas']['KpiResponse'];
type Kpi = components['schemas']['Kpi'];
/** The figures the contract knows: `exceptionRate`, `autoResolveSuccess`, `ownershipCoverage`, `throughputVsSlo`, `mttr`. */
export type KpiId = Kpi['id'];

/** Names while loading or failing, before the server's `label` is known. */
const NAMES: Record<KpiId, string> = {
  exceptionRate: 'Exception rate',
  autoResolveSuccess: 'Auto-resolve success',
  ownershipCoverage: 'Ownership coverage',
  throughputVsSlo: 'Throughput vs SLO',
  mttr: 'Mean time to resolve',
};
const STATUS_WORDS = { ok: 'OK', warn: 'Warn', critical: 'Critical' } as const;
/** Shapes differ per status so the state reads without colour: circle, triangle, diamond. */
const STATUS_SHAPES = {
  ok: svg`<circle cx="6" cy="6" r="5"></circle>`,
  warn: svg`<path d="M6 .5 11.5 11H.5Z"></path>`,
  critical: svg`<path d="M6 0 12 6 6 12 0 6Z"></path>`,
} as const;
const ARROWS = { up: '↑', down: '↓', flat: '→' } as const;

/**
 * One headline figure of the command center as a compact tile: the value (percent or a humane
 * duration), its status against the policy in words, shape and colour, the change against the
 * previous period read as better or worse from the figure's own `better` direction, the
 * thresholds or target in small text and a sparkline over the window. Made for rows of tiles
 * (160–320 px each); tiles with the same filters share one request. The whole reading is the
 * tile's accessible name and the sparkline has a sentence for screen readers. Clicking the tile,
 * or Enter/Space on it, asks the page to drill into the figure.
 *
 * @summary A KPI tile: value, status, change against the previous period and a sparkline.
 *
 * @slot - Nothing: the tile draws only what the API sends.
 *
 * @csspart base - The region wrapping the tile (also the frame of the loading, empty and error states).
 * @csspart tile - The focusable tile (`role="group"`), clicked or activated to drill down.
 * @csspart label - The figure's name.
 * @csspart status - The status word with its shape (absent when the server judges no status).
 * @csspart value - The figure.
 * @csspart change - The change against the previous period.
 * @csspart references - The thresholds or target, in small text.
 * @csspart sparkline - The sparkline SVG.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-kpi-sparkline-color - The sparkline and its end dot (default: accent).
 * @cssproperty --cmdctr-kpi-min-width - Smallest width of a tile (default 160px).
 * @cssproperty --cmdctr-color-ok - Status colour and a better change.
 * @cssproperty --cmdctr-color-warn - Status colour and the warn line of the sparkline.
 * @cssproperty --cmdctr-color-critical - Status colour, a worse change and the critical line.
 * @cssproperty --cmdctr-color-border - Tile border.
 * @cssproperty --cmdctr-color-text-muted - Label, references and target line.
 * @cssproperty --cmdctr-color-focus - Focus ring.
 *
 * @event cmdctr-drill - The tile was clicked or activated with Enter/Space. Cancelable (the tile
 * has no default action; cancelling tells other listeners it was handled). `detail`:
 * `{ kpi, rowDimension: 'kpi', rowKey: kpi, workflow, range, from, to }` — the figure's id, the
 * workflow filter in force (comma-separated, `null` for all), the relative range (`null` when
 * from/to apply) and the window the server answered for (RFC 3339, `to` exclusive).
 * @event cmdctr-error - A request failed (see the base element).
 */
export class CmdctrKpi extends CmdctrElement {
  static override styles = [CmdctrElement.styles, kpiStyles];

  static override get properties(): PropertyDeclarations {
    return {
      kpi: {},
      label: {},
    };
  }

  /**
   * Which figure the tile shows: `exceptionRate`, `autoResolveSuccess`, `ownershipCoverage`,
   * `throughputVsSlo` or `mttr`. Tiles differing only in this share one request.
   */
  kpi: KpiId = 'exceptionRate';

  /** Overrides the figure's name (from the server) in the tile and its accessible name. */
  label?: string;

  private readonly metric = new MetricController<KpiResponse>(this, {
    path: '/v1/metrics/kpis',
    schema: KpiResponseSchema,
    // Deliberately nothing per tile in the query: every tile of a page asks the same URL and the
    // client answers them all from one request.
    query: () => this.commonQuery(),
    isEmpty: (d) => d.kpis.every((k) => k.value === null && k.sparkline.every((v) => v === null)),
    metric: 'kpis',
  });

  // ------------------------------------------------------------------ handlers

  #drill(data: KpiResponse): void {
    const { from, to } = data.meta.filters;
    emit(
      this,
      'cmdctr-drill',
      {
        kpi: this.kpi,
        rowDimension: 'kpi',
        rowKey: this.kpi,
        workflow: this.config.workflow || null,
        range: this.commonQuery().range ?? null,
        from,
        to,
      },
      { cancelable: true },
    );
  }

  #onKeyDown(event: KeyboardEvent, data: KpiResponse): void {
    if ((event.key !== 'Enter' && event.key !== ' ') || event.repeat) return;
    // Space would scroll the page, as on a button.
    event.preventDefault();
    this.#drill(data);
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    const entry = this.metric.data?.kpis.find((k) => k.id === this.kpi);
    return renderState(this.metric, {
      label: this.#name(entry),
      emptyText: 'No figures in this range',
      fmt: this.fmt,
      content: (data) =>
        entry
          ? this.#renderTile(data, entry)
          : html`<p part="empty" class="empty" role="status">
              No figure “${this.kpi}” in the server's answer
            </p>`,
    });
  }

  #name(entry: Kpi | undefined): string {
    return this.label || entry?.label || NAMES[this.kpi] || this.kpi;
  }

  /** The unit's formatting: ratios as percent, hours as a humane duration. */
  #format(entry: Kpi, value: number | null): string {
    return entry.unit === 'ratio' ? this.fmt.percent(value) : this.fmt.hours(value);
  }

  #renderTile(data: KpiResponse, entry: Kpi): TemplateResult {
    const fmt = this.fmt;
    const name = this.#name(entry);
    const ratio = entry.unit === 'ratio';
    const value = this.#format(entry, entry.value);
    // The smallest change the tile can show: 0.05 points, or half a minute.
    const read = readChange(entry.change, entry.better, ratio ? 0.0005 : 1 / 120);
    const size =
      entry.change === null
        ? ''
        : ratio
          ? `${fmt.number(Math.abs(entry.change) * 100, 1)} pts`
          : fmt.hours(Math.abs(entry.change));
    const changeText = !read
      ? 'no previous period to compare'
      : read.direction === 'flat'
        ? 'unchanged'
        : `${read.direction} ${size}, ${read.verdict}`;
    const refs = [
      // A warn threshold that is the target itself reads better once, as the target.
      entry.warn !== null && entry.warn !== entry.target
        ? `warn ${this.#format(entry, entry.warn)}`
        : '',
      entry.critical !== null ? `critical ${this.#format(entry, entry.critical)}` : '',
      entry.target !== null ? `target ${this.#format(entry, entry.target)}` : '',
    ].filter(Boolean);
    const status = entry.status;
    const reading =
      `${name}: ${entry.value === null ? 'no data' : value}` +
      `${status ? `, ${STATUS_WORDS[status]}` : ''}. ` +
      `${changeText}${read ? ` on the previous period (${this.#format(entry, entry.previous)})` : ''}.` +
      `${refs.length ? ` ${refs.join(', ')}.` : ''}`;
    return html`<div
      part="tile"
      class="tile ${status ?? 'none'}"
      role="group"
      tabindex="0"
      aria-label=${reading}
      aria-describedby="trend hint"
      @click=${() => this.#drill(data)}
      @keydown=${(e: KeyboardEvent) => this.#onKeyDown(e, data)}
    >
      <div class="head">
        <span part="label" class="label" dir="auto" title=${name}>${name}</span>
        ${
          status
            ? html`<span part="status" class="status">
                <svg viewBox="0 0 12 12" aria-hidden="true">${STATUS_SHAPES[status]}</svg>
                ${STATUS_WORDS[status]}
              </span>`
            : nothing
        }
      </div>
      <div class="main">
        <div part="value" class="value">${value}</div>
        ${this.#renderSparkline(data, entry)}
      </div>
      <div part="change" class="change ${read?.verdict ?? 'none'}">
        ${read ? html`<span aria-hidden="true">${ARROWS[read.direction]}</span>` : nothing}
        ${changeText}<span class="vs"> vs previous</span>
      </div>
      ${refs.length ? html`<div part="references" class="refs">${refs.join(' · ')}</div>` : nothing}
      <p id="hint" class="visually-hidden">Press Enter for details.</p>
    </div>`;
  }

  #renderSparkline(data: KpiResponse, entry: Kpi): TemplateResult {
    const values = entry.sparkline;
    const spark = sparkline(values, [...new Set([entry.warn, entry.critical, entry.target])]);
    const facts = seriesFacts(values);
    const fmt = this.fmt;
    const at = (i: number) => {
      const start = data.buckets[i];
      return start ? fmt.bucketLabel(start, data.bucket) : '';
    };
    const point = (i: number) => `${this.#format(entry, values[i] ?? null)} (${at(i)})`;
    const trend =
      facts.first < 0
        ? 'No figures per bucket in this range.'
        : `Per ${data.bucket}: ${point(facts.first)} at the start, ${point(facts.last)} at the end, ` +
          `lowest ${point(facts.min)}, highest ${point(facts.max)}` +
          `${facts.gaps ? `; ${fmt.number(facts.gaps)} of ${fmt.number(values.length)} without data` : ''}.`;
    const refClass = (value: number) =>
      value === entry.critical ? 'critical' : value === entry.warn ? 'warn' : 'target';
    return html`<svg
        part="sparkline"
        class="spark"
        viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}"
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        ${spark.refs.map(
          (r) =>
            svg`<line class="ref ${refClass(r.value)}" x1="0" x2=${SPARK_WIDTH} y1=${r.y} y2=${r.y}></line>`,
        )}
        <path class="line" d=${spark.line || nothing}></path>
        <path class="dots" d=${spark.dots || nothing}></path>
        ${spark.last ? svg`<path class="end" d="M${spark.last.x},${spark.last.y}h0"></path>` : nothing}
      </svg>
      <p id="trend" class="visually-hidden">${trend}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-kpi': CmdctrKpi;
  }
}
