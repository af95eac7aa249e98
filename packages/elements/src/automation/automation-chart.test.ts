import { expect } from '@open-wc/testing';
import {
  CALIBRATION_SIZE,
  bucketEdges,
  calibrationLayout,
  countTicks,
  moveIndex,
  outcomesLayout,
  type AutomationOutcomes,
  type CalibrationByType,
} from './automation-chart.js';

interface Fixture {
  outcomes: AutomationOutcomes;
  calibration: CalibrationByType[];
}

async function load(): Promise<Fixture> {
  return (await (await fetch('/v1/metrics/automation')).json()) as Fixture;
}

const OPTIONS = { width: 640, height: 220, timeZone: 'Europe/Berlin', locale: 'en-GB' };
const HOUR = 3_600_000;

describe('automation-chart', () => {
  it('stacks auto-applied, approved, rejected and pending in proportion to the counts', async () => {
    const { outcomes } = await load();
    const layout = outcomesLayout(outcomes, OPTIONS);
    expect(layout.columns).to.have.length(8);
    const axisTop = layout.yTicks.at(-1)!.value;
    expect(axisTop).to.be.at.least(56);
    const perUnit = layout.plot.height / axisTop;
    const first = layout.columns[0]!;
    const byKey = Object.fromEntries(first.segments.map((s) => [s.key, s]));
    // Bucket 0: 0 auto-applied, 25 approved, 24 rejected, 0 pending.
    expect(byKey.autoApplied!.height).to.equal(0);
    expect(byKey.approved!.height).to.be.closeTo(25 * perUnit, 0.02);
    expect(byKey.rejected!.height).to.be.closeTo(24 * perUnit, 0.02);
    // Touching: each part starts where the one below ends.
    expect(byKey.rejected!.y + byKey.rejected!.height).to.be.closeTo(byKey.approved!.y, 0.02);
    expect(first.top).to.be.closeTo(layout.plot.top + layout.plot.height - 49 * perUnit, 0.02);
    // One reverted proposal hatched at the top of the approved part.
    expect(first.reverted!.y).to.be.closeTo(byKey.approved!.y, 0.02);
    expect(first.reverted!.height).to.be.closeTo(perUnit, 0.02);
    // Bucket 7 reverted nothing.
    expect(layout.columns[7]!.reverted).to.equal(null);
    // Columns stay inside the plot and do not overlap.
    for (let i = 1; i < 8; i++) {
      const a = layout.columns[i - 1]!;
      expect(a.x + a.width).to.be.at.most(layout.columns[i]!.x);
    }
  });

  it('draws the success rate on the right axis and breaks the line where the rate is null', async () => {
    const { outcomes } = await load();
    const bottom = OPTIONS.height - 24;
    const plotHeight = bottom - 10;
    const layout = outcomesLayout(
      { ...outcomes, successRate: [0.5, null, 1, 0.25, null, null, 0, 0.5] },
      OPTIONS,
    );
    expect(layout.line.match(/M/g)).to.have.length(3);
    expect(layout.line.match(/L/g)).to.have.length(2);
    expect(layout.dots.map((d) => d.index)).to.deep.equal([0, 2, 3, 6, 7]);
    expect(layout.dots[1]!.y).to.equal(10);
    expect(layout.dots[3]!.y).to.equal(bottom);
    expect(layout.dots[0]!.y).to.be.closeTo(bottom - plotHeight / 2, 0.01);
    expect(layout.rateTicks.map((t) => t.value)).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
    // Dots sit on column centres.
    expect(layout.dots[0]!.x).to.equal(layout.columns[0]!.mid);
  });

  it('labels days in the time zone and centres them under their columns', async () => {
    const { outcomes } = await load();
    const layout = outcomesLayout(outcomes, OPTIONS);
    const labels = layout.xTicks.map((t) => t.label);
    expect(labels[0]).to.equal('28 Nov');
    expect(labels).to.include('1 Dec');
    expect(labels.at(-1)).to.equal('5 Dec');
    const first = layout.xTicks[0]!;
    expect(first.x).to.equal(layout.columns[0]!.mid);
    expect(layout.xTicks.find((t) => t.label === '1 Dec')!.major).to.equal(true);
    // Narrow: fewer labels, never more than fit.
    const narrow = outcomesLayout(outcomes, { ...OPTIONS, width: 320 });
    expect(narrow.xTicks.length).to.be.at.most(Math.floor(narrow.plot.width / 64));
  });

  it('gives the 25-hour fall-back day a wider column than its neighbours', () => {
    // Berlin leaves summer time on 26 Oct 2025: that local day lasts 25 hours.
    const days = [
      '2025-10-25T00:00:00+02:00',
      '2025-10-26T00:00:00+02:00',
      '2025-10-27T00:00:00+01:00',
    ];
    const zero = [0, 0, 0];
    const data: AutomationOutcomes = {
      bucket: 'day',
      buckets: days,
      bucketEnd: '2025-10-28T00:00:00+01:00',
      proposed: [4, 4, 4],
      autoApplied: zero,
      approved: [4, 4, 4],
      rejected: zero,
      pending: zero,
      reverted: zero,
      successRate: [1, 1, 1],
      overall: {
        proposed: 12,
        autoApplied: 0,
        approved: 12,
        rejected: 0,
        pending: 0,
        reverted: 0,
        successRate: 1,
      },
    };
    const edges = bucketEdges(days, data.bucketEnd);
    expect(edges[2]! - edges[1]!).to.equal(25 * HOUR);
    const [a, b, c] = outcomesLayout(data, OPTIONS).columns;
    expect(b!.width / a!.width).to.be.closeTo(25 / 24, 0.01);
    expect(c!.width).to.be.closeTo(a!.width, 0.02);
  });

  it('keeps a partial last bucket as wide as its neighbour', () => {
    const edges = bucketEdges(
      ['2025-12-04T00:00:00+01:00', '2025-12-05T00:00:00+01:00'],
      '2025-12-05T11:00:00+01:00',
    );
    expect(edges[2]! - edges[1]!).to.equal(24 * HOUR);
    expect(bucketEdges([], '2025-12-05T11:00:00+01:00')).to.deep.equal([]);
  });

  it('makes integer count ticks that reach the largest column', () => {
    expect(countTicks(56)).to.deep.equal([0, 10, 20, 30, 40, 50, 60]);
    expect(countTicks(130)).to.deep.equal([0, 50, 100, 150]);
    expect(countTicks(3)).to.deep.equal([0, 1, 2, 3]);
    expect(countTicks(0)).to.deep.equal([0, 1]);
    expect(countTicks(1000).at(-1)).to.be.at.least(1000);
  });

  it('lays out ten bands, marks bands without decisions and draws the threshold', async () => {
    const { calibration } = await load();
    const type = calibration[0]!;
    const layout = calibrationLayout(type);
    expect(layout.bars).to.have.length(10);
    expect(layout.bars.slice(0, 4).every((b) => b.empty)).to.equal(true);
    expect(layout.bars[4]!.empty).to.equal(false);
    const bottom = layout.plot.top + layout.plot.height;
    // 0% approved (decided 13) is a visible sliver, not a gap.
    expect(layout.bars[4]!.height).to.equal(2);
    // 100% approved fills the plot height.
    expect(layout.bars[9]!.y).to.equal(layout.plot.top);
    expect(layout.bars[9]!.y + layout.bars[9]!.height).to.equal(bottom);
    expect(layout.bars[7]!.height).to.be.closeTo(0.1176 * layout.plot.height, 0.01);
    expect(layout.threshold).to.be.closeTo(layout.plot.left + 0.92 * layout.plot.width, 0.01);
    expect(layout.plot.left + layout.plot.width).to.be.at.most(CALIBRATION_SIZE.width);
    expect(calibrationLayout({ ...type, threshold: null }).threshold).to.equal(null);
  });

  it('moves a roving index with arrows, Home and End, clamped at the ends', () => {
    expect(moveIndex('ArrowRight', 0, 8)).to.equal(1);
    expect(moveIndex('ArrowLeft', 0, 8)).to.equal(0);
    expect(moveIndex('ArrowDown', 7, 8)).to.equal(7);
    expect(moveIndex('End', 2, 8)).to.equal(7);
    expect(moveIndex('Home', 5, 8)).to.equal(0);
    expect(moveIndex('a', 5, 8)).to.equal(undefined);
    expect(moveIndex('End', 0, 0)).to.equal(undefined);
  });
});
