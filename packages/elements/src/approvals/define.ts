import { defineElement } from '../base/index.js';
import { CmdctrApprovals } from './cmdctr-approvals.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-approvals', CmdctrApprovals);

export { CmdctrApprovals };
