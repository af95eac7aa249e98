import type { ReactiveController } from 'lit';
import {
  CmdctrError,
  type ClientResponse,
  type CmdctrClient,
  type RequestOptions,
  type StreamEvent,
} from '@cmdctr/contract';
import type { CmdctrElement } from './cmdctr-element.js';
import { emit } from './events.js';
import { subscribeStream } from './stream-hub.js';

export type MetricStatus = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

export interface MetricOptions<T> {
  /** Contract path, e.g. `/v1/metrics/exceptions`. */
  path: string;
  /** The response's schema from `@cmdctr/contract`; a body that does not match is an error. */
  schema: RequestOptions['schema'];
  /** Query parameters; called before each update, a change refetches. */
  query: () => Record<string, string | undefined>;
  /** Whether a valid response has nothing to draw (shown as the empty state). */
  isEmpty: (data: T) => boolean;
  /** Stream topic that names this data in `metrics-changed` events (e.g. `exceptions`). */
  metric: string;
}

/** Loading takes this long before a skeleton shows: no flash on fast networks. */
export const SKELETON_DELAY_MS = 300;
/** Stream events often come in bursts; one refetch serves a burst. */
const LIVE_DEBOUNCE_MS = 250;

/**
 * Fetches one contract resource for an element and keeps it current: refetches when the query
 * changes, polls every `refresh` seconds, follows the live stream, and keeps the last good data
 * on screen (marked stale) when a refresh fails. Everything stops on disconnect.
 */
export class MetricController<T> implements ReactiveController {
  status: MetricStatus = 'idle';
  data: T | undefined;
  error: CmdctrError | undefined;
  /** The data shown is older than the last attempt, which failed. */
  stale = false;
  /** Loading has lasted longer than SKELETON_DELAY_MS. */
  showSkeleton = false;
  /** A request is under way (also while older data is still shown). */
  loading = false;
  response: ClientResponse<T> | undefined;

  readonly #host: CmdctrElement;
  private readonly options: MetricOptions<T>;
  #requestKey: string | undefined;
  #dataKey: string | undefined;
  #inFlight: AbortController | undefined;
  #skeletonTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #liveTimer: ReturnType<typeof setTimeout> | undefined;
  #liveClient: CmdctrClient | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(host: CmdctrElement, options: MetricOptions<T>) {
    this.#host = host;
    this.options = options;
    host.addController(this);
  }

  hostUpdate(): void {
    // An update requested just before removal still runs once the host is out of the document:
    // it must not fetch or subscribe to the stream again, since no disconnect would close them.
    // hostConnected asks for an update when the host comes back.
    if (!this.#host.isConnected) return;
    const client = this.#host.client;
    const key = client.url(this.options.path, this.options.query());
    if (key !== this.#requestKey) {
      this.#requestKey = key;
      void this.#load(client, key, false);
    }
    this.#syncLive(this.#host.config.live ? client : undefined);
  }

  hostConnected(): void {
    // A reconnected host (moved in the DOM) must run hostUpdate again to refetch and resubscribe;
    // nothing else asks for that update once its properties are unchanged.
    if (this.#requestKey === undefined) this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#inFlight?.abort();
    this.#inFlight = undefined;
    this.loading = false;
    this.showSkeleton = false;
    this.#clearTimers();
    this.#syncLive(undefined);
    // Reconnecting (e.g. a move in the DOM) fetches again rather than trusting old data.
    this.#requestKey = undefined;
  }

  /** Fetches again now, revalidating any cached copy. */
  refresh(): Promise<void> {
    const client = this.#host.client;
    const key = client.url(this.options.path, this.options.query());
    this.#requestKey = key;
    return this.#load(client, key, true);
  }

  async #load(client: CmdctrClient, key: string, fresh: boolean): Promise<void> {
    this.#inFlight?.abort();
    const attempt = new AbortController();
    this.#inFlight = attempt;
    this.#clearTimers();
    this.loading = true;
    if (this.data === undefined) this.status = 'loading';
    this.#skeletonTimer = setTimeout(() => {
      this.showSkeleton = true;
      this.#host.requestUpdate();
    }, SKELETON_DELAY_MS);

    try {
      const response = await client.get<T>(this.options.path, {
        query: this.options.query(),
        signal: attempt.signal,
        schema: this.options.schema,
        fresh,
      });
      if (attempt.signal.aborted) return;
      this.response = response;
      this.data = response.data;
      this.#dataKey = key;
      this.error = undefined;
      this.stale = false;
      this.status = this.options.isEmpty(response.data) ? 'empty' : 'ready';
    } catch (cause) {
      if (attempt.signal.aborted) return;
      const error = asCmdctrError(cause);
      if (error.kind === 'aborted') return;
      this.#fail(error, key);
    } finally {
      if (this.#inFlight === attempt) this.#settle();
    }
  }

  #fail(error: CmdctrError, key: string): void {
    this.error = error;
    if (this.data !== undefined && this.#dataKey === key) {
      this.stale = true;
    } else {
      // Data for other filters must not pass as the answer to these ones.
      this.data = undefined;
      this.#dataKey = undefined;
      this.stale = false;
      this.status = 'error';
    }
    if (error.kind === 'auth-required') {
      emit(this.#host, 'cmdctr-auth-required', { status: error.status, problem: error.problem });
    }
    emit(this.#host, 'cmdctr-error', { error, stale: this.stale });
  }

  #settle(): void {
    this.#inFlight = undefined;
    this.loading = false;
    clearTimeout(this.#skeletonTimer);
    this.showSkeleton = false;
    const seconds = this.#host.config.refresh;
    if (seconds > 0 && this.#host.isConnected && this.error?.kind !== 'forbidden') {
      this.#refreshTimer = setTimeout(() => void this.refresh(), seconds * 1000);
    }
    this.#host.requestUpdate();
  }

  #syncLive(client: CmdctrClient | undefined): void {
    if (client === this.#liveClient) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#liveClient = client;
    if (client) this.#unsubscribe = subscribeStream(client, (event) => this.#onStreamEvent(event));
  }

  #onStreamEvent(event: StreamEvent): void {
    if (event.event !== 'metrics-changed' || !this.#concerns(event.data)) return;
    clearTimeout(this.#liveTimer);
    this.#liveTimer = setTimeout(() => void this.refresh(), LIVE_DEBOUNCE_MS);
  }

  #concerns(data: unknown): boolean {
    const change = (data ?? {}) as { metrics?: unknown; workflow?: unknown };
    if (Array.isArray(change.metrics) && !change.metrics.includes(this.options.metric)) {
      return false;
    }
    const shown = this.#host.config.workflow;
    if (!shown || typeof change.workflow !== 'string') return true;
    return shown.split(',').includes(change.workflow);
  }

  #clearTimers(): void {
    clearTimeout(this.#skeletonTimer);
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#liveTimer);
  }
}

/** The client rejects only with CmdctrError; anything else is a bug surfaced as a network-kind error. */
function asCmdctrError(cause: unknown): CmdctrError {
  if (cause instanceof CmdctrError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new CmdctrError('network', message, { cause });
}
