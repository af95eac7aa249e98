/**
 * Jira Cloud issue webhooks → exception events. One issue is one exception (correlation id =
 * issue key):
 *
 * - every `jira:issue_created` and `jira:issue_updated` raises it, at the issue's `created` time
 *   with one event id per issue, so a webhook configured after the issue was opened still
 *   creates the exception while later webhooks count as duplicates of that raise instead of new
 *   exceptions;
 * - an assignee change in the changelog assigns it (owner = the new assignee's display name);
 * - it is resolved when an update moves the status into the Done category or sets a resolution,
 *   when it is created already done, or when the issue is deleted.
 *
 * Event ids of assignments and resolutions are built from the webhook's `timestamp`, the issue id
 * and `webhookEvent`, which Jira keeps when it retries a delivery, so a re-sent webhook is
 * counted as a duplicate.
 */
import type { Severity } from '../policy/policy.js';
import {
  getPointer,
  ignore,
  isObject,
  MappingError,
  parseTime,
  type FieldProblem,
  type Mapped,
  type WireEvent,
} from './shared.js';

export interface JiraOptions {
  workflow: string;
  region: string;
  /**
   * Issue field that holds the exception type (`customfield_10050`, `labels`…); the issue type's
   * name when omitted. Select fields (`{ value }`), named objects and arrays (first entry) work.
   */
  typeField?: string;
}

const MAPPED_EVENTS = new Set(['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted']);

/** Jira's default priority scheme; unknown names leave severity to the policy's exception type. */
const SEVERITY_BY_PRIORITY: Record<string, Severity> = {
  highest: 'critical',
  blocker: 'critical',
  critical: 'critical',
  high: 'high',
  major: 'high',
  medium: 'medium',
  low: 'low',
  lowest: 'low',
  minor: 'low',
  trivial: 'low',
};

export function severityFromPriority(name: unknown): Severity | undefined {
  return typeof name === 'string' ? SEVERITY_BY_PRIORITY[name.trim().toLowerCase()] : undefined;
}

/** A field value as text: strings, `{ value }` options, `{ name }` objects, first array entry. */
function fieldText(value: unknown): string | undefined {
  if (Array.isArray(value)) return fieldText(value[0]);
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (isObject(value)) return fieldText(value.value ?? value.name ?? value.key);
  return undefined;
}

const isDone = (fields: Record<string, unknown>): boolean =>
  getPointer(fields, '/status/statusCategory/key') === 'done' ||
  (fields.resolution !== null && fields.resolution !== undefined);

/** The Jira site the issue lives on, so two sites' issue ids never collide as duplicates. */
function sourceOf(issue: Record<string, unknown>): string {
  try {
    return typeof issue.self === 'string' ? `jira:${new URL(issue.self).host}` : 'jira';
  } catch {
    return 'jira';
  }
}

export function mapJiraWebhook(payload: unknown, options: JiraOptions): Mapped {
  const out: Mapped = { events: [], ignored: {} };
  if (!isObject(payload)) {
    throw new MappingError([{ name: '', reason: 'a Jira webhook body is a JSON object' }]);
  }
  const webhookEvent = payload.webhookEvent;
  if (typeof webhookEvent !== 'string') {
    throw new MappingError([{ name: '/webhookEvent', reason: 'is required (a string)' }]);
  }
  if (!MAPPED_EVENTS.has(webhookEvent)) {
    ignore(out, `webhookEvent ${webhookEvent} is not mapped`);
    return out;
  }

  const problems: FieldProblem[] = [];
  const timestamp = payload.timestamp;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp <= 0)
    problems.push({ name: '/timestamp', reason: 'must be epoch milliseconds' });
  const issue = payload.issue;
  if (!isObject(issue)) {
    problems.push({ name: '/issue', reason: 'is required (an object)' });
    throw new MappingError(problems);
  }
  const fields = isObject(issue.fields) ? issue.fields : {};
  if (typeof issue.id !== 'string' && typeof issue.id !== 'number')
    problems.push({ name: '/issue/id', reason: 'is required' });
  if (typeof issue.key !== 'string' || !issue.key)
    problems.push({ name: '/issue/key', reason: 'is required' });
  // Deletions carry the issue as it was; everything else must say when it was created.
  const createdMs = parseTime(fields.created);
  if (createdMs === null && webhookEvent !== 'jira:issue_deleted')
    problems.push({ name: '/issue/fields/created', reason: 'must be an ISO 8601 date-time' });
  if (problems.length) throw new MappingError(problems);

  const ts = Number(timestamp);
  const issueId = String(issue.id);
  const key = issue.key as string;
  const source = sourceOf(issue);
  const common = {
    source,
    workflow: options.workflow,
    region: options.region,
    correlationId: key,
    data: {
      issueKey: key,
      ...(typeof issue.self === 'string'
        ? { ticketUrl: new URL(`/browse/${encodeURIComponent(key)}`, issue.self).href }
        : {}),
      ...(typeof fields.summary === 'string' ? { summary: fields.summary } : {}),
    },
  };
  const idOf = (what: string): string => `${ts}:${issueId}:${webhookEvent}:${what}`;
  const at = new Date(ts).toISOString();

  if (webhookEvent === 'jira:issue_deleted') {
    out.events.push({ ...common, eventId: idOf('resolved'), type: 'exception.resolved', time: at });
    return out;
  }

  const typePointer = options.typeField ? `/${options.typeField}` : '/issuetype/name';
  const exceptionType = fieldText(getPointer(fields, typePointer));
  const severity = severityFromPriority(getPointer(fields, '/priority/name'));
  const assignee = fieldText(getPointer(fields, '/assignee/displayName'));
  const raise: WireEvent = {
    ...common,
    eventId: `issue:${issueId}:raised`,
    type: 'exception.raised',
    time: new Date(createdMs!).toISOString(),
    ...(exceptionType ? { exceptionType } : {}),
    ...(severity ? { severity } : {}),
    ...(assignee ? { owner: assignee } : {}),
  };
  out.events.push(raise);

  if (webhookEvent === 'jira:issue_created') {
    if (isDone(fields))
      out.events.push({
        ...common,
        eventId: idOf('resolved'),
        type: 'exception.resolved',
        time: at,
      });
    return out;
  }

  const items = getPointer(payload, '/changelog/items');
  const changed = Array.isArray(items) ? items.filter(isObject) : [];
  let relevant = false;
  for (const item of changed) {
    if (item.field !== 'assignee' && item.fieldId !== 'assignee') continue;
    relevant = true;
    // `toString` is read as an own property: every object inherits a function of that name.
    const owner = fieldText(
      Object.hasOwn(item, 'toString')
        ? (Object.getOwnPropertyDescriptor(item, 'toString')?.value as unknown)
        : undefined,
    );
    // The store keeps the latest named owner; an unassignment has no owner to record.
    if (owner)
      out.events.push({
        ...common,
        eventId: idOf('assigned'),
        type: 'exception.assigned',
        time: at,
        owner,
      });
    else ignore(out, 'unassignment is not recorded');
  }
  const statusChange = changed.some((i) =>
    ['status', 'resolution'].includes(String(i.fieldId ?? i.field)),
  );
  if (statusChange) {
    relevant = true;
    if (isDone(fields))
      out.events.push({
        ...common,
        eventId: idOf('resolved'),
        type: 'exception.resolved',
        time: at,
      });
    // A reopened issue stays resolved at its first resolution: the store closes an exception once.
    else ignore(out, 'status change that does not resolve');
  }
  if (!relevant) ignore(out, 'update without status or assignee change');
  return out;
}
