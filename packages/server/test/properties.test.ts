/**
 * Property-based tests of the metric maths: random event sets (items, exceptions with re-raises,
 * reassignments, early and repeated resolutions) around a DST change in Europe/Berlin go into a
 * real DuckDB file through the Store interface, and the server's answers (the HTTP handlers, run
 * in-process with Fastify's inject so no socket slows the runs) must equal a plain reference
 * written here: loops over the events, bucketed by wall-clock labels from `Intl`, sharing no code
 * with src/time.ts or the SQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildApp } from '../src/http/app.js';
import { loadPolicy, SEED_POLICY_PATH, type LoadedPolicy } from '../src/policy/policy.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import type { StoredEvent } from '../src/store/types.js';
import { tempDir } from './helpers.js';

const TZ = 'Europe/Berlin';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Two-week windows from Monday to Monday (local midnight), each holding a DST change. */
const WINDOWS = [
  // Fall back on Sunday 26 October 2025 (03:00 CEST → 02:00 CET, a 25-hour day).
  {
    from: '2025-10-20T00:00:00+02:00',
    to: '2025-11-03T00:00:00+01:00',
    change: '2025-10-26T01:00:00Z',
  },
  // Spring forward on Sunday 30 March 2025 (02:00 CET → 03:00 CEST, a 23-hour day).
  {
    from: '2025-03-24T00:00:00+01:00',
    to: '2025-04-07T00:00:00+02:00',
    change: '2025-03-30T01:00:00Z',
  },
] as const;

const PAIRS = [
  ['p2p_invoice_matching', 'NA'],
  ['p2p_invoice_matching', 'EMEA'],
  ['order_fulfillment_hold', 'NA'],
] as const;
const WORKFLOWS = ['p2p_invoice_matching', 'order_fulfillment_hold'];
const REGIONS = ['NA', 'EMEA'];
const STAGES = ['capture', 'match', 'post', null] as const;
// One code no policy knows and a missing code, so the defaults (UNCLASSIFIED, medium) are hit.
const TYPES = [
  'MISSING_PO',
  'DATA_MISMATCH',
  'ADDRESS_VALIDATION_FAIL',
  'ROGUE_TYPE',
  null,
] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', null] as const;
const OWNERS = ['A. Patel', 'L. Gomez', 'AP Team', null] as const;

type Bucket = 'hour' | 'day' | 'week';

// ------------------------------------------------------------------ generated cases

/** Minutes relative to the window start; a third of the times land within 3 hours of the change. */
const when = (span: number, change: number) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min: -24 * 60, max: span + 24 * 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: change - 180, max: change + 180 }) },
  );

function caseArb(windowIndex: number) {
  const w = WINDOWS[windowIndex]!;
  const span = (Date.parse(w.to) - Date.parse(w.from)) / MINUTE;
  const change = (Date.parse(w.change) - Date.parse(w.from)) / MINUTE;
  const at = when(span, change);
  const item = fc.record({
    pair: fc.constantFrom(...PAIRS),
    stage: fc.constantFrom(...STAGES),
    at,
    completed: fc.option(
      fc.record({ after: fc.integer({ min: 0, max: 3000 }), stage: fc.constantFrom(...STAGES) }),
    ),
  });
  const exception = fc.record({
    pair: fc.constantFrom(...PAIRS),
    type: fc.constantFrom(...TYPES),
    severity: fc.constantFrom(...SEVERITIES),
    stage: fc.constantFrom(...STAGES),
    owner: fc.constantFrom(...OWNERS),
    at,
    // A later second raise of the same correlation id must change nothing: the first defines it.
    reraise: fc.option(
      fc.record({ after: fc.integer({ min: 1, max: 600 }), type: fc.constantFrom(...TYPES) }),
    ),
    assigned: fc.array(
      fc.record({
        after: fc.integer({ min: -60, max: 2000 }),
        owner: fc.constantFrom('A. Patel', 'L. Gomez', 'AP Team'),
      }),
      { maxLength: 2 },
    ),
    // Negative delays resolve before the raise, which must not count as a resolution.
    resolved: fc.array(fc.integer({ min: -120, max: 3000 }), { maxLength: 2 }),
  });
  return fc.record({
    windowIndex: fc.constant(windowIndex),
    items: fc.array(item, { maxLength: 45 }),
    exceptions: fc.array(exception, { maxLength: 18 }),
    bucket: fc.constantFrom<Bucket>('hour', 'day', 'week'),
    rows: fc.constantFrom('type', 'severity', 'stage', 'region', 'workflow'),
    groupBy: fc.constantFrom('stage', 'region', 'workflow'),
    workflows: fc.subarray(WORKFLOWS),
    regions: fc.subarray(REGIONS),
    nowAfterMinutes: fc.integer({ min: 0, max: 600 }),
  });
}

type CaseValue = ReturnType<typeof caseArb> extends fc.Arbitrary<infer T> ? T : never;

/** Builds the stored events; every time gets a distinct millisecond so "first"/"latest" are total orders. */
function eventsOf(c: CaseValue): StoredEvent[] {
  const base = Date.parse(WINDOWS[c.windowIndex]!.from);
  const out: StoredEvent[] = [];
  const add = (
    type: StoredEvent['type'],
    minutes: number,
    pair: readonly [string, string],
    correlationId: string,
    extra: Partial<StoredEvent> = {},
  ): void => {
    out.push({
      source: 'prop',
      eventId: `e${out.length}`,
      type,
      timeMs: base + minutes * MINUTE + out.length,
      workflow: pair[0],
      region: pair[1],
      correlationId,
      stage: null,
      exceptionType: null,
      severity: null,
      owner: null,
      confidence: null,
      actor: null,
      data: null,
      ...extra,
    });
  };
  c.items.forEach((it, i) => {
    add('item.started', it.at, it.pair, `item-${i}`, { stage: it.stage });
    if (it.completed)
      add('item.completed', it.at + it.completed.after, it.pair, `item-${i}`, {
        stage: it.completed.stage,
      });
  });
  c.exceptions.forEach((x, i) => {
    const id = `exc-${i}`;
    add('exception.raised', x.at, x.pair, id, {
      exceptionType: x.type,
      severity: x.severity,
      stage: x.stage,
      owner: x.owner,
    });
    // A re-raise carries other values, also where the first raise had none: the first raise
    // still defines the exception.
    if (x.reraise)
      add('exception.raised', x.at + x.reraise.after, x.pair, id, {
        exceptionType: x.reraise.type,
        severity: 'low',
        stage: 'post',
        owner: null,
      });
    for (const a of x.assigned)
      add('exception.assigned', x.at + a.after, x.pair, id, { owner: a.owner });
    for (const r of x.resolved) add('exception.resolved', x.at + r, x.pair, id);
  });
  return out;
}

// ------------------------------------------------------------------ the reference

const labels = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'shortOffset',
});

/** The wall-clock label of the bucket holding `ms`; the offset keeps the repeated hour apart. */
function label(ms: number, unit: Bucket): string {
  const parts = labels.formatToParts(new Date(ms));
  const p = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((x) => x.type === type)?.value ?? '';
  const date = `${p('year')}-${p('month')}-${p('day')}`;
  if (unit === 'hour') return `${date} ${p('hour')} ${p('timeZoneName')}`;
  if (unit === 'day') return date;
  const d = new Date(Date.UTC(Number(p('year')), Number(p('month')) - 1, Number(p('day'))));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return `week of ${d.toISOString().slice(0, 10)}`;
}

interface Fact {
  workflow: string;
  region: string;
  type: string;
  severity: string;
  stage: string;
  owner: string | null;
  raised: number;
  resolved: number | null;
}

/** Exceptions as the policy defines them, by plain loops over the events. */
function facts(events: StoredEvent[], policy: LoadedPolicy): Fact[] {
  const byId = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (!e.type.startsWith('exception.')) continue;
    const k = `${e.workflow}\u0000${e.correlationId}`;
    byId.set(k, [...(byId.get(k) ?? []), e]);
  }
  const out: Fact[] = [];
  for (const list of byId.values()) {
    const sorted = [...list].sort((a, b) => a.timeMs - b.timeMs);
    const raise = sorted.find((e) => e.type === 'exception.raised');
    if (!raise) continue;
    const lastAssign = sorted.filter((e) => e.type === 'exception.assigned').at(-1);
    const resolve = sorted.find((e) => e.type === 'exception.resolved' && e.timeMs >= raise.timeMs);
    const wf = policy.policy.workflows.find((w) => w.id === raise.workflow);
    const policyType = wf?.exception_types.find((t) => t.code === raise.exceptionType);
    out.push({
      workflow: raise.workflow,
      region: raise.region,
      type: raise.exceptionType ?? 'UNCLASSIFIED',
      severity: raise.severity ?? policyType?.severity ?? 'medium',
      stage: raise.stage ?? 'unknown',
      owner: lastAssign?.owner || raise.owner || policyType?.owner || null,
      raised: raise.timeMs,
      resolved: resolve?.timeMs ?? null,
    });
  }
  return out;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

function assertClose(
  actual: number | null | undefined,
  expected: number | null,
  tolerance: number,
  what: string,
): void {
  if (expected === null || actual === null || actual === undefined) {
    assert.equal(actual, expected, what);
    return;
  }
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: server ${actual}, reference ${expected}`,
  );
}

interface MatrixBody {
  buckets: string[];
  bucketEnd: string;
  rows: { key: string; counts: number[]; rates: (number | null)[]; total: number }[];
  totals: { counts: number[]; items: number[]; rates: (number | null)[] };
}
interface ThroughputBody {
  buckets: string[];
  series: { key: string; values: number[] }[];
  backlog: { values: number[] };
}
interface MttrBody {
  buckets: string[];
  mean: (number | null)[];
  count: number[];
}
interface OwnershipBody {
  overall: { owned: number; total: number; coverage: number | null };
  byType: {
    workflow: string;
    type: string;
    owned: number;
    total: number;
    coverage: number | null;
  }[];
  staleCount: number;
}

// ------------------------------------------------------------------ the property

test('metric answers equal a plain reference over random events around Berlin DST changes', async () => {
  const policy = await loadPolicy(SEED_POLICY_PATH);
  const { dir, cleanup } = await tempDir();
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: WINDOWS.length - 1 }).chain(caseArb),
        async (c) => {
          const w = WINDOWS[c.windowIndex]!;
          const from = Date.parse(w.from);
          const to = Date.parse(w.to);
          const now = to + c.nowAfterMinutes * MINUTE;
          const events = eventsOf(c);
          // 45 items × 2 events + 18 exceptions × 6 events at most.
          assert.ok(events.length <= 200, `${events.length} events`);
          run += 1;
          const store = await DuckDbStore.open({ path: join(dir, `run-${run}.duckdb`) });
          const built = await buildApp({ store, policy, now: () => now });
          try {
            await store.syncPolicy(policy.policy);
            await store.ingest(events);

            const inFilter = (e: { workflow: string; region: string }): boolean =>
              (!c.workflows.length || c.workflows.includes(e.workflow)) &&
              (!c.regions.length || c.regions.includes(e.region));
            const selected = events.filter(inFilter);
            const exc = facts(events, policy).filter(inFilter);

            const get = async <T>(path: string, extra: Record<string, string>): Promise<T> => {
              const query = new URLSearchParams({ tz: TZ, from: w.from, to: w.to, ...extra });
              for (const x of c.workflows) query.append('workflow', x);
              for (const x of c.regions) query.append('region', x);
              const res = await built.app.inject({
                method: 'GET',
                url: `${path}?${query.toString()}`,
              });
              assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
              return res.json<T>();
            };

            // Every server bucket must be exactly one wall-clock bucket of the reference: it
            // starts where the label changes and the label holds until the next start.
            const checkEdges = (starts: number[], end: number): string[] => {
              assert.equal(starts[0], from, 'first bucket starts at the window start');
              assert.equal(end, to, 'last bucket ends at the window end');
              const edges = [...starts, end];
              const keys: string[] = [];
              for (let i = 0; i < starts.length; i++) {
                const k = label(edges[i]!, c.bucket);
                assert.notEqual(label(edges[i]! - 1, c.bucket), k, `bucket ${i} starts mid-bucket`);
                assert.equal(label(edges[i + 1]! - 1, c.bucket), k, `bucket ${i} spans two`);
                keys.push(k);
              }
              return keys;
            };
            const index = (keys: string[]) => {
              const at = new Map(keys.map((k, i) => [k, i]));
              return (ms: number): number | undefined =>
                ms >= from && ms < to ? at.get(label(ms, c.bucket)) : undefined;
            };

            // ---------------------------------------------------------- exception matrix
            const m = await get<MatrixBody>('/v1/metrics/exceptions', {
              bucket: c.bucket,
              rows: c.rows,
            });
            const keys = checkEdges(
              m.buckets.map((s) => Date.parse(s)),
              Date.parse(m.bucketEnd),
            );
            const size = keys.length;
            const bucketOf = index(keys);
            const zeros = (): number[] => new Array<number>(size).fill(0);
            const rowKey = (f: Fact): string =>
              c.rows === 'type' ? f.type : (f[c.rows as keyof Fact] as string);
            const counts = new Map<string, number[]>();
            for (const f of exc) {
              const i = bucketOf(f.raised);
              if (i === undefined) continue;
              const k = rowKey(f);
              if (!counts.has(k)) counts.set(k, zeros());
              counts.get(k)![i]! += 1;
            }
            const items = zeros();
            const itemsByKey = new Map<string, number[]>();
            for (const e of selected) {
              if (e.type !== 'item.started') continue;
              const i = bucketOf(e.timeMs);
              if (i === undefined) continue;
              items[i]! += 1;
              const k = c.rows === 'region' ? e.region : e.workflow;
              if (!itemsByKey.has(k)) itemsByKey.set(k, zeros());
              itemsByKey.get(k)![i]! += 1;
            }
            for (const [k, ref] of counts)
              if (ref.some((n) => n > 0))
                assert.ok(
                  m.rows.some((r) => r.key === k),
                  `row ${k} missing`,
                );
            for (const r of m.rows) {
              const ref = counts.get(r.key) ?? zeros();
              assert.deepEqual(r.counts, ref, `counts of row ${r.key}`);
              assert.equal(
                r.total,
                ref.reduce((a, b) => a + b, 0),
              );
              const den =
                c.rows === 'region' || c.rows === 'workflow'
                  ? (itemsByKey.get(r.key) ?? zeros())
                  : items;
              ref.forEach((n, i) =>
                assertClose(r.rates[i], ratio(n, den[i]!), 5e-7, `rate of ${r.key} in bucket ${i}`),
              );
            }
            assert.deepEqual(m.totals.items, items, 'items started per bucket');
            const totalCounts = zeros();
            for (const ref of counts.values()) ref.forEach((n, i) => (totalCounts[i]! += n));
            assert.deepEqual(m.totals.counts, totalCounts, 'exceptions per bucket');
            totalCounts.forEach((n, i) =>
              assertClose(m.totals.rates[i], ratio(n, items[i]!), 5e-7, `total rate ${i}`),
            );

            // ---------------------------------------------------------- throughput
            const t = await get<ThroughputBody>('/v1/metrics/throughput', {
              bucket: c.bucket,
              groupBy: c.groupBy,
            });
            assert.deepEqual(t.buckets, m.buckets);
            const done = new Map<string, number[]>();
            const net = zeros();
            let open = 0;
            for (const e of selected) {
              if (e.type !== 'item.started' && e.type !== 'item.completed') continue;
              const delta = e.type === 'item.started' ? 1 : -1;
              if (e.timeMs < from) open += delta;
              const i = bucketOf(e.timeMs);
              if (i === undefined) continue;
              net[i]! += delta;
              if (e.type !== 'item.completed') continue;
              const k =
                c.groupBy === 'stage'
                  ? (e.stage ?? 'unknown')
                  : c.groupBy === 'region'
                    ? e.region
                    : e.workflow;
              if (!done.has(k)) done.set(k, zeros());
              done.get(k)![i]! += 1;
            }
            for (const k of done.keys())
              assert.ok(
                t.series.some((s) => s.key === k),
                `series ${k} missing`,
              );
            for (const s of t.series)
              assert.deepEqual(s.values, done.get(s.key) ?? zeros(), `throughput of ${s.key}`);
            const backlog = net.map((n) => Math.max(0, (open += n)));
            assert.deepEqual(t.backlog.values, backlog, 'open backlog at each bucket end');

            // ---------------------------------------------------------- MTTR
            const r = await get<MttrBody>('/v1/metrics/mttr', { bucket: c.bucket });
            assert.deepEqual(r.buckets, m.buckets);
            const sums = zeros();
            const n = zeros();
            for (const f of exc) {
              if (f.resolved === null) continue;
              const i = bucketOf(f.resolved);
              if (i === undefined) continue;
              sums[i]! += (f.resolved - f.raised) / HOUR;
              n[i]! += 1;
            }
            assert.deepEqual(r.count, n, 'resolutions per bucket');
            // The contract rounds hours to 4 decimals.
            n.forEach((k, i) =>
              assertClose(r.mean[i], k ? sums[i]! / k : null, 5.01e-5, `mean of bucket ${i}`),
            );

            // ---------------------------------------------------------- ownership
            const o = await get<OwnershipBody>('/v1/metrics/ownership', {});
            const inWindow = exc.filter((f) => f.raised >= from && f.raised < to);
            const owned = inWindow.filter((f) => f.owner !== null).length;
            assert.equal(o.overall.total, inWindow.length, 'exceptions raised in the window');
            assert.equal(o.overall.owned, owned, 'owned exceptions');
            assertClose(o.overall.coverage, ratio(owned, inWindow.length), 5e-7, 'coverage');
            const byType = new Map<string, { owned: number; total: number }>();
            for (const f of inWindow) {
              const k = `${f.workflow}/${f.type}`;
              const acc = byType.get(k) ?? { owned: 0, total: 0 };
              acc.total += 1;
              if (f.owner !== null) acc.owned += 1;
              byType.set(k, acc);
            }
            assert.equal(o.byType.length, byType.size, 'one row per workflow and type');
            for (const row of o.byType) {
              const ref = byType.get(`${row.workflow}/${row.type}`);
              assert.ok(ref, `unexpected type row ${row.workflow}/${row.type}`);
              assert.equal(row.total, ref.total);
              assert.equal(row.owned, ref.owned);
              assertClose(row.coverage, ratio(ref.owned, ref.total), 5e-7, `coverage ${row.type}`);
            }
            const staleMinutes = new Map(
              policy.policy.workflows.map((x) => [
                x.id,
                x.escalation.stale_exception_timer_minutes,
              ]),
            );
            const stale = inWindow.filter(
              (f) => f.resolved === null && now - f.raised > staleMinutes.get(f.workflow)! * MINUTE,
            );
            assert.equal(o.staleCount, stale.length, 'stale exceptions');
          } finally {
            await built.app.close();
            await store.close();
          }
        },
      ),
      // Bounded so the suite stays fast on two shared cores; FC_RUNS/FC_SEED widen or replay it.
      {
        numRuns: Number(process.env.FC_RUNS ?? 50),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
      },
    );
  } finally {
    await cleanup();
  }
});
