import type { components } from '@cmdctr/contract';
import { niceTicks } from '../base/nice-ticks.js';
import { timeTicks } from '../base/time-axis.js';

/**
 * Geometry of `<cmdctr-automation>`'s two charts, with no DOM and no fetching: the outcomes per
 * bucket as stacked columns under the success-rate line, and one approval-rate-by-confidence
 * chart per exception type. Every figure drawn is one the server sent; only positions are
 * computed here.
 */

export type AutomationOutcomes = components['schemas']['AutomationOutcomes'];
export type CalibrationByType = components['schemas']['CalibrationByType'];
export type CalibrationBand = components['schemas']['CalibrationBand'];

/**
 * Stack order, bottom up: the outcomes that count towards success first, so the reverted part
 * (which undoes some of them) sits on top of exactly those.
 */
export const STACK = ['autoApplied', 'approved', 'rejected', 'pending'] as const;
export type StackKey = (typeof STACK)[number];

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
export interface Tick {
  value: number;
  at: number;
}
export interface Span {
  y: number;
  height: number;
}
export interface Column {
  x: number;
  width: number;
  /** Centre of the column: where the success-rate point sits. */
  mid: number;
  /** Stacked parts in `STACK` order; zero counts have zero height. */
  segments: Array<Span & { key: StackKey }>;
  /** The reverted count drawn over the top of the applied and approved parts. */
  reverted: Span | null;
  /** Top of the whole stack (for the focus outline). */
  top: number;
}
export interface OutcomesLayout {
  width: number;
  height: number;
  plot: Box;
  columns: Column[];
  /** Count axis (left). */
  yTicks: Tick[];
  /** Success-rate axis (right), 0 to 1. */
  rateTicks: Tick[];
  xTicks: Array<{ x: number; label: string; major: boolean }>;
  /** Success-rate line; a `null` rate breaks it (a new `M`), never drawn as 0. */
  line: string;
  /** Points of the line, one per bucket with a rate (isolated ones would otherwise vanish). */
  dots: Array<{ x: number; y: number; index: number }>;
}

const MARGIN = { top: 10, right: 44, bottom: 24, left: 40 };
const round = (v: number) => Math.round(v * 100) / 100;

/** Round count ticks from 0 to at least `max`, integer steps (counts have no fractions). */
export function countTicks(max: number, count = 4): number[] {
  const first = niceTicks(0, Math.max(max, 1), count);
  const step = Math.max(1, (first[1] ?? 1) - (first[0] ?? 0));
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return ticks;
}

/** Start of every bucket and the end of the last, in epoch ms, for equal-time column widths. */
export function bucketEdges(buckets: readonly string[], bucketEnd: string): number[] {
  const edges = buckets.map((b) => Date.parse(b));
  const n = edges.length;
  if (!n) return [];
  const last = edges[n - 1] ?? 0;
  // A partial last bucket (the range ends now) keeps the width of its neighbour, so the
  // bucket in progress is not drawn as a sliver; the server's bucketEnd still bounds the data.
  // Slack of 1/24 keeps a whole 23- or 25-hour local day as it is next to a day of the other length.
  const end = Date.parse(bucketEnd);
  const nominal = n > 1 ? last - (edges[n - 2] ?? 0) : end - last;
  edges.push(end - last < (nominal * 23) / 24 ? last + nominal : Math.max(end, last + 1));
  return edges;
}

export function outcomesLayout(
  data: AutomationOutcomes,
  options: { width: number; height: number; timeZone: string; locale: string },
): OutcomesLayout {
  const { width, height } = options;
  const plot: Box = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - MARGIN.right),
    height: Math.max(1, height - MARGIN.top - MARGIN.bottom),
  };
  const bottom = plot.top + plot.height;
  const edges = bucketEdges(data.buckets, data.bucketEnd);
  const t0 = edges[0] ?? 0;
  const span = (edges.at(-1) ?? 1) - t0 || 1;
  const x = (t: number) => plot.left + ((t - t0) / span) * plot.width;

  const n = data.buckets.length;
  let max = 0;
  for (let i = 0; i < n; i++) {
    let stack = 0;
    for (const key of STACK) stack += data[key][i] ?? 0;
    max = Math.max(max, stack, data.proposed[i] ?? 0);
  }
  const ticks = countTicks(max);
  const top = ticks.at(-1) ?? 1;
  const y = (v: number) => bottom - (v / top) * plot.height;
  const rateY = (r: number) => bottom - r * plot.height;

  const columns: Column[] = [];
  let line = '';
  let previous = false;
  const dots: OutcomesLayout['dots'] = [];
  for (let i = 0; i < n; i++) {
    const left = x(edges[i] ?? 0);
    const slot = x(edges[i + 1] ?? 0) - left;
    const gap = Math.min(slot * 0.2, 8);
    const w = Math.max(1, slot - gap);
    const mid = round(left + slot / 2);
    let sum = 0;
    const segments = STACK.map((key) => {
      const v = data[key][i] ?? 0;
      const seg = { key, y: round(y(sum + v)), height: round(y(sum) - y(sum + v)) };
      sum += v;
      return seg;
    });
    const good = (data.autoApplied[i] ?? 0) + (data.approved[i] ?? 0);
    const back = Math.min(data.reverted[i] ?? 0, good);
    columns.push({
      x: round(left + gap / 2),
      width: round(w),
      mid,
      segments,
      reverted: back > 0 ? { y: round(y(good)), height: round(y(good - back) - y(good)) } : null,
      top: round(y(sum)),
    });
    const rate = data.successRate[i];
    if (rate === null || rate === undefined) {
      previous = false;
      continue;
    }
    const at = round(rateY(rate));
    line += `${previous ? 'L' : 'M'}${mid},${at}`;
    dots.push({ x: mid, y: at, index: i });
    previous = true;
  }

  const starts = new Map(edges.slice(0, n).map((t, i) => [t, i]));
  const xTicks = timeTicks(t0, edges.at(-1) ?? t0, {
    timeZone: options.timeZone,
    locale: options.locale,
    maxTicks: Math.floor(plot.width / 64),
  }).flatMap((tick) => {
    // A tick on a bucket start labels that column, so it sits under the column's centre.
    const index = starts.get(tick.at);
    const at = index === undefined ? x(tick.at) : (columns[index]?.mid ?? x(tick.at));
    // The end edge starts no column: a label there would name a day without data.
    return tick.at >= (edges.at(-1) ?? 0)
      ? []
      : [{ x: round(at), label: tick.label, major: tick.major }];
  });

  return {
    width,
    height,
    plot,
    columns,
    yTicks: ticks.map((value) => ({ value, at: round(y(value)) })),
    rateTicks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, at: round(rateY(value)) })),
    xTicks,
    line,
    dots,
  };
}

/** Fixed drawing size of one calibration chart: the SVG scales to its grid cell (viewBox). */
export const CALIBRATION_SIZE = { width: 300, height: 140 } as const;
// Room on the left for "100%" in wide-digit locales without leaving the viewBox.
const CAL = { top: 8, right: 8, bottom: 22, left: 44 };

export interface BandBar {
  x: number;
  width: number;
  /** Top of the bar; for a band without decisions, the top of its dashed placeholder. */
  y: number;
  height: number;
  /** No proposal in this band was decided: there is no rate to draw (not 0%). */
  empty: boolean;
}
export interface CalibrationLayout {
  plot: Box;
  bars: BandBar[];
  /** x of the threshold rule; `null` when auto-resolve is off for the type. */
  threshold: number | null;
  yTicks: Tick[];
  xTicks: Tick[];
}

export function calibrationLayout(type: CalibrationByType): CalibrationLayout {
  const plot: Box = {
    left: CAL.left,
    top: CAL.top,
    width: CALIBRATION_SIZE.width - CAL.left - CAL.right,
    height: CALIBRATION_SIZE.height - CAL.top - CAL.bottom,
  };
  const bottom = plot.top + plot.height;
  const x = (c: number) => round(plot.left + c * plot.width);
  const y = (r: number) => round(bottom - r * plot.height);
  const bars = type.bands.map((band) => {
    const left = x(band.from) + 1;
    const w = Math.max(1, x(band.to) - x(band.from) - 2);
    const empty = band.decided === 0 || band.approvalRate === null;
    // 0% approved is a finding; draw it as a visible sliver so it differs from "no decisions".
    const top = empty ? plot.top : Math.min(y(band.approvalRate ?? 0), bottom - 2);
    return { x: round(left), width: round(w), y: top, height: round(bottom - top), empty };
  });
  return {
    plot,
    bars,
    threshold: type.threshold === null ? null : x(type.threshold),
    yTicks: [0, 0.5, 1].map((value) => ({ value, at: y(value) })),
    xTicks: [0, 0.5, 1].map((value) => ({ value, at: x(value) })),
  };
}

/** The index `key` moves focus to among `count` items (roving tabindex), or undefined. */
export function moveIndex(key: string, index: number, count: number): number | undefined {
  if (count <= 0) return undefined;
  const next: Record<string, number> = {
    ArrowRight: index + 1,
    ArrowDown: index + 1,
    ArrowLeft: index - 1,
    ArrowUp: index - 1,
    Home: 0,
    End: count - 1,
  };
  const to = next[key];
  return to === undefined ? undefined : Math.max(0, Math.min(count - 1, to));
}
