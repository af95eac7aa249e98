import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import { SCHEMA_VERSION } from '../src/store/sql.js';
import type { StoredEvent } from '../src/store/types.js';
import { tempDir } from './helpers.js';

const ev = (id: string, source = 's'): StoredEvent => ({
  source,
  eventId: id,
  type: 'item.started',
  timeMs: Date.UTC(2025, 11, 1),
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
});

test('the database is created and migrated once, and survives a reopen', async () => {
  const { dir, cleanup } = await tempDir();
  const path = join(dir, 'nested', 'cmdctr.duckdb');
  const a = await DuckDbStore.open({ path });
  await a.ingest([ev('1'), ev('2')]);
  await a.close();
  const b = await DuckDbStore.open({ path });
  assert.equal(await b.countEvents(), 2);
  await b.close();
  const raw = await (await DuckDBInstance.create(path)).connect();
  const rows = (
    await raw.runAndReadAll('SELECT version FROM schema_version ORDER BY version')
  ).getRowObjectsJS();
  // Every migration ran exactly once, in order, and none ran again on the reopen.
  assert.deepEqual(
    rows.map((r) => r.version),
    Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
  );
  raw.closeSync();
  await cleanup();
});

test('duplicates are keyed by (source, event id), within a batch, across batches and across concurrent commits', async () => {
  const { dir, cleanup } = await tempDir();
  const s = await DuckDbStore.open({ path: join(dir, 'db.duckdb') });
  assert.deepEqual(await s.ingest([ev('a'), ev('a'), ev('a', 'other')]), {
    accepted: 2,
    duplicates: 1,
  });
  // 40 concurrent batches that overlap pairwise: every id is stored once and counted once.
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) => s.ingest([ev(`k${i}`), ev(`k${i + 1}`)])),
  );
  const accepted = results.reduce((a, r) => a + r.accepted, 0);
  const duplicates = results.reduce((a, r) => a + r.duplicates, 0);
  assert.equal(accepted, 41);
  assert.equal(duplicates, 39);
  assert.equal(await s.countEvents(), 43);
  await s.close();
  await cleanup();
});
