import { defineElement } from '../base/define-element.js';
import { CmdctrOwnership } from './cmdctr-ownership.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-ownership', CmdctrOwnership);

export { CmdctrOwnership };
