// Scenario routes for the fetch client's browser tests: behaviours the contract fixtures cannot
// express (flaky upstreams, rate limits, ETag revalidation, slow answers, broken bodies, an
// event stream that drops). Every route lives under /test-api/<key>/..., where <key> is chosen
// by the test, so counters of parallel or repeated tests never mix. GET /test-api/<key>/_log
// returns what the server saw, so tests assert real network hits instead of trusting the client.

const logs = new Map();
const state = new Map();

function logFor(key) {
  let log = logs.get(key);
  if (!log) {
    log = [];
    logs.set(key, log);
  }
  return log;
}

function stateFor(key) {
  let s = state.get(key);
  if (!s) {
    s = { hits: new Map(), streamConnections: 0 };
    state.set(key, s);
  }
  return s;
}

function hit(key, name) {
  const s = stateFor(key);
  const n = (s.hits.get(name) ?? 0) + 1;
  s.hits.set(name, n);
  return n;
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function json(ctx, status, body, headers = {}) {
  ctx.status = status;
  ctx.set('Content-Type', 'application/json');
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
  ctx.body = JSON.stringify(body);
}

function problem(ctx, status, title, extra = {}, headers = {}) {
  ctx.status = status;
  ctx.set('Content-Type', 'application/problem+json');
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
  ctx.body = JSON.stringify({
    type: `https://cmdctr.dev/problems/${status}`,
    title,
    status,
    ...extra,
  });
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

const GOOD = { apiVersion: '1.0', value: 42 };

/** Routes by name; each gets (ctx, key, n = this route's hit count for the key, its log entry). */
const routes = {
  // Plain answer with the headers we want echoed back.
  async echo(ctx) {
    const h = ctx.request.headers;
    json(ctx, 200, {
      authorization: h['authorization'] ?? null,
      userToken: h['x-usertoken'] ?? null,
      accept: h['accept'] ?? null,
      query: ctx.querystring,
    });
  },

  async slow(ctx, key, n, entry) {
    const ms = Number(ctx.query.ms ?? 500);
    // Lets tests see whether the client really hung up (the shared request was aborted).
    entry.clientClosedEarly = false;
    ctx.res.on('close', () => {
      if (!ctx.res.writableFinished) entry.clientClosedEarly = true;
    });
    await wait(ms);
    json(ctx, 200, { ...GOOD, hit: n }, { Date: 'Tue, 01 Apr 2025 12:00:00 GMT' });
  },

  async etag(ctx) {
    const tag = '"v1"';
    if (ctx.get('If-None-Match') === tag) {
      ctx.status = 304;
      ctx.set('ETag', tag);
      return;
    }
    json(ctx, 200, GOOD, { ETag: tag });
  },

  // Fails `fail` times with `status`, then answers.
  async flaky(ctx, key, n) {
    const fail = Number(ctx.query.fail ?? 2);
    const status = Number(ctx.query.status ?? 503);
    if (n <= fail) {
      problem(ctx, status, 'Temporarily unavailable');
      return;
    }
    json(ctx, 200, { ...GOOD, attempt: n });
  },

  async 'rate-limited'(ctx, key, n) {
    if (n === 1) {
      problem(ctx, 429, 'Too many requests', { detail: 'Slow down' }, { 'Retry-After': '1' });
      return;
    }
    json(ctx, 200, GOOD);
  },

  async status(ctx) {
    const code = Number(ctx.query.code ?? 500);
    if (ctx.query.plain) {
      ctx.status = code;
      ctx.set('Content-Type', 'text/html');
      ctx.body = '<html><body><h1>Gateway says no</h1></body></html>';
      return;
    }
    problem(
      ctx,
      code,
      code === 401 ? 'Sign in required' : code === 403 ? 'Not allowed' : 'Request rejected',
      {
        detail: `Scenario status ${code}`,
        invalid_params: code === 400 ? [{ name: 'from', reason: 'must be before to' }] : undefined,
      },
      code === 429 || code === 503 ? { 'Retry-After': '0' } : {},
    );
  },

  // Reusable for a minute without asking, then revalidated by ETag.
  async 'max-age'(ctx, key, n) {
    if (ctx.get('If-None-Match') === '"m1"') {
      ctx.status = 304;
      ctx.set('ETag', '"m1"');
      ctx.set('Cache-Control', 'max-age=60');
      return;
    }
    json(ctx, 200, { ...GOOD, hit: n }, { ETag: '"m1"', 'Cache-Control': 'max-age=60' });
  },

  // The first `fail` requests break off mid-body: headers promise 200 bytes, 10 arrive, then the
  // socket closes. (Dropping before any response would let Chromium retry on its own.)
  async drop(ctx, key, n) {
    if (n <= Number(ctx.query.fail ?? 3)) {
      ctx.respond = false;
      ctx.res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' });
      ctx.res.write('{"apiVersi');
      await wait(10);
      ctx.res.socket.destroy();
      return;
    }
    json(ctx, 200, { ...GOOD, hit: n });
  },

  async malformed(ctx) {
    ctx.status = 200;
    ctx.set('Content-Type', 'application/json');
    ctx.body = '{"apiVersion": "1.0", "value": ';
  },

  // Good body with ETag "g1" first; afterwards a body that breaks the schema under a new ETag,
  // unless the client still revalidates with "g1" after the `bad` hit count is used up.
  async 'goes-bad'(ctx, key, n) {
    const bad = Number(ctx.query.bad ?? 1);
    if (n === 1) {
      json(ctx, 200, GOOD, { ETag: '"g1"' });
      return;
    }
    if (n <= 1 + bad) {
      json(ctx, 200, { apiVersion: '1.0', value: 'forty-two' }, { ETag: `"b${n}"` });
      return;
    }
    if (ctx.get('If-None-Match') === '"g1"') {
      ctx.status = 304;
      ctx.set('ETag', '"g1"');
      return;
    }
    json(ctx, 200, { apiVersion: '1.0', value: 'still bad' }, { ETag: '"b-late"' });
  },

  async 'post-flaky'(ctx, key, n, entry) {
    entry.body = await readBody(ctx.req);
    if (n === 1) {
      problem(ctx, 503, 'Temporarily unavailable');
      return;
    }
    json(ctx, 201, { apiVersion: '1.0', accepted: true, attempt: n });
  },

  async 'post-conflict'(ctx) {
    await readBody(ctx.req);
    problem(ctx, 412, 'Precondition failed', {
      detail: 'The approval changed since you loaded it',
    });
  },

  // The event stream. Connection 1 sends spec corner cases, then an event cut off mid-way and
  // drops the socket. Connection 2 must carry Last-Event-ID: 2 and gets the rest.
  async stream(ctx, key) {
    const s = stateFor(key);
    s.streamConnections++;
    const connection = s.streamConnections;
    const res = ctx.res;
    ctx.respond = false;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    if (connection === 1) {
      res.write(': hello, this is a comment\n\n');
      res.write('retry: 30\n');
      res.write('id: 1\nevent: snapshot\ndata: {"n":1,\ndata: "text":"two\\nlines"}\n\n');
      // CRLF and CR line ends, and an event split across writes.
      res.write('id: 2\r\nevent: exceptions\r\nda');
      await wait(20);
      res.write('ta: {"n":2}\r\r');
      res.write('data:no-space-and-not-json\n\n');
      // Cut off before the blank line: must be discarded, and its id not remembered.
      res.write('id: 3\ndata: {"n":"lost"}\n');
      await wait(30);
      res.destroy();
      return;
    }
    res.write(
      `id: ${connection + 2}\ndata: {"n":3,"resumedFrom":${JSON.stringify(ctx.get('Last-Event-ID') || null)}}\n\n`,
    );
    // Stay open until the client goes away.
    await new Promise((resolve) => res.on('close', resolve));
  },

  async 'stream-denied'(ctx) {
    problem(ctx, 403, 'Not allowed to stream');
  },
};

/** Koa middleware answering /test-api/<key>/...; anything else passes to `next`. */
export async function scenarioMiddleware(ctx, next) {
  const match = /^\/test-api\/([\w-]+)\/(.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, key, rest] = match;
  if (rest === '_log') {
    json(ctx, 200, logFor(key));
    return;
  }
  // Routes are reached as `${baseUrl}/v1/<route>` so tests use the client exactly as apps do.
  const name = rest.replace(/^v1\//, '');
  const route = routes[name];
  const n = hit(key, name);
  const entry = {
    method: ctx.method,
    route: name,
    at: Date.now(),
    headers: {
      authorization: ctx.get('Authorization') || null,
      userToken: ctx.get('X-UserToken') || null,
      ifNoneMatch: ctx.get('If-None-Match') || null,
      idempotencyKey: ctx.get('Idempotency-Key') || null,
      ifMatch: ctx.get('If-Match') || null,
      lastEventId: ctx.get('Last-Event-ID') || null,
      contentType: ctx.get('Content-Type') || null,
    },
  };
  logFor(key).push(entry);
  if (!route) {
    problem(ctx, 404, `No scenario route ${name}`);
    return;
  }
  await route(ctx, key, n, entry);
}

/**
 * The plugin in the shape web-test-runner.config.mjs expects: it calls `serverStart` with an
 * `app.use` that registers test-runner middleware. (A real dev-server `app.use` in serverStart
 * comes too late: Koa composed its middleware when the server was created.)
 */
export function testRunnerPlugin() {
  return {
    name: 'cmdctr-client-scenarios',
    serverStart({ app }) {
      app.use(scenarioMiddleware);
    },
  };
}
