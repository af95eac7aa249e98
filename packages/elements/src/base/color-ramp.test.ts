import { expect } from '@open-wc/testing';
import { interpolateRgbBasis } from 'd3-interpolate';
import { colorRamp, parseColor, rampColor } from './color-ramp.js';

describe('colorRamp', () => {
  it('parses hex, rgb() and any colour the browser knows', () => {
    expect(parseColor('#0a5cc2')).to.deep.equal([10, 92, 194]);
    expect(parseColor('#fff')).to.deep.equal([255, 255, 255]);
    expect(parseColor('rgb(1, 2, 3)')).to.deep.equal([1, 2, 3]);
    expect(parseColor('rgba(1 2 3 / 50%)')).to.deep.equal([1, 2, 3]);
    expect(parseColor('rebeccapurple')).to.deep.equal([102, 51, 153]);
    expect(parseColor('hsl(0 100% 50%)')).to.deep.equal([255, 0, 0]);
    expect(parseColor('no such colour')).to.deep.equal([0, 0, 0]);
  });

  it('matches d3 interpolateRgbBasis along the ramp', () => {
    const stops = ['#eef4fb', '#bcd5ec', '#6fa8d6', '#2f6fb0', '#0b3d7a'];
    const table = colorRamp(stops, 101);
    const reference = interpolateRgbBasis(stops);
    for (const t of [0, 0.1, 0.25, 0.5, 0.77, 1]) {
      const [r, g, b] = reference(t).match(/\d+/g)!.map(Number);
      const i = Math.round(t * 100) * 4;
      expect(Math.abs(table[i]! - r!), `red at ${t}`).to.be.at.most(1);
      expect(Math.abs(table[i + 1]! - g!), `green at ${t}`).to.be.at.most(1);
      expect(Math.abs(table[i + 2]! - b!), `blue at ${t}`).to.be.at.most(1);
      expect(table[i + 3]).to.equal(255);
    }
  });

  it('clamps and gives CSS colours for SVG fills', () => {
    const table = colorRamp(['#000000', '#ffffff'], 3);
    expect(rampColor(table, -1)).to.equal('rgb(0, 0, 0)');
    expect(rampColor(table, 2)).to.equal('rgb(255, 255, 255)');
    expect(rampColor(table, Number.NaN)).to.equal('rgb(0, 0, 0)');
    expect(colorRamp(['red'], 2).slice(0, 4)).to.deep.equal(
      new Uint8ClampedArray([255, 0, 0, 255]),
    );
  });
});
