import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bucketsBetween,
  formatLocal,
  parseDuration,
  startOf,
  subtractDuration,
  isValidTimeZone,
  fromLocal,
  localParts,
  offsetAt,
} from '../src/time.js';

const at = (s: string): number => Date.parse(s);

test('a local day is 23, 24 or 25 hours long', () => {
  const hours = (from: string, to: string, tz: string): number =>
    bucketsBetween(at(from), at(to), 'hour', tz)!.starts.length;
  assert.equal(
    hours('2025-03-30T00:00:00+01:00', '2025-03-31T00:00:00+02:00', 'Europe/Berlin'),
    23,
  );
  assert.equal(
    hours('2025-10-26T00:00:00+02:00', '2025-10-27T00:00:00+01:00', 'Europe/Berlin'),
    25,
  );
  assert.equal(
    hours('2025-11-03T00:00:00-06:00', '2025-11-04T00:00:00-06:00', 'America/Chicago'),
    24,
  );
  // Half-hour offset zones: buckets start at local whole hours.
  const india = bucketsBetween(
    at('2025-12-01T00:00:00+05:30'),
    at('2025-12-01T03:00:00+05:30'),
    'hour',
    'Asia/Kolkata',
  )!;
  assert.deepEqual(
    india.starts.map((s) => formatLocal(s, 'Asia/Kolkata')),
    ['2025-12-01T00:00:00+05:30', '2025-12-01T01:00:00+05:30', '2025-12-01T02:00:00+05:30'],
  );
});

test('day and week buckets start at local midnight (weeks on Monday)', () => {
  const days = bucketsBetween(
    at('2025-10-25T00:00:00+02:00'),
    at('2025-10-28T00:00:00+01:00'),
    'day',
    'Europe/Berlin',
  )!;
  assert.deepEqual(
    days.starts.map((s) => formatLocal(s, 'Europe/Berlin')),
    ['2025-10-25T00:00:00+02:00', '2025-10-26T00:00:00+02:00', '2025-10-27T00:00:00+01:00'],
  );
  assert.equal(days.starts[2]! - days.starts[1]!, 25 * 3_600_000);
  assert.equal(
    formatLocal(startOf(at('2025-12-04T15:00:00Z'), 'week', 'UTC'), 'UTC'),
    '2025-12-01T00:00:00Z',
  );
  // Where midnight does not exist (São Paulo, 2018-11-04), the day starts at 01:00.
  assert.equal(
    formatLocal(
      startOf(at('2018-11-04T12:00:00-02:00'), 'day', 'America/Sao_Paulo'),
      'America/Sao_Paulo',
    ),
    '2018-11-04T01:00:00-02:00',
  );
});

test('durations and calendar arithmetic', () => {
  assert.deepEqual(parseDuration('P1M2DT3H'), {
    years: 0,
    months: 1,
    weeks: 0,
    days: 2,
    hours: 3,
    minutes: 0,
    seconds: 0,
  });
  assert.equal(parseDuration('7D'), null);
  assert.equal(parseDuration('P'), null);
  assert.equal(parseDuration('PT'), null);
  // P1D across the spring-forward change is one local day (23 h), PT24H is 24 h.
  const end = at('2025-03-31T00:00:00+02:00');
  assert.equal(end - subtractDuration(end, parseDuration('P1D')!, 'Europe/Berlin'), 23 * 3_600_000);
  assert.equal(
    end - subtractDuration(end, parseDuration('PT24H')!, 'Europe/Berlin'),
    24 * 3_600_000,
  );
  assert.equal(
    formatLocal(subtractDuration(at('2025-03-31T00:00:00Z'), parseDuration('P1M')!, 'UTC'), 'UTC'),
    '2025-02-28T00:00:00Z',
  );
});

test('zones and wall times', () => {
  assert.ok(isValidTimeZone('Europe/Berlin'));
  assert.ok(!isValidTimeZone('Europe/Berln'));
  assert.ok(!isValidTimeZone(''));
  assert.equal(
    new Date(
      fromLocal(
        { year: 2016, month: 2, day: 29, hour: 1, minute: 16, second: 0 },
        'America/New_York',
      ),
    ).toISOString(),
    '2016-02-29T06:16:00.000Z',
  );
});

test('the cached offsets read the same wall clock as Intl, across transitions and odd zones', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'America/St_Johns', // -03:30 / -02:30
    'Asia/Kathmandu', // +05:45
    'Australia/Lord_Howe', // half-hour DST
    'Pacific/Chatham', // +12:45 / +13:45
    'Europe/Amsterdam', // local mean time with seconds (+00:19:32) before 1937
  ];
  const instants = [
    at('1930-06-01T12:34:56.789Z'),
    at('2025-03-30T00:59:59.999Z'),
    at('2025-03-30T01:00:00Z'),
    at('2025-10-26T00:30:00Z'),
    at('2025-10-26T01:00:00.5Z'),
    at('2025-11-02T05:59:59Z'),
    at('2025-11-02T06:00:00Z'),
    at('2025-04-05T15:00:00Z'),
    at('2025-04-05T14:59:59Z'),
  ];
  // Plus every half hour over a year, so every transition of 2025 is crossed.
  for (let ms = at('2025-01-01T00:00:00Z'); ms < at('2026-01-01T00:00:00Z'); ms += 30 * 60_000) {
    instants.push(ms + 7_123);
  }
  for (const tz of zones) {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    for (const ms of instants) {
      const want = Object.fromEntries(
        f
          .formatToParts(new Date(ms))
          .filter((p) => ['year', 'month', 'day', 'hour', 'minute', 'second'].includes(p.type))
          .map((p) => [p.type, Number(p.value)]),
      );
      // Twice: the first fills the cache, the second reads it.
      for (let i = 0; i < 2; i++) {
        assert.deepEqual({ ...localParts(ms, tz) }, want, `${tz} at ${new Date(ms).toISOString()}`);
      }
      const w = want as Record<string, number>;
      const asUtc = Date.UTC(w.year!, w.month! - 1, w.day, w.hour, w.minute, w.second);
      assert.equal(offsetAt(ms, tz), asUtc - (ms - (((ms % 1000) + 1000) % 1000)));
    }
  }
});
