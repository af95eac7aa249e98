import { abortedError } from './errors.js';

/** Statuses that mean "try again later", not "your request is wrong". */
export function isRetryableStatus(status: number): boolean {
  return [429, 502, 503, 504].includes(status);
}

export interface BackoffOptions {
  /** Delay scale of the first retry, ms. */
  baseMs: number;
  /** Upper bound of any computed delay, ms. */
  maxMs: number;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter (a uniform pick in [0, min(max, base·2^n)]): many
 * dashboards that lost the same server must not come back in lock-step.
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelay(
  retry: number,
  { baseMs, maxMs, random = Math.random }: BackoffOptions,
): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.max(0, retry)));
}

/**
 * Resolves after `ms`, or rejects as soon as the signal aborts, with the error its callers give
 * for an abort (`abortedError`: the signal's reason when that is a CmdctrError).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
