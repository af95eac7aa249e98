import { defineElement } from '../base/index.js';
import { CmdctrCommandCenter } from './cmdctr-command-center.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-command-center', CmdctrCommandCenter);

export { CmdctrCommandCenter };
