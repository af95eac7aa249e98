/**
 * The Pareto ranking of exception types by the time they consume, kept apart from the route so
 * its maths (order, shares, the "vital few") can be checked against a plain reference.
 */

export interface ParetoInput {
  type: string;
  count: number;
  openCount: number;
  /** Milliseconds consumed; integers, so ties and sums are exact. */
  ms: number;
}

export interface ParetoRanked extends ParetoInput {
  /** ms ÷ all ms; 0 when nothing consumed any time. */
  share: number;
  /** Share of this type and every type ranked before it. */
  cumulativeShare: number;
  vital: boolean;
}

export const PARETO_CUTOFF = 0.8;

/**
 * Ranks by time consumed, largest first; ties by count (larger first), then type code. A type is
 * vital when the cumulative share of the types before it is below `cutoff`, so the first type
 * is always vital and the type that crosses the cutoff is included. When no time was consumed
 * at all, no share can be told and no type is vital.
 */
export function rankPareto(
  rows: readonly ParetoInput[],
  cutoff: number = PARETO_CUTOFF,
): ParetoRanked[] {
  const sorted = [...rows].sort(
    (a, b) => b.ms - a.ms || b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  const total = sorted.reduce((a, r) => a + r.ms, 0);
  let before = 0;
  return sorted.map((r) => {
    const vital = total > 0 && before / total < cutoff;
    before += r.ms;
    return {
      ...r,
      share: total > 0 ? r.ms / total : 0,
      // The running sum of integers divided once: the last type's share is exactly 1.
      cumulativeShare: total > 0 ? before / total : 0,
      vital,
    };
  });
}
