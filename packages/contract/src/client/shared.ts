import { CmdctrError } from './errors.js';

interface Shared<T> {
  promise: Promise<T>;
  controller: AbortController;
  refs: number;
  settled: boolean;
}

/** The error a caller gets when its own signal aborts. */
export function abortedError(signal: AbortSignal): CmdctrError {
  const reason: unknown = signal.reason;
  if (reason instanceof CmdctrError) return reason;
  return new CmdctrError('aborted', 'The request was aborted', { cause: reason });
}

/**
 * Runs at most one request per key at a time and hands its result to every caller that asks
 * meanwhile. Each caller may abort on its own; the network request is aborted only when the
 * last caller has gone, so one element disconnecting never breaks its siblings' data.
 */
export class SharedRequests<T> {
  readonly #inflight = new Map<string, Shared<T>>();

  /** How many distinct requests are in flight (for tests and diagnostics). */
  get size(): number {
    return this.#inflight.size;
  }

  /**
   * @param join false starts a new request even if one is in flight (e.g. after a write, when
   *   the in-flight answer may predate it); later callers then join the new one.
   */
  run(
    key: string,
    start: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
    join = true,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    let shared = join ? this.#inflight.get(key) : undefined;
    if (!shared) {
      const controller = new AbortController();
      const created: Shared<T> = {
        promise: start(controller.signal),
        controller,
        refs: 0,
        settled: false,
      };
      const done = () => {
        created.settled = true;
        if (this.#inflight.get(key) === created) this.#inflight.delete(key);
      };
      created.promise.then(done, done);
      this.#inflight.set(key, created);
      shared = created;
    }
    return this.#join(key, shared, signal);
  }

  #join(key: string, shared: Shared<T>, signal: AbortSignal | undefined): Promise<T> {
    shared.refs++;
    return new Promise<T>((resolve, reject) => {
      let finished = false;
      const onAbort = () => {
        if (finished || !signal) return;
        finished = true;
        shared.refs--;
        if (shared.refs === 0 && !shared.settled) {
          // Nobody wants the answer any more: free the connection and let the next caller start afresh.
          if (this.#inflight.get(key) === shared) this.#inflight.delete(key);
          shared.controller.abort(abortedError(signal));
        }
        reject(abortedError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (value) => {
          if (finished) return;
          finished = true;
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          if (finished) return;
          finished = true;
          signal?.removeEventListener('abort', onAbort);
          reject(
            error instanceof Error
              ? error
              : new CmdctrError('network', String(error), { cause: error }),
          );
        },
      );
    });
  }
}
