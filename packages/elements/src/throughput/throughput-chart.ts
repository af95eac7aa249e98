/**
 * The throughput chart's maths and drawing, free of the DOM element and of fetching: data and
 * size in, scales, ticks, SVG paths or canvas pixels out. Benchmarks and tests call it directly.
 *
 * Large series draw on a canvas after per-column downsampling: every run of `k` buckets (about
 * one pixel column) keeps its minimum and maximum and where they occur, which draws the same
 * picture as every point would at that resolution (the M4 idea) with two points per column.
 * The columns are kept between draws; appending a bucket recomputes only the last column.
 */
// Not d3-array: it ships as one module whose top-level code (bisectors, blur, shuffle) no bundler
// can drop, ~3 kB minified for the three small functions used here. `niceTicks` is its `ticks`;
// `tickStep` and `bisect` below are its `tickIncrement` and numeric bisector, same results.
import { niceTicks } from '../base/nice-ticks.js';
import { timeTicks, type TimeTick } from '../base/time-axis.js';

export type ThroughputMode = 'area' | 'line';

export interface ChartSeries {
  key: string;
  label: string;
  values: ArrayLike<number>;
}

/** What the chart draws: only the series that are switched on, in stack order. */
export interface ChartData {
  /** Bucket starts, epoch ms, ascending. */
  times: ArrayLike<number>;
  /** End of the last bucket (exclusive), epoch ms. */
  end: number;
  series: ChartSeries[];
  /** Total of the same series in the previous period, aligned bucket by bucket. */
  previous?: ArrayLike<number> | null;
  /** Open backlog at the end of each bucket (drawn against the right axis). */
  backlog?: ArrayLike<number> | null;
  /** Throughput SLO per bucket. */
  target?: number | null;
}

export interface LayoutOptions {
  width: number;
  height: number;
  mode: ThroughputMode;
  timeZone: string;
  locale: string;
  /** Visible time range (zoom), epoch ms; the whole data when absent. */
  domain?: readonly [number, number] | null;
}

export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ValueTick {
  value: number;
  at: number;
}

export interface Layout {
  width: number;
  height: number;
  plot: Plot;
  /** Epoch ms → x in CSS pixels. */
  x: Scale;
  y: Scale;
  /** The backlog axis, when there is a backlog. */
  y2: Scale | null;
  domain: readonly [number, number];
  /** Visible buckets: indices [start, end). */
  start: number;
  end: number;
  xTicks: Array<TimeTick & { x: number }>;
  yTicks: ValueTick[];
  y2Ticks: ValueTick[];
}

/** Per-layer downsampled columns: bucket index ranges of `k` buckets each. */
interface Columns {
  k: number;
  start: number;
  /** The end the last column was computed for (it is partial when the data ended inside it). */
  end: number;
  count: number;
  min: Float64Array;
  max: Float64Array;
  minAt: Int32Array;
  maxAt: Int32Array;
}

const MARGIN = { top: 10, right: 12, bottom: 26, left: 48 };
/** Room for the backlog axis labels on the right. */
const RIGHT_AXIS = 44;
/** Smallest gap between time labels, in pixels (a "29 Mar" label plus air). */
const TICK_SPACING = 72;

/** Dash patterns by series index: series stay apart in forced colours and for colour-blind eyes. */
export const SERIES_DASHES: readonly (readonly number[])[] = [
  [],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [4, 4],
  [10, 4],
  [1, 3],
  [6, 2, 1, 2],
];
export const PREVIOUS_DASH: readonly number[] = [5, 4];
export const BACKLOG_DASH: readonly number[] = [2, 3];
export const TARGET_DASH: readonly number[] = [8, 4];

/**
 * A linear scale. d3-scale's `scaleLinear` would bring d3-interpolate, d3-color and d3-format
 * (about 8 kB min+gzip) for what is two multiplications here; ticks are d3's (`niceTicks`).
 */
export interface Scale {
  (value: number): number;
  domain(): [number, number];
  invert(pixel: number): number;
  ticks(count: number): number[];
}

export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((value: number) => r0 + (value - d0) * k) as Scale;
  scale.domain = () => [d0, d1];
  scale.invert = (pixel: number) => (k === 0 ? d0 : d0 + (pixel - r0) / k);
  scale.ticks = (count: number) => niceTicks(d0, d1, count);
  return scale;
}

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/**
 * d3-array's `tickIncrement(0, top, count)`: the tick step over [0, top], or below 1 its inverse
 * negated (an exact integer, so rounding to it stays exact). d3's retry with twice the count
 * cannot happen from 0, where the first tick index is 0 and the last is never below it.
 */
function tickStep(top: number, count: number): number {
  const step = top / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  return power < 0 ? -(10 ** -power) / factor : 10 ** power * factor;
}

/** Rounds `top` up to a tick boundary (as d3's `nice()` does for a domain starting at 0). */
export function niceTop(top: number, count: number): number {
  for (let round = 0; round < 2; round++) {
    const step = tickStep(top, count);
    if (step > 0) top = Math.ceil(top / step) * step;
    else if (step < 0) top = Math.ceil(top * -step) / -step;
  }
  return top;
}

/**
 * Holds the chart's numeric form of one response: bucket mid-points and one layer per drawn line
 * (stacked running totals in area mode), plus their columns. `setData` reuses everything when the
 * new data only appends buckets (a live refresh in the current hour).
 */
export class ThroughputModel {
  mode: ThroughputMode = 'area';
  n = 0;
  /** Bucket mid-points, epoch ms: where each bucket's value is drawn. */
  mid = new Float64Array(0);
  times = new Float64Array(0);
  end = 0;
  /** One per series (running totals in area mode), then `previous`, then `backlog`. */
  layers: Float64Array<ArrayBuffer>[] = [];
  seriesCount = 0;
  hasPrevious = false;
  hasBacklog = false;
  target: number | null = null;
  /** How many buckets the last `setData` had to recompute (all of them, or the appended tail). */
  recomputedFrom = 0;

  #signature = '';
  #sources: ArrayLike<number>[] = [];
  #columns: Columns[] = [];

  setData(data: ChartData, mode: ThroughputMode): void {
    const n = data.times.length;
    const signature = `${mode}|${data.series.map((s) => s.key).join(',')}|${!!data.previous}|${!!data.backlog}`;
    const sources: ArrayLike<number>[] = data.series.map((s) => s.values);
    if (data.previous) sources.push(data.previous);
    if (data.backlog) sources.push(data.backlog);
    const from = signature === this.#signature ? this.#appendPoint(data, sources) : 0;

    this.mode = mode;
    this.#signature = signature;
    this.seriesCount = data.series.length;
    this.hasPrevious = !!data.previous;
    this.hasBacklog = !!data.backlog;
    this.target = data.target ?? null;
    this.end = data.end;
    this.recomputedFrom = from;

    if (from === 0 || this.times.length < n) {
      // Headroom, so the live refreshes that follow (a bucket each) do not reallocate.
      const capacity = from === 0 ? n + 64 : Math.ceil(n * 1.25) + 16;
      this.times = grow(this.times, capacity, from);
      this.mid = grow(this.mid, capacity, from);
      this.layers = sources.map((_, i) =>
        grow(this.layers[i] ?? new Float64Array(0), capacity, from),
      );
      if (from === 0) this.#columns = [];
    }
    this.n = n;
    for (let i = from; i < n; i++) this.times[i] = data.times[i] as number;
    for (let i = from; i < n; i++) {
      this.mid[i] =
        ((this.times[i] as number) + (i + 1 < n ? (this.times[i + 1] as number) : data.end)) / 2;
    }
    const stacked = mode === 'area';
    for (let l = 0; l < sources.length; l++) {
      const source = sources[l] as ArrayLike<number>;
      const layer = this.layers[l] as Float64Array;
      const below =
        stacked && l > 0 && l < this.seriesCount ? (this.layers[l - 1] as Float64Array) : null;
      for (let i = from; i < n; i++) {
        const value = Number(source[i]) || 0;
        layer[i] = below ? (below[i] as number) + value : value;
      }
    }
    // Kept by reference (responses are never mutated) to recognise the next append cheaply.
    this.#sources = sources;
    // Columns from the first changed bucket on are stale.
    for (const columns of this.#columns) truncateColumns(columns, from);
  }

  /** The first bucket that differs when `data` extends the current data, else 0. */
  #appendPoint(data: ChartData, sources: ArrayLike<number>[]): number {
    const old = this.n;
    const n = data.times.length;
    if (old === 0 || n < old || data.times[0] !== this.times[0]) return 0;
    // The last old bucket may still be filling up (the current hour); it is recomputed too.
    const keep = old - 1;
    if (data.times[keep] !== this.times[keep]) return 0;
    for (let l = 0; l < sources.length; l++) {
      const next = sources[l] as ArrayLike<number>;
      const prev = this.#sources[l];
      if (!prev) return 0;
      for (let i = 0; i < keep; i++) if (next[i] !== prev[i]) return 0;
    }
    return keep;
  }

  /** Layer index of a series' top line, of the previous total, of the backlog. */
  previousLayer(): number {
    return this.hasPrevious ? this.seriesCount : -1;
  }
  backlogLayer(): number {
    return this.hasBacklog ? this.seriesCount + (this.hasPrevious ? 1 : 0) : -1;
  }

  /** The bucket whose mid-point is nearest to `time`. */
  indexAt(time: number): number {
    if (this.n === 0) return -1;
    const i = bisectMid(this.mid.subarray(0, this.n), time);
    if (i <= 0) return 0;
    if (i >= this.n) return this.n - 1;
    return time - (this.mid[i - 1] as number) < (this.mid[i] as number) - time ? i - 1 : i;
  }

  /** The value as the data gave it (not stacked). */
  raw(layer: number, index: number): number {
    return Number(this.#sources[layer]?.[index]) || 0;
  }

  /**
   * Columns of `layer` over buckets [start, end) with `k` buckets per column. Kept between
   * calls: only columns past the last one computed (or invalidated by an append) are built.
   */
  columnsFor(layer: number, start: number, end: number, k: number): Columns {
    let columns = this.#columns[layer];
    if (!columns || columns.k !== k || columns.start !== start) {
      columns = emptyColumns(k, start);
      this.#columns[layer] = columns;
    }
    if (end !== columns.end) {
      // A column cut short by the old end must be rebuilt for the new one.
      columns.count = Math.min(columns.count, Math.floor((Math.min(end, columns.end) - start) / k));
      columns.end = end;
    }
    const values = this.layers[layer] as Float64Array;
    const needed = Math.ceil((end - start) / k);
    if (columns.min.length < needed) growColumns(columns, Math.ceil(needed * 1.25) + 4);
    for (let c = columns.count; c < needed; c++) {
      const from = start + c * k;
      const to = Math.min(end, from + k);
      let min = Infinity;
      let max = -Infinity;
      let minAt = from;
      let maxAt = from;
      for (let i = from; i < to; i++) {
        const v = values[i] as number;
        if (v < min) {
          min = v;
          minAt = i;
        }
        if (v > max) {
          max = v;
          maxAt = i;
        }
      }
      columns.min[c] = min;
      columns.max[c] = max;
      columns.minAt[c] = minAt;
      columns.maxAt[c] = maxAt;
    }
    columns.count = needed;
    return columns;
  }

  /** Largest value of a layer over buckets [start, end). */
  maxOf(layer: number, start: number, end: number): number {
    const values = this.layers[layer];
    let max = 0;
    if (!values) return max;
    for (let i = start; i < end; i++) if ((values[i] as number) > max) max = values[i] as number;
    return max;
  }
}

/**
 * d3's `bisector((d) => d)` on ascending numbers: the first index whose value is not below `x`
 * (`left`), or above `x` (`right`). As in d3, an `x` that compares with nothing (NaN) lands
 * after every value.
 */
function bisect(values: ArrayLike<number>, x: number, right?: boolean): number {
  let lo = 0;
  let hi = values.length;
  if (Number.isNaN(x)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = values[mid] as number;
    if (v < x || (right && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const bisectMid = (values: ArrayLike<number>, x: number) => bisect(values, x);

function grow(
  array: Float64Array<ArrayBuffer>,
  capacity: number,
  keep: number,
): Float64Array<ArrayBuffer> {
  if (array.length >= capacity && keep > 0) return array;
  const next = new Float64Array(Math.max(capacity, 1));
  if (keep > 0) next.set(array.subarray(0, Math.min(keep, array.length)));
  return next;
}

function emptyColumns(k: number, start: number): Columns {
  return {
    k,
    start,
    end: start,
    count: 0,
    min: new Float64Array(0),
    max: new Float64Array(0),
    minAt: new Int32Array(0),
    maxAt: new Int32Array(0),
  };
}

function growColumns(columns: Columns, size: number): void {
  for (const key of ['min', 'max'] as const) {
    const next = new Float64Array(size);
    next.set(columns[key].subarray(0, columns.count));
    columns[key] = next;
  }
  for (const key of ['minAt', 'maxAt'] as const) {
    const next = new Int32Array(size);
    next.set(columns[key].subarray(0, columns.count));
    columns[key] = next;
  }
}

/** Drops the columns that contain bucket `from` or later (they will be rebuilt). */
function truncateColumns(columns: Columns, from: number): void {
  columns.count = Math.min(
    columns.count,
    Math.max(0, Math.floor((from - columns.start) / columns.k)),
  );
  columns.end = Math.min(columns.end, Math.max(columns.start, from));
}

/** Scales, visible range and ticks for the current size and zoom. */
export function computeLayout(model: ThroughputModel, options: LayoutOptions): Layout {
  const { width, height, mode } = options;
  const n = model.n;
  const full: readonly [number, number] = n > 0 ? [model.times[0] as number, model.end] : [0, 1];
  const domain = clampDomain(options.domain ?? full, full);
  const hasBacklog = model.hasBacklog;
  const plot: Plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(10, width - MARGIN.left - MARGIN.right - (hasBacklog ? RIGHT_AXIS : 0)),
    height: Math.max(10, height - MARGIN.top - MARGIN.bottom),
  };
  const x = linearScale(domain, [plot.left, plot.left + plot.width]);

  // Buckets whose mid-point lies in the domain, plus one on each side so lines reach the edges.
  const mid = model.mid.subarray(0, n);
  const start = Math.max(0, bisectMid(mid, domain[0]) - 1);
  const end = Math.min(n, bisectMid(mid, domain[1]) + 1);

  let top = 0;
  if (mode === 'area') top = model.maxOf(model.seriesCount - 1, start, end);
  else for (let l = 0; l < model.seriesCount; l++) top = Math.max(top, model.maxOf(l, start, end));
  const previous = model.previousLayer();
  if (previous >= 0) top = Math.max(top, model.maxOf(previous, start, end));
  if (model.target) top = Math.max(top, model.target);
  const yCount = Math.max(2, Math.floor(plot.height / 40));
  const y = linearScale(
    [0, niceTop(top > 0 ? top * 1.05 : 1, yCount)],
    [plot.top + plot.height, plot.top],
  );

  let y2: Scale | null = null;
  const backlog = model.backlogLayer();
  if (backlog >= 0) {
    const top2 = model.maxOf(backlog, start, end);
    y2 = linearScale(
      [0, niceTop(top2 > 0 ? top2 * 1.05 : 1, yCount)],
      [plot.top + plot.height, plot.top],
    );
  }

  // A tick on the right edge would be the end of the last bucket, not a bucket: leave it out.
  const xTicks = timeTicks(domain[0], domain[1] - 1, {
    timeZone: options.timeZone,
    locale: options.locale,
    maxTicks: Math.max(2, Math.floor(plot.width / TICK_SPACING)),
  }).map((tick) => ({ ...tick, x: x(tick.at) }));

  const valueTicks = (scale: Scale) =>
    scale.ticks(yCount).map((value) => ({ value, at: scale(value) }));

  return {
    width,
    height,
    plot,
    x,
    y,
    y2,
    domain,
    start,
    end,
    xTicks,
    yTicks: valueTicks(y),
    y2Ticks: y2 ? valueTicks(y2) : [],
  };
}

/** Keeps a zoom inside the data and at least one bucket-ish wide. */
export function clampDomain(
  domain: readonly [number, number],
  full: readonly [number, number],
): readonly [number, number] {
  let [from, to] = domain[0] <= domain[1] ? domain : [domain[1], domain[0]];
  const span = Math.min(to - from, full[1] - full[0]);
  if (span <= 0) return full;
  if (from < full[0]) [from, to] = [full[0], full[0] + span];
  if (to > full[1]) [from, to] = [full[1] - span, full[1]];
  return [from, to];
}

/** Zooms around the domain's centre (`factor` < 1 zooms in) or pans by a share of its span. */
export function zoomDomain(
  domain: readonly [number, number],
  full: readonly [number, number],
  action: { zoom?: number; pan?: number },
  minSpan = 0,
): readonly [number, number] {
  const span = domain[1] - domain[0];
  if (action.zoom !== undefined) {
    const next = Math.max(minSpan, Math.min(full[1] - full[0], span * action.zoom));
    const centre = (domain[0] + domain[1]) / 2;
    return clampDomain([centre - next / 2, centre + next / 2], full);
  }
  const shift = span * (action.pan ?? 0);
  return clampDomain([domain[0] + shift, domain[1] + shift], full);
}

export interface SvgPaths {
  /** Per series: the filled band (area mode) and the top or line path. */
  series: Array<{ fill: string | null; line: string }>;
  previous: string | null;
  backlog: string | null;
}

/** SVG path data for the visible buckets (used below the canvas threshold). */
export function svgPaths(model: ThroughputModel, layout: Layout): SvgPaths {
  const { x, y, start, end } = layout;
  const mid = model.mid;
  // One decimal is below a device pixel at any zoom and keeps the path strings short.
  const r = (v: number) => Math.round(v * 10) / 10;
  const points = (values: Float64Array | null, scale: Scale, reverse = false) => {
    const out: string[] = [];
    for (let i = start; i < end; i++) {
      out.push(`${r(x(mid[i] as number))},${r(scale(values ? (values[i] as number) : 0))}`);
    }
    return reverse ? out.reverse() : out;
  };
  const series = [];
  for (let l = 0; l < model.seriesCount; l++) {
    const top = points(model.layers[l] as Float64Array, y);
    const path = top.length ? `M${top.join('L')}` : '';
    let fill: string | null = null;
    if (model.mode === 'area' && top.length) {
      const below = points(l > 0 ? (model.layers[l - 1] as Float64Array) : null, y, true);
      fill = `${path}L${below.join('L')}Z`;
    }
    series.push({ fill, line: path });
  }
  const layerPath = (layer: number, scale: Scale | null) =>
    layer >= 0 && scale ? `M${points(model.layers[layer] as Float64Array, scale).join('L')}` : null;
  return {
    series,
    previous: layerPath(model.previousLayer(), y),
    backlog: layerPath(model.backlogLayer(), layout.y2),
  };
}

/**
 * How the chart's canvas context should be created: `desynchronized` lets the browser show the
 * canvas without copying its bitmap into every frame, which in the bench's software canvas
 * halved the main-thread time of a redraw.
 */
export const CANVAS_OPTIONS: CanvasRenderingContext2DSettings = { desynchronized: true };

export interface CanvasStyle {
  /** One colour per drawn series, in layer order (already resolved from the theme tokens). */
  colors: readonly string[];
  /** One dash pattern per drawn series (a series keeps its own when others are hidden). */
  dashes: ReadonlyArray<readonly number[]>;
  previous: string;
  backlog: string;
  /** Fill stacked areas (off in forced colours, where only lines and dashes carry meaning). */
  fill: boolean;
  fillOpacity: number;
  pixelRatio: number;
}

/**
 * Draws the series, previous-period line and backlog of the visible buckets on a 2D context
 * sized `layout.width × layout.height` CSS pixels at `style.pixelRatio`. Axes, target and
 * crosshair are drawn by the caller's SVG on top, so they stay crisp and accessible.
 */
export function drawCanvas(
  ctx: CanvasRenderingContext2D,
  model: ThroughputModel,
  layout: Layout,
  style: CanvasStyle,
): void {
  const { plot, x, y, start, end } = layout;
  const ratio = style.pixelRatio;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);
  if (end <= start) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  // One column per device pixel at most: finer detail cannot show.
  const k = Math.max(1, Math.ceil((end - start) / (plot.width * ratio)));
  const mid = model.mid;
  const xs = (i: number) => x(mid[i] as number);

  // Per column its minimum and maximum, in the order they occur: within one device pixel that
  // covers the same pixels as every point (and as first/last, which lie between them), with at
  // most two vertices and less dashed length per column. Vertices snap to whole device pixels,
  // so a column's min–max is one vertical run: a year of hours is a zig-zag across most of the
  // plot's height in every column, and the software rasteriser's flush of such a path (outside
  // script, on the main thread, seen in the bench's "painted") went from ~115 ms to ~67 ms,
  // below uPlot's ~59 ms, which snaps the same way.
  const snap = (v: number) => Math.round(v * ratio) / ratio;
  const trace = (layer: number, scale: Scale, move: boolean, reverse = false) => {
    const { count, min, max, minAt, maxAt } = model.columnsFor(layer, start, end, k);
    for (let step = 0; step < count; step++) {
      const col = reverse ? count - 1 - step : step;
      let a = minAt[col] as number;
      let b = maxAt[col] as number;
      let va = min[col] as number;
      let vb = max[col] as number;
      if (a > b !== reverse) [a, b, va, vb] = [b, a, vb, va];
      const px = snap(xs(a));
      if (move) ctx.moveTo(px, snap(scale(va)));
      else ctx.lineTo(px, snap(scale(va)));
      move = false;
      if (a !== b) ctx.lineTo(px, snap(scale(vb)));
    }
  };

  const stroke = (color: string, dash: readonly number[], lineWidth: number) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = lineWidth;
    ctx.setLineDash(dash as number[]);
    ctx.stroke();
  };

  const baseline = y(0);
  for (let l = 0; l < model.seriesCount; l++) {
    const color = style.colors[l % style.colors.length] as string;
    if (model.mode === 'area' && style.fill) {
      ctx.beginPath();
      trace(l, y, true);
      if (l > 0) trace(l - 1, y, false, true);
      else {
        ctx.lineTo(snap(xs(end - 1)), baseline);
        ctx.lineTo(snap(xs(start)), baseline);
      }
      ctx.closePath();
      ctx.globalAlpha = style.fillOpacity;
      ctx.fillStyle = color;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.beginPath();
    trace(l, y, true);
    stroke(color, style.dashes[l] ?? [], model.mode === 'area' ? 1.5 : 2);
  }
  const previous = model.previousLayer();
  if (previous >= 0) {
    ctx.beginPath();
    trace(previous, y, true);
    stroke(style.previous, PREVIOUS_DASH, 1.5);
  }
  const backlog = model.backlogLayer();
  if (backlog >= 0 && layout.y2) {
    ctx.beginPath();
    trace(backlog, layout.y2, true);
    stroke(style.backlog, BACKLOG_DASH, 1.5);
  }
  ctx.restore();
}

// The last buckets parsed and their times. A live refresh sends the same bucket strings again
// plus one or two new ones; comparing a string costs far less than `Date.parse`, so only the
// buckets that differ from the last call are parsed. One entry: charts on a page refresh in
// turn, and a miss costs no more than parsing everything.
let lastBuckets: readonly string[] = [];
let lastTimes = new Float64Array(0);

/**
 * Turns a response's ISO bucket starts into epoch ms. Buckets equal to the previous call's (at
 * the same index, or shifted by a sliding window) reuse its result instead of being re-parsed.
 */
export function parseTimes(buckets: readonly string[]): Float64Array<ArrayBuffer> {
  const n = buckets.length;
  const times = new Float64Array(n);
  const prev = lastBuckets;
  const prevTimes = lastTimes;
  // A window that moved on starts further into the previous buckets.
  let offset = n > 0 && prev.length > 0 && buckets[0] !== prev[0] ? prev.indexOf(buckets[0]!) : 0;
  if (offset < 0) offset = prev.length;
  for (let i = 0; i < n; i++) {
    const s = buckets[i] as string;
    const j = i + offset;
    times[i] = j < prev.length && prev[j] === s ? (prevTimes[j] as number) : Date.parse(s);
  }
  lastBuckets = buckets;
  // A copy: the caller owns `times` and may write to it.
  lastTimes = times.slice();
  return times;
}

/** Sum of the given series per bucket (the previous period's total of the visible series). */
export function totals(
  series: ReadonlyArray<{ values: ArrayLike<number> }>,
  n: number,
): Float64Array {
  const sum = new Float64Array(n);
  for (const s of series)
    for (let i = 0; i < n; i++) sum[i] = (sum[i] as number) + (Number(s.values[i]) || 0);
  return sum;
}

/** The [from, to) range of buckets around two instants, snapped to bucket edges. */
export function snapToBuckets(
  model: ThroughputModel,
  a: number,
  b: number,
): { from: number; to: number } {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const times = model.times.subarray(0, model.n);
  const first = Math.max(0, bisect(times, lo, true) - 1);
  const last = Math.max(first, bisect(times, hi) - 1);
  const to = last + 1 < model.n ? (times[last + 1] as number) : model.end;
  return { from: times[first] as number, to };
}
