/**
 * The MTTR chart's maths, free of the DOM element and of fetching: bucket times, statistics and
 * size in; scales, ticks and SVG path data out. A hand-written linear scale instead of d3-scale:
 * two multiplications do not justify its interpolators and formatters in a 14 kB entry.
 */
import { niceTicks } from '../base/nice-ticks.js';
import { timeTicks, type TimeTick } from '../base/time-axis.js';

export type Hours = ReadonlyArray<number | null>;

export interface MttrSeries {
  /** Bucket starts, epoch ms, ascending. */
  times: readonly number[];
  /** End of the last bucket (exclusive), epoch ms. */
  end: number;
  mean: Hours;
  p50: Hours;
  p90: Hours;
  /** MTTR SLO, hours. */
  target: number;
}

export interface ChartSize {
  width: number;
  height: number;
  timeZone: string;
  locale: string;
}

export interface Point {
  /** Bucket index. */
  i: number;
  x: number;
  y: number;
  /** The bucket's mean is at or under the target. */
  meets: boolean;
}

export interface MttrChart {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Centre of each bucket, x in CSS pixels: where its point is drawn. */
  mids: number[];
  yTicks: Array<{ value: number; at: number }>;
  xTicks: Array<TimeTick & { x: number }>;
  /** The mean line; a gap (new `M`) wherever a bucket has no resolved exceptions. */
  mean: string;
  /** The p50–p90 band, one closed shape per run of buckets with both figures. */
  band: string;
  points: Point[];
  targetY: number;
}

const MARGIN = { top: 12, right: 12, bottom: 26, left: 56 };
/** Smallest gap between time labels, in pixels (a "29 Mar" label plus air). */
const TICK_SPACING = 72;

/** `v ↦ r0 + (v − d0) · (r1 − r0) / (d1 − d0)`; a flat domain maps everything to `r0`. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Runs of consecutive bucket indices where every given series has a value. */
export function runs(n: number, ...series: Hours[]): number[][] {
  const out: number[][] = [];
  let run: number[] | null = null;
  for (let i = 0; i < n; i++) {
    if (!series.every((s) => s[i] != null)) run = null;
    else {
      if (!run) out.push((run = []));
      run.push(i);
    }
  }
  return out;
}

/** Upper end of the value axis: the largest figure (or the target) rounded up to a tick step. */
export function niceMax(max: number, count: number): number {
  if (!(max > 0)) return 1;
  const ticks = niceTicks(0, max, count);
  const step = (ticks[1] ?? max) - (ticks[0] ?? 0) || max;
  return Math.ceil(max / step - 1e-9) * step;
}

// One decimal is below a device pixel and keeps path strings short.
const r = (v: number) => Math.round(v * 10) / 10;

export function mttrChart(s: MttrSeries, size: ChartSize): MttrChart {
  const { width, height } = size;
  const n = s.times.length;
  const left = MARGIN.left;
  const right = Math.max(left + 10, width - MARGIN.right);
  const top = MARGIN.top;
  const bottom = Math.max(top + 10, height - MARGIN.bottom);
  const start = s.times[0] ?? 0;
  const end = n ? s.end : start + 1;
  const x = linear(start, end, left, right);
  let max = s.target;
  for (const list of [s.mean, s.p90, s.p50])
    for (const v of list) if (v != null && v > max) max = v;
  const count = Math.max(2, Math.floor((bottom - top) / 40));
  const yMax = niceMax(max * 1.05, count);
  const y = linear(0, yMax, bottom, top);
  const mids = s.times.map((t, i) => x((t + (s.times[i + 1] ?? end)) / 2));
  const at = (list: Hours, i: number) => `${r(mids[i]!)},${r(y(list[i]!))}`;

  const mean = runs(n, s.mean)
    .map((run) => `M${run.map((i) => at(s.mean, i)).join('L')}`)
    .join('');
  // A lone bucket has no width to span: a short bar keeps its spread visible.
  const band = runs(n, s.p50, s.p90)
    .map((run) => {
      const hi = run.map((i) => at(s.p90, i));
      const lo = run.map((i) => at(s.p50, i)).reverse();
      if (run.length > 1) return `M${hi.join('L')}L${lo.join('L')}Z`;
      const i = run[0]!;
      const [x0, x1] = [r(mids[i]! - 3), r(mids[i]! + 3)];
      const [y0, y1] = [r(y(s.p90[i]!)), r(y(s.p50[i]!))];
      return `M${x0},${y0}L${x1},${y0}L${x1},${y1}L${x0},${y1}Z`;
    })
    .join('');

  const points: Point[] = [];
  s.mean.forEach((v, i) => {
    if (v != null) points.push({ i, x: mids[i]!, y: y(v), meets: v <= s.target });
  });

  // A tick on the right edge would be the end of the last bucket, not a bucket: leave it out.
  const xTicks = n
    ? timeTicks(start, end - 1, {
        timeZone: size.timeZone,
        locale: size.locale,
        maxTicks: Math.max(2, Math.floor((right - left) / TICK_SPACING)),
      }).map((t) => ({ ...t, x: x(t.at) }))
    : [];

  return {
    width,
    height,
    left,
    right,
    top,
    bottom,
    mids,
    yTicks: niceTicks(0, yMax, count).map((value) => ({ value, at: y(value) })),
    xTicks,
    mean,
    band,
    points,
    targetY: y(s.target),
  };
}

/** The bucket whose centre is nearest to `px`, or -1 without buckets. */
export function indexAt(chart: MttrChart, px: number): number {
  let best = -1;
  let distance = Infinity;
  chart.mids.forEach((m, i) => {
    if (Math.abs(m - px) < distance) [best, distance] = [i, Math.abs(m - px)];
  });
  return best;
}

const DAY = 86_400_000;

/**
 * The comparison window's length as a count and unit, from the filters the server applied:
 * whole days when it is two days or longer (a window over a DST change is 23 or 25 hours off a
 * multiple of 24, hence the rounding), else hours.
 */
export function windowLength(from: string, to: string): [number, 'day' | 'hour'] {
  const ms = Date.parse(to) - Date.parse(from);
  return ms >= 2 * DAY ? [Math.round(ms / DAY), 'day'] : [Math.round(ms / 3_600_000), 'hour'];
}
