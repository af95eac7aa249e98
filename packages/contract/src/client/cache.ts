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

  constructor(readonly limit = 200) {}

  get(key: string): CacheEntry | undefined {
    const entry = this.#entries.get(key);
    // Re-inserted to mark it as recently used (Map keeps insertion order).
    if (entry) this.#put(key, entry);
    return entry;
  }

  /** Stores `entry` unless a response received later is already stored (out-of-order commits). */
  set(key: string, entry: CacheEntry): void {
    const current = this.#entries.get(key);
    if (!(current && current !== entry && current.receivedAt > entry.receivedAt))
      this.#put(key, entry);
  }

  #put(key: string, entry: CacheEntry): void {
    const entries = this.#entries;
    entries.delete(key);
    entries.set(key, entry);
    // One entry comes in at a time, so at most the oldest one has to go.
    if (entries.size > this.limit) entries.delete(entries.keys().next().value!);
  }
}

/** Reads `max-age` from Cache-Control; 0 when absent or when the server forbids reuse. */
export function maxAgeMs(cacheControl: string | null): number {
  if (!cacheControl || /(?:^|,)\s*(?:no-cache|no-store)\b/i.test(cacheControl)) return 0;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return match ? Number(match[1]) * 1000 : 0;
}
