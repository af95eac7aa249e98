import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  assertSchema,
  findBy,
  getJson,
  postEvents,
  startServer,
  type Schemas,
  type TestServer,
} from './helpers.js';
import { fixtureEvents, NOW } from './fixture-events.js';

const DAY1 = 'from=2025-12-01T00:00:00Z&to=2025-12-02T00:00:00Z';

describe('HTTP API over a known event set', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ now: () => NOW, corsOrigins: ['https://portal.example.com'] });
    const r = await postEvents(s.url, fixtureEvents());
    assert.equal(r.status, 202, JSON.stringify(r.body));
  });
  after(async () => s.close());

  test('health and readiness', async () => {
    assert.equal((await getJson(`${s.url}/healthz`)).status, 200);
    const ready = await getJson(`${s.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal((ready.body as { policyVersion: string }).policyVersion, '1.4.2');
  });

  test('openapi.json is the contract document', async () => {
    const r = await getJson<{ openapi: string; paths: Record<string, unknown> }>(
      `${s.url}/v1/openapi.json`,
    );
    assert.equal(r.body.openapi, '3.1.0');
    assert.ok(r.body.paths['/v1/metrics/exceptions']);
  });

  test('re-sent events count as duplicates, never twice', async () => {
    const events = fixtureEvents().slice(0, 3);
    const r = await postEvents(s.url, [
      ...events,
      { ...events[0], eventId: 'fx-new-1', correlationId: 'p2p-extra' },
    ]);
    assert.equal(r.status, 202);
    assertSchema('IngestResponse', r.body);
    assert.equal(r.body.accepted, 1);
    assert.equal(r.body.duplicates, 3);
    // The extra item started at 10:00 UTC; remove its effect from later expectations by
    // completing it in the same hour.
    const done = await postEvents(s.url, [
      { ...events[1], eventId: 'fx-new-2', correlationId: 'p2p-extra' },
    ]);
    assert.equal(done.body.accepted, 1);
  });

  test('workflows: the seed policy as the contract shapes it', async () => {
    const r = await getJson<{
      workflows: {
        id: string;
        exceptionTypes: {
          code: string;
          runbookUrl: string | null;
          autoResolve: { confidenceThreshold: number | null };
        }[];
      }[];
    }>(`${s.url}/v1/workflows`);
    assert.equal(r.status, 200);
    assertSchema('WorkflowsResponse', r.body);
    assert.deepEqual(
      r.body.workflows.map((w) => w.id),
      ['p2p_invoice_matching', 'order_fulfillment_hold'],
    );
    const missingPo = r.body.workflows[0]!.exceptionTypes[0]!;
    assert.equal(missingPo.runbookUrl, 'https://wiki.company/runbooks/p2p/missing-po');
    assert.equal(missingPo.autoResolve.confidenceThreshold, 0.92);
    const onlyEmea = await getJson<{ workflows: { id: string }[] }>(
      `${s.url}/v1/workflows?region=EMEA`,
    );
    assert.deepEqual(
      onlyEmea.body.workflows.map((w) => w.id),
      ['p2p_invoice_matching'],
    );
  });

  test('exception matrix: counts, rates over items started in the bucket, null without items', async () => {
    const r = await getJson(`${s.url}/v1/metrics/exceptions?${DAY1}&bucket=hour&rows=type`);
    assert.equal(r.status, 200);
    assertSchema('ExceptionMatrixResponse', r.body);
    const b = r.body;
    assert.equal(b.buckets.length, 24);
    assert.equal(b.buckets[0], '2025-12-01T00:00:00Z');
    assert.equal(b.bucketEnd, '2025-12-02T00:00:00Z');
    const row = (k: string) => findBy(b.rows, 'key', k);
    // Hour 10: 5 p2p items + the extra duplicate-test item = 6 started.
    assert.equal(b.totals.items[10], 6);
    assert.equal(b.totals.items[11], 9);
    assert.equal(b.totals.items[13], 6);
    assert.equal(row('MISSING_PO').counts[10], 2);
    assert.equal(row('MISSING_PO').rates[10], Math.round((2 / 6) * 1e6) / 1e6);
    assert.equal(row('MISSING_PO').rates[0], null, 'no items → null, not 0');
    assert.equal(row('ADDRESS_VALIDATION_FAIL').rates[11], Math.round((1 / 9) * 1e6) / 1e6);
    assert.equal(row('DATA_MISMATCH').total, 1);
    assert.equal(row('MISSING_PO').severity, 'high');
    assert.equal(row('MISSING_PO').runbookUrl, 'https://wiki.company/runbooks/p2p/missing-po');
    assert.equal(row('MISSING_PO').workflow, 'p2p_invoice_matching');
    // Type codes read as words; short parts stay as written (PO).
    assert.equal(row('MISSING_PO').label, 'Missing PO');
    assert.equal(row('ADDRESS_VALIDATION_FAIL').label, 'Address validation fail');
    assert.deepEqual(b.thresholds, { warn: 0.05, critical: 0.08 });
    assert.equal(
      b.totals.counts.reduce((a, x) => a + x, 0),
      4,
    );

    const byWf = await getJson(
      `${s.url}/v1/metrics/exceptions?${DAY1}&bucket=hour&rows=workflow&workflow=order_fulfillment_hold`,
    );
    assertSchema('ExceptionMatrixResponse', byWf.body);
    assert.equal(byWf.body.rows.length, 1);
    assert.equal(
      byWf.body.rows[0]?.rates[11],
      0.25,
      'per-workflow rows divide by that workflow’s items',
    );
    assert.deepEqual(byWf.body.thresholds, { warn: 0.05, critical: 0.08 });
  });

  test('hourly buckets follow DST in the requested zone: 25 on the fall-back day, 23 in spring', async () => {
    const fall = await getJson<Schemas['ExceptionMatrixResponse']>(
      `${s.url}/v1/metrics/exceptions?from=2025-10-26T00:00:00%2B02:00&to=2025-10-27T00:00:00%2B01:00&bucket=hour&tz=Europe/Berlin`,
    );
    assert.equal(fall.status, 200);
    assert.equal(fall.body.buckets.length, 25);
    assert.equal(fall.body.buckets[2], '2025-10-26T02:00:00+02:00');
    assert.equal(fall.body.buckets[3], '2025-10-26T02:00:00+01:00');
    const spring = await getJson<Schemas['ExceptionMatrixResponse']>(
      `${s.url}/v1/metrics/exceptions?from=2025-03-09T00:00:00-06:00&to=2025-03-10T00:00:00-05:00&bucket=hour&tz=America/Chicago`,
    );
    assert.equal(spring.body.buckets.length, 23);
    const days = await getJson<Schemas['ThroughputResponse']>(
      `${s.url}/v1/metrics/throughput?from=2025-10-20T00:00:00%2B02:00&to=2025-11-03T00:00:00%2B01:00&bucket=day&tz=Europe/Berlin`,
    );
    assert.equal(days.body.buckets.length, 14);
    assert.ok(days.body.buckets.includes('2025-10-27T00:00:00+01:00'));
  });

  test('throughput: completed per bucket per workflow, backlog, SLO per bucket, previous window', async () => {
    const r = await getJson(`${s.url}/v1/metrics/throughput?${DAY1}&bucket=hour&compare=previous`);
    assert.equal(r.status, 200);
    assertSchema('ThroughputResponse', r.body);
    const p2p = findBy(r.body.series, 'key', 'p2p_invoice_matching');
    const ofh = findBy(r.body.series, 'key', 'order_fulfillment_hold');
    assert.equal(p2p.label, 'P2P – Invoice Matching');
    assert.deepEqual(p2p.values.slice(10, 14), [6, 5, 5, 5]);
    assert.equal(ofh.values[11], 4);
    assert.equal(r.body.backlog.values[12], 0);
    assert.equal(r.body.backlog.values[13], 1);
    assert.equal(r.body.backlog.values[23], 1);
    assert.equal(r.body.target.perBucket, Math.round(((1200 + 800) / 24) * 1e4) / 1e4);
    assert.ok(r.body.previous, 'compare=previous adds the previous window');
    assert.equal(r.body.previous.buckets.length, 24);
    assert.equal(r.body.previous.buckets[0], '2025-11-30T00:00:00Z');
    assert.equal(r.body.meta.filters.compare, 'previous');
    const byStage = await getJson<Schemas['ThroughputResponse']>(
      `${s.url}/v1/metrics/throughput?${DAY1}&bucket=day&groupBy=stage`,
    );
    assert.deepEqual(byStage.body.series.map((x) => x.key).sort(), ['post', 'release']);
  });

  test('ownership: owned share of exceptions raised in the window, stale exceptions', async () => {
    const r = await getJson(`${s.url}/v1/metrics/ownership?${DAY1}`);
    assert.equal(r.status, 200);
    assertSchema('OwnershipResponse', r.body);
    assert.deepEqual(r.body.overall, { owned: 3, total: 4, coverage: 0.75 });
    assert.equal(r.body.target, 0.95);
    const dm = findBy(r.body.byType, 'type', 'DATA_MISMATCH');
    assert.deepEqual([dm.owned, dm.total, dm.coverage], [0, 1, 0]);
    assert.equal(r.body.staleCount, 1);
    assert.equal(
      r.body.oldestStaleAgeMinutes,
      Math.floor((NOW - Date.parse('2025-12-01T12:05:00Z')) / 60000),
    );
  });

  test('MTTR: mean, p50, p90 and count per bucket, change against the previous window', async () => {
    const r = await getJson(`${s.url}/v1/metrics/mttr?${DAY1}&bucket=day`);
    assert.equal(r.status, 200);
    assertSchema('MttrResponse', r.body);
    assert.deepEqual(r.body.count, [1 + 1 + 1]);
    assert.equal(r.body.mean[0], Math.round((7 / 3) * 1e4) / 1e4);
    assert.equal(r.body.p50[0], 2);
    assert.equal(r.body.target, 6);
    assert.deepEqual(r.body.change, { previousMean: null, ratio: null });
    const onlyPo = await getJson<Schemas['MttrResponse']>(
      `${s.url}/v1/metrics/mttr?${DAY1}&bucket=day&type=MISSING_PO`,
    );
    assert.equal(onlyPo.body.mean[0], 3);
    const hourly = await getJson<Schemas['MttrResponse']>(
      `${s.url}/v1/metrics/mttr?${DAY1}&bucket=hour`,
    );
    assert.equal(hourly.body.mean[0], null);
    assert.equal(hourly.body.count[12], 2);
  });

  test('exceptions list: urgency order, cursor pagination, filters, safe links', async () => {
    const first = await getJson(`${s.url}/v1/exceptions?${DAY1}&limit=2`);
    assert.equal(first.status, 200);
    assertSchema('ExceptionListResponse', first.body);
    const [stale, ticketed] = first.body.items;
    assert.deepEqual(
      first.body.items.map((x) => x.correlationId),
      ['p2p-12-0', 'p2p-10-0'],
    );
    assert.ok(stale && ticketed);
    assert.equal(stale.stale, true);
    assert.equal(stale.owner, null);
    assert.equal(stale.escalationTarget, 'Ops Incident Commander – on-call');
    assert.equal(ticketed.links.ticket, 'https://servicenow.example.com/INC1');
    assert.equal(ticketed.links.erpDocument, null, 'a javascript: URL never becomes a link');
    assert.equal(ticketed.ageMinutes, 120);
    assert.ok(first.body.nextCursor);
    const second = await getJson(
      `${s.url}/v1/exceptions?${DAY1}&limit=2&cursor=${first.body.nextCursor}`,
    );
    assertSchema('ExceptionListResponse', second.body);
    assert.deepEqual(
      second.body.items.map((x) => x.correlationId),
      ['p2p-10-1', 'ofh-0'],
    );
    assert.equal(second.body.nextCursor, null);
    const unowned = await getJson<Schemas['ExceptionListResponse']>(
      `${s.url}/v1/exceptions?${DAY1}&owner=`,
    );
    assert.deepEqual(
      unowned.body.items.map((x) => x.correlationId),
      ['p2p-12-0'],
    );
    const resolved = await getJson<Schemas['ExceptionListResponse']>(
      `${s.url}/v1/exceptions?${DAY1}&status=resolved&stale=false&type=MISSING_PO`,
    );
    assert.equal(resolved.body.items.length, 2);
    const bad = await getJson<Schemas['Problem']>(`${s.url}/v1/exceptions?cursor=notacursor`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.invalid_params?.[0]?.name, 'cursor');
  });

  test('bad query parameters: problem+json naming each one', async () => {
    const res = await fetch(
      `${s.url}/v1/metrics/exceptions?bucket=minute&tz=Europe/Berln&range=7D&from=yesterday&rows=owner&region=na`,
    );
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await res.json()) as { invalid_params: { name: string; reason: string }[] };
    assertSchema('Problem', body);
    const names = body.invalid_params.map((p) => p.name).sort();
    assert.deepEqual(names, ['bucket', 'from', 'range', 'region', 'rows', 'tz']);
    assert.match(body.invalid_params.find((p) => p.name === 'tz')!.reason, /Europe\/Berln/);
    const order = await getJson<Schemas['Problem']>(
      `${s.url}/v1/metrics/mttr?from=2025-12-02T00:00:00Z&to=2025-12-01T00:00:00Z`,
    );
    assert.equal(order.status, 400);
    const tooMany = await getJson<Schemas['Problem']>(
      `${s.url}/v1/metrics/exceptions?range=P1Y&bucket=hour`,
    );
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.invalid_params?.[0]?.name, 'bucket');
    const notFound = await fetch(`${s.url}/v1/nope`);
    assert.equal(notFound.status, 404);
    assert.match(notFound.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });

  test('ETag, Cache-Control and 304 on GETs', async () => {
    const url = `${s.url}/v1/metrics/ownership?${DAY1}`;
    const a = await fetch(url);
    const etag = a.headers.get('etag');
    assert.ok(etag && /^"[^"]+"$/.test(etag), 'a strong ETag');
    assert.equal(a.headers.get('cache-control'), 'private, max-age=0, must-revalidate');
    const b = await fetch(url, { headers: { 'if-none-match': etag } });
    assert.equal(b.status, 304);
    const other = await fetch(`${url}&target=0.9`, { headers: { 'if-none-match': etag } });
    assert.equal(other.status, 200);
  });

  test('CORS for a configured origin only', async () => {
    const ok = await fetch(`${s.url}/v1/workflows`, {
      headers: { origin: 'https://portal.example.com' },
    });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://portal.example.com');
    assert.match(ok.headers.get('access-control-expose-headers') ?? '', /ETag/);
    const pre = await fetch(`${s.url}/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: 'https://portal.example.com', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.status, 204);
    const foreign = await fetch(`${s.url}/v1/workflows`, {
      headers: { origin: 'https://evil.example.com' },
    });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  test('request ids are echoed', async () => {
    const r = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(r.headers.get('x-request-id'), 'abc-123');
  });
});

describe('POST /v1/events validation', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ now: () => NOW });
  });
  after(async () => s.close());

  const good = {
    eventId: 'v-1',
    source: 'test',
    type: 'item.started',
    time: '2025-12-01T10:00:00Z',
    workflow: 'p2p_invoice_matching',
    region: 'NA',
    correlationId: 'c-1',
  };

  test('invalid events are named by index and field; nothing is stored', async () => {
    const r = await postEvents(s.url, [
      good,
      { ...good, eventId: 'v-2', time: 'yesterday' },
      { ...good, eventId: 'v-3', type: 'item.exploded', colour: 'red' },
      { source: 'x' },
    ]);
    assert.equal(r.status, 400);
    assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assertSchema('Problem', r.body);
    const names = (r.body.invalid_params as { name: string }[]).map((p) => p.name);
    for (const n of ['/1/time', '/2/type', '/2/colour', '/3/eventId', '/3/workflow'])
      assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    const again = await postEvents(s.url, [good]);
    assert.equal(again.body.accepted, 1, 'the rejected batch stored nothing');
  });

  test('NDJSON batches', async () => {
    const lines =
      [1, 2, 3].map((i) => JSON.stringify({ ...good, eventId: `nd-${i}` })).join('\n') + '\n';
    const r = await postEvents(s.url, lines, 'application/x-ndjson');
    assert.equal(r.status, 202);
    assert.equal(r.body.accepted, 3);
    const bad = await postEvents(
      s.url,
      `${JSON.stringify(good)}\n{not json\n`,
      'application/x-ndjson',
    );
    assert.equal(bad.status, 400);
    assert.equal((bad.body.invalid_params as { name: string }[])[0]!.name, '/1');
  });

  test('body limit, media type, empty and non-array bodies', async () => {
    const big = Array.from({ length: 1500 }, (_, i) => ({
      ...good,
      eventId: `big-${i}`,
      data: { note: 'x'.repeat(100) },
    }));
    const tooLarge = await postEvents(s.url, big);
    assert.equal(tooLarge.status, 413);
    assert.match(tooLarge.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const text = await postEvents(s.url, 'hello', 'text/plain');
    assert.equal(text.status, 415);
    assert.equal((await postEvents(s.url, [])).status, 400);
    assert.equal((await postEvents(s.url, good)).status, 400);
    const malformed = await postEvents(s.url, '[{"eventId":', 'application/json');
    assert.equal(malformed.status, 400);
    assert.match(malformed.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });
});

/** Reads SSE events from a raw HTTP response until `count` events have arrived. */
function readStream(
  url: string,
  headers: Record<string, string>,
  count: number,
  onOpen?: () => void,
): Promise<{ id?: string; event: string; data: unknown }[]> {
  return new Promise((resolve, reject) => {
    const events: { id?: string; event: string; data: unknown }[] = [];
    const req = request(url, { headers }, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-store');
      let buffer = '';
      onOpen?.();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const e: { id?: string; event: string; data: unknown } = { event: 'message', data: null };
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) ((e.event = line.slice(7)), (isEvent = true));
            else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6));
          }
          if (isEvent) events.push(e);
          if (events.length >= count) {
            req.destroy();
            resolve(events);
            return;
          }
        }
      });
    });
    req.on('error', (err) => (events.length >= count ? undefined : reject(err)));
    req.end();
  });
}

/** Splits a stream id `<boot>-<seq>` into its numbers, failing the test on any other shape. */
function splitStreamId(id: string | undefined): { boot: number; seq: number } {
  const m = /^(\d+)-(\d+)$/.exec(id ?? '');
  assert.ok(m, `stream id ${JSON.stringify(id)} is <boot>-<seq>`);
  return { boot: Number(m[1]), seq: Number(m[2]) };
}

describe('GET /v1/stream', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ heartbeatMs: 200 });
  });
  after(async () => s.close());

  const event = (id: string, workflow: string, type = 'exception.raised') => ({
    eventId: id,
    source: 'sse',
    type,
    time: '2025-12-01T10:00:00Z',
    workflow,
    region: 'NA',
    correlationId: id,
    exceptionType: 'MISSING_PO',
  });

  test('metrics-changed after each commit, heartbeats, Last-Event-ID resume without gaps', async () => {
    const live = readStream(`${s.url}/v1/stream`, {}, 3, () => {
      void postEvents(s.url, [event('s-1', 'p2p_invoice_matching')]).then(() =>
        postEvents(s.url, [event('s-2', 'order_fulfillment_hold', 'item.started')]),
      );
    });
    const got = (await live).filter((e) => e.event === 'metrics-changed');
    assert.ok(got.length >= 2);
    assertSchema('StreamMetricsChanged', got[0]!.data);
    assert.deepEqual(got[0]!.data, {
      metrics: ['exceptions', 'ownership', 'kpis', 'pareto', 'exceptions-list'],
      workflow: 'p2p_invoice_matching',
    });
    assert.deepEqual(got[1]!.data, {
      metrics: ['throughput', 'exceptions'],
      workflow: 'order_fulfillment_hold',
    });
    const { boot, seq: seq1 } = splitStreamId(got[0]!.id);
    const { boot: boot2, seq: seq2 } = splitStreamId(got[1]!.id);
    assert.equal(boot2, boot, 'one process, one boot id');
    assert.ok(seq2 > seq1, 'ids increase');

    // Events published while disconnected are replayed after the last id seen.
    await postEvents(s.url, [event('s-3', 'p2p_invoice_matching')]);
    await postEvents(s.url, [event('s-4', 'order_fulfillment_hold')]);
    const resumed = await readStream(`${s.url}/v1/stream`, { 'last-event-id': got[1]!.id! }, 2);
    assert.deepEqual(
      resumed.map((e) => e.id),
      [`${boot}-${seq2 + 1}`, `${boot}-${seq2 + 2}`],
    );

    // A workflow filter only passes that workflow's events.
    const filtered = await readStream(
      `${s.url}/v1/stream?workflow=order_fulfillment_hold`,
      { 'last-event-id': got[1]!.id! },
      1,
    );
    assert.equal(filtered[0]!.id, `${boot}-${seq2 + 2}`);

    // An id from another process cannot be replayed: one metrics-changed naming everything.
    const unknown = await readStream(`${s.url}/v1/stream`, { 'last-event-id': '1-5' }, 1);
    assert.equal(unknown[0]!.event, 'metrics-changed');
    assert.equal((unknown[0]!.data as { metrics: string[] }).metrics.length, 11);
    assertSchema('StreamMetricsChanged', unknown[0]!.data);
    assert.ok((unknown[0]!.data as { metrics: string[] }).metrics.includes('workflows'));

    const beat = (await readStream(`${s.url}/v1/stream`, {}, 1))[0]!;
    assert.equal(beat.event, 'heartbeat');
    assert.equal(beat.id, undefined, 'heartbeats carry no id');
    assertSchema('StreamHeartbeat', beat.data);
  });
});
