import { expect } from '@open-wc/testing';
import type { Approval } from '@cmdctr/contract';
import { formatters } from '../base/index.js';
import { MINUTE, countdown } from './approval-view.js';

const fmt = formatters('en', 'UTC');
const DUE = Date.parse('2026-11-25T14:00:00Z');
const approval = (status: Approval['status']) =>
  ({ dueAt: new Date(DUE).toISOString(), status }) as Approval;

describe('approval view: countdown', () => {
  it('counts the minutes left, rounded up, before the due time', () => {
    expect(countdown(approval('pending'), DUE - 4.5 * MINUTE, fmt)).to.deep.equal([
      4.5 * MINUTE,
      false,
      `Due in ${fmt.minutes(5)}`,
    ]);
  });

  it('is overdue from the due time on, by whole minutes past it', () => {
    expect(countdown(approval('pending'), DUE, fmt)).to.deep.equal([
      0,
      true,
      `Overdue by ${fmt.minutes(0)}`,
    ]);
    expect(countdown(approval('pending'), DUE + 90.5 * MINUTE, fmt)[2]).to.equal(
      `Overdue by ${fmt.minutes(90)}`,
    );
  });

  it('believes the server when it says overdue, even before the due time on this clock', () => {
    expect(countdown(approval('overdue'), DUE - 3 * MINUTE, fmt)).to.deep.equal([
      3 * MINUTE,
      true,
      `Overdue by ${fmt.minutes(0)}`,
    ]);
  });
});
