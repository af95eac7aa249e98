import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseCsv, parseCsvObjects, CsvError } from '../src/importers/csv.js';
import {
  assertSchema,
  findBy,
  getJson,
  startServer,
  tempDir,
  type Schemas,
  type TestServer,
} from './helpers.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/cmdctr.mjs', import.meta.url));
const SAMPLE = fileURLToPath(
  new URL(
    '../../../../shared/data/servicenow-incident-log/incident_event_log.sample.csv',
    import.meta.url,
  ),
);

test('RFC 4180: quotes, doubled quotes, separators and line breaks inside quotes, CRLF', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",\n'), [
    ['a', 'b'],
    ['x, y', 'say "hi"'],
    ['multi\nline', ''],
  ]);
  assert.deepEqual(parseCsv('a,b'), [['a', 'b']]);
  assert.throws(() => parseCsv('"open'), CsvError);
  assert.throws(() => parseCsv('"a"b,c'), CsvError);
  assert.throws(() => parseCsvObjects('a,b\n1,2,3\n'), /line 2: expected 2 fields, found 3/);
});

/**
 * An independent reading of the sample: the file has no quoted fields (checked here), so a
 * plain split is a faithful reader, and the rules are re-implemented without the importer.
 */
async function expectedFigures() {
  const text = await readFile(SAMPLE, 'utf8');
  assert.ok(!text.includes('"'), 'the sample has no quoted fields');
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head!.split(',');
  const col = (name: string) => cols.indexOf(name);
  const rows = lines.map((l) => l.split(','));
  const toMs = (s: string): number | null => {
    const m = /^(\d\d)-(\d\d)-(\d{4}) (\d\d):(\d\d)$/.exec(s);
    return m ? Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +m[4]!, +m[5]!) : null;
  };
  const incidents = new Map<string, string[][]>();
  for (const r of rows)
    incidents.set(r[col('number')]!, [...(incidents.get(r[col('number')]!) ?? []), r]);
  let owned = 0;
  const byType = new Map<string, number>();
  const hours: number[] = [];
  for (const history of incidents.values()) {
    const latest = history.reduce((a, b) =>
      +b[col('sys_mod_count')]! > +a[col('sys_mod_count')]! ? b : a,
    );
    if (latest[col('assigned_to')] !== '?') owned += 1;
    byType.set(latest[col('category')]!, (byType.get(latest[col('category')]!) ?? 0) + 1);
    const done = history
      .filter(
        (r) => r[col('incident_state')] === 'Resolved' || r[col('incident_state')] === 'Closed',
      )
      .sort((a, b) => +a[col('sys_mod_count')]! - +b[col('sys_mod_count')]!);
    if (!done.length) continue;
    const timed = done.filter((r) => toMs(r[col('resolved_at')]!) !== null);
    const resolved = timed.length
      ? toMs(timed[timed.length - 1]![col('resolved_at')]!)!
      : toMs(done[0]![col('sys_updated_at')]!)!;
    hours.push((resolved - toMs(latest[col('opened_at')]!)!) / 3_600_000);
  }
  return {
    total: incidents.size,
    owned,
    byType,
    resolved: hours.length,
    meanHours: hours.reduce((a, b) => a + b, 0) / hours.length,
  };
}

describe('ServiceNow import, checked over HTTP against the raw CSV', () => {
  let s: TestServer;
  let cleanup: () => Promise<void>;
  let importOut = '';
  before(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const r = await run(process.execPath, [
      BIN,
      'import',
      'servicenow',
      SAMPLE,
      '--workflow',
      'servicenow_incidents',
      '--data',
      t.dir,
    ]);
    importOut = r.stdout + r.stderr;
    s = await startServer({ dir: t.dir, demoPolicy: true });
  });
  after(async () => {
    await s.close();
    await cleanup();
  });

  test('the command reports incidents and progress; a second run finds only duplicates', async () => {
    assert.match(importOut, /imported 890 incidents from 5998 rows/);
    assert.match(importOut, /import 100%/);
    // Same database, the server holds it open: import into a second copy instead.
    const t = await tempDir();
    await run(process.execPath, [
      BIN,
      'import',
      'servicenow',
      SAMPLE,
      '--workflow',
      'servicenow_incidents',
      '--data',
      t.dir,
    ]);
    const again = await run(process.execPath, [
      BIN,
      'import',
      'servicenow',
      SAMPLE,
      '--workflow',
      'servicenow_incidents',
      '--data',
      t.dir,
    ]);
    assert.match(again.stdout, / 0 new, \d+ duplicates/);
    await t.cleanup();
  });

  test('figures match an independent computation from the CSV', async () => {
    const want = await expectedFigures();
    const window =
      'workflow=servicenow_incidents&from=2016-01-01T00:00:00Z&to=2018-01-01T00:00:00Z';
    const own = await getJson(`${s.url}/v1/metrics/ownership?${window}`);
    assertSchema('OwnershipResponse', own.body);
    const { byType } = own.body;
    assert.equal(own.body.overall.total, want.total);
    assert.equal(own.body.overall.owned, want.owned);
    assert.equal(own.body.overall.coverage, Math.round((want.owned / want.total) * 1e6) / 1e6);
    for (const type of ['Category 45', 'Category 53', 'Category 26']) {
      const got = byType.filter((x) => x.type === type).reduce((a, x) => a + x.total, 0);
      assert.equal(got, want.byType.get(type), type);
    }
    const mttr = await getJson(`${s.url}/v1/metrics/mttr?${window}&bucket=week`);
    assertSchema('MttrResponse', mttr.body);
    const counts = mttr.body.count;
    const count = counts.reduce((a, b) => a + b, 0);
    assert.equal(count, want.resolved);
    assert.equal(mttr.body.mean.length, counts.length, 'one mean per bucket');
    // A bucket without resolutions has a null mean and a count of 0, so it adds nothing.
    const weighted =
      mttr.body.mean.reduce<number>((a, m, i) => a + (m ?? 0) * (counts[i] ?? 0), 0) / count;
    assert.ok(Math.abs(weighted - want.meanHours) < 0.01, `${weighted} vs ${want.meanHours}`);
    const matrix = await getJson(`${s.url}/v1/metrics/exceptions?${window}&bucket=week&rows=type`);
    assertSchema('ExceptionMatrixResponse', matrix.body);
    assert.equal(
      findBy(matrix.body.rows, 'key', 'Category 45').total,
      want.byType.get('Category 45'),
    );
    assert.equal(
      matrix.body.rows[0]?.rate,
      null,
      'incidents have no items: rates are null, never 0',
    );
    const list = await getJson<Schemas['ExceptionListResponse']>(
      `${s.url}/v1/exceptions?${window}&status=open&limit=200`,
    );
    assert.equal(list.body.items.length, want.total - want.resolved);
  });
});

test('import errors: usage problems exit 2, unreadable or foreign files exit 1', async () => {
  const noWorkflow = await run(process.execPath, [BIN, 'import', 'servicenow', SAMPLE]).catch(
    (e) => e,
  );
  assert.equal(noWorkflow.code, 2);
  assert.match(noWorkflow.stderr, /--workflow is required/);
  const badTz = await run(process.execPath, [
    BIN,
    'import',
    'servicenow',
    SAMPLE,
    '--workflow',
    'x',
    '--tz',
    'Mars/Base',
  ]).catch((e) => e);
  assert.equal(badTz.code, 2);
  const t = await tempDir();
  const foreign = await run(process.execPath, [
    BIN,
    'import',
    'servicenow',
    SEED_FILE,
    '--workflow',
    'x',
    '--data',
    t.dir,
  ]).catch((e) => e);
  assert.equal(foreign.code, 1);
  assert.match(
    foreign.stderr,
    /not a ServiceNow incident export|expected \d+ fields|closing quote/,
  );
  await t.cleanup();
});
const SEED_FILE = fileURLToPath(new URL('../policy/seed-policy.yaml', import.meta.url));
