/**
 * The Pareto chart's geometry, free of the element and of fetching: the server's ranked items and
 * a size in, bars, the cumulative-share line, axes and labels out. Bars keep the server's order
 * (ranked by hours); nothing here ranks, sums or shares: those figures come with the data.
 */
import { niceTicks } from '../base/nice-ticks.js';

/** `columns` draws vertical bars; narrow hosts get `rows`, one horizontal bar per type. */
export type Orientation = 'columns' | 'rows';

export interface ParetoInput {
  label: string;
  hours: number;
  cumulativeShare: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ParetoBar {
  /** The drawn bar. */
  bar: Box;
  /** The whole band the bar sits in: the pointer and focus target. */
  band: Box;
  /** Where the cumulative-share line passes this bar. */
  point: { x: number; y: number };
  /** The label, shortened with an ellipsis to fit, bidi-isolated. */
  label: string;
  labelX: number;
  labelY: number;
}

export interface Tick {
  value: number;
  /** Position along the value axis, in pixels. */
  at: number;
}

export interface ParetoLayout {
  orientation: Orientation;
  width: number;
  height: number;
  plot: Box;
  bars: ParetoBar[];
  /** The hours axis (left of columns, below rows). */
  hoursTicks: Tick[];
  /** The cumulative-share axis (right of columns, above rows). */
  shareTicks: Tick[];
  /** Position of the cutoff along the share axis. */
  cutoffAt: number;
  /** Path of the cumulative-share line through each bar's point. */
  line: string;
  /** Column labels are turned 40° when the bands are too narrow for them. */
  rotated: boolean;
}

export interface LayoutOptions {
  width: number;
  /** Plot height for columns; rows size themselves to the number of bars. */
  height: number;
  cutoff: number;
  /** Below this width the bars turn into rows (labels stay readable at 320 px). */
  rowsBelow?: number;
  /**
   * Width in px of a label as drawn (the element passes a canvas `measureText`). Without it,
   * labels are shortened by an average character width, which wide glyphs can exceed.
   */
  measure?: (text: string) => number;
}

/** Average advance of a 12 px label character: enough to estimate how many fit. */
const CHAR_PX = 6.6;
const ROW_HEIGHT = 32;
const ROTATED_CHARS = 16;
const SIN_40 = Math.sin((40 * Math.PI) / 180);
const COS_40 = Math.cos((40 * Math.PI) / 180);
const SHARE_VALUES = [0, 0.25, 0.5, 0.75, 1];

/**
 * Shortens `text` to at most `max` characters (the last an ellipsis) and wraps it in first-strong
 * isolates, so bidi overrides inside a server's label cannot reorder the text around it; the
 * isolates travel with exported SVG, where CSS `unicode-bidi` would not.
 */
export function fitLabel(text: string, max: number): string {
  const chars = [...text.replace(/[\u2066-\u2069]/g, '')];
  const cut = chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join('')}…` : text;
  return `\u2068${cut}\u2069`;
}

/**
 * Shortens `text` to the longest prefix that, with an ellipsis, measures at most `maxPx`, and
 * isolates it like `fitLabel`. A binary search: a 10,000-character label costs ~14 measurements.
 */
export function fitLabelToWidth(
  text: string,
  maxPx: number,
  measure: (text: string) => number,
): string {
  const clean = text.replace(/[\u2066-\u2069]/g, '');
  if (measure(clean) <= maxPx) return `\u2068${clean}\u2069`;
  const chars = [...clean];
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('')}…`) <= maxPx) lo = mid;
    else hi = mid - 1;
  }
  return `\u2068${chars.slice(0, lo).join('')}…\u2069`;
}

/** Round hours ticks from 0 to a round top at or above `max`. */
export function hoursAxis(max: number, count: number): number[] {
  const top = max > 0 ? max : 1;
  const ticks = niceTicks(0, top, count);
  const step = (ticks[1] ?? top) - (ticks[0] ?? 0) || top;
  const last = ticks.at(-1) ?? 0;
  // One more step when the largest bar pokes above the last round value.
  return last < top ? [...ticks, Number((last + step).toPrecision(12))] : ticks;
}

export function computeLayout(items: readonly ParetoInput[], options: LayoutOptions): ParetoLayout {
  const { width, cutoff } = options;
  const orientation: Orientation = width < (options.rowsBelow ?? 480) ? 'rows' : 'columns';
  const n = Math.max(1, items.length);
  const maxHours = items.reduce((m, i) => Math.max(m, i.hours), 0);
  const columns = orientation === 'columns';
  // Rows put their labels in a left column; columns put them under the bars.
  const labelWidth = columns ? 0 : Math.round(Math.min(width * 0.38, 160));
  const longest = items.reduce((m, i) => Math.max(m, [...i.label].length), 0);
  const plotWidth0 = width - (columns ? 96 : labelWidth + 24);
  const band0 = plotWidth0 / n;
  const rotated = columns && band0 < Math.min(longest, 10) * CHAR_PX + 8;
  const bottom = columns ? (rotated ? 96 : 28) : 26;
  const top = columns ? 12 : 26;
  const height = columns ? options.height : top + bottom + n * ROW_HEIGHT;
  const plot: Box = {
    x: columns ? 48 : labelWidth + 8,
    y: top,
    width: Math.max(1, plotWidth0),
    height: Math.max(1, height - top - bottom),
  };
  const along = columns ? plot.height : plot.width;
  const hoursValues = hoursAxis(maxHours, Math.max(2, Math.round(along / (columns ? 48 : 72))));
  const hoursTop = hoursValues.at(-1) || 1;
  // Value → pixel along the value axis: up from the base for columns, right for rows.
  const hoursAt = (v: number) =>
    columns ? plot.y + plot.height * (1 - v / hoursTop) : plot.x + (plot.width * v) / hoursTop;
  const shareAt = (s: number) =>
    columns ? plot.y + plot.height * (1 - s) : plot.x + plot.width * s;
  const band = (columns ? plot.width : plot.height) / n;
  const thickness = Math.min(band * 0.72, columns ? 72 : 20);
  // Room for a label: its band under a column, the gutter left of a row, or (turned) what fits
  // above the bottom margin and right of the host's left edge.
  const labelRoom = (labelX: number) =>
    columns
      ? rotated
        ? Math.min((bottom - 20) / SIN_40, (labelX - 2) / COS_40)
        : band - 10
      : labelWidth - 6;
  const fit = (text: string, labelX: number) => {
    const room = labelRoom(labelX);
    if (options.measure) return fitLabelToWidth(text, Math.max(0, room), options.measure);
    return fitLabel(
      text,
      columns && rotated ? ROTATED_CHARS : Math.max(columns ? 2 : 3, Math.floor(room / CHAR_PX)),
    );
  };
  const bars = items.map((item, i): ParetoBar => {
    const start = (columns ? plot.x : plot.y) + i * band;
    const mid = start + band / 2;
    const value = hoursAt(Math.max(0, item.hours));
    const share = shareAt(Math.min(1, Math.max(0, item.cumulativeShare)));
    const label = fit(item.label, columns ? mid : plot.x - 6);
    return columns
      ? {
          bar: {
            x: mid - thickness / 2,
            y: value,
            width: thickness,
            height: plot.y + plot.height - value,
          },
          band: { x: start, y: plot.y, width: band, height: plot.height },
          point: { x: mid, y: share },
          label,
          labelX: mid,
          labelY: plot.y + plot.height + 16,
        }
      : {
          bar: { x: plot.x, y: mid - thickness / 2, width: value - plot.x, height: thickness },
          band: { x: 0, y: start, width: plot.x + plot.width, height: band },
          point: { x: share, y: mid },
          label,
          labelX: plot.x - 6,
          labelY: mid,
        };
  });
  return {
    orientation,
    width,
    height,
    plot,
    bars,
    hoursTicks: hoursValues.map((value) => ({ value, at: hoursAt(value) })),
    shareTicks: SHARE_VALUES.map((value) => ({ value, at: shareAt(value) })),
    cutoffAt: shareAt(cutoff),
    line: bars.map((b, i) => `${i ? 'L' : 'M'}${r(b.point.x)},${r(b.point.y)}`).join(''),
    rotated,
  };
}

const r = (v: number) => Math.round(v * 10) / 10;
