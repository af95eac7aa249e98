import {
  html,
  nothing,
  svg,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { ExceptionMatrixResponseSchema, type ExceptionMatrixResponse } from '@cmdctr/contract';
import {
  CmdctrElement,
  cssText,
  exportMenu,
  MetricController,
  ResizeController,
  SCALE_TOKENS,
  Tooltip,
  emit,
  exportChart,
  exportMenuStyles,
  renderState,
  resolveTokens,
  safeHref,
  tooltipStyles,
  type ExportKind,
} from '../base/index.js';
import { detachedTable, lazyTableRegion, tableDisclosure } from '../base/table-disclosure.js';
import {
  CANVAS_OPTIONS,
  HeatmapPainter,
  bucketLabels,
  bucketRange,
  cellRects,
  colorDomain,
  colorScale,
  computeLayout,
  isAppendOnly,
  visibleWindow,
  labelColumnWidth,
  legendTicks,
  moveFocus,
  rowTotal,
  sortRows,
  thresholdState,
  timeTicks,
  totalBars,
  type BucketLabels,
  type CanvasWindow,
  type ColorScale,
  type GridPosition,
  type HeatmapLayout,
  type HeatmapMeasure,
  type HeatmapRow,
  type HeatmapSort,
  type ThresholdState,
} from './heatmap-chart.js';
import { heatmapStyles } from './cmdctr-heatmap.styles.js';

export type HeatmapRowDimension = ExceptionMatrixResponse['rowDimension'];

const DIMENSION_NAMES: Record<HeatmapRowDimension, string> = {
  type: 'Exception type',
  severity: 'Severity',
  stage: 'Stage',
  region: 'Region',
  workflow: 'Workflow',
};

const STATE_NAMES: Record<ThresholdState, string> = {
  ok: 'Within threshold',
  warn: 'Above warn threshold',
  critical: 'Above critical threshold',
};

/** Everything derived from one response and the current options, recomputed only when they change. */
interface View {
  data: ExceptionMatrixResponse;
  rows: HeatmapRow[];
  layout: HeatmapLayout;
  scale: ColorScale;
  labels: BucketLabels;
  canvas: boolean;
  /** Width the layout was made for (the host's), CSS px: an upper bound of what is on screen. */
  width: number;
  /** Canvas colours resolved from the theme: cell gaps, total bars, focus ring. */
  colors: { background: string; bar: string; focus: string };
}

/** `.scroller`'s padding in the styles (room for edge cells' focus rings), CSS px. */
const SCROLLER_PAD = 4;

let instances = 0;

/**
 * Diagonal hatch of a threshold state, shared by the cells and the legend key: sparse for warn,
 * dense for critical, so the two differ in texture and not only in colour.
 */
const hatch = (id: string, kind: 'warn' | 'critical', fill: string) => {
  const size = kind === 'warn' ? 5 : 3;
  return svg`<pattern id=${id} width=${size} height=${size} patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="1.25" height=${size} fill=${fill}></rect></pattern>`;
};

/** The inset 1.5 px outline that critical cells (and their legend key) carry on top of the hatch. */
const outline = (x: number, y: number, width: number, height: number, stroke: string) =>
  svg`<rect x=${x + 0.75} y=${y + 0.75} width=${Math.max(0, width - 1.5)} height=${Math.max(0, height - 1.5)} fill="none" stroke=${stroke} stroke-width="1.5"></rect>`;

/**
 * Exceptions over time as a heatmap: one row per exception type (or severity, stage, region,
 * workflow), one column per time bucket. Colour shows the count or rate; cells past the warn or
 * critical rate threshold carry a hatch (and an outline when critical), so the state reads
 * without colour. Small matrices render as an SVG with an ARIA grid over it; large ones paint a
 * canvas with one focusable grid surface. The "Table" button opens an accessible data table
 * (built only while open: a large matrix is tens of thousands of cells).
 *
 * @summary Exception heatmap by type and time bucket, with thresholds, owners and drill-down.
 *
 * @csspart base - The region wrapping the element.
 * @csspart chart - The chart area (toolbar, plot, legend).
 * @csspart toolbar - The row above the plot holding the table toggle.
 * @csspart table-toggle - The "Table" button (`aria-expanded` tells whether the table is open).
 * @csspart export-menu - The "Export" menu button (CSV; SVG in SVG mode; PNG).
 * @csspart export-menu-list - The export menu (in the top layer).
 * @csspart plot - The labelled plot: axis, row labels, cells and totals.
 * @csspart grid - The ARIA grid (SVG mode) or focusable canvas surface (canvas mode).
 * @csspart cell - One cell of the grid (SVG mode).
 * @csspart canvas - The canvas (canvas mode).
 * @csspart legend - The colour legend and threshold pattern key.
 * @csspart table - The accessible data table (in the DOM only while "Table" is expanded).
 * @csspart tooltip - The hover and focus tooltip (in the top layer).
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-color-scale-0 - Colour scale, lowest value (stops 1–3 sit between).
 * @cssproperty --cmdctr-color-scale-1 - Colour scale, second stop.
 * @cssproperty --cmdctr-color-scale-2 - Colour scale, middle stop.
 * @cssproperty --cmdctr-color-scale-3 - Colour scale, fourth stop.
 * @cssproperty --cmdctr-color-scale-4 - Colour scale, highest value.
 * @cssproperty --cmdctr-color-surface - Background, and the gap between cells.
 * @cssproperty --cmdctr-color-surface-raised - Table header and tooltip background.
 * @cssproperty --cmdctr-color-text - Text and the dark threshold-pattern ink.
 * @cssproperty --cmdctr-color-text-muted - Axis labels and column-total bars.
 * @cssproperty --cmdctr-color-border - Table borders and axis ticks.
 * @cssproperty --cmdctr-color-focus - Focus ring, including the ring drawn on the canvas.
 * @cssproperty --cmdctr-color-accent - Pressed state of the table toggle.
 * @cssproperty --cmdctr-color-warn - Text colour of the warn state in the tooltip.
 * @cssproperty --cmdctr-color-critical - Text colour of the critical state in the tooltip.
 * @cssproperty --cmdctr-heatmap-no-data-color - Fill of cells with no items in the bucket (rate measure).
 *
 * @event cmdctr-drill - A cell was clicked or activated with Enter/Space. Cancelable; when not
 * cancelled the row's runbook (if any) opens in a new tab. `detail`: `{ workflow, rowDimension,
 * rowKey, from, to }` with the bucket's range.
 */
export class CmdctrHeatmap extends CmdctrElement {
  static override styles = [CmdctrElement.styles, tooltipStyles, exportMenuStyles, heatmapStyles];

  // `static properties` rather than decorators, like CmdctrElement: no decorator runtime shipped.
  // `attribute: false` on states is Lit's default, spelled out for the manifest analyzer.
  static override get properties(): PropertyDeclarations {
    return {
      measure: {},
      rows: {},
      sort: {},
      canvasThreshold: { type: Number, attribute: 'canvas-threshold' },
      label: {},
      tableOpen: { state: true, attribute: false },
      announcement: { state: true, attribute: false },
    };
  }

  /** What colour encodes: the exception `count` or the exception `rate` per bucket. */
  measure: HeatmapMeasure = 'count';

  /** Row dimension, sent as the `rows` query parameter: `type`, `severity`, `stage`, `region` or `workflow`. */
  rows: HeatmapRowDimension = 'type';

  /** Row order: `total` (largest first), `latest` (largest in the last bucket first) or `name`. */
  sort: HeatmapSort = 'total';

  /** Above this many cells the chart paints on a canvas instead of SVG and DOM cells. */
  canvasThreshold = 2000;

  /** Accessible name and table caption; defaults to "Exceptions by <dimension>". */
  label?: string;

  private tableOpen = false;
  private announcement = '';

  readonly #metric = new MetricController<ExceptionMatrixResponse>(this, {
    path: '/v1/metrics/exceptions',
    schema: ExceptionMatrixResponseSchema,
    query: () => this.query(),
    isEmpty: (d) => d.rows.length === 0,
    metric: 'exceptions',
  });
  readonly #resize = new ResizeController(this);
  readonly #tooltip = new Tooltip(this);
  readonly #exportMenu = exportMenu(this, (kind) => void this.#export(kind));
  // Set while a CSV export reads the table that a closed "Table" does not keep in the DOM.
  readonly #uid = `h${++instances}`;
  #view: View | undefined;
  #viewKey = '';
  #painter: HeatmapPainter | undefined;
  #painted: { view: View; key: string; window: CanvasWindow } | undefined;
  // The plot scroller's scrollLeft as of its last scroll event (read there, never after a DOM
  // write, so it forces no layout), and the scroller it belongs to.
  #scrollX = 0;
  #scroller: Element | null = null;
  #hovered: GridPosition | null = null;
  // Not a reactive @state: the view clamps it while rendering, and handlers request updates.
  #active: GridPosition = { row: 0, col: 0 };

  // ------------------------------------------------------------------ lifecycle

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The painter holds a multi-megabyte buffer; a detached element must not keep it alive.
    this.#painter = undefined;
    this.#painted = undefined;
    this.#hovered = null;
  }

  protected override firstUpdated(): void {
    this.#tooltip.attach(this.renderRoot);
    // Width only: a zero-height strip as wide as the host. Observing the host itself reported
    // its height change from skeleton to chart, and that requested a second full render of an
    // unchanged chart (~1 ms) right after the first one had been painted.
    this.#resize.observe(this.renderRoot.querySelector('.sizer') ?? this);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const view = this.#view;
    if (view?.canvas && this.#metric.status === 'ready') this.#paintCanvas(view);
    else {
      this.#painter = undefined;
      this.#painted = undefined;
    }
  }

  // ------------------------------------------------------------------ data

  /** Query sent to the API; the common filters plus this element's row dimension. */
  protected query(): Record<string, string | undefined> {
    return { ...this.commonQuery(), rows: this.rows };
  }

  get #accessibleLabel(): string {
    return this.label || `Exceptions by ${DIMENSION_NAMES[this.rows]?.toLowerCase() ?? this.rows}`;
  }

  #computeView(data: ExceptionMatrixResponse): View {
    const fmt = this.fmt;
    const width = this.#resize.width || this.clientWidth || 640;
    const dpr = globalThis.devicePixelRatio || 1;
    const key = [
      this.sort,
      this.measure,
      width,
      dpr,
      fmt.locale,
      fmt.timeZone,
      this.canvasThreshold,
      this.dataset.theme,
    ].join('|');
    if (this.#view?.data === data && this.#viewKey === key) return this.#view;
    const rows = sortRows(data.rows, this.sort, this.measure, fmt.locale);
    const cellCount = rows.length * data.buckets.length;
    const canvas = cellCount > this.canvasThreshold;
    const layout = computeLayout({
      width: width - 2 * SCROLLER_PAD,
      rows: rows.length,
      columns: data.buckets.length,
      devicePixelRatio: dpr,
      labelWidth: labelColumnWidth(rows.map((r) => r.label)),
      totalWidth: this.measure === 'rate' ? 64 : 56,
      minCellWidth: canvas ? 4 : 14,
      cellHeight: canvas ? 16 : 24,
    });
    // The private scale tokens always resolve (the theme gives defaults); any CSS colour works.
    // One style read for every colour, here (style is clean before Lit writes this update) and
    // not in updated(), where reading it forced a style recalc of the just-written chart.
    const tokens = resolveTokens(this, [
      ...SCALE_TOKENS,
      '--_color-surface',
      '--_heatmap-no-data',
      '--_color-text-muted',
      '--_color-focus',
    ]);
    const stops = tokens.slice(0, SCALE_TOKENS.length);
    const [surface, noData, muted, focus] = tokens.slice(SCALE_TOKENS.length);
    const colors = {
      background: surface || '#ffffff',
      bar: muted || '#57606a',
      focus: focus || '#0a5cc2',
    };
    const scale = colorScale(colorDomain(data, this.measure), {
      stops,
      noData: noData || surface || '#ffffff',
      inkDark: '#111111',
      inkLight: '#ffffff',
    });
    const labels = bucketLabels(
      data.buckets,
      data.bucketEnd,
      data.bucket,
      fmt.timeZone,
      fmt.locale,
      // A refresh's window mostly overlaps the last one: its formatted hours are reused.
      this.#view?.labels,
    );
    this.#view = { data, rows, layout, scale, labels, canvas, width, colors };
    this.#viewKey = key;
    // Keep the active cell inside the (possibly smaller) new matrix.
    const maxRow = Math.max(0, rows.length - 1);
    const maxCol = Math.max(0, data.buckets.length - 1);
    if (this.#active.row > maxRow || this.#active.col > maxCol) {
      this.#active = {
        row: Math.min(this.#active.row, maxRow),
        col: Math.min(this.#active.col, maxCol),
      };
    }
    return this.#view;
  }

  #describe(
    view: View,
    pos: GridPosition,
  ): {
    title: string;
    range: string;
    value: string;
    rate: string;
    state: ThresholdState;
    owner: string;
  } {
    const row = view.rows[pos.row];
    const fmt = this.fmt;
    if (!row) return { title: '', range: '', value: '', rate: '', state: 'ok', owner: '' };
    const rate = row.rates[pos.col] ?? null;
    return {
      title: row.label,
      range: view.labels.longAt(pos.col),
      value: fmt.number(row.counts[pos.col] ?? 0),
      rate: fmt.percent(rate),
      state: thresholdState(rate, view.data.thresholds),
      owner: row.owner ?? 'Unassigned',
    };
  }

  /** One cell as text for the grid and the table: count, rate and a threshold state past ok. */
  #summary(view: View, row: HeatmapRow, c: number): string {
    const rate = row.rates[c] ?? null;
    const st = thresholdState(rate, view.data.thresholds);
    return `${this.fmt.number(row.counts[c] ?? 0)} (${this.fmt.percent(rate)})${st === 'ok' ? '' : `, ${STATE_NAMES[st]}`}`;
  }

  #cellText(view: View, pos: GridPosition): string {
    const d = this.#describe(view, pos);
    const exceptions = `${d.value} exception${d.value === '1' ? '' : 's'}`;
    return `${d.title}, ${d.range}: ${exceptions}, rate ${d.rate}. ${STATE_NAMES[d.state]}. Owner: ${d.owner}.`;
  }

  // ------------------------------------------------------------------ canvas

  /**
   * The part of the plot the canvas covers: what the scroller shows of it, with some slack.
   * The canvas is only that wide (a 720-column plot is ~2.5 screens wide, and the canvas's
   * backing store, put and compositor copy all cost by area); scrolling repaints it when the
   * visible part leaves it.
   */
  #canvasWindow(view: View): CanvasWindow {
    const { layout } = view;
    // The host's width bounds the scroller's, so the window covers at least what is visible.
    const visible = view.width;
    // Plot x (CSS px, from the plot's left edge) at the scroller's left edge. Right to left, the
    // label column is on the right, the scroll starts at the right end and scrollLeft runs
    // negative; the canvas itself is not mirrored. (:dir() follows dir attributes, and reading
    // it needs no style recalc, unlike the computed direction.)
    const from = this.matches(':dir(rtl)')
      ? layout.plotWidth + layout.labelWidth + SCROLLER_PAD + this.#scrollX - visible
      : this.#scrollX - SCROLLER_PAD - layout.labelWidth;
    // Slack only once scrolled: an unscrolled chart (the usual case, and every first render and
    // live refresh) paints just what is on screen, ~30 % fewer pixels to fill, put and composite
    // at 50 × 720; the first scroll repaints once with slack.
    const slack = this.#scrollX === 0 ? 0 : 256;
    return visibleWindow(layout.canvasWidthPx, from * layout.dpr, visible * layout.dpr, slack);
  }

  #paintInput(view: View, window?: CanvasWindow) {
    return {
      matrix: view.data,
      rows: view.rows,
      measure: this.measure,
      scale: view.scale,
      layout: view.layout,
      background: view.colors.background,
      barColor: view.colors.bar,
      focusColor: view.colors.focus,
      window,
    };
  }

  #paintCanvas(view: View): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[part="canvas"]');
    if (!canvas) return;
    const scroller = this.renderRoot.querySelector('.scroller');
    // A scroller Lit has just created is at its start, whatever the previous one was scrolled to.
    if (scroller !== this.#scroller) {
      this.#scroller = scroller;
      this.#scrollX = 0;
    }
    const { layout } = view;
    const window = this.#canvasWindow(view);
    // The view is rebuilt whenever its key changes, and its layout fixes the canvas size, so the
    // same view under the same key and window is exactly what is already on the canvas.
    const key = this.#viewKey;
    const painted = this.#painted;
    const sameWindow = painted?.window.x === window.x && painted.window.width === window.width;
    if (painted?.view === view && painted.key === key && sameWindow) {
      this.#painter?.drawFocus(this.#focusedCanvas() ? this.#active : null);
      return;
    }
    const sizeChanged = canvas.width !== window.width || canvas.height !== layout.canvasHeightPx;
    if (sizeChanged) {
      canvas.width = window.width;
      canvas.height = layout.canvasHeightPx;
    }
    // Set here, not bound in the template: a scroll moves the window without a Lit update. A
    // CSSOM write of numbers only, like cssText() bindings.
    const style = `left:${window.x / layout.dpr}px;width:${window.width / layout.dpr}px;height:${layout.canvasHeightPx / layout.dpr}px`;
    if (canvas.style.cssText !== style) canvas.style.cssText = style;
    const ctx = canvas.getContext('2d', CANVAS_OPTIONS);
    if (!ctx) return;
    if (!this.#painter || sizeChanged) this.#painter = new HeatmapPainter(ctx);
    const input = this.#paintInput(view, window);
    const prev = painted?.view;
    // A live refresh that only moved the window on by one bucket takes the painter's append path.
    const append =
      !sizeChanged &&
      sameWindow &&
      prev !== undefined &&
      painted?.key === key &&
      prev.scale.domain[1] === view.scale.domain[1] &&
      isAppendOnly(prev.data, prev.rows, view.data, view.rows);
    if (append) this.#painter.appendColumn(input);
    else this.#painter.paint(input);
    this.#painted = { view, key, window };
    this.#painter.drawFocus(this.#focusedCanvas() ? this.#active : null);
  }

  /** The whole plot on a canvas of its own, for the PNG export (the shown one is a window). */
  #wholeCanvas(view: View): HTMLCanvasElement | null {
    const canvas = document.createElement('canvas');
    canvas.width = view.layout.canvasWidthPx;
    canvas.height = view.layout.canvasHeightPx;
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) return null;
    new HeatmapPainter(ctx).paint(this.#paintInput(view));
    return canvas;
  }

  #focusedCanvas(): boolean {
    const surface = this.renderRoot.querySelector('.surface.canvas');
    return !!surface && (this.renderRoot as ShadowRoot).activeElement === surface;
  }

  // ------------------------------------------------------------------ handlers

  #cellAt(event: MouseEvent, view: View): GridPosition | null {
    const surface = event.currentTarget as HTMLElement;
    const box = surface.getBoundingClientRect();
    const col = Math.floor((event.clientX - box.left) / view.layout.cellWidth);
    const row = Math.floor((event.clientY - box.top) / view.layout.cellHeight);
    if (row < 0 || col < 0 || row >= view.rows.length || col >= view.data.buckets.length)
      return null;
    return { row, col };
  }

  #onScroll = (event: Event) => {
    this.#scrollX = (event.currentTarget as HTMLElement).scrollLeft;
    const view = this.#view;
    const painted = this.#painted;
    if (!view?.canvas || painted?.view !== view) return;
    const window = this.#canvasWindow(view);
    if (window.x !== painted.window.x || window.width !== painted.window.width)
      this.#paintCanvas(view);
  };

  #onPointerMove = (event: PointerEvent) => {
    const view = this.#view;
    if (!view) return;
    const pos = this.#cellAt(event, view);
    if (!pos) {
      this.#onPointerLeave();
      return;
    }
    if (this.#hovered?.row === pos.row && this.#hovered.col === pos.col) return;
    this.#hovered = pos;
    this.#showTip(view, pos, event.currentTarget as HTMLElement);
  };

  #onPointerLeave = () => {
    this.#hovered = null;
    this.#tooltip.hide();
  };

  #onClick = (event: MouseEvent) => {
    const view = this.#view;
    if (!view) return;
    const pos = this.#cellAt(event, view);
    if (!pos) return;
    this.#setActive(view, pos, false);
    this.#drill(view, pos);
  };

  #onKeyDown = (event: KeyboardEvent) => {
    const view = this.#view;
    if (!view) return;
    // The key's own cell is the truth: focus events may not have run yet (or at all, in a
    // background tab) when a key arrives.
    const cell = (event.target as HTMLElement).closest?.<HTMLElement>('[data-row]');
    if (cell) this.#active = { row: Number(cell.dataset.row), col: Number(cell.dataset.col) };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#drill(view, this.#active);
      return;
    }
    if (event.key === 'Escape') {
      this.#tooltip.hide();
      return;
    }
    const page = Math.max(1, Math.floor(200 / view.layout.cellHeight));
    const next = moveFocus(
      this.#active,
      event.key,
      view.rows.length,
      view.data.buckets.length,
      event.ctrlKey || event.metaKey,
      page,
    );
    if (!next) return;
    event.preventDefault();
    this.#setActive(view, next, true);
  };

  #onFocusIn = (event: FocusEvent) => {
    const view = this.#view;
    if (!view) return;
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-row]');
    if (cell) {
      const pos = { row: Number(cell.dataset.row), col: Number(cell.dataset.col) };
      if (pos.row !== this.#active.row || pos.col !== this.#active.col) {
        this.#active = pos;
        this.requestUpdate();
      }
    }
    if (view.canvas) this.#painter?.drawFocus(this.#active);
    this.#showTip(view, this.#active, event.currentTarget as HTMLElement);
  };

  #onFocusOut = () => {
    this.#painter?.drawFocus(null);
    if (!this.#hovered) this.#tooltip.hide();
  };

  #toggleTable = () => {
    this.tableOpen = !this.tableOpen;
  };

  async #export(kind: ExportKind): Promise<void> {
    const view = this.#view;
    if (!view) return;
    const { data } = view;
    const { from, to } = data.meta.filters;
    const dimension = DIMENSION_NAMES[data.rowDimension] ?? data.rowDimension;
    await exportChart(this, kind, {
      tag: 'heatmap',
      from,
      to,
      // Every cell, whether the table is open or not, rendered apart from the shadow root.
      table: () => detachedTable(this.#renderFullTable(view, dimension)),
      // Canvas mode has no SVG (36,000 DOM rects are what it avoids); PNG comes from the canvas.
      svg: () =>
        view.canvas ? null : this.renderRoot.querySelector<SVGSVGElement>('.surface svg'),
      canvas: () => (view.canvas ? this.#wholeCanvas(view) : null),
    });
  }

  #setActive(view: View, pos: GridPosition, fromKeyboard: boolean): void {
    this.#active = pos;
    this.requestUpdate();
    if (view.canvas) {
      this.#painter?.drawFocus(pos);
      this.announcement = this.#cellText(view, pos);
      const surface = this.renderRoot.querySelector<HTMLElement>('.surface.canvas');
      if (surface && fromKeyboard) {
        this.#scrollCellIntoView(view, pos);
        this.#showTip(view, pos, surface);
      }
      return;
    }
    if (!fromKeyboard) return;
    void this.updateComplete.then(() => {
      const cell = this.renderRoot.querySelector<HTMLElement>(
        `[data-row="${pos.row}"][data-col="${pos.col}"]`,
      );
      cell?.focus();
      const surface = this.renderRoot.querySelector<HTMLElement>('.surface');
      if (surface) this.#showTip(view, pos, surface);
    });
  }

  #scrollCellIntoView(view: View, pos: GridPosition): void {
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
    if (!scroller) return;
    const { labelWidth, totalWidth, cellWidth } = view.layout;
    // The cell's left edge within the plot; the label and total columns take the scroller's edges.
    const left = pos.col * cellWidth;
    if (left < scroller.scrollLeft) scroller.scrollLeft = left;
    else if (
      labelWidth + left + cellWidth >
      scroller.scrollLeft + scroller.clientWidth - totalWidth
    )
      scroller.scrollLeft = labelWidth + totalWidth + left + cellWidth - scroller.clientWidth;
  }

  #showTip(view: View, pos: GridPosition, surface: HTMLElement): void {
    const box = surface.getBoundingClientRect();
    const d = this.#describe(view, pos);
    this.#tooltip.show(
      html`<div class="tip">
        <p class="tip-title">${d.title}</p>
        <div>${d.range}</div>
        <dl>
          <dt>Exceptions</dt>
          <dd>${d.value}</dd>
          <dt>Rate</dt>
          <dd>${d.rate}</dd>
          <dt>Threshold</dt>
          <dd class="state-${d.state}">${STATE_NAMES[d.state]}</dd>
          <dt>Owner</dt>
          <dd>${d.owner}</dd>
        </dl>
      </div>`,
      {
        x: box.left + pos.col * view.layout.cellWidth,
        y: box.top + pos.row * view.layout.cellHeight,
        width: view.layout.cellWidth,
        height: view.layout.cellHeight,
      },
    );
  }

  #drill(view: View, pos: GridPosition): void {
    const row = view.rows[pos.row];
    if (!row) return;
    const { from, to } = bucketRange(view.data, pos.col);
    const workflows = view.data.meta.filters.workflow;
    const proceed = emit(
      this,
      'cmdctr-drill',
      {
        workflow: row.workflow ?? (workflows?.length === 1 ? (workflows[0] ?? null) : null),
        rowDimension: view.data.rowDimension,
        rowKey: row.key,
        from,
        to,
      },
      { cancelable: true },
    );
    const href = safeHref(row.runbookUrl);
    if (proceed && href) window.open(href, '_blank', 'noopener,noreferrer');
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    return html`<div class="sizer"></div>
      ${renderState(this.#metric, {
        label: this.#accessibleLabel,
        emptyText: 'No exceptions in this range',
        fmt: this.fmt,
        content: (data) => this.#renderChart(this.#computeView(data)),
      })}`;
  }

  #renderChart(view: View): TemplateResult {
    const { layout, data } = view;
    const dimension = DIMENSION_NAMES[data.rowDimension] ?? data.rowDimension;
    const ticks = timeTicks(view.labels, data.bucket, layout.cellWidth, 56);
    // Numbers only (layout and counts): nothing from the response reaches an inline style.
    const rowStyle = cssText(
      `grid-template-rows:repeat(${view.rows.length},${layout.cellHeight}px) ${layout.stripHeight}px`,
    );
    return html`<div part="chart" class="chart">
      <div part="toolbar" class="toolbar">
        <span class="strip-label"
          >${view.canvas ? 'Arrow keys move between cells; Enter opens.' : nothing}</span
        >
        ${tableDisclosure(this.tableOpen, this.#toggleTable, `${this.#uid}-table`)}
        ${this.#exportMenu(view.canvas ? ['csv', 'png'] : ['csv', 'svg', 'png'])}
      </div>
      <div class="scroller" @scroll=${this.#onScroll}>
        <div
          part="plot"
          class="plot"
          .style=${cssText(
            `grid-template-columns:${layout.labelWidth}px ${layout.plotWidth}px ${layout.totalWidth}px;width:${layout.contentWidth}px`,
          )}
        >
          <div class="corner" aria-hidden="true">${dimension}</div>
          <div class="axis" aria-hidden="true">
            ${ticks.map(
              (t) =>
                html`<span
                  class="tick ${t.major ? 'major' : ''}"
                  .style=${cssText(`left:${t.index * layout.cellWidth}px`)}
                  >${t.label}</span
                >`,
            )}
          </div>
          <div class="corner total" aria-hidden="true">Total</div>
          <div class="labels" aria-hidden="true" .style=${rowStyle}>
            ${view.rows.map((r) => html`<div class="label" title=${r.label}><span>${r.label}</span></div>`)}
            <div class="label strip-label">Total</div>
          </div>
          ${view.canvas ? this.#renderCanvas(view) : this.#renderSvgGrid(view)}
          <div class="row-totals" aria-hidden="true" .style=${rowStyle}>
            ${view.rows.map((r) => html`<div class="row-total">${this.#formatMeasure(rowTotal(r, this.measure))}</div>`)}
          </div>
        </div>
      </div>
      ${this.#renderLegend(view)}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.#renderTable(view, dimension)}
    </div>`;
  }

  #formatMeasure(value: number | null): string {
    return this.measure === 'rate' ? this.fmt.percent(value) : this.fmt.number(value);
  }

  #renderSvgGrid(view: View): TemplateResult {
    const { layout, data, scale } = view;
    const rects = cellRects(data, view.rows, this.measure, scale, layout);
    const bars = totalBars(data, this.measure, layout);
    const width = layout.plotWidth;
    const height = layout.plotHeight + layout.stripHeight;
    const id = (name: string) => `${this.#uid}-${name}`;
    const cols = data.buckets.length;
    return html`<div
      class="surface"
      @pointermove=${this.#onPointerMove}
      @pointerleave=${this.#onPointerLeave}
      @click=${this.#onClick}
    >
      <svg
        width=${width}
        height=${height}
        viewBox="0 0 ${width} ${height}"
        aria-hidden="true"
        focusable="false"
      >
        <defs>
          ${(['dark', 'light'] as const).flatMap((tone) => {
            const ink = tone === 'dark' ? '#111111' : '#ffffff';
            return [
              hatch(id(`warn-${tone}`), 'warn', ink),
              hatch(id(`critical-${tone}`), 'critical', ink),
            ];
          })}
        </defs>
        ${rects.map((r) => {
          const tone = r.ink === 'rgb(255, 255, 255)' ? 'light' : 'dark';
          return svg`<rect x=${r.x} y=${r.y} width=${r.width} height=${r.height} fill=${r.fill}></rect>${
            r.state === 'ok'
              ? nothing
              : svg`<rect x=${r.x} y=${r.y} width=${r.width} height=${r.height} fill="url(#${id(`${r.state}-${tone}`)})"></rect>${
                  r.state === 'critical' ? outline(r.x, r.y, r.width, r.height, r.ink) : nothing
                }`
          }`;
        })}
        ${bars.map((b) => svg`<rect class="bar" x=${b.x} y=${b.y} width=${b.width} height=${b.height} fill="var(--_color-text-muted)"></rect>`)}
      </svg>
      <div
        part="grid"
        class="cells"
        role="grid"
        aria-label=${this.#accessibleLabel}
        aria-rowcount=${view.rows.length + 1}
        aria-colcount=${cols + 1}
        .style=${cssText(`grid-template-columns:repeat(${cols},${layout.cellWidth}px);grid-auto-rows:${layout.cellHeight}px`)}
        @keydown=${this.#onKeyDown}
        @focusin=${this.#onFocusIn}
        @focusout=${this.#onFocusOut}
      >
        <div role="row" aria-rowindex="1">
          <span role="columnheader" class="visually-hidden" aria-colindex="1"
            >${DIMENSION_NAMES[data.rowDimension]}</span
          >
          ${data.buckets.map((_, c) => html`<span role="columnheader" class="visually-hidden" aria-colindex=${c + 2}>${view.labels.longAt(c)}</span>`)}
        </div>
        ${view.rows.map(
          (row, r) =>
            html`<div role="row" aria-rowindex=${r + 2}>
              <span role="rowheader" class="visually-hidden" aria-colindex="1">${row.label}</span>
              ${data.buckets.map((_, c) => {
                const isActive = this.#active.row === r && this.#active.col === c;
                return html`<span
                  part="cell"
                  class="cell ${isActive ? 'active' : ''}"
                  role="gridcell"
                  aria-colindex=${c + 2}
                  tabindex=${isActive ? '0' : '-1'}
                  data-row=${r}
                  data-col=${c}
                  ><span class="visually-hidden">${this.#summary(view, row, c)}</span></span
                >`;
              })}
            </div>`,
        )}
      </div>
    </div>`;
  }

  #renderCanvas(view: View): TemplateResult {
    const { layout, data } = view;
    const row = view.rows[this.#active.row];
    return html`<div
      part="grid"
      class="surface canvas"
      role="grid"
      tabindex="0"
      aria-label=${this.#accessibleLabel}
      aria-rowcount=${view.rows.length + 1}
      aria-colcount=${data.buckets.length + 1}
      aria-activedescendant="${this.#uid}-active"
      .style=${cssText(`height:${layout.canvasHeightPx / layout.dpr}px`)}
      @keydown=${this.#onKeyDown}
      @focusin=${this.#onFocusIn}
      @focusout=${this.#onFocusOut}
      @pointermove=${this.#onPointerMove}
      @pointerleave=${this.#onPointerLeave}
      @click=${this.#onClick}
    >
      <canvas part="canvas" aria-hidden="true"></canvas>
      <div role="row" class="visually-hidden" aria-rowindex=${this.#active.row + 2}>
        <span role="rowheader" aria-colindex="1">${row?.label ?? ''}</span>
        <span role="gridcell" id="${this.#uid}-active" aria-colindex=${this.#active.col + 2}
          >${this.#cellText(view, this.#active)}</span
        >
      </div>
    </div>`;
  }

  #renderLegend(view: View): TemplateResult {
    const ticks = legendTicks(view.scale.domain, this.measure, this.fmt.locale);
    const gradient = `linear-gradient(to right, ${view.scale.gradient(8).join(', ')})`;
    const t = view.data.thresholds;
    const swatch = (kind: 'warn' | 'critical') =>
      svg`<svg width="18" height="12" aria-hidden="true" focusable="false">
        <defs>${hatch(`${this.#uid}-legend-${kind}`, kind, 'currentColor')}</defs>
        <rect width="18" height="12" fill="url(#${this.#uid}-legend-${kind})"></rect>
        ${kind === 'critical' ? outline(0, 0, 18, 12, 'currentColor') : nothing}
      </svg>`;
    return html`<div part="legend" class="legend">
      <div class="ramp">
        <span>${this.measure === 'rate' ? 'Exception rate' : 'Exceptions per bucket'}</span>
        <div class="ramp-bar" .style=${cssText(`background-image:${gradient}`)}></div>
        <div class="ramp-ticks" aria-hidden="true">
          ${ticks.map((tick) => html`<span .style=${cssText(`left:${tick.offset * 100}%`)}>${tick.label}</span>`)}
        </div>
      </div>
      <span class="swatch">${swatch('warn')} Rate ≥ ${this.fmt.percent(t.warn)} (warn)</span>
      <span class="swatch"
        >${swatch('critical')} Rate ≥ ${this.fmt.percent(t.critical)} (critical)</span
      >
    </div>`;
  }

  #renderTable(view: View, dimension: string): TemplateResult {
    // Only while open: a 50 × 720 matrix is 36,000 cells nobody asked for.
    return lazyTableRegion(
      this.tableOpen,
      `${this.#accessibleLabel}, data table`,
      `${this.#uid}-table`,
      this.tableOpen ? this.#renderFullTable(view, dimension) : nothing,
    );
  }

  #renderFullTable(view: View, dimension: string): TemplateResult {
    const { data } = view;
    const fmt = this.fmt;
    return html`<table part="table">
      <caption>
        ${this.#accessibleLabel}: exceptions (rate) per ${data.bucket}, ${view.labels.longAt(0)} to
        ${view.labels.longAt(data.buckets.length - 1)}
      </caption>
      <thead>
        <tr>
          <th scope="col">${dimension}</th>
          ${data.buckets.map((_, c) => html`<th scope="col">${view.labels.longAt(c)}</th>`)}
          <th scope="col">Total</th>
          <th scope="col">Rate</th>
          <th scope="col">Owner</th>
        </tr>
      </thead>
      <tbody>
        ${view.rows.map(
          (row) =>
            html`<tr>
              <th scope="row">${row.label}</th>
              ${data.buckets.map((_, c) => html`<td>${this.#summary(view, row, c)}</td>`)}
              <td>${fmt.number(row.total)}</td>
              <td>${fmt.percent(row.rate)}</td>
              <td>${row.owner ?? 'Unassigned'}</td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          ${data.buckets.map(
            (_, c) =>
              html`<td>
                ${fmt.number(data.totals.counts[c] ?? 0)}
                (${fmt.percent(data.totals.rates[c] ?? null)})
              </td>`,
          )}
          <td></td>
          <td></td>
          <td></td>
        </tr>
      </tfoot>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-heatmap': CmdctrHeatmap;
  }
}
