/**
 * Time-zone arithmetic on epoch milliseconds with nothing but `Intl`, so bucket edges follow the
 * requested IANA zone (a local day can be 23 or 25 hours long) without a date library and without
 * any zone support in the SQL store.
 */
export type BucketUnit = 'hour' | 'day' | 'week';

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offsets looked up by formatting are cached per zone and UTC minute. Formatting costs a few
 * microseconds, and one hourly week of buckets with its comparison window asks for a thousand of
 * them per request (bucket starts, labels, edges), which made `formatToParts` the server's
 * busiest function under load. Zone transitions fall on whole minutes in the tz database, so an
 * offset read anywhere in a minute holds for all of it. The map is cleared when full rather than
 * kept in LRU order: refilling it costs one request's worth of formatting.
 */
const OFFSET_CACHE_ENTRIES = 100_000;
/** Per zone: UTC minute number → offset in ms. Numeric keys: no string built per lookup. */
const offsets = new Map<string, Map<number, number>>();
/** Entries over all zones, so a caller cycling through every zone name cannot grow it unbounded. */
let offsetEntries = 0;

/** The zone's wall clock read by formatting (the slow path behind the offset cache). */
function formattedParts(ms: number, tz: string): LocalParts {
  const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type in out) out[p.type as keyof LocalParts] = Number(p.value);
  }
  return out;
}

/** Offset of `tz` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function offsetAt(ms: number, tz: string): number {
  const minute = Math.floor(ms / 60_000);
  let zone = offsets.get(tz);
  if (!zone) offsets.set(tz, (zone = new Map<number, number>()));
  let offset = zone.get(minute);
  if (offset === undefined) {
    const minuteStart = minute * 60_000;
    const p = formattedParts(minuteStart, tz);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - minuteStart;
    if (offsetEntries >= OFFSET_CACHE_ENTRIES) {
      for (const z of offsets.values()) z.clear();
      offsetEntries = 0;
    }
    zone.set(minute, offset);
    offsetEntries++;
  }
  return offset;
}

/** The wall clock of `tz` at instant `ms` (seconds truncated, as `formatToParts` does). */
export function localParts(ms: number, tz: string): LocalParts {
  const wall = new Date(ms + offsetAt(ms, tz));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/**
 * The instant at which the wall clock of `tz` shows `p`. A wall time skipped by a DST gap maps to
 * the first instant after the gap (so "local midnight" always exists); a repeated wall time maps
 * to one of its two instants.
 */
export function fromLocal(p: LocalParts, tz: string): number {
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const o1 = offsetAt(asUtc, tz);
  const t1 = asUtc - o1;
  const o2 = offsetAt(t1, tz);
  if (o1 === o2) return t1;
  const t2 = asUtc - o2;
  if (offsetAt(t2, tz) === o2) return t2;
  return Math.max(t1, t2);
}

function addDays(p: LocalParts, days: number): LocalParts {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
  };
}

export function startOf(ms: number, unit: BucketUnit, tz: string): number {
  const p = localParts(ms, tz);
  if (unit === 'hour') {
    // Subtracting the local minutes and seconds keeps us in the same UTC-offset period, which
    // matters in the repeated hour of a fall-back change where wall times are ambiguous.
    return ms - (p.minute * 60 + p.second) * 1000 - (((ms % 1000) + 1000) % 1000);
  }
  const midnight = { ...p, hour: 0, minute: 0, second: 0 };
  if (unit === 'day') return fromLocal(midnight, tz);
  const weekday = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7; // Monday = 0
  return fromLocal(addDays(midnight, -weekday), tz);
}

/** Start of the bucket after the one starting at `start`. */
export function nextStart(start: number, unit: BucketUnit, tz: string): number {
  if (unit === 'hour') {
    const next = startOf(start + HOUR, 'hour', tz);
    // Zones with half-hour DST shifts could snap back onto `start`; never return a non-advance.
    return next > start ? next : start + HOUR;
  }
  const p = localParts(start, tz);
  const next = fromLocal(addDays(p, unit === 'day' ? 1 : 7), tz);
  return next > start ? next : start + (unit === 'day' ? DAY : 7 * DAY);
}

export function ceilTo(ms: number, unit: BucketUnit, tz: string): number {
  const s = startOf(ms, unit, tz);
  return s === ms ? ms : nextStart(s, unit, tz);
}

export interface Buckets {
  starts: number[];
  end: number;
}

/** Bucket starts covering [from, to): the first starts at or before `from`. */
export function bucketsBetween(
  from: number,
  to: number,
  unit: BucketUnit,
  tz: string,
  max = Infinity,
): Buckets | null {
  const starts: number[] = [];
  let s = startOf(from, unit, tz);
  while (s < to) {
    if (starts.length >= max) return null;
    starts.push(s);
    s = nextStart(s, unit, tz);
  }
  return { starts, end: s };
}

/** `count` buckets of `unit` ending at `end` (used for the aligned previous window). */
export function bucketsBefore(end: number, count: number, unit: BucketUnit, tz: string): Buckets {
  const starts: number[] = [];
  let s = end;
  for (let i = 0; i < count; i++) {
    s = startOf(s - 1, unit, tz);
    starts.unshift(s);
  }
  return { starts, end };
}

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseDuration(text: string): IsoDuration | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const n = (i: number): number => Number(m[i] ?? 0);
  return {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(5),
    minutes: n(6),
    seconds: n(7),
  };
}

/** Nominal length, for choosing a default bucket size only. */
export function nominalMs(d: IsoDuration): number {
  return (
    d.years * 365 * DAY +
    d.months * 30 * DAY +
    d.weeks * 7 * DAY +
    d.days * DAY +
    d.hours * HOUR +
    d.minutes * 60_000 +
    d.seconds * 1000
  );
}

/** `end` minus `d`: calendar parts in local time of `tz`, clock parts as elapsed time. */
export function subtractDuration(end: number, d: IsoDuration, tz: string): number {
  const p = localParts(end, tz);
  let year = p.year - d.years;
  let month = p.month - d.months;
  while (month < 1) {
    month += 12;
    year -= 1;
  }
  const monthLength = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const shifted = { ...p, year, month, day: Math.min(p.day, monthLength) };
  const dayShift = d.weeks * 7 + d.days;
  const calendar = dayShift
    ? { ...addDays(shifted, -dayShift), hour: p.hour, minute: p.minute, second: p.second }
    : shifted;
  const calendarMs = d.years || d.months || dayShift ? fromLocal(calendar, tz) + (end % 1000) : end;
  return calendarMs - (d.hours * HOUR + d.minutes * 60_000 + d.seconds * 1000);
}

/** RFC 3339 with the zone's offset at that instant, e.g. `2025-11-28T11:00:00+01:00`. */
export function formatLocal(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  const off = offsetAt(ms, tz);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const frac = ms % 1000 ? `.${pad(((ms % 1000) + 1000) % 1000, 3)}` : '';
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / 60_000;
  const zone =
    off === 0 && tz === 'UTC' ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${frac}${zone}`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time with an explicit offset; null when malformed. */
export function parseDateTime(text: string): number | null {
  if (!RFC3339.test(text)) return null;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : null;
}
