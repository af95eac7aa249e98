/**
 * Intl formatting for one locale and time zone. Formatters are costly to build, so they are
 * made once per (locale, tz) and shared by every element that uses the same pair.
 */
export type Bucket = 'hour' | 'day' | 'week';

export interface Formatters {
  readonly locale: string;
  readonly timeZone: string;
  number(value: number | null | undefined, maximumFractionDigits?: number): string;
  compact(value: number | null | undefined): string;
  percent(ratio: number | null | undefined, maximumFractionDigits?: number): string;
  /** Signed change as a percentage, e.g. "−32%". */
  change(ratio: number | null | undefined): string;
  /** A duration in hours, humanely: "4 h 12 min", "2 d 3 h", "45 min". */
  hours(value: number | null | undefined): string;
  minutes(value: number | null | undefined): string;
  /** A date-time in the formatter's zone, e.g. "25 Nov 2026, 14:00". */
  dateTime(value: string | number | Date): string;
  /** A bucket start as a short axis label for its bucket size. */
  bucketLabel(value: string | number | Date, bucket: Bucket): string;
}

const DASH = '–';
const cache = new Map<string, Formatters>();

export function defaultLocale(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en';
}

export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** True when `tz` is an IANA zone this browser knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function formatters(locale = defaultLocale(), timeZone = defaultTimeZone()): Formatters {
  const key = `${locale}|${timeZone}`;
  let found = cache.get(key);
  if (!found) {
    found = createFormatters(safeLocale(locale), isTimeZone(timeZone) ? timeZone : 'UTC');
    cache.set(key, found);
  }
  return found;
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

function createFormatters(locale: string, timeZone: string): Formatters {
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const numberWith = (digits: number) => {
    let format = numberFormats.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
      numberFormats.set(digits, format);
    }
    return format;
  };
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const percentWhole = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 0,
  });
  const change = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  });
  const unit = (name: 'day' | 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' });
  const days = unit('day');
  const hours = unit('hour');
  const minutes = unit('minute');
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const hourLabel = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
  });
  const dayLabel = new Intl.DateTimeFormat(locale, { timeZone, month: 'short', day: 'numeric' });

  const duration = (totalMinutes: number): string => {
    const rounded = Math.round(totalMinutes);
    if (rounded < 60) return minutes.format(rounded);
    const d = Math.floor(rounded / 1440);
    const h = Math.floor((rounded % 1440) / 60);
    const m = rounded % 60;
    // Two largest units are enough for a person to act on; more is noise.
    if (d > 0) return h > 0 ? `${days.format(d)} ${hours.format(h)}` : days.format(d);
    return m > 0 ? `${hours.format(h)} ${minutes.format(m)}` : hours.format(h);
  };

  const valid = (v: number | null | undefined): v is number =>
    typeof v === 'number' && Number.isFinite(v);

  return {
    locale,
    timeZone,
    number: (v, digits = 0) => (valid(v) ? numberWith(digits).format(v) : DASH),
    compact: (v) => (valid(v) ? compact.format(v) : DASH),
    percent: (v, digits) => (valid(v) ? (digits === 0 ? percentWhole : percent).format(v) : DASH),
    change: (v) => (valid(v) ? change.format(v) : DASH),
    hours: (v) => (valid(v) && v >= 0 ? duration(v * 60) : DASH),
    minutes: (v) => (valid(v) && v >= 0 ? duration(v) : DASH),
    dateTime: (v) => dateTime.format(new Date(v)),
    bucketLabel: (v, bucket) => (bucket === 'hour' ? hourLabel : dayLabel).format(new Date(v)),
  };
}
