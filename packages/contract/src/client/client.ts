import type { ApprovalResponse, DecisionRequest } from '../types.js';
import { validate, type JsonSchema } from '../validate.js';
import { maxAgeMs, ResponseCache, type CacheEntry } from './cache.js';
import {
  abortedError,
  CmdctrError,
  errorFromResponse,
  invalidResponseError,
  textSnippet,
} from './errors.js';
import { buildUrl, type QueryParams } from './query.js';
import { backoffDelay, isRetryableStatus, sleep, type BackoffOptions } from './retry.js';
import { SharedRequests } from './shared.js';
import { runStream, type StreamEvent, type StreamState } from './stream.js';

export interface CmdctrClientOptions {
  /** '' = same origin; requests go to `${baseUrl}/v1/...`. */
  baseUrl: string;
  /** Called before every request; a non-empty result is sent as `Authorization: Bearer …`. */
  tokenProvider?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Extra headers, e.g. ServiceNow's `X-UserToken`; a function is called for every request. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Default 'same-origin'; 'include' for cookie sessions on another origin. */
  credentials?: RequestCredentials;
  /** Longest wait for one attempt (response and body), ms. Default 10 000. */
  timeoutMs?: number;
  /** Tries per request, counting the first. Default 5. */
  maxAttempts?: number;
  /** Scale of the exponential backoff between retries and stream reconnects, ms. Default 500. */
  retryBaseMs?: number;
  /** Cap of one computed backoff delay, ms. Default 30 000 (Retry-After is capped at 60 s). */
  retryMaxMs?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: QueryParams;
  signal?: AbortSignal;
  /** The 2xx body is checked with validate(); a failure rejects with kind 'invalid-response'. */
  schema?: JsonSchema;
  /** Skip the in-memory cache (max-age and in-flight answers); still revalidates by ETag. */
  fresh?: boolean;
}

export interface PostOptions extends RequestOptions {
  /** Makes the POST safe to retry; sent as `Idempotency-Key`. */
  idempotencyKey?: string;
  /** Optimistic concurrency; sent as `If-Match`. */
  ifMatch?: string;
}

export interface StreamOptions {
  /** Default '/v1/stream'. */
  path?: string;
  query?: QueryParams;
  signal: AbortSignal;
  onEvent(event: StreamEvent): void;
  onStateChange?(state: StreamState): void;
  /** Silence after which the connection is replaced, ms. Default 45 000 (three missed heartbeats). */
  idleTimeoutMs?: number;
  /** The reason the stream stopped for good (auth, 4xx, not an event stream). */
  onError?(error: CmdctrError): void;
}

export interface ClientResponse<T> {
  data: T;
  status: number;
  etag: string | null;
  /** Client clock, ms. */
  receivedAt: number;
  /** From the Date header, ms; lets countdowns ignore a skewed client clock. */
  serverTime: number | null;
  /** True when the body came from the in-memory cache (304 revalidation or max-age). */
  fromCache: boolean;
}

/** What one network exchange yields before each caller applies its own schema. */
interface Loaded extends ClientResponse<unknown> {
  /** The cache entry to store once the data passes validation; null when nothing to remember. */
  entry: CacheEntry | null;
}

interface Exchange {
  response: Response;
  text: string;
  receivedAt: number;
}

/**
 * The fetch client every element shares: auth headers, timeouts, retries with backoff, one
 * in-flight request per URL, ETag revalidation, typed errors and runtime contract checks.
 *
 * Returned `data` objects are shared between callers and the cache: treat them as read-only.
 */
export class CmdctrClient {
  readonly baseUrl: string;
  readonly #options: CmdctrClientOptions;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #backoff: BackoffOptions;
  readonly #cache = new ResponseCache();
  readonly #inflight = new SharedRequests<Loaded>();

  constructor(options: CmdctrClientOptions) {
    this.#options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 5));
    this.#backoff = { baseMs: options.retryBaseMs ?? 500, maxMs: options.retryMaxMs ?? 30_000 };
  }

  url(path: string, query?: RequestOptions['query']): string {
    return buildUrl(this.baseUrl, path, query);
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<ClientResponse<T>> {
    const { signal, fresh } = options;
    if (signal?.aborted) throw abortedError(signal);
    const url = this.url(path, options.query);
    const label = `GET ${path}`;
    const headers = await this.#headers();
    // Auth is part of the key: two users in one page must never see each other's answers.
    const key = `${url}\n${identityOf(headers)}`;
    const cached = this.#cache.get(key);
    return this.#accept<T>(
      key,
      !fresh && cached && cached.freshUntil > Date.now()
        ? { ...cached, fromCache: true, entry: cached }
        : // One shared GET, conditional on the cached ETag; validation is per caller.
          await this.#inflight.run(
            key,
            async (shared) => {
              if (cached?.etag) headers['If-None-Match'] = cached.etag;
              const exchange = await this.#exchange(url, label, { headers }, shared, true);
              return this.#parse(exchange, label, cached);
            },
            signal,
            !fresh,
          ),
      options.schema,
      label,
    );
  }

  async post<T>(
    path: string,
    body: unknown,
    options: PostOptions = {},
  ): Promise<ClientResponse<T>> {
    const { signal, idempotencyKey, ifMatch } = options;
    if (signal?.aborted) throw abortedError(signal);
    const label = `POST ${path}`;
    const headers: Record<string, string> = {
      ...(await this.#headers()),
      'Content-Type': 'application/json',
    };
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    if (ifMatch) headers['If-Match'] = ifMatch;
    // Without an idempotency key a retried POST could approve or post twice.
    const exchange = await this.#exchange(
      this.url(path, options.query),
      label,
      { method: 'POST', headers, body: JSON.stringify(body) },
      signal,
      !!idempotencyKey,
    );
    return this.#accept<T>(null, this.#parse(exchange, label), options.schema, label);
  }

  /**
   * `POST /v1/approvals/{id}/decision`. Both headers are required by the contract: the same
   * `idempotencyKey` must be sent again when retrying an attempt whose answer never arrived, so
   * the decision cannot be recorded twice; `ifMatch` is the approval's `ETag` as the user saw it.
   * Pass `ApprovalResponseSchema` as `schema` to check the answer (not imported here, so pages
   * that never decide do not ship it).
   */
  decideApproval(
    id: string,
    decision: DecisionRequest,
    options: PostOptions & { idempotencyKey: string; ifMatch: string },
  ): Promise<ClientResponse<ApprovalResponse>> {
    return this.post(`/v1/approvals/${encodeURIComponent(id)}/decision`, decision, options);
  }

  stream(options: StreamOptions): void {
    const path = options.path ?? '/v1/stream';
    void runStream(
      {
        url: this.url(path, options.query),
        label: `GET ${path} (stream)`,
        fetch: this.#fetch,
        credentials: this.#credentials,
        headers: () => this.#headers(),
        connectTimeoutMs: this.#timeoutMs,
        backoff: this.#backoff,
        idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
      },
      options,
    );
  }

  get #fetch(): typeof fetch {
    // Bound lazily so a test or app can patch globalThis.fetch after the client exists.
    return this.#options.fetch ?? ((input, init) => fetch(input, init));
  }

  get #credentials(): RequestCredentials {
    return this.#options.credentials ?? 'same-origin';
  }

  async #headers(): Promise<Record<string, string>> {
    const { headers = {}, tokenProvider } = this.#options;
    const result: Record<string, string> = {
      Accept: 'application/json',
      ...(typeof headers === 'function' ? headers() : headers),
    };
    if (tokenProvider) {
      let token: string | null | undefined;
      try {
        token = await tokenProvider();
      } catch (cause) {
        throw new CmdctrError('auth-required', 'The token provider failed', { cause });
      }
      if (token) result['Authorization'] = `Bearer ${token}`;
    }
    return result;
  }

  /**
   * Sends one request with retries; resolves with the read body of a 2xx or 304. Each attempt's
   * response and body must arrive within timeoutMs.
   */
  async #exchange(
    url: string,
    label: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
    retryable: boolean,
  ): Promise<Exchange> {
    for (let attempt = 1; ; attempt++) {
      const canRetry = retryable && attempt < this.#maxAttempts;
      let wait: number | null = null;
      try {
        const exchange = await this.#attempt(url, label, init, signal);
        const { response } = exchange;
        if (response.ok || response.status === 304) return exchange;
        const error = errorFromResponse(response, exchange.text, label);
        if (!canRetry || !isRetryableStatus(response.status)) throw error;
        wait = error.retryAfterMs;
      } catch (error) {
        // Only a failed connection is retried here; HTTP errors were decided above.
        if (!(canRetry && error instanceof CmdctrError && error.kind === 'network')) throw error;
      }
      await sleep(wait ?? backoffDelay(attempt - 1, this.#backoff), signal);
    }
  }

  async #attempt(
    url: string,
    label: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
  ): Promise<Exchange> {
    if (signal?.aborted) throw abortedError(signal);
    const controller = new AbortController();
    let timedOut = false;
    const forward = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', forward, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    try {
      const response = await this.#fetch(url, {
        ...init,
        credentials: this.#credentials,
        // We keep our own cache and send If-None-Match ourselves; the HTTP cache would turn 304s into opaque 200s.
        cache: 'no-store',
        signal: controller.signal,
      });
      return { response, text: await response.text(), receivedAt: Date.now() };
    } catch (cause) {
      throw timedOut
        ? new CmdctrError('timeout', `${label} did not complete within ${this.#timeoutMs} ms`, {
            cause,
          })
        : signal?.aborted
          ? abortedError(signal)
          : new CmdctrError('network', `${label} could not reach the server`, { cause });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  /** Turns a 2xx/304 exchange into data; a 304 reuses the entry whose ETag we sent. */
  #parse({ response, text, receivedAt }: Exchange, label: string, cached?: CacheEntry): Loaded {
    const { status, headers } = response;
    const serverTime = parseDate(headers.get('Date'));
    const maxAge = maxAgeMs(headers.get('Cache-Control'));
    const freshUntil = receivedAt + maxAge;
    if (status === 304) {
      if (!cached)
        throw new CmdctrError(
          'invalid-response',
          `${label} answered 304 to a request we did not make conditional`,
          { status },
        );
      const entry = { ...cached, receivedAt, serverTime, freshUntil };
      return { ...entry, fromCache: true, entry };
    }
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (cause) {
        throw new CmdctrError(
          'invalid-response',
          `${label} returned a body that is not JSON (${headers.get('Content-Type') ?? 'no content type'}): ${textSnippet(text, 80)}`,
          { status, cause },
        );
      }
    }
    const etag = headers.get('ETag');
    const entry = {
      data,
      status,
      etag,
      receivedAt,
      serverTime,
      freshUntil,
      validated: new WeakSet(),
    };
    return { ...entry, fromCache: false, entry: etag || maxAge > 0 ? entry : null };
  }

  /** Applies the caller's schema, then remembers the data: only good data may enter the cache. */
  #accept<T>(
    key: string | null,
    { entry, data, status, etag, receivedAt, serverTime, fromCache }: Loaded,
    schema: JsonSchema | undefined,
    label: string,
  ): ClientResponse<T> {
    if (schema && !entry?.validated.has(schema)) {
      const issues = validate(schema, data);
      if (issues.length) throw invalidResponseError(label, status, issues);
      entry?.validated.add(schema);
    }
    if (key && entry) this.#cache.set(key, entry);
    return { data: data as T, status, etag, receivedAt, serverTime, fromCache };
  }
}

function parseDate(value: string | null): number | null {
  const ms = Date.parse(value ?? '');
  return Number.isNaN(ms) ? null : ms;
}

/** A stable string of the headers that identify the caller, for request sharing and caching. */
function identityOf(headers: Record<string, string>): string {
  // Header names cannot contain ':' and values cannot contain line breaks: the join is unambiguous.
  return Object.entries(headers)
    .map(([name, value]) => `${name.toLowerCase()}:${value}`)
    .sort()
    .join('\n');
}

const sharedClients = new Map<string, CmdctrClient>();

/**
 * One client per base URL and credentials mode, so every element on a page shares one cache
 * and one set of in-flight requests. Options with functions, headers or a custom fetch describe
 * a caller-specific identity, so they get a client of their own.
 */
export function clientFor(options: CmdctrClientOptions): CmdctrClient {
  if (options.tokenProvider || options.headers || options.fetch) return new CmdctrClient(options);
  // JSON writes an unset (undefined) option as null.
  const key = JSON.stringify([
    options.baseUrl.replace(/\/+$/, ''),
    options.credentials ?? 'same-origin',
    options.timeoutMs,
    options.maxAttempts,
    options.retryBaseMs,
    options.retryMaxMs,
  ]);
  let client = sharedClients.get(key);
  if (!client) sharedClients.set(key, (client = new CmdctrClient(options)));
  return client;
}
