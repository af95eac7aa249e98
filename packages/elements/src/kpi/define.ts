import { defineElement } from '../base/define-element.js';
import { CmdctrKpi } from './cmdctr-kpi.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-kpi', CmdctrKpi);

export { CmdctrKpi };
export type { KpiId } from './cmdctr-kpi.js';
