// Test-only API for the element base: real HTTP answers that the fixtures cannot express.
// `/element-api/<scenario>/v1/...` answers like the fixture API, shaped by <scenario>:
//   ok            the operation's fixture
//   slow-<ms>     the fixture after <ms> milliseconds
//   status-<code> a problem+json error with that status
//   flaky-<id>    the fixture on the first request for <id>, 503 on every later one
//   malformed     a 200 whose body does not match the contract
//   count-<id>    the fixture; GET /element-api/hits/<id> tells how many requests <id> got
import { readFile } from 'node:fs/promises';

const FIXTURES = new URL('../../packages/contract/fixtures/', import.meta.url);
const hits = new Map();

// Every GET route without path parameters, from the contract's route table (kept in step with
// openapi.yaml by `npm run generate`), so a new endpoint needs no change here.
const OPERATIONS = Object.fromEntries(
  JSON.parse(await readFile(new URL('routes.json', FIXTURES), 'utf8'))
    .filter((route) => route.method === 'GET' && !route.path.includes('{'))
    .map((route) => [route.path, route.operationId]),
);

async function fixture(path) {
  const operation = OPERATIONS[path];
  if (!operation) return undefined;
  return readFile(new URL(`${operation}.json`, FIXTURES), 'utf8');
}

function problem(res, status, title) {
  res.writeHead(status, {
    'Content-Type': 'application/problem+json',
    'Cache-Control': 'no-store',
  });
  res.end(
    JSON.stringify({ type: 'about:blank', title, status, detail: `Scenario answered ${status}.` }),
  );
}

export async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const match = /^\/element-api\/([^/]+)(\/.*)$/.exec(url.pathname);
  if (!match) return false;
  const [, scenario, path] = match;
  if (scenario === 'hits') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ hits: hits.get(path.slice(1)) ?? 0 }));
    return true;
  }
  const [kind, arg] = scenario.split(/-(.*)/s);
  hits.set(arg, (hits.get(arg) ?? 0) + 1);
  if (kind === 'status') {
    problem(
      res,
      Number(arg),
      Number(arg) === 403 ? 'You may not see this workflow' : 'Scenario error',
    );
    return true;
  }
  if (kind === 'flaky' && hits.get(arg) > 1) {
    problem(res, 503, 'Metrics store unavailable');
    return true;
  }
  if (kind === 'slow') await new Promise((resolve) => setTimeout(resolve, Number(arg)));
  const body =
    kind === 'malformed'
      ? JSON.stringify({ apiVersion: '1.0', rows: 'nope' })
      : await fixture(path);
  if (body === undefined) {
    problem(res, 404, 'No such route');
    return true;
  }
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Date: new Date().toUTCString(),
  });
  res.end(body);
  return true;
}

export function testRunnerPlugin() {
  return {
    name: 'cmdctr-element-scenarios',
    serverStart({ app }) {
      app.use(async (ctx, next) => {
        if (!ctx.path.startsWith('/element-api/')) return next();
        ctx.respond = false;
        await handle(ctx.req, ctx.res);
      });
    },
  };
}
