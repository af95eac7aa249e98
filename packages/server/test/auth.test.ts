/**
 * Access control over real HTTP: bearer tokens signed by keys made here (a JWKS served from a
 * file, and a PEM public key), every refusal the issue lists, read access per workflow from the
 * policy, approvals with token identities, and data residency.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID, type KeyObject } from 'node:crypto';
import {
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type JWTPayload,
} from 'jose';
import { AccessControl } from '../src/auth/access.js';
import { accessFromArgs } from '../src/auth/config.js';
import { createJwtVerifier, JwtConfigError } from '../src/auth/jwt.js';
import { loadPolicy, SEED_POLICY_PATH } from '../src/policy/policy.js';
import { fixtureEvents } from './fixture-events.js';
import {
  assertSchema,
  getJson,
  startServer,
  tempDir,
  type Schemas,
  type TestServer,
} from './helpers.js';

const ISS = 'https://idp.example.test/';
const AUD = 'cmdctr-api';
const T0 = Date.parse('2025-12-05T09:58:30Z');
const MIN = 60_000;
const AGENT = 'invoice-match-agent v2.3.1';
const DAY1 = 'from=2025-12-01T00:00:00Z&to=2025-12-02T00:00:00Z';

interface Keys {
  rsa: { publicKey: KeyObject; privateKey: KeyObject };
  ec: { publicKey: KeyObject; privateKey: KeyObject };
  stranger: { publicKey: KeyObject; privateKey: KeyObject };
  pemFile: string;
  pem: string;
  jwksFile: string;
  jwksText: string;
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const nowSec = (): number => Math.floor(Date.now() / 1000);

async function sign(
  keys: Keys,
  o: {
    sub?: string;
    roles?: unknown;
    alg?: string;
    kid?: string;
    key?: KeyObject | Uint8Array;
    iss?: string;
    aud?: string | string[];
    exp?: number | null;
    nbf?: number;
    claims?: JWTPayload;
  } = {},
): Promise<string> {
  const alg = o.alg ?? 'RS256';
  const jwt = new SignJWT({ roles: o.roles ?? ['Internal Audit'], ...o.claims })
    .setProtectedHeader({ alg, kid: o.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1'), typ: 'JWT' })
    .setSubject(o.sub ?? 'auditor@example.test')
    .setIssuer(o.iss ?? ISS)
    .setAudience(o.aud ?? AUD)
    .setIssuedAt();
  if (o.exp !== null) jwt.setExpirationTime(o.exp ?? nowSec() + 300);
  if (o.nbf !== undefined) jwt.setNotBefore(o.nbf);
  return jwt.sign(o.key ?? (alg === 'ES256' ? keys.ec.privateKey : keys.rsa.privateKey));
}

const bearer = (token: string, extra: Record<string, string> = {}): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  ...extra,
});

async function makeKeys(dir: string): Promise<Keys> {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const jwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', use: 'sig' },
    ],
  };
  const jwksText = JSON.stringify(jwks);
  const jwksFile = join(dir, 'jwks.json');
  await writeFile(jwksFile, jwksText);
  const pem = await exportSPKI(rsa.publicKey);
  const pemFile = join(dir, 'public.pem');
  await writeFile(pemFile, pem);
  // jose types Node keys as its own KeyLike; at run time they are KeyObjects.
  const pair = (p: unknown): Keys['rsa'] => p as Keys['rsa'];
  return {
    rsa: pair(rsa),
    ec: pair(ec),
    stranger: pair(stranger),
    pem,
    pemFile,
    jwksFile,
    jwksText,
  };
}

async function post(
  s: TestServer,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  return getJson(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Asserts a 401 problem with an `invalid_token` challenge whose description matches. */
async function assertRefused(s: TestServer, token: string, description: RegExp): Promise<void> {
  const r = await getJson<Record<string, unknown>>(`${s.url}/v1/workflows`, {
    headers: bearer(token),
  });
  assert.equal(r.status, 401, `expected 401 for ${String(description)}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assertSchema('Problem', r.body);
  const challenge = r.headers.get('www-authenticate') ?? '';
  assert.match(challenge, /^Bearer realm="cmdctr", error="invalid_token", error_description="/);
  const desc = /error_description="([^"]*)"/.exec(challenge)?.[1] ?? '';
  assert.match(desc, description);
  assert.ok(!('workflows' in r.body), 'no data leaks with a refusal');
}

describe('bearer tokens, per-workflow reads and approvals (JWKS file)', () => {
  let s: TestServer;
  let keys: Keys;
  let cleanup: () => Promise<void>;
  const clock = T0;

  before(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    keys = await makeKeys(t.dir);
    const jwt = await createJwtVerifier({
      jwks: keys.jwksFile,
      issuer: ISS,
      audience: [AUD],
      algorithms: ['RS256', 'ES256'],
    });
    s = await startServer({ now: () => clock, access: new AccessControl({ jwt }) });
    const ingest = await post(s, '/v1/events', fixtureEvents(), bearer(await sign(keys)));
    assert.equal(ingest.status, 202);
  });
  after(async () => {
    await s.close();
    await cleanup();
  });

  test('a valid RS256 or ES256 token is accepted; the OpenAPI document and probes stay public', async () => {
    const rs = await getJson(`${s.url}/v1/workflows`, { headers: bearer(await sign(keys)) });
    assert.equal(rs.status, 200);
    const es = await getJson(`${s.url}/v1/workflows`, {
      headers: bearer(await sign(keys, { alg: 'ES256' })),
    });
    assert.equal(es.status, 200);
    assert.equal((await fetch(`${s.url}/v1/openapi.json`)).status, 200);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
  });

  test('anonymous requests, and the dev-user header alone, get 401 with a Bearer challenge', async () => {
    for (const headers of [{}, { 'x-cmdctr-user': 'supervisor' }]) {
      for (const path of [
        '/v1/workflows',
        '/v1/metrics/exceptions',
        '/v1/approvals',
        '/v1/ledger',
      ]) {
        const r = await getJson(`${s.url}${path}`, { headers });
        assert.equal(r.status, 401, path);
        assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="cmdctr"');
        assertSchema('Problem', r.body);
      }
    }
    const write = await post(s, '/v1/events', fixtureEvents().slice(0, 1), {});
    assert.equal(write.status, 401, 'ingest needs a token too');
  });

  test('alg "none" is refused', async () => {
    const payload = {
      sub: 'mallory',
      roles: ['Internal Audit'],
      iss: ISS,
      aud: AUD,
      exp: nowSec() + 300,
    };
    await assertRefused(
      s,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`,
      /algorithm none is not allowed/,
    );
    // Same with a signature part present, and with the alg spelled differently.
    await assertRefused(
      s,
      `${b64({ alg: 'none' })}.${b64(payload)}.AAAA`,
      /algorithm none is not allowed/,
    );
    await assertRefused(
      s,
      `${b64({ alg: 'None' })}.${b64(payload)}.`,
      /algorithm None is not allowed/,
    );
  });

  test('the HS256 swap (the public key used as an HMAC secret) is refused', async () => {
    const enc = new TextEncoder();
    for (const secret of [
      keys.pem,
      keys.jwksText,
      JSON.stringify(await exportJWK(keys.rsa.publicKey)),
    ]) {
      const forged = await sign(keys, {
        alg: 'HS256',
        key: enc.encode(secret),
        roles: ['Internal Audit'],
      });
      await assertRefused(s, forged, /algorithm HS256 is not allowed/);
    }
  });

  test('an algorithm outside the pinned list is refused even with the right key', async () => {
    // PS256 with the JWKS's own RSA key: a valid signature, but PS256 is not pinned.
    await assertRefused(s, await sign(keys, { alg: 'PS256' }), /algorithm PS256 is not allowed/);
  });

  test('expired, not yet valid, wrong issuer, foreign audience, bad signature, malformed', async () => {
    await assertRefused(s, await sign(keys, { exp: nowSec() - 3600 }), /^token expired$/);
    await assertRefused(s, await sign(keys, { nbf: nowSec() + 3600 }), /not yet valid/);
    await assertRefused(s, await sign(keys, { iss: 'https://evil.example/' }), /unexpected issuer/);
    await assertRefused(s, await sign(keys, { aud: 'another-api' }), /not meant for this audience/);
    await assertRefused(s, await sign(keys, { exp: null }), /missing 'exp' claim/);
    // Signed by a key the JWKS does not hold, under a kid it does.
    await assertRefused(
      s,
      await sign(keys, { key: keys.stranger.privateKey }),
      /signature verification failed/,
    );
    // A valid token with one payload byte changed.
    const good = await sign(keys);
    const [h = '', p = '', sig = ''] = good.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${h}.${b64({ ...claims, roles: ['Finance Supervisor'] })}.${sig}`;
    await assertRefused(s, tampered, /signature verification failed/);
    await assertRefused(s, await sign(keys, { kid: 'unknown-kid' }), /no matching signing key/);
    for (const junk of ['abc', 'a.b.c', `${b64({ alg: 'RS256' })}.@@@.x`, 'eyJ.eyJ.'])
      await assertRefused(s, junk, /malformed|not allowed/);
    const basic = await getJson(`${s.url}/v1/workflows`, {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    assert.equal(basic.status, 401);
    assert.match(basic.headers.get('www-authenticate') ?? '', /malformed authorization header/);
    // A token within the clock tolerance (30 s) still passes.
    const r = await getJson(`${s.url}/v1/workflows`, {
      headers: bearer(await sign(keys, { exp: nowSec() - 5 })),
    });
    assert.equal(r.status, 200);
  });

  test("/v1/workflows lists only the workflows the caller's roles may read", async () => {
    const cases: [string[], string[]][] = [
      [['Ops Finance Analyst'], ['p2p_invoice_matching']],
      [['Fulfillment Lead'], ['order_fulfillment_hold']],
      [['Internal Audit'], ['order_fulfillment_hold', 'p2p_invoice_matching']],
      [
        ['Fulfillment Analyst', 'Finance Supervisor'],
        ['order_fulfillment_hold', 'p2p_invoice_matching'],
      ],
    ];
    for (const [roles, expected] of cases) {
      const r = await getJson<Schemas['WorkflowsResponse']>(`${s.url}/v1/workflows`, {
        headers: bearer(await sign(keys, { roles })),
      });
      assert.equal(r.status, 200, roles.join());
      assertSchema('WorkflowsResponse', r.body);
      assert.deepEqual(r.body.workflows.map((w) => w.id).sort(), expected, roles.join());
    }
    // No matching role at all: refused, not an empty (or full) answer.
    const none = await getJson(`${s.url}/v1/workflows`, {
      headers: bearer(await sign(keys, { roles: ['Cafeteria'] })),
    });
    assert.equal(none.status, 403);
    assertSchema('Problem', none.body);
    // Roles from a claim that is not an array of strings count as none.
    const odd = await getJson(`${s.url}/v1/workflows`, {
      headers: bearer(await sign(keys, { roles: { admin: true } })),
    });
    assert.equal(odd.status, 403);
  });

  test('/v1/metrics/exceptions counts only readable workflows', async () => {
    const q = `${s.url}/v1/metrics/exceptions?rows=workflow&bucket=day&${DAY1}`;
    const read = async (roles: string[]) => {
      const r = await getJson<Schemas['ExceptionMatrixResponse']>(q, {
        headers: bearer(await sign(keys, { roles })),
      });
      assert.equal(r.status, 200);
      assertSchema('ExceptionMatrixResponse', r.body);
      return r.body;
    };
    // The fixture raises 3 p2p exceptions and 1 ofh exception on 2025-12-01, over 21 + 4 items.
    const analyst = await read(['Ops Finance Analyst']);
    assert.deepEqual(
      analyst.rows.map((r) => r.key),
      ['p2p_invoice_matching'],
    );
    assert.deepEqual(analyst.totals.counts, [3]);
    assert.deepEqual(analyst.totals.items, [21]);
    const lead = await read(['Fulfillment Lead']);
    assert.deepEqual(
      lead.rows.map((r) => r.key),
      ['order_fulfillment_hold'],
    );
    assert.deepEqual(lead.totals.counts, [1]);
    assert.deepEqual(lead.totals.items, [4]);
    const audit = await read(['Internal Audit']);
    assert.deepEqual(audit.rows.map((r) => r.key).sort(), [
      'order_fulfillment_hold',
      'p2p_invoice_matching',
    ]);
    assert.deepEqual(audit.totals.counts, [4]);
    // The list of exceptions and the throughput series are filtered the same way.
    const list = await getJson<Schemas['ExceptionListResponse']>(
      `${s.url}/v1/exceptions?${DAY1}&limit=200`,
      { headers: bearer(await sign(keys, { roles: ['Fulfillment Lead'] })) },
    );
    assert.equal(list.status, 200);
    assert.deepEqual(
      [...new Set(list.body.items.map((i) => i.workflow))],
      ['order_fulfillment_hold'],
    );
    const tp = await getJson<Schemas['ThroughputResponse']>(
      `${s.url}/v1/metrics/throughput?${DAY1}&bucket=day`,
      { headers: bearer(await sign(keys, { roles: ['Ops Finance Analyst'] })) },
    );
    assert.deepEqual(
      tp.body.series.map((x) => x.key),
      ['p2p_invoice_matching'],
    );
  });

  test('policy-wide ledger entries are shown only to callers who may read every workflow', async () => {
    const read = async (roles: string[]) => {
      const r = await getJson<Schemas['LedgerListResponse']>(
        `${s.url}/v1/ledger?action=policy_change&from=2020-01-01T00:00:00Z&to=2040-01-01T00:00:00Z`,
        { headers: bearer(await sign(keys, { roles })) },
      );
      assert.equal(r.status, 200);
      return r.body.items;
    };
    const audit = await read(['Internal Audit']);
    assert.ok(audit.length >= 1, 'the policy load is in the ledger');
    assert.ok(audit.every((e) => e.workflow === null));
    assert.deepEqual(await read(['Ops Finance Analyst']), []);
  });

  test('naming a workflow the caller may not read is 403 naming it', async () => {
    const token = await sign(keys, { roles: ['Ops Finance Analyst'] });
    for (const path of [
      '/v1/metrics/exceptions?workflow=order_fulfillment_hold',
      '/v1/workflows?workflow=p2p_invoice_matching,order_fulfillment_hold',
      '/v1/metrics/throughput?workflow=p2p_invoice_matching&workflow=order_fulfillment_hold',
      '/v1/approvals?workflow=order_fulfillment_hold',
      '/v1/ledger?workflow=order_fulfillment_hold',
      '/v1/stream?workflow=order_fulfillment_hold',
      '/v1/metrics/kpis?workflow=order_fulfillment_hold',
      '/v1/metrics/pareto?workflow=p2p_invoice_matching,order_fulfillment_hold',
      '/v1/metrics/automation?workflow=order_fulfillment_hold',
      '/v1/ledger?workflow=order_fulfillment_hold&type=ADDRESS_VALIDATION_FAIL',
    ]) {
      const r = await getJson<{ detail: string; status: number }>(`${s.url}${path}`, {
        headers: bearer(token),
      });
      assert.equal(r.status, 403, path);
      assertSchema('Problem', r.body);
      assert.match(r.body.detail, /"order_fulfillment_hold"/, path);
      assert.doesNotMatch(r.body.detail, /p2p_invoice_matching/, path);
    }
    // A workflow the policy does not know is refused the same way: nothing tells them apart.
    const unknown = await getJson<{ detail: string }>(`${s.url}/v1/workflows?workflow=payroll`, {
      headers: bearer(token),
    });
    assert.equal(unknown.status, 403);
    assert.match(unknown.body.detail, /"payroll"/);
    const ok = await getJson(`${s.url}/v1/metrics/mttr?workflow=p2p_invoice_matching&${DAY1}`, {
      headers: bearer(token),
    });
    assert.equal(ok.status, 200);
  });

  test('approvals enforce approver roles and separation of duties with token identities', async () => {
    const cid = `jwt-apr-${randomUUID()}`;
    const base = {
      source: 'test',
      workflow: 'p2p_invoice_matching',
      region: 'NA',
      correlationId: cid,
      exceptionType: 'MISSING_PO',
    };
    const ingest = await post(
      s,
      '/v1/events',
      [
        {
          ...base,
          eventId: `${cid}-r`,
          type: 'exception.raised',
          time: new Date(T0 - 6 * MIN).toISOString(),
        },
        {
          ...base,
          source: 'agent',
          eventId: `${cid}-p`,
          type: 'autoresolve.proposed',
          time: new Date(T0 - 5 * MIN).toISOString(),
          confidence: 0.97,
          actor: AGENT,
        },
      ],
      bearer(await sign(keys, { sub: 'connector', roles: [] })),
    );
    assert.equal(ingest.status, 202);
    const supervisor = await sign(keys, { sub: 'sam@example.test', roles: ['Finance Supervisor'] });
    const list = await getJson<Schemas['ApprovalListResponse']>(
      `${s.url}/v1/approvals?range=P30D&limit=200`,
      {
        headers: bearer(supervisor),
      },
    );
    assert.equal(list.status, 200);
    const found = list.body.items.find((a) => a.exception.correlationId === cid);
    assert.ok(found, 'the approval is listed for a Finance Supervisor');
    assert.deepEqual(found.canDecide, { allowed: true, reason: null });
    const one = await getJson<Schemas['ApprovalResponse']>(`${s.url}/v1/approvals/${found.id}`, {
      headers: bearer(supervisor),
    });
    const etag = one.headers.get('etag')!;
    const decide = (token: string) =>
      post(
        s,
        `/v1/approvals/${found.id}/decision`,
        { outcome: 'approve', reason: 'PO matches' },
        {
          ...bearer(token),
          'idempotency-key': randomUUID(),
          'if-match': etag,
        },
      );

    // A reader of the workflow without an approver role.
    const analyst = await decide(
      await sign(keys, { sub: 'ana@example.test', roles: ['Ops Finance Analyst'] }),
    );
    assert.equal(analyst.status, 403);
    assert.match(String(analyst.body.detail), /Finance Supervisor/);
    // The proposing agent, even holding the approver role.
    const agent = await decide(await sign(keys, { sub: AGENT, roles: ['Finance Supervisor'] }));
    assert.equal(agent.status, 403);
    assert.match(String(agent.body.detail), /separation of duties/);
    // A caller who may not read the workflow does not learn the approval exists.
    const outsider = await sign(keys, { sub: 'lee@example.test', roles: ['Fulfillment Lead'] });
    assert.equal(
      (await getJson(`${s.url}/v1/approvals/${found.id}`, { headers: bearer(outsider) })).status,
      404,
    );
    assert.equal((await decide(outsider)).status, 404);
    // A forged HS256 "supervisor" cannot decide.
    const forged = await sign(keys, {
      alg: 'HS256',
      key: new TextEncoder().encode(keys.pem),
      sub: 'mallory',
      roles: ['Finance Supervisor'],
    });
    assert.equal((await decide(forged)).status, 401);
    const ok = await decide(supervisor);
    assert.equal(ok.status, 200);
    const decided = ok.body as unknown as Schemas['ApprovalResponse'];
    assert.equal(decided.approval.status, 'approved');
    assert.equal(decided.approval.decision?.by, 'sam@example.test');
  });
});

describe('a PEM public key and data residency', () => {
  let s: TestServer;
  let keys: Keys;
  let cleanup: () => Promise<void>;

  before(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    keys = await makeKeys(t.dir);
    const policy = await loadPolicy(SEED_POLICY_PATH);
    const access = await accessFromArgs(
      {
        jwtPublicKey: keys.pemFile,
        jwtIssuer: ISS,
        jwtAudience: [`other-api,${AUD}`],
        jwtAlgorithms: 'RS256',
        regions: 'NA',
      },
      policy.policy,
    );
    s = await startServer({ access });
  });
  after(async () => {
    await s.close();
    await cleanup();
  });

  test('the HS256 swap against a PEM key is refused; RS256 with the key passes', async () => {
    const forged = await sign(keys, { alg: 'HS256', key: new TextEncoder().encode(keys.pem) });
    await assertRefused(s, forged, /algorithm HS256 is not allowed/);
    const r = await getJson(`${s.url}/v1/workflows`, { headers: bearer(await sign(keys)) });
    assert.equal(r.status, 200);
  });

  test('a batch with events for a region this instance does not serve is refused whole', async () => {
    const token = await sign(keys, { sub: 'connector' });
    const before = await s.store.countEvents();
    const batch = fixtureEvents().slice(0, 6);
    batch[1] = { ...batch[1], region: 'EMEA' };
    batch[4] = { ...batch[4], region: 'EMEA' };
    const r = await post(s, '/v1/events', batch, bearer(token));
    assert.equal(r.status, 422);
    assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assertSchema('Problem', r.body);
    assert.deepEqual(r.body.invalid_params, [
      { name: '/1/region', reason: 'region "EMEA" is not served by this instance (it serves NA)' },
      { name: '/4/region', reason: 'region "EMEA" is not served by this instance (it serves NA)' },
    ]);
    assert.match(String(r.body.detail), /Nothing from this batch was stored/);
    assert.equal(await s.store.countEvents(), before, 'not one event of the batch was stored');
    // The same batch for NA only goes in whole.
    const fixed = batch.map((e) => ({ ...e, region: 'NA' }));
    const ok = await post(s, '/v1/events', fixed, bearer(token));
    assert.equal(ok.status, 202);
    assert.equal(ok.body.accepted, 6);
    assert.equal(await s.store.countEvents(), before + 6);
  });

  test('reads naming another region are 403; unfiltered reads cover the served regions', async () => {
    const token = await sign(keys);
    const r = await getJson<{ detail: string }>(`${s.url}/v1/metrics/exceptions?region=EMEA`, {
      headers: bearer(token),
    });
    assert.equal(r.status, 403);
    assert.match(r.body.detail, /serves NA only; data for EMEA/);
    const both = await getJson(`${s.url}/v1/exceptions?region=NA,EMEA`, { headers: bearer(token) });
    assert.equal(both.status, 403);
    const plain = await getJson<Schemas['ExceptionMatrixResponse']>(
      `${s.url}/v1/metrics/exceptions?${DAY1}`,
      { headers: bearer(token) },
    );
    assert.equal(plain.status, 200);
    assert.deepEqual(plain.body.meta.filters.region, ['NA']);
  });
});

describe('without bearer tokens', () => {
  test('reads stay open and ingest still honours residency', async () => {
    const policy = await loadPolicy(SEED_POLICY_PATH);
    const s = await startServer({
      access: await accessFromArgs({ regions: 'EMEA' }, policy.policy),
    });
    try {
      const r = await getJson<Schemas['WorkflowsResponse']>(`${s.url}/v1/workflows`);
      assert.equal(r.status, 200);
      // An EMEA-only instance lists the workflows that run in EMEA.
      assert.deepEqual(
        r.body.workflows.map((w) => w.id),
        ['p2p_invoice_matching'],
      );
      const refused = await post(s, '/v1/events', fixtureEvents().slice(0, 2), {});
      assert.equal(refused.status, 422);
      assert.equal((refused.body.invalid_params as unknown[]).length, 2);
    } finally {
      await s.close();
    }
  });
});

describe('access configuration', () => {
  test('unsafe or incomplete options are refused at start', async () => {
    const t = await tempDir();
    try {
      const keys = await makeKeys(t.dir);
      const policy = (await loadPolicy(SEED_POLICY_PATH)).policy;
      const full = { jwtJwks: keys.jwksFile, jwtIssuer: ISS, jwtAudience: [AUD] };
      const refused: [Parameters<typeof accessFromArgs>[0], RegExp][] = [
        [{ ...full, jwtAlgorithms: 'RS256,HS256' }, /HS256 is not accepted/],
        [{ ...full, jwtAlgorithms: 'none' }, /none is not accepted/],
        [{ ...full, jwtIssuer: undefined }, /--jwt-issuer/],
        [{ ...full, jwtAudience: [] }, /--jwt-audience/],
        [{ ...full, jwtPublicKey: keys.pemFile }, /not both/],
        [{ ...full, devUsers: true }, /--dev-users cannot be combined/],
        [{ ...full, jwtJwks: 'http://idp.example.test/jwks.json' }, /must use https/],
        [
          {
            jwtPublicKey: keys.pemFile,
            jwtIssuer: ISS,
            jwtAudience: [AUD],
            jwtAlgorithms: 'ES256',
          },
          /cannot verify any of the pinned/,
        ],
        [{ regions: 'APAC' }, /APAC not declared in the policy/],
      ];
      for (const [args, message] of refused)
        await assert.rejects(accessFromArgs(args, policy), (err: Error) => {
          assert.ok(err instanceof JwtConfigError, err.message);
          assert.match(err.message, message);
          return true;
        });
      // A symmetric key in a JWKS file is refused too.
      const octFile = join(t.dir, 'oct.json');
      await writeFile(octFile, JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }));
      await assert.rejects(accessFromArgs({ ...full, jwtJwks: octFile }, policy), /symmetric/);
      // One public key as a JWK file is accepted; private key material in any form is not.
      const jwkFile = join(t.dir, 'public.jwk.json');
      await writeFile(jwkFile, JSON.stringify(await exportJWK(keys.ec.publicKey)));
      const fromJwk = await accessFromArgs(
        { jwtPublicKey: jwkFile, jwtIssuer: ISS, jwtAudience: [AUD], jwtAlgorithms: 'ES256' },
        policy,
      );
      assert.equal(fromJwk.authRequired, true);
      const privateJwk = join(t.dir, 'private.jwk.json');
      await writeFile(privateJwk, JSON.stringify(await exportJWK(keys.ec.privateKey)));
      const privatePem = join(t.dir, 'private.pem');
      await writeFile(privatePem, await exportPKCS8(keys.rsa.privateKey));
      for (const file of [privateJwk, privatePem])
        await assert.rejects(
          accessFromArgs({ jwtPublicKey: file, jwtIssuer: ISS, jwtAudience: [AUD] }, policy),
          /private key/,
        );
      const ok = await accessFromArgs(full, policy);
      assert.equal(ok.authRequired, true);
      assert.equal((await accessFromArgs({}, policy)).authRequired, false);
    } finally {
      await t.cleanup();
    }
  });
});
