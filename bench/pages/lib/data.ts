/**
 * The benchmark data, built the same way in every page so each library draws the same numbers:
 * a seeded generator (no Math.random), shaped as the contract's responses so the elements can be
 * fed exactly what the server would send. The fixtures supply the envelope (apiVersion, meta).
 */
import matrixFixture from '../../../packages/contract/fixtures/getExceptionMatrix.json';
import throughputFixture from '../../../packages/contract/fixtures/getThroughput.hourly.json';
import type { components } from '../../../packages/contract/src/generated/openapi.js';

export type MatrixResponse = components['schemas']['ExceptionMatrixResponse'];
export type ThroughputResponse = components['schemas']['ThroughputResponse'];

export const HEATMAP_ROWS = 50;
export const HEATMAP_COLS = 720;
/**
 * The SVG-mode case: the largest matrix the heatmap still draws as SVG (its default
 * `canvas-threshold` is 2,000 cells; above it, canvas). Placed 10,000 hours after the big one
 * so its window never matches the big matrix's in the in-page feed.
 */
export const SVG_ROWS = 10;
export const SVG_COLS = 200;
export const SVG_SHIFT = 10_000;
export const LINE_SERIES = 10;
export const LINE_POINTS = 8_760;

// JSON imports widen string unions to string; the fixtures are valid responses (the contract
// tests check them), so they are taken as such once here.
const matrixBase = matrixFixture as unknown as MatrixResponse;
const throughputBase = throughputFixture as unknown as ThroughputResponse;

const HOUR = 3_600_000;
/** Fixed origin so every run and every page sees identical buckets (UTC hours). */
const ORIGIN = Date.UTC(2025, 0, 1);

/** mulberry32: tiny, fast, and the same sequence in every engine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Items and exceptions of one cell; a daily cycle plus noise, so some cells pass thresholds. */
function cell(random: () => number, row: number, hour: number): { items: number; count: number } {
  const daily = 1 + 0.8 * Math.sin(((hour % 24) / 24) * 2 * Math.PI);
  const items = Math.round(20 + 30 * daily * random());
  const propensity = 0.01 + (0.06 * ((row * 7) % 11)) / 10;
  const count = Math.round(items * propensity * 2 * random());
  return { items, count };
}

/**
 * One fixed cell per day sets the colour domain's maximum, so moving the window on by an hour
 * keeps the domain (a new maximum would rightly force our chart to repaint everything, and the
 * append case would then not measure the append path).
 */
const peak = (row: number, hour: number) =>
  row === 0 && hour % 24 === 12 ? { items: 60, count: 12 } : undefined;

/**
 * A 50 × 720 hourly exception matrix. `shift` moves the window on by that many hours, with every
 * kept cell unchanged (each cell is a function of its absolute hour), as a live refresh would.
 */
export function matrix(
  shift = 0,
  rowCount = HEATMAP_ROWS,
  columnCount = HEATMAP_COLS,
): MatrixResponse {
  const buckets: string[] = [];
  for (let c = 0; c < columnCount; c++) buckets.push(iso(ORIGIN + (c + shift) * HOUR));
  const bucketEnd = iso(ORIGIN + (columnCount + shift) * HOUR);
  const colCounts = new Array<number>(columnCount).fill(0);
  const colItems = new Array<number>(columnCount).fill(0);
  const template = matrixBase.rows[0]!;
  const rows = Array.from({ length: rowCount }, (_, r) => {
    const counts: number[] = [];
    const rates: (number | null)[] = [];
    let total = 0;
    let items = 0;
    for (let c = 0; c < columnCount; c++) {
      const hour = c + shift;
      const { items: n, count } = peak(r, hour) ?? cell(rng(r * 1_000_003 + hour), r, hour);
      counts.push(count);
      rates.push(n > 0 ? Math.round((count / n) * 10_000) / 10_000 : null);
      total += count;
      items += n;
      colCounts[c]! += count;
      colItems[c]! += n;
    }
    return {
      ...template,
      key: `TYPE_${String(r).padStart(2, '0')}`,
      label: `Exception type ${r + 1}`,
      counts,
      rates,
      total,
      rate: items > 0 ? Math.round((total / items) * 10_000) / 10_000 : null,
    };
  });
  return {
    ...matrixBase,
    meta: {
      ...matrixBase.meta,
      filters: { ...matrixBase.meta.filters, tz: 'UTC', from: buckets[0]!, to: bucketEnd },
    },
    buckets,
    bucketEnd,
    rows: rows as MatrixResponse['rows'],
    totals: {
      counts: colCounts,
      items: colItems,
      rates: colCounts.map((n, c) =>
        colItems[c]! > 0 ? Math.round((n / colItems[c]!) * 10_000) / 10_000 : null,
      ),
    },
    annotations: [],
  };
}

/** 10 series × `points` hourly buckets (a random walk with a daily cycle per series). */
export function throughput(points = LINE_POINTS): ThroughputResponse {
  const buckets: string[] = [];
  for (let i = 0; i < points; i++) buckets.push(iso(ORIGIN + i * HOUR));
  const series = Array.from({ length: LINE_SERIES }, (_, s) => {
    const random = rng(9_001 + s);
    const values: number[] = [];
    let level = 40 + s * 12;
    for (let i = 0; i < points; i++) {
      level = Math.max(5, level + (random() - 0.5) * 6);
      const daily = 1 + 0.5 * Math.sin(((i % 24) / 24) * 2 * Math.PI + s);
      values.push(Math.round(level * daily));
    }
    return { key: `S${s}`, label: `Series ${s + 1}`, values };
  });
  const backlog = Array.from({ length: points }, (_, i) => 300 + (i % 48));
  return {
    ...throughputBase,
    meta: {
      ...throughputBase.meta,
      filters: {
        ...throughputBase.meta.filters,
        tz: 'UTC',
        from: buckets[0]!,
        to: iso(ORIGIN + points * HOUR),
      },
    },
    buckets,
    bucketEnd: iso(ORIGIN + points * HOUR),
    series,
    backlog: { values: backlog },
    annotations: [],
  };
}

/** Epoch-ms bucket starts of a throughput response (what uPlot and Chart.js take as x). */
export function epochs(data: ThroughputResponse): Float64Array {
  return Float64Array.from(data.buckets, (b) => Date.parse(b));
}
