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
  // Runs once per painted cell: plain comparisons instead of Math.max(Math.min(…)), which
  // showed as a third of the band painter's samples.
  const index = (v: number) => {
    const i = Math.round((span > 0 ? (v - lo) / span : 0) * (LUT_SIZE - 1));
    return i < 0 ? 0 : i > LUT_SIZE - 1 ? LUT_SIZE - 1 : i;
  };
  const rgba = (v: number | null): Rgba =>
    v == null || Number.isNaN(v) ? noData : (lut[index(v)] as Rgba);
  // Contrast ratio against each ink; pick the larger so hatching stays visible on any fill.
  const darkL = luminance(dark);
  const lightL = luminance(light);
  const inkFor = (c: Rgba): Rgba => {
    const l = luminance(c);
    return (l + 0.05) / (darkL + 0.05) >= (lightL + 0.05) / (l + 0.05) ? dark : light;
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

/** Width of the legend's ramp in its own font's em (`.ramp` min-width in the styles). */
export const LEGEND_RAMP_EM = 11.429;

/**
 * Evenly readable legend ticks on the colour domain, labelled in the element's locale: the most
 * ticks (up to about `count`) whose labels do not touch on a ramp `widthEm` wide. The first label
 * starts at its tick, the last ends at its tick, the others are centred (as the styles place
 * them); a character is taken as 0.62 em, a little over a digit's width in common UI fonts.
 */
export function legendTicks(
  domain: readonly [number, number],
  measure: HeatmapMeasure,
  locale?: string,
  count = 5,
  widthEm = LEGEND_RAMP_EM,
): LegendTick[] {
  const [lo, hi] = domain;
  const offset = (v: number) => (hi > lo ? (v - lo) / (hi - lo) : 0);
  const fmt =
    measure === 'rate'
      ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
      : new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  let ticks: LegendTick[] = [];
  for (let c = count; c >= 1; c--) {
    // Counts are integers: fractional ticks on a small domain (0, 0.5, 1) would be nonsense.
    ticks = niceTicks(lo, hi, c)
      .filter((t) => measure === 'rate' || Number.isInteger(t))
      .map((value) => ({ value, offset: offset(value), label: fmt.format(value) }));
    let end = -Infinity;
    const fits = ticks.every((tick, i) => {
      const width = tick.label.length * 0.62;
      const x = tick.offset * widthEm;
      const start = i === 0 ? x : i === ticks.length - 1 ? x - width : x - width / 2;
      const ok = start >= end + 0.5;
      end = start + width;
      return ok;
    });
    if (fits) break;
  }
  return ticks;
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
  /**
   * Full label of one bucket range (`''` past the ends), for tooltips, table headers and
   * announcements, formatted on first read: a canvas chart shows one at a time.
   */
  longAt(index: number): string;
  /** Local calendar day key per bucket, used to mark day boundaries. */
  day: string[];
  /** Short local date per bucket ("29 Mar"): the label of day-boundary ticks on hourly axes. */
  date: string[];
  /** Local hour per bucket (hour buckets only, else 0), for tick alignment across DST. */
  hour: number[];
  /**
   * What was formatted per hour bucket, keyed by the bucket's timestamp, for the next call in
   * the same zone and locale: a live refresh moves the window on by one bucket, so 719 of 720
   * buckets are already formatted.
   */
  reuse?: { key: string; parts: Map<string, HourParts> };
}

/** One hour bucket's formatted parts (see `BucketLabels.reuse`). */
export interface HourParts {
  time: string;
  day: string;
  hour: number;
  /** Start of the long label, formatted the first time a long label needs it. */
  dateTime?: string;
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

/** Labels with their long forms formatted on demand, each once. */
function withLong(
  labels: Omit<BucketLabels, 'longAt'>,
  longOf: (index: number) => string,
): BucketLabels {
  const done: string[] = [];
  const longAt = (i: number) => (i >= 0 && i < labels.short.length ? (done[i] ??= longOf(i)) : '');
  return { ...labels, longAt };
}

/**
 * Bucket labels in the requested time zone and locale (bucket edges come from the server).
 * `previous` (the labels of the window before a refresh) lends the hour buckets it already
 * formatted; the labels are the same with or without it.
 */
export function bucketLabels(
  buckets: readonly string[],
  bucketEnd: string,
  bucket: HeatmapMatrix['bucket'],
  timeZone: string,
  locale?: string,
  previous?: BucketLabels,
): BucketLabels {
  const hm = { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
  const time = dtf(locale, hm);
  const date = dtf(locale, { timeZone, month: 'short', day: 'numeric' });
  const dates = buckets.map((b) => new Date(b));
  // Thousands of format calls for 720 hourly buckets were the largest JS item of a first
  // render. Each bucket now costs its time text and one call of a fixed numeric format (local
  // date and hour, ASCII digits in a fixed order) for the day key and hour; date texts are
  // formatted once per day, long labels only when read, and all of it is kept for the next
  // refresh.
  const stamp = dtf('en-US', { ...hm, year: 'numeric', month: '2-digit', day: '2-digit' });
  const key = `${timeZone}|${locale ?? ''}`;
  const known = previous?.reuse?.key === key ? previous.reuse.parts : undefined;
  const parts = new Map<string, HourParts>();
  const list = dates.map((d, i) => {
    const iso = buckets[i] as string;
    let part = known?.get(iso);
    if (!part) {
      // "MM/DD/YYYY, HH:MM"
      const [m = '', dd = '', y = '', h = ''] = stamp.format(d).split(/\D+/);
      part = { time: time.format(d), day: `${y}-${m}-${dd}`, hour: Number(h) % 24 };
    }
    parts.set(iso, part);
    return part;
  });
  const day = list.map((p) => p.day);
  const reuse = { key, parts };
  if (bucket !== 'hour') {
    const short = dates.map((d) => date.format(d));
    return withLong({ short, day, date: short, hour: dates.map(() => 0), reuse }, (i) => {
      const end = i + 1 < dates.length ? (dates[i + 1] as Date) : new Date(bucketEnd);
      return `${short[i] ?? ''} – ${date.format(new Date(end.getTime() - 1))}`;
    });
  }
  const short = list.map((p) => p.time);
  // On a fall-back day the same wall-clock hour occurs twice on one date; the offset tells the
  // two apart. (The same hour on different dates is not ambiguous: the axis shows the dates.)
  const seen = new Map<string, number>();
  const keys = list.map((p) => `${p.day} ${p.time}`);
  for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  keys.forEach((k, i) => {
    if ((seen.get(k) ?? 0) > 1)
      short[i] = dtf(locale, { ...hm, timeZoneName: 'short' }).format(dates[i]);
  });
  // Buckets of one local day share their date label (the day key is that day in that zone).
  const dateLabels: string[] = [];
  dates.forEach((d, i) => {
    dateLabels.push(
      i > 0 && day[i] === day[i - 1] ? (dateLabels[i - 1] as string) : date.format(d),
    );
  });
  // An hour bucket ends where the next one starts: its time is already formatted.
  return withLong({ short, day, date: dateLabels, hour: list.map((p) => p.hour), reuse }, (i) => {
    const p = list[i] as HourParts;
    p.dateTime ??= dtf(locale, {
      ...hm,
      month: 'short',
      day: 'numeric',
      timeZoneName: 'short',
    }).format(dates[i]);
    return `${p.dateTime} – ${list[i + 1]?.time ?? time.format(new Date(bucketEnd))}`;
  });
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
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  ink: string;
  state: ThresholdState;
}

export interface TotalBar {
  x: number;
  y: number;
  width: number;
  height: number;
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
        x: c * layout.cellWidth,
        y: r * layout.cellHeight,
        width: layout.cellWidth - gap,
        height: layout.cellHeight - gap,
        fill: scale.css(value),
        ink: toCss(scale.ink(value)),
        state: thresholdState(row.rates[c], matrix.thresholds),
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
      x: col * layout.cellWidth,
      y: layout.plotHeight + layout.stripHeight - height,
      width: layout.cellWidth - gap,
      height,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Canvas painting through a reused band buffer
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
  /**
   * The part of the plot the canvas shows, in device px from the plot's left edge: the canvas
   * is `width` px wide and shows plot x `x`…`x + width`. Defaults to the whole plot. A scrolled
   * 720-column plot is ~2.5 times wider than what is on screen, and the canvas's own costs (its
   * backing store, the put, the compositor copy of every changed frame) grow with its area.
   */
  window?: CanvasWindow;
}

export interface CanvasWindow {
  x: number;
  width: number;
}

/** The window a paint input shows: its own, or the whole plot. */
export function canvasWindow(input: Pick<PaintInput, 'layout' | 'window'>): CanvasWindow {
  const total = Math.max(1, input.layout.canvasWidthPx);
  const x = Math.max(0, Math.min(total - 1, Math.round(input.window?.x ?? 0)));
  const width = Math.max(1, Math.min(total - x, Math.round(input.window?.width ?? total)));
  return { x, width };
}

/**
 * Window of a plot `plotPx` device px wide to show when `visibleFrom`…`visibleFrom +
 * visiblePx` of it is on screen: the visible part plus `slack` px, its start snapped to a
 * multiple of `slack`, so the canvas keeps one size while scrolling and is repainted only when
 * the visible part leaves it (about every `slack` px), not on every scroll event. With no slack
 * it is exactly the part of the plot on screen (what a chart nobody has scrolled yet needs).
 */
export function visibleWindow(
  plotPx: number,
  visibleFrom: number,
  visiblePx: number,
  slack = 256,
): CanvasWindow {
  const total = Math.max(1, Math.round(plotPx));
  if (slack <= 0) {
    const x = Math.max(0, Math.min(total - 1, Math.floor(visibleFrom)));
    return { x, width: Math.max(1, Math.min(total, Math.ceil(visibleFrom + visiblePx)) - x) };
  }
  const width = Math.max(1, Math.min(total, Math.ceil(visiblePx) + slack));
  const start = Math.max(0, Math.floor(visibleFrom / slack) * slack);
  return { x: Math.min(start, total - width), width };
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
 * Paints the matrix one row band at a time into a small reused ImageData (one canvas-wide band
 * of cell rows, and one for the totals strip) and puts each band where it belongs.
 *
 * Why bands and not one canvas-sized buffer: a fresh 2.4 Mpx buffer is ~10 MB of memory the
 * page has never touched, and writing it costs a page fault per 4 kB — measured ~4 ms of a
 * ~5 ms JS paint in the bench's Chromium, more than the colouring itself. A band is ~180 kB
 * and stays in cache; the canvas's own backing store is the only full-size memory. The price
 * is that nothing is kept to shift on an append or to restore under the focus ring, so both
 * repaint bands (all of them for an append, the two or three under the ring for focus), which
 * costs about as much as the ring-buffer column shift it replaced, because the full put
 * dominated that anyway.
 */
export class HeatmapPainter {
  #input: PaintInput | undefined;
  #bg = 0;
  #bar = 0;
  #focus: GridPosition | null = null;
  #window: CanvasWindow = { x: 0, width: 1 };
  /** One band of cell rows (width × cellHeightPx) and the totals strip, reused across paints. */
  #band: ImageData | undefined;
  #strip: ImageData | undefined;
  /** Background colour the band's gap lines were last filled with (they are never overwritten). */
  #bandBg: number | undefined;
  #masks = new Map<string, Int32Array>();
  /** Fill and ink per integer value 0…n-1 (counts), so the cell loop does not rescale each one. */
  #fills = new Uint32Array(0);
  #inks = new Uint32Array(0);

  readonly #ctx: PaintContext;

  constructor(ctx: PaintContext) {
    this.#ctx = ctx;
  }

  /** Full paint of every row band and the totals strip. */
  paint(input: PaintInput): void {
    this.#paintAll(input);
  }

  /**
   * Paints the matrix after a live refresh moved the window on by one bucket (see
   * `isAppendOnly`). Every cell moved one column left, so every band is repainted: with band
   * buffers that costs the same as a full paint and leaves exactly the pixels a full paint of
   * `next` would. Kept apart from `paint` so callers state the intent (and can be counted).
   */
  appendColumn(next: PaintInput): void {
    this.#paintAll(next);
  }

  #paintAll(input: PaintInput): void {
    this.#input = input;
    this.#cacheColors(input);
    this.#bg = packRgba(parseColor(input.background ?? '#ffffff'));
    this.#bar = packRgba(parseColor(input.barColor ?? '#6b7280'));
    const { layout, rows } = input;
    this.#window = canvasWindow(input);
    const w = this.#window.width;
    const h = Math.max(1, layout.canvasHeightPx);
    const band = Math.max(1, layout.cellHeightPx);
    for (let r = 0; r < rows.length; r++) this.#putRow(r, 0, w);
    const top = rows.length * band;
    this.#putStrip(0, w, 0, Math.min(layout.stripHeightPx, h - top));
    this.#focus = null;
  }

  /** Draws the focus ring around one cell, repainting what the previous ring covered first. */
  drawFocus(pos: GridPosition | null): void {
    if (!this.#input) return;
    const { layout } = this.#input;
    if (this.#focus) {
      const r = this.#ringRect(this.#focus);
      this.#restore(r.x, r.y, r.w, r.h);
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

  /** Repaints the canvas rectangle x, y, w, h from the data: each band it crosses, put clipped. */
  #restore(rx: number, y: number, rw: number, h: number): void {
    // Only the part inside the canvas: a put's dirty rectangle must not be empty or negative.
    const x = Math.max(0, rx);
    const w = Math.min(this.#window.width, rx + rw) - x;
    if (w <= 0 || h <= 0) return;
    const { layout, rows } = this.#input as PaintInput;
    const band = Math.max(1, layout.cellHeightPx);
    const top = rows.length * band;
    const y1 = y + h;
    // Rows first, then the strip: a ring around the last row reaches into the strip.
    for (let r = Math.floor(y / band); r < rows.length && r * band < y1; r++) {
      const by = r * band;
      const from = Math.max(y, by);
      this.#putRow(r, x, w, from - by, Math.min(y1, by + band) - from);
    }
    if (y1 > top) {
      const from = Math.max(y, top);
      this.#putStrip(x, w, from - top, y1 - from);
    }
  }

  /**
   * Counts are small integers, so their packed colours are looked up by value instead of scaled
   * per cell (the scaling was a third of the painter's samples). Rates keep the scale. The
   * colours are the scale's own, so the pixels are the same either way.
   */
  #cacheColors({ measure, scale }: PaintInput): void {
    const hi = scale.domain[1];
    const n = measure === 'count' && Number.isInteger(hi) && hi >= 0 && hi < 4096 ? hi + 1 : 0;
    if (this.#fills.length !== n) {
      this.#fills = new Uint32Array(n);
      this.#inks = new Uint32Array(n);
    }
    for (let v = 0; v < n; v++) {
      this.#fills[v] = scale.packed(v);
      this.#inks[v] = scale.packedInk(v);
    }
  }

  /** Band buffer of the canvas width and `height` lines, reallocated only when the size changes. */
  #buffer(slot: 'band' | 'strip', width: number, height: number): ImageData {
    let image = slot === 'band' ? this.#band : this.#strip;
    if (!image || image.width !== width || image.height !== height) {
      image = this.#ctx.createImageData(width, height);
      if (slot === 'band') {
        this.#band = image;
        this.#bandBg = undefined;
      } else this.#strip = image;
    }
    return image;
  }

  /**
   * Paints row `r` into the band buffer and puts lines `dy`…`dy + dh` of it, columns `dx`…`dx +
   * dw`. The first pixel line is built cell by cell and copied down the cell height (a native
   * memmove, doubling the copied block each time); gap lines under the cells are background and
   * written only when the buffer or the background changes; threshold patterns go on last.
   */
  #putRow(r: number, dx: number, dw: number, dy = 0, dh?: number): void {
    const { matrix, rows, measure, scale, layout } = this.#input as PaintInput;
    const { x: wx, width: w } = this.#window;
    const band = Math.max(1, layout.cellHeightPx);
    const image = this.#buffer('band', w, band);
    const px = new Uint32Array(image.data.buffer);
    const bg = this.#bg;
    const pitch = layout.cellWidthPx;
    const cw = pitch - layout.gapPx;
    const ch = Math.max(0, Math.min(band, band - layout.gapPx));
    if (this.#bandBg !== bg) {
      px.fill(bg, ch * w);
      this.#bandBg = bg;
    }
    const row = rows[r] as HeatmapRow;
    const cols = matrix.buckets.length;
    const values = measure === 'rate' ? row.rates : row.counts;
    // What cellValue() gives for a missing entry: no items for rates, zero for counts.
    const missing = measure === 'rate' ? null : 0;
    const rates = row.rates;
    const fills = this.#fills;
    const inks = this.#inks;
    const n = fills.length;
    // Columns from the first one the window shows; x is the column's left edge in the buffer,
    // negative for a column the window starts inside.
    const first = Math.min(cols, Math.floor(wx / pitch));
    if (ch > 0) {
      let x = first * pitch - wx;
      for (let c = first; c < cols && x < w; c++) {
        // cellValue() spelled out: the call per cell showed in profiles of the 36,000-cell paint.
        const v = values[c] ?? missing;
        const fill = v !== null && v < n && v >= 0 && (v | 0) === v ? fills[v]! : scale.packed(v);
        const end = Math.min(w, x + cw);
        for (let i = Math.max(0, x); i < end; i++) px[i] = fill;
        x += pitch;
        const gapEnd = Math.min(w, x);
        for (let i = Math.max(0, end); i < gapEnd; i++) px[i] = bg;
      }
      // Columns past the data (a layout wider than the matrix) stay background.
      if (x < w) px.fill(bg, Math.max(0, x), w);
      for (let y = 1; y < ch;) {
        const n = Math.min(y, ch - y);
        px.copyWithin(y * w, 0, n * w);
        y += n;
      }
    } else {
      // No room for a cell: the band is all gap (refilled, as a critical mark may have drawn on it).
      px.fill(bg);
    }
    const warn = this.#patternMask('warn', cw, ch, layout.dpr, w);
    const critical = this.#patternMask('critical', cw, ch, layout.dpr, w);
    const { warn: tw, critical: tc } = matrix.thresholds;
    for (let c = first, x = first * pitch - wx; c < cols && x < w; c++, x += pitch) {
      // thresholdState() spelled out (same order: critical first; NaN and null are ok).
      const rate = rates[c];
      if (rate == null || !(rate >= tw || rate >= tc)) continue;
      const mask = rate >= tc ? critical : warn;
      const v = values[c] ?? missing;
      const ink = v !== null && v < n && v >= 0 && (v | 0) === v ? inks[v]! : scale.packedInk(v);
      if (x >= 0 && x + cw <= w) {
        for (let i = 0; i < mask.length; i++) px[x + (mask[i] as number)] = ink;
      } else {
        // A cell cut by the window's edge: only its pixels inside the window.
        for (let i = 0; i < mask.length; i++) {
          const o = mask[i] as number;
          const cx = x + (o % w);
          if (cx >= 0 && cx < w) px[x + o] = ink;
        }
      }
    }
    if (dh === undefined) this.#ctx.putImageData(image, 0, r * band);
    else this.#ctx.putImageData(image, 0, r * band, dx, dy, dw, dh);
  }

  /**
   * Paints the column-total bars (heights relative to the largest total) and puts lines `dy`…
   * `dy + dh` of the strip, columns `dx`…`dx + dw`.
   */
  #putStrip(dx: number, dw: number, dy: number, dh: number): void {
    const { matrix, rows, measure, layout } = this.#input as PaintInput;
    const { x: wx, width: w } = this.#window;
    const lines = layout.stripHeightPx;
    if (lines <= 0 || dh <= 0) return;
    const top = rows.length * Math.max(1, layout.cellHeightPx);
    const image = this.#buffer('strip', w, lines);
    const px = new Uint32Array(image.data.buffer);
    px.fill(this.#bg);
    const bar = this.#bar;
    const cols = matrix.buckets.length;
    let max = 0;
    for (let c = 0; c < cols; c++) max = Math.max(max, columnTotal(matrix, c, measure) ?? 0);
    const pitch = layout.cellWidthPx;
    const cw = pitch - layout.gapPx;
    const room = Math.max(0, lines - Math.round(4 * layout.dpr));
    const first = Math.min(cols, Math.floor(wx / pitch));
    for (let c = first, x = first * pitch - wx; c < cols && x < w; c++, x += pitch) {
      const value = columnTotal(matrix, c, measure) ?? 0;
      const height = max > 0 && value > 0 ? Math.max(1, Math.round((value / max) * room)) : 0;
      const from = Math.max(0, x);
      const end = Math.min(w, x + cw);
      // A loop, not fill(): bars are a few pixels wide and the builtin's call cost dominated.
      for (let y = lines - height; y < lines; y++)
        for (let i = y * w + from, e = y * w + end; i < e; i++) px[i] = bar;
    }
    this.#ctx.putImageData(image, 0, top, dx, dy, dw, dh);
  }

  /**
   * The ring's rectangle in canvas px: where it sits on the whole plot (cut to the plot's edges),
   * less the window's start. It may reach past the canvas; the canvas clips the stroke there,
   * so a ring cut by the window's edge looks like the same part of the whole plot's ring.
   */
  #ringRect(pos: GridPosition) {
    const { layout } = this.#input as PaintInput;
    const pad = Math.round(2 * layout.dpr);
    const wx = this.#window.x;
    const x = Math.max(0, pos.col * layout.cellWidthPx - pad);
    const y = Math.max(0, pos.row * layout.cellHeightPx - pad);
    return {
      x: x - wx,
      y,
      w: Math.min(Math.max(1, layout.canvasWidthPx) - x, layout.cellWidthPx + 2 * pad),
      h: Math.min(Math.max(1, layout.canvasHeightPx) - y, layout.cellHeightPx + 2 * pad),
    };
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
    const key = `${state}|${cw}|${ch}|${dpr}|${stride}`;
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
}

/**
 * True when `next` is `prev` moved on by exactly one bucket with every kept cell unchanged, in
 * the same row order: the view keeps its colour domain and the painter takes its append path.
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
