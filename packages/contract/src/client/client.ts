import type { ApprovalResponse, DecisionRequest } from '../types.js';
import { validate, type JsonSchema } from '../validate.js';
import { maxAgeMs, ResponseCache, type CacheEntry } from './cache.js';
import { CmdctrError, errorFromResponse, invalidResponseError, textSnippet } from './errors.js';
import { buildUrl, type QueryParams } from './query.js';
import { backoffDelay, isRetryableStatus, sleep } from './retry.js';
import { abortedError, SharedRequests } from './shared.js';
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
interface Loaded {
  data: unknown;
  status: number;
  etag: string | null;
  receivedAt: number;
  serverTime: number | null;
  fromCache: boolean;
  /** The cache entry to store once the data passes validation; null when nothing to remember. */
  entry: CacheEntry | null;
}

interface Exchange {
  response: Response;
  text: string;
  receivedAt: number;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  maxAttempts: 5,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
} as const;

function parseDate(value: string | null): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function resolvedSchemaKey(schema: JsonSchema | undefined): object | null {
  return typeof schema === 'object' && schema !== null ? schema : null;
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
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;
  readonly #cache = new ResponseCache();
  readonly #inflight = new SharedRequests<Loaded>();

  constructor(options: CmdctrClientOptions) {
    this.#options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.#maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULTS.maxAttempts));
    this.#retryBaseMs = options.retryBaseMs ?? DEFAULTS.retryBaseMs;
    this.#retryMaxMs = options.retryMaxMs ?? DEFAULTS.retryMaxMs;
  }

  url(path: string, query?: RequestOptions['query']): string {
    return buildUrl(this.baseUrl, path, query);
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<ClientResponse<T>> {
    const { signal, schema, fresh = false } = options;
    if (signal?.aborted) throw abortedError(signal);
    const url = this.url(path, options.query);
    const label = `GET ${path}`;
    const headers = await this.#headers();
    // Auth is part of the key: two users in one page must never see each other's answers.
    const key = `${url}\n${identityOf(headers)}`;
    const cached = this.#cache.get(key);
    if (!fresh && cached && cached.freshUntil > Date.now()) {
      return this.#accept<T>(key, { ...cached, fromCache: true, entry: cached }, schema, label);
    }
    const loaded = await this.#inflight.run(
      key,
      (shared) => this.#load(key, url, label, headers, shared),
      signal,
      !fresh,
    );
    return this.#accept<T>(key, loaded, schema, label);
  }

  async post<T>(
    path: string,
    body: unknown,
    options: PostOptions = {},
  ): Promise<ClientResponse<T>> {
    const { signal, schema, idempotencyKey, ifMatch } = options;
    if (signal?.aborted) throw abortedError(signal);
    const url = this.url(path, options.query);
    const label = `POST ${path}`;
    const headers: Record<string, string> = {
      ...(await this.#headers()),
      'Content-Type': 'application/json',
    };
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    if (ifMatch) headers['If-Match'] = ifMatch;
    const payload = JSON.stringify(body);
    const controller = new AbortController();
    const forward = () => controller.abort(abortedError(signal as AbortSignal));
    signal?.addEventListener('abort', forward, { once: true });
    try {
      // Without an idempotency key a retried POST could approve or post twice.
      const exchange = await this.#exchange(
        url,
        label,
        { method: 'POST', headers, body: payload },
        controller.signal,
        Boolean(idempotencyKey),
      );
      const loaded = this.#parse(exchange, label, null);
      return this.#accept<T>(null, loaded, schema, label);
    } finally {
      signal?.removeEventListener('abort', forward);
    }
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
    runStream(
      {
        url: this.url(path, options.query),
        label: `GET ${path} (stream)`,
        fetch: this.#fetch,
        credentials: this.#options.credentials ?? 'same-origin',
        headers: () => this.#headers(),
        connectTimeoutMs: this.#timeoutMs,
        retryBaseMs: this.#retryBaseMs,
        retryMaxMs: this.#retryMaxMs,
        idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
      },
      options,
    );
  }

  get #fetch(): typeof fetch {
    // Bound lazily so a test or app can patch globalThis.fetch after the client exists.
    return this.#options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async #headers(): Promise<Record<string, string>> {
    const { headers, tokenProvider } = this.#options;
    const extra = typeof headers === 'function' ? headers() : (headers ?? {});
    const result: Record<string, string> = { Accept: 'application/json', ...extra };
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

  /** One shared GET: conditional on the cached ETag, retried, parsed; validation is per caller. */
  async #load(
    key: string,
    url: string,
    label: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Loaded> {
    const cached = this.#cache.get(key);
    const requestHeaders = { ...headers };
    if (cached?.etag) requestHeaders['If-None-Match'] = cached.etag;
    const exchange = await this.#exchange(
      url,
      label,
      { method: 'GET', headers: requestHeaders },
      signal,
      true,
    );
    return this.#parse(exchange, label, cached ?? null);
  }

  /** Sends one request with per-attempt timeout and retries; resolves with the read body. */
  async #exchange(
    url: string,
    label: string,
    init: RequestInit,
    signal: AbortSignal,
    retryable: boolean,
  ): Promise<Exchange> {
    for (let attempt = 1; ; attempt++) {
      const canRetry = retryable && attempt < this.#maxAttempts;
      let exchange: Exchange;
      try {
        exchange = await this.#attempt(url, label, init, signal);
      } catch (error) {
        if (error instanceof CmdctrError && error.kind === 'network' && canRetry) {
          await this.#pause(backoffDelay(attempt - 1, this.#backoff), signal);
          continue;
        }
        throw error;
      }
      const { response, text } = exchange;
      if (response.ok || response.status === 304) return exchange;
      const error = errorFromResponse(response, text, label);
      if (canRetry && isRetryableStatus(response.status)) {
        await this.#pause(error.retryAfterMs ?? backoffDelay(attempt - 1, this.#backoff), signal);
        continue;
      }
      throw error;
    }
  }

  get #backoff() {
    return { baseMs: this.#retryBaseMs, maxMs: this.#retryMaxMs };
  }

  async #pause(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch {
      throw abortedError(signal);
    }
  }

  /** One fetch whose response and body must arrive within timeoutMs. */
  async #attempt(
    url: string,
    label: string,
    init: RequestInit,
    signal: AbortSignal,
  ): Promise<Exchange> {
    if (signal.aborted) throw abortedError(signal);
    const controller = new AbortController();
    let timedOut = false;
    const forward = () => controller.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    try {
      const response = await this.#fetch(url, {
        ...init,
        credentials: this.#options.credentials ?? 'same-origin',
        // We keep our own cache and send If-None-Match ourselves; the HTTP cache would turn 304s into opaque 200s.
        cache: 'no-store',
        signal: controller.signal,
      });
      const text = await response.text();
      return { response, text, receivedAt: Date.now() };
    } catch (cause) {
      if (timedOut)
        throw new CmdctrError('timeout', `${label} did not complete within ${this.#timeoutMs} ms`, {
          cause,
        });
      if (signal.aborted) throw abortedError(signal);
      throw new CmdctrError('network', `${label} could not reach the server`, { cause });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', forward);
    }
  }

  /** Turns a 2xx/304 exchange into data; a 304 reuses the entry whose ETag we sent. */
  #parse(
    { response, text, receivedAt }: Exchange,
    label: string,
    cached: CacheEntry | null,
  ): Loaded {
    const serverTime = parseDate(response.headers.get('Date'));
    if (response.status === 304) {
      if (!cached)
        throw new CmdctrError(
          'invalid-response',
          `${label} answered 304 to a request we did not make conditional`,
          { status: 304 },
        );
      const entry: CacheEntry = {
        ...cached,
        receivedAt,
        serverTime,
        freshUntil: receivedAt + maxAgeMs(response.headers.get('Cache-Control')),
      };
      return {
        data: cached.data,
        status: cached.status,
        etag: cached.etag,
        receivedAt,
        serverTime,
        fromCache: true,
        entry,
      };
    }
    let data: unknown = null;
    if (text !== '') {
      try {
        data = JSON.parse(text);
      } catch (cause) {
        const type = response.headers.get('Content-Type') ?? 'no content type';
        throw new CmdctrError(
          'invalid-response',
          `${label} returned a body that is not JSON (${type}): ${textSnippet(text, 80)}`,
          {
            status: response.status,
            cause,
          },
        );
      }
    }
    const etag = response.headers.get('ETag');
    const maxAge = maxAgeMs(response.headers.get('Cache-Control'));
    const entry: CacheEntry | null =
      etag || maxAge > 0
        ? {
            data,
            status: response.status,
            etag,
            receivedAt,
            serverTime,
            freshUntil: receivedAt + maxAge,
            validated: new WeakSet(),
          }
        : null;
    return { data, status: response.status, etag, receivedAt, serverTime, fromCache: false, entry };
  }

  /** Applies the caller's schema, then remembers the data: only good data may enter the cache. */
  #accept<T>(
    key: string | null,
    loaded: Loaded,
    schema: JsonSchema | undefined,
    label: string,
  ): ClientResponse<T> {
    const schemaKey = resolvedSchemaKey(schema);
    if (schema !== undefined && !(schemaKey && loaded.entry?.validated.has(schemaKey))) {
      const issues = validate(schema, loaded.data);
      if (issues.length > 0) throw invalidResponseError(label, loaded.status, issues);
      if (schemaKey) loaded.entry?.validated.add(schemaKey);
    }
    if (key !== null && loaded.entry) this.#cache.set(key, loaded.entry);
    const { data, status, etag, receivedAt, serverTime, fromCache } = loaded;
    return { data: data as T, status, etag, receivedAt, serverTime, fromCache };
  }
}

/** A stable string of the headers that identify the caller, for request sharing and caching. */
function identityOf(headers: Record<string, string>): string {
  return JSON.stringify(
    Object.entries(headers)
      .map(([name, value]) => [name.toLowerCase(), value])
      .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
  );
}

const sharedClients = new Map<string, CmdctrClient>();

/**
 * One client per base URL and credentials mode, so every element on a page shares one cache
 * and one set of in-flight requests. Options with functions, headers or a custom fetch describe
 * a caller-specific identity, so they get a client of their own.
 */
export function clientFor(options: CmdctrClientOptions): CmdctrClient {
  if (options.tokenProvider || options.headers || options.fetch) return new CmdctrClient(options);
  const key = JSON.stringify([
    options.baseUrl.replace(/\/+$/, ''),
    options.credentials ?? 'same-origin',
    options.timeoutMs ?? null,
    options.maxAttempts ?? null,
    options.retryBaseMs ?? null,
    options.retryMaxMs ?? null,
  ]);
  let client = sharedClients.get(key);
  if (!client) {
    client = new CmdctrClient(options);
    sharedClients.set(key, client);
  }
  return client;
}
