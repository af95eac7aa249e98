import { expect } from '@open-wc/testing';
import type { ExceptionItem } from '@cmdctr/contract';
import { liveAgeMinutes, nextSort, pageRange, sortPage } from './stale-exceptions-view.js';

const item = (id: string, over: Partial<ExceptionItem> = {}): ExceptionItem => ({
  id,
  workflow: 'p2p_invoice_matching',
  region: 'EMEA',
  type: 'MISSING_PO',
  severity: 'high',
  status: 'open',
  raisedAt: '2025-12-05T05:19:53Z',
  resolvedAt: null,
  ageMinutes: 100,
  owner: null,
  escalationTarget: 'Ops Incident Commander – on-call',
  stale: true,
  correlationId: `c-${id}`,
  links: { ticket: null, erpDocument: null, runbook: null },
  ...over,
});

describe('stale-exceptions view', () => {
  const asOf = Date.parse('2025-12-05T09:42:17Z');

  it('ages open exceptions from the server figure at asOf, whole minutes, never backwards', () => {
    expect(liveAgeMinutes(item('a'), asOf, asOf)).to.equal(100);
    expect(liveAgeMinutes(item('a'), asOf, asOf + 59_999)).to.equal(100);
    expect(liveAgeMinutes(item('a'), asOf, asOf + 60_000)).to.equal(101);
    expect(liveAgeMinutes(item('a'), asOf, asOf + 3 * 3_600_000 + 20 * 60_000)).to.equal(300);
    // A server clock a second behind asOf (Date header resolution) keeps the server's figure.
    expect(liveAgeMinutes(item('a'), asOf, asOf - 1000)).to.equal(100);
  });

  it('does not age resolved exceptions, nor when asOf cannot be read', () => {
    const resolved = item('r', { status: 'resolved', resolvedAt: '2025-12-05T07:00:00Z' });
    expect(liveAgeMinutes(resolved, asOf, asOf + 3_600_000)).to.equal(100);
    expect(liveAgeMinutes(item('a'), Number.NaN, asOf)).to.equal(100);
  });

  it('re-orders a page by age or severity, stably, without changing the input', () => {
    const page = [
      item('1', { severity: 'medium', ageMinutes: 50 }),
      item('2', { severity: 'critical', ageMinutes: 10 }),
      item('3', { severity: 'high', ageMinutes: 50 }),
      item('4', { severity: 'critical', ageMinutes: 90 }),
      item('5', { severity: 'low', ageMinutes: 5 }),
    ];
    const ids = (items: ExceptionItem[]) => items.map((i) => i.id).join('');
    expect(ids(sortPage(page, undefined))).to.equal('12345');
    expect(ids(sortPage(page, { key: 'age', direction: 'descending' }))).to.equal('41325');
    expect(ids(sortPage(page, { key: 'age', direction: 'ascending' }))).to.equal('52134');
    expect(ids(sortPage(page, { key: 'severity', direction: 'descending' }))).to.equal('24315');
    expect(ids(sortPage(page, { key: 'severity', direction: 'ascending' }))).to.equal('51324');
    expect(ids(page)).to.equal('12345');
    // Sorted by the age shown, when the caller passes it (live ages of open exceptions).
    const shown = (i: ExceptionItem) => (i.id === '5' ? 1000 : i.ageMinutes);
    expect(ids(sortPage(page, { key: 'age', direction: 'descending' }, shown))).to.equal('54132');
  });

  it('cycles a column from largest first to smallest first to the server order', () => {
    const first = nextSort(undefined, 'age');
    expect(first).to.deep.equal({ key: 'age', direction: 'descending' });
    const second = nextSort(first, 'age');
    expect(second).to.deep.equal({ key: 'age', direction: 'ascending' });
    expect(nextSort(second, 'age')).to.equal(undefined);
    expect(nextSort(second, 'severity')).to.deep.equal({
      key: 'severity',
      direction: 'descending',
    });
  });

  it('gives one-based page ranges', () => {
    expect(pageRange(0, 25)).to.deep.equal([1, 25]);
    expect(pageRange(25, 25)).to.deep.equal([26, 50]);
    expect(pageRange(50, 3)).to.deep.equal([51, 53]);
    expect(pageRange(0, 0)).to.deep.equal([0, 0]);
  });
});
