import type { Approval } from '@cmdctr/contract';
import type { Formatters } from '../base/index.js';

/**
 * View maths of `<cmdctr-approval>`, shared with the `<cmdctr-approvals>` inbox so the list and
 * the card always say the same: the SLA countdown on the server's clock.
 */

/** A minute in milliseconds: countdowns are in whole minutes. */
export const MINUTE = 60_000;

/** The SLA countdown of an approval at server time `now`: ms left, whether it is overdue, and the words. */
export function countdown(
  a: Approval,
  now: number,
  fmt: Formatters,
): [left: number, overdue: boolean, text: string] {
  const left = Date.parse(a.dueAt) - now;
  const overdue = left <= 0 || a.status === 'overdue';
  return [
    left,
    overdue,
    overdue
      ? `Overdue by ${fmt.minutes(Math.max(0, Math.floor(-left / MINUTE)))}`
      : `Due in ${fmt.minutes(Math.ceil(left / MINUTE))}`,
  ];
}
