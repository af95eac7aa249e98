// The demo's API: the one place that decides where `/v1/*` comes from; the page
// (demo/index.html) and the static server (scripts/start.mjs) stay the same either way.
//   live      the reference server (packages/server) on the embedded DuckDB default, with demo
//             history and a live trickle of events: `cmdctr serve --demo` as a child process on
//             a free loopback port, `/v1/*` proxied to it (the stream included)
//   fixtures  the contract fixtures, answered in-process; no database needed
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

const FIXTURE_SERVER = fileURLToPath(
  new URL('../packages/contract/fixture-server.mjs', import.meta.url),
);
const CMDCTR = fileURLToPath(new URL('../packages/server/bin/cmdctr.mjs', import.meta.url));
const DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));
/** First start writes 30 days of history (about a minute on 2 cores); later starts reuse it. */
const START_TIMEOUT_MS = 10 * 60_000;

/**
 * @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void} Middleware
 * @typedef {{ handler: Middleware, description: string, close: () => void }} Api
 */

/**
 * Builds the `/v1/*` handler.
 * @param {{ mode?: 'live' | 'fixtures' }} [options]
 * @returns {Promise<Api>}
 */
export async function createApi({ mode = 'live' } = {}) {
  return mode === 'fixtures' ? fixtureApi() : liveApi();
}

/** @returns {Promise<Api>} */
async function fixtureApi() {
  if (!existsSync(FIXTURE_SERVER)) {
    throw new Error(
      'packages/contract/fixture-server.mjs is missing: the demo has no API to call.',
    );
  }
  const { fixtureMiddleware } = await import(FIXTURE_SERVER);
  return {
    handler: fixtureMiddleware({}),
    description: 'contract fixtures (packages/contract/fixtures)',
    close: () => {},
  };
}

/** @returns {Promise<Api>} */
async function liveApi() {
  const child = spawn(
    process.execPath,
    [CMDCTR, 'serve', '--demo', '--port', '0', '--data', DATA_DIR, '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const origin = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`the reference server did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the reference server exited (code ${code}) before it listened`));
    });
    child.stdout.on('data', (chunk) => {
      // Progress of the first start (demo history) goes straight to the terminal.
      process.stdout.write(chunk);
      seen += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM')
      console.error(`the reference server stopped (code ${code}, ${signal})`);
  });
  const target = new URL(origin);
  /** @type {Middleware} */
  const handler = (req, res) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(502, { 'Content-Type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Reference server unreachable',
          status: 502,
          detail: error.message,
        }),
      );
    });
    // A closed browser tab ends the proxied request too (the live stream never ends by itself).
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };
  return {
    handler,
    description: `the reference server (${origin}, data in ./data, demo history + live events)`,
    close: () => child.kill('SIGTERM'),
  };
}
