/**
 * Query-parameter parsing for every GET route. Each bad parameter becomes one `invalid_params`
 * entry, and all of them are reported together, so a client fixes a request in one round trip.
 */
import {
  bucketsBetween,
  ceilTo,
  isValidTimeZone,
  nominalMs,
  parseDateTime,
  parseDuration,
  startOf,
  subtractDuration,
  type BucketUnit,
  type Buckets,
  type IsoDuration,
} from '../time.js';
import { invalidParams, type InvalidParam } from './problem.js';

export type RawQuery = Record<string, string | string[] | undefined>;

const WORKFLOW = /^[a-z0-9_]+$/;
const REGION = /^[A-Z]{2,8}$/;
const BUCKETS: readonly BucketUnit[] = ['hour', 'day', 'week'];
const DAY = 86_400_000;
export const MAX_BUCKETS = 3000;
const DEFAULT_RANGE: IsoDuration = {
  years: 0,
  months: 0,
  weeks: 0,
  days: 7,
  hours: 0,
  minutes: 0,
  seconds: 0,
};

export class QueryReader {
  readonly problems: InvalidParam[] = [];
  constructor(private readonly raw: RawQuery) {}

  /** A single value; repeated parameters are joined as a comma-separated list. */
  string(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v.join(',') : v;
  }

  fail(name: string, reason: string): void {
    this.problems.push({ name, reason });
  }

  list(name: string, pattern?: RegExp, what = 'value'): string[] {
    const v = this.string(name);
    if (v === undefined || v === '') return [];
    const items = [...new Set(v.split(',').map((s) => s.trim()))].filter(Boolean);
    for (const item of items) {
      if (pattern && !pattern.test(item))
        this.fail(name, `"${item}" is not a valid ${what} (expected ${pattern.source})`);
    }
    return items;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: undefined): T | undefined;
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.fail(name, `must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  number(name: string, min: number, max: number, fallback: number, integer = false): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      this.fail(name, `must be ${integer ? 'an integer' : 'a number'}`);
      return fallback;
    }
    if (n < min || n > max) {
      this.fail(name, `must be between ${min} and ${max}`);
      return fallback;
    }
    return n;
  }

  boolean(name: string): boolean | null {
    const v = this.string(name);
    if (v === undefined) return null;
    if (v === 'true') return true;
    if (v === 'false') return false;
    this.fail(name, 'must be true or false');
    return null;
  }

  /** Throws a 400 problem naming every bad parameter seen so far. */
  check(): void {
    if (this.problems.length) throw invalidParams(this.problems);
  }
}

export interface Selection {
  workflows: string[];
  regions: string[];
}

export function readSelection(q: QueryReader): Selection {
  return {
    workflows: q.list('workflow', WORKFLOW, 'workflow id'),
    regions: q.list('region', REGION, 'region code'),
  };
}

export interface Window {
  tz: string;
  from: number;
  to: number;
  bucket: BucketUnit;
  buckets: Buckets;
}

/**
 * The time window after defaults: `to` defaults to now rounded up to the bucket edge, `from` to
 * `to` minus `range` (P7D), the bucket to `hour` up to 7 days and `day` beyond; both ends are
 * aligned to bucket edges in `tz`, and the aligned values are what `meta.filters` reports.
 */
export function readWindow(q: QueryReader, now: number, options: { bucketParam: boolean }): Window {
  const tz = q.string('tz') ?? 'UTC';
  if (!isValidTimeZone(tz)) q.fail('tz', `unknown IANA time zone "${tz}"`);
  const zone = isValidTimeZone(tz) ? tz : 'UTC';

  const parseEnd = (name: 'from' | 'to'): number | undefined => {
    const v = q.string(name);
    if (v === undefined) return undefined;
    const ms = parseDateTime(v);
    if (ms === null)
      q.fail(
        name,
        'must be an RFC 3339 date-time with a time zone offset, e.g. 2025-12-01T00:00:00Z',
      );
    return ms ?? undefined;
  };
  const from = parseEnd('from');
  const to = parseEnd('to');
  const rangeText = q.string('range');
  let range = DEFAULT_RANGE;
  if (rangeText !== undefined) {
    const parsed = parseDuration(rangeText);
    if (!parsed) q.fail('range', 'must be an ISO 8601 duration such as P7D, PT24H or P1M');
    else if (nominalMs(parsed) === 0) q.fail('range', 'must be longer than zero');
    else range = parsed;
  }
  if (from !== undefined && to !== undefined && from >= to) q.fail('from', 'must be before to');

  const span = from !== undefined && to !== undefined ? to - from : nominalMs(range);
  let bucket: BucketUnit = span <= 7 * DAY ? 'hour' : 'day';
  if (options.bucketParam) bucket = q.oneOf('bucket', BUCKETS, bucket);
  const clockUnit: BucketUnit = options.bucketParam ? bucket : 'hour';

  const end = ceilTo(to ?? now, clockUnit, zone);
  const start = from ?? subtractDuration(end, range, zone);
  // Endpoints without a time series only need the window's edges, so they get no bucket limit.
  const buckets = options.bucketParam
    ? bucketsBetween(start, end, clockUnit, zone, MAX_BUCKETS)
    : { starts: [startOf(start, 'hour', zone)], end };
  if (!buckets) {
    q.fail(
      options.bucketParam ? 'bucket' : 'range',
      `the window would need more than ${MAX_BUCKETS} ${clockUnit} buckets; use a larger bucket or a shorter range`,
    );
  }
  q.check();
  const b = buckets!;
  return { tz: zone, from: b.starts[0]!, to: b.end, bucket, buckets: b };
}

/** Opaque cursors: base64url JSON, checked on the way back in. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(q: QueryReader, check: (v: unknown) => v is T): T | null {
  const raw = q.string('cursor');
  if (raw === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through to the problem below
  }
  q.fail('cursor', 'is not a cursor this server issued');
  return null;
}
