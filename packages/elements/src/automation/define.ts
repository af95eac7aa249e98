import { defineElement } from '../base/define-element.js';
import { CmdctrAutomation } from './cmdctr-automation.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-automation', CmdctrAutomation);

export { CmdctrAutomation };
