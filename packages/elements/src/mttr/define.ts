import { defineElement } from '../base/define-element.js';
import { CmdctrMttr } from './cmdctr-mttr.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-mttr', CmdctrMttr);

export { CmdctrMttr };
