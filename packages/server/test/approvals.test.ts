import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEV_USERS, devUserResolver } from '../src/identity.js';
import {
  checkpointSignatureValid,
  PRIVATE_KEY_FILE,
  publicKeyFrom,
  PUBLIC_KEY_FILE,
  verifyChain,
} from '../src/ledger/ledger.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import { loadOrCreateKeys } from '../src/ledger/ledger.js';
import {
  assertSchema,
  getJson,
  postEvents,
  startServer,
  tempDir,
  type Schemas,
  type TestServer,
} from './helpers.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/cmdctr.mjs', import.meta.url));
// Off the hour: a window's default end is the next hour edge, exclusive.
const T0 = Date.parse('2025-12-05T09:58:30Z');
const MIN = 60_000;
/** The AI step's service identity; it also holds an approver role, which must not help it. */
const AGENT = 'invoice-match-agent v2.3.1';

let n = 0;
/** An exception and a proposal for it; `confidence` against MISSING_PO's 0.92 threshold. */
function proposal(
  at: number,
  options: {
    confidence?: number;
    actor?: string;
    workflow?: string;
    type?: string;
    region?: string;
  } = {},
): { events: Record<string, unknown>[]; correlationId: string } {
  n += 1;
  const workflow = options.workflow ?? 'p2p_invoice_matching';
  const type = options.type ?? 'MISSING_PO';
  const region = options.region ?? 'NA';
  const correlationId = `apr-test-${n}`;
  const base = { source: 'test', workflow, region, correlationId, exceptionType: type };
  return {
    correlationId,
    events: [
      {
        ...base,
        eventId: `raise-${n}`,
        type: 'exception.raised',
        time: new Date(at - MIN).toISOString(),
        data: { ticketUrl: `https://acme.service-now.com/INC${n}` },
      },
      {
        ...base,
        source: 'agent',
        eventId: `prop-${n}`,
        type: 'autoresolve.proposed',
        time: new Date(at).toISOString(),
        confidence: options.confidence ?? 0.95,
        actor: options.actor ?? AGENT,
        data: {
          summary: `Link invoice ${n} to its PO`,
          detail: 'Matched by vendor and amount',
          evidence: [{ label: 'Vendor', value: 'Halvorsen Logistics AS' }],
        },
      },
    ],
  };
}

type Approval = Schemas['Approval'];

const as = (user: string | null, extra: Record<string, string> = {}): Record<string, string> => ({
  ...(user ? { 'x-cmdctr-user': user } : {}),
  ...extra,
});

async function approvalFor(s: TestServer, correlationId: string, user = 'supervisor') {
  const list = await getJson<Schemas['ApprovalListResponse']>(
    `${s.url}/v1/approvals?limit=200&range=P30D`,
    { headers: as(user) },
  );
  const a = list.body.items.find((x) => x.exception.correlationId === correlationId);
  assert.ok(a, `no approval for ${correlationId}`);
  const one = await getJson<Schemas['ApprovalResponse']>(`${s.url}/v1/approvals/${a.id}`, {
    headers: as(user),
  });
  assert.equal(one.status, 200);
  return { approval: one.body.approval, etag: one.headers.get('etag')! };
}

function decide(
  s: TestServer,
  id: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  return getJson(`${s.url}/v1/approvals/${id}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('approvals and the decision ledger over HTTP', () => {
  let s: TestServer;
  let clock = T0;
  before(async () => {
    s = await startServer({
      now: () => clock,
      identify: devUserResolver({ ...DEV_USERS, [AGENT]: ['Finance Supervisor'] }),
      checkpointEvery: 5,
    });
  });
  after(async () => s.close());

  test('a proposal at or above the threshold becomes a pending approval; below it does not', async () => {
    const above = proposal(T0 - 5 * MIN, { confidence: 0.92 });
    const below = proposal(T0 - 5 * MIN, { confidence: 0.919 });
    const disabled = proposal(T0 - 5 * MIN, { type: 'DATA_MISMATCH' });
    const events: string[] = [];
    const res = await fetch(`${s.url}/v1/stream`, { headers: { accept: 'text/event-stream' } });
    const reader = res.body!.getReader();
    const r = await postEvents(s.url, [...above.events, ...below.events, ...disabled.events]);
    assert.equal(r.status, 202);
    const { approval, etag } = await approvalFor(s, above.correlationId);
    assertSchema('Approval', approval);
    assert.equal(approval.status, 'pending');
    assert.equal(approval.threshold, 0.92);
    assert.deepEqual(approval.approverRoles, ['Finance Supervisor']);
    assert.equal(approval.dueAt, new Date(T0 - 5 * MIN + 30 * MIN).toISOString());
    assert.equal(approval.proposedBy, AGENT);
    assert.equal(approval.exception.links.ticket, `https://acme.service-now.com/INC${n - 2}`);
    assert.equal(approval.proposedAction.summary, `Link invoice ${n - 2} to its PO`);
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const all = await getJson<Schemas['ApprovalListResponse']>(
      `${s.url}/v1/approvals?limit=200&range=P30D`,
    );
    const ids = all.body.items.map((a) => a.exception.correlationId);
    assert.ok(!ids.includes(below.correlationId), 'below the threshold stays with a person');
    assert.ok(!ids.includes(disabled.correlationId), 'no approver roles, no approval');
    // The stream announced the approval.
    const decoder = new TextDecoder();
    const deadline = Date.now() + 5000;
    while (!events.some((e) => e.includes('approval-created')) && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      events.push(decoder.decode(chunk.value));
    }
    await reader.cancel();
    const created = events
      .join('')
      .split('\n\n')
      .find((e) => e.includes('event: approval-created'));
    assert.ok(created, 'approval-created was published');
    assert.match(created, new RegExp(approval.id));
  });

  test('canDecide, ETag and 304 per caller', async () => {
    const p = proposal(T0 - 2 * MIN);
    await postEvents(s.url, p.events);
    const sup = await approvalFor(s, p.correlationId, 'supervisor');
    assert.deepEqual(sup.approval.canDecide, { allowed: true, reason: null });
    const analyst = await approvalFor(s, p.correlationId, 'analyst');
    assert.equal(analyst.approval.canDecide.allowed, false);
    assert.match(analyst.approval.canDecide.reason!, /Finance Supervisor/);
    const anon = await getJson<Schemas['ApprovalResponse']>(
      `${s.url}/v1/approvals/${sup.approval.id}`,
    );
    assertSchema('ApprovalResponse', anon.body);
    assert.equal(anon.body.approval.canDecide.allowed, false);
    const again = await fetch(`${s.url}/v1/approvals/${sup.approval.id}`, {
      headers: as('supervisor', { 'if-none-match': sup.etag }),
    });
    assert.equal(again.status, 304);
    assert.equal(
      (await getJson(`${s.url}/v1/approvals/APR-NOPE`)).status,
      404,
      'unknown approval is 404',
    );
  });

  test('a pending approval turns overdue at its SLA, and its ETag changes', async () => {
    const p = proposal(clock - 29 * MIN);
    await postEvents(s.url, p.events);
    const before = await approvalFor(s, p.correlationId);
    assert.equal(before.approval.status, 'pending');
    clock = T0 + MIN;
    try {
      const afterDue = await approvalFor(s, p.correlationId);
      assert.equal(afterDue.approval.status, 'overdue');
      assert.notEqual(afterDue.etag, before.etag);
      const list = await getJson<Schemas['ApprovalListResponse']>(
        `${s.url}/v1/approvals?status=overdue&range=P30D`,
        { headers: as('supervisor') },
      );
      assertSchema('ApprovalListResponse', list.body);
      assert.ok(list.body.items.length >= 1);
      assert.ok(list.body.items.every((a) => a.status === 'overdue'));
      // Time passing is not an edit: the ETag read while pending still decides it.
      const d = await decide(
        s,
        before.approval.id,
        { outcome: 'approve' },
        as('supervisor', { 'idempotency-key': randomUUID(), 'if-match': before.etag }),
      );
      assert.equal(d.status, 200, JSON.stringify(d.body));
    } finally {
      clock = T0;
    }
  });

  test('list order: overdue first, then pending by due time, then decided; cursor pages cover all once', async () => {
    await postEvents(s.url, [
      ...proposal(T0 - 40 * MIN).events,
      ...proposal(T0 - 10 * MIN).events,
      ...proposal(T0 - 20 * MIN, {
        workflow: 'order_fulfillment_hold',
        type: 'ADDRESS_VALIDATION_FAIL',
      }).events,
    ]);
    const full = await getJson<Schemas['ApprovalListResponse']>(
      `${s.url}/v1/approvals?limit=200&range=P30D`,
    );
    const rank = (a: Approval): number =>
      a.status === 'overdue' ? 0 : a.status === 'pending' ? 1 : 2;
    const items = full.body.items;
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1]!, items[i]!];
      assert.ok(
        rank(a) < rank(b) || (rank(a) === rank(b) && a.dueAt <= b.dueAt),
        `${a.id} (${a.status} ${a.dueAt}) before ${b.id} (${b.status} ${b.dueAt})`,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Schemas['ApprovalListResponse'] } = await getJson(
        `${s.url}/v1/approvals?limit=2&range=P30D${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      items.map((a) => a.id),
    );
    const ofh = await getJson<Schemas['ApprovalListResponse']>(
      `${s.url}/v1/approvals?workflow=order_fulfillment_hold&range=P30D`,
    );
    assert.ok(ofh.body.items.length >= 1);
    assert.ok(ofh.body.items.every((a) => a.workflow === 'order_fulfillment_hold'));
    const bad = await getJson<Schemas['Problem']>(`${s.url}/v1/approvals?status=maybe`);
    assert.equal(bad.status, 400);
  });

  test('decision guards: 400 without a key, 428 without If-Match, 412 on a stale ETag, 401 anonymous', async () => {
    const p = proposal(T0 - MIN);
    await postEvents(s.url, p.events);
    const { approval, etag } = await approvalFor(s, p.correlationId);
    const noKey = await decide(
      s,
      approval.id,
      { outcome: 'approve' },
      as('supervisor', { 'if-match': etag }),
    );
    assert.equal(noKey.status, 400);
    assert.match(noKey.headers.get('content-type')!, /application\/problem\+json/);
    const noMatch = await decide(
      s,
      approval.id,
      { outcome: 'approve' },
      as('supervisor', { 'idempotency-key': randomUUID() }),
    );
    assert.equal(noMatch.status, 428);
    const stale = await decide(
      s,
      approval.id,
      { outcome: 'approve' },
      as('supervisor', { 'idempotency-key': randomUUID(), 'if-match': '"not-the-version"' }),
    );
    assert.equal(stale.status, 412);
    assert.equal(stale.headers.get('etag'), etag, '412 names the current version');
    const anon = await decide(
      s,
      approval.id,
      { outcome: 'approve' },
      as(null, { 'idempotency-key': randomUUID(), 'if-match': etag }),
    );
    assert.equal(anon.status, 401);
    const unknown = await decide(
      s,
      'APR-NOPE',
      { outcome: 'approve' },
      as('supervisor', { 'idempotency-key': randomUUID(), 'if-match': etag }),
    );
    assert.equal(unknown.status, 404);
    // Nothing of the above decided it.
    assert.equal((await approvalFor(s, p.correlationId)).approval.status, 'pending');
  });

  test('role and separation-of-duties refusals, reject needs a reason', async () => {
    const p = proposal(T0 - MIN);
    const own = proposal(T0 - MIN, { actor: 'supervisor' });
    await postEvents(s.url, [...p.events, ...own.events]);
    const { approval, etag } = await approvalFor(s, p.correlationId);
    const key = (): string => randomUUID();

    const analyst = await decide(
      s,
      approval.id,
      { outcome: 'approve' },
      as('analyst', { 'idempotency-key': key(), 'if-match': etag }),
    );
    assert.equal(analyst.status, 403);
    assertSchema('Problem', analyst.body);
    assert.match(analyst.headers.get('content-type')!, /application\/problem\+json/);
    assert.match(String(analyst.body.detail), /Finance Supervisor/);

    // The AI step's own service identity holds the role but proposed the action.
    const agent = await decide(
      s,
      approval.id,
      { outcome: 'approve' },
      as(AGENT, { 'idempotency-key': key(), 'if-match': etag }),
    );
    assert.equal(agent.status, 403);
    assert.match(String(agent.body.detail), /separation of duties/);

    const mine = await approvalFor(s, own.correlationId);
    assert.equal(mine.approval.canDecide.allowed, false);
    const self = await decide(
      s,
      mine.approval.id,
      { outcome: 'approve' },
      as('supervisor', { 'idempotency-key': key(), 'if-match': mine.etag }),
    );
    assert.equal(self.status, 403);
    assert.match(String(self.body.detail), /separation of duties/);

    const noReason = await decide(
      s,
      approval.id,
      { outcome: 'reject' },
      as('supervisor', { 'idempotency-key': key(), 'if-match': etag }),
    );
    assert.equal(noReason.status, 400);
    assertSchema('Problem', noReason.body);
    assert.deepEqual(noReason.body.invalid_params, [
      { name: '/reason', reason: 'is required when rejecting' },
    ]);

    const rejected = await decide(
      s,
      approval.id,
      { outcome: 'reject', reason: 'PO belongs to another vendor' },
      as('supervisor', { 'idempotency-key': key(), 'if-match': etag }),
    );
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assertSchema('ApprovalResponse', rejected.body);
    assert.equal(rejected.body.approval.status, 'rejected');
    assert.equal(rejected.body.approval.decision?.reason, 'PO belongs to another vendor');
  });

  test('idempotent replay, 422 on a reused key with another body, 409 once decided', async () => {
    const p = proposal(T0 - MIN);
    await postEvents(s.url, p.events);
    const { approval, etag } = await approvalFor(s, p.correlationId);
    const key = randomUUID();
    const headers = as('supervisor', { 'idempotency-key': key, 'if-match': etag });
    const first = await decide(s, approval.id, { outcome: 'approve', reason: 'matches' }, headers);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assertSchema('ApprovalResponse', first.body);
    const decision = first.body.approval.decision!;
    assert.equal(decision.outcome, 'approved');
    assert.equal(decision.by, 'supervisor');
    assert.equal(first.headers.get('cache-control'), 'no-store');
    assert.notEqual(first.headers.get('etag'), etag);

    const replay = await decide(s, approval.id, { outcome: 'approve', reason: 'matches' }, headers);
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.body, first.body);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');

    const other = await decide(s, approval.id, { outcome: 'approve', reason: 'other' }, headers);
    assert.equal(other.status, 422);

    const late = await decide(
      s,
      approval.id,
      { outcome: 'approve' },
      as('supervisor', { 'idempotency-key': randomUUID(), 'if-match': first.headers.get('etag')! }),
    );
    assert.equal(late.status, 409);

    // The ledger holds exactly one decision for it, the one the receipt names.
    const ledger = await getJson<Schemas['LedgerListResponse']>(
      `${s.url}/v1/ledger?action=decision&limit=200&range=P30D`,
    );
    assertSchema('LedgerListResponse', ledger.body);
    const entries = ledger.body.items.filter((e) => e.subject === approval.id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.seq, decision.ledgerSeq);
    assert.equal(entries[0]!.hash, decision.ledgerHash);
    assert.equal(entries[0]!.actor, 'supervisor');
    assert.deepEqual(entries[0]!.before, { status: 'pending' });
    assert.equal((entries[0]!.after as { status: string }).status, 'approved');
  });

  test('a repeated key while the first request is in flight gets 409 or the replay, never a second decision', async () => {
    const p = proposal(T0 - MIN);
    await postEvents(s.url, p.events);
    const { approval, etag } = await approvalFor(s, p.correlationId);
    const headers = as('supervisor', { 'idempotency-key': randomUUID(), 'if-match': etag });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => decide(s, approval.id, { outcome: 'approve' }, headers)),
    );
    const ok = results.filter((r) => r.status === 200);
    assert.ok(ok.length >= 1);
    for (const r of results) assert.ok([200, 409].includes(r.status), String(r.status));
    for (const r of ok) assert.deepEqual(r.body, ok[0]!.body);
  });

  test('race: 50 concurrent decisions with the same If-Match → exactly one 200, the rest 409/412 (10 approvals)', async () => {
    const props = Array.from({ length: 10 }, () => proposal(T0 - MIN));
    await postEvents(
      s.url,
      props.flatMap((p) => p.events),
    );
    for (const p of props) {
      const { approval, etag } = await approvalFor(s, p.correlationId);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          decide(
            s,
            approval.id,
            i % 2 ? { outcome: 'approve' } : { outcome: 'reject', reason: `no ${i}` },
            as('supervisor', { 'idempotency-key': randomUUID(), 'if-match': etag }),
          ),
        ),
      );
      const statuses = results.map((r) => r.status);
      assert.equal(statuses.filter((x) => x === 200).length, 1, statuses.join(','));
      assert.ok(
        statuses.every((x) => x === 200 || x === 409 || x === 412),
        statuses.join(','),
      );
      const entries = await getJson<Schemas['LedgerListResponse']>(
        `${s.url}/v1/ledger?action=decision&limit=200&range=P30D`,
      );
      assert.equal(entries.body.items.filter((e) => e.subject === approval.id).length, 1);
    }
    const v = await getJson<Schemas['LedgerVerifyResponse']>(`${s.url}/v1/ledger/verify`);
    assertSchema('LedgerVerifyResponse', v.body);
    assert.equal(v.body.ok, true, JSON.stringify(v.body));
    assert.equal(v.body.firstBrokenSeq, null);
    // Checkpoints every 5 entries, each signed by the data folder's key.
    const cps = await s.store.checkpoints();
    assert.ok(cps.length >= 2);
    for (const cp of cps) {
      assert.equal(cp.seq % 5, 0);
      assert.ok(checkpointSignatureValid(cp, s.keys.publicKey));
    }
    assert.deepEqual(v.body.checkpoint, cps.at(-1));
  });

  test('the ledger: policy_change at first load, filters, newest first, cursor pages', async () => {
    const all = await getJson<Schemas['LedgerListResponse']>(
      `${s.url}/v1/ledger?limit=200&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
    );
    assertSchema('LedgerListResponse', all.body);
    const seqs = all.body.items.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => b - a),
    );
    const policy = all.body.items.find((e) => e.action === 'policy_change');
    assert.ok(policy, 'the first load of the policy is recorded');
    assert.equal(policy.seq, 1);
    assert.equal(policy.prevHash, '0'.repeat(64));
    const p2p = await getJson<Schemas['LedgerListResponse']>(
      `${s.url}/v1/ledger?workflow=p2p_invoice_matching&action=decision&range=P30D&limit=3`,
    );
    assert.equal(p2p.body.items.length, 3);
    assert.ok(p2p.body.nextCursor);
    const next = await getJson<Schemas['LedgerListResponse']>(
      `${s.url}/v1/ledger?workflow=p2p_invoice_matching&action=decision&range=P30D&limit=3&cursor=${p2p.body.nextCursor}`,
    );
    assert.ok(next.body.items[0]!.seq < p2p.body.items[2]!.seq);
    assert.equal((await getJson(`${s.url}/v1/ledger?action=nope`)).status, 400);
  });
});

describe('ledger integrity', () => {
  test('a changed policy is recorded once, with before and after of what changed', async () => {
    const s = await startServer();
    try {
      const loaded = (await import('../src/policy/policy.js')).loadPolicy;
      const policy = await loaded((await import('../src/policy/policy.js')).SEED_POLICY_PATH);
      assert.equal(await s.store.recordPolicy(policy, 'system'), null, 'same hash: no entry');
      const changed = structuredClone(policy);
      changed.policy.workflows[0]!.exception_types[0]!.auto_resolve.model_confidence_threshold = 0.95;
      changed.hash = 'f'.repeat(64);
      const entry = await s.store.recordPolicy(changed, 'cli');
      assert.ok(entry);
      assert.equal(entry.action, 'policy_change');
      const k = 'p2p_invoice_matching.MISSING_PO.auto_resolve.model_confidence_threshold';
      assert.equal(entry.before?.[k], 0.92);
      assert.equal(entry.after?.[k], 0.95);
      assert.equal(Object.keys(entry.after ?? {}).length, 3, JSON.stringify(entry.after));
    } finally {
      await s.close();
    }
  });

  test('tampering with any field of any entry in the DuckDB file is named by verify', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const s = await startServer({ dir, now: () => T0, identify: devUserResolver() });
      const props = Array.from({ length: 4 }, () => proposal(T0 - MIN));
      await postEvents(
        s.url,
        props.flatMap((p) => p.events),
      );
      for (const p of props) {
        const { approval, etag } = await approvalFor(s, p.correlationId);
        const d = await decide(
          s,
          approval.id,
          { outcome: 'reject', reason: 'wrong PO' },
          as('supervisor', { 'idempotency-key': randomUUID(), 'if-match': etag }),
        );
        assert.equal(d.status, 200);
      }
      await s.close();
      const path = join(dir, 'cmdctr.duckdb');
      const verifyNow = async (): Promise<ReturnType<typeof verifyChain>> => {
        const store = await DuckDbStore.open({ path });
        try {
          return verifyChain(await store.ledgerEntries());
        } finally {
          await store.close();
        }
      };
      assert.equal((await verifyNow()).ok, true);

      const columns = [
        'at_iso',
        'actor',
        'action',
        'workflow',
        'subject',
        'reason',
        'before_json',
        'after_json',
        'policy_version',
        'policy_hash',
        'prev_hash',
        'hash',
      ];
      const flip = (v: string): string => {
        const i = Math.floor(v.length / 2);
        return v.slice(0, i) + (v[i] === 'a' ? 'b' : 'a') + v.slice(i + 1);
      };
      for (const seq of [1, 3, 5]) {
        for (const column of [...columns, 'seq']) {
          const db = await DuckDBInstance.create(path);
          const conn = await db.connect();
          const [row] = (
            await conn.runAndReadAll(
              `SELECT CAST(${column} AS VARCHAR) AS v FROM ledger WHERE seq = ?`,
              [seq],
            )
          ).getRowObjectsJS();
          const original = row?.v;
          if (typeof original !== 'string') {
            // Genesis policy entry has no workflow, reason or before: nothing to flip there.
            conn.closeSync();
            db.closeSync();
            continue;
          }
          const tampered = column === 'seq' ? String(seq + 1000) : flip(original);
          await conn.run(`UPDATE ledger SET ${column} = ? WHERE seq = ?`, [tampered, seq]);
          conn.closeSync();
          db.closeSync();
          const r = await verifyNow();
          assert.equal(r.ok, false, `${column} of ${seq}`);
          assert.equal(r.firstBrokenSeq, seq, `${column} of ${seq}: ${String(r.reason)}`);
          const db2 = await DuckDBInstance.create(path);
          const conn2 = await db2.connect();
          const where = column === 'seq' ? seq + 1000 : seq;
          await conn2.run(`UPDATE ledger SET ${column} = ? WHERE seq = ?`, [
            column === 'seq' ? seq : original,
            where,
          ]);
          conn2.closeSync();
          db2.closeSync();
        }
      }
      assert.equal((await verifyNow()).ok, true, 'restored');

      // And over HTTP, on a restarted server.
      const db = await DuckDBInstance.create(path);
      const conn = await db.connect();
      await conn.run(`UPDATE ledger SET reason = 'approved after all' WHERE seq = 4`);
      conn.closeSync();
      db.closeSync();
      const again = await startServer({ dir });
      try {
        const v = await getJson<Schemas['LedgerVerifyResponse']>(`${again.url}/v1/ledger/verify`);
        assertSchema('LedgerVerifyResponse', v.body);
        assert.equal(v.body.ok, false);
        assert.equal(v.body.firstBrokenSeq, 4);
        assert.match(v.body.reason!, /Entry 4/);
      } finally {
        await again.close();
      }
      const cli = await run(process.execPath, [BIN, 'ledger', 'verify', '--data', dir]).catch(
        (e: { code: number; stdout: string }) => e,
      );
      assert.equal((cli as { code?: number }).code, 1);
      assert.match(cli.stdout, /BROKEN at seq 4/);
    } finally {
      await cleanup();
    }
  });

  test('export is verifiable offline with only the public key; edits and a foreign key are caught', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const s = await startServer({ dir, now: () => T0, identify: devUserResolver() });
      const p = proposal(T0 - MIN);
      await postEvents(s.url, p.events);
      const { approval, etag } = await approvalFor(s, p.correlationId);
      await decide(
        s,
        approval.id,
        { outcome: 'approve' },
        as('supervisor', { 'idempotency-key': randomUUID(), 'if-match': etag }),
      );
      await s.close();
      const mode = (await stat(join(dir, PRIVATE_KEY_FILE))).mode & 0o777;
      assert.equal(mode, 0o600);
      // Shutdown signed the head (2 entries, far below the every-100 interval).
      const closed = await DuckDbStore.open({ path: join(dir, 'cmdctr.duckdb') });
      const cps = await closed.checkpoints();
      await closed.close();
      assert.deepEqual(
        cps.map((c) => c.seq),
        [2],
      );

      const out = join(dir, 'export.json');
      const exp = await run(process.execPath, [
        BIN,
        'ledger',
        'export',
        '--out',
        out,
        '--data',
        dir,
      ]);
      assert.match(exp.stdout, /exported 2 entries/);
      const pub = join(dir, PUBLIC_KEY_FILE);
      const ok = await run(process.execPath, [
        BIN,
        'ledger',
        'verify',
        '--file',
        out,
        '--public-key',
        pub,
      ]);
      assert.match(ok.stdout, /ledger ok: 2 entries verified/);
      assert.match(ok.stdout, /[1-9]\d* signed checkpoints checked/);

      const bundle = JSON.parse(await readFile(out, 'utf8')) as {
        entries: { reason: string | null }[];
      };
      bundle.entries[1]!.reason = 'edited';
      const edited = join(dir, 'edited.json');
      await writeFile(edited, JSON.stringify(bundle));
      const bad = await run(process.execPath, [
        BIN,
        'ledger',
        'verify',
        '--file',
        edited,
        '--public-key',
        pub,
      ]).catch((e: { code: number; stdout: string }) => e);
      assert.equal((bad as { code?: number }).code, 1);
      assert.match(bad.stdout, /BROKEN at seq 2/);

      const other = await tempDir();
      try {
        const foreign = await loadOrCreateKeys(other.dir);
        const fkey = join(other.dir, 'foreign.pub');
        await writeFile(fkey, foreign.publicKeyBase64);
        assert.ok(publicKeyFrom(foreign.publicKeyBase64));
        const wrong = await run(process.execPath, [
          BIN,
          'ledger',
          'verify',
          '--file',
          out,
          '--public-key',
          fkey,
        ]).catch((e: { code: number; stdout: string }) => e);
        assert.equal((wrong as { code?: number }).code, 1);
        assert.match(wrong.stdout, /not signed by this public key/);
      } finally {
        await other.cleanup();
      }
    } finally {
      await cleanup();
    }
  });
});
