import type { ExceptionMatrixResponse, ExceptionMatrixRow } from '@cmdctr/contract';

type Severity = NonNullable<ExceptionMatrixRow['severity']>;
const ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/**
 * The `?rows=severity` answer the reference server would give for the by-type fixture: the
 * type rows summed per severity, rates over the items of every selected workflow. The contract
 * records no by-severity fixture, and a story showing type rows under a "Severity" heading
 * would document the wrong thing. This is mock-server work, not element logic.
 */
export function matrixBySeverity(byType: ExceptionMatrixResponse): ExceptionMatrixResponse {
  const items = byType.totals.items;
  const enteredTotal = items.reduce((sum, n) => sum + n, 0);
  const rows: ExceptionMatrixRow[] = [];
  for (const severity of ORDER) {
    const members = byType.rows.filter((row) => row.severity === severity);
    if (members.length === 0) continue;
    const counts = byType.buckets.map((_, c) =>
      members.reduce((sum, row) => sum + (row.counts[c] ?? 0), 0),
    );
    const total = counts.reduce((sum, n) => sum + n, 0);
    const workflows = new Set(members.map((row) => row.workflow));
    rows.push({
      key: severity,
      label: LABELS[severity],
      counts,
      rates: counts.map((count, c) => {
        const entered = items[c] ?? 0;
        return entered === 0 ? null : count / entered;
      }),
      total,
      rate: enteredTotal === 0 ? null : total / enteredTotal,
      // Several owners share a severity; nobody owns the row as a whole.
      owner: null,
      severity,
      runbookUrl: null,
      workflow: workflows.size === 1 ? [...workflows][0]! : null,
    });
  }
  return {
    ...byType,
    meta: { ...byType.meta, filters: { ...byType.meta.filters, rows: 'severity' } },
    rowDimension: 'severity',
    rows,
  };
}
