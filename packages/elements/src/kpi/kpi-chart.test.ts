import { expect } from '@open-wc/testing';
import { SPARK_HEIGHT, SPARK_WIDTH, readChange, seriesFacts, sparkline } from './kpi-chart.js';

describe('kpi-chart', () => {
  it('draws a connected run across the box, highest value at the top', () => {
    const s = sparkline([1, 3, 2]);
    expect(s.line).to.equal(`M0,${SPARK_HEIGHT - 3}L50,3L${SPARK_WIDTH},${SPARK_HEIGHT / 2}`);
    expect(s.dots).to.equal('');
    expect(s.last).to.deep.equal({ x: SPARK_WIDTH, y: SPARK_HEIGHT / 2 });
  });

  it('leaves gaps at null buckets and draws lone values as dots', () => {
    const s = sparkline([1, 2, null, 4, null, 2, 3]);
    // Two runs (0–1, 5–6) and one isolated value (3): never a line through the gaps.
    expect(s.line.match(/M/g)).to.have.length(2);
    expect(s.line).to.not.contain('L50,');
    expect(s.dots).to.match(/^M50,3h0$/);
    expect(s.last?.x).to.equal(SPARK_WIDTH);
  });

  it('returns nothing to draw when every bucket is null or the series is empty', () => {
    expect(sparkline([null, null])).to.deep.equal({ line: '', dots: '', last: null, refs: [] });
    expect(sparkline([])).to.deep.equal({ line: '', dots: '', last: null, refs: [] });
  });

  it('centres a flat series and a single value', () => {
    expect(sparkline([2, 2]).line).to.equal(`M0,${SPARK_HEIGHT / 2}L100,${SPARK_HEIGHT / 2}`);
    expect(sparkline([5]).dots).to.equal(`M${SPARK_WIDTH / 2},${SPARK_HEIGHT / 2}h0`);
  });

  it('keeps only the reference lines inside the drawn range', () => {
    const s = sparkline([0.04, 0.06, 0.07], [0.05, 0.08, null]);
    expect(s.refs.map((r) => r.value)).to.deep.equal([0.05]);
    const y = s.refs[0]!.y;
    expect(y)
      .to.be.above(3)
      .and.below(SPARK_HEIGHT - 3);
  });

  it('reads a change as better or worse from the better direction, never from the KPI', () => {
    expect(readChange(0.012, 'lower', 0.0005)).to.deep.equal({ direction: 'up', verdict: 'worse' });
    expect(readChange(0.012, 'higher', 0.0005)).to.deep.equal({
      direction: 'up',
      verdict: 'better',
    });
    expect(readChange(-0.68, 'lower', 0.01)).to.deep.equal({
      direction: 'down',
      verdict: 'better',
    });
    expect(readChange(-0.05, 'higher', 0.0005)).to.deep.equal({
      direction: 'down',
      verdict: 'worse',
    });
    expect(readChange(0.0001, 'higher', 0.0005)).to.deep.equal({
      direction: 'flat',
      verdict: 'same',
    });
    expect(readChange(null, 'higher', 0.0005)).to.equal(null);
  });

  it('finds start, end, extremes and gaps of a series', () => {
    expect(seriesFacts([null, 3, 1, null, 5, 1, null])).to.deep.equal({
      first: 1,
      last: 5,
      min: 2,
      max: 4,
      gaps: 3,
    });
    expect(seriesFacts([null, null]).first).to.equal(-1);
  });
});
