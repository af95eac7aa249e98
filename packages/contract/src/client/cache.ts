/** One remembered good response, keyed by URL + auth identity. */
export interface CacheEntry {
  data: unknown;
  status: number;
  etag: string | null;
  receivedAt: number;
  serverTime: number | null;
  /** Client-clock ms until which the entry may be served without asking (Cache-Control max-age). */
  freshUntil: number;
  /** Schemas this exact data already passed, so a 304 does not re-validate a large body. */
  validated: WeakSet<object>;
}

/**
 * A small LRU of last good responses. Bounded because dashboards that slide their time range
 * produce a new URL every refresh and would otherwise grow without end.
 */
export class ResponseCache {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #limit: number;

  constructor(limit = 200) {
    this.#limit = limit;
  }

  get(key: string): CacheEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      // Re-insert to mark as recently used (Map keeps insertion order).
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** Stores `entry` unless a response received later is already stored (out-of-order commits). */
  set(key: string, entry: CacheEntry): void {
    const current = this.#entries.get(key);
    if (current && current !== entry && current.receivedAt > entry.receivedAt) return;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** Reads `max-age` from Cache-Control; 0 when absent or when the server forbids reuse. */
export function maxAgeMs(cacheControl: string | null): number {
  if (!cacheControl) return 0;
  if (/(?:^|,)\s*(?:no-cache|no-store)\b/i.test(cacheControl)) return 0;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return match?.[1] ? Number(match[1]) * 1000 : 0;
}
