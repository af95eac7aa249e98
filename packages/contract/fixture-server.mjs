// Serves the contract fixtures over real HTTP so elements, stories and tests fetch exactly as
// they would from the reference server, with the same caching headers, errors and streams.
//
//   import { fixtureMiddleware } from '@cmdctr/contract/fixture-server.mjs';
//   http.createServer((req, res) => fixtureMiddleware()(req, res, () => { res.statusCode = 404; res.end(); }));
//
// Query switches for tests and stories:
//   ?fixture=<variant>  answers <operationId>.<variant>.json (e.g. ?fixture=empty)
//   ?problem=<status>   answers problem.<status>.json (400, 403, 503) as application/problem+json
//   GET /v1/stream?fixture=all  sends every recorded event before the heartbeats
//
// Decisions are not persisted: every test and story sees the same approvals. Only
// Idempotency-Key replays are remembered, so retries behave as they do against the server.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const CACHE_CONTROL = 'private, max-age=0, must-revalidate';
const VARIANT = /^[a-z0-9][a-z0-9-]*$/i;
const ALL_METRICS = [
  'throughput',
  'exceptions',
  'ownership',
  'mttr',
  'kpis',
  'pareto',
  'automation',
  'exceptions-list',
  'approvals',
  'ledger',
];

/** `/v1/approvals/{id}` → a RegExp capturing the path parameters by name. */
function compile(template) {
  const source = template
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${source}$`);
}

const strongEtag = (bytes) =>
  `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;

/** RFC 9110 If-None-Match: a list of entity tags or `*`, compared weakly. */
function noneMatch(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

function problem(res, status, title, detail, extra = {}) {
  const body = JSON.stringify({
    type: `https://cmdctr.dev/problems/${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`,
    title,
    status,
    detail,
    ...extra,
  });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function readBody(req, limit = 5 * 1024 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Node/Connect-style middleware answering `/v1/*` from the fixtures.
 * @param {{ fixturesDir?: string, heartbeatMs?: number, now?: () => number }} [options]
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => Promise<void>}
 */
export function fixtureMiddleware(options = {}) {
  const dir = options.fixturesDir ?? FIXTURES;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const now = options.now ?? Date.now;
  const cache = new Map();
  /** Idempotency-Key → { fingerprint, status, body } */
  const replays = new Map();
  let routes;

  async function load(name) {
    let entry = cache.get(name);
    if (!entry) {
      // Cache the promise so concurrent requests share one read; forget failures.
      entry = readFile(join(dir, `${name}.json`)).then((bytes) => ({
        bytes,
        json: JSON.parse(bytes.toString('utf8')),
      }));
      entry.catch(() => cache.delete(name));
      cache.set(name, entry);
    }
    return entry;
  }
  async function exists(name) {
    try {
      await load(name);
      return true;
    } catch {
      return false;
    }
  }
  async function table() {
    routes ??= load('routes').then(({ json }) => json.map((r) => ({ ...r, re: compile(r.path) })));
    return routes;
  }

  function sendJson(req, res, status, bytes, extraHeaders = {}) {
    const etag = strongEtag(bytes);
    res.setHeader('Date', new Date(now()).toUTCString());
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', CACHE_CONTROL);
    res.setHeader('Vary', 'Authorization');
    for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
    if (status === 200 && noneMatch(req.headers['if-none-match'], etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', bytes.length);
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  /** The approval with `id` as getApproval answers it, or undefined. */
  async function approvalResponse(id) {
    const one = (await load('getApproval')).json;
    if (one.approval.id === id) return one;
    const list = (await load('listApprovals')).json;
    const approval = list.items.find((a) => a.id === id);
    return approval ? { apiVersion: '1.0', meta: one.meta, approval } : undefined;
  }

  async function serveGet(req, res, url, route, params) {
    const variant = url.searchParams.get('fixture');
    const problemStatus = url.searchParams.get('problem');
    if (problemStatus !== null) {
      if (!/^\d{3}$/.test(problemStatus) || !(await exists(`problem.${problemStatus}`))) {
        return problem(
          res,
          400,
          'Unknown problem fixture',
          `No fixture problem.${problemStatus}.json.`,
          { invalid_params: [{ name: 'problem', reason: 'no such problem fixture' }] },
        );
      }
      const { bytes } = await load(`problem.${problemStatus}`);
      res.statusCode = Number(problemStatus);
      res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      if (problemStatus === '503') res.setHeader('Retry-After', '1');
      if (problemStatus === '401') res.setHeader('WWW-Authenticate', 'Bearer');
      return res.end(bytes);
    }
    if (route.operationId === 'getApproval' && !variant) {
      const body = await approvalResponse(decodeURIComponent(params.id));
      if (!body) return problem(res, 404, 'Approval not found', `No approval ${params.id}.`);
      return sendJson(req, res, 200, Buffer.from(JSON.stringify(body)));
    }
    if (variant !== null && !VARIANT.test(variant)) {
      return problem(res, 400, 'Invalid query parameters', 'fixture must be a variant name.', {
        invalid_params: [{ name: 'fixture', reason: 'letters, digits and dashes only' }],
      });
    }
    const name = variant ? `${route.operationId}.${variant}` : route.operationId;
    if (!(await exists(name)))
      return problem(res, 404, 'Fixture not found', `No fixture ${name}.json.`);
    return sendJson(req, res, 200, (await load(name)).bytes);
  }

  async function serveStream(req, res, url) {
    const events = (await load('stream')).json;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Stops reverse proxies (nginx) from buffering the stream.
      'X-Accel-Buffering': 'no',
      Date: new Date(now()).toUTCString(),
    });
    let counter = 0;
    const write = (event, data, id = `${now()}-${++counter}`) => {
      res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    res.write('retry: 3000\n\n');
    if (req.headers['last-event-id']) {
      // The gap cannot be replayed from fixtures: tell the client everything may have changed.
      write('metrics-changed', { metrics: ALL_METRICS, workflow: null });
    } else if (url.searchParams.get('fixture') === 'all') {
      for (const e of events) write(e.event, e.data, e.id);
    } else {
      const first = events.find((e) => e.event === 'metrics-changed');
      write(first.event, first.data, first.id);
    }
    const timer = setInterval(
      () => write('heartbeat', { at: new Date(now()).toISOString() }),
      heartbeatMs,
    );
    const stop = () => clearInterval(timer);
    req.on('close', stop);
    res.on('close', stop);
  }

  async function serveDecision(req, res, params) {
    const key = req.headers['idempotency-key'];
    const ifMatch = req.headers['if-match'];
    const missing = [!key && 'Idempotency-Key', !ifMatch && 'If-Match'].filter(Boolean);
    if (missing.length) {
      return problem(
        res,
        428,
        'Precondition required',
        `Send ${missing.join(' and ')} with every decision.`,
        {
          invalid_params: missing.map((name) => ({ name, reason: 'required header' })),
        },
      );
    }
    const raw = await readBody(req);
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return problem(res, 400, 'Invalid body', 'The body is not JSON.', {
        invalid_params: [{ name: '/', reason: 'not JSON' }],
      });
    }
    const invalid = [];
    if (!body || typeof body !== 'object' || Array.isArray(body))
      invalid.push({ name: '/', reason: 'must be an object' });
    else {
      if (!['approve', 'reject'].includes(body.outcome))
        invalid.push({ name: '/outcome', reason: 'must be approve or reject' });
      if (
        body.reason !== undefined &&
        (typeof body.reason !== 'string' || body.reason.length === 0 || body.reason.length > 2000)
      ) {
        invalid.push({ name: '/reason', reason: 'must be a string of 1 to 2000 characters' });
      } else if (body.outcome === 'reject' && body.reason === undefined)
        invalid.push({ name: '/reason', reason: 'required when rejecting' });
      for (const k of Object.keys(body))
        if (!['outcome', 'reason'].includes(k))
          invalid.push({ name: `/${k}`, reason: 'unexpected property' });
    }
    if (invalid.length)
      return problem(res, 400, 'Invalid decision', 'The decision could not be recorded.', {
        invalid_params: invalid,
      });

    const fingerprint = `${params.id}\n${ifMatch}\n${JSON.stringify([body.outcome, body.reason ?? null])}`;
    const previous = replays.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        return problem(
          res,
          422,
          'Idempotency key reused',
          'This Idempotency-Key was already used for a different decision.',
        );
      }
      res.setHeader('Idempotency-Replayed', 'true');
      return sendDecided(res, previous.bytes);
    }

    const current = await approvalResponse(decodeURIComponent(params.id));
    if (!current) return problem(res, 404, 'Approval not found', `No approval ${params.id}.`);
    // GET /v1/approvals/{id} serves exactly these bytes, so this is the ETag the client saw.
    if (ifMatch !== strongEtag(Buffer.from(JSON.stringify(current)))) {
      return problem(
        res,
        412,
        'Approval changed',
        'The approval changed since you loaded it. Reload it and decide again.',
      );
    }
    const a = current.approval;
    if (a.decision || !['pending', 'overdue'].includes(a.status)) {
      return problem(
        res,
        409,
        'Already decided',
        `${a.id} is ${a.status}; it can no longer be decided.`,
      );
    }
    if (!a.canDecide.allowed)
      return problem(
        res,
        403,
        'Not allowed for your roles',
        a.canDecide.reason ?? 'You may not decide this approval.',
      );

    const recorded = (await load('decideApproval')).json;
    const outcome = body.outcome === 'approve' ? 'approved' : 'rejected';
    const reason = body.reason ?? null;
    const at = new Date(now()).toISOString();
    const ledgerHash = createHash('sha256')
      .update(`${recorded.approval.decision.ledgerHash}\n${a.id}\n${outcome}\n${reason}`)
      .digest('hex');
    const decided = {
      ...recorded,
      meta: { ...recorded.meta, asOf: at },
      approval: {
        ...a,
        status: outcome,
        decision: { ...recorded.approval.decision, outcome, reason, at, ledgerHash },
        canDecide: { allowed: false, reason: 'Already decided' },
      },
    };
    const bytes = Buffer.from(JSON.stringify(decided));
    replays.set(key, { fingerprint, bytes });
    return sendDecided(res, bytes);
  }

  function sendDecided(res, bytes) {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('ETag', strongEtag(bytes));
    res.setHeader('Date', new Date(now()).toUTCString());
    res.setHeader('Content-Length', bytes.length);
    res.end(bytes);
  }

  async function serveIngest(req, res) {
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type !== 'application/json' && type !== 'application/x-ndjson') {
      return problem(
        res,
        415,
        'Unsupported media type',
        'Send application/json (an array) or application/x-ndjson.',
      );
    }
    let events;
    try {
      const raw = await readBody(req);
      events =
        type === 'application/json'
          ? JSON.parse(raw)
          : raw
              .split('\n')
              .filter((l) => l.trim())
              .map((l) => JSON.parse(l));
    } catch (err) {
      if (err?.status === 413)
        return problem(res, 413, 'Batch too large', 'At most 5 MB per batch.');
      return problem(res, 400, 'Invalid body', 'The body is not valid JSON or NDJSON.', {
        invalid_params: [{ name: '/', reason: 'not JSON' }],
      });
    }
    if (!Array.isArray(events) || events.length === 0) {
      return problem(res, 400, 'Invalid body', 'Send a non-empty array of events.', {
        invalid_params: [{ name: '/', reason: 'must be a non-empty array' }],
      });
    }
    if (events.length > 5000)
      return problem(res, 413, 'Batch too large', 'At most 5000 events per batch.');
    const invalid = [];
    const required = ['eventId', 'source', 'type', 'time', 'workflow', 'region', 'correlationId'];
    events.forEach((e, i) => {
      for (const k of required)
        if (typeof e?.[k] !== 'string' || e[k] === '')
          invalid.push({ name: `/${i}/${k}`, reason: 'required string' });
      if (typeof e?.time === 'string' && Number.isNaN(Date.parse(e.time)))
        invalid.push({ name: `/${i}/time`, reason: 'must be an RFC 3339 date-time' });
    });
    if (invalid.length)
      return problem(res, 400, 'Invalid events', 'The batch was rejected; nothing was stored.', {
        invalid_params: invalid.slice(0, 20),
      });
    const ids = new Set(events.map((e) => e.eventId));
    const times = events.map((e) => Date.parse(e.time)).sort((a, b) => a - b);
    const recorded = (await load('ingestEvents')).json;
    const body = Buffer.from(
      JSON.stringify({
        ...recorded,
        meta: {
          ...recorded.meta,
          asOf: new Date(now()).toISOString(),
          filters: {
            ...recorded.meta.filters,
            from: new Date(times[0]).toISOString(),
            to: new Date(times.at(-1)).toISOString(),
          },
        },
        accepted: ids.size,
        duplicates: events.length - ids.size,
      }),
    );
    res.statusCode = 202;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }

  return async function cmdctrFixtures(req, res, next) {
    const url = new URL(req.url ?? '/', 'http://fixtures.invalid');
    if (!url.pathname.startsWith('/v1/')) return next();
    try {
      const all = await table();
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      let found;
      const allowed = new Set();
      for (const r of all) {
        const m = r.re.exec(url.pathname);
        if (!m) continue;
        allowed.add(r.method);
        if (r.method === method) found = { route: r, params: m.groups ?? {} };
      }
      if (!found) {
        if (allowed.size) {
          res.setHeader('Allow', [...allowed].join(', '));
          return problem(
            res,
            405,
            'Method not allowed',
            `${req.method} is not supported on ${url.pathname}.`,
          );
        }
        return problem(res, 404, 'Not found', `No route ${url.pathname} in contract v1.`);
      }
      const { route, params } = found;
      if (route.operationId === 'stream') return await serveStream(req, res, url);
      if (route.operationId === 'decideApproval') return await serveDecision(req, res, params);
      if (route.operationId === 'ingestEvents') return await serveIngest(req, res);
      return await serveGet(req, res, url, route, params);
    } catch (err) {
      if (res.headersSent) return res.destroy(err);
      return problem(res, 500, 'Fixture server error', String(err?.message ?? err));
    }
  };
}

/**
 * A @web/dev-server (Koa) plugin mounting the fixtures at `/v1/*` of the test server.
 * @param {Parameters<typeof fixtureMiddleware>[0]} [options]
 */
export function testRunnerPlugin(options) {
  const middleware = fixtureMiddleware(options);
  return {
    name: 'cmdctr-fixtures',
    serverStart({ app }) {
      app.use(async (ctx, next) => {
        if (!ctx.path.startsWith('/v1/')) return next();
        // Raw Node response: Koa must not touch headers or body after us.
        ctx.respond = false;
        let passed = false;
        await middleware(ctx.req, ctx.res, () => {
          passed = true;
        });
        if (passed) {
          ctx.respond = true;
          await next();
        }
      });
    },
  };
}
