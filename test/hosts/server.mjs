// Serves the hostile host pages of test/hosts/ the way a real host would: plain static files on
// one origin (the pages, the example widgets, the host's own libraries from node_modules, the
// built bundle) plus the contract's fixture API under /v1. Unlike test/csp/server.mjs it sends
// no security policy: the point here is what the host's CSS and scripts do to the elements.
// Every /v1 request is logged with its headers, so a test can check what reached the server.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_TYPES } from '../../scripts/strict-csp.mjs';
import { DEFAULT_DIST, ROOT } from '../csp/server.mjs';

export { DEFAULT_DIST, ROOT };
/** @type {Record<string, string>} */
// Service Portal serves a widget's SCSS compiled; the example's SCSS is plain CSS, served as such.
const TYPES = { ...CONTENT_TYPES, '.scss': 'text/css; charset=utf-8' };

export const BUNDLE_PATH = '/packages/elements/dist/cmdctr.bundle.js';

/** URL prefixes served from the repository, and the folder each maps to. */
const MOUNTS = [
  ['/test/hosts/', join(ROOT, 'test/hosts')],
  ['/examples/', join(ROOT, 'examples')],
  // Only the files a host page loads, not the whole of node_modules.
  ['/node_modules/angular/', join(ROOT, 'node_modules/angular')],
  ['/node_modules/bootstrap/dist/', join(ROOT, 'node_modules/bootstrap/dist')],
  ['/node_modules/chart.js/dist/', join(ROOT, 'node_modules/chart.js/dist')],
];

/**
 * @typedef {{ method: string, path: string, query: string, headers: import('node:http').IncomingHttpHeaders }} ApiRequest
 */

/**
 * Starts the server on 127.0.0.1 at a free port.
 * @param {{ distDir?: string }} [options] distDir: where cmdctr.bundle.js is.
 * @returns {Promise<{ origin: string, apiRequests: ApiRequest[], close: () => Promise<void> }>}
 */
export async function startHostServer({ distDir = DEFAULT_DIST } = {}) {
  const { fixtureMiddleware } = await import(join(ROOT, 'packages/contract/fixture-server.mjs'));
  const api = fixtureMiddleware();
  const mounts = [...MOUNTS, ['/packages/elements/dist/', resolve(distDir)]];
  /** @type {ApiRequest[]} */
  const apiRequests = [];

  /** @type {(res: import('node:http').ServerResponse, status: number, body: string | Buffer, type: string) => void} */
  const send = (res, status, body, type) => {
    res.writeHead(status, {
      'Content-Type': type,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    if (path === '/v1' || path.startsWith('/v1/')) {
      apiRequests.push({
        method: req.method ?? 'GET',
        path,
        query: url.search,
        headers: req.headers,
      });
      Promise.resolve(
        api(req, res, () => send(res, 404, `no fixture for ${req.method} ${path}`, 'text/plain')),
      ).catch((/** @type {any} */ error) => {
        if (!res.headersSent) send(res, 500, String(error?.stack ?? error), 'text/plain');
        else res.destroy(error);
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed', 'text/plain');
      return;
    }
    if (path === '/favicon.ico') {
      send(res, 204, '', 'image/x-icon');
      return;
    }
    let file;
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const candidate = resolve(dir, `.${sep}${path.slice(prefix.length)}`);
      // Never serve anything outside the mount, whatever `..` the URL carries.
      if (candidate.startsWith(dir + sep)) file = candidate;
      break;
    }
    if (!file) {
      send(res, 404, 'not found', 'text/plain');
      return;
    }
    readFile(file).then(
      (body) => send(res, 200, body, TYPES[extname(file)] ?? 'application/octet-stream'),
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
    apiRequests,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
