/**
 * KPI tiles, the Pareto of exception hours and auto-resolve quality over real HTTP and a real
 * DuckDB file: every figure is recomputed here from the events the test sent, with the Berlin
 * day edges around the spring-forward day written out by hand rather than taken from src/time.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { devUserResolver } from '../src/identity.js';
import { loadPolicy, SEED_POLICY_PATH, type LoadedPolicy } from '../src/policy/policy.js';
import { rankPareto, type ParetoInput } from '../src/http/pareto.js';
import { topicsFor } from '../src/http/stream.js';
import {
  assertSchema,
  findBy,
  getJson,
  postEvents,
  startServer,
  tempDir,
  type Schemas,
  type TestServer,
} from './helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
// Local midnights in Europe/Berlin, 2025-03-24 … 2025-04-01; 2025-03-30 has 23 hours.
const EDGES = [
  '2025-03-23T23:00:00Z',
  '2025-03-24T23:00:00Z',
  '2025-03-25T23:00:00Z',
  '2025-03-26T23:00:00Z',
  '2025-03-27T23:00:00Z',
  '2025-03-28T23:00:00Z',
  '2025-03-29T23:00:00Z',
  '2025-03-30T22:00:00Z',
  '2025-03-31T22:00:00Z',
].map(Date.parse);
const CURRENT = EDGES.slice(4); // 4 buckets: Mar 28, 29, 30 (23 h), 31
const PREVIOUS = EDGES.slice(0, 5);
const WINDOW =
  'from=2025-03-28T00:00:00%2B01:00&to=2025-04-01T00:00:00%2B02:00&bucket=day&tz=Europe/Berlin';
const CLOCK0 = Date.parse('2025-04-02T12:00:00Z');
const P2P = 'p2p_invoice_matching';
const OFH = 'order_fulfillment_hold';
const USERS = {
  'sup-a': ['Finance Supervisor'],
  'sup-b': ['Finance Supervisor'],
  analyst: ['Ops Finance Analyst'],
};

interface Ev {
  eventId: string;
  source: string;
  type: string;
  time: string;
  workflow: string;
  region: string;
  correlationId: string;
  exceptionType?: string;
  confidence?: number;
  owner?: string;
  actor?: string;
  stage?: string;
}

/** mulberry32, so the data set is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(): Ev[] {
  const random = rng(20250330);
  const out: Ev[] = [];
  let n = 0;
  const put = (e: Omit<Ev, 'eventId' | 'source' | 'time'> & { ms: number }): void => {
    const { ms, ...rest } = e;
    if (ms < CLOCK0)
      out.push({
        eventId: `ins-${++n}`,
        source: 'test',
        time: new Date(ms).toISOString(),
        ...rest,
      });
  };
  const lo = EDGES[0]! - 12 * HOUR;
  const hi = EDGES[8]! + 12 * HOUR;
  for (let i = 0; i < 600; i++) {
    const workflow = random() < 0.6 ? P2P : OFH;
    const region = workflow === P2P && random() < 0.4 ? 'EMEA' : 'NA';
    const id = `it-${i}`;
    const base = { workflow, region, correlationId: id };
    const started = Math.floor(lo + random() * (hi - lo));
    put({ ...base, type: 'item.started', ms: started });
    if (random() < 0.95)
      put({
        ...base,
        type: 'item.completed',
        ms: started + Math.floor((10 + random() * 290) * MIN),
      });
    if (random() < 0.3) {
      const exceptionType =
        workflow === OFH
          ? 'ADDRESS_VALIDATION_FAIL'
          : random() < 0.6
            ? 'MISSING_PO'
            : 'DATA_MISMATCH';
      const raised = started + 5 * MIN;
      const exc = { ...base, exceptionType };
      put({ ...exc, type: 'exception.raised', ms: raised });
      if (random() < 0.8)
        put({ ...exc, type: 'exception.assigned', ms: raised + 10 * MIN, owner: `owner-${i % 3}` });
      if (random() < 0.85)
        put({
          ...exc,
          type: 'exception.resolved',
          ms: raised + Math.floor((0.5 + random() * 30) * HOUR),
        });
      if (exceptionType !== 'DATA_MISMATCH' && random() < 0.7) {
        const confidence = Math.round((0.8 + random() * 0.2) * 1000) / 1000;
        put({
          ...exc,
          type: 'autoresolve.proposed',
          ms: raised + MIN,
          confidence,
          actor: 'model v1',
        });
        // Reverts of some proposals; below the gate nothing was applied, so those never count.
        if (exceptionType === 'ADDRESS_VALIDATION_FAIL' && random() < 0.3)
          put({ ...base, type: 'autoresolve.reverted', ms: raised + 2 * HOUR });
      }
    }
  }
  return out;
}

const near = (
  actual: number | null | undefined,
  expected: number | null,
  what: string,
  eps = 1e-6,
): void => {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= eps,
    `${what}: ${String(actual)} ≠ ${expected}`,
  );
};
const ms = (e: Ev): number => Date.parse(e.time);
const bucketOf = (t: number, edges: readonly number[]): number => {
  for (let i = 0; i + 1 < edges.length; i++) if (t >= edges[i]! && t < edges[i + 1]!) return i;
  return -1;
};
const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
};

interface Decision {
  id: string;
  correlationId: string;
  confidence: number;
  requestedMs: number;
  dueMs: number;
  decidedMs: number;
  by: string;
  outcome: 'approve' | 'reject';
  seen: boolean;
}

function policyWithUngatedAddressType(loaded: LoadedPolicy): LoadedPolicy {
  const policy = structuredClone(loaded.policy);
  // Address fixes apply themselves above the gate (no approver role), so auto-applied counts.
  const t = policy.workflows.find((w) => w.id === OFH)!.exception_types[0]!;
  t.auto_resolve = { enabled: true, model_confidence_threshold: 0.9 };
  return { ...loaded, policy };
}

describe('KPIs, Pareto and automation over a generated event set around the Berlin DST day', () => {
  let s: TestServer;
  let clock = CLOCK0;
  const events = generate();
  const decisions: Decision[] = [];
  let policy: LoadedPolicy;
  const headers = (user: string | null, extra: Record<string, string> = {}) => ({
    ...(user ? { 'x-cmdctr-user': user } : {}),
    ...extra,
  });

  before(async () => {
    s = await startServer({ now: () => clock, identify: devUserResolver(USERS) });
    policy = policyWithUngatedAddressType(await loadPolicy(SEED_POLICY_PATH));
    s.setPolicy(policy);
    await s.store.syncPolicy(policy.policy);
    for (let i = 0; i < events.length; i += 1000) {
      const r = await postEvents(s.url, events.slice(i, i + 1000));
      assert.equal(r.status, 202, JSON.stringify(r.body));
    }
    const list = await getJson<Schemas['ApprovalListResponse']>(
      `${s.url}/v1/approvals?limit=200&from=2025-03-01T00:00:00Z&to=2025-04-03T00:00:00Z`,
    );
    const approvals = [...list.body.items].sort((a, b) => a.id.localeCompare(b.id));
    assert.ok(approvals.length >= 10, `${approvals.length} approvals`);
    // Decide all but the last two; they stay pending.
    for (const [k, a] of approvals.slice(0, -2).entries()) {
      const by = k % 2 ? 'sup-a' : 'sup-b';
      const requestedMs = Date.parse(a.requestedAt);
      const decidedMs = requestedMs + (k % 4 === 0 ? 45 : 12) * MIN;
      const seen = k % 3 !== 0;
      clock = decidedMs - 2 * MIN;
      // The other supervisor's view never counts for the decider.
      const viewer = seen ? by : by === 'sup-a' ? 'sup-b' : 'sup-a';
      const detail = await getJson<Schemas['ApprovalResponse']>(`${s.url}/v1/approvals/${a.id}`, {
        headers: headers(viewer),
      });
      assert.equal(detail.status, 200);
      clock = decidedMs;
      const outcome = k % 5 === 4 ? 'reject' : 'approve';
      const r = await getJson(`${s.url}/v1/approvals/${a.id}/decision`, {
        method: 'POST',
        headers: headers(by, {
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          'if-match': detail.headers.get('etag')!,
        }),
        body: JSON.stringify(
          outcome === 'reject' ? { outcome, reason: 'wrong vendor' } : { outcome },
        ),
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      decisions.push({
        id: a.id,
        correlationId: a.exception.correlationId,
        confidence: a.confidence,
        requestedMs,
        dueMs: Date.parse(a.dueAt),
        decidedMs,
        by,
        outcome,
        seen,
      });
    }
    // Reverts of approved fixes: one after the approval (counts), one before it (does not).
    const approved = decisions.filter((d) => d.outcome === 'approve');
    const revert = (d: Decision, at: number, i: number): Ev => ({
      eventId: `rev-${i}`,
      source: 'test',
      type: 'autoresolve.reverted',
      time: new Date(at).toISOString(),
      workflow: P2P,
      region: events.find((e) => e.correlationId === d.correlationId)!.region,
      correlationId: d.correlationId,
    });
    const late = [
      revert(approved[0]!, approved[0]!.decidedMs + HOUR, 1),
      revert(approved[1]!, approved[1]!.decidedMs - MIN, 2),
    ];
    assert.equal((await postEvents(s.url, late)).status, 202);
    events.push(...late);
    clock = CLOCK0;
  });
  after(async () => s.close());

  /** The reference: each figure recomputed from the test's own events and decisions. */
  const reference = (edges: readonly number[]) => {
    const size = edges.length - 1;
    const zeros = () => new Array<number>(size).fill(0);
    const raised = zeros(),
      owned = zeros(),
      completed = zeros(),
      resolved = zeros(),
      hours = zeros();
    const proposed = zeros(),
      autoApplied = zeros(),
      approved = zeros(),
      rejected = zeros(),
      pending = zeros(),
      reverted = zeros();
    const byCorr = new Map<string, Ev[]>();
    for (const e of events)
      byCorr.set(e.correlationId, [...(byCorr.get(e.correlationId) ?? []), e]);
    const decisionOf = new Map(decisions.map((d) => [d.correlationId, d]));
    for (const e of events) {
      const i = bucketOf(ms(e), edges);
      if (e.type === 'item.completed' && i >= 0) completed[i]! += 1;
      if (e.type === 'exception.raised') {
        const all = byCorr.get(e.correlationId)!;
        if (i >= 0) {
          raised[i]! += 1;
          if (all.some((x) => x.type === 'exception.assigned')) owned[i]! += 1;
        }
        const res = all.find((x) => x.type === 'exception.resolved');
        const j = res ? bucketOf(ms(res), edges) : -1;
        if (res && j >= 0) {
          resolved[j]! += 1;
          hours[j]! += (ms(res) - ms(e)) / HOUR;
        }
      }
      if (e.type === 'autoresolve.proposed' && i >= 0) {
        proposed[i]! += 1;
        const reverts = byCorr
          .get(e.correlationId)!
          .filter((x) => x.type === 'autoresolve.reverted');
        if (e.exceptionType === 'ADDRESS_VALIDATION_FAIL' && e.confidence! >= 0.9) {
          autoApplied[i]! += 1;
          if (reverts.some((r) => ms(r) >= ms(e))) reverted[i]! += 1;
        }
        if (e.exceptionType === 'MISSING_PO' && e.confidence! >= 0.92) {
          const d = decisionOf.get(e.correlationId);
          if (!d) pending[i]! += 1;
          else if (d.outcome === 'reject') rejected[i]! += 1;
          else {
            approved[i]! += 1;
            if (reverts.some((r) => ms(r) >= d.decidedMs)) reverted[i]! += 1;
          }
        }
      }
    }
    return {
      raised,
      owned,
      completed,
      resolved,
      hours,
      proposed,
      autoApplied,
      approved,
      rejected,
      pending,
      reverted,
    };
  };
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const div = (n: number, d: number) => (d > 0 ? n / d : null);

  test('kpis: every figure, its previous window, status and per-bucket sparkline', async () => {
    const r = await getJson<Schemas['KpiResponse']>(`${s.url}/v1/metrics/kpis?${WINDOW}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assertSchema('KpiResponse', r.body);
    assert.deepEqual(r.body.buckets, [
      '2025-03-28T00:00:00+01:00',
      '2025-03-29T00:00:00+01:00',
      '2025-03-30T00:00:00+01:00',
      '2025-03-31T00:00:00+02:00',
    ]);
    assert.deepEqual(
      r.body.kpis.map((k) => k.id),
      ['exceptionRate', 'autoResolveSuccess', 'ownershipCoverage', 'throughputVsSlo', 'mttr'],
    );
    const cur = reference(CURRENT);
    const prev = reference(PREVIOUS);
    const figures = (x: ReturnType<typeof reference>, i: number | null) => {
      const at = (xs: number[]) => (i === null ? total(xs) : xs[i]!);
      const days = i === null ? x.completed.length : 1;
      return {
        exceptionRate: div(at(x.raised), at(x.completed)),
        autoResolveSuccess: div(
          at(x.autoApplied) + at(x.approved) - at(x.reverted),
          at(x.proposed),
        ),
        ownershipCoverage: div(at(x.owned), at(x.raised)),
        throughputVsSlo: at(x.completed) / days / 2000,
        mttr: div(at(x.hours), at(x.resolved)),
      };
    };
    const now = figures(cur, null);
    const before = figures(prev, null);
    for (const k of r.body.kpis) {
      const eps = k.id === 'mttr' ? 1e-4 : 1e-6;
      near(k.value, now[k.id], `${k.id} value`, eps);
      near(k.previous, before[k.id], `${k.id} previous`, eps);
      const a = now[k.id];
      const b = before[k.id];
      near(k.change, a === null || b === null ? null : a - b, `${k.id} change`, eps * 2);
      k.sparkline.forEach((v, i) => near(v, figures(cur, i)[k.id], `${k.id} bucket ${i}`, eps));
    }
    assert.ok(total(cur.proposed) > 0 && total(cur.reverted) > 0, 'the window has reverts');
    const rate = findBy(r.body.kpis, 'id', 'exceptionRate');
    assert.deepEqual([rate.warn, rate.critical, rate.better], [0.05, 0.08, 'lower']);
    assert.equal(
      rate.status,
      rate.value! >= 0.08 ? 'critical' : rate.value! >= 0.05 ? 'warn' : 'ok',
    );
    const mttr = findBy(r.body.kpis, 'id', 'mttr');
    assert.equal(mttr.target, 6);
    assert.equal(mttr.status, mttr.value! <= 6 ? 'ok' : 'warn');
    const own = findBy(r.body.kpis, 'id', 'ownershipCoverage');
    assert.equal(own.target, 0.95);
    assert.equal(own.status, own.value! >= 0.95 ? 'ok' : 'warn');
    assert.equal(findBy(r.body.kpis, 'id', 'autoResolveSuccess').status, null, 'no threshold');

    const again = await fetch(`${s.url}/v1/metrics/kpis?${WINDOW}`, {
      headers: { 'if-none-match': r.headers.get('etag')! },
    });
    assert.equal(again.status, 304);
  });

  test('pareto: types ranked by hours consumed up to asOf, shares, cumulative share, vital few', async () => {
    // Two clocks: the first has resolutions after asOf (the store's exact per-row query), the
    // second is after every event (the store's cacheable parts); both must equal the reference.
    for (const at of [Date.parse('2025-04-01T06:00:00Z'), Date.parse('2026-01-01T00:00:00Z')])
      try {
        clock = at;
        const r = await getJson<Schemas['ParetoResponse']>(
          `${s.url}/v1/metrics/pareto?from=2025-03-28T00:00:00%2B01:00&to=2025-04-01T00:00:00%2B02:00&tz=Europe/Berlin`,
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assertSchema('ParetoResponse', r.body);
        const asOf = clock;
        const expected = new Map<
          string,
          { count: number; open: number; ms: number; wf: Set<string> }
        >();
        for (const e of events) {
          if (e.type !== 'exception.raised' || bucketOf(ms(e), CURRENT) < 0) continue;
          const res = events.find(
            (x) => x.type === 'exception.resolved' && x.correlationId === e.correlationId,
          );
          const closed = res !== undefined && ms(res) <= asOf;
          const x = expected.get(e.exceptionType!) ?? {
            count: 0,
            open: 0,
            ms: 0,
            wf: new Set<string>(),
          };
          x.count += 1;
          x.open += closed ? 0 : 1;
          x.ms += Math.max(0, (closed ? ms(res) : asOf) - ms(e));
          x.wf.add(e.workflow);
          expected.set(e.exceptionType!, x);
        }
        const all = [...expected.values()].reduce((a, x) => a + x.ms, 0);
        const order = [...expected].sort((a, b) => b[1].ms - a[1].ms || b[1].count - a[1].count);
        assert.deepEqual(
          r.body.items.map((i) => i.type),
          order.map(([t]) => t),
        );
        let before = 0;
        for (const [type, x] of order) {
          const item = findBy(r.body.items, 'type', type);
          assert.equal(item.count, x.count, type);
          assert.equal(item.openCount, x.open, type);
          assert.deepEqual(item.workflows, [...x.wf].sort());
          near(item.hours, x.ms / HOUR, `${type} hours`, 1e-4);
          near(item.meanHours, x.ms / x.count / HOUR, `${type} mean`, 1e-4);
          near(item.share, x.ms / all, `${type} share`);
          assert.equal(item.vital, before / all < 0.8, `${type} vital`);
          before += x.ms;
          near(item.cumulativeShare, before / all, `${type} cumulative`);
        }
        assert.equal(r.body.cutoff, 0.8);
        assert.equal(
          r.body.totalCount,
          order.reduce((a, [, x]) => a + x.count, 0),
        );
        near(r.body.totalHours, all / HOUR, 'total hours', 1e-4);
        assert.equal(
          findBy(r.body.items, 'type', 'MISSING_PO').runbookUrl,
          'https://wiki.company/runbooks/p2p/missing-po',
        );
        assert.equal(findBy(r.body.items, 'type', 'MISSING_PO').label, 'Missing PO');
      } finally {
        clock = CLOCK0;
      }
  });

  test('automation: outcomes with reverts, calibration bands and approver quality', async () => {
    const r = await getJson<Schemas['AutomationResponse']>(
      `${s.url}/v1/metrics/automation?${WINDOW}`,
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assertSchema('AutomationResponse', r.body);
    const o = r.body.outcomes;
    const cur = reference(CURRENT);
    for (const k of [
      'proposed',
      'autoApplied',
      'approved',
      'rejected',
      'pending',
      'reverted',
    ] as const) {
      assert.deepEqual(o[k], cur[k], k);
      assert.equal(o.overall[k], total(cur[k]), `overall ${k}`);
    }
    assert.equal(o.bucketEnd, '2025-04-01T00:00:00+02:00');
    o.successRate.forEach((v, i) =>
      near(
        v,
        div(cur.autoApplied[i]! + cur.approved[i]! - cur.reverted[i]!, cur.proposed[i]!),
        `success ${i}`,
      ),
    );

    const inWindow = (t: number) => t >= CURRENT[0]! && t < CURRENT[4]!;
    const decided = decisions.filter((d) => inWindow(d.requestedMs));
    const cal = findBy(r.body.calibration, 'type', 'MISSING_PO');
    assert.equal(cal.threshold, 0.92);
    assert.equal(cal.decided, decided.length);
    assert.equal(cal.bands.length, 10);
    cal.bands.forEach((b, i) => {
      const here = decided.filter((d) => Math.min(9, Math.floor(d.confidence * 10)) === i);
      assert.equal(b.decided, here.length, `band ${i}`);
      assert.equal(b.approved, here.filter((d) => d.outcome === 'approve').length, `band ${i}`);
      assert.equal(b.from, i / 10);
    });
    assert.equal(
      r.body.calibration.length,
      1,
      'only the gated type (address fixes apply themselves here)',
    );

    const byDecision = decisions.filter((d) => inWindow(d.decidedMs));
    const sup = findBy(r.body.approvers, 'role', 'Finance Supervisor');
    const approvedHere = byDecision.filter((d) => d.outcome === 'approve');
    assert.equal(sup.decisions, byDecision.length);
    assert.equal(sup.approved, approvedHere.length);
    near(
      sup.medianMinutesToDecide,
      median(byDecision.map((d) => (d.decidedMs - d.requestedMs) / MIN)),
      'median',
      0.01,
    );
    near(
      sup.approvedUnseenShare,
      div(approvedHere.filter((d) => !d.seen).length, approvedHere.length),
      'unseen',
    );
    near(
      sup.lateShare,
      div(byDecision.filter((d) => d.decidedMs >= d.dueMs).length, byDecision.length),
      'late',
    );
    assert.ok(sup.approvedUnseenShare! > 0 && sup.approvedUnseenShare! < 1, 'some seen, some not');
  });

  test('an empty range answers zeros and nulls, still in contract shape', async () => {
    const q = 'from=2024-01-01T00:00:00Z&to=2024-01-03T00:00:00Z&bucket=day';
    const k = await getJson<Schemas['KpiResponse']>(`${s.url}/v1/metrics/kpis?${q}`);
    assertSchema('KpiResponse', k.body);
    for (const x of k.body.kpis) {
      if (x.id === 'throughputVsSlo') assert.equal(x.value, 0);
      else assert.equal(x.value, null, x.id);
      assert.equal(x.sparkline.length, 2);
    }
    const p = await getJson<Schemas['ParetoResponse']>(`${s.url}/v1/metrics/pareto?${q}`);
    assertSchema('ParetoResponse', p.body);
    assert.deepEqual([p.body.items, p.body.totalHours, p.body.totalCount], [[], 0, 0]);
    const a = await getJson<Schemas['AutomationResponse']>(`${s.url}/v1/metrics/automation?${q}`);
    assertSchema('AutomationResponse', a.body);
    assert.deepEqual(a.body.outcomes.proposed, [0, 0]);
    assert.deepEqual(a.body.outcomes.successRate, [null, null]);
    assert.equal(findBy(a.body.approvers, 'role', 'Finance Supervisor').approvedUnseenShare, null);
  });

  test('bad queries are one 400 problem naming every parameter', async () => {
    for (const path of ['kpis', 'pareto', 'automation']) {
      const r = await getJson<Schemas['Problem']>(
        `${s.url}/v1/metrics/${path}?tz=Mars/Olympus&from=yesterday&workflow=Bad-Id`,
      );
      assert.equal(r.status, 400, path);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assertSchema('Problem', r.body);
      const names = (r.body.invalid_params ?? []).map((p) => p.name).sort();
      assert.deepEqual(names, ['from', 'tz', 'workflow'], path);
    }
  });

  test('ledger type filter finds decisions and escalations by exception type', async () => {
    const wide = 'from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&limit=200';
    const escalated = await s.store.escalateStale({
      now: CLOCK0,
      limit: 500,
      policyVersion: policy.policy.policy_version,
      policyHash: policy.hash,
    });
    const mismatch = escalated.filter((x) => x.exceptionType === 'DATA_MISMATCH').length;
    assert.ok(mismatch > 0, 'some DATA_MISMATCH exceptions were stale');
    const po = await getJson<Schemas['LedgerListResponse']>(
      `${s.url}/v1/ledger?${wide}&type=MISSING_PO`,
    );
    assertSchema('LedgerListResponse', po.body);
    const poEscalations = escalated.filter((x) => x.exceptionType === 'MISSING_PO').length;
    assert.equal(po.body.items.length, decisions.length + poEscalations);
    assert.ok(po.body.items.every((e) => e.after?.exceptionType === 'MISSING_PO'));
    assert.deepEqual((po.body.meta.filters as Record<string, unknown>).type, ['MISSING_PO']);
    const dm = await getJson<Schemas['LedgerListResponse']>(
      `${s.url}/v1/ledger?${wide}&type=DATA_MISMATCH,NOT_A_TYPE&action=escalation`,
    );
    assert.equal(dm.body.items.length, mismatch);
    const none = await getJson<Schemas['LedgerListResponse']>(
      `${s.url}/v1/ledger?${wide}&type=NOT_A_TYPE`,
    );
    assert.deepEqual(none.body.items, []);
    const all = await getJson<Schemas['LedgerListResponse']>(`${s.url}/v1/ledger?${wide}`);
    assert.ok(all.body.items.length > po.body.items.length, 'no filter: every entry');
  });
});

test('approval views survive a restart: one approver looked before deciding, the other did not', async () => {
  const { dir, cleanup } = await tempDir();
  const t0 = Date.parse('2025-06-02T10:00:00Z');
  let clock = t0;
  const opts = { dir, now: () => clock, identify: devUserResolver(USERS) };
  const proposal = (id: string) => [
    {
      eventId: `${id}-r`,
      source: 't',
      type: 'exception.raised',
      time: new Date(t0 - 10 * MIN).toISOString(),
      workflow: P2P,
      region: 'NA',
      correlationId: id,
      exceptionType: 'MISSING_PO',
    },
    {
      eventId: `${id}-p`,
      source: 't',
      type: 'autoresolve.proposed',
      time: new Date(t0 - 5 * MIN).toISOString(),
      workflow: P2P,
      region: 'NA',
      correlationId: id,
      exceptionType: 'MISSING_PO',
      confidence: 0.97,
      actor: 'model',
    },
  ];
  const etags = new Map<string, { id: string; etag: string }>();
  try {
    let s = await startServer(opts);
    try {
      assert.equal(
        (await postEvents(s.url, [...proposal('seen-1'), ...proposal('unseen-1')])).status,
        202,
      );
      const list = await getJson<Schemas['ApprovalListResponse']>(
        `${s.url}/v1/approvals?range=P1D`,
      );
      for (const a of list.body.items) {
        // sup-a opens the one it will decide; the other is only read anonymously (no view).
        const user =
          a.exception.correlationId === 'seen-1' ? { 'x-cmdctr-user': 'sup-a' } : undefined;
        const r = await fetch(`${s.url}/v1/approvals/${a.id}`, { headers: user });
        etags.set(a.exception.correlationId, { id: a.id, etag: r.headers.get('etag') ?? '' });
      }
    } finally {
      await s.close();
    }
    clock = t0 + 10 * MIN;
    s = await startServer(opts);
    try {
      for (const [corr, who] of [
        ['seen-1', 'sup-a'],
        ['unseen-1', 'sup-b'],
      ] as const) {
        const { id, etag } = etags.get(corr)!;
        const r = await fetch(`${s.url}/v1/approvals/${id}/decision`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-cmdctr-user': who,
            'idempotency-key': randomUUID(),
            'if-match': etag,
          },
          body: '{"outcome":"approve"}',
        });
        assert.equal(r.status, 200, await r.text());
      }
      const a = await getJson<Schemas['AutomationResponse']>(
        `${s.url}/v1/metrics/automation?range=P1D`,
      );
      assertSchema('AutomationResponse', a.body);
      const sup = findBy(a.body.approvers, 'role', 'Finance Supervisor');
      assert.deepEqual(
        [sup.decisions, sup.approved, sup.approvedUnseenShare, sup.lateShare],
        [2, 2, 0.5, 0],
      );
      assert.equal(sup.medianMinutesToDecide, 15);
    } finally {
      await s.close();
    }
  } finally {
    await cleanup();
  }
});

test('stream topics: reverts move the KPI and automation figures, raises the Pareto too', () => {
  assert.deepEqual(topicsFor(['autoresolve.reverted']), ['kpis', 'automation']);
  assert.deepEqual(topicsFor(['exception.raised']), [
    'exceptions',
    'ownership',
    'kpis',
    'pareto',
    'exceptions-list',
  ]);
  assert.deepEqual(topicsFor(['autoresolve.proposed']), ['kpis', 'automation', 'approvals']);
});

test('pareto ranking, shares and vital few equal a plain reference (property)', () => {
  const row = fc.record({
    type: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'),
    count: fc.integer({ min: 1, max: 50 }),
    ms: fc.oneof(fc.constant(0), fc.constant(3_600_000), fc.integer({ min: 0, max: 10 ** 9 })),
  });
  fc.assert(
    fc.property(fc.uniqueArray(row, { selector: (r) => r.type, maxLength: 8 }), (rows) => {
      const input: ParetoInput[] = rows.map((r) => ({ ...r, openCount: 0 }));
      const out = rankPareto(input, 0.8);
      // Reference: selection sort by the documented order, shares by plain division.
      const left = [...input];
      const order: ParetoInput[] = [];
      while (left.length) {
        let best = 0;
        for (let i = 1; i < left.length; i++) {
          const a = left[i]!,
            b = left[best]!;
          if (
            a.ms > b.ms ||
            (a.ms === b.ms && (a.count > b.count || (a.count === b.count && a.type < b.type)))
          )
            best = i;
        }
        order.push(left.splice(best, 1)[0]!);
      }
      const totalMs = order.reduce((a, r) => a + r.ms, 0);
      assert.deepEqual(
        out.map((r) => r.type),
        order.map((r) => r.type),
      );
      let cum = 0;
      order.forEach((r, i) => {
        const got = out[i]!;
        assert.equal(got.vital, totalMs > 0 && cum / totalMs < 0.8);
        cum += r.ms;
        assert.ok(Math.abs(got.share - (totalMs ? r.ms / totalMs : 0)) < 1e-12);
        assert.ok(Math.abs(got.cumulativeShare - (totalMs ? cum / totalMs : 0)) < 1e-12);
      });
      if (totalMs > 0) {
        assert.equal(out.at(-1)!.cumulativeShare, 1);
        assert.ok(out[0]!.vital, 'the largest type is always vital');
        // The vital few reach the cutoff: the hours of vital types make up at least 80 %.
        const vitalMs = out.filter((r) => r.vital).reduce((a, r) => a + r.ms, 0);
        assert.ok(vitalMs / totalMs >= 0.8 - 1e-12);
      }
    }),
    { numRuns: 300 },
  );
});
