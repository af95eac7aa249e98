/**
 * The view maths of a KPI tile, free of Lit and the DOM: the sparkline's geometry and the
 * reading of a change against the direction that counts as better. Nothing here fetches or
 * computes a metric: the server sends value, change, status and the per-bucket figure.
 */

/** Sparkline drawing box. The SVG stretches it to the tile (`preserveAspectRatio="none"`). */
export const SPARK_WIDTH = 100;
export const SPARK_HEIGHT = 32;
/** Room above and below the extremes so the stroke and the end dot are not clipped. */
const PAD = 3;

export interface Sparkline {
  /** Path of the connected runs; a `null` bucket ends a run (a gap, never a drop to zero). */
  line: string;
  /** Zero-length subpaths for values with no neighbour, drawn as dots by round line caps. */
  dots: string;
  /** The last bucket with a value, for the end marker; null when every bucket is null. */
  last: { x: number; y: number } | null;
  /** Reference values (thresholds, target) that fall inside the drawn range, with their y. */
  refs: Array<{ value: number; y: number }>;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Lays out one value per bucket across the box. The y range is the data's own, so the shape of
 * the trend shows even when it moves little; reference lines are drawn only where they fall
 * inside that range (a line pinned to the edge would claim a closeness that is not there).
 */
export function sparkline(
  values: readonly (number | null)[],
  references: readonly (number | null)[] = [],
): Sparkline {
  const n = values.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return { line: '', dots: '', last: null, refs: [] };
  const span = hi - lo;
  // A flat series sits in the middle rather than on an edge.
  const y = (v: number) =>
    round(span === 0 ? SPARK_HEIGHT / 2 : PAD + ((hi - v) / span) * (SPARK_HEIGHT - 2 * PAD));
  const x = (i: number) => round(n <= 1 ? SPARK_WIDTH / 2 : (i / (n - 1)) * SPARK_WIDTH);
  const ok = (i: number) => {
    const v = values[i];
    return v !== null && v !== undefined && Number.isFinite(v);
  };

  let line = '';
  let dots = '';
  let last: Sparkline['last'] = null;
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue;
    const point = `${x(i)},${y(values[i] as number)}`;
    const joinsPrevious = i > 0 && ok(i - 1);
    if (joinsPrevious) line += `L${point}`;
    else if (i + 1 < n && ok(i + 1)) line += `M${point}`;
    else dots += `M${point}h0`;
    last = { x: x(i), y: y(values[i] as number) };
  }
  const refs = references.flatMap((value) =>
    value !== null && Number.isFinite(value) && value >= lo && value <= hi && span > 0
      ? [{ value, y: y(value) }]
      : [],
  );
  return { line, dots, last, refs };
}

export type Direction = 'up' | 'down' | 'flat';
export type Verdict = 'better' | 'worse' | 'same';

/**
 * Reads a change against the KPI's `better` direction: the same rise is an improvement for a
 * success rate and a worsening for an exception rate, so no KPI is special-cased. `flat` when
 * the change is below `epsilon` (what the tile would show as zero at its precision).
 */
export function readChange(
  change: number | null,
  better: 'lower' | 'higher',
  epsilon: number,
): { direction: Direction; verdict: Verdict } | null {
  if (change === null || !Number.isFinite(change)) return null;
  if (Math.abs(change) < epsilon) return { direction: 'flat', verdict: 'same' };
  const direction: Direction = change > 0 ? 'up' : 'down';
  const improves = (direction === 'up') === (better === 'higher');
  return { direction, verdict: improves ? 'better' : 'worse' };
}

export interface SeriesFacts {
  /** Index of the first and last bucket with a value (-1 when none). */
  first: number;
  last: number;
  /** Index of the lowest and highest value (the earliest on ties). */
  min: number;
  max: number;
  /** Buckets without a value. */
  gaps: number;
}

/** What the sparkline's text alternative tells: where it starts, ends, peaks and dips. */
export function seriesFacts(values: readonly (number | null)[]): SeriesFacts {
  const facts: SeriesFacts = { first: -1, last: -1, min: -1, max: -1, gaps: 0 };
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      facts.gaps++;
      return;
    }
    if (facts.first < 0) facts.first = i;
    facts.last = i;
    if (facts.min < 0 || v < (values[facts.min] as number)) facts.min = i;
    if (facts.max < 0 || v > (values[facts.max] as number)) facts.max = i;
  });
  return facts;
}
