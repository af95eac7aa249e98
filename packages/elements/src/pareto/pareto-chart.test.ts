import { expect } from '@open-wc/testing';
import { computeLayout, fitLabel, fitLabelToWidth, hoursAxis } from './pareto-chart.js';

const items = [
  { label: 'Data mismatch', hours: 1397.11, cumulativeShare: 0.3387 },
  { label: 'Missing PO', hours: 1065.28, cumulativeShare: 0.597 },
  { label: 'Address validation failed', hours: 701.61, cumulativeShare: 0.7671 },
  { label: 'Duplicate invoice', hours: 374.09, cumulativeShare: 0.8578 },
];

describe('pareto-chart', () => {
  it('keeps the given order and scales bars and line on their own axes (columns)', () => {
    const l = computeLayout(items, { width: 800, height: 300, cutoff: 0.8 });
    expect(l.orientation).to.equal('columns');
    expect(l.hoursTicks.map((t) => t.value)).to.deep.equal([
      0, 200, 400, 600, 800, 1000, 1200, 1400,
    ]);
    const base = l.plot.y + l.plot.height;
    const top = l.hoursTicks.at(-1)!.at;
    // Heights proportional to hours against the top tick (1400 h).
    const bar0 = l.bars[0]!.bar;
    expect(bar0.y + bar0.height).to.be.closeTo(base, 1e-9);
    expect(bar0.height / (base - top)).to.be.closeTo(1397.11 / 1400, 1e-9);
    // Bars go left to right in the input order, never re-ranked.
    const xs = l.bars.map((b) => b.bar.x);
    expect(xs).to.deep.equal([...xs].sort((a, b) => a - b));
    // The cumulative point sits at the share's height on the right axis; 0 % at the base.
    expect(l.shareTicks[0]!.at).to.equal(base);
    expect(l.shareTicks.at(-1)!.at).to.equal(l.plot.y);
    expect(l.bars[1]!.point.y).to.be.closeTo(base - l.plot.height * 0.597, 1e-9);
    expect(l.cutoffAt).to.be.closeTo(base - l.plot.height * 0.8, 1e-9);
    expect(l.line.startsWith('M')).to.equal(true);
    expect(l.line.split('L')).to.have.length(4);
    expect(l.bars[0]!.label).to.equal('\u2068Data mismatch\u2069');
  });

  it('turns into rows below 480 px, sized by the number of bars, labels shortened to fit', () => {
    const l = computeLayout(items, { width: 320, height: 300, cutoff: 0.8 });
    expect(l.orientation).to.equal('rows');
    expect(l.height).to.equal(26 + 26 + 4 * 32);
    const [a, b] = l.bars;
    expect(b!.bar.y).to.be.above(a!.bar.y);
    expect(a!.bar.x).to.equal(l.plot.x);
    const top = l.hoursTicks.at(-1)!.value;
    expect(top).to.be.at.least(1397.11);
    expect(a!.bar.width / l.plot.width).to.be.closeTo(1397.11 / top, 1e-9);
    expect(l.cutoffAt).to.be.closeTo(l.plot.x + l.plot.width * 0.8, 1e-9);
    // 320 px: a 121 px label column holds about 18 characters.
    expect(l.bars[2]!.label).to.equal('\u2068Address validati…\u2069');
    for (const bar of l.bars) expect(bar.band.x + bar.band.width).to.be.at.most(320);
  });

  it('rotates column labels when the bands are too narrow, and stays inside the width', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      label: `Exception type number ${i}`,
      hours: 30 - i,
      cumulativeShare: (i + 1) / 30,
    }));
    const l = computeLayout(many, { width: 600, height: 300, cutoff: 0.8 });
    expect(l.rotated).to.equal(true);
    expect([...l.bars[0]!.label]).to.have.length(16 + 2);
    const last = l.bars.at(-1)!;
    expect(last.band.x + last.band.width).to.be.at.most(l.plot.x + l.plot.width + 1e-9);
    expect(computeLayout(items, { width: 800, height: 300, cutoff: 0.8 }).rotated).to.equal(false);
  });

  it('isolates and shortens hostile labels without leaving their bidi controls', () => {
    const hostile = `\u202eevil\u2066${'x'.repeat(10_000)}`;
    const fitted = fitLabel(hostile, 12);
    expect([...fitted]).to.have.length(14);
    expect(fitted.startsWith('\u2068\u202eevil')).to.equal(true);
    expect(fitted.endsWith('…\u2069')).to.equal(true);
    expect(fitted).to.not.contain('\u2066');
  });

  it('shortens labels to their measured width, so wide glyphs never leave their gutter', () => {
    // A measure where 'W' is twice as wide as other characters, like a proportional font.
    const measure = (t: string) => [...t].reduce((w, c) => w + (c === 'W' ? 20 : 10), 0);
    expect(fitLabelToWidth('short', 100, measure)).to.equal('\u2068short\u2069');
    const fitted = fitLabelToWidth(`W${'a'.repeat(10_000)}`, 100, measure);
    expect(fitted).to.equal(`\u2068W${'a'.repeat(7)}…\u2069`);
    // The isolates are invisible: only the drawn characters count.
    const drawn = (t: string) => measure(t.replace(/[\u2068\u2069]/g, ''));
    expect(drawn(fitted)).to.be.at.most(100);
    expect(fitLabelToWidth('WWWW', 5, measure)).to.equal('\u2068…\u2069');
    const items = [{ label: 'W'.repeat(10_000), hours: 5, cumulativeShare: 1 }];
    const rows = computeLayout(items, { width: 360, height: 300, cutoff: 0.8, measure });
    const gutter = rows.bars[0]!.labelX;
    expect(drawn(rows.bars[0]!.label)).to.be.at.most(gutter);
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...items[0]!,
      label: `${i}${'W'.repeat(99)}`,
    }));
    const turned = computeLayout(many, { width: 500, height: 300, cutoff: 0.8, measure });
    expect(turned.rotated).to.equal(true);
    // Turned 40°, the first label must still end right of the host's left edge.
    const first = turned.bars[0]!;
    expect(drawn(first.label) * Math.cos((40 * Math.PI) / 180)).to.be.at.most(first.labelX);
  });

  it('gives round hours ticks with a top at or above the largest value, and survives zero', () => {
    expect(hoursAxis(1397.11, 3)).to.deep.equal([0, 500, 1000, 1500]);
    expect(hoursAxis(1000, 2)).to.deep.equal([0, 500, 1000]);
    expect(hoursAxis(0.7, 4)).to.deep.equal([0, 0.2, 0.4, 0.6, 0.8]);
    expect(hoursAxis(0, 4).at(-1)).to.equal(1);
    const l = computeLayout([{ label: 'A', hours: 0, cumulativeShare: 0 }], {
      width: 600,
      height: 200,
      cutoff: 0.8,
    });
    expect(l.bars[0]!.bar.height).to.equal(0);
    expect(Number.isFinite(l.bars[0]!.point.y)).to.equal(true);
  });
});
