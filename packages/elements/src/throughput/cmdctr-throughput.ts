import {
  html,
  nothing,
  render,
  svg,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { guard } from 'lit/directives/guard.js';
import { ThroughputResponseSchema, type ThroughputResponse } from '@cmdctr/contract';
import {
  CmdctrElement,
  chartPartStyles,
  exportMenu,
  MetricController,
  ResizeController,
  Tooltip,
  emit,
  exportChart,
  exportMenuStyles,
  renderState,
  resolveTokens,
  tooltipStyles,
  type ExportKind,
} from '../base/index.js';
import { detachedTable, lazyTableRegion, tableDisclosure } from '../base/table-disclosure.js';
import {
  BACKLOG_DASH,
  CANVAS_OPTIONS,
  PREVIOUS_DASH,
  SERIES_DASHES,
  TARGET_DASH,
  ThroughputModel,
  computeLayout,
  drawCanvas,
  parseTimes,
  snapToBuckets,
  svgPaths,
  totals,
  zoomDomain,
  type Layout,
  type ThroughputMode,
} from './throughput-chart.js';
import { SERIES_TOKENS, throughputStyles } from './cmdctr-throughput.styles.js';

export type ThroughputGroupBy = ThroughputResponse['groupBy'];

/** Legend keys of the overlays, outside the series key space (series keys are ids and codes). */
const BACKLOG = ' backlog';
const PREVIOUS = ' previous';
/** The data table lists at most this many buckets (the latest in view): beyond, zoom in. */
const TABLE_ROWS = 400;
/** A drag shorter than this is a click, not a brush. */
const BRUSH_MIN_PX = 6;

const dashArray = (dash: readonly number[]) => (dash.length ? dash.join(' ') : nothing);
/** Colour class and dash pattern of the series at index `i` of the response. */
const seriesClass = (i: number) => `s${(i % 8) + 1}`;
const seriesDash = (i: number) => SERIES_DASHES[i % SERIES_DASHES.length] ?? [];
/** A line sample in a series' colour and dash, for the legend and the tooltip. */
const swatch = (cls: string, width: number, height: number, dash: readonly number[]) =>
  html`<svg class="swatch ${cls}" width=${width} height=${height} aria-hidden="true">
    <line
      x1="0"
      y1=${height / 2}
      x2=${width}
      y2=${height / 2}
      stroke-dasharray=${dashArray(dash)}
    ></line>
  </svg>`;

let instances = 0;

let colorContext: CanvasRenderingContext2D | null | undefined;
/** Any CSS colour the page uses (oklch(), system colours, …) in a form the canvas accepts. */
function canvasColor(value: string, fallback: string): string {
  colorContext ??= document.createElement('canvas').getContext('2d');
  if (!colorContext || !value) return fallback;
  colorContext.fillStyle = fallback;
  colorContext.fillStyle = value;
  return colorContext.fillStyle;
}

/**
 * Completed items per time bucket, split by stage, region or workflow, as stacked areas or lines;
 * with the throughput SLO target, the open backlog on a second axis and, with `compare`, the
 * previous period as a dashed line. The legend switches series on and off; hovering shows every
 * series at that time; dragging across the plot (or `+`, `−`, arrows and Escape on the focused
 * plot) zooms the time axis and emits the chosen range. Long series (a year of hours) draw on a
 * canvas from per-pixel-column downsampling; the "Table" button opens a data table of the buckets
 * in view (built only while open: at a year of hours it would cost more than the chart).
 *
 * @summary Throughput over time by stage, region or workflow, against the SLO, with backlog.
 *
 * @csspart base - The region wrapping the element.
 * @csspart chart - The chart area (toolbar, plot, table).
 * @csspart toolbar - The row above the plot: legend and actions.
 * @csspart legend - The group of series toggle buttons.
 * @csspart legend-item - One series toggle button (`aria-pressed` tells whether it is shown).
 * @csspart table-toggle - The "Table" button (`aria-expanded` tells whether the table is open).
 * @csspart export-menu - The "Export" menu button (CSV, SVG and PNG of the current view).
 * @csspart export-menu-list - The export menu (in the top layer).
 * @csspart reset-zoom - The "Reset zoom" button, present while zoomed.
 * @csspart plot - The focusable plot surface (keyboard zoom and pan).
 * @csspart canvas - The canvas the series are drawn on above `canvas-threshold` points.
 * @csspart table - The data table (in the DOM only while "Table" is expanded).
 * @csspart tooltip - The crosshair tooltip (in the top layer).
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-color-series-1 - Colour of the first series (Okabe–Ito blue); 2 to 8 follow.
 * @cssproperty --cmdctr-color-series-2 - Colour of the second series (orange).
 * @cssproperty --cmdctr-color-series-3 - Colour of the third series (bluish green).
 * @cssproperty --cmdctr-color-series-4 - Colour of the fourth series (reddish purple).
 * @cssproperty --cmdctr-color-series-5 - Colour of the fifth series (vermillion).
 * @cssproperty --cmdctr-color-series-6 - Colour of the sixth series (purple).
 * @cssproperty --cmdctr-color-series-7 - Colour of the seventh series (olive yellow).
 * @cssproperty --cmdctr-color-series-8 - Colour of the eighth series (grey).
 * @cssproperty --cmdctr-throughput-backlog-color - The open-backlog line.
 * @cssproperty --cmdctr-throughput-previous-color - The previous-period line.
 * @cssproperty --cmdctr-throughput-target-color - The SLO target line.
 * @cssproperty --cmdctr-throughput-fill-opacity - Opacity of the stacked areas (default 0.3).
 * @cssproperty --cmdctr-color-border - Grid lines and table borders.
 * @cssproperty --cmdctr-color-text-muted - Axis labels.
 * @cssproperty --cmdctr-color-accent - Brush selection and pressed toggles.
 * @cssproperty --cmdctr-color-focus - Focus ring.
 *
 * @event cmdctr-range-change - The visible time range changed by brushing, keyboard zoom or
 * reset. `detail`: `{ from, to }` as RFC 3339 instants, snapped to bucket edges (`to` exclusive).
 * @event cmdctr-error - A request failed (see the base element).
 */
export class CmdctrThroughput extends CmdctrElement {
  static override styles = [
    CmdctrElement.styles,
    tooltipStyles,
    exportMenuStyles,
    chartPartStyles,
    throughputStyles,
  ];

  static override get properties(): PropertyDeclarations {
    return {
      mode: { reflect: true },
      groupBy: { attribute: 'group-by' },
      compare: { type: Boolean },
      canvasThreshold: { type: Number, attribute: 'canvas-threshold' },
      chartHeight: { type: Number, attribute: 'chart-height' },
      label: {},
      off: { state: true },
      tableOpen: { state: true },
      zoom: { state: true },
      hoverIndex: { state: true },
      brush: { state: true },
      announcement: { state: true },
    };
  }

  /** `area` draws stacked areas (the total reads at the top); `line` draws one line per series. */
  mode: ThroughputMode = 'area';

  /** Dimension that splits completed items into series: `stage`, `region` or `workflow`. */
  groupBy: ThroughputGroupBy = 'workflow';

  /** Also fetch the previous period of the same length and draw its total as a dashed line. */
  compare = false;

  /** Above this many drawn points (buckets × lines) the series are painted on a canvas. */
  canvasThreshold = 4000;

  /** Height of the plot in CSS pixels. */
  chartHeight = 280;

  /** Accessible name and table caption; defaults to "Throughput by <group-by>". */
  label?: string;

  private off = new Set<string>();
  private tableOpen = false;
  private zoom: readonly [number, number] | null = null;
  private hoverIndex: number | null = null;
  private brush: readonly [number, number] | null = null;
  private announcement = '';

  private readonly metric = new MetricController<ThroughputResponse>(this, {
    path: '/v1/metrics/throughput',
    schema: ThroughputResponseSchema,
    query: () => ({
      ...this.commonQuery(),
      groupBy: this.groupBy,
      compare: this.compare ? 'previous' : undefined,
    }),
    isEmpty: (d) => d.buckets.length === 0 || !d.series.some((s) => s.values.some((v) => v > 0)),
    metric: 'throughput',
  });
  readonly #resize = new ResizeController(this);
  readonly #tooltip = new Tooltip(this);
  readonly #menu = exportMenu(this, (kind) => void this.#export(kind));
  readonly #model = new ThroughputModel();
  #modelKey = '';
  #modelSource: ThroughputResponse | undefined;
  #times = new Float64Array(0);
  #layout: Layout | undefined;
  #layoutKey = '';
  #painted: Layout | undefined;
  #pointerId: number | null = null;
  readonly #tableId = `throughput-${++instances}-table`;

  // ------------------------------------------------------------------ lifecycle

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Drop the typed arrays of a year of hours with the element, not with the page.
    this.#model.setData({ times: [], end: 0, series: [] }, this.mode);
    this.#modelSource = undefined;
    this.#modelKey = '';
    this.#layout = undefined;
    this.#layoutKey = '';
    this.#painted = undefined;
    this.#pointerId = null;
    this.hoverIndex = null;
    this.brush = null;
  }

  protected override firstUpdated(): void {
    this.#tooltip.attach(this.renderRoot);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('groupBy')) {
      // Series keys of another dimension have nothing to do with the hidden ones.
      this.off = new Set([...this.off].filter((k) => k === BACKLOG || k === PREVIOUS));
    }
    this.#prepare();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // CSSOM, not a style attribute: a strict style-src policy blocks the latter.
    this.renderRoot
      .querySelector<HTMLElement>('[part=plot]')
      ?.style.setProperty('height', `${this.chartHeight}px`);
    const layout = this.#layout;
    if (!layout || !this.#usesCanvas() || this.metric.status !== 'ready') {
      this.#painted = undefined;
      return;
    }
    // Hover and brush only touch the SVG overlay; the canvas is repainted when the layout changes.
    if (this.#painted === layout) return;
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas');
    const ctx = canvas?.getContext('2d', CANVAS_OPTIONS);
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(layout.width * ratio);
    const height = Math.round(layout.height * ratio);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    canvas.style.setProperty('width', `${layout.width}px`);
    canvas.style.setProperty('height', `${layout.height}px`);
    const tokens = resolveTokens(this, [...SERIES_TOKENS, '--_previous', '--_backlog']);
    const visible = this.#visibleSeriesIndices();
    drawCanvas(ctx, this.#model, layout, {
      colors: visible.map((i) => canvasColor(tokens[i % SERIES_TOKENS.length] ?? '', '#0072b2')),
      dashes: visible.map(seriesDash),
      previous: canvasColor(tokens[SERIES_TOKENS.length] ?? '', '#57606a'),
      backlog: canvasColor(tokens[SERIES_TOKENS.length + 1] ?? '', '#57606a'),
      fill: !matchMedia('(forced-colors: active)').matches,
      fillOpacity: 0.3,
      pixelRatio: ratio,
    });
    this.#painted = layout;
  }

  // ------------------------------------------------------------------ data

  /** Model and layout follow data, legend, mode, size and zoom; each is rebuilt only on change. */
  #prepare(): void {
    const data = this.metric.status === 'ready' ? this.metric.data : undefined;
    if (!data) {
      this.#layout = undefined;
      return;
    }
    if (data !== this.#modelSource) this.#times = parseTimes(data.buckets);
    const modelKey = `${this.mode}|${[...this.off].join(',')}`;
    if (data !== this.#modelSource || modelKey !== this.#modelKey) {
      const visible = data.series.filter((s) => !this.off.has(s.key));
      const keys = new Set(visible.map((s) => s.key));
      const previous =
        data.previous && !this.off.has(PREVIOUS)
          ? totals(
              data.previous.series.filter((s) => keys.has(s.key)),
              data.buckets.length,
            )
          : null;
      this.#model.setData(
        {
          times: this.#times,
          end: Date.parse(data.bucketEnd),
          series: visible,
          previous,
          backlog: this.off.has(BACKLOG) ? null : data.backlog.values,
          target: data.target.perBucket > 0 ? data.target.perBucket : null,
        },
        this.mode,
      );
      this.#modelSource = data;
      this.#modelKey = modelKey;
      this.#layoutKey = '';
    }
    // Before the first observation (or in a background tab, where observers wait for frames)
    // the laid-out width stands in.
    const width = this.#resize.width || this.clientWidth;
    if (width <= 0) {
      this.#layout = undefined;
      return;
    }
    const { locale, timeZone } = this.fmt;
    const layoutKey = `${width}|${this.chartHeight}|${this.zoom?.join('-') ?? ''}|${locale}|${timeZone}`;
    if (layoutKey !== this.#layoutKey) {
      this.#layout = computeLayout(this.#model, {
        width,
        height: this.chartHeight,
        mode: this.mode,
        timeZone,
        locale,
        domain: this.zoom,
      });
      this.#layoutKey = layoutKey;
    }
  }

  #usesCanvas(): boolean {
    const lines = this.#model.seriesCount + (this.#model.hasPrevious ? 1 : 0) + 1;
    return this.#model.n * lines > this.canvasThreshold;
  }

  #visibleSeriesIndices(): number[] {
    const series = this.metric.data?.series ?? [];
    return series.flatMap((s, i) => (this.off.has(s.key) ? [] : [i]));
  }

  #fullDomain(): readonly [number, number] {
    return [this.#model.times[0] ?? 0, this.#model.end];
  }

  // ------------------------------------------------------------------ handlers

  #toggle(key: string): void {
    const hidden = new Set(this.off);
    if (hidden.has(key)) hidden.delete(key);
    else hidden.add(key);
    this.off = hidden;
  }

  #setZoom(domain: readonly [number, number] | null): void {
    const full = this.#fullDomain();
    const isFull = !domain || (domain[0] <= full[0] && domain[1] >= full[1]);
    const next = isFull ? null : domain;
    const before = this.zoom ?? full;
    const after = next ?? full;
    if (before[0] === after[0] && before[1] === after[1]) return;
    this.zoom = next;
    const range = snapToBuckets(this.#model, after[0], after[1] - 1);
    const from = new Date(range.from).toISOString();
    const to = new Date(range.to).toISOString();
    this.announcement = next
      ? `Showing ${this.fmt.dateTime(range.from)} to ${this.fmt.dateTime(range.to)}`
      : 'Showing the whole range';
    emit(this, 'cmdctr-range-change', { from, to });
  }

  async #export(kind: ExportKind): Promise<void> {
    const data = this.metric.data;
    const layout = this.#layout;
    if (!data || !layout) return;
    const range = this.zoom?.map((t) => new Date(t).toISOString()) ?? [
      data.meta.filters.from,
      data.meta.filters.to,
    ];
    let scratch: HTMLElement | undefined;
    try {
      await exportChart(this, kind, {
        tag: 'throughput',
        from: range[0] ?? '',
        to: range[1] ?? '',
        // Every bucket in view, past the on-screen cap, whether the table is open or not.
        table: () => detachedTable(this.#renderTable(data, true)),
        svg: () => {
          if (!this.#usesCanvas())
            return this.renderRoot.querySelector<SVGSVGElement>('svg.overlay');
          // Canvas mode keeps only axes in the SVG: draw the series as paths once, for the file,
          // in a hidden scratch node inside the shadow root so the element's styles apply.
          scratch = document.createElement('div');
          scratch.className = `${this.mode} visually-hidden`;
          this.renderRoot.appendChild(scratch);
          render(this.#renderSvg(layout, false), scratch);
          return scratch.querySelector('svg');
        },
      });
    } finally {
      scratch?.remove();
    }
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    const full = this.#fullDomain();
    const current = this.zoom ?? full;
    // Never closer than two buckets: one bucket fills the plot with a single point.
    const minSpan = ((full[1] - full[0]) / Math.max(1, this.#model.n)) * 2;
    let next: readonly [number, number] | null | undefined;
    switch (event.key) {
      case '+':
      case '=':
        next = zoomDomain(current, full, { zoom: 0.5 }, minSpan);
        break;
      case '-':
      case '_':
      case '−':
        next = zoomDomain(current, full, { zoom: 2 }, minSpan);
        break;
      case 'ArrowLeft':
        next = zoomDomain(current, full, { pan: -0.2 });
        break;
      case 'ArrowRight':
        next = zoomDomain(current, full, { pan: 0.2 });
        break;
      case 'Escape':
        if (!this.zoom) return;
        next = null;
        break;
      default:
        return;
    }
    event.preventDefault();
    this.#setZoom(next);
  };

  #plotX(event: PointerEvent): number {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return event.clientX - box.left;
  }

  #onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 || !this.#layout) return;
    const x = this.#plotX(event);
    const { plot } = this.#layout;
    if (x < plot.left || x > plot.left + plot.width) return;
    this.#pointerId = event.pointerId;
    try {
      // Keeps the brush going when the pointer leaves the plot mid-drag.
      (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    } catch {
      // Synthetic pointers (tests, assistive tech) have no capture to take.
    }
    this.brush = [x, x];
  };

  #onPointerMove = (event: PointerEvent): void => {
    const layout = this.#layout;
    if (!layout) return;
    const { plot } = layout;
    const x = Math.max(plot.left, Math.min(plot.left + plot.width, this.#plotX(event)));
    if (this.brush && event.pointerId === this.#pointerId) this.brush = [this.brush[0], x];
    const index = this.#model.indexAt(layout.x.invert(x));
    if (index !== this.hoverIndex) this.hoverIndex = index;
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const at = layout.x(this.#model.mid[index] ?? 0);
    this.#tooltip.show(this.#renderTooltip(index), {
      x: box.left + at,
      y: event.clientY - 8,
      width: 1,
    });
  };

  #onPointerUp = (event: PointerEvent): void => {
    const brush = this.brush;
    const layout = this.#layout;
    if (!brush || event.pointerId !== this.#pointerId || !layout) return;
    this.#pointerId = null;
    this.brush = null;
    if (Math.abs(brush[1] - brush[0]) < BRUSH_MIN_PX) return;
    const range = snapToBuckets(this.#model, layout.x.invert(brush[0]), layout.x.invert(brush[1]));
    this.#setZoom([range.from, range.to]);
  };

  #onPointerLeave = (): void => {
    if (this.#pointerId !== null) return;
    this.hoverIndex = null;
    this.#tooltip.hide();
  };

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    return renderState(this.metric, {
      label: this.#accessibleName(),
      emptyText: 'No completed items in this range',
      fmt: this.fmt,
      content: (data) => this.#renderChart(data),
    });
  }

  #accessibleName(): string {
    return this.label ?? `Throughput by ${this.groupBy}`;
  }

  #renderChart(data: ThroughputResponse): TemplateResult {
    const layout = this.#layout;
    const canvas = this.#usesCanvas();
    return html`<div part="chart" class="chart">
      <div part="toolbar" class="toolbar">
        ${this.#renderLegend(data)}
        <div class="actions">
          ${
            this.zoom
              ? html`<button part="reset-zoom" type="button" @click=${() => this.#setZoom(null)}>
                  Reset zoom
                </button>`
              : nothing
          }
          ${tableDisclosure(this.tableOpen, () => (this.tableOpen = !this.tableOpen), this.#tableId)}
          ${this.#menu(['csv', 'svg', 'png'])}
        </div>
      </div>
      <div
        part="plot"
        class="plot ${this.mode}"
        tabindex="0"
        role="group"
        aria-label=${`${this.#accessibleName()}, chart`}
        aria-describedby="help"
        @keydown=${this.#onKeyDown}
        @pointerdown=${this.#onPointerDown}
        @pointermove=${this.#onPointerMove}
        @pointerup=${this.#onPointerUp}
        @pointercancel=${this.#onPointerUp}
        @pointerleave=${this.#onPointerLeave}
      >
        ${canvas ? html`<canvas part="canvas" aria-hidden="true"></canvas>` : nothing}
        ${layout ? this.#renderSvg(layout, canvas) : nothing}
      </div>
      <p id="help" class="visually-hidden">
        Press plus or minus to zoom the time axis, the arrow keys to move along it and Escape to
        reset. The Table button shows the data as a table after the chart.
      </p>
      ${lazyTableRegion(
        this.tableOpen,
        'Data table',
        this.#tableId,
        this.tableOpen
          ? html`${guard([data, this.zoom, this.fmt], () => this.#renderTable(data))}`
          : nothing,
      )}
      <div class="visually-hidden" role="status">${this.announcement}</div>
    </div>`;
  }

  #renderLegend(data: ThroughputResponse): TemplateResult {
    const item = (key: string, label: string, cls: string, dash: readonly number[]) => {
      const shown = !this.off.has(key);
      return html`<button
        part="legend-item"
        type="button"
        class=${cls}
        aria-pressed=${shown ? 'true' : 'false'}
        @click=${() => this.#toggle(key)}
      >
        ${swatch('', 24, 10, dash)}<span class="label" dir="auto" title=${label}>${label}</span>
      </button>`;
    };
    return html`<div part="legend" class="legend" role="group" aria-label="Series">
      ${data.series.map((s, i) => item(s.key, s.label, seriesClass(i), seriesDash(i)))}
      ${data.previous ? item(PREVIOUS, 'Previous period', 'previous', PREVIOUS_DASH) : nothing}
      ${item(BACKLOG, 'Open backlog', 'backlog', BACKLOG_DASH)}
    </div>`;
  }

  #renderSvg(layout: Layout, canvas: boolean): TemplateResult {
    const { plot, x, y, y2, width, height } = layout;
    const bottom = plot.top + plot.height;
    const right = plot.left + plot.width;
    const fmt = this.fmt;
    const target = this.#model.target;
    const visible = this.#visibleSeriesIndices();
    const paths = canvas ? null : svgPaths(this.#model, layout);
    const hover = this.hoverIndex;
    const hoverX = hover !== null ? x(this.#model.mid[hover] ?? 0) : null;
    const brush = this.brush;
    return html`<svg class="overlay" width=${width} height=${height} aria-hidden="true">
      <g class="grid">
        ${layout.yTicks.map((t) => svg`<line x1=${plot.left} x2=${right} y1=${t.at} y2=${t.at}></line>`)}
      </g>
      <g class="axis">
        ${layout.yTicks.map(
          (t) =>
            svg`<text x=${plot.left - 6} y=${t.at} text-anchor="end" dominant-baseline="middle">${fmt.compact(t.value)}</text>`,
        )}
        ${
          y2
            ? layout.y2Ticks.map(
                (t) =>
                  svg`<text x=${right + 6} y=${t.at} dominant-baseline="middle">${fmt.compact(t.value)}</text>`,
              )
            : nothing
        }
        ${layout.xTicks.map(
          (t) =>
            svg`<line class="grid" x1=${t.x} x2=${t.x} y1=${bottom} y2=${bottom + 4}></line>
              <text class=${t.major ? 'major' : ''} x=${t.x} y=${bottom + 16} text-anchor="middle">${t.label}</text>`,
        )}
      </g>
      ${
        paths
          ? svg`<g class="series">${paths.series.map((p, l) => {
              const i = visible[l] ?? l;
              const cls = seriesClass(i);
              return svg`${p.fill ? svg`<path class="band ${cls}" d=${p.fill}></path>` : nothing}
                <path class="line ${cls}" d=${p.line} stroke-dasharray=${dashArray(seriesDash(i))}></path>`;
            })}
            ${paths.previous ? svg`<path class="line previous" d=${paths.previous} stroke-dasharray=${PREVIOUS_DASH.join(' ')}></path>` : nothing}
            ${paths.backlog ? svg`<path class="line backlog" d=${paths.backlog} stroke-dasharray=${BACKLOG_DASH.join(' ')}></path>` : nothing}
          </g>`
          : nothing
      }
      ${
        target !== null
          ? svg`<line class="target-line" x1=${plot.left} x2=${right} y1=${y(target)} y2=${y(target)}
              stroke-dasharray=${TARGET_DASH.join(' ')}></line>
            <text class="target-label" x=${right - 4} y=${y(target) - 5} text-anchor="end">SLO ${fmt.number(target)}</text>`
          : nothing
      }
      ${
        hoverX !== null
          ? svg`<line class="crosshair" x1=${hoverX} x2=${hoverX} y1=${plot.top} y2=${bottom}></line>`
          : nothing
      }
      ${
        brush
          ? svg`<rect class="brush" x=${Math.min(brush[0], brush[1])} y=${plot.top}
              width=${Math.abs(brush[1] - brush[0])} height=${plot.height}></rect>`
          : nothing
      }
    </svg>`;
  }

  #renderTooltip(index: number): TemplateResult {
    const data = this.metric.data;
    if (!data) return html``;
    const fmt = this.fmt;
    const model = this.#model;
    const start = model.times[index] ?? 0;
    const end = model.times[index + 1] ?? model.end;
    let total = 0;
    // [label, value, swatch class ('' for none), dash] per row.
    const rows: Array<[string, number, string, readonly number[]]> = [];
    data.series.forEach((s, i) => {
      if (this.off.has(s.key)) return;
      const value = s.values[index] ?? 0;
      total += value;
      rows.push([s.label, value, seriesClass(i), seriesDash(i)]);
    });
    if (rows.length > 1) rows.push(['Total', total, '', []]);
    const previous = model.previousLayer();
    const backlog = model.backlogLayer();
    if (previous >= 0)
      rows.push(['Previous period', model.raw(previous, index), 'previous', PREVIOUS_DASH]);
    if (backlog >= 0)
      rows.push(['Open backlog', model.raw(backlog, index), 'backlog', BACKLOG_DASH]);
    if (model.target !== null) rows.push(['SLO target', model.target, 'target', TARGET_DASH]);
    return html`<p class="tip-title">${fmt.dateTime(start)} – ${fmt.dateTime(end)}</p>
      <dl class="tooltip-rows">
        ${rows.map(
          ([label, value, cls, dash]) =>
            html`<dt>
                ${cls ? swatch(cls, 16, 8, dash) : html`<span></span>`}
                <span>${label}</span>
              </dt>
              <dd>${fmt.number(value)}</dd>`,
        )}
      </dl>`;
  }

  #renderTable(data: ThroughputResponse, everyBucket = false): TemplateResult {
    const fmt = this.fmt;
    const n = data.buckets.length;
    const [from, to] = this.zoom ?? [-Infinity, Infinity];
    let indices: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.#times[i] ?? 0;
      if (t >= from && t < to) indices.push(i);
    }
    const cut = !everyBucket && indices.length > TABLE_ROWS;
    if (cut) indices = indices.slice(-TABLE_ROWS);
    const previousTotals = data.previous
      ? totals(data.previous.series, data.previous.buckets.length)
      : null;
    const target = data.target.perBucket;
    return html`<table part="table">
      <caption>
        ${this.#accessibleName()}${
          cut
            ? html`: the latest ${fmt.number(TABLE_ROWS)} of ${fmt.number(n)} buckets; zoom in to
              list others`
            : nothing
        }
      </caption>
      <thead>
        <tr>
          <th scope="col">Bucket start</th>
          ${data.series.map((s) => html`<th scope="col">${s.label}</th>`)}
          <th scope="col">Total</th>
          ${previousTotals ? html`<th scope="col">Previous period</th>` : nothing}
          <th scope="col">Open backlog</th>
          ${target > 0 ? html`<th scope="col">SLO target</th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${indices.map((i) => {
          let total = 0;
          for (const s of data.series) total += s.values[i] ?? 0;
          return html`<tr>
            <th scope="row">${fmt.dateTime(this.#times[i] ?? 0)}</th>
            ${data.series.map((s) => html`<td>${fmt.number(s.values[i])}</td>`)}
            <td>${fmt.number(total)}</td>
            ${previousTotals ? html`<td>${fmt.number(previousTotals[i])}</td>` : nothing}
            <td>${fmt.number(data.backlog.values[i])}</td>
            ${target > 0 ? html`<td>${fmt.number(target)}</td>` : nothing}
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-throughput': CmdctrThroughput;
  }
}
