import { defineElement } from '../base/index.js';
import { CmdctrHeatmap } from './cmdctr-heatmap.js';

// Guarded: a second copy of the library on the page warns and keeps the first registration.
defineElement('cmdctr-heatmap', CmdctrHeatmap);

export { CmdctrHeatmap };
