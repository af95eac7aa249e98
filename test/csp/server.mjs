// A deliberately tiny static server for the strict-CSP check. It serves the page, the built
// bundle and the fixture API from one origin, and sends the policy a locked-down host would:
// anything the elements do that needs 'unsafe-inline', 'unsafe-eval', a foreign origin or a
// string-to-HTML sink without the `lit-html` Trusted Types policy is reported by the browser.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_TYPES, STRICT_CSP as CSP } from '../../scripts/strict-csp.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const PAGE = fileURLToPath(new URL('./index.html', import.meta.url));
export const DEFAULT_DIST = join(ROOT, 'packages/elements/dist');
export const BUNDLE_URL = '/packages/elements/dist/cmdctr.bundle.js';

export { CSP };
const TYPES = CONTENT_TYPES;

/**
 * The contract's fixture API as a Node `(req, res, next)` handler.
 * @returns {Promise<(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => unknown>}
 */
async function loadFixtureApi() {
  const file = join(ROOT, 'packages/contract/fixture-server.mjs');
  if (!existsSync(file)) {
    throw new Error('packages/contract/fixture-server.mjs is missing: the CSP page needs its API.');
  }
  const { fixtureMiddleware } = await import(file);
  if (typeof fixtureMiddleware !== 'function') {
    throw new Error('packages/contract/fixture-server.mjs does not export fixtureMiddleware().');
  }
  return fixtureMiddleware();
}

/**
 * Starts the server on 127.0.0.1 at a free port.
 * @param {{ distDir?: string }} [options] distDir: where cmdctr.bundle.js is (a throwaway
 *   bundle can stand in for the real one while the harness itself is being tested).
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 */
export async function startCspServer({ distDir = DEFAULT_DIST } = {}) {
  const api = await loadFixtureApi();
  const dist = resolve(distDir);

  /** @type {(res: import('node:http').ServerResponse, status: number, body: string | Buffer, type: string) => void} */
  const send = (res, status, body, type) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    // The API answers with its own headers; the page's CSP governs what may call it.
    if (path === '/v1' || path.startsWith('/v1/')) {
      Promise.resolve(
        api(req, res, () => send(res, 404, `no fixture for ${req.method} ${path}`, 'text/plain')),
      ).catch((error) => {
        if (!res.headersSent) send(res, 500, String(error?.stack ?? error), 'text/plain');
        else res.destroy(error);
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed', 'text/plain');
      return;
    }
    // Browsers ask for it unprompted; a 404 would show up as a console error.
    if (path === '/favicon.ico') {
      send(res, 204, '', 'image/x-icon');
      return;
    }
    const prefix = '/packages/elements/dist/';
    let file;
    if (path === '/' || path === '/index.html') file = PAGE;
    else if (path.startsWith(prefix)) {
      file = resolve(dist, `.${sep}${path.slice(prefix.length)}`);
      // Never serve anything outside dist/, whatever `..` the URL carries.
      if (!file.startsWith(dist + sep)) file = undefined;
    }
    if (!file) {
      send(res, 404, 'not found', 'text/plain');
      return;
    }
    readFile(file).then(
      (body) =>
        send(
          res,
          200,
          body,
          TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream',
        ),
      () => send(res, 404, 'not found', 'text/plain'),
    );
  });

  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen(undefined));
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
