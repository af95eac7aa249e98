/**
 * Time-driven governance over real HTTP and a real DuckDB file, with an injected clock: stale
 * escalation (once, across sweeps, sweepers and restarts), the escalation webhook, policy hot
 * reload, the auto-action switch and ledger retention.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { startGovernance } from '../src/governance/index.js';
import { Sweeper, type SweepLog } from '../src/governance/sweeper.js';
import { WebhookSender } from '../src/governance/webhook.js';
import type { PolicyCheckOutcome } from '../src/governance/policy-watch.js';
import { PRUNED_MARK, verifyChain } from '../src/ledger/ledger.js';
import { devUserResolver } from '../src/identity.js';
import { loadPolicy, SEED_POLICY_PATH } from '../src/policy/policy.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import {
  assertSchema,
  getJson,
  postEvents,
  startServer,
  tempDir,
  type Schemas,
  type TestServer,
} from './helpers.js';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T12:00:00Z');
const OFH = 'order_fulfillment_hold';
const P2P = 'p2p_invoice_matching';

// The policy startServer loads by default.
const seed = await loadPolicy(SEED_POLICY_PATH);

let n = 0;
function ev(
  type: string,
  timeMs: number,
  workflow: string,
  correlationId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  n += 1;
  return {
    eventId: `gov-${n}`,
    source: 'governance-test',
    type,
    time: new Date(timeMs).toISOString(),
    workflow,
    region: 'NA',
    correlationId,
    ...extra,
  };
}

const raise = (t: number, workflow: string, id: string, type: string): Record<string, unknown> =>
  ev('exception.raised', t, workflow, id, { exceptionType: type, severity: 'high', stage: 's' });

/** Records what the sweep logs, so a test can read the problems it reported. */
function recordingLog(): SweepLog & { lines: { level: string; msg: string; obj: unknown }[] } {
  const lines: { level: string; msg: string; obj: unknown }[] = [];
  const at =
    (level: string) =>
    (obj: Record<string, unknown>, msg: string): void => {
      lines.push({ level, msg, obj });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Reads SSE frames from the live stream until `until` holds or the deadline passes. */
async function readStream(
  url: string,
  until: (frames: { event: string; data: unknown }[]) => boolean,
  start: () => Promise<void>,
  timeoutMs = 5000,
): Promise<{ event: string; data: unknown }[]> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: ctrl.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const frames: { event: string; data: unknown }[] = [];
  // The first chunk (`retry:`) says the client is attached, so nothing published is missed.
  text += decoder.decode((await reader.read()).value);
  await start();
  const deadline = Date.now() + timeoutMs;
  while (!until(frames) && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()).unref()),
    ]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
    const parts = text.split('\n\n');
    text = parts.pop()!;
    for (const p of parts) {
      const event = /^event: (.*)$/m.exec(p)?.[1];
      const data = /^data: (.*)$/m.exec(p)?.[1];
      if (event && data) frames.push({ event, data: JSON.parse(data) });
    }
  }
  ctrl.abort();
  await reader.cancel().catch(() => undefined);
  return frames;
}

/** Starts a server whose close() may be called again (a failed assertion leaves it open). */
async function reopenable(dir: string, now: () => number): Promise<TestServer> {
  const s = await startServer({ dir, now });
  let closing: Promise<void> | null = null;
  return { ...s, close: () => (closing ??= s.close()) };
}

async function ledger(
  s: TestServer,
  action: string,
): Promise<Schemas['LedgerListResponse']['items']> {
  const r = await getJson<Schemas['LedgerListResponse']>(
    `${s.url}/v1/ledger?action=${action}&limit=200&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assertSchema('LedgerListResponse', r.body);
  return r.body.items;
}

async function verify(s: TestServer): Promise<Schemas['LedgerVerifyResponse']> {
  const v = await getJson<Schemas['LedgerVerifyResponse']>(`${s.url}/v1/ledger/verify`);
  assertSchema('LedgerVerifyResponse', v.body);
  return v.body;
}

function sweeper(
  s: TestServer,
  clock: () => number,
  extra: Partial<{ webhook: WebhookSender }> = {},
) {
  const log = recordingLog();
  const sw = new Sweeper({
    store: s.store,
    policy: () => seed,
    hub: s.hub,
    log,
    now: clock,
    ...extra,
  });
  return { sw, log };
}

describe('stale escalation', () => {
  test('escalates a stale open exception once: across sweeps, sweepers and a restart', async () => {
    const { dir, cleanup } = await tempDir();
    let clock = T0;
    let s = await reopenable(dir, () => clock);
    try {
      const r = await postEvents(s.url, [
        // OFH's stale timer is 30 minutes: 40 minutes open is stale, 10 is not.
        raise(T0 - 40 * MIN, OFH, 'ofh-stale', 'ADDRESS_VALIDATION_FAIL'),
        raise(T0 - 10 * MIN, OFH, 'ofh-fresh', 'ADDRESS_VALIDATION_FAIL'),
        // Stale by age but resolved: nothing to escalate.
        raise(T0 - 90 * MIN, OFH, 'ofh-done', 'ADDRESS_VALIDATION_FAIL'),
        ev('exception.resolved', T0 - 80 * MIN, OFH, 'ofh-done'),
      ]);
      assert.equal(r.status, 202);

      const a = sweeper(s, () => clock);
      const b = sweeper(s, () => clock);
      let first: Awaited<ReturnType<Sweeper['sweep']>> | undefined;
      const frames = await readStream(
        `${s.url}/v1/stream`,
        (f) => f.some((x) => x.event === 'escalation'),
        async () => {
          // Two sweepers on one store at once: exactly one escalation between them.
          const [ra, rb] = await Promise.all([a.sw.sweep(), b.sw.sweep()]);
          assert.deepEqual([...ra.errors, ...rb.errors], []);
          assert.equal(ra.escalations.length + rb.escalations.length, 1);
          first = ra.escalations.length ? ra : rb;
        },
      );
      const esc = frames.find((f) => f.event === 'escalation');
      assert.ok(esc, 'escalation was published on the stream');
      assertSchema('StreamEscalation', esc.data);
      assert.equal(esc.data.kind, 'stale_exception');
      assert.equal(esc.data.workflow, OFH);
      assert.equal(esc.data.exceptionId, `${OFH}:ofh-stale`);
      assert.equal(esc.data.target, 'Supply Chain Incident Commander – on-call');
      assert.equal(esc.data.at, new Date(T0).toISOString());
      assert.match(esc.data.detail, /ADDRESS_VALIDATION_FAIL open for 40 minutes/);
      assert.equal(first!.escalations[0]!.correlationId, 'ofh-stale');

      // Later sweeps, from either sweeper, find nothing new; the fresh one escalates once stale.
      clock = T0 + 5 * MIN;
      assert.equal((await a.sw.sweep()).escalations.length, 0);
      assert.equal((await b.sw.sweep()).escalations.length, 0);
      clock = T0 + 21 * MIN;
      const later = await b.sw.sweep();
      assert.deepEqual(
        later.escalations.map((x) => [x.correlationId, x.ageMinutes]),
        [['ofh-fresh', 31]],
      );

      // A restart on the same file remembers both marks.
      await s.close();
      s = await reopenable(dir, () => clock);
      {
        clock = T0 + 120 * MIN;
        assert.equal((await sweeper(s, () => clock).sw.sweep()).escalations.length, 0);
        const entries = await ledger(s, 'escalation');
        assert.equal(entries.length, 2);
        const e = entries.find((x) => x.subject === `${OFH}:ofh-stale`)!;
        assert.equal(e.actor, 'system');
        assert.equal(e.workflow, OFH);
        assert.equal(e.at, new Date(T0).toISOString());
        assert.equal(e.policyVersion, seed.policy.policy_version);
        assert.equal(e.policyHash, seed.hash);
        assert.match(e.reason!, /open for 40 minutes, past the 30-minute stale timer/);
        assert.deepEqual(e.before, { escalated: false, stale: false });
        assert.equal(e.after!.ageMinutes, 40);
        assert.equal(e.after!.staleTimerMinutes, 30);
        assert.equal(e.after!.target, 'Supply Chain Incident Commander – on-call');
        assert.equal((await verify(s)).ok, true);
      }
    } finally {
      await s.close();
      await cleanup();
    }
  });

  test('the webhook is retried after a 500 on a loopback receiver, and failures never throw', async () => {
    const calls: { key: string | undefined; body: Record<string, unknown> }[] = [];
    let failuresLeft = 1;
    const receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({
          key: req.headers['idempotency-key'] as string | undefined,
          body: JSON.parse(body) as Record<string, unknown>,
        });
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(500).end('busy');
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    let clock = T0;
    const s = await startServer({ now: () => clock });
    try {
      await postEvents(s.url, [raise(T0 - 60 * MIN, OFH, 'hook-1', 'ADDRESS_VALIDATION_FAIL')]);
      const log = recordingLog();
      const webhook = new WebhookSender({
        url: `http://127.0.0.1:${port}/page`,
        backoffMs: 20,
        retries: 3,
        timeoutMs: 2000,
        log,
      });
      const { sw } = sweeper(s, () => clock, { webhook });
      const report = await sw.sweep();
      assert.equal(report.escalations.length, 1);
      await sw.settled();
      assert.equal(calls.length, 2, 'one failure, one retry');
      assert.equal(calls[0]!.key, calls[1]!.key, 'the retry carries the same idempotency key');
      assert.equal(calls[0]!.key, `cmdctr-ledger-${report.escalations[0]!.entry.hash}`);
      assert.equal(calls[1]!.body.kind, 'stale_exception');
      assert.equal(calls[1]!.body.exceptionId, `${OFH}:hook-1`);
      assert.equal(calls[1]!.body.ledgerSeq, report.escalations[0]!.entry.seq);
      assert.ok(log.lines.some((l) => l.level === 'warn' && /webhook failed/.test(l.msg)));

      // A receiver that always fails: bounded attempts, an error logged, nothing thrown.
      failuresLeft = 100;
      calls.length = 0;
      clock = T0 + 1;
      await postEvents(s.url, [raise(T0 - 60 * MIN, OFH, 'hook-2', 'ADDRESS_VALIDATION_FAIL')]);
      assert.equal((await sw.sweep()).escalations.length, 1);
      await sw.settled();
      assert.equal(calls.length, 4);
      assert.ok(log.lines.some((l) => l.level === 'error' && /gave up/.test(l.msg)));

      // Nobody listening at all: still no throw.
      const closed = new WebhookSender({
        url: `http://127.0.0.1:${port}/x`,
        retries: 1,
        backoffMs: 5,
        log,
      });
      await new Promise<void>((r) => receiver.close(() => r()));
      const r = await closed.send({ ping: true }, 'k');
      assert.deepEqual([r.delivered, r.attempts], [false, 2]);
    } finally {
      receiver.close();
      await s.close();
    }
  });
});

describe('policy hot reload', () => {
  test('a valid change takes effect and is ledgered; an invalid one is refused and logged', async () => {
    const { dir, cleanup } = await tempDir();
    const file = join(dir, 'policy.yaml');
    await copyFile(SEED_POLICY_PATH, file);
    const s = await startServer({ now: () => T0, identify: devUserResolver() });
    const outcomes: PolicyCheckOutcome[] = [];
    const waiters: (() => void)[] = [];
    const log = recordingLog();
    const gov = startGovernance({
      store: s.store,
      app: s,
      policy: seed,
      log,
      now: () => T0,
      sweepIntervalMs: 3_600_000,
      policyFile: file,
      policyDebounceMs: 50,
      onPolicyChecked: (o) => {
        outcomes.push(o);
        waiters.splice(0).forEach((w) => w());
      },
    });
    const next = async (kind: PolicyCheckOutcome['kind']): Promise<PolicyCheckOutcome> => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = outcomes.find((o) => o.kind === kind);
        if (found) return found;
        assert.ok(
          Date.now() < deadline,
          `no "${kind}" policy check (saw ${JSON.stringify(outcomes.map((o) => o.kind))})`,
        );
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200).unref();
        });
      }
    };
    try {
      const seedText = await readFile(file, 'utf8');
      const changed = seedText
        .replace(/^policy_version: .*$/m, 'policy_version: 1.5.0')
        .replace('model_confidence_threshold: 0.92', 'model_confidence_threshold: 0.8');
      assert.notEqual(changed, seedText);
      await writeFile(file, changed);
      const applied = await next('applied');
      assert.equal(applied.kind === 'applied' && applied.loaded.policy.policy_version, '1.5.0');

      const wf = await getJson<Schemas['WorkflowsResponse']>(`${s.url}/v1/workflows`);
      assert.equal(wf.body.meta.policyVersion, '1.5.0');
      const p2p = wf.body.workflows.find((w) => w.id === P2P)!;
      assert.equal(
        p2p.exceptionTypes.find((t) => t.code === 'MISSING_PO')!.autoResolve.confidenceThreshold,
        0.8,
      );
      const changes = await ledger(s, 'policy_change');
      assert.equal(changes.length, 2, 'first load and the change');
      const change = changes[0]!;
      assert.equal(change.actor, 'system');
      assert.equal(change.policyVersion, '1.5.0');
      assert.deepEqual(change.before, {
        policyVersion: '1.4.2',
        policyHash: seed.hash,
        [`${P2P}.MISSING_PO.auto_resolve.model_confidence_threshold`]: 0.92,
      });
      assert.equal(change.after![`${P2P}.MISSING_PO.auto_resolve.model_confidence_threshold`], 0.8);

      // New requests follow the new gate: a 0.85 proposal now becomes an approval.
      await postEvents(s.url, [
        raise(T0 - 5 * MIN, P2P, 'hot-1', 'MISSING_PO'),
        ev('autoresolve.proposed', T0 - 4 * MIN, P2P, 'hot-1', {
          exceptionType: 'MISSING_PO',
          confidence: 0.85,
          actor: 'svc-ai',
        }),
      ]);
      const approvals = await getJson<Schemas['ApprovalListResponse']>(
        `${s.url}/v1/approvals?range=P30D&limit=200`,
      );
      assert.ok(approvals.body.items.some((a) => a.exception.correlationId === 'hot-1'));

      // An invalid file: refused, every problem logged with line and column, old policy stays.
      const broken = changed
        .replace('model_confidence_threshold: 0.8', 'model_confidence_threshold: 1.7')
        .replace(/^policy_version: .*$/m, 'policy_version: 1.6.0\nsurprise_key: 1');
      await writeFile(file, broken);
      const refused = await next('refused');
      assert.ok(refused.kind === 'refused' && refused.problems.length >= 2);
      const problemLines = log.lines.filter((l) => /^policy refused: /.test(l.msg));
      assert.equal(problemLines.length, refused.problems.length);
      for (const l of problemLines) assert.match(l.msg, /policy\.yaml:\d+:\d+: \S/);
      assert.ok(
        problemLines.some((l) => /:2:1: /.test(l.msg)),
        'the unknown key on line 2',
      );
      const still = await getJson<Schemas['WorkflowsResponse']>(`${s.url}/v1/workflows`);
      assert.equal(still.body.meta.policyVersion, '1.5.0');
      assert.equal((await ledger(s, 'policy_change')).length, 2);
      assert.equal((await verify(s)).ok, true);
    } finally {
      await gov.stop();
      await s.close();
      await cleanup();
    }
  });
});

describe('disable_auto_actions_when', () => {
  let s: TestServer;
  let clock = T0;
  before(async () => {
    s = await startServer({ now: () => clock, identify: devUserResolver() });
  });
  after(async () => s.close());

  const proposal = (t: number, id: string): Record<string, unknown>[] => [
    raise(t, P2P, id, 'MISSING_PO'),
    ev('autoresolve.proposed', t + MIN, P2P, id, {
      exceptionType: 'MISSING_PO',
      confidence: 0.97,
      actor: 'svc-ai',
    }),
  ];
  const approvalIds = async (): Promise<string[]> =>
    (
      await getJson<Schemas['ApprovalListResponse']>(`${s.url}/v1/approvals?range=P30D&limit=200`)
    ).body.items.map((a) => a.exception.correlationId);

  test('a day-over-day rise at the limit switches auto-actions off, once, and proposals stay with people', async () => {
    // Yesterday: 20 items, 1 exception (5 %). Today: 20 items, 2 exceptions... plus proposals.
    const events: Record<string, unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      events.push(ev('item.started', T0 - DAY - 20 * MIN - i * MIN, P2P, `y-${i}`, { stage: 'c' }));
      events.push(ev('item.started', T0 - 3 * 60 * MIN - i * MIN, P2P, `t-${i}`, { stage: 'c' }));
    }
    events.push(raise(T0 - DAY - 10 * MIN, P2P, 'y-x', 'DATA_MISMATCH'));
    // One proposal before the trip becomes an approval (today's first exception).
    events.push(...proposal(T0 - 60 * MIN, 'before-trip'));
    await postEvents(s.url, events);
    assert.ok((await approvalIds()).includes('before-trip'));

    let wf = await getJson<Schemas['WorkflowsResponse']>(`${s.url}/v1/workflows`);
    assert.equal(wf.body.workflows.find((w) => w.id === P2P)!.autoActionsEnabled, true);
    // 1/20 → 1/20: no increase, nothing trips.
    const { sw } = sweeper(s, () => clock);
    assert.deepEqual((await sw.sweep()).switchedOff, []);

    // A second exception today: 1/20 → 2/20 is +100 %, past the seed's >=0.20.
    await postEvents(s.url, [raise(T0 - 30 * MIN, P2P, 't-x', 'DATA_MISMATCH')]);
    const frames = await readStream(
      `${s.url}/v1/stream`,
      (f) =>
        f.some((x) => x.event === 'escalation') &&
        f.some(
          (x) =>
            x.event === 'metrics-changed' &&
            (x.data as { metrics: string[] }).metrics.includes('workflows'),
        ),
      async () => {
        const r = await sw.sweep();
        assert.deepEqual(
          r.switchedOff.map((t) => [t.workflow, t.previousRate, t.currentRate]),
          [[P2P, 0.05, 0.1]],
        );
      },
    );
    const esc = frames.find((f) => f.event === 'escalation')!;
    // The catalogue changed too (autoActionsEnabled), so a command center refreshes it.
    const changed = frames.find(
      (f) =>
        f.event === 'metrics-changed' &&
        (f.data as { metrics: string[] }).metrics.includes('workflows'),
    );
    assert.ok(changed, 'metrics-changed names workflows');
    assertSchema('StreamMetricsChanged', changed.data);
    assertSchema('StreamEscalation', esc.data);
    assert.equal(esc.data.kind, 'auto_actions_disabled');
    assert.equal(esc.data.exceptionId, null);

    wf = await getJson<Schemas['WorkflowsResponse']>(`${s.url}/v1/workflows`);
    assertSchema('WorkflowsResponse', wf.body);
    assert.equal(wf.body.workflows.find((w) => w.id === P2P)!.autoActionsEnabled, false);
    assert.equal(wf.body.workflows.find((w) => w.id === OFH)!.autoActionsEnabled, true);

    const [entry, ...more] = await ledger(s, 'auto_actions_switch');
    assert.equal(more.length, 0);
    assert.equal(entry!.workflow, P2P);
    assert.equal(entry!.actor, 'system');
    assert.deepEqual(entry!.before, { autoActionsEnabled: true });
    assert.equal(entry!.after!.autoActionsEnabled, false);
    assert.equal(entry!.after!.previousRate, 0.05);
    assert.equal(entry!.after!.currentRate, 0.1);
    assert.equal(entry!.after!.increase, 1);
    assert.match(entry!.reason!, /from 5\.00% to 10\.00%.*>=0\.20/);

    // While off, a proposal above the threshold is an ordinary exception, not an approval.
    await postEvents(s.url, proposal(T0 - 10 * MIN, 'after-trip'));
    const ids = await approvalIds();
    assert.ok(!ids.includes('after-trip'), 'no approval while auto-actions are off');
    const list = await getJson<Schemas['ExceptionListResponse']>(
      `${s.url}/v1/exceptions?workflow=${P2P}&status=open&range=P7D&limit=200`,
    );
    assert.ok(list.body.items.some((x) => x.correlationId === 'after-trip'));

    // Another sweep keeps it off without a second entry; the switch survives a new reader.
    clock = T0 + MIN;
    assert.deepEqual((await sw.sweep()).switchedOff, []);
    assert.equal((await ledger(s, 'auto_actions_switch')).length, 1);
    assert.equal((await s.store.autoActionStates()).get(P2P), false);
    assert.equal((await verify(s)).ok, true);
  });
});

describe('ledger retention', () => {
  test('expired payloads go, hashes stay: verify stays green and tampering names the successor', async () => {
    const { dir, cleanup } = await tempDir();
    // The policy entry is written at the real time; the clock then runs 800 days past it, so
    // with 730-day retention everything from before lies past the cutoff.
    const start = Date.now();
    let clock = start + 60 * MIN;
    const path = join(dir, 'cmdctr.duckdb');
    let s = await reopenable(dir, () => clock);
    try {
      await postEvents(s.url, [
        raise(start - 60 * MIN, OFH, 'old-1', 'ADDRESS_VALIDATION_FAIL'),
        raise(start - 50 * MIN, OFH, 'old-2', 'ADDRESS_VALIDATION_FAIL'),
      ]);
      const { sw } = sweeper(s, () => clock);
      assert.equal((await sw.sweep()).escalations.length, 2); // seq 2 and 3
      clock = start + 800 * DAY;
      await postEvents(s.url, [raise(clock - 60 * MIN, OFH, 'new-1', 'ADDRESS_VALIDATION_FAIL')]);
      const report = await sw.sweep(); // escalation seq 4 (kept), then retention seq 5
      assert.equal(report.escalations.length, 1);
      assert.equal(report.pruned, 3);

      const v = await verify(s);
      assert.deepEqual([v.ok, v.entriesChecked, v.firstBrokenSeq], [true, 5, null]);
      const [retention] = await ledger(s, 'retention');
      assert.equal(retention!.seq, 5);
      assert.equal(retention!.after!.pruned, 3);
      assert.equal(retention!.after!.prunedThroughSeq, 3);
      assert.match(retention!.reason!, /3 ledger entries older than 730 days/);
      const pruned = (await ledger(s, 'escalation')).find((e) => e.seq === 2)!;
      assert.deepEqual(
        [pruned.actor, pruned.subject, pruned.reason, pruned.before, pruned.after],
        [PRUNED_MARK, PRUNED_MARK, null, null, null],
      );
      assert.equal((await ledger(s, 'escalation')).find((e) => e.seq === 4)!.actor, 'system');
      // Nothing else has expired: another sweep writes no second retention entry.
      assert.equal((await sw.sweep()).pruned, 0);
      assert.equal((await ledger(s, 'retention')).length, 1);
      await s.close();

      const tamper = async (sql: string, params: (string | number)[]): Promise<void> => {
        const db = await DuckDBInstance.create(path);
        const conn = await db.connect();
        await conn.run(sql, params);
        conn.closeSync();
        db.closeSync();
      };
      const verifyFile = async (): Promise<ReturnType<typeof verifyChain>> => {
        const store = await DuckDbStore.open({ path });
        try {
          return verifyChain(await store.ledgerEntries());
        } finally {
          await store.close();
        }
      };
      // Altering a retained entry's stored hash breaks its successor's link.
      const db = await DuckDBInstance.create(path);
      const conn = await db.connect();
      const [row] = (
        await conn.runAndReadAll('SELECT hash FROM ledger WHERE seq = 2')
      ).getRowObjectsJS();
      conn.closeSync();
      db.closeSync();
      const hash2 = row!.hash as string;
      const flipped = hash2.slice(0, 10) + (hash2[10] === 'a' ? 'b' : 'a') + hash2.slice(11);
      await tamper('UPDATE ledger SET hash = ? WHERE seq = 2', [flipped]);
      let r = await verifyFile();
      assert.deepEqual([r.ok, r.firstBrokenSeq], [false, 3]);
      assert.match(r.reason!, /Entry 3 does not link to the hash of entry 2/);
      await tamper('UPDATE ledger SET hash = ? WHERE seq = 2', [hash2]);
      assert.equal((await verifyFile()).ok, true, 'restored');

      // Stripping an entry the retention entry does not cover is named as that entry.
      await tamper(
        `UPDATE ledger SET actor = NULL, subject = NULL, reason = NULL, before_json = NULL,
           after_json = NULL, pruned_at = '2030-01-01T00:00:00.000Z' WHERE seq = 4`,
        [],
      );
      r = await verifyFile();
      assert.deepEqual([r.ok, r.firstBrokenSeq], [false, 4]);
      assert.match(r.reason!, /no retention entry records removing it/);

      // And over HTTP after a restart.
      s = await reopenable(dir, () => clock);
      const broken = await verify(s);
      assert.deepEqual([broken.ok, broken.firstBrokenSeq], [false, 4]);
    } finally {
      await s.close();
      await cleanup();
    }
  });
});
