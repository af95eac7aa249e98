import { defineElement } from '../base/index.js';
import { CmdctrPareto } from './cmdctr-pareto.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-pareto', CmdctrPareto);

export { CmdctrPareto };
