import { expect } from '@open-wc/testing';
import { indexAt, linear, mttrChart, niceMax, runs, windowLength } from './mttr-chart.js';
import { zonedInstant } from '../base/time-axis.js';

const HOUR = 3_600_000;
const size = { width: 500, height: 240, timeZone: 'Europe/Berlin', locale: 'en-GB' };

function hourly(n: number, start = Date.parse('2025-12-04T10:00:00Z')) {
  return { times: Array.from({ length: n }, (_, i) => start + i * HOUR), end: start + n * HOUR };
}

describe('mttr-chart', () => {
  it('maps linearly and survives a flat domain', () => {
    const x = linear(0, 10, 100, 200);
    expect(x(0)).to.equal(100);
    expect(x(5)).to.equal(150);
    expect(x(10)).to.equal(200);
    expect(linear(3, 3, 7, 9)(42)).to.equal(7);
  });

  it('finds the runs of buckets that have every figure', () => {
    expect(runs(6, [1, 2, null, 4, null, 6])).to.deep.equal([[0, 1], [3], [5]]);
    expect(runs(3, [1, 2, 3], [1, null, 3])).to.deep.equal([[0], [2]]);
    expect(runs(2, [null, null])).to.deep.equal([]);
  });

  it('rounds the value axis up to a tick step', () => {
    expect(niceMax(8.4, 5)).to.equal(10);
    expect(niceMax(13.6, 5)).to.equal(14);
    expect(niceMax(0, 5)).to.equal(1);
  });

  it('leaves gaps, not zeros, where buckets have no resolved exceptions', () => {
    const { times, end } = hourly(5);
    const chart = mttrChart(
      {
        times,
        end,
        mean: [2, 3, null, 4, 5],
        p50: [1.5, 2.5, null, 3.5, 4.5],
        p90: [3, 4, null, 6, 7],
        target: 4,
      },
      size,
    );
    // Two runs: two `M` commands in the line, two closed shapes in the band.
    expect(chart.mean.match(/M/g)).to.have.length(2);
    expect(chart.band.match(/Z/g)).to.have.length(2);
    // No point is drawn at the baseline for the null bucket.
    expect(chart.points.map((p) => p.i)).to.deep.equal([0, 1, 3, 4]);
    expect(chart.points.every((p) => p.y < chart.bottom)).to.equal(true);
    // At or under the target meets it; above misses.
    expect(chart.points.map((p) => p.meets)).to.deep.equal([true, true, true, false]);
    // The target line sits at 4 h on an axis whose top is a round value above 7 × 1.05.
    const top = chart.yTicks.at(-1)!;
    expect(top.value).to.equal(8);
    expect(top.at).to.equal(chart.top);
    expect(chart.targetY).to.be.closeTo((chart.top + chart.bottom) / 2, 0.01);
  });

  it('draws a lone bucket as a short bar of its p50–p90 spread', () => {
    const { times, end } = hourly(3);
    const chart = mttrChart(
      { times, end, mean: [null, 2, null], p50: [null, 1, null], p90: [null, 3, null], target: 2 },
      size,
    );
    expect(chart.band).to.match(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+Z$/);
    expect(chart.mean).to.match(/^M[\d.]+,[\d.]+$/);
    expect(chart.points).to.have.length(1);
  });

  it('places points at bucket centres, including the 25-hour fall-back day in Berlin', () => {
    const days = [25, 26, 27].map((day) =>
      zonedInstant({ year: 2025, month: 10, day }, 'Europe/Berlin'),
    );
    const end = zonedInstant({ year: 2025, month: 10, day: 28 }, 'Europe/Berlin');
    const chart = mttrChart(
      { times: days, end, mean: [1, 1, 1], p50: [1, 1, 1], p90: [1, 1, 1], target: 2 },
      size,
    );
    const widths = [chart.mids[1]! - chart.mids[0]!, chart.mids[2]! - chart.mids[1]!];
    // 26 Oct has 25 hours: the gap between the centres around it is wider than 24 hours' worth.
    const perHour = (chart.right - chart.left) / ((end - days[0]!) / HOUR);
    expect(widths[0]).to.be.closeTo(24.5 * perHour, 0.01);
    expect(widths[1]).to.be.closeTo(24.5 * perHour, 0.01);
    expect(chart.xTicks.map((t) => t.label)).to.deep.equal(['25 Oct', '26 Oct', '27 Oct']);
    expect(chart.xTicks[1]!.at).to.equal(days[1]);
  });

  it('picks the bucket nearest to a pixel', () => {
    const { times, end } = hourly(4);
    const chart = mttrChart(
      { times, end, mean: [1, 2, 3, 4], p50: [1, 2, 3, 4], p90: [1, 2, 3, 4], target: 2 },
      size,
    );
    expect(indexAt(chart, chart.left)).to.equal(0);
    expect(indexAt(chart, chart.mids[2]! + 1)).to.equal(2);
    expect(indexAt(chart, chart.right + 50)).to.equal(3);
  });

  it('names the comparison window in days, or hours below two days', () => {
    expect(windowLength('2025-11-21T00:00:00+01:00', '2025-12-05T00:00:00+01:00')).to.deep.equal([
      14,
      'day',
    ]);
    // Across the spring-forward change: 30 days less an hour is still 30 days.
    expect(windowLength('2026-03-15T00:00:00+01:00', '2026-04-14T00:00:00+02:00')).to.deep.equal([
      30,
      'day',
    ]);
    expect(windowLength('2025-12-04T11:00:00+01:00', '2025-12-05T11:00:00+01:00')).to.deep.equal([
      24,
      'hour',
    ]);
  });
});
