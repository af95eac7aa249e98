/**
 * Approvals of auto-resolve proposals and the decision ledger: listing, the decision with its
 * concurrency guards (Idempotency-Key, If-Match) and role checks, and chain verification.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Identity, IdentityResolver } from '../identity.js';
import { canonicalJson, verifyChain, type LedgerEntry } from '../ledger/ledger.js';
import type { LoadedPolicy } from '../policy/policy.js';
import type { ApprovalCursor, ApprovalRow, ApprovalStatusFilter, Store } from '../store/types.js';
import { formatLocal } from '../time.js';
import { HttpProblem, problem } from './problem.js';
import {
  decodeCursor,
  encodeCursor,
  QueryReader,
  readSelection,
  readWindow,
  type RawQuery,
} from './query.js';
import type { StreamHub } from './stream.js';

export interface ApprovalRouteContext {
  store: Store;
  hub: StreamHub;
  now: () => number;
  identify: IdentityResolver;
  policy: () => LoadedPolicy;
  apiVersion: string;
  sendCached: (
    req: FastifyRequest,
    reply: FastifyReply,
    body: { meta?: { asOf?: string } } & Record<string, unknown>,
  ) => FastifyReply;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const APPROVAL_STATUSES: readonly ApprovalStatusFilter[] = [
  'pending',
  'overdue',
  'approved',
  'rejected',
  'expired',
];
const LEDGER_ACTIONS = [
  'decision',
  'escalation',
  'policy_change',
  'auto_actions_switch',
  'retention',
] as const;
/** Answers depend on who asks (canDecide), so caches must key on the caller. */
const VARY = 'X-Cmdctr-User, Authorization';

export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function parseData(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    // Stored payloads are JSON; a bad one only loses its details.
    return {};
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

export function approvalStatus(a: ApprovalRow, now: number): ApprovalStatusFilter {
  return a.status === 'pending' && a.dueMs <= now ? 'overdue' : a.status;
}

/**
 * The approval's version as an ETag. Pending and overdue are the same version for If-Match
 * (time passing is not an edit), but different representations, so the tag names the status.
 */
export function approvalEtag(a: Pick<ApprovalRow, 'id' | 'version'>, status: string): string {
  const h = createHash('sha256').update(`${a.id}:${a.version}:${status}`).digest('base64url');
  return `"${h.slice(0, 27)}"`;
}

export function canDecide(
  a: ApprovalRow,
  who: Identity | null,
): { allowed: boolean; reason: string | null } {
  if (a.status !== 'pending') return { allowed: false, reason: `Already ${a.status}` };
  if (!who) return { allowed: false, reason: 'Sign in with an approver role to decide' };
  if (!a.approverRoles.some((r) => who.roles.includes(r)))
    return {
      allowed: false,
      reason: `Requires the ${a.approverRoles.join(' or ')} role`,
    };
  if (who.id === a.proposedBy)
    return {
      allowed: false,
      reason: 'You proposed this action; someone else must decide it (separation of duties)',
    };
  return { allowed: true, reason: null };
}

export function approvalBody(
  a: ApprovalRow,
  who: Identity | null,
  now: number,
): Record<string, unknown> {
  const data = parseData(a.data);
  const raised = parseData(a.exceptionData);
  const evidence = Array.isArray(data.evidence)
    ? (data.evidence as unknown[]).flatMap((e) => {
        const item = e as Record<string, unknown> | null;
        return item && typeof item.label === 'string' && typeof item.value === 'string'
          ? [{ label: item.label, value: item.value }]
          : [];
      })
    : [];
  const summary =
    str(data.summary) ?? str(data.proposal) ?? `Auto-resolve ${a.exceptionType} exception`;
  return {
    id: a.id,
    workflow: a.workflow,
    exception: {
      id: `${a.workflow}:${a.correlationId}`,
      type: a.exceptionType,
      severity: a.severity,
      correlationId: a.correlationId,
      links: {
        ticket: httpUrl(raised.ticketUrl) ?? httpUrl(data.ticketUrl),
        erpDocument: httpUrl(raised.erpDocumentUrl) ?? httpUrl(data.erpDocumentUrl),
        runbook: a.runbookUrl,
      },
    },
    proposedAction: { summary, detail: str(data.detail) ?? summary },
    confidence: a.confidence,
    threshold: a.threshold,
    evidence,
    requestedAt: iso(a.requestedMs),
    dueAt: iso(a.dueMs),
    approverRoles: a.approverRoles,
    status: approvalStatus(a, now),
    proposedBy: a.proposedBy,
    decision:
      a.status === 'pending' || a.decidedMs === null
        ? null
        : {
            outcome: a.status,
            by: a.decidedBy ?? 'system',
            at: iso(a.decidedMs),
            reason: a.decisionReason,
            ledgerSeq: a.ledgerSeq,
            ledgerHash: a.ledgerHash,
          },
    canDecide: canDecide(a, who),
  };
}

function bodyProblem(name: string, reason: string): HttpProblem {
  return new HttpProblem({
    type: 'https://cmdctr.dev/problems/invalid-body',
    title: 'Invalid request body',
    status: 400,
    detail: 'The decision could not be used. Nothing was recorded.',
    invalid_params: [{ name, reason }],
  });
}

/** Checks a DecisionRequest body the way the contract's schema does, naming each problem. */
function readDecision(body: unknown): { outcome: 'approved' | 'rejected'; reason: string | null } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw bodyProblem('', 'the body must be a JSON object');
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b))
    if (k !== 'outcome' && k !== 'reason') throw bodyProblem(`/${k}`, 'is not a decision field');
  if (b.outcome !== 'approve' && b.outcome !== 'reject')
    throw bodyProblem('/outcome', 'must be approve or reject');
  if (b.reason !== undefined && (typeof b.reason !== 'string' || !b.reason.trim()))
    throw bodyProblem('/reason', 'must be a non-empty string');
  if (typeof b.reason === 'string' && b.reason.length > 2000)
    throw bodyProblem('/reason', 'must be at most 2000 characters');
  if (b.outcome === 'reject' && b.reason === undefined)
    throw bodyProblem('/reason', 'is required when rejecting');
  return {
    outcome: b.outcome === 'approve' ? 'approved' : 'rejected',
    reason: b.reason ?? null,
  };
}

export function registerApprovalRoutes(app: FastifyInstance, ctx: ApprovalRouteContext): void {
  const { store, hub, now, identify } = ctx;
  const reader = (req: FastifyRequest): QueryReader => new QueryReader(req.query as RawQuery);
  const meta = (filters: Record<string, unknown>, asOf: number): Record<string, unknown> => ({
    asOf: iso(asOf),
    policyVersion: ctx.policy().policy.policy_version,
    filters,
  });

  store.onCommit((_events, approvals) => {
    for (const a of approvals)
      hub.publish(
        'approval-created',
        {
          approvalId: a.id,
          workflow: a.workflow,
          exceptionType: a.exceptionType,
          confidence: a.confidence,
          dueAt: iso(a.dueMs),
        },
        a.workflow,
      );
  });

  // ------------------------------------------------------------------ list and read
  interface ListCursor extends ApprovalCursor {
    asOf: number;
  }
  const isCursor = (v: unknown): v is ListCursor => {
    const c = v as ListCursor;
    return (
      typeof c === 'object' &&
      c !== null &&
      Number.isInteger(c.urgency) &&
      Number.isFinite(c.dueMs) &&
      typeof c.id === 'string' &&
      Number.isFinite(c.asOf)
    );
  };

  app.get('/v1/approvals', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    const statuses = q.list('status').filter((s): s is ApprovalStatusFilter => {
      if ((APPROVAL_STATUSES as readonly string[]).includes(s)) return true;
      q.fail('status', `must be among ${APPROVAL_STATUSES.join(', ')}`);
      return false;
    });
    const limit = q.number('limit', 1, 200, 50, true);
    const cursor = decodeCursor(q, isCursor);
    // A cursor pins "now", so overdue-ness (and with it the order) cannot shift between pages.
    const asOf = cursor?.asOf ?? now();
    const w = readWindow(q, asOf, { bucketParam: false });
    const who = identify(req.headers);
    const rows = await store.listApprovals({
      workflows: sel.workflows,
      statuses,
      from: w.from,
      to: w.to,
      now: asOf,
      after: cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const urgency = (a: ApprovalRow): number =>
      a.status !== 'pending' ? 2 : a.dueMs <= asOf ? 0 : 1;
    reply.header('vary', VARY);
    return ctx.sendCached(req, reply, {
      apiVersion: ctx.apiVersion,
      meta: meta(
        {
          ...(sel.workflows.length ? { workflow: sel.workflows } : {}),
          from: formatLocal(w.from, w.tz),
          to: formatLocal(w.to, w.tz),
          tz: w.tz,
          limit,
          ...(statuses.length ? { status: statuses } : {}),
        },
        asOf,
      ),
      items: page.map((a) => approvalBody(a, who, asOf)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({
              urgency: urgency(last),
              dueMs: last.dueMs,
              id: last.id,
              asOf,
            } satisfies ListCursor)
          : null,
    });
  });

  const notFound = (id: string): HttpProblem =>
    problem(404, 'not-found', 'Approval not found', `There is no approval ${id}.`);

  app.get<{ Params: { id: string } }>('/v1/approvals/:id', async (req, reply) => {
    const asOf = now();
    const a = await store.getApproval(req.params.id);
    if (!a) throw notFound(req.params.id);
    const who = identify(req.headers);
    // Opening the detail (which shows the evidence) before deciding is what the approvers'
    // "approved unseen" share measures. A 304 counts too: the caller is looking at the detail
    // it has cached. Only pending approvals are recorded; a later view cannot precede a decision.
    if (who && a.status === 'pending') await store.recordApprovalView(a.id, who.id, asOf);
    const etag = approvalEtag(a, approvalStatus(a, asOf));
    reply.header('etag', etag).header('cache-control', 'private, max-age=0, must-revalidate');
    reply.header('vary', VARY);
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*'))
      return reply.code(304).send();
    return reply.header('content-type', 'application/json; charset=utf-8').send(
      JSON.stringify({
        apiVersion: ctx.apiVersion,
        meta: meta({ from: iso(a.requestedMs), to: iso(asOf), tz: 'UTC' }, asOf),
        approval: approvalBody(a, who, asOf),
      }),
    );
  });

  // ------------------------------------------------------------------ decision
  /** Keys being processed by this process; a second request with one is told to wait (409). */
  const inFlight = new Set<string>();

  app.post<{ Params: { id: string } }>('/v1/approvals/:id/decision', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key)
      throw problem(
        400,
        'idempotency-key-missing',
        'Idempotency-Key required',
        'Send a unique Idempotency-Key (a UUID) with every decision, and the same one when retrying it.',
      );
    if (key.length < 8 || key.length > 128)
      throw problem(
        400,
        'idempotency-key-invalid',
        'Invalid Idempotency-Key',
        'An Idempotency-Key is 8 to 128 characters.',
      );
    const decision = readDecision(req.body);
    const who = identify(req.headers);
    if (!who)
      throw problem(401, 'unauthenticated', 'Authentication required', 'Sign in to decide.');
    const asOf = now();
    const current = await store.getApproval(req.params.id);
    if (!current) throw notFound(req.params.id);
    const allowed = canDecide(current, who);
    if (!allowed.allowed && current.status === 'pending')
      throw problem(403, 'forbidden', 'Not allowed to decide', allowed.reason ?? undefined);
    const ifMatch = req.headers['if-match'];
    if (typeof ifMatch !== 'string' || !ifMatch.trim())
      throw problem(
        428,
        'precondition-required',
        'If-Match required',
        "Send the approval's ETag as If-Match so the decision is made on the version you saw.",
      );
    const tags = ifMatch.split(',').map((t) => t.trim());

    const slot = `${who.id}\u0000${key}`;
    if (inFlight.has(slot))
      throw problem(
        409,
        'idempotency-key-in-flight',
        'Request in progress',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
        { 'retry-after': '1' },
      );
    inFlight.add(slot);
    try {
      const loaded = ctx.policy();
      const result = await store.decide({
        approvalId: current.id,
        caller: who.id,
        idempotencyKey: key,
        fingerprint: createHash('sha256')
          .update(canonicalJson({ approval: current.id, body: req.body }))
          .digest('hex'),
        outcome: decision.outcome,
        reason: decision.reason,
        now: asOf,
        policyVersion: loaded.policy.policy_version,
        policyHash: loaded.hash,
        matches: (a) =>
          tags.includes('*') ||
          tags.includes(approvalEtag(a, 'pending')) ||
          tags.includes(approvalEtag(a, 'overdue')),
        render: (a) => {
          const etag = approvalEtag(a, a.status);
          return JSON.stringify({
            etag,
            body: {
              apiVersion: ctx.apiVersion,
              meta: meta({ from: iso(a.requestedMs), to: iso(asOf), tz: 'UTC' }, asOf),
              approval: approvalBody(a, who, asOf),
            },
          });
        },
      });
      const send = (response: string, replayed: boolean): FastifyReply => {
        const stored = JSON.parse(response) as { etag: string; body: unknown };
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply
          .code(200)
          .header('etag', stored.etag)
          .header('cache-control', 'no-store')
          .header('content-type', 'application/json; charset=utf-8')
          .send(JSON.stringify(stored.body));
      };
      switch (result.kind) {
        case 'decided':
          publishDecision(result.approval, result.entry);
          return send(result.response, false);
        case 'replay':
          return send(result.response, true);
        case 'key-reused':
          throw problem(
            422,
            'idempotency-key-reused',
            'Idempotency-Key reused',
            'This Idempotency-Key was already used with a different request; use a new key for a new decision.',
          );
        case 'not-found':
          throw notFound(req.params.id);
        case 'closed':
          throw problem(
            409,
            'approval-closed',
            'Approval already decided',
            `${result.approval.id} is already ${result.approval.status}.`,
            { etag: approvalEtag(result.approval, result.approval.status) },
          );
        case 'stale':
          throw problem(
            412,
            'precondition-failed',
            'Approval changed',
            'The approval changed since you read it; reload it and decide again.',
            { etag: approvalEtag(result.approval, approvalStatus(result.approval, asOf)) },
          );
      }
    } finally {
      inFlight.delete(slot);
    }
  });

  const publishDecision = (a: ApprovalRow, entry: LedgerEntry): void => {
    hub.publish(
      'approval-decided',
      {
        approvalId: a.id,
        workflow: a.workflow,
        outcome: a.status,
        by: a.decidedBy,
        at: entry.at,
        ledgerSeq: entry.seq,
      },
      a.workflow,
    );
    hub.publish(
      'metrics-changed',
      // A decision moves the auto-resolve figures (outcomes, approvers, the success KPI) too.
      { metrics: ['kpis', 'automation', 'approvals', 'ledger'], workflow: a.workflow },
      a.workflow,
    );
  };

  // ------------------------------------------------------------------ ledger
  const isLedgerCursor = (v: unknown): v is { seq: number } =>
    typeof v === 'object' && v !== null && Number.isInteger((v as { seq: number }).seq);

  app.get('/v1/ledger', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    const actions = q.list('action').filter((a) => {
      if ((LEDGER_ACTIONS as readonly string[]).includes(a)) return true;
      q.fail('action', `must be among ${LEDGER_ACTIONS.join(', ')}`);
      return false;
    });
    const types = q.list('type');
    const limit = q.number('limit', 1, 200, 50, true);
    const cursor = decodeCursor(q, isLedgerCursor);
    const asOf = now();
    const w = readWindow(q, asOf, { bucketParam: false });
    const rows = await store.listLedger({
      workflows: sel.workflows,
      actions,
      types,
      from: iso(w.from),
      to: iso(w.to),
      beforeSeq: cursor?.seq ?? null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return ctx.sendCached(req, reply, {
      apiVersion: ctx.apiVersion,
      meta: meta(
        {
          ...(sel.workflows.length ? { workflow: sel.workflows } : {}),
          from: formatLocal(w.from, w.tz),
          to: formatLocal(w.to, w.tz),
          tz: w.tz,
          limit,
          ...(actions.length ? { action: actions } : {}),
          ...(types.length ? { type: types } : {}),
        },
        asOf,
      ),
      items: page,
      nextCursor: rows.length > limit && last ? encodeCursor({ seq: last.seq }) : null,
    });
  });

  app.get('/v1/ledger/verify', async (req, reply) => {
    reader(req).check();
    const asOf = now();
    const entries = await store.ledgerEntries();
    const result = verifyChain(entries);
    const checkpoint = (await store.checkpoints()).at(-1) ?? null;
    let { ok, firstBrokenSeq, reason } = result;
    // The signed head must still be in the chain: truncating the ledger breaks this link.
    if (ok && checkpoint && entries[checkpoint.seq - 1]?.hash !== checkpoint.hash) {
      ok = false;
      firstBrokenSeq = Math.min(checkpoint.seq, entries.length + 1);
      reason = `Entry ${checkpoint.seq} does not match the signed checkpoint`;
    }
    const first = entries[0];
    return ctx.sendCached(req, reply, {
      apiVersion: ctx.apiVersion,
      meta: meta(
        {
          from: first && !first.corrupt ? first.at : iso(asOf),
          to: iso(asOf),
          tz: 'UTC',
        },
        asOf,
      ),
      ok,
      entriesChecked: result.entriesChecked,
      headSeq: result.headSeq,
      headHash: result.headHash,
      firstBrokenSeq,
      reason,
      checkpoint,
    });
  });
}
