/**
 * ServiceNow incident export (CSV, one row per update of an incident) → cmdctr events.
 *
 * One incident `number` is one exception (correlation id = number) raised at `opened_at`
 * (`DD-MM-YYYY HH:MM` wall time in the given zone). Type (`category`), severity (`priority`) and
 * owner (`assigned_to`, `?` = none) come from the incident's latest row by `sys_mod_count`. It is
 * resolved when its history holds a Resolved or Closed row, at that row's `resolved_at` (the
 * latest such row when an incident was reopened and resolved again; when every such row says `?`,
 * the `sys_updated_at` of the first of them).
 */
import { readFile } from 'node:fs/promises';
import type { Severity } from '../policy/policy.js';
import type { Store, StoredEvent } from '../store/types.js';
import { fromLocal } from '../time.js';
import { parseCsvObjects } from './csv.js';

export const SERVICENOW_SOURCE = 'servicenow';

const REQUIRED = [
  'number',
  'incident_state',
  'sys_mod_count',
  'opened_at',
  'category',
  'priority',
  'assigned_to',
  'resolved_at',
  'sys_updated_at',
];
const SEVERITY: Record<string, Severity> = {
  '1': 'critical',
  '2': 'high',
  '3': 'medium',
  '4': 'low',
};

/** `DD-MM-YYYY HH:MM` (seconds optional) in zone `tz`; null for `?` or anything malformed. */
export function parseServiceNowDate(text: string | undefined, tz: string): number | null {
  const m = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec((text ?? '').trim());
  if (!m) return null;
  const [day, month, year, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(
    Number,
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return fromLocal({ year, month, day, hour, minute, second }, tz);
}

export interface IncidentSummary {
  number: string;
  openedMs: number;
  type: string;
  severity: Severity | null;
  owner: string | null;
  ownerSinceMs: number;
  resolvedMs: number | null;
}

export interface ServiceNowOptions {
  workflow: string;
  region: string;
  tz: string;
  /** Added to every time; the demo moves the 2016 sample next to "now". */
  shiftMs?: number;
}

export interface ImportProblem {
  number: string;
  reason: string;
}

/** Folds the rows of each incident into one summary. */
export function summariseIncidents(
  rows: Record<string, string>[],
  tz: string,
): { incidents: IncidentSummary[]; problems: ImportProblem[] } {
  if (rows.length && !REQUIRED.every((c) => c in rows[0]!)) {
    const missing = REQUIRED.filter((c) => !(c in rows[0]!));
    throw new Error(
      `not a ServiceNow incident export: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    );
  }
  const byNumber = new Map<string, Record<string, string>[]>();
  for (const r of rows) {
    const list = byNumber.get(r.number!);
    if (list) list.push(r);
    else byNumber.set(r.number!, [r]);
  }
  const incidents: IncidentSummary[] = [];
  const problems: ImportProblem[] = [];
  for (const [number, history] of byNumber) {
    history.sort((a, b) => Number(a.sys_mod_count) - Number(b.sys_mod_count));
    const latest = history[history.length - 1]!;
    const openedMs = parseServiceNowDate(latest.opened_at, tz);
    if (openedMs === null) {
      // A short CSV row leaves the column out entirely; say so rather than quoting "undefined".
      const reason =
        latest.opened_at === undefined
          ? 'missing opened_at'
          : `unreadable opened_at "${latest.opened_at}"`;
      problems.push({ number, reason });
      continue;
    }
    const owner = latest.assigned_to && latest.assigned_to !== '?' ? latest.assigned_to : null;
    // The owner was assigned at the first update that shows them as the assignee.
    const firstOwned = owner ? history.find((r) => r.assigned_to === owner) : undefined;
    const ownerSinceMs = Math.max(
      openedMs,
      parseServiceNowDate(firstOwned?.sys_updated_at, tz) ?? openedMs,
    );
    const resolvedRows = history.filter(
      (r) => r.incident_state === 'Resolved' || r.incident_state === 'Closed',
    );
    let resolvedMs: number | null = null;
    if (resolvedRows.length) {
      // The latest Resolved/Closed row with a readable resolved_at; some exports leave it `?` on
      // every row, and then the update that first moved the incident to Resolved/Closed is the
      // best evidence of when it was resolved.
      const withTime = resolvedRows.filter((r) => parseServiceNowDate(r.resolved_at, tz) !== null);
      const row = withTime[withTime.length - 1];
      resolvedMs = row
        ? parseServiceNowDate(row.resolved_at, tz)
        : parseServiceNowDate(resolvedRows[0]!.sys_updated_at, tz);
      if (!row)
        problems.push({
          number,
          reason: `no resolved_at on its Resolved/Closed rows; resolved at the sys_updated_at of the first one`,
        });
    }
    incidents.push({
      number,
      openedMs,
      type: latest.category && latest.category !== '?' ? latest.category : 'UNCLASSIFIED',
      severity: SEVERITY[(latest.priority ?? '').trim().charAt(0)] ?? null,
      owner,
      ownerSinceMs,
      resolvedMs,
    });
  }
  return { incidents, problems };
}

export function incidentEvents(
  incidents: IncidentSummary[],
  options: ServiceNowOptions,
): StoredEvent[] {
  const shift = options.shiftMs ?? 0;
  const events: StoredEvent[] = [];
  const base = {
    source: SERVICENOW_SOURCE,
    workflow: options.workflow,
    region: options.region,
    stage: null,
    confidence: null,
    actor: null,
  };
  for (const inc of incidents) {
    const common = {
      ...base,
      correlationId: inc.number,
      exceptionType: inc.type,
      severity: inc.severity,
      owner: null,
      data: JSON.stringify({ number: inc.number }),
    };
    events.push({
      ...common,
      eventId: `${options.workflow}:${inc.number}:raised`,
      type: 'exception.raised',
      timeMs: inc.openedMs + shift,
    });
    if (inc.owner) {
      events.push({
        ...common,
        eventId: `${options.workflow}:${inc.number}:assigned`,
        type: 'exception.assigned',
        timeMs: inc.ownerSinceMs + shift,
        owner: inc.owner,
      });
    }
    if (inc.resolvedMs !== null) {
      events.push({
        ...common,
        eventId: `${options.workflow}:${inc.number}:resolved`,
        type: 'exception.resolved',
        timeMs: inc.resolvedMs + shift,
      });
    }
  }
  return events;
}

export interface ImportReport {
  rows: number;
  incidents: number;
  events: number;
  accepted: number;
  duplicates: number;
  problems: ImportProblem[];
  firstMs: number | null;
  lastMs: number | null;
}

export async function importServiceNow(
  store: Store,
  file: string,
  options: ServiceNowOptions,
  progress?: (done: number, total: number) => void,
): Promise<ImportReport> {
  const rows = parseCsvObjects(await readFile(file, 'utf8'));
  const { incidents, problems } = summariseIncidents(rows, options.tz);
  const events = incidentEvents(incidents, options);
  let accepted = 0;
  let duplicates = 0;
  const BATCH = 2000;
  for (let i = 0; i < events.length; i += BATCH) {
    const r = await store.ingest(events.slice(i, i + BATCH));
    accepted += r.accepted;
    duplicates += r.duplicates;
    progress?.(Math.min(i + BATCH, events.length), events.length);
  }
  const times = events.map((e) => e.timeMs);
  return {
    rows: rows.length,
    incidents: incidents.length,
    events: events.length,
    accepted,
    duplicates,
    problems,
    firstMs: times.length ? Math.min(...times) : null,
    lastMs: times.length ? Math.max(...times) : null,
  };
}
