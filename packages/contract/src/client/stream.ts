import { CmdctrError, errorFromResponse, parseRetryAfter } from './errors.js';
import { backoffDelay, isRetryableStatus, sleep } from './retry.js';
import { SseParser, type RawServerEvent } from './sse-parser.js';

export type StreamState = 'connecting' | 'open' | 'closed';

/** One server-sent event; `data` is JSON-parsed (left as the raw string when it is not JSON). */
export interface StreamEvent {
  id: string | null;
  event: string;
  data: unknown;
}

/** What the client hands the stream loop: where to connect and how to authenticate. */
export interface StreamTransport {
  url: string;
  label: string;
  fetch: typeof fetch;
  credentials: RequestCredentials;
  /** Resolved afresh for every connection, so a refreshed token is picked up on reconnect. */
  headers(): Promise<Record<string, string>>;
  /** Longest wait for the response headers of one connection attempt. */
  connectTimeoutMs: number;
  /** Reconnection delay when the server sent no `retry:` field. */
  retryBaseMs: number;
  retryMaxMs: number;
  /**
   * Silence after which an open connection counts as dead and is replaced. The server sends a
   * heartbeat every 15 s, but a half-open TCP connection (laptop sleep, NAT timeout) never errors.
   */
  idleTimeoutMs: number;
}

export interface StreamHandlers {
  signal: AbortSignal;
  onEvent(event: StreamEvent): void;
  onStateChange?(state: StreamState): void;
  /** Called once when the stream gives up for good (4xx, wrong content type); then 'closed'. */
  onError?(error: CmdctrError): void;
}

function toStreamEvent(raw: RawServerEvent): StreamEvent {
  let data: unknown = raw.data;
  try {
    data = JSON.parse(raw.data);
  } catch {
    // Keep-alives and plain-text events stay strings rather than killing the stream.
  }
  return { id: raw.id === '' ? null : raw.id, event: raw.event, data };
}

/**
 * Server-sent events over fetch, because EventSource cannot send an Authorization or
 * X-UserToken header. Reconnects after drops with growing, jittered delays and resumes with
 * Last-Event-ID; stops when the signal aborts or the server refuses for good.
 */
export function runStream(transport: StreamTransport, handlers: StreamHandlers): void {
  void streamLoop(transport, handlers);
}

async function streamLoop(transport: StreamTransport, handlers: StreamHandlers): Promise<void> {
  const { signal } = handlers;
  let state: StreamState | null = null;
  const setState = (next: StreamState) => {
    if (next === state) return;
    state = next;
    handlers.onStateChange?.(next);
  };
  let reconnectMs: number | null = null;
  // Consecutive connections that delivered no event; grows the delay while the server is down.
  let failures = 0;
  const parser = new SseParser({
    onEvent(raw) {
      failures = 0;
      try {
        handlers.onEvent(toStreamEvent(raw));
      } catch (error) {
        // A throwing listener must not end the stream; surface it like an uncaught error.
        globalThis.reportError?.(error);
      }
    },
    onRetry(ms) {
      reconnectMs = ms;
    },
  });

  while (!signal.aborted) {
    setState('connecting');
    let retryAfterMs: number | null = null;
    const attempt = new AbortController();
    const forward = () => attempt.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    const timer = setTimeout(
      () =>
        attempt.abort(
          new CmdctrError(
            'timeout',
            `${transport.label} did not answer within ${transport.connectTimeoutMs} ms`,
          ),
        ),
      transport.connectTimeoutMs,
    );
    try {
      const headers: Record<string, string> = {
        ...(await transport.headers()),
        Accept: 'text/event-stream',
      };
      if (parser.lastEventId !== '') headers['Last-Event-ID'] = parser.lastEventId;
      const response = await transport.fetch(transport.url, {
        headers,
        credentials: transport.credentials,
        cache: 'no-store',
        signal: attempt.signal,
      });
      clearTimeout(timer);
      if (response.status === 204) break; // The spec's "stop reconnecting" answer.
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        const error = errorFromResponse(response, text, transport.label);
        if (!isRetryableStatus(response.status) && response.status < 500) {
          handlers.onError?.(error);
          break;
        }
        retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
        failures++;
      } else {
        const type = response.headers.get('Content-Type') ?? '';
        if (!/^text\/event-stream\b/i.test(type) || !response.body) {
          handlers.onError?.(
            new CmdctrError(
              'invalid-response',
              `${transport.label} answered with ${type || 'no content type'}, not text/event-stream`,
              {
                status: response.status,
              },
            ),
          );
          break;
        }
        setState('open');
        failures++; // Reset by the first event; a connection that never delivers counts as a failure.
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let idle: ReturnType<typeof setTimeout> | undefined;
        const arm = () => {
          clearTimeout(idle);
          idle = setTimeout(
            () =>
              attempt.abort(
                new CmdctrError(
                  'timeout',
                  `${transport.label} was silent for ${transport.idleTimeoutMs} ms`,
                ),
              ),
            transport.idleTimeoutMs,
          );
        };
        try {
          arm();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            arm();
            parser.push(value);
          }
        } finally {
          clearTimeout(idle);
        }
      }
    } catch {
      // Dropped connection, DNS failure or connect timeout: all mean "try again later".
      if (signal.aborted) break;
      failures++;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', forward);
    }
    parser.reset();
    if (signal.aborted) break;
    setState('connecting');
    const base = reconnectMs ?? transport.retryBaseMs;
    const delay =
      retryAfterMs ??
      Math.min(
        transport.retryMaxMs,
        base + backoffDelay(failures - 1, { baseMs: base, maxMs: transport.retryMaxMs }),
      );
    try {
      await sleep(delay, signal);
    } catch {
      break;
    }
  }
  setState('closed');
}
