import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ValidateFunction } from 'ajv';
// The package entry also re-exports the browser client (DOM types); the server compiles without
// DOM, so take the schema types from the module that imports only the generated OpenAPI types.
import type { components } from '../../contract/src/types.js';
import { contractAjv } from '../src/contract.js';
import { buildApp, type App } from '../src/http/app.js';
import { DEMO_POLICY_PATH, loadPolicy, SEED_POLICY_PATH } from '../src/policy/policy.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import type { IdentityResolver } from '../src/identity.js';
import type { AccessControl } from '../src/auth/access.js';
import type { ConnectorOptions } from '../src/connectors/routes.js';
import { loadOrCreateKeys, type LedgerKeys } from '../src/ledger/ledger.js';

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'cmdctr-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestServer extends App {
  url: string;
  store: DuckDbStore;
  keys: LedgerKeys;
  dir: string;
  close: () => Promise<void>;
}

export async function startServer(
  options: {
    now?: () => number;
    demoPolicy?: boolean;
    corsOrigins?: string[];
    heartbeatMs?: number;
    dir?: string;
    identify?: IdentityResolver;
    access?: AccessControl;
    connectors?: ConnectorOptions;
    checkpointEvery?: number;
  } = {},
): Promise<TestServer> {
  const own = options.dir ? null : await tempDir();
  const dir = options.dir ?? own!.dir;
  const keys = await loadOrCreateKeys(dir);
  const store = await DuckDbStore.open({
    path: join(dir, 'cmdctr.duckdb'),
    keys,
    checkpointEvery: options.checkpointEvery,
  });
  const policy = await loadPolicy(options.demoPolicy ? DEMO_POLICY_PATH : SEED_POLICY_PATH);
  await store.syncPolicy(policy.policy);
  await store.recordPolicy(policy, 'system');
  const built = await buildApp({
    store,
    policy,
    now: options.now,
    corsOrigins: options.corsOrigins,
    heartbeatMs: options.heartbeatMs,
    identify: options.identify,
    access: options.access,
    connectors: options.connectors,
  });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = built.app.server.address() as AddressInfo;
  return {
    ...built,
    url: `http://127.0.0.1:${port}`,
    store,
    keys,
    dir,
    close: async () => {
      await built.app.close();
      await store.close();
      await own?.cleanup();
    },
  };
}

export type Schemas = components['schemas'];

const ajv = contractAjv();
const validators = new Map<string, ValidateFunction>();

/**
 * Throws with Ajv's errors unless `value` matches the contract component schema `name`; after it
 * the value has the generated type of that schema, so a test reads fields the contract promises.
 */
export function assertSchema<N extends keyof Schemas>(
  name: N,
  value: unknown,
): asserts value is Schemas[N] {
  let v = validators.get(name);
  if (!v) {
    v = ajv.compile({ $ref: `cmdctr-openapi#/components/schemas/${name}` });
    validators.set(name, v);
  }
  if (!v(value))
    throw new Error(`${name} does not match the contract: ${JSON.stringify(v.errors, null, 2)}`);
}

export async function getJson<T = Record<string, unknown>>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export function postEvents(
  url: string,
  events: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  return getJson(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof events === 'string' ? events : JSON.stringify(events),
  });
}

/** The element of `list` whose `field` equals `value`; fails the test, naming both, when there is none. */
export function findBy<T, K extends keyof T>(list: readonly T[], field: K, value: T[K]): T {
  const found = list.find((x) => x[field] === value);
  assert.ok(found !== undefined, `no element with ${String(field)} = ${JSON.stringify(value)}`);
  return found;
}
