/**
 * What every connector shares: the event it produces (the contract's `IngestEvent`, so mapped
 * events take exactly the validation and storage path of `POST /v1/events`), the tally of input
 * it deliberately skipped, and the error that names the offending field of the *incoming*
 * document, which is what the sender can fix.
 */
import type { Severity } from '../policy/policy.js';
import type { EventType } from '../store/types.js';

/** One event in the contract's wire shape (`IngestEvent` in openapi.yaml). */
export interface WireEvent {
  eventId: string;
  source: string;
  type: EventType;
  time: string;
  workflow: string;
  region: string;
  correlationId: string;
  stage?: string;
  exceptionType?: string;
  severity?: Severity;
  owner?: string;
  confidence?: number;
  actor?: string;
  data?: Record<string, unknown>;
}

export interface Mapped {
  events: WireEvent[];
  /** Reason → how many inputs were skipped for it; payloads not meant for us are not errors. */
  ignored: Record<string, number>;
}

export interface FieldProblem {
  /** JSON pointer into the incoming document (or a query parameter name). */
  name: string;
  reason: string;
}

/** A payload that is meant for us but cannot be mapped; becomes a 400 naming every field. */
export class MappingError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.name}: ${p.reason}`).join('; '));
    this.name = 'MappingError';
  }
}

export function ignore(out: Mapped, reason: string): void {
  out.ignored[reason] = (out.ignored[reason] ?? 0) + 1;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export { pointerSegments } from '../json-pointer.js';
import { pointerSegments } from '../json-pointer.js';

/** The value at `pointer` in `doc`, or undefined when any step is missing. */
export function getPointer(doc: unknown, pointer: string): unknown {
  let node: unknown = doc;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(seg)) return undefined;
      node = node[Number(seg)];
    } else if (isObject(node)) {
      node = Object.hasOwn(node, seg) ? node[seg] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

export const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Epoch milliseconds from an ISO 8601 date-time, also accepting the `+0000` offsets Jira writes
 * (RFC 3339 wants `+00:00`, and engines other than V8 refuse the short form).
 */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
