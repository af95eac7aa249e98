/**
 * Connectors: the pure mappings against payloads written from the public documented shapes
 * (test/payloads/), then the routes over real HTTP into a real database, read back through
 * /v1/exceptions and /v1/metrics/throughput.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadMapping, mapGeneric, parseMapping } from '../src/connectors/generic.js';
import { mapJiraWebhook, severityFromPriority } from '../src/connectors/jira.js';
import { MappingError } from '../src/connectors/shared.js';
import {
  mapStepFunctionsEvents,
  regionMapFromPolicy,
  type StepFunctionsOptions,
} from '../src/connectors/stepfunctions.js';
import { loadPolicy, SEED_POLICY_PATH } from '../src/policy/policy.js';
import { getJson, startServer, type Schemas, type TestServer } from './helpers.js';

const payloadPath = (name: string): string =>
  fileURLToPath(new URL(`./payloads/${name}`, import.meta.url));
const payload = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(payloadPath(name), 'utf8')) as Record<string, unknown>;
const clone = <T>(x: T): T => structuredClone(x);

const JIRA = { workflow: 'order_fulfillment_hold', region: 'NA' };
const JIRA_TYPED = { ...JIRA, typeField: 'customfield_10050' };
const SOURCE = 'jira:acme-ops.atlassian.net';

/** The MappingError `fn` throws, so a test can check every field it names. */
function mappingError(fn: () => unknown): MappingError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  assert.fail('expected a MappingError');
}

describe('Jira mapping', () => {
  test('issue_created raises the exception at the issue creation time', () => {
    const out = mapJiraWebhook(payload('jira/issue_created.json'), JIRA_TYPED);
    assert.deepEqual(out.ignored, {});
    assert.equal(out.events.length, 1);
    const [raise] = out.events;
    assert.deepEqual(raise, {
      source: SOURCE,
      workflow: 'order_fulfillment_hold',
      region: 'NA',
      correlationId: 'OFH-482',
      data: {
        issueKey: 'OFH-482',
        ticketUrl: 'https://acme-ops.atlassian.net/browse/OFH-482',
        summary: 'Order 7734120 held: carrier rejected ship-to address',
      },
      eventId: 'issue:10482:raised',
      type: 'exception.raised',
      time: '2025-11-25T11:00:00.123Z',
      exceptionType: 'ADDRESS_VALIDATION_FAIL',
      severity: 'high',
    });
  });

  test('without typeField the type is the issue type name', () => {
    const out = mapJiraWebhook(payload('jira/issue_created.json'), JIRA);
    assert.equal(out.events[0]!.exceptionType, 'Hold');
  });

  test('an assignee change assigns, with an id stable across retries', () => {
    const body = payload('jira/issue_updated_assigned.json');
    const out = mapJiraWebhook(body, JIRA_TYPED);
    assert.deepEqual(
      out.events.map((e) => [e.type, e.eventId, e.time, e.owner]),
      [
        ['exception.raised', 'issue:10482:raised', '2025-11-25T11:00:00.123Z', 'Dana Whitfield'],
        [
          'exception.assigned',
          '1764069600456:10482:jira:issue_updated:assigned',
          '2025-11-25T11:20:00.456Z',
          'Dana Whitfield',
        ],
      ],
    );
    assert.deepEqual(mapJiraWebhook(clone(body), JIRA_TYPED), out);
  });

  test('a status change into the Done category resolves; other status changes are ignored', () => {
    const done = mapJiraWebhook(payload('jira/issue_updated_done.json'), JIRA_TYPED);
    assert.deepEqual(
      done.events.map((e) => [e.type, e.time]),
      [
        ['exception.raised', '2025-11-25T11:00:00.123Z'],
        ['exception.resolved', '2025-11-25T13:00:00.000Z'],
      ],
    );
    const progress = mapJiraWebhook(payload('jira/issue_updated_in_progress.json'), JIRA_TYPED);
    assert.deepEqual(
      progress.events.map((e) => e.type),
      ['exception.raised'],
    );
    assert.deepEqual(progress.ignored, { 'status change that does not resolve': 1 });
  });

  test('a resolution set without a Done status category also resolves', () => {
    const body = payload('jira/issue_updated_done.json');
    const fields = (body.issue as { fields: Record<string, unknown> }).fields;
    fields.status = { name: 'Closed', statusCategory: { key: 'indeterminate' } };
    body.changelog = { items: [{ field: 'resolution', fieldId: 'resolution', toString: 'Fixed' }] };
    assert.equal(mapJiraWebhook(body, JIRA).events.at(-1)!.type, 'exception.resolved');
    fields.resolution = null;
    assert.deepEqual(
      mapJiraWebhook(body, JIRA).events.map((e) => e.type),
      ['exception.raised'],
    );
  });

  test('issue_deleted resolves; events we do not map are ignored, not refused', () => {
    const del = mapJiraWebhook(payload('jira/issue_deleted.json'), JIRA);
    assert.deepEqual(
      del.events.map((e) => [e.type, e.correlationId, e.eventId]),
      [['exception.resolved', 'OFH-483', '1764079200000:10483:jira:issue_deleted:resolved']],
    );
    const comment = mapJiraWebhook(payload('jira/comment_created.json'), JIRA);
    assert.deepEqual(comment, {
      events: [],
      ignored: { 'webhookEvent comment_created is not mapped': 1 },
    });
  });

  test('severity follows the priority name', () => {
    assert.deepEqual(
      ['Highest', 'High', 'Medium', 'Low', 'Lowest', 'highest ', 'P0', undefined].map((p) =>
        severityFromPriority(p),
      ),
      ['critical', 'high', 'medium', 'low', 'low', 'critical', undefined, undefined],
    );
  });

  test('a broken payload names every bad field', () => {
    const body = payload('jira/issue_created.json');
    delete body.timestamp;
    const issue = body.issue as Record<string, unknown>;
    delete issue.key;
    (issue.fields as Record<string, unknown>).created = 'yesterday';
    assert.deepEqual(
      mappingError(() => mapJiraWebhook(body, JIRA)).problems.map((p) => p.name),
      ['/timestamp', '/issue/key', '/issue/fields/created'],
    );
    assert.deepEqual(
      mappingError(() => mapJiraWebhook([], JIRA)).problems.map((p) => p.name),
      [''],
    );
  });
});

describe('Step Functions mapping', async () => {
  const policy = (await loadPolicy(SEED_POLICY_PATH)).policy;
  const p2p: StepFunctionsOptions = {
    workflow: 'p2p_invoice_matching',
    workflowRegions: ['NA', 'EMEA'],
    regionMap: regionMapFromPolicy(policy),
  };

  test('the AWS-region map comes from the policy data_residency', () => {
    assert.deepEqual(p2p.regionMap, { 'us-east-1': 'NA', 'eu-west-1': 'EMEA' });
  });

  test('RUNNING starts an item, keyed by the EventBridge id and time', () => {
    const out = mapStepFunctionsEvents(payload('stepfunctions/running.json'), p2p);
    assert.deepEqual(out.events, [
      {
        eventId: '8d6d9c7b-26ac-4f0a-92e3-0f3c5a7f2a11',
        source: 'aws.states',
        type: 'item.started',
        time: '2025-11-25T11:00:00.000Z',
        workflow: 'p2p_invoice_matching',
        region: 'NA',
        correlationId: 'inv-118204-7f3a',
        stage: 'p2p-invoice-match',
        data: {
          executionArn:
            'arn:aws:states:us-east-1:123456789012:execution:p2p-invoice-match:inv-118204-7f3a',
          status: 'RUNNING',
        },
      },
    ]);
  });

  test('FAILED raises with the error as type; TIMED_OUT without error uses the status', () => {
    const failed = mapStepFunctionsEvents(payload('stepfunctions/failed.json'), p2p).events[0]!;
    assert.equal(failed.type, 'exception.raised');
    assert.equal(failed.exceptionType, 'MISSING_PO');
    assert.equal(failed.data?.cause, 'Invoice INV-2025-118204 references no purchase order');
    const batch = mapStepFunctionsEvents(payload('stepfunctions/batch_emea.json'), p2p);
    assert.deepEqual(
      batch.events.map((e) => [e.type, e.region, e.exceptionType ?? null]),
      [
        ['item.started', 'EMEA', null],
        ['item.completed', 'EMEA', null],
        ['exception.raised', 'EMEA', 'TIMED_OUT'],
      ],
    );
  });

  test('a redriven execution that succeeds completes the item and resolves its failure', () => {
    const out = mapStepFunctionsEvents(payload('stepfunctions/succeeded_after_redrive.json'), p2p);
    assert.deepEqual(
      out.events.map((e) => [e.type, e.eventId]),
      [
        ['item.completed', 'f0a8b3d2-5c6e-4f71-a9b8-3e2d1c0b9a87'],
        ['exception.resolved', 'f0a8b3d2-5c6e-4f71-a9b8-3e2d1c0b9a87:resolved'],
      ],
    );
    const rerun = payload('stepfunctions/running.json');
    (rerun.detail as Record<string, unknown>).redriveCount = 1;
    assert.deepEqual(mapStepFunctionsEvents(rerun, p2p), {
      events: [],
      ignored: { 'RUNNING of a redriven execution (already started)': 1 },
    });
  });

  test('the correlation id can come from an input field, falling back to the name', () => {
    const opts = { ...p2p, correlationPointer: '/invoiceId' };
    const e = mapStepFunctionsEvents(payload('stepfunctions/failed.json'), opts).events[0]!;
    assert.equal(e.correlationId, 'INV-2025-118204');
    const truncated = payload('stepfunctions/failed.json');
    (truncated.detail as Record<string, unknown>).input = null;
    assert.equal(
      mapStepFunctionsEvents(truncated, opts).events[0]!.correlationId,
      'inv-118204-7f3a',
    );
  });

  test('other EventBridge events are ignored; an unmapped AWS region is refused', () => {
    assert.deepEqual(mapStepFunctionsEvents(payload('stepfunctions/ec2_state_change.json'), p2p), {
      events: [],
      ignored: {
        'detail-type "EC2 Instance State-change Notification" from "aws.ec2" is not mapped': 1,
      },
    });
    const batch = payload('stepfunctions/batch_emea.json') as unknown as Record<string, unknown>[];
    batch[2]!.region = 'ap-south-1';
    delete batch[0]!.id;
    const err = mappingError(() => mapStepFunctionsEvents(batch, p2p));
    assert.deepEqual(
      err.problems.map((p) => p.name),
      ['/0/id', '/2/region'],
    );
    assert.match(err.problems[1]!.reason, /ap-south-1 maps to no policy region/);
    // EMEA executions for a workflow that runs only in NA are refused too.
    const fulfil = { ...p2p, workflow: 'order_fulfillment_hold', workflowRegions: ['NA'] };
    assert.match(
      mappingError(() => mapStepFunctionsEvents(batch.slice(1, 2), fulfil)).problems[0]!.reason,
      /policy region EMEA, where workflow order_fulfillment_hold does not run/,
    );
  });
});

describe('generic JSON mapping', () => {
  test('the example mapping loads and maps documents, skipping unmapped statuses', async () => {
    const mapping = await loadMapping(payloadPath('generic/sap-invoice-status.yaml'));
    const out = mapGeneric(payload('generic/sap-invoice-status.json'), mapping);
    assert.deepEqual(out.ignored, { 'type value "PARKED" is not mapped': 1 });
    assert.deepEqual(
      out.events.map((e) => [e.eventId, e.type, e.time, e.exceptionType ?? null, e.owner ?? null]),
      [
        ['5105600731-2025-1', 'item.started', '2025-11-25T09:14:03.000Z', null, null],
        ['5105600731-2025-2', 'exception.raised', '2025-11-25T09:14:09.000Z', 'MISSING_PO', null],
        ['5105600731-2025-3', 'exception.assigned', '2025-11-25T09:40:00.000Z', null, 'M. Keller'],
        ['5105600731-2025-5', 'exception.resolved', '2025-11-25T11:44:09.000Z', null, null],
        ['5105600731-2025-6', 'item.completed', '2025-11-25T11:44:30.000Z', null, null],
      ],
    );
    const raised = out.events[1]!;
    assert.equal(raised.severity, 'high');
    assert.equal(raised.source, 'sap.s4hana');
    assert.equal(raised.region, 'EMEA');
    assert.equal(raised.stage, 'three_way_match');
    assert.match(String(raised.data?.erpDocumentUrl), /^https:\/\/s4\.example\.eu\//);
  });

  test('documents that cannot be mapped are named by their pointer in the body', async () => {
    const mapping = await loadMapping(payloadPath('generic/sap-invoice-status.yaml'));
    const body = payload('generic/sap-invoice-status.json');
    const docs = (body.d as { results: Record<string, unknown>[] }).results;
    delete docs[0]!.ChangedAt;
    delete docs[1]!.ChangeSequence;
    docs[1]!.BlockingReason = 'Z';
    docs[4]!.ChangedAt = 'soon';
    assert.deepEqual(mappingError(() => mapGeneric(body, mapping)).problems, [
      { name: '/d/results/0/ChangedAt', reason: 'is required (mapped to time)' },
      { name: '/d/results/1/ChangeSequence', reason: 'is required by the eventId template' },
      {
        name: '/d/results/1/BlockingReason',
        reason: 'value "Z" has no entry in the exceptionType map',
      },
      {
        name: '/d/results/4/ChangedAt',
        reason: 'must be an ISO 8601 date-time or epoch milliseconds',
      },
    ]);
    assert.deepEqual(
      mappingError(() => mapGeneric({ d: {} }, mapping)).problems.map((p) => p.name),
      ['/d/results'],
    );
  });

  test('a bad mapping file is refused with line, column and reason', () => {
    const text = [
      'id: Bad Id',
      'source: sap',
      'workflow: p2p_invoice_matching',
      'region: EMEA',
      'colour: blue',
      'fields:',
      '  eventId: /id',
      '  time: /at',
      '  type: { pointer: /s, map: { A: item.finished } }',
      '  severity: { const: urgent }',
    ].join('\n');
    const r = parseMapping(text);
    assert.equal(r.mapping, null);
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.column, p.path, p.reason]),
      [
        [1, 5, '/id', 'must match pattern "^[a-z0-9][a-z0-9_-]{0,63}$"'],
        [5, 1, '/colour', 'unknown property "colour"'],
        [7, 3, '/fields', 'missing required property "correlationId"'],
        [
          9,
          9,
          '/fields/type',
          'must be a JSON pointer ("/a/b"), { pointer, map?, default? }, { template } or { const }; map values, default and const must be one of item.started, item.completed, exception.raised, exception.assigned, exception.resolved, autoresolve.proposed, approval.decided',
        ],
        [
          10,
          13,
          '/fields/severity',
          'must be a JSON pointer ("/a/b"), { pointer, map?, default? }, { template } or { const }; map values, default and const must be one of critical, high, medium, low',
        ],
      ],
    );
    assert.match(parseMapping('id: x\nid: y\n').problems[0]!.reason, /unique/i);
    assert.match(parseMapping('id: !!js/function "x"\n').problems[0]!.reason, /tag/i);
  });
});

// ---------------------------------------------------------------- over HTTP

type ExceptionList = Schemas['ExceptionListResponse'];
const DAY = 'from=2025-11-25T00:00:00Z&to=2025-11-26T00:00:00Z';
const NOW = Date.parse('2025-11-25T15:00:00Z');

const post = (url: string, body: unknown, contentType = 'application/json') =>
  getJson(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('connector routes', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({
      now: () => NOW,
      connectors: {
        mappings: [await loadMapping(payloadPath('generic/sap-invoice-status.yaml'))],
        awsRegions: { 'us-west-2': 'NA' },
      },
    });
  });
  after(() => s.close());

  const exception = async (workflow: string, correlationId: string) => {
    const r = await getJson<ExceptionList>(`${s.url}/v1/exceptions?${DAY}&workflow=${workflow}`);
    assert.equal(r.status, 200);
    return r.body.items.find((i) => i.correlationId === correlationId);
  };

  test('Jira: a retried webhook is a duplicate; the lifecycle shows in /v1/exceptions', async () => {
    const jira = `${s.url}/v1/connectors/jira?workflow=order_fulfillment_hold&typeField=customfield_10050`;
    const created = await post(jira, payload('jira/issue_created.json'));
    assert.equal(created.status, 202);
    assert.equal(created.body.accepted, 1);
    assert.equal(created.body.duplicates, 0);
    assert.deepEqual(created.body.ignored, {});

    const retry = await post(jira, payload('jira/issue_created.json'));
    assert.equal(retry.status, 202);
    assert.deepEqual([retry.body.accepted, retry.body.duplicates], [0, 1]);

    let item = await exception('order_fulfillment_hold', 'OFH-482');
    assert.ok(item);
    assert.equal(item.status, 'open');
    assert.equal(item.type, 'ADDRESS_VALIDATION_FAIL');
    assert.equal(item.severity, 'high');
    assert.equal(item.region, 'NA');
    assert.equal(item.raisedAt, '2025-11-25T11:00:00.123Z');
    assert.equal(item.links.ticket, 'https://acme-ops.atlassian.net/browse/OFH-482');
    // The seed policy names no owner for this type, so none until Jira assigns one.
    assert.equal(item.owner, null);

    const assigned = await post(jira, payload('jira/issue_updated_assigned.json'));
    // The raise an update carries is the one already stored.
    assert.deepEqual([assigned.body.accepted, assigned.body.duplicates], [1, 1]);
    const again = await post(jira, payload('jira/issue_updated_assigned.json'));
    assert.deepEqual([again.body.accepted, again.body.duplicates], [0, 2]);
    item = await exception('order_fulfillment_hold', 'OFH-482');
    assert.equal(item?.owner, 'Dana Whitfield');
    assert.equal(item?.status, 'open');

    const progress = await post(jira, payload('jira/issue_updated_in_progress.json'));
    assert.equal(progress.status, 202);
    assert.deepEqual(progress.body.ignored, { 'status change that does not resolve': 1 });
    assert.equal((await exception('order_fulfillment_hold', 'OFH-482'))?.status, 'open');

    const done = await post(jira, payload('jira/issue_updated_done.json'));
    assert.deepEqual([done.body.accepted, done.body.duplicates], [1, 1]);
    item = await exception('order_fulfillment_hold', 'OFH-482');
    assert.equal(item?.status, 'resolved');
    assert.equal(item?.resolvedAt, '2025-11-25T13:00:00.000Z');
    // Raised at 11:00:00.123, resolved at 13:00:00.000: whole minutes, rounded down.
    assert.equal(item?.ageMinutes, 119);

    const comment = await post(jira, payload('jira/comment_created.json'));
    assert.equal(comment.status, 202);
    assert.deepEqual([comment.body.accepted, comment.body.duplicates], [0, 0]);
    assert.deepEqual(comment.body.ignored, { 'webhookEvent comment_created is not mapped': 1 });
  });

  test('Jira: a created-then-deleted issue is resolved at the deletion', async () => {
    const jira = `${s.url}/v1/connectors/jira?workflow=order_fulfillment_hold&region=NA`;
    const deleted = payload('jira/issue_deleted.json');
    const created = payload('jira/issue_created.json');
    created.issue = deleted.issue;
    created.timestamp = 1764068700000;
    assert.equal((await post(jira, created)).body.accepted, 1);
    assert.equal((await post(jira, deleted)).body.accepted, 1);
    const item = await exception('order_fulfillment_hold', 'OFH-483');
    assert.equal(item?.status, 'resolved');
    assert.equal(item?.severity, 'low');
    assert.equal(item?.resolvedAt, '2025-11-25T14:00:00.000Z');
  });

  test('Jira: bad query parameters and payloads are problem+json naming the field', async () => {
    const missing = await post(`${s.url}/v1/connectors/jira`, payload('jira/issue_created.json'));
    assert.equal(missing.status, 400);
    assert.match(missing.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal((missing.body.invalid_params as { name: string }[])[0]!.name, 'workflow');

    const twoRegions = await post(
      `${s.url}/v1/connectors/jira?workflow=p2p_invoice_matching`,
      payload('jira/issue_created.json'),
    );
    assert.equal(twoRegions.status, 400);
    assert.deepEqual(twoRegions.body.invalid_params, [
      { name: 'region', reason: 'is required: workflow p2p_invoice_matching runs in NA, EMEA' },
    ]);

    const unknown = await post(
      `${s.url}/v1/connectors/jira?workflow=no_such_flow`,
      payload('jira/issue_created.json'),
    );
    assert.equal(unknown.status, 400);

    const broken = payload('jira/issue_created.json');
    delete (broken.issue as Record<string, unknown>).key;
    const bad = await post(`${s.url}/v1/connectors/jira?workflow=order_fulfillment_hold`, broken);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.type, 'https://cmdctr.dev/problems/invalid-payload');
    assert.deepEqual(bad.body.invalid_params, [{ name: '/issue/key', reason: 'is required' }]);

    const malformed = await post(
      `${s.url}/v1/connectors/jira?workflow=order_fulfillment_hold`,
      '{"webhookEvent":',
    );
    assert.equal(malformed.status, 400);
    assert.match(malformed.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });

  test('Step Functions: failure raises, redrive success resolves, retries are duplicates', async () => {
    const sfn = `${s.url}/v1/connectors/stepfunctions?workflow=p2p_invoice_matching`;
    const running = await post(sfn, payload('stepfunctions/running.json'));
    assert.deepEqual([running.status, running.body.accepted], [202, 1]);
    const failed = await post(sfn, payload('stepfunctions/failed.json'));
    assert.equal(failed.body.accepted, 1);
    const retried = await post(sfn, payload('stepfunctions/failed.json'));
    assert.deepEqual([retried.body.accepted, retried.body.duplicates], [0, 1]);

    let item = await exception('p2p_invoice_matching', 'inv-118204-7f3a');
    assert.equal(item?.status, 'open');
    assert.equal(item?.type, 'MISSING_PO');
    assert.equal(item?.region, 'NA');
    // The policy's severity for MISSING_PO applies: Step Functions says nothing about severity.
    assert.equal(item?.severity, 'high');

    const redriven = await post(sfn, payload('stepfunctions/succeeded_after_redrive.json'));
    assert.equal(redriven.body.accepted, 2);
    item = await exception('p2p_invoice_matching', 'inv-118204-7f3a');
    assert.equal(item?.status, 'resolved');
    assert.equal(item?.resolvedAt, '2025-11-25T12:10:05.000Z');

    const batch = await post(sfn, payload('stepfunctions/batch_emea.json'));
    assert.deepEqual([batch.body.accepted, batch.body.duplicates], [3, 0]);
    const timedOut = await exception('p2p_invoice_matching', 'inv-118402-c1d9');
    assert.equal(timedOut?.region, 'EMEA');
    assert.equal(timedOut?.type, 'TIMED_OUT');

    // Items started and completed reach the throughput metric by region.
    const tp = await getJson<Schemas['ThroughputResponse']>(
      `${s.url}/v1/metrics/throughput?${DAY}&bucket=day&groupBy=region&workflow=p2p_invoice_matching`,
    );
    assert.equal(tp.status, 200);
    const completed = Object.fromEntries(
      tp.body.series.map((x) => [x.key, x.values.reduce((a, b) => a + b, 0)]),
    );
    assert.deepEqual(completed, { EMEA: 1, NA: 1 });
  });

  test('Step Functions: the configured AWS region map, unmapped regions and foreign events', async () => {
    const sfn = `${s.url}/v1/connectors/stepfunctions?workflow=order_fulfillment_hold&correlationField=invoiceId`;
    const west = payload('stepfunctions/running.json');
    west.region = 'us-west-2';
    west.id = 'b9f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const ok = await post(sfn, west);
    assert.deepEqual([ok.status, ok.body.accepted], [202, 1]);

    const south = { ...west, id: 'e1', region: 'ap-south-1' };
    const refused = await post(sfn, south);
    assert.equal(refused.status, 400);
    assert.equal((refused.body.invalid_params as { name: string }[])[0]!.name, '/region');

    const ec2 = await post(sfn, payload('stepfunctions/ec2_state_change.json'));
    assert.equal(ec2.status, 202);
    assert.equal(ec2.body.accepted, 0);
    assert.equal(Object.values(ec2.body.ignored as Record<string, number>)[0], 1);
  });

  test('generic: a loaded mapping ingests; unknown mappings are 404; retries duplicate', async () => {
    const url = `${s.url}/v1/connectors/generic/sap_invoice_status`;
    const first = await post(url, payload('generic/sap-invoice-status.json'));
    assert.equal(first.status, 202);
    assert.deepEqual(
      [first.body.accepted, first.body.duplicates, first.body.ignored],
      [5, 0, { 'type value "PARKED" is not mapped': 1 }],
    );
    const second = await post(url, payload('generic/sap-invoice-status.json'));
    assert.deepEqual([second.body.accepted, second.body.duplicates], [0, 5]);
    const item = await exception('p2p_invoice_matching', '5105600731');
    assert.equal(item?.status, 'resolved');
    assert.equal(item?.owner, 'M. Keller');
    assert.equal(item?.region, 'EMEA');
    assert.equal(item?.type, 'MISSING_PO');
    assert.match(item?.links.erpDocument ?? '', /^https:\/\/s4\.example\.eu\//);

    const none = await post(`${s.url}/v1/connectors/generic/nope`, {});
    assert.equal(none.status, 404);
    assert.match(String(none.body.detail), /loaded: sap_invoice_status/);
  });

  test('bodies over 256 KiB are refused with 413', async () => {
    const body = payload('jira/issue_created.json');
    (body.issue as { fields: Record<string, unknown> }).fields.description = 'x'.repeat(257 * 1024);
    const r = await post(`${s.url}/v1/connectors/jira?workflow=order_fulfillment_hold`, body);
    assert.equal(r.status, 413);
    assert.equal(r.body.type, 'https://cmdctr.dev/problems/payload-too-large');
  });
});
