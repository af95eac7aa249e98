/**
 * View maths of `<cmdctr-ownership>`: ordering and status against the target. Pure: the server
 * computes every coverage figure; this module only orders and judges what it sent.
 */

/** Where a coverage figure stands against the target. */
export type CoverageStatus = 'met' | 'below' | 'none';

export interface CoverageRow {
  owned: number;
  total: number;
  coverage: number | null;
}

/** `none` when there was nothing to own (coverage `null`, total 0). */
export function coverageStatus(coverage: number | null, target: number): CoverageStatus {
  if (coverage === null) return 'none';
  return coverage >= target ? 'met' : 'below';
}

/**
 * Worst coverage first, so the rows that need an owner most lead; rows without coverage go
 * last. Ties put the larger unowned count first (more exceptions to assign), then the `name`.
 */
export function sortWorstFirst<T extends CoverageRow>(
  rows: readonly T[],
  name: (row: T) => string,
): T[] {
  return [...rows].sort(
    (a, b) =>
      (a.coverage ?? 2) - (b.coverage ?? 2) ||
      b.total - b.owned - (a.total - a.owned) ||
      (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0),
  );
}

/** A coverage target the contract accepts (0..1), else `undefined` so the server's default applies. */
export function validTarget(value: number | undefined): number | undefined {
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : undefined;
}
