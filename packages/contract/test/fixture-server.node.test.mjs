// The fixture server over real HTTP on 127.0.0.1: caching headers, variants, problems,
// decisions with their preconditions, ingest, the event stream and the Koa plugin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Koa from 'koa';
import { fixtureMiddleware, testRunnerPlugin } from '../fixture-server.mjs';
import { fixturesDir, schemas, validate } from './contract-helpers.mjs';

let server;
let base;
const passedThrough = [];

before(async () => {
  const middleware = fixtureMiddleware({ heartbeatMs: 40 });
  server = createServer((req, res) =>
    middleware(req, res, () => {
      passedThrough.push(req.url);
      res.statusCode = 418;
      res.end('next');
    }),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

const fixture = async (name) =>
  JSON.parse(await readFile(join(fixturesDir, `${name}.json`), 'utf8'));
async function problemOf(res, status) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  const body = await res.json();
  assert.deepEqual(validate(schemas.ProblemSchema, body), []);
  assert.equal(body.status, status);
  return body;
}

test('GET answers the fixture with a strong ETag, Cache-Control and Date', async () => {
  const res = await fetch(
    `${base}/v1/metrics/exceptions?workflow=p2p_invoice_matching&bucket=hour`,
  );
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.match(res.headers.get('etag'), /^"[\w-]{20,}"$/);
  assert.equal(res.headers.get('cache-control'), 'private, max-age=0, must-revalidate');
  assert.ok(!Number.isNaN(Date.parse(res.headers.get('date'))));
  const body = await res.json();
  assert.deepEqual(body, await fixture('getExceptionMatrix'));
  assert.deepEqual(validate(schemas.ExceptionMatrixResponseSchema, body), []);
});

test('If-None-Match with the current ETag answers 304 without a body', async () => {
  const first = await fetch(`${base}/v1/workflows`);
  const etag = first.headers.get('etag');
  await first.arrayBuffer();
  const again = await fetch(`${base}/v1/workflows`, {
    headers: { 'If-None-Match': `"other", W/${etag}` },
  });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), etag);
  assert.equal(await again.text(), '');
  const changed = await fetch(`${base}/v1/workflows`, { headers: { 'If-None-Match': '"stale"' } });
  assert.equal(changed.status, 200);
  await changed.arrayBuffer();
});

test('?fixture=<variant> selects <operationId>.<variant>.json; unknown ones are 404', async () => {
  const empty = await fetch(`${base}/v1/metrics/exceptions?fixture=empty`);
  assert.deepEqual(await empty.json(), await fixture('getExceptionMatrix.empty'));
  const full = await fetch(`${base}/v1/metrics/exceptions`);
  assert.notEqual(empty.headers.get('etag'), full.headers.get('etag'));
  await full.arrayBuffer();
  await problemOf(await fetch(`${base}/v1/metrics/exceptions?fixture=nope`), 404);
  await problemOf(await fetch(`${base}/v1/metrics/exceptions?fixture=../routes`), 400);
});

test('?problem=<status> answers the problem fixtures', async () => {
  const res = await fetch(`${base}/v1/metrics/mttr?problem=503`);
  const body = await problemOf(res, 503);
  assert.equal(res.headers.get('retry-after'), '1');
  assert.equal(body.title, 'Metrics store unavailable');
  const bad = await problemOf(await fetch(`${base}/v1/metrics/mttr?problem=400`), 400);
  assert.equal(bad.invalid_params.length, 2);
});

test('unknown routes are problem+json 404, wrong methods 405, other paths go to next()', async () => {
  const body = await problemOf(await fetch(`${base}/v1/nope`), 404);
  assert.match(body.detail, /\/v1\/nope/);
  const wrong = await fetch(`${base}/v1/workflows`, { method: 'DELETE' });
  await problemOf(wrong, 405);
  assert.equal(wrong.headers.get('allow'), 'GET');
  const other = await fetch(`${base}/index.html`);
  assert.equal(other.status, 418);
  assert.equal(await other.text(), 'next');
  assert.deepEqual(passedThrough, ['/index.html']);
});

test('GET /v1/approvals/{id} answers any listed approval and 404 otherwise', async () => {
  const list = await fixture('listApprovals');
  const overdue = list.items.find((a) => a.status === 'overdue');
  const res = await fetch(`${base}/v1/approvals/${overdue.id}`);
  const body = await res.json();
  assert.equal(body.approval.id, overdue.id);
  assert.deepEqual(validate(schemas.ApprovalResponseSchema, body), []);
  await problemOf(await fetch(`${base}/v1/approvals/APR-0000`), 404);
});

async function decide(id, body, headers) {
  return fetch(`${base}/v1/approvals/${id}/decision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

test('decisions need Idempotency-Key and If-Match (428) and a valid body (400)', async () => {
  const { approval } = await fixture('getApproval');
  const missing = await problemOf(await decide(approval.id, { outcome: 'approve' }, {}), 428);
  assert.deepEqual(
    missing.invalid_params.map((p) => p.name),
    ['Idempotency-Key', 'If-Match'],
  );
  const headers = { 'Idempotency-Key': 'k-400-a', 'If-Match': '"x"' };
  const noReason = await problemOf(await decide(approval.id, { outcome: 'reject' }, headers), 400);
  assert.deepEqual(noReason.invalid_params, [
    { name: '/reason', reason: 'required when rejecting' },
  ]);
  await problemOf(
    await decide(
      approval.id,
      { outcome: 'maybe', extra: 1 },
      { ...headers, 'Idempotency-Key': 'k-400-b' },
    ),
    400,
  );
});

test('a decision on the current version is recorded, replayed for the same key, 422 for another body', async () => {
  const got = await fetch(`${base}/v1/approvals/${(await fixture('getApproval')).approval.id}`);
  const etag = got.headers.get('etag');
  const { approval } = await got.json();
  assert.equal(approval.status, 'pending');

  await problemOf(
    await decide(
      approval.id,
      { outcome: 'approve' },
      { 'Idempotency-Key': 'k-stale', 'If-Match': '"stale"' },
    ),
    412,
  );

  const headers = { 'Idempotency-Key': 'k-approve-1', 'If-Match': etag };
  const res = await decide(approval.id, { outcome: 'approve', reason: 'Checked the PO' }, headers);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const decided = await res.json();
  assert.deepEqual(validate(schemas.ApprovalResponseSchema, decided), []);
  assert.equal(decided.approval.status, 'approved');
  assert.equal(decided.approval.decision.outcome, 'approved');
  assert.equal(decided.approval.decision.reason, 'Checked the PO');
  assert.equal(decided.approval.canDecide.allowed, false);

  const replay = await decide(
    approval.id,
    { outcome: 'approve', reason: 'Checked the PO' },
    headers,
  );
  assert.equal(replay.headers.get('idempotency-replayed'), 'true');
  assert.deepEqual(await replay.json(), decided);
  await problemOf(await decide(approval.id, { outcome: 'reject', reason: 'No' }, headers), 422);

  // Fixtures are not mutated: a rejection with a new key on the same version still works.
  const rejected = await decide(
    approval.id,
    { outcome: 'reject', reason: 'Wrong cost centre' },
    { 'Idempotency-Key': 'k-reject-1', 'If-Match': etag },
  );
  assert.equal((await rejected.json()).approval.status, 'rejected');
});

test('decided approvals are 409 and approvals outside the caller roles 403', async () => {
  const list = await fixture('listApprovals');
  const etagOf = async (id) => {
    const r = await fetch(`${base}/v1/approvals/${id}`);
    await r.arrayBuffer();
    return r.headers.get('etag');
  };
  const done = list.items.find((a) => a.decision);
  await problemOf(
    await decide(
      done.id,
      { outcome: 'approve' },
      { 'Idempotency-Key': 'k-409', 'If-Match': await etagOf(done.id) },
    ),
    409,
  );
  const foreign = list.items.find((a) => !a.decision && !a.canDecide.allowed);
  const body = await problemOf(
    await decide(
      foreign.id,
      { outcome: 'approve' },
      { 'Idempotency-Key': 'k-403', 'If-Match': await etagOf(foreign.id) },
    ),
    403,
  );
  assert.equal(body.detail, foreign.canDecide.reason);
});

test('POST /v1/events accepts JSON arrays and NDJSON and counts duplicates', async () => {
  const events = await fixture('ingestEvents.request');
  const batch = [...events, events[0]];
  const res = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(batch),
  });
  assert.equal(res.status, 202);
  const body = await res.json();
  assert.deepEqual(validate(schemas.IngestResponseSchema, body), []);
  assert.deepEqual([body.accepted, body.duplicates], [events.length, 1]);
  const nd = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson' },
    body: events.map((e) => JSON.stringify(e)).join('\n') + '\n',
  });
  assert.equal((await nd.json()).accepted, events.length);
  await problemOf(
    await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x',
    }),
    415,
  );
  const bad = await problemOf(
    await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ ...events[0], time: 'yesterday' }]),
    }),
    400,
  );
  assert.deepEqual(bad.invalid_params, [
    { name: '/0/time', reason: 'must be an RFC 3339 date-time' },
  ]);
});

/** Reads SSE events from a raw node:http response until `count` events arrived. */
function readEvents(path, count, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { headers: { Accept: 'text/event-stream', ...headers } },
      (res) => {
        let buffer = '';
        const events = [];
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = Object.fromEntries(
              block
                .split('\n')
                .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]),
            );
            if (fields.event)
              events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
            if (events.length === count) {
              req.destroy();
              resolve({ res, events });
            }
          }
        });
      },
    );
    req.on('error', (err) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end();
  });
}

test('GET /v1/stream sends metrics-changed, then heartbeats, and stops when the client goes', async () => {
  let serverRes;
  const grab = (req, res) => {
    if (req.url === '/v1/stream') serverRes = res;
  };
  server.on('request', grab);
  try {
    const { res, events } = await readEvents('/v1/stream', 3);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'], /^text\/event-stream/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(
      events.map((e) => e.event),
      ['metrics-changed', 'heartbeat', 'heartbeat'],
    );
    assert.deepEqual(validate(schemas.StreamMetricsChangedSchema, events[0].data), []);
    assert.deepEqual(validate(schemas.StreamHeartbeatSchema, events[1].data), []);
    assert.notEqual(events[1].id, events[2].id);
    // The server notices the disconnect and stops its heartbeat timer.
    if (!serverRes.destroyed) await new Promise((r) => serverRes.once('close', r));
    let writes = 0;
    serverRes.write = () => {
      writes++;
      return false;
    };
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(writes, 0, 'heartbeats continued after the client left');
  } finally {
    server.off('request', grab);
  }
});

test('GET /v1/stream after a reconnect says every metric changed; ?fixture=all replays all events', async () => {
  const { events } = await readEvents('/v1/stream', 1, { 'Last-Event-ID': '42' });
  assert.deepEqual(events[0].data, {
    metrics: [
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
    ],
    workflow: null,
  });
  const recorded = await fixture('stream');
  const all = await readEvents('/v1/stream?fixture=all', recorded.length);
  assert.deepEqual(all.events, recorded);
});

test('testRunnerPlugin mounts the fixtures in a Koa app and passes other paths on', async () => {
  const app = new Koa();
  testRunnerPlugin().serverStart({ app });
  app.use((ctx) => {
    ctx.body = 'static';
  });
  const koa = app.listen(0, '127.0.0.1');
  await new Promise((r) => koa.once('listening', r));
  const url = `http://127.0.0.1:${koa.address().port}`;
  try {
    const res = await fetch(`${url}/v1/metrics/ownership`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'private, max-age=0, must-revalidate');
    assert.deepEqual(await res.json(), await fixture('getOwnership'));
    assert.equal(await (await fetch(`${url}/packages/x.js`)).text(), 'static');
    const missing = await fetch(`${url}/v1/unknown`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type'), /problem\+json/);
    await missing.arrayBuffer();
  } finally {
    await new Promise((r) => koa.close(r));
  }
});
