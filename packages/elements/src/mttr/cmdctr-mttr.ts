import { html, nothing, svg, type PropertyDeclarations, type TemplateResult } from 'lit';
import { MttrResponseSchema, type MttrResponse } from '@cmdctr/contract';
import {
  CmdctrElement,
  MetricController,
  ResizeController,
  Tooltip,
  chartPartStyles,
  exportChart,
  exportMenu,
  exportMenuStyles,
  factsTip,
  renderState,
  tooltipStyles,
} from '../base/index.js';
import { detachedTable, lazyTableRegion, tableDisclosure } from '../base/table-disclosure.js';
import { indexAt, mttrChart, windowLength, type MttrChart } from './mttr-chart.js';
import { mttrStyles } from './cmdctr-mttr.styles.js';

/** The miss marker: a diamond, so "over target" reads by shape as well as colour. */
const diamond = (x: number, y: number) => `M${x},${y - 5.5}l5.5,5.5l-5.5,5.5l-5.5,-5.5z`;

/**
 * Mean time to resolve exceptions per time bucket for the selected workflows (and, with `type`,
 * exception types): the mean as a line over the p50–p90 band, the MTTR SLO as a dashed line,
 * and one point per bucket — a filled circle where the mean meets the target, a hollow diamond
 * where it misses. Buckets without resolved exceptions are gaps, never zeros. The headline
 * states the server's change against the preceding window of the same length. Hovering, or the
 * arrow keys on the focused plot, show a bucket's mean, median, 90th percentile, count and
 * target state; a data table and CSV/SVG/PNG export are always available.
 *
 * @summary MTTR trend with p50–p90 band, SLO target and change against the previous period.
 *
 * @slot - Nothing is slotted; the element renders everything from the API.
 *
 * @csspart base - The region wrapping the element.
 * @csspart chart - The chart area (headline, toolbar, plot, table).
 * @csspart headline - The change against the previous period.
 * @csspart toolbar - The row above the plot: legend and actions.
 * @csspart legend - The key to line, band, target and point shapes.
 * @csspart table-toggle - The "Table" button (`aria-expanded` tells whether the table is open).
 * @csspart export-menu - The "Export" menu button (CSV, SVG and PNG).
 * @csspart export-menu-list - The export menu (in the top layer).
 * @csspart plot - The focusable plot (arrow keys move between buckets).
 * @csspart table - The data table, built only while "Table" is expanded.
 * @csspart tooltip - The bucket tooltip (in the top layer).
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-mttr-line-color - The mean line and band (default: the accent colour).
 * @cssproperty --cmdctr-mttr-band-opacity - Opacity of the p50–p90 band (default 0.2).
 * @cssproperty --cmdctr-mttr-target-color - The SLO target line.
 * @cssproperty --cmdctr-mttr-meets-color - Points whose mean meets the target (default: ok colour).
 * @cssproperty --cmdctr-mttr-misses-color - Points whose mean misses it (default: critical colour).
 * @cssproperty --cmdctr-color-ok - Headline colour of an improvement.
 * @cssproperty --cmdctr-color-critical - Headline colour of a deterioration.
 * @cssproperty --cmdctr-color-border - Grid lines and table borders.
 * @cssproperty --cmdctr-color-text-muted - Axis labels and legend.
 * @cssproperty --cmdctr-color-focus - Focus ring and focused point.
 *
 * @event cmdctr-error - A request failed (see the base element).
 */
export class CmdctrMttr extends CmdctrElement {
  static override styles = [
    CmdctrElement.styles,
    tooltipStyles,
    exportMenuStyles,
    chartPartStyles,
    mttrStyles,
  ];

  static override get properties(): PropertyDeclarations {
    return {
      type: {},
      label: {},
      chartHeight: { type: Number, attribute: 'chart-height' },
      tableOpen: { state: true },
      announcement: { state: true },
    };
  }

  /** Exception type code(s), comma-separated (e.g. `MISSING_PO,DATA_MISMATCH`); empty means all. */
  type?: string;

  /** Accessible name and table caption; defaults to "Mean time to resolve". */
  label?: string;

  /** Height of the plot in CSS pixels. */
  chartHeight = 240;

  private tableOpen = false;
  private announcement = '';

  readonly #metric = new MetricController<MttrResponse>(this, {
    path: '/v1/metrics/mttr',
    schema: MttrResponseSchema,
    query: () => this.query(),
    isEmpty: (d) => !d.count.some((c) => c > 0),
    metric: 'mttr',
  });
  readonly #resize = new ResizeController(this);
  readonly #tooltip = new Tooltip(this);
  readonly #menu = exportMenu(this, (kind) => {
    const d = this.#metric.data;
    if (!d) return;
    void exportChart(this, kind, {
      tag: 'mttr',
      from: d.meta.filters.from,
      to: d.meta.filters.to,
      // Every bucket, open or closed: the file never depends on what is on screen.
      table: () => detachedTable(this.#renderTable(d)),
      svg: () => this.renderRoot.querySelector<SVGSVGElement>('[part=plot] svg'),
    });
  });
  /**
   * The bucket under the pointer or the keyboard, or null. Not a reactive property: blur fires
   * as a focused element leaves the document, and an update while disconnected would restart
   * the data controller's stream subscription.
   */
  #active: number | null = null;
  #chart: MttrChart | undefined;
  #chartKey: unknown[] = [];
  #times: number[] = [];

  // ------------------------------------------------------------------ lifecycle

  protected override firstUpdated(): void {
    this.#tooltip.attach(this.renderRoot);
  }

  protected override updated(): void {
    // The plot's height is fixed, so redrawing it at a new width never resizes it again.
    this.#resize.observe(this.renderRoot.querySelector('[part=plot]') ?? this);
    // A live refresh redraws under an open tooltip: it follows the new figures.
    if (this.#active !== null && this.#tooltip.open) this.#show(this.#active, false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#active = null;
  }

  // ------------------------------------------------------------------ data

  /** Query sent to the API: the common filters plus the exception types. */
  protected query(): Record<string, string | undefined> {
    return { ...this.commonQuery(), type: this.type || undefined };
  }

  get #label(): string {
    return this.label || 'Mean time to resolve';
  }

  /** Label and value of each figure of bucket `i`, shared by tooltip, announcement and table. */
  #figures(d: MttrResponse, i: number): Array<[string, string]> {
    const fmt = this.fmt;
    const mean = d.mean[i];
    return [
      ['Mean', fmt.hours(mean)],
      ['Median (p50)', fmt.hours(d.p50[i])],
      ['90th percentile', fmt.hours(d.p90[i])],
      ['Resolved', fmt.number(d.count[i])],
      [
        'SLO',
        mean == null
          ? 'No resolved exceptions'
          : `${mean <= d.target ? 'Meets' : 'Misses'} ${fmt.hours(d.target)}`,
      ],
    ];
  }

  #range(i: number): string {
    const fmt = this.fmt;
    const end = this.#times[i + 1] ?? Date.parse(this.#metric.data?.bucketEnd ?? '');
    return `${fmt.dateTime(this.#times[i] ?? 0)} – ${fmt.dateTime(end)}`;
  }

  // ------------------------------------------------------------------ handlers

  #setActive(i: number | null): void {
    this.#active = i;
    if (this.isConnected) this.requestUpdate();
  }

  #show(i: number, draw = true): void {
    const d = this.#metric.data;
    const chart = this.#chart;
    const plot = this.renderRoot.querySelector('[part=plot]');
    if (!d || !chart || !plot || i < 0 || i >= chart.mids.length) return;
    if (draw) this.#setActive(i);
    const box = plot.getBoundingClientRect();
    const point = chart.points.find((p) => p.i === i);
    this.#tooltip.show(factsTip(this.#range(i), this.#figures(d, i)), {
      x: box.left + (chart.mids[i] ?? 0),
      y: box.top + (point?.y ?? chart.top),
    });
  }

  #hide(): void {
    this.#setActive(null);
    this.#tooltip.hide();
  }

  #onKey(event: KeyboardEvent): void {
    const last = this.#times.length - 1;
    const at = this.#active ?? last;
    const next = {
      ArrowLeft: at - 1,
      ArrowRight: at + 1,
      Home: 0,
      End: last,
    }[event.key];
    if (event.key === 'Escape') this.#hide();
    else if (next === undefined) return;
    else {
      const i = Math.max(0, Math.min(last, next));
      this.#show(i);
      const d = this.#metric.data;
      if (d)
        this.announcement = `${this.#range(i)}: ${this.#figures(d, i)
          .map((f) => f.join(' '))
          .join(', ')}`;
    }
    event.preventDefault();
  }

  #onPointer(event: PointerEvent): void {
    const chart = this.#chart;
    const box = (event.currentTarget as Element).getBoundingClientRect();
    if (chart) this.#show(indexAt(chart, event.clientX - box.left));
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    return renderState(this.#metric, {
      label: this.#label,
      emptyText: 'No exceptions were resolved in this range',
      fmt: this.fmt,
      content: (d) => this.#renderChart(d),
    });
  }

  #renderChart(d: MttrResponse): TemplateResult {
    const fmt = this.fmt;
    // Before the first observation the laid-out width stands in.
    const width = this.#resize.width || this.clientWidth;
    const key = [d, width, this.chartHeight, fmt];
    if (key.some((k, i) => k !== this.#chartKey[i])) {
      this.#times = d.buckets.map((b) => Date.parse(b));
      this.#chart =
        width > 0
          ? mttrChart(
              { ...d, times: this.#times, end: Date.parse(d.bucketEnd) },
              { width, height: this.chartHeight, timeZone: fmt.timeZone, locale: fmt.locale },
            )
          : undefined;
      this.#chartKey = key;
    }
    const chart = this.#chart;
    return html`<div part="chart" class="chart">
      ${this.#renderHeadline(d)}
      <div part="toolbar" class="toolbar">
        <ul part="legend" class="legend" aria-label="Key">
          <li>
            <svg width="24" height="12" aria-hidden="true">
              <rect class="band" y="1" width="24" height="10"></rect>
              <line class="mean" x2="24" y1="6" y2="6"></line>
            </svg>
            Mean, p50–p90 band
          </li>
          <li>
            <svg width="24" height="12" aria-hidden="true">
              <line class="target" x2="24" y1="6" y2="6" stroke-dasharray="6 4"></line>
            </svg>
            SLO ${fmt.hours(d.target)}
          </li>
          <li>
            <svg width="12" height="12" aria-hidden="true">
              <circle class="meets" cx="6" cy="6" r="4"></circle>
            </svg>
            Meets
          </li>
          <li>
            <svg width="14" height="14" aria-hidden="true">
              <path class="misses" d=${diamond(7, 7)}></path>
            </svg>
            Misses
          </li>
        </ul>
        <div class="actions">
          ${tableDisclosure(this.tableOpen, () => (this.tableOpen = !this.tableOpen), 'table')}
          ${this.#menu(['csv', 'svg', 'png'])}
        </div>
      </div>
      <div
        part="plot"
        class="plot"
        tabindex="0"
        role="group"
        aria-label=${`${this.#label}, chart`}
        aria-describedby="help"
        @keydown=${(e: KeyboardEvent) => this.#onKey(e)}
        @focus=${() => this.#show(this.#active ?? this.#times.length - 1)}
        @blur=${() => this.#hide()}
        @pointermove=${(e: PointerEvent) => this.#onPointer(e)}
        @pointerleave=${() => this.#hide()}
      >
        ${chart ? this.#renderSvg(chart, d) : nothing}
      </div>
      <p id="help" class="visually-hidden">
        Left and right arrow keys move between buckets, Home and End jump to the first and last. The
        Table button shows the data as a table.
      </p>
      ${lazyTableRegion(
        this.tableOpen,
        'Data table',
        'table',
        // Rows only while open: unseen, they cost every live update.
        this.tableOpen ? this.#renderTable(d) : nothing,
      )}
      <div class="visually-hidden" role="status">${this.announcement}</div>
    </div>`;
  }

  #renderTable(d: MttrResponse): TemplateResult {
    const fmt = this.fmt;
    return html`<table part="table">
      <caption>
        ${this.#label}
      </caption>
      <thead>
        <tr>
          <th scope="col">Bucket start</th>
          ${this.#figures(d, 0).map(([k]) => html`<th scope="col">${k}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${this.#times.map(
          (t, i) =>
            html`<tr>
              <th scope="row">${fmt.dateTime(t)}</th>
              ${this.#figures(d, i).map(([, v]) => html`<td>${v}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #renderHeadline(d: MttrResponse): TemplateResult {
    const fmt = this.fmt;
    const { ratio, previousMean } = d.change;
    const { from, to } = d.meta.filters;
    const [n, unit] = windowLength(from, to);
    const period = `previous ${new Intl.NumberFormat(fmt.locale, {
      style: 'unit',
      unit,
      unitDisplay: 'long',
    }).format(n)}`;
    if (ratio == null)
      return html`<p part="headline" class="headline">No mean MTTR to compare in the ${period}</p>`;
    const trend = ratio < 0 ? 'better' : ratio > 0 ? 'worse' : '';
    return html`<p part="headline" class="headline">
      <span class=${trend}>${fmt.change(ratio).replace('-', '−')}</span> vs ${period}
      <small
        >${ratio < 0 ? 'Resolved faster. ' : ratio > 0 ? 'Resolved slower. ' : ''}Previous mean
        ${fmt.hours(previousMean)}</small
      >
    </p>`;
  }

  #renderSvg(c: MttrChart, d: MttrResponse): TemplateResult {
    const fmt = this.fmt;
    const active = this.#active;
    const ax = active !== null ? c.mids[active] : undefined;
    const ring = c.points.find((p) => p.i === active);
    return html`<svg width=${c.width} height=${c.height} aria-hidden="true">
      ${c.yTicks.map(
        (t) =>
          svg`<line class="grid" x1=${c.left} x2=${c.right} y1=${t.at} y2=${t.at}></line>
            <text class="axis" x=${c.left - 6} y=${t.at} text-anchor="end" dominant-baseline="middle">${t.value ? fmt.hours(t.value) : 0}</text>`,
      )}
      ${c.xTicks.map(
        (t) =>
          svg`<text class="axis ${t.major ? 'major' : ''}" x=${t.x} y=${c.bottom + 16} text-anchor="middle">${t.label}</text>`,
      )}
      <path class="band" d=${c.band}></path>
      <path class="mean" d=${c.mean}></path>
      <line
        class="target"
        x1=${c.left}
        x2=${c.right}
        y1=${c.targetY}
        y2=${c.targetY}
        stroke-dasharray="6 4"
      ></line>
      <text class="target" x=${c.right - 4} y=${c.targetY - 5} text-anchor="end">
        SLO ${fmt.hours(d.target)}
      </text>
      ${
        ax !== undefined
          ? svg`<line class="crosshair" x1=${ax} x2=${ax} y1=${c.top} y2=${c.bottom}></line>`
          : nothing
      }
      ${c.points.map((p) =>
        p.meets
          ? svg`<circle class="meets" cx=${p.x} cy=${p.y} r="4"></circle>`
          : svg`<path class="misses" d=${diamond(p.x, p.y)}></path>`,
      )}
      ${ring ? svg`<circle class="ring" cx=${ring.x} cy=${ring.y} r="9"></circle>` : nothing}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-mttr': CmdctrMttr;
  }
}
