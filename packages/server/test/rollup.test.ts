/**
 * The read paths made fast for the bench (item_counts, exception_state, the result cache keyed
 * by data_version) must answer exactly what a scan of `events` answers, through duplicates,
 * out-of-order arrival and writes between two reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import type { StoredEvent } from '../src/store/types.js';
import { tempDir } from './helpers.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 11, 1);

const ev = (id: string, over: Partial<StoredEvent>): StoredEvent => ({
  source: 's',
  eventId: id,
  type: 'item.started',
  timeMs: T0,
  workflow: 'w',
  region: 'NA',
  correlationId: id,
  stage: null,
  exceptionType: null,
  severity: null,
  owner: null,
  confidence: null,
  actor: null,
  data: null,
  ...over,
});

const buckets = { starts: [T0, T0 + HOUR, T0 + 2 * HOUR], end: T0 + 3 * HOUR };
const all = { workflows: [], regions: [] };

test('item counts per slot match the events, with duplicates counted once', async () => {
  const { dir, cleanup } = await tempDir();
  const s = await DuckDbStore.open({ path: join(dir, 'db.duckdb') });
  try {
    const batch = [
      ev('a', { timeMs: T0 + 5 * 60_000 }),
      ev('b', { timeMs: T0 + 20 * 60_000 }),
      ev('c', { type: 'item.completed', timeMs: T0 + HOUR + 1, stage: 'post' }),
      ev('d', { type: 'item.completed', timeMs: T0 + 2 * HOUR + 59 * 60_000, region: 'EMEA' }),
      // A re-send within the batch.
      ev('c', { type: 'item.completed', timeMs: T0 + HOUR + 1, stage: 'post' }),
    ];
    assert.deepEqual(await s.ingest(batch), { accepted: 4, duplicates: 1 });
    // The whole batch again: nothing stored, nothing counted.
    assert.deepEqual(await s.ingest(batch), { accepted: 0, duplicates: 5 });
    const t = await s.throughput(all, buckets, 'stage');
    const byKey = new Map(t.series.map((x) => [x.key, x.values]));
    assert.deepEqual(byKey.get('post'), [0, 1, 0]);
    assert.deepEqual(byKey.get('unknown'), [0, 0, 1]);
    // Two started before any completion: 2 open after hour 0, 1 after hour 1, 0 after hour 2.
    assert.deepEqual(t.backlog, [2, 1, 0]);
    const emea = await s.throughput({ workflows: [], regions: ['EMEA'] }, buckets, 'region');
    assert.deepEqual(emea.series, [{ key: 'EMEA', workflow: 'w', values: [0, 0, 1] }]);
    // Buckets off the 15-minute slots take the scan of `events`: the completion at T0 + 1 h + 1 ms
    // now falls in the first bucket.
    const shifted = await s.throughput(
      all,
      { starts: [T0 + 2, T0 + HOUR + 2, T0 + 2 * HOUR + 2], end: T0 + 3 * HOUR + 2 },
      'stage',
    );
    assert.deepEqual(new Map(shifted.series.map((x) => [x.key, x.values])).get('post'), [1, 0, 0]);
  } finally {
    await s.close();
    await cleanup();
  }
});

test('exception facts follow out-of-order events and the cache never serves a stale answer', async () => {
  const { dir, cleanup } = await tempDir();
  const s = await DuckDbStore.open({ path: join(dir, 'db.duckdb') });
  try {
    const raised = (id: string, at: number): StoredEvent =>
      ev(id, {
        type: 'exception.raised',
        timeMs: at,
        correlationId: 'x1',
        exceptionType: 'MISSING_PO',
      });
    // The resolution arrives first; it only counts once a raise at or before it is stored.
    await s.ingest([
      ev('r1', { type: 'exception.resolved', timeMs: T0 + 2 * HOUR, correlationId: 'x1' }),
    ]);
    let m = await s.mttr(all, buckets, []);
    assert.deepEqual(m.count, [0, 0, 0]);
    let matrix = await s.exceptionMatrix(all, buckets, 'type');
    assert.deepEqual(matrix.rows, []);

    await s.ingest([raised('e1', T0 + HOUR)]);
    m = await s.mttr(all, buckets, []);
    assert.deepEqual(m.count, [0, 0, 1]);
    assert.equal(m.mean[2], 1);
    matrix = await s.exceptionMatrix(all, buckets, 'type');
    assert.deepEqual(matrix.rows, [{ key: 'MISSING_PO', workflow: 'w', counts: [0, 1, 0] }]);

    // An earlier raise of the same exception (a later commit) redefines it: first raise wins.
    await s.ingest([raised('e0', T0 + 10 * 60_000)]);
    matrix = await s.exceptionMatrix(all, buckets, 'type');
    assert.deepEqual(matrix.rows, [{ key: 'MISSING_PO', workflow: 'w', counts: [1, 0, 0] }]);
    // An assignment changes the owner the ownership figure reads.
    let own = await s.ownership(all, T0, T0 + 3 * HOUR, T0 + 3 * HOUR);
    assert.deepEqual(
      own.byType.map((r) => [r.owned, r.total]),
      [[0, 1]],
    );
    const before = await s.dataVersion();
    await s.ingest([
      ev('a1', { type: 'exception.assigned', timeMs: T0 + HOUR, correlationId: 'x1', owner: 'ap' }),
    ]);
    assert.ok((await s.dataVersion()) > before, 'a committed ingest bumps the data version');
    own = await s.ownership(all, T0, T0 + 3 * HOUR, T0 + 3 * HOUR);
    assert.deepEqual(
      own.byType.map((r) => [r.owned, r.total]),
      [[1, 1]],
    );
    // A batch of nothing but duplicates changes no data, so the version stays.
    const v = await s.dataVersion();
    await s.ingest([raised('e0', T0 + 10 * 60_000)]);
    assert.equal(await s.dataVersion(), v);
  } finally {
    await s.close();
    await cleanup();
  }
});
