export { CmdctrElement } from './cmdctr-element.js';
export { configContext, type CmdctrConfig } from './config-context.js';
export {
  emit,
  type CmdctrEventMap,
  type CmdctrEventName,
  type CmdctrEvent,
  type DrillDetail,
  type RangeChangeDetail,
  type ErrorDetail,
  type AuthRequiredDetail,
} from './events.js';
export {
  formatters,
  defaultLocale,
  defaultTimeZone,
  isTimeZone,
  type Bucket,
  type Formatters,
} from './format.js';
export {
  MetricController,
  SKELETON_DELAY_MS,
  type MetricOptions,
  type MetricStatus,
} from './metric-controller.js';
export { ResizeController } from './resize-controller.js';
export { ClockController } from './clock.js';
export { colorRamp, rampColor, parseColor, type Rgb } from './color-ramp.js';
export { safeHref } from './safe-href.js';
export { cssText } from './css-text.js';
export { renderState, stateStyles, type StateOptions } from './states.js';
export { subscribeStream, openStreamCount } from './stream-hub.js';
export { themeStyles, resolveTokens, SCALE_TOKENS, type ThemeName } from './theme.js';
export { Tooltip, tooltipStyles } from './tooltip.js';
export { defineElement, cmdctrRegistry } from './define-element.js';
export { exportMenu, exportMenuStyles } from './export-menu.js';
export {
  canvasToPngBlob,
  csvField,
  download,
  exportChart,
  exportFilename,
  svgToPng,
  svgWithResolvedColors,
  tableToCsv,
  type ExportKind,
  type ExportSource,
} from './export.js';
export { chartPartStyles, factsTip } from './chart-parts.js';
export { detachedTable, lazyTableRegion, tableDisclosure } from './table-disclosure.js';
export { listTableStyles, pager, pagerStyles, type PagerOptions } from './list-parts.js';
export { focusMove, moveIndex } from './list-nav.js';
