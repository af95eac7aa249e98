import { defineElement } from '../base/index.js';
import { CmdctrStaleExceptions } from './cmdctr-stale-exceptions.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-stale-exceptions', CmdctrStaleExceptions);

export { CmdctrStaleExceptions };
