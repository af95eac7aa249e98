// The demo's API: today the contract fixtures, answered by the contract package's fixture
// middleware. This is the one place that decides where `/v1/*` comes from, so swapping in the
// reference server later changes this file only; the page (demo/index.html) and the static
// server (scripts/start.mjs) stay as they are.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURE_SERVER = fileURLToPath(
  new URL('../packages/contract/fixture-server.mjs', import.meta.url),
);

/**
 * @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void} Middleware
 */

/**
 * Builds the `/v1/*` handler.
 * @returns {Promise<{ handler: Middleware, description: string }>}
 */
export async function createApi() {
  if (!existsSync(FIXTURE_SERVER)) {
    throw new Error(
      'packages/contract/fixture-server.mjs is missing: the demo has no API to call.',
    );
  }
  const { fixtureMiddleware } = await import(FIXTURE_SERVER);
  if (typeof fixtureMiddleware !== 'function') {
    throw new Error(
      'packages/contract/fixture-server.mjs does not export fixtureMiddleware(options).',
    );
  }
  return {
    handler: fixtureMiddleware({}),
    description: 'contract fixtures (packages/contract/fixtures)',
  };
}
