import { defineElement } from '../base/index.js';
import { CmdctrLedger } from './cmdctr-ledger.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-ledger', CmdctrLedger);

export { CmdctrLedger };
