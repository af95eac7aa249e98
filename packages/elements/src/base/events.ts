import type { CmdctrError, Problem } from '@cmdctr/contract';

/** What a drill-through asks the host page to open: the filter behind the clicked mark. */
export interface DrillDetail {
  /** Workflow id the mark belongs to, when the mark names one. */
  workflow: string | null;
  /** Every workflow the mark's data came from, when a mark spans several (e.g. a Pareto bar). */
  workflows?: string[];
  /** The dimension the row key belongs to (type, severity, stage, region, workflow). */
  rowDimension: string;
  /** The row's key, e.g. an exception type code. */
  rowKey: string;
  /** Start of the bucket range (RFC 3339). */
  from: string;
  /** End of the bucket range, exclusive (RFC 3339). */
  to: string;
  /** Exception type code to filter on, when the mark is one type (as `listExceptions`' `type`). */
  type?: string;
  /** Owner to filter on, as `listExceptions`' `owner`: the empty string means "no owner". */
  owner?: string;
  /** Exception status to filter on, as `listExceptions`' `status`. */
  status?: 'open' | 'resolved';
  /** KPI tiles: the `KpiId` of the figure drilled into (`rowKey` carries the same id). */
  kpi?: string;
  /** The relative range in force (ISO 8601 duration, e.g. `P7D`); `null` when from/to apply. */
  range?: string | null;
}

export interface RangeChangeDetail {
  from: string;
  to: string;
}

export interface ErrorDetail {
  error: CmdctrError;
  /** True when the last good data is still on screen, marked stale. */
  stale: boolean;
}

/** The command center's filters after a change; `null` for what is not set. */
export interface FilterChangeDetail {
  workflow: string | null;
  /** ISO 8601 duration of the picked range; `null` while a zoomed from/to applies. */
  range: string | null;
  from: string | null;
  to: string | null;
}

export interface AuthRequiredDetail {
  status: number | null;
  problem: Problem | null;
}

/** Every event cmdctr elements dispatch, by name. */
export interface CmdctrEventMap {
  'cmdctr-drill': DrillDetail;
  'cmdctr-range-change': RangeChangeDetail;
  'cmdctr-error': ErrorDetail;
  'cmdctr-auth-required': AuthRequiredDetail;
  'cmdctr-filter-change': FilterChangeDetail;
}

export type CmdctrEventName = keyof CmdctrEventMap;
export type CmdctrEvent<K extends CmdctrEventName> = CustomEvent<CmdctrEventMap[K]>;

/**
 * The one way an element dispatches its events: typed, bubbling and composed, so a listener on
 * the host page hears them from inside any number of shadow roots.
 * @returns false when a cancelable event was cancelled (`preventDefault()`).
 */
export function emit<K extends CmdctrEventName>(
  target: EventTarget,
  type: K,
  detail: CmdctrEventMap[K],
  options: { cancelable?: boolean } = {},
): boolean {
  const event = new CustomEvent<CmdctrEventMap[K]>(type, {
    detail,
    bubbles: true,
    composed: true,
    cancelable: options.cancelable ?? false,
  });
  return target.dispatchEvent(event);
}

declare global {
  interface HTMLElementEventMap {
    'cmdctr-drill': CmdctrEvent<'cmdctr-drill'>;
    'cmdctr-range-change': CmdctrEvent<'cmdctr-range-change'>;
    'cmdctr-error': CmdctrEvent<'cmdctr-error'>;
    'cmdctr-auth-required': CmdctrEvent<'cmdctr-auth-required'>;
  }
}
