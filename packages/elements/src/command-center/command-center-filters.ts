/**
 * What a drill-through from one panel of the command center asks of the stale-exceptions list.
 * Pure: the element maps an event's detail to a filter and renders it; nothing here fetches.
 */
export interface StaleFilter {
  /** Exception type code, when the drill names one. */
  type?: string;
  /** Owner name; '' selects exceptions without an owner (the contract's `owner` filter). */
  owner?: string;
  /** Workflow the drilled mark belongs to, when it names one. */
  workflow?: string;
}

/** Ranges the picker offers: ISO 8601 durations with the words a person reads. */
export const RANGES: ReadonlyArray<readonly [string, string]> = [
  ['PT24H', 'Last 24 hours'],
  ['P7D', 'Last 7 days'],
  ['P30D', 'Last 30 days'],
];

/**
 * The stale-list filter behind a `cmdctr-drill` detail, or null when the drill says nothing the
 * list can filter by. Heatmap drills name a row dimension and key; ownership drills name the
 * type and `owner: ''` (unowned).
 */
export function drillToFilter(detail: unknown): StaleFilter | null {
  if (!detail || typeof detail !== 'object') return null;
  const d = detail as Record<string, unknown>;
  const filter: StaleFilter = {};
  if (typeof d.workflow === 'string' && d.workflow) filter.workflow = d.workflow;
  if (typeof d.type === 'string' && d.type) filter.type = d.type;
  else if (d.rowDimension === 'type' && typeof d.rowKey === 'string') filter.type = d.rowKey;
  else if (d.rowDimension === 'workflow' && typeof d.rowKey === 'string') {
    filter.workflow = d.rowKey;
  }
  if (typeof d.owner === 'string') filter.owner = d.owner;
  return filter.type !== undefined || filter.owner !== undefined || filter.workflow !== undefined
    ? filter
    : null;
}

/** The filter in words, for the chip above the list and its screen-reader announcement. */
export function describeFilter(filter: StaleFilter, workflowName: (id: string) => string): string {
  const parts: string[] = [];
  if (filter.type) parts.push(`type ${filter.type}`);
  if (filter.owner === '') parts.push('without an owner');
  else if (filter.owner) parts.push(`owner ${filter.owner}`);
  if (filter.workflow) parts.push(workflowName(filter.workflow));
  return parts.join(' · ');
}
