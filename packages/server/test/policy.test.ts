import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  DEMO_POLICY_PATH,
  loadPolicy,
  parsePolicy,
  PolicyError,
  SEED_POLICY_PATH,
} from '../src/policy/policy.js';
import { tempDir } from './helpers.js';

const run = promisify(execFile);
const BIN = new URL('../bin/cmdctr.mjs', import.meta.url).pathname;

test('the seed policy is the seed document’s YAML and is valid', async () => {
  const seedDoc = await readFile('/work/shared/seed/automation-command-center.md', 'utf8').catch(
    () => null,
  );
  const text = await readFile(SEED_POLICY_PATH, 'utf8');
  if (seedDoc) assert.ok(seedDoc.includes(text.trim()), 'copied verbatim');
  const { policy, hash } = await loadPolicy(SEED_POLICY_PATH);
  assert.equal(policy.policy_version, '1.4.2');
  assert.deepEqual(
    policy.workflows.map((w) => w.id),
    ['p2p_invoice_matching', 'order_fulfillment_hold'],
  );
  assert.match(hash, /^[0-9a-f]{64}$/);
});

test('the demo policy extends the seed without changing it', async () => {
  const seed = parse(await readFile(SEED_POLICY_PATH, 'utf8'));
  const demo = (await loadPolicy(DEMO_POLICY_PATH)).policy;
  assert.deepEqual(demo.workflows.slice(0, 2), seed.workflows);
  assert.deepEqual(demo.regions, seed.regions);
  assert.deepEqual(demo.owners, seed.owners);
  assert.equal(demo.workflows[2]!.id, 'servicenow_incidents');
});

test('every problem is reported with line, column and reason', async () => {
  const seed = await readFile(SEED_POLICY_PATH, 'utf8');
  const bad = seed
    .replace('warn_exception_rate: 0.06', 'warn_exception_rate: 0.16')
    .replace('severity: high', 'severity: urgent')
    .replace(
      '    owner: "Supply Chain – L. Gomez"',
      '    owner: "Supply Chain – L. Gomez"\n    ownr: "typo"',
    )
    .replace('regions: ["NA"]', 'regions: ["APAC"]');
  const r = parsePolicy(bad);
  assert.equal(r.policy, null);
  const lines = bad.split('\n');
  const find = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;
  const byReason = (re: RegExp) => r.problems.find((p) => re.test(p.reason));
  assert.deepEqual(
    { line: byReason(/one of critical/)!.line, column: byReason(/one of critical/)!.column },
    {
      line: find('severity: urgent'),
      column: lines[find('severity: urgent') - 1]!.indexOf('urgent') + 1,
    },
  );
  assert.equal(byReason(/unknown property "ownr"/)!.line, find('ownr:'));
  assert.equal(byReason(/unknown property "ownr"/)!.column, 5);
  // Cross-reference problems (the schema alone cannot see them) only once the schema passes.
  const crossRef = parsePolicy(
    seed
      .replace('warn_exception_rate: 0.06', 'warn_exception_rate: 0.16')
      .replace('regions: ["NA"]', 'regions: ["APAC"]'),
  );
  assert.deepEqual(crossRef.problems.map((p) => p.reason).sort(), [
    'region "APAC" is not declared under regions',
    'warn_exception_rate must not exceed critical_exception_rate',
  ]);
  assert.equal(
    crossRef.problems.find((p) => p.reason.startsWith('warn'))!.line,
    find('warn_exception_rate: 0.16'),
  );
});

test('unsafe YAML is refused: custom tags, duplicate keys, alias bombs, oversize files', () => {
  const tag = parsePolicy('policy_version: !!js/function "return 1"\n');
  assert.equal(tag.policy, null);
  assert.equal(tag.problems[0]!.line, 1);
  const dup = parsePolicy('policy_version: "1.0.0"\npolicy_version: "1.0.1"\n');
  assert.match(dup.problems[0]!.reason, /unique|duplicate/i);
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill('*' + String.fromCharCode(96 + i))
        .join(', ')}]`,
    );
  const bombed = parsePolicy(bomb.join('\n') + '\n');
  assert.equal(bombed.policy, null);
  assert.match(bombed.problems[0]!.reason, /alias/i);
  assert.match(parsePolicy('x'.repeat(70_000)).problems[0]!.reason, /larger than 64 KiB/);
});

test('loadPolicy throws a PolicyError listing the problems', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'p.yaml');
  await writeFile(file, 'policy_version: 1.0.0\n');
  await assert.rejects(
    loadPolicy(file),
    (e: unknown) => e instanceof PolicyError && e.problems.length === 3,
  );
  await cleanup();
});

test('cmdctr policy check prints the problems and exits 1', async () => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'bad.yaml');
  await writeFile(
    file,
    'policy_version: "1.0.0"\nowners: {policy_owner: x, review_cadence: monthly, audit_retention_days: 0}\nregions: [{code: NA, data_residency: us-east-1}]\nworkflows: []\n',
  );
  const failed = await run(process.execPath, [BIN, 'policy', 'check', file]).catch(
    (e: { code: number; stdout: string }) => e,
  );
  assert.equal((failed as { code: number }).code, 1);
  assert.match((failed as { stdout: string }).stdout, new RegExp(`${file}:2:\\d+: must be >= 1`));
  assert.match(
    (failed as { stdout: string }).stdout,
    new RegExp(`${file}:4:12: must NOT have fewer than 1 items`),
  );
  const ok = await run(process.execPath, [BIN, 'policy', 'check', SEED_POLICY_PATH]);
  assert.match(ok.stdout, /valid \(policy_version 1\.4\.2, 2 workflows\)/);
  await cleanup();
});
