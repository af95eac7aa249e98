import { expect } from '@open-wc/testing';
import { timeTicks, wallTime, zoneOffset, zonedInstant } from './time-axis.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('time axis', () => {
  it('reads wall-clock time and offsets in a zone', () => {
    expect(wallTime(at('2026-07-01T12:00:00Z'), 'Europe/Berlin')).to.deep.equal({
      year: 2026,
      month: 7,
      day: 1,
      hour: 14,
      minute: 0,
    });
    expect(zoneOffset(at('2026-01-15T12:00:00Z'), 'Europe/Berlin')).to.equal(HOUR);
    expect(zoneOffset(at('2026-07-15T12:00:00Z'), 'Europe/Berlin')).to.equal(2 * HOUR);
    expect(zoneOffset(at('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).to.equal(5.5 * HOUR);
  });

  it('turns wall-clock times into instants around DST changes', () => {
    const berlin = 'Europe/Berlin';
    expect(zonedInstant({ year: 2026, month: 3, day: 29 }, berlin)).to.equal(
      at('2026-03-28T23:00:00Z'),
    );
    expect(zonedInstant({ year: 2026, month: 3, day: 30 }, berlin)).to.equal(
      at('2026-03-29T22:00:00Z'),
    );
    // 02:30 does not exist on the spring-forward day: the instant after the gap.
    expect(zonedInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, berlin)).to.equal(
      at('2026-03-29T01:30:00Z'),
    );
    // 02:30 exists twice on the fall-back day: the earlier one.
    expect(zonedInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, berlin)).to.equal(
      at('2026-10-25T00:30:00Z'),
    );
  });

  it('has 23 hourly ticks on the spring-forward day in Europe/Berlin', () => {
    const from = at('2026-03-28T23:00:00Z'); // 29 Mar 00:00 local
    const to = at('2026-03-29T22:00:00Z') - 1; // up to (not including) 30 Mar 00:00 local
    const ticks = timeTicks(from, to, {
      timeZone: 'Europe/Berlin',
      locale: 'en-GB',
      maxTicks: 30,
    });
    expect(ticks).to.have.length(23);
    expect(ticks.map((t) => t.label).slice(0, 4)).to.deep.equal([
      '29 Mar',
      '01:00',
      '03:00',
      '04:00',
    ]);
    expect(ticks.filter((t) => t.major)).to.have.length(1);
    // Ticks are a real hour apart, also across the change.
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.at - ticks[i - 1]!.at).to.equal(HOUR);
  });

  it('has 25 hourly ticks on the fall-back day, 02:00 twice', () => {
    const from = at('2026-10-24T22:00:00Z'); // 25 Oct 00:00 local (+02:00)
    const to = at('2026-10-25T23:00:00Z') - 1; // 26 Oct 00:00 local (+01:00)
    const ticks = timeTicks(from, to, {
      timeZone: 'Europe/Berlin',
      locale: 'de-DE',
      maxTicks: 30,
    });
    expect(ticks).to.have.length(25);
    expect(ticks.map((t) => t.label).filter((l) => l === '02:00')).to.have.length(2);
    expect(ticks[0]!.label).to.match(/^25\. Okt/);
  });

  it('keeps coarser hour steps aligned to local hours across the change', () => {
    const ticks = timeTicks(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z') - 1, {
      timeZone: 'Europe/Berlin',
      locale: 'en-GB',
      maxTicks: 8,
    });
    expect(ticks.map((t) => t.label)).to.deep.equal([
      '29 Mar',
      '03:00',
      '06:00',
      '09:00',
      '12:00',
      '15:00',
      '18:00',
      '21:00',
    ]);
  });

  it('labels in the locale: 12-hour clocks in en-US, 24-hour in en-GB', () => {
    const opts = { timeZone: 'UTC', maxTicks: 30 };
    const us = timeTicks(at('2026-05-01T12:00:00Z'), at('2026-05-01T14:00:00Z'), {
      ...opts,
      locale: 'en-US',
    });
    const gb = timeTicks(at('2026-05-01T12:00:00Z'), at('2026-05-01T14:00:00Z'), {
      ...opts,
      locale: 'en-GB',
    });
    expect(us.map((t) => t.label)).to.deep.equal(['12:00 PM', '01:00 PM', '02:00 PM']);
    expect(gb.map((t) => t.label)).to.deep.equal(['12:00', '13:00', '14:00']);
  });

  it('puts day ticks on local midnights of the zone, not of UTC', () => {
    const ticks = timeTicks(at('2025-11-28T00:00:00Z'), at('2025-12-05T00:00:00Z'), {
      timeZone: 'America/New_York',
      locale: 'en-US',
      maxTicks: 10,
    });
    expect(ticks.map((t) => new Date(t.at).toISOString().slice(11, 16))).to.satisfy(
      (hours: string[]) => hours.every((h) => h === '05:00'),
    );
    expect(ticks[0]!.label).to.equal('Nov 28');
    expect(ticks.find((t) => t.major)?.label).to.equal('Dec 1');
  });

  it('uses half-hour offsets for local hours in Asia/Kolkata', () => {
    const ticks = timeTicks(at('2026-01-01T00:00:00Z'), at('2026-01-01T03:00:00Z'), {
      timeZone: 'Asia/Kolkata',
      locale: 'en-GB',
      maxTicks: 10,
    });
    expect(ticks.map((t) => t.label)).to.deep.equal(['06:00', '07:00', '08:00']);
    expect(new Date(ticks[0]!.at).toISOString()).to.equal('2026-01-01T00:30:00.000Z');
  });

  it('steps to months and years over long ranges', () => {
    const year = timeTicks(at('2025-01-01T00:00:00Z'), at('2025-12-31T23:00:00Z'), {
      timeZone: 'UTC',
      locale: 'en-GB',
      maxTicks: 13,
    });
    expect(year).to.have.length(12);
    expect(year[0]).to.include({ label: 'Jan 2025', major: true });
    expect(year[1]!.label).to.equal('Feb');
    const decade = timeTicks(at('2016-06-01T00:00:00Z'), at('2026-06-01T00:00:00Z'), {
      timeZone: 'UTC',
      locale: 'en-GB',
      maxTicks: 6,
    });
    expect(decade.map((t) => t.label)).to.deep.equal(['2018', '2020', '2022', '2024', '2026']);
  });

  it('returns no ticks for an empty range and survives a bad locale', () => {
    expect(timeTicks(5, 5, { timeZone: 'UTC', locale: 'en' })).to.deep.equal([]);
    const ticks = timeTicks(at('2026-01-01T00:00:00Z'), at('2026-01-01T02:00:00Z'), {
      timeZone: 'UTC',
      locale: 'not a locale!!',
      maxTicks: 5,
    });
    expect(ticks).to.have.length(3);
  });
});
