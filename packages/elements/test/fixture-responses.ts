// Shared by the elements' test subclasses that put their own fetch in front of the real fixture
// server: the answers such a fetch hands back instead of, or rebuilt from, the server's.

/** Reads the request's URL, whether the client passed a Request, a URL or a string. */
export const requestUrl = (input: RequestInfo | URL): string =>
  input instanceof Request ? input.url : input.toString();

/** Waits `ms` milliseconds (none when 0), e.g. to hold an answer back. */
export const delay = (ms: number): Promise<void> =>
  ms ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();

/** A JSON answer with the given body, as the fixture server would send it. */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** An RFC 9457 problem answer, as the metrics API sends when its store fails. */
export function problemResponse(status: number, title: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

/**
 * Fetches the real fixture server over HTTP (never from the HTTP cache, so a rewritten answer
 * cannot leak into the next test), lets `rewrite` change the parsed body in place and answers
 * the result. A problem answer passes through untouched, as the server sent it.
 */
export async function fetchRewritten<T>(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  rewrite: (body: T) => void,
): Promise<Response> {
  const response = await fetch(input, { ...init, cache: 'no-store' });
  if (!response.ok) return response;
  const body = (await response.json()) as T;
  rewrite(body);
  return jsonResponse(body, response.status);
}

/**
 * A live stream that says `metric` changed once, after `afterMs`, then stays open until the
 * request is aborted (when the element unmounts or refetches).
 */
export function metricsChangedStream(
  metric: string,
  signal: AbortSignal | null | undefined,
  afterMs = 300,
): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const timer = setTimeout(() => {
        const event = { metrics: [metric], workflow: null };
        controller.enqueue(
          new TextEncoder().encode(`event: metrics-changed\ndata: ${JSON.stringify(event)}\n\n`),
        );
      }, afterMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        controller.error(signal.reason);
      });
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}
