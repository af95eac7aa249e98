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
    const host = this.#host;
    if (!host.isConnected) return;
    const client = host.client;
    const key = this.#keyFor(client);
    if (key !== this.#requestKey) void this.#load(client, key, false);
    this.#syncLive(host.config.live ? client : undefined);
  }

  hostConnected(): void {
    // A reconnected host (moved in the DOM) must run hostUpdate again to refetch and resubscribe;
    // nothing else asks for that update once its properties are unchanged.
    if (this.#requestKey === undefined) this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#inFlight?.abort();
    this.#inFlight = undefined;
    this.loading = this.showSkeleton = false;
    this.#clearTimers();
    this.#syncLive(undefined);
    // Reconnecting (e.g. a move in the DOM) fetches again rather than trusting old data.
    this.#requestKey = undefined;
  }

  /** Fetches again now, revalidating any cached copy. */
  refresh(): Promise<void> {
    const client = this.#host.client;
    return this.#load(client, this.#keyFor(client), true);
  }

  #keyFor(client: CmdctrClient): string {
    return client.url(this.options.path, this.options.query());
  }

  async #load(client: CmdctrClient, key: string, fresh: boolean): Promise<void> {
    this.#requestKey = key;
    const { path, query, schema, isEmpty } = this.options;
    this.#inFlight?.abort();
    const attempt = (this.#inFlight = new AbortController());
    const signal = attempt.signal;
    this.#clearTimers();
    this.loading = true;
    if (this.data === undefined) this.status = 'loading';
    this.#skeletonTimer = setTimeout(() => {
      this.showSkeleton = true;
      this.#host.requestUpdate();
    }, SKELETON_DELAY_MS);

    try {
      const response = await client.get<T>(path, { query: query(), signal, schema, fresh });
      if (signal.aborted) return;
      this.response = response;
      this.data = response.data;
      this.#dataKey = key;
      this.error = undefined;
      this.stale = false;
      this.status = isEmpty(response.data) ? 'empty' : 'ready';
    } catch (cause) {
      // The client rejects only with CmdctrError; anything else is a bug, surfaced as a
      // network-kind error.
      const error =
        cause instanceof CmdctrError
          ? cause
          : new CmdctrError('network', cause instanceof Error ? cause.message : String(cause), {
              cause,
            });
      if (!signal.aborted && error.kind !== 'aborted') this.#fail(error, key);
    } finally {
      if (this.#inFlight === attempt) this.#settle();
    }
  }

  #fail(error: CmdctrError, key: string): void {
    const host = this.#host;
    this.error = error;
    if (this.data !== undefined && this.#dataKey === key) {
      this.stale = true;
    } else {
      // Data for other filters must not pass as the answer to these ones.
      this.data = this.#dataKey = undefined;
      this.stale = false;
      this.status = 'error';
    }
    if (error.kind === 'auth-required') {
      emit(host, 'cmdctr-auth-required', { status: error.status, problem: error.problem });
    }
    emit(host, 'cmdctr-error', { error, stale: this.stale });
  }

  #settle(): void {
    const host = this.#host;
    this.#inFlight = undefined;
    this.loading = this.showSkeleton = false;
    clearTimeout(this.#skeletonTimer);
    const seconds = host.config.refresh;
    if (seconds > 0 && host.isConnected && this.error?.kind !== 'forbidden') {
      this.#refreshTimer = setTimeout(() => void this.refresh(), seconds * 1000);
    }
    host.requestUpdate();
  }

  #syncLive(client: CmdctrClient | undefined): void {
    if (client === this.#liveClient) return;
    this.#unsubscribe?.();
    this.#liveClient = client;
    this.#unsubscribe = client && subscribeStream(client, (event) => this.#onStreamEvent(event));
  }

  #onStreamEvent({ event, data }: StreamEvent): void {
    if (event !== 'metrics-changed') return;
    const { metrics, workflow } = (data ?? {}) as { metrics?: unknown; workflow?: unknown };
    const shown = this.#host.config.workflow;
    if (
      !(Array.isArray(metrics) && !metrics.includes(this.options.metric)) &&
      (!shown || typeof workflow !== 'string' || shown.split(',').includes(workflow))
    ) {
      clearTimeout(this.#liveTimer);
      this.#liveTimer = setTimeout(() => void this.refresh(), LIVE_DEBOUNCE_MS);
    }
  }

  #clearTimers(): void {
    clearTimeout(this.#skeletonTimer);
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#liveTimer);
  }
}
