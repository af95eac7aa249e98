import type { LedgerAction, LedgerEntry } from '@cmdctr/contract';
import { csvField } from '../base/export.js';

/**
 * View maths of `<cmdctr-ledger>`, free of the DOM and of fetching: the before/after diff of an
 * entry, the comma-separated filter lists, and the CSV and JSON evidence files.
 */

/** The contract's actions in its order, with the words shown for them. */
export const ACTIONS: ReadonlyArray<readonly [LedgerAction, string]> = [
  ['decision', 'Decision'],
  ['escalation', 'Escalation'],
  ['policy_change', 'Policy change'],
  ['auto_actions_switch', 'Auto-actions switch'],
  ['retention', 'Retention'],
];

export type Change = 'changed' | 'added' | 'removed' | 'unchanged';

export interface DiffRow {
  key: string;
  /** `JSON.stringify` of the value, or `undefined` when the side lacks the key. */
  before: string | undefined;
  after: string | undefined;
  change: Change;
}

type Side = Record<string, unknown> | null;

/**
 * One row per key of `before` and `after` (before's keys first, then keys only after has), each
 * value as JSON text so a string `"1"` and a number `1` read differently, as they hash differently.
 */
export function diffEntry(before: Side, after: Side): DiffRow[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.map((key) => {
    const b = json(before, key);
    const a = json(after, key);
    const change: Change =
      b === undefined ? 'added' : a === undefined ? 'removed' : a === b ? 'unchanged' : 'changed';
    return { key, before: b, after: a, change };
  });
}

const json = (side: Side, key: string) =>
  side && Object.hasOwn(side, key) ? JSON.stringify(side[key]) : undefined;

/** `" a, ,b "` → `"a,b"`; nothing left → `undefined` (the filter is off). */
export function normaliseList(value: string | undefined): string | undefined {
  const list = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? [...new Set(list)].join(',') : undefined;
}

/** The first 8 hex digits and an ellipsis: enough to tell entries apart at a glance. */
export const shortHash = (hash: string) => `${hash.slice(0, 8)}…`;

const COLUMNS = [
  'seq',
  'at',
  'actor',
  'action',
  'workflow',
  'subject',
  'reason',
  'policyVersion',
  'policyHash',
  'prevHash',
  'hash',
  'before',
  'after',
] as const;

/**
 * The entries as CSV (RFC 4180, CRLF, one column per contract field under its contract name).
 * Values are exactly as received (instants stay RFC 3339, `before`/`after` are their JSON),
 * except that a cell opening with `= + - @` gets a leading `'` so a spreadsheet cannot run it.
 */
export function ledgerCsv(items: readonly LedgerEntry[]): string {
  const cell = (value: LedgerEntry[(typeof COLUMNS)[number]]) =>
    csvField(
      value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value),
      true,
    );
  return [COLUMNS.join(','), ...items.map((item) => COLUMNS.map((k) => cell(item[k])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');
}

/** What the JSON export holds: the filters the server applied and every entry as received. */
export interface LedgerExport {
  apiVersion: string;
  filters: unknown;
  /** True when the export stopped at the cap and more entries match. */
  truncated: boolean;
  count: number;
  items: readonly LedgerEntry[];
}

export function ledgerJson(value: LedgerExport): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
