import type { ExceptionItem } from '@cmdctr/contract';

/**
 * View maths of `<cmdctr-stale-exceptions>`, free of the DOM and of fetching: live ages, the
 * client-side re-order of one page, and the "26–50" range of a page.
 */

export type Severity = ExceptionItem['severity'];
export type SortKey = 'age' | 'severity';
export type SortDirection = 'ascending' | 'descending';

/** A client-side order of the current page; `undefined` keeps the server's order. */
export interface PageSort {
  key: SortKey;
  direction: SortDirection;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

/**
 * Minutes an exception has been open at server time `nowMs`. The server's `ageMinutes` counts
 * until `meta.asOf`; an open exception keeps ageing from there, a resolved one does not. A `now`
 * before `asOf` (the Date header has one-second resolution) never makes an age go backwards.
 */
export function liveAgeMinutes(item: ExceptionItem, asOfMs: number, nowMs: number): number {
  if (item.status !== 'open' || !Number.isFinite(asOfMs)) return item.ageMinutes;
  return Math.floor(item.ageMinutes + Math.max(0, nowMs - asOfMs) / 60_000);
}

/**
 * The page in the requested order. The sort is stable, so equal ages or severities keep the
 * server's most-urgent-first order among themselves. `age` gives the age shown (live), so the
 * order always matches the figures on screen.
 */
export function sortPage(
  items: readonly ExceptionItem[],
  sort: PageSort | undefined,
  age: (item: ExceptionItem) => number = (item) => item.ageMinutes,
): ExceptionItem[] {
  if (!sort) return [...items];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const value = (item: ExceptionItem) =>
    sort.key === 'age' ? age(item) : (SEVERITY_RANK[item.severity] ?? 0);
  return [...items].sort((a, b) => sign * (value(a) - value(b)));
}

/**
 * The next order when a column's sort button is pressed: largest first (oldest, most severe),
 * then smallest first, then back to the server's order.
 */
export function nextSort(current: PageSort | undefined, key: SortKey): PageSort | undefined {
  if (current?.key !== key) return { key, direction: 'descending' };
  return current.direction === 'descending' ? { key, direction: 'ascending' } : undefined;
}

/** One-based positions of the first and last item of a page starting after `start` items. */
export function pageRange(start: number, count: number): [first: number, last: number] {
  return count > 0 ? [start + 1, start + count] : [start, start];
}
