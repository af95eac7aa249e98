import { expect } from '@open-wc/testing';
import { ticks } from 'd3-array';
import { niceTicks } from './nice-ticks.js';

describe('niceTicks', () => {
  it('matches d3-array ticks exactly, including reversed, degenerate and fractional domains', () => {
    const values = [0, 1, 3, 0.05, 0.37, 1e-7, 7, 12, 123, 4567, 1e6, -3, -0.2, 0.123456];
    const counts = [0, 0.5, 1, 2, 5, 10, NaN];
    let compared = 0;
    for (const a of values)
      for (const b of values)
        for (const c of counts) {
          expect(niceTicks(a, b, c), `ticks(${a}, ${b}, ${c})`).to.deep.equal(ticks(a, b, c));
          compared++;
        }
    expect(compared).to.equal(values.length ** 2 * counts.length);
  });

  it('avoids floating-point noise on decimal steps', () => {
    expect(niceTicks(0, 0.3, 3)).to.deep.equal([0, 0.1, 0.2, 0.3]);
  });
});
