/// <reference types="mocha" />
// Real HTTP against the scenario routes of test/server/client-scenarios.mjs; every test uses its
// own key so server-side counters never mix. Hit counts come from the server's log, not the client.
import { expect } from '@open-wc/testing';
import type { JsonSchema } from '../validate.js';
import { CmdctrClient, clientFor } from './client.js';
import { CmdctrError, type CmdctrErrorKind } from './errors.js';

interface LogEntry {
  method: string;
  route: string;
  at: number;
  clientClosedEarly?: boolean;
  body?: string;
  headers: Record<string, string | null>;
}

let counter = 0;
function scenario(): { key: string; baseUrl: string } {
  counter++;
  const key = `c${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 7)}`;
  return { key, baseUrl: `/test-api/${key}` };
}

async function serverLog(key: string): Promise<LogEntry[]> {
  const response = await fetch(`/test-api/${key}/_log`, { cache: 'no-store' });
  return (await response.json()) as LogEntry[];
}

async function rejection(promise: Promise<unknown>): Promise<CmdctrError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(CmdctrError);
    return error as CmdctrError;
  }
  throw new Error('expected the request to fail');
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fast retries so the suite stays quick; Retry-After is still honoured as sent. */
function client(
  baseUrl: string,
  extra: Partial<ConstructorParameters<typeof CmdctrClient>[0]> = {},
) {
  return new CmdctrClient({ baseUrl, retryBaseMs: 10, retryMaxMs: 50, ...extra });
}

const valueSchema: JsonSchema = {
  type: 'object',
  required: ['apiVersion', 'value'],
  properties: { apiVersion: { const: '1.0' }, value: { type: 'number' } },
};

describe('CmdctrClient requests', () => {
  it('builds URLs with sorted, comma-joined queries and drops empty values', () => {
    const c = new CmdctrClient({ baseUrl: 'https://api.example/' });
    expect(c.baseUrl).to.equal('https://api.example');
    expect(
      c.url('/v1/metrics/exceptions', {
        workflow: ['a', 'b'],
        to: '2025-01-02',
        from: 'x y',
        region: null,
        tz: undefined,
        n: 3,
        live: true,
        empty: [],
      }),
    ).to.equal(
      'https://api.example/v1/metrics/exceptions?from=x+y&live=true&n=3&to=2025-01-02&workflow=a%2Cb',
    );
    expect(c.url('v1/workflows')).to.equal('https://api.example/v1/workflows');
  });

  it('shares one network request between concurrent GETs of the same URL', async () => {
    const { key, baseUrl } = scenario();
    const c = client(baseUrl);
    const [a, b, d] = await Promise.all([
      c.get<{ hit: number }>('/v1/slow', { query: { ms: 150 } }),
      c.get<{ hit: number }>('/v1/slow', { query: { ms: 150 } }),
      c.get<{ hit: number }>('/v1/slow', { query: { ms: 150 } }),
    ]);
    expect(a.data.hit).to.equal(1);
    expect(b.data).to.equal(a.data);
    expect(d.data).to.equal(a.data);
    expect((await serverLog(key)).length).to.equal(1);
    // Different query, different request.
    await c.get('/v1/slow', { query: { ms: 10 } });
    expect((await serverLog(key)).length).to.equal(2);
  });

  it('reports serverTime from the Date header and receivedAt from the client clock', async () => {
    const { baseUrl } = scenario();
    const before = Date.now();
    const r = await client(baseUrl).get('/v1/slow', { query: { ms: 0 } });
    expect(r.serverTime).to.equal(Date.parse('Tue, 01 Apr 2025 12:00:00 GMT'));
    expect(r.receivedAt).to.be.within(before, Date.now());
    expect(r.status).to.equal(200);
  });

  it('revalidates with If-None-Match and answers a 304 from the cache', async () => {
    const { key, baseUrl } = scenario();
    const c = client(baseUrl);
    const first = await c.get<{ value: number }>('/v1/etag');
    expect(first.fromCache).to.equal(false);
    expect(first.etag).to.equal('"v1"');
    const second = await c.get<{ value: number }>('/v1/etag', { fresh: true });
    expect(second.fromCache).to.equal(true);
    expect(second.status).to.equal(200);
    expect(second.data).to.deep.equal(first.data);
    const log = await serverLog(key);
    expect(log.map((e) => e.headers['ifNoneMatch'])).to.deep.equal([null, '"v1"']);
  });

  it('serves within Cache-Control max-age without asking, unless fresh is set', async () => {
    const { key, baseUrl } = scenario();
    const c = client(baseUrl);
    const first = await c.get<{ hit: number }>('/v1/max-age');
    const cached = await c.get<{ hit: number }>('/v1/max-age');
    expect(cached.fromCache).to.equal(true);
    expect(cached.data).to.equal(first.data);
    expect((await serverLog(key)).length).to.equal(1);
    const revalidated = await c.get<{ hit: number }>('/v1/max-age', { fresh: true });
    expect(revalidated.fromCache).to.equal(true);
    expect(revalidated.data.hit).to.equal(1);
    const log = await serverLog(key);
    expect(log.map((e) => e.headers['ifNoneMatch'])).to.deep.equal([null, '"m1"']);
  });

  it('retries a GET after a network error', async () => {
    const { key, baseUrl } = scenario();
    const r = await client(baseUrl).get<{ hit: number }>('/v1/drop', { query: { fail: 2 } });
    expect(r.data.hit).to.equal(3);
    expect((await serverLog(key)).length).to.equal(3);
    const lone = scenario();
    const error = await rejection(
      client(lone.baseUrl, { maxAttempts: 2 }).get('/v1/drop', { query: { fail: 2 } }),
    );
    expect(error.kind).to.equal('network');
    expect((await serverLog(lone.key)).length).to.equal(2);
  });

  it('keeps caches apart per auth identity', async () => {
    const { key, baseUrl } = scenario();
    let user = 'alice';
    const c = client(baseUrl, { headers: () => ({ 'X-UserToken': user }) });
    await c.get('/v1/etag');
    user = 'bob';
    const asBob = await c.get('/v1/etag');
    expect(asBob.fromCache).to.equal(false);
    const log = await serverLog(key);
    expect(log.map((e) => [e.headers['userToken'], e.headers['ifNoneMatch']])).to.deep.equal([
      ['alice', null],
      ['bob', null],
    ]);
  });

  it('retries 503 with backoff and succeeds on the third attempt', async () => {
    const { key, baseUrl } = scenario();
    const r = await client(baseUrl).get<{ attempt: number }>('/v1/flaky', {
      query: { fail: 2, status: 503 },
    });
    expect(r.data.attempt).to.equal(3);
    expect((await serverLog(key)).length).to.equal(3);
  });

  it('gives up after maxAttempts and reports the last error', async () => {
    const { key, baseUrl } = scenario();
    const error = await rejection(
      client(baseUrl, { maxAttempts: 3 }).get('/v1/flaky', { query: { fail: 10, status: 502 } }),
    );
    expect(error.kind).to.equal('server');
    expect(error.status).to.equal(502);
    expect((await serverLog(key)).length).to.equal(3);
  });

  it('waits as long as Retry-After asks on 429', async () => {
    const { key, baseUrl } = scenario();
    const r = await client(baseUrl).get<{ value: number }>('/v1/rate-limited');
    expect(r.data.value).to.equal(42);
    const log = await serverLog(key);
    expect(log.length).to.equal(2);
    // retryBaseMs is 10 ms, so only Retry-After: 1 explains a gap of about a second.
    expect(log[1]!.at - log[0]!.at).to.be.at.least(950);
  });

  it('never retries 401, 403 or other 4xx', async () => {
    const { key, baseUrl } = scenario();
    const c = client(baseUrl);
    const forbidden = await rejection(c.get('/v1/status', { query: { code: 403 } }));
    expect(forbidden.kind).to.equal('forbidden');
    expect(forbidden.problem?.title).to.equal('Not allowed');
    const auth = await rejection(c.get('/v1/status', { query: { code: 401 } }));
    expect(auth.kind).to.equal('auth-required');
    expect((await serverLog(key)).length).to.equal(2);
  });

  it('maps problem+json statuses to error kinds and keeps invalid_params', async () => {
    const { baseUrl } = scenario();
    const c = client(baseUrl, { maxAttempts: 1 });
    const expected: [number, CmdctrErrorKind][] = [
      [400, 'bad-request'],
      [401, 'auth-required'],
      [403, 'forbidden'],
      [404, 'not-found'],
      [409, 'conflict'],
      [412, 'precondition-failed'],
      [422, 'bad-request'],
      [428, 'precondition-required'],
      [429, 'rate-limited'],
      [500, 'server'],
      [503, 'server'],
    ];
    for (const [code, kind] of expected) {
      const error = await rejection(c.get('/v1/status', { query: { code } }));
      expect([code, error.kind]).to.deep.equal([code, kind]);
      expect(error.status).to.equal(code);
      expect(error.problem?.status).to.equal(code);
      expect(error.message).to.contain(`Scenario status ${code}`);
    }
    const bad = await rejection(c.get('/v1/status', { query: { code: 400 } }));
    expect(bad.problem?.invalid_params).to.deep.equal([
      { name: 'from', reason: 'must be before to' },
    ]);
    const limited = await rejection(c.get('/v1/status', { query: { code: 429 } }));
    expect(limited.retryAfterMs).to.equal(0);
  });

  it('turns a non-problem error body into a readable error', async () => {
    const { baseUrl } = scenario();
    const error = await rejection(
      client(baseUrl).get('/v1/status', { query: { code: 404, plain: 1 } }),
    );
    expect(error.kind).to.equal('not-found');
    expect(error.problem).to.equal(null);
    expect(error.message).to.contain('GET /v1/status failed with 404');
    expect(error.message).to.contain('Gateway says no');
    expect(error.message).not.to.contain('<h1>');
  });

  it('times out a slow answer', async () => {
    const { baseUrl } = scenario();
    const started = performance.now();
    const error = await rejection(
      client(baseUrl, { timeoutMs: 150 }).get('/v1/slow', { query: { ms: 2000 } }),
    );
    expect(error.kind).to.equal('timeout');
    expect(performance.now() - started).to.be.below(1500);
  });

  it('lets one caller abort without breaking the shared request of another', async () => {
    const { key, baseUrl } = scenario();
    const c = client(baseUrl);
    const leaving = new AbortController();
    const first = c.get('/v1/slow', { query: { ms: 300 }, signal: leaving.signal });
    const second = c.get<{ hit: number }>('/v1/slow', { query: { ms: 300 } });
    await wait(50);
    leaving.abort();
    expect((await rejection(first)).kind).to.equal('aborted');
    expect((await second).data.hit).to.equal(1);
    const log = await serverLog(key);
    expect(log.length).to.equal(1);
    expect(log[0]!.clientClosedEarly).to.equal(false);
  });

  it('aborts the network request once every caller has gone', async () => {
    const { key, baseUrl } = scenario();
    const c = client(baseUrl);
    const a = new AbortController();
    const b = new AbortController();
    const first = c.get('/v1/slow', { query: { ms: 400 }, signal: a.signal });
    const second = c.get('/v1/slow', { query: { ms: 400 }, signal: b.signal });
    await wait(80);
    a.abort();
    b.abort();
    expect((await rejection(first)).kind).to.equal('aborted');
    expect((await rejection(second)).kind).to.equal('aborted');
    await wait(100);
    const log = await serverLog(key);
    expect(log.length).to.equal(1);
    expect(log[0]!.clientClosedEarly).to.equal(true);
    // A caller with an already aborted signal never reaches the network.
    expect((await rejection(c.get('/v1/slow', { signal: AbortSignal.abort() }))).kind).to.equal(
      'aborted',
    );
    expect((await serverLog(key)).length).to.equal(1);
  });

  it('rejects a body that fails the schema and keeps the last good data cached', async () => {
    const { key, baseUrl } = scenario();
    const c = client(baseUrl);
    const good = await c.get<{ value: number }>('/v1/goes-bad', { schema: valueSchema });
    expect(good.data.value).to.equal(42);
    const error = await rejection(c.get('/v1/goes-bad', { schema: valueSchema }));
    expect(error.kind).to.equal('invalid-response');
    expect(error.issues.map((i) => i.path)).to.deep.equal(['/value']);
    expect(error.message).to.contain('/value');
    // The bad body did not replace the cached one: we still revalidate the good ETag.
    const again = await c.get<{ value: number }>('/v1/goes-bad', { schema: valueSchema });
    expect(again.fromCache).to.equal(true);
    expect(again.data.value).to.equal(42);
    const log = await serverLog(key);
    expect(log.map((e) => e.headers['ifNoneMatch'])).to.deep.equal([null, '"g1"', '"g1"']);
  });

  it('reports a body that is not JSON as invalid-response without retrying', async () => {
    const { key, baseUrl } = scenario();
    const error = await rejection(client(baseUrl).get('/v1/malformed'));
    expect(error.kind).to.equal('invalid-response');
    expect(error.status).to.equal(200);
    expect(error.message).to.contain('not JSON');
    expect((await serverLog(key)).length).to.equal(1);
  });

  it('sends the bearer token, X-UserToken and Accept to the server', async () => {
    const { key, baseUrl } = scenario();
    let calls = 0;
    const c = new CmdctrClient({
      baseUrl,
      tokenProvider: () => Promise.resolve(`tok-${++calls}`),
      headers: () => ({ 'X-UserToken': `snow-${calls}` }),
    });
    const r = await c.get<{ authorization: string; userToken: string; accept: string }>('/v1/echo');
    expect(r.data.authorization).to.equal('Bearer tok-1');
    // headers() runs before the token provider for the same request, hence the lag.
    expect(r.data.userToken).to.equal('snow-0');
    expect(r.data.accept).to.equal('application/json');
    await c.get('/v1/echo');
    const log = await serverLog(key);
    expect(log.map((e) => e.headers['authorization'])).to.deep.equal([
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('rejects with auth-required when the token provider throws', async () => {
    const { key, baseUrl } = scenario();
    const c = new CmdctrClient({
      baseUrl,
      tokenProvider: () => {
        throw new Error('session expired');
      },
    });
    expect((await rejection(c.get('/v1/echo'))).kind).to.equal('auth-required');
    expect((await serverLog(key)).length).to.equal(0);
  });

  it('retries a POST only when it carries an Idempotency-Key, and sends If-Match', async () => {
    const { key, baseUrl } = scenario();
    const c = client(baseUrl);
    const r = await c.post<{ accepted: boolean; attempt: number }>(
      '/v1/post-flaky',
      { decision: 'approve' },
      { idempotencyKey: 'key-1', ifMatch: '"rev-7"' },
    );
    expect(r.status).to.equal(201);
    expect(r.data.attempt).to.equal(2);
    const log = await serverLog(key);
    expect(log.length).to.equal(2);
    for (const entry of log) {
      expect(entry.method).to.equal('POST');
      expect(entry.headers['idempotencyKey']).to.equal('key-1');
      expect(entry.headers['ifMatch']).to.equal('"rev-7"');
      expect(entry.headers['contentType']).to.equal('application/json');
      expect(JSON.parse(entry.body ?? 'null')).to.deep.equal({ decision: 'approve' });
    }

    const other = scenario();
    const error = await rejection(
      client(other.baseUrl).post('/v1/post-flaky', { decision: 'approve' }),
    );
    expect(error.kind).to.equal('server');
    expect((await serverLog(other.key)).length).to.equal(1);
  });

  it('maps a failed If-Match to precondition-failed', async () => {
    const { baseUrl } = scenario();
    const error = await rejection(
      client(baseUrl).post('/v1/post-conflict', {}, { ifMatch: '"old"' }),
    );
    expect(error.kind).to.equal('precondition-failed');
    expect(error.problem?.detail).to.contain('changed since');
  });
});

describe('clientFor', () => {
  it('shares a client per base URL and credentials when no functions are given', () => {
    const a = clientFor({ baseUrl: '/api' });
    expect(clientFor({ baseUrl: '/api/' })).to.equal(a);
    expect(clientFor({ baseUrl: '/api', credentials: 'include' })).not.to.equal(a);
    expect(clientFor({ baseUrl: '/other' })).not.to.equal(a);
    expect(clientFor({ baseUrl: '/api', headers: { 'X-UserToken': 't' } })).not.to.equal(a);
    expect(clientFor({ baseUrl: '/api', tokenProvider: () => 't' })).not.to.equal(a);
  });
});
