/**
 * Pure chart maths and drawing for `<cmdctr-heatmap>`: data and size in, drawing out.
 * Nothing here fetches, reads the DOM tree or keeps global state, so every function can be
 * tested in isolation and reused by a worker or a server-side renderer later.
 */
import { colorRamp, parseColor as parseRgb } from '../base/color-ramp.js';
import { niceTicks } from '../base/nice-ticks.js';

// Structural subset of the contract's `ExceptionMatrixResponse` (docs/dev/interfaces.md) that
// the chart needs. Declared structurally so the chart maths does not depend on generated code;
// the element passes the real contract type, which is assignable to it.
export interface HeatmapRow {
  key: string;
  label: string;
  counts: readonly number[];
  rates: readonly (number | null)[];
  total: number;
  rate: number | null;
  owner: string | null;
  severity: 'critical' | 'high' | 'medium' | 'low' | null;
  runbookUrl: string | null;
  workflow: string | null;
}

export interface HeatmapMatrix {
  bucket: 'hour' | 'day' | 'week';
  buckets: readonly string[];
  bucketEnd: string;
  thresholds: { warn: number; critical: number };
  rows: readonly HeatmapRow[];
  totals: {
    counts: readonly number[];
    items: readonly number[];
    rates: readonly (number | null)[];
  };
}

export type HeatmapMeasure = 'count' | 'rate';
export type HeatmapSort = 'total' | 'latest' | 'name';
export type ThresholdState = 'ok' | 'warn' | 'critical';

/** Value of one cell in the chosen measure; `null` means "no items in this bucket". */
export function cellValue(row: HeatmapRow, column: number, measure: HeatmapMeasure): number | null {
  if (measure === 'rate') return row.rates[column] ?? null;
  return row.counts[column] ?? 0;
}

/** A row's value over the whole range in the chosen measure (server-computed, never re-derived). */
export function rowTotal(row: HeatmapRow, measure: HeatmapMeasure): number | null {
  return measure === 'rate' ? row.rate : row.total;
}

/** A column's total in the chosen measure, taken from the server's `totals`. */
export function columnTotal(
  matrix: HeatmapMatrix,
  column: number,
  measure: HeatmapMeasure,
): number | null {
  if (measure === 'rate') return matrix.totals.rates[column] ?? null;
  return matrix.totals.counts[column] ?? 0;
}

/**
 * Rows in display order. Ties fall back to the label so the order is stable across refreshes
 * (a jumping row order would defeat the "what changed since last look" reading of the chart).
 */
export function sortRows(
  rows: readonly HeatmapRow[],
  sort: HeatmapSort,
  measure: HeatmapMeasure,
  locale?: string,
): HeatmapRow[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const byName = (a: HeatmapRow, b: HeatmapRow) =>
    collator.compare(a.label, b.label) || collator.compare(a.key, b.key);
  // Nulls (no items at all) sort after every real value, whatever the direction.
  const desc = (a: number | null, b: number | null) => (b ?? -Infinity) - (a ?? -Infinity);
  const sorted = [...rows];
  if (sort === 'name') return sorted.sort(byName);
  if (sort === 'latest') {
    return sorted.sort((a, b) => {
      const last = Math.max(a.counts.length, b.counts.length) - 1;
      return (
        desc(cellValue(a, last, measure), cellValue(b, last, measure)) ||
        desc(rowTotal(a, measure), rowTotal(b, measure)) ||
        byName(a, b)
      );
    });
  }
  return sorted.sort(
    (a, b) => desc(rowTotal(a, measure), rowTotal(b, measure)) || b.total - a.total || byName(a, b),
  );
}

/**
 * Threshold state of one cell: its exception rate against the workflow thresholds. Rates are
 * judged even when the chart shows counts, because the thresholds are rate thresholds.
 */
export function thresholdState(
  rate: number | null | undefined,
  thresholds: { warn: number; critical: number },
): ThresholdState {
  if (rate == null || Number.isNaN(rate)) return 'ok';
  if (rate >= thresholds.critical) return 'critical';
  if (rate >= thresholds.warn) return 'warn';
  return 'ok';
}

// ---------------------------------------------------------------------------------------------
// Colour scale
// ---------------------------------------------------------------------------------------------

export type Rgba = readonly [number, number, number, number];

/**
 * Default stops: a single-hue-ish light→dark ramp whose lightness rises monotonically, so it
 * reads for every common colour-vision deficiency and in greyscale print. Real stops come
 * from the resolved `--cmdctr-heatmap-stop-*` tokens.
 */
export const DEFAULT_STOPS: readonly string[] = [
  '#f1eef6',
  '#bdc9e1',
  '#74a9cf',
  '#2b8cbe',
  '#045a8d',
];

const LUT_SIZE = 256;

export interface ColorScale {
  domain: readonly [number, number];
  /** RGBA for a value; `null` → the no-data colour. */
  rgba(value: number | null): Rgba;
  /** CSS colour string for a value (for SVG/DOM fills and the legend). */
  css(value: number | null): string;
  /** Colour with the most contrast against the fill, for hatching and text on the cell. */
  ink(value: number | null): Rgba;
  /** Gradient stops for the legend, low to high. */
  gradient(count?: number): string[];
  /** Fill and ink packed for a Uint32 pixel view (see `packRgba`), cached per colour step. */
  packed(value: number | null): number;
  packedInk(value: number | null): number;
}

/** Any CSS colour (the browser parses what is not hex or rgb()), as opaque RGBA. */
export function parseColor(input: string): Rgba {
  const [r, g, b] = parseRgb(input);
  return [r, g, b, 255];
}

// Every colour this module makes is opaque (parseColor and the ramp set alpha 255).
const toCss = (c: Rgba) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/** WCAG relative luminance, used to pick dark or light ink for patterns on a fill. */
export function luminance(c: Rgba): number {
  const ch = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
}

export interface ColorScaleOptions {
  stops?: readonly string[];
  /** Fill of cells with no items (rate null). */
  noData?: string;
  inkDark?: string;
  inkLight?: string;
}

/**
 * Sequential scale over [0, max]. The interpolated ramp is sampled once into a lookup table so
 * painting 36 000 cells costs an array index per cell, not a colour-string parse.
 */
export function colorScale(
  domain: readonly [number, number],
  options: ColorScaleOptions = {},
): ColorScale {
  const stops = options.stops && options.stops.length >= 2 ? options.stops : DEFAULT_STOPS;
  const table = colorRamp(stops, LUT_SIZE);
  const lut: Rgba[] = [];
  for (let i = 0; i < LUT_SIZE * 4; i += 4)
    lut.push([table[i]!, table[i + 1]!, table[i + 2]!, 255]);
  const noData = parseColor(options.noData ?? '#ffffff');
  const dark = parseColor(options.inkDark ?? '#1b1b1f');
  const light = parseColor(options.inkLight ?? '#ffffff');
  const [lo, hi] = domain;
  const span = hi - lo;
  const index = (v: number) => {
    const t = span > 0 ? (v - lo) / span : 0;
    return Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1))));
  };
  const rgba = (v: number | null): Rgba =>
    v == null || Number.isNaN(v) ? noData : (lut[index(v)] as Rgba);
  // Contrast ratio against each ink; pick the larger so hatching stays visible on any fill.
  const inkFor = (c: Rgba): Rgba => {
    const l = luminance(c);
    return (l + 0.05) / (luminance(dark) + 0.05) >= (luminance(light) + 0.05) / (l + 0.05)
      ? dark
      : light;
  };
  const ink = (v: number | null): Rgba => inkFor(rgba(v));
  // Painting asks for packed colours per cell; precomputing them keeps the hot loop to lookups.
  const lut32 = Uint32Array.from(lut, packRgba);
  const ink32 = Uint32Array.from(lut, (c) => packRgba(inkFor(c)));
  const noData32 = packRgba(noData);
  const noDataInk32 = packRgba(inkFor(noData));
  return {
    domain: [lo, hi],
    packed: (v) => (v == null || Number.isNaN(v) ? noData32 : (lut32[index(v)] as number)),
    packedInk: (v) => (v == null || Number.isNaN(v) ? noDataInk32 : (ink32[index(v)] as number)),
    rgba,
    css: (v) => toCss(rgba(v)),
    ink,
    gradient: (count = 8) =>
      Array.from({ length: count }, (_, i) =>
        toCss(lut[index(lo + (span * i) / (count - 1))] as Rgba),
      ),
  };
}

/**
 * Colour domain for a matrix. Rates always include the critical threshold so "fully dark" keeps
 * meaning "at or past critical" instead of "the worst cell of this particular range".
 */
export function colorDomain(matrix: HeatmapMatrix, measure: HeatmapMeasure): [number, number] {
  let max = 0;
  for (const row of matrix.rows) {
    const values = measure === 'rate' ? row.rates : row.counts;
    for (const v of values) if (v != null && v > max) max = v;
  }
  if (measure === 'rate') return [0, Math.min(1, Math.max(max, matrix.thresholds.critical))];
  return [0, Math.max(1, max)];
}

export interface LegendTick {
  value: number;
  /** Position along the legend, 0..1. */
  offset: number;
  label: string;
}

/** Evenly readable legend ticks on the colour domain, labelled in the element's locale. */
export function legendTicks(
  domain: readonly [number, number],
  measure: HeatmapMeasure,
  locale?: string,
  count = 5,
): LegendTick[] {
  const [lo, hi] = domain;
  const offset = (v: number) => (hi > lo ? (v - lo) / (hi - lo) : 0);
  const fmt =
    measure === 'rate'
      ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
      : new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  // Counts are integers: fractional ticks on a small domain (0, 0.5, 1) would be nonsense.
  const ticks = niceTicks(lo, hi, count).filter((t) => measure === 'rate' || Number.isInteger(t));
  return ticks.map((value) => ({ value, offset: offset(value), label: fmt.format(value) }));
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

export interface LayoutInput {
  /** Available width of the container, CSS px. */
  width: number;
  rows: number;
  columns: number;
  devicePixelRatio?: number;
  /** Label column width, CSS px (see `labelColumnWidth`). */
  labelWidth: number;
  /** Row-total column width, CSS px. */
  totalWidth?: number;
  /** Below this the chart scrolls horizontally instead of squeezing cells further. */
  minCellWidth?: number;
  /** Widest a cell may grow, so a 3-column matrix does not become three huge blocks. */
  maxCellWidth?: number;
  cellHeight?: number;
  /** Height of the column-totals strip under the cells, CSS px. */
  stripHeight?: number;
  /** Cap on canvas pixels; past it the effective pixel ratio drops to bound memory. */
  maxCanvasPixels?: number;
}

export interface HeatmapLayout {
  /** Effective device pixel ratio used for the canvas. */
  dpr: number;
  /** Cell pitch in device pixels (integer: column shifts stay exact in `appendColumn`). */
  cellWidthPx: number;
  cellHeightPx: number;
  /** Gap between cells in device pixels (0 when cells are too small to afford one). */
  gapPx: number;
  stripHeightPx: number;
  /** Same pitches in CSS px. */
  cellWidth: number;
  cellHeight: number;
  stripHeight: number;
  labelWidth: number;
  totalWidth: number;
  plotWidth: number;
  plotHeight: number;
  contentWidth: number;
  /** True when the content is wider than the container. */
  scroll: boolean;
  canvasWidthPx: number;
  canvasHeightPx: number;
}

/** Label column width from the longest label; `measure` may be a canvas measureText. */
export function labelColumnWidth(
  labels: readonly string[],
  measure: (text: string) => number = (t) => t.length * 7,
  min = 72,
  max = 220,
): number {
  let widest = 0;
  for (const l of labels) widest = Math.max(widest, measure(l));
  return Math.round(Math.max(min, Math.min(max, widest + 16)));
}

export function computeLayout(input: LayoutInput): HeatmapLayout {
  const columns = Math.max(1, input.columns);
  const rows = Math.max(0, input.rows);
  const totalWidth = input.totalWidth ?? 56;
  const minCell = input.minCellWidth ?? 4;
  const maxCell = input.maxCellWidth ?? 48;
  const cellHeight = input.cellHeight ?? 20;
  const stripHeight = input.stripHeight ?? 24;
  const available = Math.max(0, input.width - input.labelWidth - totalWidth);
  // Estimate the canvas in CSS px first, then lower the ratio if it would exceed the budget.
  const cssW = Math.max(available, columns * minCell);
  const cssH = rows * cellHeight + stripHeight;
  const maxPixels = input.maxCanvasPixels ?? 16_000_000;
  let dpr = Math.max(1, input.devicePixelRatio ?? 1);
  if (cssW * cssH * dpr * dpr > maxPixels)
    dpr = Math.max(0.5, Math.sqrt(maxPixels / (cssW * cssH)));
  const cellWidthPx = Math.max(
    Math.ceil(minCell * dpr),
    Math.min(Math.floor(maxCell * dpr), Math.floor((available * dpr) / columns)),
  );
  const cellHeightPx = Math.max(1, Math.round(cellHeight * dpr));
  const stripHeightPx = Math.round(stripHeight * dpr);
  const gapPx = cellWidthPx >= 4 * dpr ? Math.max(1, Math.round(dpr)) : 0;
  const plotWidth = (cellWidthPx * columns) / dpr;
  const contentWidth = input.labelWidth + plotWidth + totalWidth;
  return {
    dpr,
    cellWidthPx,
    cellHeightPx,
    gapPx,
    stripHeightPx,
    cellWidth: cellWidthPx / dpr,
    cellHeight: cellHeightPx / dpr,
    stripHeight: stripHeightPx / dpr,
    labelWidth: input.labelWidth,
    totalWidth,
    plotWidth,
    plotHeight: (cellHeightPx * rows) / dpr,
    contentWidth,
    scroll: contentWidth > input.width + 0.5,
    canvasWidthPx: cellWidthPx * columns,
    canvasHeightPx: cellHeightPx * rows + stripHeightPx,
  };
}

// ---------------------------------------------------------------------------------------------
// Time axis
// ---------------------------------------------------------------------------------------------

export interface BucketLabels {
  /** Short label per bucket ("14:00", "Mar 29"), disambiguated on repeated DST hours. */
  short: string[];
  /** Full label per bucket range, for tooltips, table headers and announcements. */
  long: string[];
  /** Local calendar day key per bucket, used to mark day boundaries. */
  day: string[];
  /** Short local date per bucket ("29 Mar"): the label of day-boundary ticks on hourly axes. */
  date: string[];
  /** Local hour per bucket (hour buckets only, else 0), for tick alignment across DST. */
  hour: number[];
}

export interface TimeTick {
  index: number;
  label: string;
  /** First bucket of a new local day (or month for day/week buckets): drawn stronger. */
  major: boolean;
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // Building an Intl.DateTimeFormat costs ~0.1 ms; a 720-column axis would pay it thousands of times.
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = dtfCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    dtfCache.set(key, f);
  }
  return f;
}

/** Bucket labels in the requested time zone and locale (bucket edges come from the server). */
export function bucketLabels(
  buckets: readonly string[],
  bucketEnd: string,
  bucket: HeatmapMatrix['bucket'],
  timeZone: string,
  locale?: string,
): BucketLabels {
  const time = dtf(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const date = dtf(locale, { timeZone, month: 'short', day: 'numeric' });
  const dateTime = dtf(locale, {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const offset = dtf(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const dayKey = dtf('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const hourOf = dtf('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  const dates = buckets.map((b) => new Date(b));
  const short = dates.map((d) => (bucket === 'hour' ? time.format(d) : date.format(d)));
  // On a fall-back day the same wall-clock hour occurs twice on one date; the offset tells the
  // two apart. (The same hour on different dates is not ambiguous: the axis shows the dates.)
  if (bucket === 'hour') {
    const seen = new Map<string, number>();
    const keys = dates.map((d, i) => `${dayKey.format(d)} ${short[i] ?? ''}`);
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    keys.forEach((k, i) => {
      if ((seen.get(k) ?? 0) > 1) short[i] = offset.format(dates[i]);
    });
  }
  const long = dates.map((d, i) => {
    const end = i + 1 < dates.length ? (dates[i + 1] as Date) : new Date(bucketEnd);
    return bucket === 'hour'
      ? `${dateTime.format(d)} – ${time.format(end)}`
      : `${date.format(d)} – ${date.format(new Date(end.getTime() - 1))}`;
  });
  return {
    short,
    long,
    day: dates.map((d) => dayKey.format(d)),
    date: dates.map((d) => date.format(d)),
    hour: dates.map((d) => (bucket === 'hour' ? Number(hourOf.format(d)) % 24 : 0)),
  };
}

/**
 * Axis ticks that never overlap: the step is the smallest "nice" step whose spacing is at least
 * `minSpacing` CSS px. Hour ticks align to local hours (00, 06, 12, 18), so on a 23- or 25-hour
 * DST day they stay on round local times instead of drifting by an hour.
 */
export function timeTicks(
  labels: BucketLabels,
  bucket: HeatmapMatrix['bucket'],
  cellWidth: number,
  minSpacing = 48,
): TimeTick[] {
  const n = labels.short.length;
  if (n === 0) return [];
  const steps =
    bucket === 'hour'
      ? [1, 2, 3, 4, 6, 12, 24]
      : bucket === 'day'
        ? [1, 2, 7, 14, 28]
        : [1, 2, 4, 8, 13, 26, 52];
  const step =
    steps.find((s) => s * cellWidth >= minSpacing) ??
    Math.ceil(minSpacing / Math.max(cellWidth, 0.001));
  const ticks: TimeTick[] = [];
  let lastIndex = -Infinity;
  for (let i = 0; i < n; i++) {
    const major = i === 0 || labels.day[i] !== labels.day[i - 1];
    const aligned =
      bucket === 'hour'
        ? (labels.hour[i] as number) % Math.min(step, 24) === 0 && (step < 24 || major)
        : i % step === 0;
    // A skipped local hour (spring forward) can make the aligned hour vanish; never place two
    // ticks closer than the minimum spacing either way.
    if (!aligned || (i - lastIndex) * cellWidth < minSpacing * 0.75) continue;
    // Where a new day starts on an hourly axis, the date says more than "00:00".
    const label = bucket === 'hour' && major ? labels.date[i] : labels.short[i];
    ticks.push({ index: i, label: label ?? '', major: bucket === 'hour' ? major : false });
    lastIndex = i;
  }
  return ticks;
}

/** The [from, to) range of one bucket, as ISO strings, for drill-down. */
export function bucketRange(
  matrix: Pick<HeatmapMatrix, 'buckets' | 'bucketEnd'>,
  column: number,
): { from: string; to: string } {
  const from = matrix.buckets[column] ?? matrix.bucketEnd;
  const to = matrix.buckets[column + 1] ?? matrix.bucketEnd;
  return { from, to };
}

// ---------------------------------------------------------------------------------------------
// Keyboard model (shared by the DOM grid and the canvas surface)
// ---------------------------------------------------------------------------------------------

export interface GridPosition {
  row: number;
  col: number;
}

/** Next active cell for a key, or `null` when the key is not part of the grid's model. */
export function moveFocus(
  pos: GridPosition,
  key: string,
  rows: number,
  cols: number,
  ctrl = false,
  page = 8,
): GridPosition | null {
  if (rows === 0 || cols === 0) return null;
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max - 1, v));
  switch (key) {
    case 'ArrowRight':
      return { row: pos.row, col: clamp(pos.col + 1, cols) };
    case 'ArrowLeft':
      return { row: pos.row, col: clamp(pos.col - 1, cols) };
    case 'ArrowDown':
      return { row: clamp(pos.row + 1, rows), col: pos.col };
    case 'ArrowUp':
      return { row: clamp(pos.row - 1, rows), col: pos.col };
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : { row: pos.row, col: 0 };
    case 'End':
      return ctrl ? { row: rows - 1, col: cols - 1 } : { row: pos.row, col: cols - 1 };
    case 'PageDown':
      return { row: clamp(pos.row + page, rows), col: pos.col };
    case 'PageUp':
      return { row: clamp(pos.row - page, rows), col: pos.col };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// SVG description (small matrices)
// ---------------------------------------------------------------------------------------------

export interface CellRect {
  row: number;
  col: number;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  ink: string;
  state: ThresholdState;
  value: number | null;
}

export interface TotalBar {
  col: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number | null;
}

/** Rect specs in CSS px relative to the plot origin; the element renders them as SVG. */
export function cellRects(
  matrix: HeatmapMatrix,
  rows: readonly HeatmapRow[],
  measure: HeatmapMeasure,
  scale: ColorScale,
  layout: HeatmapLayout,
): CellRect[] {
  const rects: CellRect[] = [];
  const gap = layout.gapPx / layout.dpr;
  const cols = matrix.buckets.length;
  rows.forEach((row, r) => {
    for (let c = 0; c < cols; c++) {
      const value = cellValue(row, c, measure);
      rects.push({
        row: r,
        col: c,
        x: c * layout.cellWidth,
        y: r * layout.cellHeight,
        width: layout.cellWidth - gap,
        height: layout.cellHeight - gap,
        fill: scale.css(value),
        ink: toCss(scale.ink(value)),
        state: thresholdState(row.rates[c], matrix.thresholds),
        value,
      });
    }
  });
  return rects;
}

/** Column-total bars under the plot, heights relative to the largest column total. */
export function totalBars(
  matrix: HeatmapMatrix,
  measure: HeatmapMeasure,
  layout: HeatmapLayout,
): TotalBar[] {
  const values = matrix.buckets.map((_, c) => columnTotal(matrix, c, measure));
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const gap = layout.gapPx / layout.dpr;
  const room = Math.max(0, layout.stripHeight - 4);
  return values.map((value, col) => {
    const height = max > 0 && value ? Math.max(1, (value / max) * room) : 0;
    return {
      col,
      x: col * layout.cellWidth,
      y: layout.plotHeight + layout.stripHeight - height,
      width: layout.cellWidth - gap,
      height,
      value,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Canvas painting through one ImageData buffer
// ---------------------------------------------------------------------------------------------

// Canvas ImageData is RGBA in memory; a Uint32 view writes one pixel per store. Packing must
// follow the platform byte order (little-endian on every browser we support, checked anyway).
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([0x01020304]).buffer)[0] === 0x04;
export function packRgba(c: Rgba): number {
  return LITTLE_ENDIAN
    ? ((c[3] << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0
    : ((c[0] << 24) | (c[1] << 16) | (c[2] << 8) | c[3]) >>> 0;
}

export interface PaintInput {
  matrix: HeatmapMatrix;
  /** Rows in display order. */
  rows: readonly HeatmapRow[];
  measure: HeatmapMeasure;
  scale: ColorScale;
  layout: HeatmapLayout;
  /** Background between cells and behind the totals strip. */
  background?: string;
  /** Colour of the column-total bars. */
  barColor?: string;
  /** Colour of the drawn focus ring. */
  focusColor?: string;
}

/**
 * How the heatmap's canvas context should be created. Every pixel is painted opaque, so the
 * canvas needs no alpha; `desynchronized` lets the browser show the canvas without copying the
 * whole bitmap into every frame: in the bench's software canvas, a change to a 2.4 Mpx canvas
 * then costs the main thread ~2 ms instead of ~9 ms, whatever the size of the change.
 */
export const CANVAS_OPTIONS: CanvasRenderingContext2DSettings = {
  alpha: false,
  desynchronized: true,
};

/** Minimal 2D context surface the painter needs (lets tests pass a real or an offscreen canvas). */
export type PaintContext = Pick<
  CanvasRenderingContext2D,
  'createImageData' | 'putImageData' | 'strokeRect' | 'lineWidth' | 'strokeStyle' | 'setLineDash'
>;

/**
 * Paints the matrix into one ImageData buffer and puts it once. Keeps the buffer so a new bucket
 * can be appended by painting one column (no full recomputation), and so the focus ring can be
 * moved by restoring only the ring's old rectangle.
 *
 * The buffer is a ring of columns: after appends, logical x sits at buffer x `(x + offset) %
 * width`, so an append overwrites the oldest column instead of moving every pixel in JS, and
 * `#put` unrolls the ring onto the canvas. A full paint starts again at offset 0.
 */
export class HeatmapPainter {
  image: ImageData | undefined;
  #input: PaintInput | undefined;
  #packed: { bg: number; bar: number } = { bg: 0, bar: 0 };
  #focus: GridPosition | null = null;
  #barMax = 0;
  #offset = 0;
  #masks = new Map<string, Int32Array>();

  readonly #ctx: PaintContext;

  constructor(ctx: PaintContext) {
    this.#ctx = ctx;
  }

  /** Full paint. Returns the ImageData for inspection. */
  paint(input: PaintInput): ImageData {
    const { layout } = input;
    this.#input = input;
    this.#packed = {
      bg: packRgba(parseColor(input.background ?? '#ffffff')),
      bar: packRgba(parseColor(input.barColor ?? '#6b7280')),
    };
    if (
      !this.image ||
      this.image.width !== layout.canvasWidthPx ||
      this.image.height !== layout.canvasHeightPx
    ) {
      this.image = this.#ctx.createImageData(
        Math.max(1, layout.canvasWidthPx),
        Math.max(1, layout.canvasHeightPx),
      );
    }
    const px = new Uint32Array(this.image.data.buffer);
    this.#barMax = this.#columnTotalsMax();
    this.#offset = 0;
    this.#paintFrom(px, 0);
    this.#put(0, 0, this.image.width, this.image.height);
    this.#focus = null;
    return this.image;
  }

  /**
   * Appends a bucket: paints the new column over the oldest one in the ring buffer and puts the
   * buffer again, unrolled. `next` is the new matrix (same rows, same order, one bucket dropped
   * at the start and one added at the end); callers fall back to `paint()` when that does not
   * hold.
   *
   * The canvas is put again rather than shifting its own pixels with `drawImage(canvas)` and
   * putting only the new column: on a `CANVAS_OPTIONS` canvas in the bench's software canvas the
   * full put costs ~1 ms, the self-draw (a snapshot and a full blit) ~7 ms.
   */
  appendColumn(next: PaintInput): ImageData {
    const image = this.image;
    if (!image || !this.#input) return this.paint(next);
    const px = new Uint32Array(image.data.buffer);
    this.#input = next;
    const oldMax = this.#barMax;
    this.#barMax = this.#columnTotalsMax();
    this.#offset = (this.#offset + next.layout.cellWidthPx) % image.width;
    const cols = next.matrix.buckets.length;
    // Bar heights are relative to the largest total; a new maximum rescales the whole strip.
    if (this.#barMax !== oldMax) for (let c = 0; c < cols - 1; c++) this.#paintBar(px, c);
    this.#paintFrom(px, cols - 1);
    this.#put(0, 0, image.width, image.height);
    this.#focus = null;
    return image;
  }

  /** Draws the focus ring around one cell, restoring the previous ring's pixels first. */
  drawFocus(pos: GridPosition | null): void {
    if (!this.image || !this.#input) return;
    const { layout } = this.#input;
    if (this.#focus) {
      const r = this.#ringRect(this.#focus);
      this.#put(r.x, r.y, r.w, r.h);
    }
    this.#focus = pos;
    if (!pos) return;
    const r = this.#ringRect(pos);
    const lw = Math.max(2, Math.round(2 * layout.dpr));
    this.#ctx.setLineDash([]);
    this.#ctx.lineWidth = lw;
    this.#ctx.strokeStyle = this.#input.focusColor ?? '#1d4ed8';
    this.#ctx.strokeRect(r.x + lw / 2, r.y + lw / 2, r.w - lw, r.h - lw);
  }

  /** Puts the logical rectangle x, y, w, h of the ring buffer on the canvas: one or two puts. */
  #put(x: number, y: number, w: number, h: number): void {
    const image = this.image as ImageData;
    const wrap = image.width - this.#offset;
    // Logical [x, wrap) is buffer [x + offset, width); logical [wrap, …) is buffer [0, …).
    const a = Math.min(x + w, wrap);
    if (a > x) this.#ctx.putImageData(image, -this.#offset, 0, x + this.#offset, y, a - x, h);
    const b = Math.max(x, wrap);
    if (x + w > b) this.#ctx.putImageData(image, wrap, 0, b - wrap, y, x + w - b, h);
  }

  /**
   * Paints data columns `c0` to the end (all on a full paint, the new one on an append), writing
   * each pixel once. Each row band's first pixel line is built cell by cell and then copied down
   * the band with `copyWithin` (a native memmove); only the threshold patterns and the total bars
   * are written pixel by pixel after that. Filling the background first and every cell pixel in
   * JS after it cost about four times as much on a 2.4 Mpx canvas.
   */
  #paintFrom(px: Uint32Array, c0: number): void {
    const { matrix, rows, measure, scale, layout } = this.#input as PaintInput;
    const { width: w, height: h } = this.image as ImageData;
    const bg = this.#packed.bg;
    const pitch = layout.cellWidthPx;
    const band = layout.cellHeightPx;
    const cw = pitch - layout.gapPx;
    const ch = band - layout.gapPx;
    const cols = matrix.buckets.length;
    // Buffer x of column c0 (see the ring offset); columns from c0 on never wrap: a full paint
    // starts at offset 0, an append paints one column.
    const x0 = Math.min(w, (c0 * pitch + this.#offset) % w);
    const x1 = c0 ? Math.min(w, x0 + (cols - c0) * pitch) : w;
    // Looked up once, not per patterned cell: the map key string per cell cost more than the
    // pattern's pixels.
    const warn = this.#patternMask('warn', cw, ch, layout.dpr, w);
    const critical = this.#patternMask('critical', cw, ch, layout.dpr, w);
    const top = rows.length * band;
    // Gap lines under each band and the totals strip: background over the painted columns.
    for (let y = 0; y < h; y++) {
      if (y >= top || y % band >= Math.max(0, ch)) px.fill(bg, y * w + x0, y * w + x1);
    }
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as HeatmapRow;
      const start = r * band * w;
      if (ch > 0) {
        for (let c = c0, x = start + x0; c < cols; c++, x += pitch) {
          const fill = scale.packed(cellValue(row, c, measure));
          const end = Math.min(start + w, x + cw);
          for (let i = x; i < end; i++) px[i] = fill;
          const gapEnd = Math.min(start + w, x + pitch);
          for (let i = end; i < gapEnd; i++) px[i] = bg;
        }
        // Columns past the data (a layout wider than the matrix) stay background.
        if (!c0) px.fill(bg, Math.min(start + w, start + cols * pitch), start + w);
        for (let y = 1; y < ch; y++) px.copyWithin(start + y * w + x0, start + x0, start + x1);
      }
      for (let c = c0; c < cols; c++) {
        const state = thresholdState(row.rates[c], matrix.thresholds);
        if (state === 'ok') continue;
        const ink = scale.packedInk(cellValue(row, c, measure));
        const mask = state === 'critical' ? critical : warn;
        const base = start + x0 + (c - c0) * pitch;
        for (let i = 0; i < mask.length; i++) px[base + (mask[i] as number)] = ink;
      }
    }
    for (let c = c0; c < cols; c++) this.#paintBar(px, c);
  }

  #ringRect(pos: GridPosition) {
    const { layout } = this.#input as PaintInput;
    const pad = Math.round(2 * layout.dpr);
    const x = Math.max(0, pos.col * layout.cellWidthPx - pad);
    const y = Math.max(0, pos.row * layout.cellHeightPx - pad);
    const image = this.image as ImageData;
    return {
      x,
      y,
      w: Math.min(image.width - x, layout.cellWidthPx + 2 * pad),
      h: Math.min(image.height - y, layout.cellHeightPx + 2 * pad),
    };
  }

  #columnTotalsMax(): number {
    const { matrix, measure } = this.#input as PaintInput;
    let max = 0;
    for (let c = 0; c < matrix.buckets.length; c++)
      max = Math.max(max, columnTotal(matrix, c, measure) ?? 0);
    return max;
  }

  /**
   * Pixel offsets of a threshold pattern within one cell, built once per cell size: painting then
   * costs one store per ink pixel instead of a test per cell pixel.
   * Warn: sparse diagonal hatch. Critical: dense hatch plus an inset outline, so the two states
   * differ in texture, not only in colour. Line widths follow the pixel ratio.
   */
  #patternMask(
    state: 'warn' | 'critical',
    cw: number,
    ch: number,
    dpr: number,
    stride: number,
  ): Int32Array {
    const key = `${state}|${cw}|${ch}|${stride}`;
    let mask = this.#masks.get(key);
    if (mask) return mask;
    const offsets: number[] = [];
    if (cw >= 3 && ch >= 3) {
      const line = Math.max(1, Math.round(dpr));
      const period = state === 'critical' ? Math.max(3, 3 * line) : Math.max(4, 5 * line);
      for (let y = 0; y < ch; y++) {
        for (let x = 0; x < cw; x++) {
          const edge =
            state === 'critical' && (x < line || y < line || x >= cw - line || y >= ch - line);
          if (edge || (x + y) % period < line) offsets.push(y * stride + x);
        }
      }
    } else if (state === 'critical') {
      // Too small for a texture: mark the top pixel row so critical still differs from fill.
      for (let x = 0; x < cw; x++) offsets.push(x);
    }
    mask = Int32Array.from(offsets);
    this.#masks.set(key, mask);
    return mask;
  }

  #paintBar(px: Uint32Array, c: number): void {
    const { matrix, rows, measure, layout } = this.#input as PaintInput;
    const w = (this.image as ImageData).width;
    const top = rows.length * layout.cellHeightPx;
    const x0 = (c * layout.cellWidthPx + this.#offset) % w;
    const cw = layout.cellWidthPx - layout.gapPx;
    const room = Math.max(0, layout.stripHeightPx - Math.round(4 * layout.dpr));
    const value = columnTotal(matrix, c, measure) ?? 0;
    const height =
      this.#barMax > 0 && value > 0 ? Math.max(1, Math.round((value / this.#barMax) * room)) : 0;
    for (let y = 0; y < layout.stripHeightPx; y++) {
      const start = (top + y) * w + x0;
      px.fill(
        y >= layout.stripHeightPx - height ? this.#packed.bar : this.#packed.bg,
        start,
        start + cw,
      );
    }
  }
}

/**
 * True when `next` is `prev` moved on by exactly one bucket with every kept cell unchanged, in
 * the same row order: the painter can then shift and paint one column instead of everything.
 */
export function isAppendOnly(
  prev: HeatmapMatrix,
  prevRows: readonly HeatmapRow[],
  next: HeatmapMatrix,
  nextRows: readonly HeatmapRow[],
): boolean {
  const n = prev.buckets.length;
  if (n < 2 || next.buckets.length !== n || prevRows.length !== nextRows.length) return false;
  if (next.buckets[n - 2] !== prev.buckets[n - 1] || next.buckets[0] !== prev.buckets[1])
    return false;
  if (
    next.thresholds.warn !== prev.thresholds.warn ||
    next.thresholds.critical !== prev.thresholds.critical
  )
    return false;
  for (let r = 0; r < prevRows.length; r++) {
    const a = prevRows[r] as HeatmapRow;
    const b = nextRows[r] as HeatmapRow;
    if (a.key !== b.key) return false;
    for (let c = 1; c < n; c++) {
      if (a.counts[c] !== b.counts[c - 1] || a.rates[c] !== b.rates[c - 1]) return false;
    }
  }
  for (let c = 1; c < n; c++) {
    if (
      prev.totals.counts[c] !== next.totals.counts[c - 1] ||
      prev.totals.rates[c] !== next.totals.rates[c - 1]
    )
      return false;
  }
  return true;
}
