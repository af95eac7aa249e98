import { abortedError, CmdctrError } from './errors.js';

interface Shared<T> {
  promise: Promise<T>;
  controller: AbortController;
  refs: number;
  settled?: boolean;
}

/**
 * Runs at most one request per key at a time and hands its result to every caller that asks
 * meanwhile. Each caller may abort on its own; the network request is aborted only when the
 * last caller has gone, so one element disconnecting never breaks its siblings' data.
 */
export class SharedRequests<T> {
  readonly #inflight = new Map<string, Shared<T>>();

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
    const inflight = this.#inflight;
    let shared = join ? inflight.get(key) : undefined;
    if (!shared) {
      const controller = new AbortController();
      const created: Shared<T> = { promise: start(controller.signal), controller, refs: 0 };
      const done = () => {
        created.settled = true;
        if (inflight.get(key) === created) inflight.delete(key);
      };
      created.promise.then(done, done);
      inflight.set(key, (shared = created));
    }
    const joined = shared;
    joined.refs++;
    return new Promise<T>((resolve, reject) => {
      // Runs at most once (`once`), and is removed as soon as the shared answer is in; a late
      // settle after a rejection here is a no-op of the promise.
      const onAbort = () => {
        if (--joined.refs === 0 && !joined.settled) {
          // Nobody wants the answer any more: free the connection and let the next caller start afresh.
          if (inflight.get(key) === joined) inflight.delete(key);
          joined.controller.abort(abortedError(signal!));
        }
        reject(abortedError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const detach = () => signal?.removeEventListener('abort', onAbort);
      joined.promise.then(
        (value) => {
          detach();
          resolve(value);
        },
        (error: unknown) => {
          detach();
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
