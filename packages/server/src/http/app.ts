/**
 * The HTTP face of the server (Fastify 5): the metrics contract's read routes, event intake,
 * the live stream, health probes, and optionally a static folder at `/`. Every error leaves as
 * `application/problem+json`; every GET answer carries a strong ETag and revalidation headers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { openapiDocument, validateIngestEvent } from '../contract.js';
import type { LoadedPolicy, PolicyWorkflow } from '../policy/policy.js';
import { bucketsBefore, formatLocal, type BucketUnit } from '../time.js';
import {
  OverloadedError,
  type ExceptionCursor,
  type Filters,
  type IngestResult,
  type MatrixRowDimension,
  type Store,
  type StoredEvent,
  type ThroughputGroup,
} from '../store/types.js';
import { HttpProblem, invalidParams, problem, type InvalidParam, type Problem } from './problem.js';
import {
  decodeCursor,
  encodeCursor,
  QueryReader,
  readSelection,
  readWindow,
  type RawQuery,
  type Selection,
  type Window,
} from './query.js';
import { StreamHub, topicsFor } from './stream.js';
import { httpUrl, registerApprovalRoutes } from './approvals.js';
import { registerInsightRoutes } from './insights.js';
import { anonymous, type IdentityResolver } from '../identity.js';
import { registerConnectorRoutes, type ConnectorOptions } from '../connectors/routes.js';
import type { AccessControl } from '../auth/access.js';

export const INGEST_BODY_LIMIT = 256 * 1024;
export const INGEST_MAX_EVENTS = 5000;
const API_VERSION = '1.0';
const CACHE_CONTROL = 'private, max-age=0, must-revalidate';

export interface AppOptions {
  store: Store;
  policy: LoadedPolicy;
  /** Allowed CORS origins; `*` allows any. Empty: no CORS headers. */
  corsOrigins?: readonly string[];
  staticDir?: string;
  /** Fastify logger option; false in tests. */
  logger?: boolean | Record<string, unknown>;
  heartbeatMs?: number;
  now?: () => number;
  /** Who is calling (dev-mode users, later bearer tokens); anonymous when omitted. */
  identify?: IdentityResolver;
  /**
   * Bearer tokens, read access per workflow and data residency. When it verifies tokens, its
   * identities replace `identify`, so a dev-user header can never stand in for a token.
   */
  access?: AccessControl;
  /** Generic JSON mappings and the AWS-region map of the connector routes. */
  connectors?: ConnectorOptions;
}

export interface App {
  app: FastifyInstance;
  hub: StreamHub;
  /** Marks the server not ready (readyz 503) before shutdown starts. */
  drain(): void;
  /** Puts a validated policy in force for new requests (hot reload, src/governance). */
  setPolicy(loaded: LoadedPolicy): void;
}

const round = (x: number, digits = 6): number => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (n: number, d: number): number | null => (d > 0 ? round(n / d) : null);
const iso = (ms: number): string => new Date(ms).toISOString();

export async function buildApp(options: AppOptions): Promise<App> {
  const { store } = options;
  const now = options.now ?? Date.now;
  let ready = true;
  const hub = new StreamHub(options.heartbeatMs);
  const app = Fastify({
    logger: options.logger ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: INGEST_BODY_LIMIT,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  let current = options.policy;
  const policy = (): LoadedPolicy => current;
  const workflowsById = (): Map<string, PolicyWorkflow> =>
    new Map(policy().policy.workflows.map((w) => [w.id, w]));
  const label = (id: string): string => workflowsById().get(id)?.display_name ?? id;
  // Exception type codes (MISSING_PO) read as words on a chart (Missing PO); codes from other
  // systems that are already words ("Category 55") stay as they are.
  const typeLabel = (code: string): string =>
    /^[A-Z0-9]+(?:_[A-Z0-9]+)*$/.test(code)
      ? code
          .split('_')
          .map((word, i) =>
            word.length <= 2
              ? word
              : i === 0
                ? word[0] + word.slice(1).toLowerCase()
                : word.toLowerCase(),
          )
          .join(' ')
      : code;

  /** Policy workflows in the selection (all of them when none is named), honouring regions. */
  const selectedWorkflows = (sel: Selection): PolicyWorkflow[] =>
    policy().policy.workflows.filter(
      (w) =>
        (!sel.workflows.length || sel.workflows.includes(w.id)) &&
        (!sel.regions.length || w.regions.some((r) => sel.regions.includes(r))),
    );

  store.onCommit((events) => {
    const byWorkflow = new Map<string, Set<string>>();
    for (const e of events) {
      let types = byWorkflow.get(e.workflow);
      if (!types) byWorkflow.set(e.workflow, (types = new Set()));
      types.add(e.type);
    }
    for (const [workflow, types] of byWorkflow) {
      const metrics = topicsFor(types);
      if (metrics.length) hub.publish('metrics-changed', { metrics, workflow }, workflow);
    }
  });

  // ------------------------------------------------------------------ cross-cutting
  const cors = options.corsOrigins ?? [];
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    const origin = req.headers.origin;
    if (!origin || !cors.length) return;
    const allowed = cors.includes('*') || cors.includes(origin);
    if (!allowed) return;
    reply.header('access-control-allow-origin', cors.includes('*') ? '*' : origin);
    reply.header('vary', 'Origin');
    reply.header('access-control-expose-headers', 'ETag, Retry-After, Date, X-Request-Id');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      reply
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header(
          'access-control-allow-headers',
          'Authorization, Content-Type, If-None-Match, If-Match, Idempotency-Key, Last-Event-ID, X-Request-Id, X-UserToken, X-Cmdctr-User',
        )
        .header('access-control-max-age', '600')
        .code(204)
        .send();
      return reply;
    }
  });
  options.access?.install(app, { policy, store });
  app.addHook('preClose', (done) => {
    ready = false;
    hub.close();
    done();
  });

  const sendProblem = (
    req: FastifyRequest,
    reply: FastifyReply,
    p: Problem,
    headers: Record<string, string> = {},
  ): FastifyReply => {
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    return reply
      .code(p.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(JSON.stringify({ ...p, instance: p.instance ?? req.url }));
  };

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    if (err instanceof HttpProblem) return sendProblem(req, reply, err.problem, err.headers);
    if (err instanceof OverloadedError) {
      return sendProblem(
        req,
        reply,
        problem(
          429,
          'overloaded',
          'Too many events queued',
          'The ingest queue is full; retry shortly.',
        ).problem,
        {
          'retry-after': String(err.retryAfterSeconds),
        },
      );
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(
          req,
          reply,
          problem(
            413,
            'payload-too-large',
            'Payload too large',
            `A request body may be at most ${INGEST_BODY_LIMIT / 1024} KiB.`,
          ).problem,
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(
          req,
          reply,
          problem(
            415,
            'unsupported-media-type',
            'Unsupported media type',
            'Send application/json or application/x-ndjson.',
          ).problem,
        );
      case 'FST_ERR_CTP_INVALID_JSON':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(
          req,
          reply,
          problem(400, 'malformed-body', 'Malformed JSON body', err.message).problem,
        );
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendProblem(
        req,
        reply,
        problem(err.statusCode, 'bad-request', 'Bad request', err.message).problem,
      );
    }
    req.log.error({ err }, 'request failed');
    return sendProblem(
      req,
      reply,
      problem(
        503,
        'metrics-store-unavailable',
        'Metrics store unavailable',
        'The request could not be completed; retry shortly.',
      ).problem,
      {
        'retry-after': '1',
      },
    );
  });
  app.setNotFoundHandler((req, reply) => {
    // Routes match on the path alone, so the detail names the path without the query string.
    const q = req.url.indexOf('?');
    const path = q === -1 ? req.url : req.url.slice(0, q);
    return sendProblem(
      req,
      reply,
      problem(404, 'not-found', 'Not found', `No route for ${req.method} ${path}.`).problem,
    );
  });

  /** Sends a GET body with a strong ETag over everything but `meta.asOf`, answering 304 when it matches. */
  const sendCached = (
    req: FastifyRequest,
    reply: FastifyReply,
    body: { meta?: { asOf?: string } } & Record<string, unknown>,
  ): FastifyReply => {
    const stable = body.meta ? { ...body, meta: { ...body.meta, asOf: undefined } } : body;
    const etag = `"${createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', CACHE_CONTROL);
    const inm = req.headers['if-none-match'];
    if (
      inm &&
      inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')
    ) {
      return reply.code(304).send();
    }
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));
  };

  const meta = (
    filters: Record<string, unknown>,
    tz: string,
    asOf: number,
  ): Record<string, unknown> => ({
    asOf: iso(asOf),
    policyVersion: policy().policy.policy_version,
    filters: { ...filters, tz },
  });

  const windowFilters = (
    sel: Selection,
    w: Window,
    withBucket: boolean,
  ): Record<string, unknown> => ({
    ...(sel.workflows.length ? { workflow: sel.workflows } : {}),
    ...(sel.regions.length ? { region: sel.regions } : {}),
    from: formatLocal(w.from, w.tz),
    to: formatLocal(w.to, w.tz),
    ...(withBucket ? { bucket: w.bucket } : {}),
  });

  const filtersOf = (sel: Selection): Filters => ({
    workflows: sel.workflows,
    regions: sel.regions,
  });
  const reader = (req: FastifyRequest): QueryReader => new QueryReader(req.query as RawQuery);

  // ------------------------------------------------------------------ probes and documents
  app.get('/healthz', async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', async (req, reply) => {
    if (!ready)
      return sendProblem(
        req,
        reply,
        problem(503, 'not-ready', 'Not ready', 'The server is shutting down.').problem,
        { 'retry-after': '1' },
      );
    try {
      await store.countEvents();
    } catch {
      return sendProblem(
        req,
        reply,
        problem(503, 'metrics-store-unavailable', 'Metrics store unavailable').problem,
        { 'retry-after': '1' },
      );
    }
    return reply
      .header('cache-control', 'no-store')
      .send({ status: 'ready', policyVersion: policy().policy.policy_version });
  });
  app.get('/v1/openapi.json', async (req, reply) => sendCached(req, reply, openapiDocument()));

  // ------------------------------------------------------------------ catalogue
  app.get('/v1/workflows', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    q.check();
    const asOf = now();
    const selected = selectedWorkflows(sel);
    // The guard window the sweep (src/governance) compares: the last 24 hours and the 24 before.
    const edges = { starts: [asOf - 2 * 86_400_000, asOf - 86_400_000], end: asOf };
    // The switch is persisted by the sweep that trips it, so every instance answers the same.
    const autoActions = await store.autoActionStates();
    const pv = policy().policy.policy_version;
    return sendCached(req, reply, {
      apiVersion: API_VERSION,
      meta: meta(
        { ...windowFilters(sel, { tz: 'UTC', from: edges.starts[0]!, to: asOf } as Window, false) },
        'UTC',
        asOf,
      ),
      workflows: selected.map((w) => ({
        id: w.id,
        displayName: w.display_name,
        owner: w.owner,
        systems: w.systems,
        regions: w.regions,
        slo: { throughputPerDay: w.slo.throughput_per_day, mttrHours: w.slo.mttr_hours },
        thresholds: {
          warnExceptionRate: w.thresholds.warn_exception_rate,
          criticalExceptionRate: w.thresholds.critical_exception_rate,
        },
        escalation: {
          criticalPage: w.escalation.critical_page,
          staleExceptionTimerMinutes: w.escalation.stale_exception_timer_minutes,
        },
        exceptionTypes: w.exception_types.map((t) => ({
          code: t.code,
          severity: t.severity,
          owner: t.owner ?? null,
          runbookUrl: w.runbooks?.[t.code] ?? null,
          autoResolve: {
            enabled: t.auto_resolve.enabled,
            confidenceThreshold: t.auto_resolve.enabled
              ? (t.auto_resolve.model_confidence_threshold ?? null)
              : null,
            approverRoles: t.auto_resolve.human_approver_roles ?? [],
            approverSlaMinutes: t.auto_resolve.approver_sla_minutes ?? null,
          },
        })),
        autoActionsEnabled: autoActions.get(w.id) ?? true,
        policyVersion: pv,
      })),
    });
  });

  // ------------------------------------------------------------------ exception matrix
  const ROW_DIMENSIONS: readonly MatrixRowDimension[] = [
    'type',
    'severity',
    'stage',
    'region',
    'workflow',
  ];
  const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];
  app.get('/v1/metrics/exceptions', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    const rows = q.oneOf('rows', ROW_DIMENSIONS, 'type');
    const asOf = now();
    const w = readWindow(q, asOf, { bucketParam: true });
    const selected = selectedWorkflows(sel);
    const data = await store.exceptionMatrix(filtersOf(sel), w.buckets, rows);
    const size = w.buckets.starts.length;

    // Policy types of the selection appear even without exceptions: an empty row is information.
    const typePolicy = new Map<
      string,
      { owner: string | null; severity: string; runbookUrl: string | null; workflow: string }
    >();
    for (const wf of selected) {
      for (const t of wf.exception_types) {
        if (!typePolicy.has(t.code))
          typePolicy.set(t.code, {
            owner: t.owner ?? null,
            severity: t.severity,
            runbookUrl: wf.runbooks?.[t.code] ?? null,
            workflow: wf.id,
          });
      }
    }
    const byKey = new Map(data.rows.map((r) => [r.key, r]));
    if (rows === 'type')
      for (const [code, t] of typePolicy)
        if (!byKey.has(code))
          byKey.set(code, {
            key: code,
            workflow: t.workflow,
            counts: new Array<number>(size).fill(0),
          });
    if (rows === 'workflow')
      for (const wf of selected)
        if (!byKey.has(wf.id))
          byKey.set(wf.id, {
            key: wf.id,
            workflow: wf.id,
            counts: new Array<number>(size).fill(0),
          });

    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const out = [...byKey.values()].map((r) => {
      const denominators = data.itemsByKey
        ? (data.itemsByKey.get(r.key) ?? new Array<number>(size).fill(0))
        : data.items;
      const t = rows === 'type' ? typePolicy.get(r.key) : undefined;
      const total = sum(r.counts);
      return {
        key: r.key,
        label: rows === 'workflow' ? label(r.key) : rows === 'type' ? typeLabel(r.key) : r.key,
        counts: r.counts,
        rates: r.counts.map((n, i) => ratio(n, denominators[i]!)),
        total,
        rate: ratio(total, sum(denominators)),
        owner: t?.owner ?? null,
        severity:
          rows === 'severity' && SEVERITY_ORDER.includes(r.key) ? r.key : (t?.severity ?? null),
        runbookUrl: t?.runbookUrl ?? null,
        workflow: rows === 'workflow' ? r.key : r.workflow,
      };
    });
    out.sort((a, b) =>
      rows === 'severity'
        ? SEVERITY_ORDER.indexOf(a.key) - SEVERITY_ORDER.indexOf(b.key)
        : b.total - a.total || a.key.localeCompare(b.key),
    );
    const totalCounts = new Array<number>(size).fill(0);
    for (const r of out) r.counts.forEach((n, i) => (totalCounts[i]! += n));
    const thresholdSource = selected.length ? selected : policy().policy.workflows;
    return sendCached(req, reply, {
      apiVersion: API_VERSION,
      meta: meta({ ...windowFilters(sel, w, true), rows }, w.tz, asOf),
      rowDimension: rows,
      bucket: w.bucket,
      buckets: w.buckets.starts.map((s) => formatLocal(s, w.tz)),
      bucketEnd: formatLocal(w.buckets.end, w.tz),
      thresholds: {
        warn: Math.min(...thresholdSource.map((x) => x.thresholds.warn_exception_rate)),
        critical: Math.min(...thresholdSource.map((x) => x.thresholds.critical_exception_rate)),
      },
      rows: out,
      totals: {
        counts: totalCounts,
        items: data.items,
        rates: totalCounts.map((n, i) => ratio(n, data.items[i]!)),
      },
      annotations: [],
    });
  });

  // ------------------------------------------------------------------ throughput
  const GROUPS: readonly ThroughputGroup[] = ['stage', 'region', 'workflow'];
  const perDayFactor: Record<BucketUnit, number> = { hour: 1 / 24, day: 1, week: 7 };
  app.get('/v1/metrics/throughput', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    const groupBy = q.oneOf('groupBy', GROUPS, 'workflow');
    const compare = q.oneOf('compare', ['previous'] as const);
    const asOf = now();
    const w = readWindow(q, asOf, { bucketParam: true });
    const selected = selectedWorkflows(sel);
    const shape = async (buckets: { starts: readonly number[]; end: number }) => {
      const data = await store.throughput(filtersOf(sel), buckets, groupBy);
      const series = data.series.map((s) => ({
        key: s.key,
        label: groupBy === 'workflow' ? label(s.key) : s.key,
        values: s.values,
      }));
      if (groupBy === 'workflow') {
        for (const wf of selected) {
          if (!series.some((s) => s.key === wf.id))
            series.push({
              key: wf.id,
              label: wf.display_name,
              values: new Array<number>(buckets.starts.length).fill(0),
            });
        }
      }
      series.sort((a, b) => a.key.localeCompare(b.key));
      return { series, backlog: { values: data.backlog } };
    };
    const current = await shape(w.buckets);
    const body: Record<string, unknown> = {
      apiVersion: API_VERSION,
      meta: meta(
        { ...windowFilters(sel, w, true), groupBy, ...(compare ? { compare } : {}) },
        w.tz,
        asOf,
      ),
      groupBy,
      bucket: w.bucket,
      buckets: w.buckets.starts.map((s) => formatLocal(s, w.tz)),
      bucketEnd: formatLocal(w.buckets.end, w.tz),
      ...current,
      target: {
        perBucket: round(
          selected.reduce((a, x) => a + x.slo.throughput_per_day, 0) * perDayFactor[w.bucket],
          4,
        ),
      },
    };
    if (compare) {
      const prev = bucketsBefore(w.from, w.buckets.starts.length, w.bucket, w.tz);
      body.previous = {
        buckets: prev.starts.map((s) => formatLocal(s, w.tz)),
        ...(await shape(prev)),
      };
    }
    body.annotations = [];
    return sendCached(req, reply, body);
  });

  // ------------------------------------------------------------------ ownership
  app.get('/v1/metrics/ownership', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    const target = q.number('target', 0, 1, 0.95);
    const asOf = now();
    const w = readWindow(q, asOf, { bucketParam: false });
    const data = await store.ownership(filtersOf(sel), w.from, w.to, asOf);
    const wfs = workflowsById();
    const byWorkflow = new Map<string, { owned: number; total: number }>();
    for (const r of data.byType) {
      const acc = byWorkflow.get(r.workflow) ?? { owned: 0, total: 0 };
      acc.owned += r.owned;
      acc.total += r.total;
      byWorkflow.set(r.workflow, acc);
    }
    const owned = data.byType.reduce((a, r) => a + r.owned, 0);
    const total = data.byType.reduce((a, r) => a + r.total, 0);
    return sendCached(req, reply, {
      apiVersion: API_VERSION,
      meta: meta({ ...windowFilters(sel, w, false), target }, w.tz, asOf),
      target,
      overall: { owned, total, coverage: ratio(owned, total) },
      byWorkflow: [...byWorkflow].map(([id, v]) => ({
        workflow: id,
        label: label(id),
        owned: v.owned,
        total: v.total,
        coverage: ratio(v.owned, v.total),
      })),
      byType: data.byType.map((r) => ({
        type: r.type,
        workflow: r.workflow,
        owner: wfs.get(r.workflow)?.exception_types.find((t) => t.code === r.type)?.owner ?? null,
        owned: r.owned,
        total: r.total,
        coverage: ratio(r.owned, r.total),
      })),
      staleCount: data.staleCount,
      oldestStaleAgeMinutes: data.oldestStaleAgeMinutes,
    });
  });

  // ------------------------------------------------------------------ MTTR
  app.get('/v1/metrics/mttr', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    const types = q.list('type');
    const asOf = now();
    const w = readWindow(q, asOf, { bucketParam: true });
    const selected = selectedWorkflows(sel);
    const filters = filtersOf(sel);
    const data = await store.mttr(filters, w.buckets, types);
    const mean = await store.mttrMean(filters, w.from, w.to, types);
    const previousMean = await store.mttrMean(filters, w.from - (w.to - w.from), w.from, types);
    const targetSource = selected.length ? selected : policy().policy.workflows;
    const r4 = (xs: (number | null)[]): (number | null)[] =>
      xs.map((x) => (x === null ? null : round(x, 4)));
    return sendCached(req, reply, {
      apiVersion: API_VERSION,
      meta: meta(
        { ...windowFilters(sel, w, true), ...(types.length ? { type: types } : {}) },
        w.tz,
        asOf,
      ),
      bucket: w.bucket,
      buckets: w.buckets.starts.map((s) => formatLocal(s, w.tz)),
      bucketEnd: formatLocal(w.buckets.end, w.tz),
      mean: r4(data.mean),
      p50: r4(data.p50),
      p90: r4(data.p90),
      count: data.count,
      target: Math.min(...targetSource.map((x) => x.slo.mttr_hours)),
      change: {
        previousMean: previousMean === null ? null : round(previousMean, 4),
        ratio:
          mean !== null && previousMean !== null && previousMean > 0
            ? round((mean - previousMean) / previousMean, 4)
            : null,
      },
      annotations: [],
    });
  });

  // ------------------------------------------------------------------ exceptions list
  interface ListCursor extends ExceptionCursor {
    asOf: number;
  }
  const isCursor = (v: unknown): v is ListCursor => {
    const c = v as ListCursor;
    return (
      typeof c === 'object' &&
      c !== null &&
      Number.isInteger(c.staleRank) &&
      Number.isInteger(c.severityRank) &&
      Number.isFinite(c.raisedMs) &&
      typeof c.workflow === 'string' &&
      typeof c.correlationId === 'string' &&
      Number.isFinite(c.asOf)
    );
  };
  app.get('/v1/exceptions', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    const types = q.list('type');
    const status = q.oneOf('status', ['open', 'resolved'] as const) ?? null;
    const ownerText = q.string('owner');
    const stale = q.boolean('stale');
    const limit = q.number('limit', 1, 200, 50, true);
    const cursor = decodeCursor(q, isCursor);
    // A cursor pins "now", so staleness (and with it the order) cannot shift between pages.
    // Whole seconds: ages are shown in minutes, and requests within one second then share the
    // store's cached result instead of each sorting every exception in the window again.
    const asOf = cursor?.asOf ?? Math.floor(now() / 1000) * 1000;
    const w = readWindow(q, asOf, { bucketParam: false });
    const rows = await store.listExceptions({
      filters: filtersOf(sel),
      from: w.from,
      to: w.to,
      now: asOf,
      types,
      status,
      owner: ownerText === undefined ? undefined : ownerText === '' ? null : ownerText,
      stale,
      after: cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor({
            staleRank: last.staleRank,
            severityRank: last.severityRank,
            raisedMs: last.raisedMs,
            workflow: last.workflow,
            correlationId: last.correlationId,
            asOf,
          } satisfies ListCursor)
        : null;
    const wfs = workflowsById();
    return sendCached(req, reply, {
      apiVersion: API_VERSION,
      meta: meta(
        {
          ...windowFilters(sel, w, false),
          limit,
          ...(types.length ? { type: types } : {}),
          ...(status ? { status } : {}),
          ...(ownerText !== undefined ? { owner: ownerText } : {}),
          ...(stale !== null ? { stale } : {}),
        },
        w.tz,
        asOf,
      ),
      items: page.map((r) => {
        let data: Record<string, unknown> = {};
        try {
          data = r.data ? (JSON.parse(r.data) as Record<string, unknown>) : {};
        } catch {
          // Stored payloads are JSON; a bad one only loses its links.
        }
        const until = r.resolvedMs ?? asOf;
        return {
          id: `${r.workflow}:${r.correlationId}`,
          workflow: r.workflow,
          region: r.region,
          type: r.type,
          severity: r.severity,
          status: r.resolvedMs === null ? 'open' : 'resolved',
          raisedAt: iso(r.raisedMs),
          resolvedAt: r.resolvedMs === null ? null : iso(r.resolvedMs),
          ageMinutes: Math.max(0, Math.floor((until - r.raisedMs) / 60_000)),
          owner: r.owner,
          escalationTarget: r.escalationTarget ?? wfs.get(r.workflow)?.owner ?? 'unassigned',
          stale: r.stale,
          correlationId: r.correlationId,
          links: {
            ticket: httpUrl(data.ticketUrl),
            erpDocument: httpUrl(data.erpDocumentUrl),
            runbook: r.runbookUrl,
          },
        };
      }),
      nextCursor,
    });
  });

  // ------------------------------------------------------------------ live stream
  app.get('/v1/stream', async (req, reply) => {
    const q = reader(req);
    const sel = readSelection(q);
    q.check();
    const lastId = req.headers['last-event-id'];
    reply.hijack();
    const res = reply.raw;
    for (const [k, v] of Object.entries(reply.getHeaders()))
      if (v !== undefined) res.setHeader(k, v);
    hub.attach(res, sel.workflows, typeof lastId === 'string' ? lastId : undefined);
  });

  // ------------------------------------------------------------------ ingest
  // Only JSON and NDJSON are accepted; Fastify's built-in text/plain parser would turn other
  // bodies into a confusing 400 instead of a 415.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    'application/x-ndjson',
    { parseAs: 'string', bodyLimit: INGEST_BODY_LIMIT },
    (_req, body, done) => {
      const lines = String(body).split(/\r?\n/);
      const events: unknown[] = [];
      const problems: InvalidParam[] = [];
      lines.forEach((line) => {
        if (!line.trim()) return;
        try {
          events.push(JSON.parse(line));
        } catch {
          problems.push({
            name: `/${events.length}`,
            reason: 'is not a JSON object (NDJSON line could not be parsed)',
          });
          events.push(null);
        }
      });
      if (problems.length) done(invalidParams(problems, 'events'), undefined);
      else done(null, events);
    },
  );

  /**
   * The one ingest path: contract validation, residency, conversion and the group commit. The
   * route below and the connectors (src/connectors) both end here, so a mapped webhook is
   * checked and deduplicated exactly like a posted batch.
   */
  const ingestBatch = async (body: unknown): Promise<IngestResult & { times: number[] }> => {
    if (!Array.isArray(body))
      throw invalidParams(
        [{ name: '', reason: 'the body must be a JSON array of events (or NDJSON)' }],
        'events',
      );
    if (body.length === 0)
      throw invalidParams([{ name: '', reason: 'the batch is empty' }], 'events');
    if (body.length > INGEST_MAX_EVENTS) {
      throw problem(
        413,
        'payload-too-large',
        'Too many events',
        `A batch may hold at most ${INGEST_MAX_EVENTS} events; this one has ${body.length}.`,
      );
    }
    const validate = validateIngestEvent();
    const problems: InvalidParam[] = [];
    body.forEach((event, i) => {
      if (validate(event)) return;
      for (const e of validate.errors ?? []) {
        const p = e.params as Record<string, unknown>;
        let name = `/${i}${e.instancePath}`;
        let reason = e.message ?? e.keyword;
        if (e.keyword === 'required') {
          name = `/${i}/${String(p.missingProperty)}`;
          reason = 'is required';
        } else if (e.keyword === 'additionalProperties') {
          name = `/${i}/${String(p.additionalProperty)}`;
          reason = 'is not a known event field';
        } else if (e.keyword === 'enum') {
          reason = `must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
        }
        problems.push({ name, reason });
      }
    });
    if (problems.length) throw invalidParams(problems.slice(0, 100), 'events');
    options.access?.checkIngest(body as Record<string, unknown>[], policy().policy);

    const events: StoredEvent[] = (body as Record<string, unknown>[]).map((e) => ({
      source: e.source as string,
      eventId: e.eventId as string,
      type: e.type as StoredEvent['type'],
      timeMs: Date.parse(e.time as string),
      workflow: e.workflow as string,
      region: e.region as string,
      correlationId: e.correlationId as string,
      stage: (e.stage as string | undefined) ?? null,
      exceptionType: (e.exceptionType as string | undefined) ?? null,
      severity: (e.severity as StoredEvent['severity'] | undefined) ?? null,
      owner: (e.owner as string | undefined) ?? null,
      confidence: (e.confidence as number | undefined) ?? null,
      actor: (e.actor as string | undefined) ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
    }));
    const result = await store.ingest(events);
    return { ...result, times: events.map((e) => e.timeMs) };
  };

  app.post('/v1/events', { bodyLimit: INGEST_BODY_LIMIT }, async (req, reply) => {
    const { times, ...result } = await ingestBatch(req.body);
    return reply
      .code(202)
      .header('cache-control', 'no-store')
      .send({
        apiVersion: API_VERSION,
        meta: meta({ from: iso(Math.min(...times)), to: iso(Math.max(...times)) }, 'UTC', now()),
        accepted: result.accepted,
        duplicates: result.duplicates,
      });
  });

  registerConnectorRoutes(app, {
    ingest: ingestBatch,
    policy,
    now,
    apiVersion: API_VERSION,
    options: options.connectors ?? {},
  });

  registerInsightRoutes(app, {
    store,
    now,
    apiVersion: API_VERSION,
    policy,
    reader,
    sendCached,
    meta,
    windowFilters,
    selectedWorkflows,
    filtersOf,
    typeLabel,
    round,
    ratio,
    perDayFactor,
  });

  registerApprovalRoutes(app, {
    store,
    hub,
    now,
    identify: options.access?.authRequired
      ? options.access.identify
      : (options.identify ?? anonymous),
    policy,
    apiVersion: API_VERSION,
    sendCached,
  });

  if (options.staticDir) {
    await app.register(fastifyStatic, {
      root: resolve(options.staticDir),
      prefix: '/',
      index: ['index.html'],
      wildcard: true,
    });
  }

  return {
    app,
    hub,
    drain: () => {
      ready = false;
    },
    setPolicy: (loaded) => {
      current = loaded;
    },
  };
}
