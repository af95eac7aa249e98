import { expect } from '@open-wc/testing';
import { coverageStatus, sortWorstFirst, validTarget } from './ownership-chart.js';

const row = (name: string, owned: number, total: number, coverage: number | null) => ({
  name,
  owned,
  total,
  coverage,
});

describe('ownership-chart', () => {
  it('judges coverage against the target, meeting it exactly counts as on target', () => {
    expect(coverageStatus(0.95, 0.95)).to.equal('met');
    expect(coverageStatus(0.9499, 0.95)).to.equal('below');
    expect(coverageStatus(1, 1)).to.equal('met');
    expect(coverageStatus(0, 0)).to.equal('met');
    expect(coverageStatus(null, 0.95)).to.equal('none');
  });

  it('sorts worst coverage first, null last, ties by unowned count then name', () => {
    const rows = [
      row('b', 9, 10, 0.9),
      row('none', 0, 0, null),
      row('a', 90, 100, 0.9),
      row('c', 90, 100, 0.9),
      row('worst', 1, 10, 0.1),
      row('full', 0, 0, null),
      row('zero', 0, 5, 0),
    ];
    expect(sortWorstFirst(rows, (r) => r.name).map((r) => r.name)).to.deep.equal([
      'zero',
      'worst',
      'a',
      'c',
      'b',
      'full',
      'none',
    ]);
    // A copy: the server's arrays stay as they came.
    expect(rows[0]!.name).to.equal('b');
  });

  it('accepts only targets the contract accepts (0..1)', () => {
    expect(validTarget(0.9)).to.equal(0.9);
    expect(validTarget(0)).to.equal(0);
    expect(validTarget(1)).to.equal(1);
    expect(validTarget(1.01)).to.equal(undefined);
    expect(validTarget(-0.1)).to.equal(undefined);
    expect(validTarget(Number.NaN)).to.equal(undefined);
    expect(validTarget(undefined)).to.equal(undefined);
  });
});
