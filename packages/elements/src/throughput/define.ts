import { defineElement } from '../base/define-element.js';
import { CmdctrThroughput } from './cmdctr-throughput.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-throughput', CmdctrThroughput);

export { CmdctrThroughput };
