import { defineElement } from '../base/index.js';
import { CmdctrApproval } from './cmdctr-approval.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-approval', CmdctrApproval);

export { CmdctrApproval };
export type { DecisionDetail, DecisionStatus } from './cmdctr-approval.js';
