/// <reference types="vite/client" />
// MSW request handlers for Storybook, generated from the contract's fixtures: every route in
// packages/contract/fixtures/routes.json answers its `<operationId>.json` fixture, so a story
// shows exactly the responses the contract documents and the browser tests use. Stories swap
// single operations for error, empty, slow or stale scenarios with the builders below
// (`parameters.msw.handlers`), which msw-storybook-addon puts in front of these defaults.
import { delay, http, HttpResponse, type HttpHandler, type DefaultBodyType } from 'msw';

/** One row of fixtures/routes.json. */
export interface FixtureRoute {
  method: string;
  /** OpenAPI path template, e.g. `/v1/metrics/exceptions` or `/v1/workflows/{workflowId}`. */
  path: string;
  operationId: string;
}

/** RFC 9457 problem details, as the contract's error responses carry them. */
export interface ProblemInit {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  invalid_params?: { name: string; reason: string }[];
}

// Vite inlines the JSON at build time; a glob (not a plain import) keeps Storybook building
// while the contract package has no fixtures yet, and picks up new fixtures without edits here.
const modules = import.meta.glob<unknown>('../packages/contract/fixtures/*.json', {
  eager: true,
  import: 'default',
});

const fixtures = new Map<string, unknown>();
let routeList: FixtureRoute[] = [];
for (const [file, body] of Object.entries(modules)) {
  const name = file.slice(file.lastIndexOf('/') + 1, -'.json'.length);
  if (name === 'routes') routeList = body as FixtureRoute[];
  else fixtures.set(name, body);
}

/** The contract's routes, as fixtures/routes.json lists them. */
export const routes: readonly FixtureRoute[] = routeList;

/** Fixture names (`<operationId>` or `<operationId>.<variant>`) that exist. */
export function fixtureNames(): string[] {
  return [...fixtures.keys()].sort();
}

/**
 * A fresh copy of a fixture body, so a story may change it without leaking into the next one.
 * Throws when the fixture does not exist: a story that silently fell back to other data would
 * document a state it does not show.
 */
export function fixture<T = unknown>(operationId: string, variant?: string): T {
  const name = variant ? `${operationId}.${variant}` : operationId;
  const body = fixtures.get(name);
  if (body === undefined) {
    throw new Error(
      `No fixture packages/contract/fixtures/${name}.json (have: ${fixtureNames().join(', ')})`,
    );
  }
  return structuredClone(body) as T;
}

/** The route of an operation; throws on an unknown operationId (a typo in a story). */
export function routeOf(operationId: string): FixtureRoute {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) {
    throw new Error(
      `Unknown operationId "${operationId}" (routes.json has: ${routes.map((r) => r.operationId).join(', ')})`,
    );
  }
  return route;
}

/**
 * MSW path for an OpenAPI template. The leading `*` matches any origin, so an element whose
 * `src` names another API host is mocked as well as a same-origin one.
 */
export function mswPath(path: string): string {
  return `*${path.replace(/\{([^}]+)\}/g, ':$1')}`;
}

const METHODS = {
  get: http.get,
  post: http.post,
  put: http.put,
  patch: http.patch,
  delete: http.delete,
  head: http.head,
  options: http.options,
} as const;

function handlerFor(route: FixtureRoute): typeof http.get {
  const method = route.method.toLowerCase();
  if (!(method in METHODS)) throw new Error(`Unsupported method ${route.method} in routes.json`);
  return METHODS[method as keyof typeof METHODS];
}

// FNV-1a over the serialised body: a stable validator that changes whenever the body does,
// which is all an ETag promises. No crypto.subtle, so it also works in insecure contexts.
function etagOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `"fx-${(hash >>> 0).toString(16)}-${text.length.toString(16)}"`;
}

function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  // Weak comparison (RFC 9110 §13.1.2): a W/ prefix on either side does not matter.
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
}

/**
 * A JSON 200 with an ETag, Date and `Cache-Control: no-cache`, or a 304 when the request's
 * If-None-Match already names this body: the client's revalidation path runs as against the
 * real server.
 */
export function jsonWithEtag(
  request: Request,
  body: unknown,
  status = 200,
): HttpResponse<DefaultBodyType> {
  const text = JSON.stringify(body);
  const etag = etagOf(text);
  const headers = {
    ETag: etag,
    Date: new Date().toUTCString(),
    'Cache-Control': 'no-cache',
  };
  if (status === 200 && matchesEtag(request.headers.get('If-None-Match'), etag)) {
    return new HttpResponse(null, { status: 304, headers });
  }
  return new HttpResponse(text, {
    status,
    headers: { ...headers, 'Content-Type': 'application/json' },
  });
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** An `application/problem+json` response (RFC 9457). */
export function problemResponse(
  request: Request,
  status: number,
  problem: ProblemInit = {},
  headers: Record<string, string> = {},
): HttpResponse<DefaultBodyType> {
  // The contract's recorded problem for this status (fixtures/problem.<status>.json) supplies
  // the realistic type URI, title and detail; the story's fields win.
  const recorded = fixtures.has(`problem.${status}`)
    ? fixture<ProblemInit>('problem', String(status))
    : { type: 'about:blank', title: STATUS_TITLES[status] ?? 'Error' };
  const body = {
    ...recorded,
    status,
    instance: new URL(request.url).pathname,
    ...problem,
  };
  return new HttpResponse(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/problem+json',
      Date: new Date().toUTCString(),
      ...headers,
    },
  });
}

// A request for another bucket size gets the fixture recorded at that size when there is one
// (`getExceptionMatrix.daily.json` for `?bucket=day`), so a story's `bucket` attribute shows
// matching data instead of hourly columns under a "day" label.
const BUCKET_VARIANTS: Record<string, string> = { hour: 'hourly', day: 'daily', week: 'weekly' };

/**
 * The fixture a request selects: the variant named by the `X-Fixture-Variant` header (handy
 * from the browser console), else the one matching its `bucket`, else the operation's own.
 */
function fixtureFor(route: FixtureRoute, request: Request): unknown {
  const url = new URL(request.url);
  const bucket = url.searchParams.get('bucket');
  const candidates = [
    request.headers.get('X-Fixture-Variant'),
    bucket ? BUCKET_VARIANTS[bucket] : undefined,
  ];
  for (const variant of candidates) {
    if (variant && fixtures.has(`${route.operationId}.${variant}`)) {
      return fixture(route.operationId, variant);
    }
  }
  return fixture(route.operationId);
}

const HEARTBEAT_MS = 15_000;

/** One event of fixtures/stream.json. */
interface StreamFixtureEvent {
  id: string;
  event: string;
  data: unknown;
}

/**
 * `GET /v1/stream` as the contract describes it: an open `text/event-stream`. By default it only
 * sends a heartbeat every 15 s, so `live` elements connect and stay quiet and stories stay
 * deterministic; with `replay` it also sends the recorded events of fixtures/stream.json, one
 * every `replay` ms. The stream ends when the element aborts the request (story change).
 */
function streamResponse(request: Request, replay?: number): Response {
  const encoder = new TextEncoder();
  const recorded = replay ? fixture<StreamFixtureEvent[]>('stream') : [];
  const timers: ReturnType<typeof setInterval>[] = [];
  const stop = () => timers.forEach((timer) => clearInterval(timer));
  let beats = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (id: string, event: string, data: unknown) =>
        controller.enqueue(
          encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        );
      const beat = () => {
        beats += 1;
        send(`sb-heartbeat-${beats}`, 'heartbeat', { at: new Date().toISOString() });
      };
      controller.enqueue(encoder.encode('retry: 5000\n\n'));
      beat();
      timers.push(setInterval(beat, HEARTBEAT_MS));
      if (replay && recorded.length > 0) {
        let next = 0;
        timers.push(
          setInterval(() => {
            const event = recorded[next % recorded.length];
            next += 1;
            if (event) send(event.id, event.event, event.data);
          }, replay),
        );
      }
      request.signal.addEventListener('abort', () => {
        stop();
        try {
          controller.close();
        } catch {
          // Already cancelled by the reader; nothing left to close.
        }
      });
    },
    cancel: stop,
  });
  return new HttpResponse(body, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' },
  });
}

/** A live stream that replays fixtures/stream.json, one event every `everyMs` milliseconds. */
export function streamHandlers(everyMs = 5_000): HttpHandler[] {
  return [
    http.get(mswPath(routeOf('stream').path), ({ request }) => streamResponse(request, everyMs)),
  ];
}

/**
 * The default handlers: every route with a fixture answers it (GET with ETag revalidation),
 * routes without a fixture and any other `/v1/` URL answer a problem+json 404, as the
 * reference server does for unknown resources.
 */
export function fixtureHandlers(): HttpHandler[] {
  const handlers: HttpHandler[] = [];
  for (const route of routes) {
    if (route.operationId === 'stream') {
      handlers.push(http.get(mswPath(route.path), ({ request }) => streamResponse(request)));
      continue;
    }
    if (!fixtures.has(route.operationId)) continue;
    handlers.push(
      handlerFor(route)(mswPath(route.path), ({ request }) =>
        jsonWithEtag(request, fixtureFor(route, request)),
      ),
    );
  }
  handlers.push(
    http.all('*/v1/*', ({ request }) =>
      problemResponse(request, 404, {
        title: 'Not Found',
        detail: `No fixture answers ${request.method} ${new URL(request.url).pathname} in Storybook.`,
      }),
    ),
  );
  return handlers;
}

/** Answers `operationId` with a problem+json error (503 Service Unavailable by default). */
export function errorHandlers(
  operationId: string,
  status = 503,
  problem: ProblemInit = {},
  headers: Record<string, string> = {},
): HttpHandler[] {
  const route = routeOf(operationId);
  return [
    handlerFor(route)(mswPath(route.path), ({ request }) =>
      problemResponse(request, status, problem, headers),
    ),
  ];
}

/** Answers each operation with its `<operationId>.empty.json` variant. */
export function emptyHandlers(...operationIds: string[]): HttpHandler[] {
  return operationIds.map((operationId) => {
    const route = routeOf(operationId);
    fixture(operationId, 'empty'); // fail when the story is defined, not when it renders
    return handlerFor(route)(mswPath(route.path), ({ request }) =>
      jsonWithEtag(request, fixture(operationId, 'empty')),
    );
  });
}

/**
 * Answers `operationId` with its fixture after `ms` milliseconds (`'infinite'` never answers),
 * to show the loading state. Keep finite delays below the client's 10 s timeout.
 */
export function slowHandlers(operationId: string, ms: number | 'infinite'): HttpHandler[] {
  const route = routeOf(operationId);
  return [
    handlerFor(route)(mswPath(route.path), async ({ request }) => {
      await delay(ms);
      return jsonWithEtag(request, fixture(operationId));
    }),
  ];
}

/** Answers `operationId` with a body computed per request (large or derived data sets). */
export function generatedHandlers(
  operationId: string,
  build: (request: Request) => unknown,
): HttpHandler[] {
  const route = routeOf(operationId);
  return [
    handlerFor(route)(mswPath(route.path), ({ request }) => jsonWithEtag(request, build(request))),
  ];
}

// Scenario counters must start over for every story render: the handler objects live in story
// parameters for the page's lifetime, while the docs page and re-renders reuse them.
const resets = new Set<() => void>();

/** Loader (runs before mswLoader): puts every stateful scenario back to its first request. */
export function resetFixtureScenarios(): Promise<Record<string, never>> {
  for (const reset of resets) reset();
  return Promise.resolve({});
}

/**
 * The first `okCount` requests answer the fixture, every later one a problem (503 by default):
 * the element loads, then its refreshes fail and it must keep the data and show it as stale.
 */
export function staleHandlers(
  operationId: string,
  {
    okCount = 1,
    status = 503,
    problem = {},
  }: { okCount?: number; status?: number; problem?: ProblemInit } = {},
): HttpHandler[] {
  const route = routeOf(operationId);
  let served = 0;
  resets.add(() => {
    served = 0;
  });
  return [
    handlerFor(route)(mswPath(route.path), ({ request }) => {
      served += 1;
      if (served <= okCount) return jsonWithEtag(request, fixture(operationId));
      return problemResponse(request, status, problem);
    }),
  ];
}

/**
 * Answers `operationId` only with `Authorization: Bearer <token>`; anything else gets the 401
 * problem (with `WWW-Authenticate`) a real deployment sends, so auth wiring can be shown.
 */
export function bearerHandlers(operationId: string, token: string): HttpHandler[] {
  const route = routeOf(operationId);
  return [
    handlerFor(route)(mswPath(route.path), ({ request }) => {
      if (request.headers.get('Authorization') === `Bearer ${token}`) {
        return jsonWithEtag(request, fixtureFor(route, request));
      }
      return problemResponse(
        request,
        401,
        {
          title: 'Authentication required',
          detail: 'Send a valid bearer token in the Authorization header.',
        },
        { 'WWW-Authenticate': 'Bearer realm="cmdctr"' },
      );
    }),
  ];
}
