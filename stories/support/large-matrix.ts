import type { ExceptionMatrixResponse, ExceptionMatrixRow } from '@cmdctr/contract';

const HOUR_MS = 3_600_000;

// mulberry32: a tiny seeded PRNG, so the large story draws the same picture on every load and
// screenshots of it can be compared.
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A schema-valid exception matrix of `rowCount` rows × `bucketCount` hourly buckets, grown
 * from a fixture: each generated row repeats the shape of a fixture row (its owner, severity,
 * runbook and the daily rhythm of its counts) with seeded noise, and the item counts follow the
 * fixture's volume pattern. Rates are derived the way the server derives them (exceptions ÷
 * items, `null` where no items entered), so the element sees nothing it would reject.
 */
export function largeExceptionMatrix(
  base: ExceptionMatrixResponse,
  rowCount: number,
  bucketCount: number,
  seed = 42,
): ExceptionMatrixResponse {
  const random = seeded(seed);
  const start = Date.parse(base.buckets[0] ?? '2025-01-01T00:00:00Z');
  const buckets = Array.from({ length: bucketCount }, (_, i) =>
    new Date(start + i * HOUR_MS).toISOString(),
  );
  const baseItems = base.totals.items.length > 0 ? base.totals.items : [100];
  // Every row's exceptions together must stay below the items that entered, or the rates
  // (which the contract bounds by the denominator) would be nonsense.
  const items = buckets.map((_, c) => {
    const pattern = baseItems[c % baseItems.length] ?? 100;
    // Every 97th hour nothing entered (an outage or a holiday): the "no data" cells.
    if (c % 97 === 96) return 0;
    return Math.max(pattern, 20) * Math.ceil(rowCount / Math.max(base.rows.length, 1)) + 50;
  });
  const templates = base.rows.length > 0 ? base.rows : [];
  const rows: ExceptionMatrixRow[] = Array.from({ length: rowCount }, (_, r) => {
    const template = templates[r % Math.max(templates.length, 1)];
    const copy = Math.floor(r / Math.max(templates.length, 1));
    // Some rows run hot, most are quiet: a realistic long tail instead of uniform noise.
    const heat = r % 7 === 0 ? 3 : r % 3 === 0 ? 1.5 : 0.6;
    const counts = items.map((entered, c) => {
      if (entered === 0) return 0;
      const rhythm = template?.counts[c % Math.max(template.counts.length, 1)] ?? 1;
      const value = Math.round((rhythm * 0.5 + random() * 2) * heat * (1 + Math.sin(c / 24) * 0.3));
      return Math.max(0, Math.min(value, Math.floor(entered / (rowCount + 1))));
    });
    const rates = counts.map((count, c) => {
      const entered = items[c] ?? 0;
      return entered === 0 ? null : count / entered;
    });
    const total = counts.reduce((sum, n) => sum + n, 0);
    const enteredTotal = items.reduce((sum, n) => sum + n, 0);
    const key = template ? `${template.key}_${copy + 1}` : `type_${r + 1}`;
    return {
      key,
      label: template ? `${template.label} #${copy + 1}` : `Exception type ${r + 1}`,
      counts,
      rates,
      total,
      rate: enteredTotal === 0 ? null : total / enteredTotal,
      owner: template?.owner ?? null,
      severity: template?.severity ?? null,
      runbookUrl: template?.runbookUrl ?? null,
      workflow: template?.workflow ?? null,
    };
  });
  const columnCounts = buckets.map((_, c) =>
    rows.reduce((sum, row) => sum + (row.counts[c] ?? 0), 0),
  );
  const bucketEnd = new Date(start + bucketCount * HOUR_MS).toISOString();
  return {
    ...base,
    meta: {
      ...base.meta,
      filters: {
        ...base.meta.filters,
        from: buckets[0] ?? base.meta.filters.from,
        to: bucketEnd,
        bucket: 'hour',
      },
    },
    bucket: 'hour',
    buckets,
    bucketEnd,
    rows,
    totals: {
      counts: columnCounts,
      items,
      rates: columnCounts.map((count, c) => {
        const entered = items[c] ?? 0;
        return entered === 0 ? null : count / entered;
      }),
    },
    // Annotations outside the generated range would point nowhere.
    annotations: base.annotations.filter((a) => {
      const at = Date.parse(a.at);
      return at >= start && at < start + bucketCount * HOUR_MS;
    }),
  };
}
