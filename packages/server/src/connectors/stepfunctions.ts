/**
 * AWS Step Functions "Execution Status Change" events, as EventBridge delivers them (one event,
 * or an array of them from an API destination or a batching relay) → item and exception events.
 *
 * RUNNING → item.started, SUCCEEDED → item.completed, FAILED / TIMED_OUT / ABORTED →
 * exception.raised (type = `detail.error`, else the status). The stage is the state machine's
 * name. A redriven execution that succeeds also resolves the exception its failure raised; a
 * redrive's RUNNING is not a new item, so it is skipped rather than counted twice.
 */
import type { Policy } from '../policy/policy.js';
import type { EventType } from '../store/types.js';
import {
  escapePointer,
  getPointer,
  ignore,
  isObject,
  MappingError,
  parseTime,
  type FieldProblem,
  type Mapped,
  type WireEvent,
} from './shared.js';

export const STEP_FUNCTIONS_DETAIL_TYPE = 'Step Functions Execution Status Change';

export interface StepFunctionsOptions {
  workflow: string;
  /** Policy regions the workflow runs in; an execution in any other region is refused. */
  workflowRegions: readonly string[];
  /** AWS region (e.g. `us-east-1`) → policy region code (e.g. `NA`). */
  regionMap: Readonly<Record<string, string>>;
  /** JSON pointer into the execution input that holds the correlation id; the execution name when omitted or absent. */
  correlationPointer?: string;
}

/** The seed's `regions[].data_residency` read as AWS regions: us-east-1 → NA, eu-west-1 → EMEA. */
export function regionMapFromPolicy(policy: Policy): Record<string, string> {
  return Object.fromEntries(policy.regions.map((r) => [r.data_residency, r.code]));
}

const TYPE_BY_STATUS: Record<string, EventType> = {
  RUNNING: 'item.started',
  SUCCEEDED: 'item.completed',
  FAILED: 'exception.raised',
  TIMED_OUT: 'exception.raised',
  ABORTED: 'exception.raised',
};

/** The last `:`-separated part of an ARN (state machine or execution name). */
const arnName = (arn: unknown): string | undefined =>
  typeof arn === 'string' && arn.includes(':') ? arn.slice(arn.lastIndexOf(':') + 1) : undefined;

function correlationFromInput(input: unknown, pointer: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  try {
    const v = getPointer(JSON.parse(input), pointer);
    return typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;
  } catch {
    // The input is truncated or omitted when large (inputDetails.included = false).
    return undefined;
  }
}

function mapOne(event: unknown, at: string, options: StepFunctionsOptions, out: Mapped): void {
  if (!isObject(event)) throw new MappingError([{ name: at, reason: 'must be a JSON object' }]);
  if (event['detail-type'] !== STEP_FUNCTIONS_DETAIL_TYPE || event.source !== 'aws.states') {
    ignore(
      out,
      `detail-type ${JSON.stringify(event['detail-type'] ?? null)} from ${JSON.stringify(event.source ?? null)} is not mapped`,
    );
    return;
  }
  const problems: FieldProblem[] = [];
  const detail = isObject(event.detail) ? event.detail : null;
  if (!detail) problems.push({ name: `${at}/detail`, reason: 'is required (an object)' });
  if (typeof event.id !== 'string' || !event.id)
    problems.push({ name: `${at}/id`, reason: 'is required (the EventBridge event id)' });
  const timeMs = parseTime(event.time);
  if (timeMs === null)
    problems.push({ name: `${at}/time`, reason: 'must be an ISO 8601 date-time' });
  const awsRegion = event.region;
  const region = typeof awsRegion === 'string' ? options.regionMap[awsRegion] : undefined;
  if (typeof awsRegion !== 'string') {
    problems.push({ name: `${at}/region`, reason: 'is required (an AWS region)' });
  } else if (!region) {
    problems.push({
      name: `${at}/region`,
      reason: `AWS region ${awsRegion} maps to no policy region (known: ${Object.keys(options.regionMap).join(', ') || 'none'})`,
    });
  } else if (!options.workflowRegions.includes(region)) {
    problems.push({
      name: `${at}/region`,
      reason: `AWS region ${awsRegion} is policy region ${region}, where workflow ${options.workflow} does not run (${options.workflowRegions.join(', ')})`,
    });
  }
  if (problems.length || !detail) throw new MappingError(problems);

  const status = detail.status;
  const type = typeof status === 'string' ? TYPE_BY_STATUS[status] : undefined;
  if (!type) {
    // PENDING_REDRIVE and any status AWS adds later say nothing about items or exceptions.
    ignore(out, `status ${String(status)} is not mapped`);
    return;
  }
  const redriven = typeof detail.redriveCount === 'number' && detail.redriveCount > 0;
  if (status === 'RUNNING' && redriven) {
    ignore(out, 'RUNNING of a redriven execution (already started)');
    return;
  }
  const name =
    typeof detail.name === 'string' && detail.name ? detail.name : arnName(detail.executionArn);
  const correlationId =
    (options.correlationPointer &&
      correlationFromInput(detail.input, options.correlationPointer)) ||
    name;
  if (!correlationId)
    throw new MappingError([
      { name: `${at}/detail/name`, reason: 'is required (the execution name)' },
    ]);

  const stage = arnName(detail.stateMachineArn);
  const base: WireEvent = {
    eventId: event.id as string,
    source: 'aws.states',
    type,
    time: new Date(timeMs!).toISOString(),
    workflow: options.workflow,
    region: region!,
    correlationId,
    ...(stage ? { stage } : {}),
    data: {
      executionArn: detail.executionArn ?? null,
      status,
      ...(typeof detail.cause === 'string' ? { cause: detail.cause.slice(0, 2000) } : {}),
    },
  };
  if (type === 'exception.raised') {
    base.exceptionType =
      typeof detail.error === 'string' && detail.error ? detail.error : (status as string);
  }
  out.events.push(base);
  if (status === 'SUCCEEDED' && redriven) {
    out.events.push({ ...base, eventId: `${base.eventId}:resolved`, type: 'exception.resolved' });
  }
}

export function mapStepFunctionsEvents(body: unknown, options: StepFunctionsOptions): Mapped {
  const out: Mapped = { events: [], ignored: {} };
  if (!Array.isArray(body)) {
    mapOne(body, '', options, out);
    return out;
  }
  // Every bad event of a batch is named at once; nothing of the batch is stored then.
  const problems: FieldProblem[] = [];
  body.forEach((e, i) => {
    try {
      mapOne(e, `/${i}`, options, out);
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      problems.push(...err.problems);
    }
  });
  if (problems.length) throw new MappingError(problems);
  return out;
}

/** The pointer a `correlationField` query names: `orderId` and `/order/id` both work. */
export function correlationPointer(field: string): string {
  return field.startsWith('/') ? field : `/${escapePointer(field)}`;
}
