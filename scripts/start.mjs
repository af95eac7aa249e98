#!/usr/bin/env node
// `npm start`: the demo page on http://127.0.0.1:<PORT> (default 5173; the next free port when
// it is taken). Builds what the page needs first (contract code, then the script-tag bundle)
// when it is missing or older than its sources, so a fresh clone only needs `npm install`.
// The page is demo/index.html; `/v1/*` comes from demo/api.mjs: the reference server with demo
// history and live events (default), or the contract fixtures with `--fixtures`
// (`npm run start:fixtures`). That is the only API wiring here.
import { createServer } from 'node:http';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { ROOT, ELEMENTS_DIR, generateEntries } from './gen-entries.mjs';
import { BUNDLE, assertNoEval, generate, viteBuild } from './build.mjs';
import { CONTENT_TYPES, STRICT_CSP } from './strict-csp.mjs';

const DEMO_DIR = join(ROOT, 'demo');
const MANIFEST = join(ELEMENTS_DIR, 'custom-elements.json');
const CONTRACT = join(ROOT, 'packages/contract');
const MAX_PORT_TRIES = 20;

// The demo runs under the strict-CSP test's policy (scripts/strict-csp.mjs).
const CSP = STRICT_CSP;
const TYPES = CONTENT_TYPES;

// Explicit routes instead of a directory listing: nothing else in the repo (api.mjs included)
// is reachable, whatever the URL says.
const ROUTES = new Map([
  ['/', join(DEMO_DIR, 'index.html')],
  ['/index.html', join(DEMO_DIR, 'index.html')],
  ['/demo.css', join(DEMO_DIR, 'demo.css')],
  ['/demo.js', join(DEMO_DIR, 'demo.js')],
  ['/cmdctr.bundle.js', BUNDLE],
  ['/cmdctr.bundle.js.map', `${BUNDLE}.map`],
  ['/custom-elements.json', MANIFEST],
]);

const rel = (p) => relative(ROOT, p);

/** Newest modification time of the .ts/.yaml/.json files under `dir` (0 when there are none). */
function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.'))
      continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|ya?ml|json)$/.test(entry.name) && !/\.(test|stories)\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

async function ensureBundle() {
  const generated = join(CONTRACT, 'src/generated');
  const openapi = join(CONTRACT, 'openapi.yaml');
  const stale =
    existsSync(openapi) &&
    (!existsSync(generated) || statSync(openapi).mtimeMs > statSync(generated).mtimeMs);
  if (stale) {
    console.log('generating contract code…');
    await generate();
  }
  generateEntries();
  const sourcesChanged = () =>
    Math.max(newestSource(join(ELEMENTS_DIR, 'src')), newestSource(join(CONTRACT, 'src'))) >
    statSync(BUNDLE).mtimeMs;
  if (!existsSync(BUNDLE) || sourcesChanged()) {
    console.log(`building ${rel(BUNDLE)}…`);
    await viteBuild('bundle');
    assertNoEval(BUNDLE);
  }
}

// HEAD gets the headers only; the request hangs off the response.
const isHead = (res) => res.req?.method === 'HEAD';

function send(res, status, body, type, extra = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Always the file on disk: a rebuilt bundle must not hide behind a cached one.
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(isHead(res) ? undefined : body);
}

function createHandler(api) {
  return (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      send(res, 400, 'bad request', 'text/plain; charset=utf-8');
      return;
    }
    if (path === '/v1' || path.startsWith('/v1/')) {
      api(req, res, () =>
        send(res, 404, `no route for ${req.method} ${path}`, 'text/plain; charset=utf-8'),
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
      return;
    }
    if (path === '/favicon.ico') {
      send(res, 204, '', 'image/x-icon');
      return;
    }
    const file = ROUTES.get(path);
    if (!file) {
      send(res, 404, 'not found', 'text/plain; charset=utf-8');
      return;
    }
    readFile(file).then(
      (body) => send(res, 200, body, TYPES[extname(file)] ?? 'application/octet-stream'),
      () => send(res, 404, `${path} is not built`, 'text/plain; charset=utf-8'),
    );
  };
}

/** Listens on `port`, or the next free one when it is taken. */
async function listen(server, port) {
  for (let attempt = 0; attempt < MAX_PORT_TRIES; attempt++) {
    const candidate = port + attempt;
    try {
      await new Promise((resolve, reject) => {
        const onError = (err) => reject(err);
        server.once('error', onError);
        server.listen(candidate, '127.0.0.1', () => {
          server.off('error', onError);
          resolve(undefined);
        });
      });
      return candidate;
    } catch (err) {
      if (err.code !== 'EADDRINUSE') throw err;
      console.log(`port ${candidate} is busy, trying ${candidate + 1}`);
    }
  }
  throw new Error(`no free port in ${port}–${port + MAX_PORT_TRIES - 1}`);
}

async function main() {
  const port = Number.parseInt(process.env.PORT ?? '5173', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT=${process.env.PORT} is not a port`);

  await ensureBundle();
  const { createApi } = await import('../demo/api.mjs');
  const api = await createApi({ mode: process.argv.includes('--fixtures') ? 'fixtures' : 'live' });

  const server = createServer(createHandler(api.handler));
  // The reference server is a child process: it must not outlive a start that failed here.
  const bound = await listen(server, port).catch((err) => {
    api.close();
    throw err;
  });
  console.log(`\ncmdctr demo: http://127.0.0.1:${bound}/`);
  console.log(`  page   demo/index.html, elements from ${rel(BUNDLE)}`);
  console.log(`  API    /v1/* from ${api.description}`);
  console.log('  Ctrl+C stops the server');

  let stopping = false;
  const stop = (signal) => {
    if (stopping) {
      // A second Ctrl+C while connections linger means "now".
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the demo server`);
    api.close();
    server.close(() => process.exit(0));
    // Keep-alive browser connections would hold close() open indefinitely.
    server.closeAllConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(`npm start failed: ${err.message}`);
  process.exit(1);
});
