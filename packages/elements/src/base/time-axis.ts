/**
 * Time-axis ticks in an IANA time zone and a locale, without d3-time-format or a time-zone
 * library: wall-clock times come from `Intl.DateTimeFormat`, which the browser already ships.
 *
 * Ticks sit on local boundaries (local hours, local midnights, first days of months), so a
 * chart in `Europe/Berlin` shows 23 hourly ticks on the spring-forward day and 25 on the
 * fall-back day (02:00 twice), exactly as the contract's buckets do.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export interface TimeTick {
  /** The tick's instant, epoch milliseconds. */
  at: number;
  /** The label in the locale and zone, e.g. "03:00", "29 Mar", "2026". */
  label: string;
  /** Starts a larger unit (a day on an hourly axis, a year on a monthly one): draw it bolder. */
  major: boolean;
}

export interface TimeAxisOptions {
  timeZone: string;
  locale: string;
  /** Upper bound on the number of ticks (from the axis length and label width). */
  maxTicks?: number;
}

type Unit = 'hour' | 'day' | 'week' | 'month' | 'year';

/** Candidate tick intervals, finest first, with their nominal length to pick one by density. */
const INTERVALS: ReadonlyArray<readonly [Unit, number, number]> = [
  ['hour', 1, HOUR],
  ['hour', 2, 2 * HOUR],
  ['hour', 3, 3 * HOUR],
  ['hour', 6, 6 * HOUR],
  ['hour', 12, 12 * HOUR],
  ['day', 1, DAY],
  ['day', 2, 2 * DAY],
  ['week', 1, 7 * DAY],
  ['month', 1, 30 * DAY],
  ['month', 3, 91 * DAY],
  ['year', 1, 365 * DAY],
];

// Intl formatters are costly to build; one per zone (and per locale for labels) is plenty.
const partFormats = new Map<string, Intl.DateTimeFormat>();
const labelFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time at instant `ms` in `timeZone`. */
export function wallTime(ms: number, timeZone: string): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of partsFormat(timeZone).formatToParts(ms)) {
    if (part.type in wall) wall[part.type as keyof WallTime] = Number(part.value);
  }
  // Some engines still print midnight as 24 under h23 in old data; normalise.
  if (wall.hour === 24) wall.hour = 0;
  return wall;
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (Berlin in summer: +7,200,000). */
export function zoneOffset(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - (ms - (((ms % MINUTE) + MINUTE) % MINUTE));
}

/**
 * The instant of a wall-clock time in `timeZone`. A time skipped by a spring-forward change
 * resolves to the instant after the gap; a repeated one (fall back) to the earlier instant.
 */
export function zonedInstant(
  wall: Pick<WallTime, 'year' | 'month' | 'day'> & Partial<WallTime>,
  timeZone: string,
): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0);
  // Two rounds settle the offset on both sides of a change.
  const first = asUtc - zoneOffset(asUtc, timeZone);
  const second = asUtc - zoneOffset(first, timeZone);
  if (second === first) {
    // Fall back: the same wall time may exist an hour earlier too; prefer the earlier one.
    const earlier = asUtc - zoneOffset(first - HOUR, timeZone);
    return earlier < first && sameWall(earlier, wall, timeZone) ? earlier : first;
  }
  // In a gap neither guess reads back as the wall time; take the later (after the gap).
  return sameWall(second, wall, timeZone) ? second : Math.max(first, second);
}

function sameWall(
  ms: number,
  wall: Pick<WallTime, 'year' | 'month' | 'day'> & Partial<WallTime>,
  timeZone: string,
): boolean {
  const w = wallTime(ms, timeZone);
  return (
    w.year === wall.year &&
    w.month === wall.month &&
    w.day === wall.day &&
    w.hour === (wall.hour ?? 0) &&
    w.minute === (wall.minute ?? 0)
  );
}

function labelFormat(
  locale: string,
  timeZone: string,
  kind: 'time' | 'date' | 'month' | 'monthYear' | 'year',
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let format = labelFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit' }
        : kind === 'date'
          ? { day: 'numeric', month: 'short' }
          : kind === 'month'
            ? { month: 'short' }
            : kind === 'monthYear'
              ? { month: 'short', year: 'numeric' }
              : { year: 'numeric' };
    try {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // A bad locale tag must not take the chart down; the zone was checked by the caller.
      format = new Intl.DateTimeFormat('en', { ...options, timeZone });
    }
    labelFormats.set(key, format);
  }
  return format;
}

/** Picks the finest interval that keeps the tick count at or below `maxTicks`. */
function pickInterval(span: number, maxTicks: number): readonly [Unit, number] {
  for (const [unit, step, length] of INTERVALS) {
    if (span / length <= maxTicks) return [unit, step];
  }
  const years = Math.ceil(span / (365 * DAY) / maxTicks);
  return ['year', years];
}

/** Adds `days` to a calendar date (no zone involved: pure calendar arithmetic). */
function addDays(date: Pick<WallTime, 'year' | 'month' | 'day'>, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Ticks for the time range [from, to] (epoch ms, both inclusive) on local boundaries of
 * `timeZone`, labelled for `locale`.
 */
export function timeTicks(from: number, to: number, options: TimeAxisOptions): TimeTick[] {
  const { timeZone, locale } = options;
  const maxTicks = Math.max(2, Math.floor(options.maxTicks ?? 8));
  if (!(to > from)) return [];
  const [unit, step] = pickInterval(to - from, maxTicks);
  const label = (kind: Parameters<typeof labelFormat>[2], at: number) =>
    labelFormat(locale, timeZone, kind).format(at);
  const ticks: TimeTick[] = [];

  if (unit === 'hour') {
    // Walk real hours (not wall-clock hours): a repeated 02:00 is two ticks, a skipped one none.
    let t = from - zoneOffsetRemainder(from, timeZone);
    if (t < from) t += HOUR;
    for (; t <= to; t += HOUR) {
      const wall = wallTime(t, timeZone);
      if (wall.minute !== 0) {
        // A zone whose offset changed by a fraction of an hour: realign to its local hour.
        t -= wall.minute * MINUTE;
        if (t < from) continue;
      }
      if (wall.hour % step !== 0) continue;
      const major = wall.hour === 0;
      ticks.push({ at: t, label: label(major ? 'date' : 'time', t), major });
    }
    return ticks;
  }

  if (unit === 'day' || unit === 'week') {
    const first = wallTime(from, timeZone);
    let date = { year: first.year, month: first.month, day: first.day };
    for (let guard = 0; guard < 4000; guard++, date = addDays(date, 1)) {
      const at = zonedInstant(date, timeZone);
      if (at > to) break;
      if (at < from) continue;
      const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
      // Every other day restarts on the 1st, so a 31st would crowd the next month's 1st.
      const skip =
        unit === 'week'
          ? weekday !== 1
          : (date.day - 1) % step !== 0 || (step > 1 && date.day === 31);
      if (skip) continue;
      const major = date.day === 1;
      ticks.push({ at, label: label(major && date.month === 1 ? 'monthYear' : 'date', at), major });
    }
    return ticks;
  }

  const start = wallTime(from, timeZone);
  let year = start.year;
  let month = unit === 'year' ? 1 : start.month;
  for (let guard = 0; guard < 4000; guard++) {
    const at = zonedInstant({ year, month, day: 1 }, timeZone);
    if (at > to) break;
    const aligned = unit === 'year' ? year % step === 0 : (month - 1) % step === 0;
    if (at >= from && aligned) {
      const major = month === 1;
      ticks.push({
        at,
        label: label(unit === 'year' ? 'year' : major ? 'monthYear' : 'month', at),
        major,
      });
    }
    if (unit === 'year') year += 1;
    else if (++month > 12) {
      month = 1;
      year += 1;
    }
  }
  return ticks;
}

/** How far `ms` is past the start of its local hour, in milliseconds. */
function zoneOffsetRemainder(ms: number, timeZone: string): number {
  const local = ms + zoneOffset(ms, timeZone);
  return ((local % HOUR) + HOUR) % HOUR;
}
