import { CmdctrError, errorFromResponse } from './errors.js';
import { backoffDelay, isRetryableStatus, sleep, type BackoffOptions } from './retry.js';
import { SseParser } from './sse-parser.js';

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
  /** Reconnection delays; `baseMs` applies when the server sent no `retry:` field. */
  backoff: BackoffOptions;
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

/**
 * Server-sent events over fetch, because EventSource cannot send an Authorization or
 * X-UserToken header. Reconnects after drops with growing, jittered delays and resumes with
 * Last-Event-ID; stops when the signal aborts or the server refuses for good. Never rejects.
 */
export async function runStream(
  transport: StreamTransport,
  handlers: StreamHandlers,
): Promise<void> {
  const { signal } = handlers;
  const { label, connectTimeoutMs, idleTimeoutMs, backoff } = transport;
  let state: StreamState | undefined;
  const setState = (next: StreamState) => {
    if (next !== state) handlers.onStateChange?.((state = next));
  };
  let reconnectMs: number | null = null;
  // Consecutive connections that delivered no event; grows the delay while the server is down.
  let failures = 0;
  const parser = new SseParser({
    onEvent({ id, event, data }) {
      failures = 0;
      let parsed: unknown = data;
      try {
        parsed = JSON.parse(data);
      } catch {
        // Keep-alives and plain-text events stay strings rather than killing the stream.
      }
      try {
        handlers.onEvent({ id: id || null, event, data: parsed });
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
    // The reasons of these aborts are never seen: a dropped attempt just reconnects.
    const abort = () => attempt.abort();
    signal.addEventListener('abort', abort, { once: true });
    // One timer at a time: first the connect timeout, then the idle timeout of an open stream.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms?: number) => {
      clearTimeout(timer);
      if (ms !== undefined) timer = setTimeout(abort, ms);
    };
    arm(connectTimeoutMs);
    try {
      const headers: Record<string, string> = {
        ...(await transport.headers()),
        Accept: 'text/event-stream',
      };
      if (parser.lastEventId) headers['Last-Event-ID'] = parser.lastEventId;
      const response = await transport.fetch(transport.url, {
        headers,
        credentials: transport.credentials,
        cache: 'no-store',
        signal: attempt.signal,
      });
      arm();
      const { status, body } = response;
      if (status === 204) break; // The spec's "stop reconnecting" answer.
      if (!response.ok) {
        const error = errorFromResponse(response, await response.text().catch(() => ''), label);
        if (!isRetryableStatus(status) && status < 500) {
          handlers.onError?.(error);
          break;
        }
        retryAfterMs = error.retryAfterMs;
        failures++;
      } else {
        const type = response.headers.get('Content-Type') ?? '';
        if (!/^text\/event-stream\b/i.test(type) || !body) {
          handlers.onError?.(
            new CmdctrError(
              'invalid-response',
              `${label} answered with ${type || 'no content type'}, not text/event-stream`,
              { status },
            ),
          );
          break;
        }
        setState('open');
        failures++; // Reset by the first event; a connection that never delivers counts as a failure.
        const reader = body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          arm(idleTimeoutMs);
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
      }
    } catch {
      // Dropped connection, DNS failure or connect timeout: all mean "try again later".
      if (signal.aborted) break;
      failures++;
    } finally {
      arm();
      signal.removeEventListener('abort', abort);
    }
    parser.reset();
    if (signal.aborted) break;
    setState('connecting');
    const base = reconnectMs ?? backoff.baseMs;
    try {
      await sleep(
        retryAfterMs ??
          Math.min(
            backoff.maxMs,
            base + backoffDelay(failures - 1, { baseMs: base, maxMs: backoff.maxMs }),
          ),
        signal,
      );
    } catch {
      break;
    }
  }
  setState('closed');
}
