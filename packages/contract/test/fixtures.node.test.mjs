// Every fixture must be a valid response of its operation, and src/validate.ts must agree with
// Ajv (2020 dialect, ajv-formats) on the fixtures and on broken copies of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ajv,
  ajvFor,
  ajvForName,
  doc,
  fixtureFiles,
  fixturesDir,
  operations,
  readJson,
  root,
  runtimeFor,
  schemas,
  successSchema,
  validate,
} from './contract-helpers.mjs';

const ops = operations();

/** Resolves the document schema and, for values, what to check each fixture against. */
function targetsFor(file) {
  const base = file.replace(/\.json$/, '');
  const [opId, variant] = base.split('.');
  if (opId === 'problem')
    return [{ label: file, docSchema: { $ref: '#/components/schemas/Problem' } }];
  const entry = ops.get(opId);
  assert.ok(entry, `${file}: no operation ${opId}`);
  if (opId === 'stream') return [];
  if (variant === 'request')
    return [
      {
        label: file,
        docSchema: entry.op.requestBody.content['application/json'].schema,
        wholeArray: true,
      },
    ];
  return [{ label: file, docSchema: successSchema(entry.op) }];
}

const deref = (s) => (s?.$ref ? deref(doc.components.schemas[s.$ref.split('/').pop()]) : s);
const ptr = (parts) =>
  parts
    .map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1'))
    .map((p) => `/${p}`)
    .join('');

/** Places in `value` where a mutation must make it invalid, found by walking the schema. */
function slots(schema, value, path = [], out = { required: [], type: [], enum: [], date: [] }) {
  const s = deref(schema);
  if (!s) return out;
  if (s.anyOf) {
    const branch = s.anyOf
      .map(deref)
      .find((b) => (value === null ? b.type === 'null' : b.type !== 'null'));
    return branch ? slots(branch, value, path, out) : out;
  }
  const types = [s.type ?? []].flat();
  if (value === null) return out;
  if (Array.isArray(value) && s.items) {
    value.forEach((v, i) => slots(s.items, v, [...path, i], out));
  } else if (value && typeof value === 'object' && s.properties) {
    for (const name of s.required ?? []) if (name in value) out.required.push({ path, name });
    for (const [k, v] of Object.entries(value))
      if (s.properties[k]) slots(s.properties[k], v, [...path, k], out);
  } else if (types.length) {
    out.type.push({ path, types });
    if (s.enum) out.enum.push({ path });
    if (s.format === 'date-time') out.date.push({ path });
  }
  if (s.const !== undefined) out.enum.push({ path });
  return out;
}

const wrongValue = (types) =>
  types.includes('string')
    ? types.includes('number') || types.includes('integer')
      ? true
      : 42
    : 'not-a-number';
function setAt(root, path, fn) {
  if (!path.length) return fn(root);
  const parent = path.slice(0, -1).reduce((o, k) => o[k], root);
  fn(parent, path.at(-1));
  return root;
}
const spread = (list) =>
  list.length <= 3 ? list : [list[0], list[Math.floor(list.length / 2)], list.at(-1)];

function mutations(schema, value) {
  const found = slots(schema, value);
  const out = [];
  for (const { path, name } of spread(found.required)) {
    out.push({
      kind: `remove ${ptr([...path, name])}`,
      apply: (v) => setAt(v, path, (o) => delete (path.length ? o[path.at(-1)] : o)[name]),
    });
  }
  for (const { path, types } of spread(found.type)) {
    out.push({
      kind: `wrong type at ${ptr(path)}`,
      apply: (v) => setAt(v, path, (o, k) => (o[k] = wrongValue(types))),
    });
  }
  for (const { path } of spread(found.enum)) {
    out.push({
      kind: `bad enum at ${ptr(path)}`,
      apply: (v) => setAt(v, path, (o, k) => (o[k] = 'bogus-value')),
    });
  }
  for (const [i, { path }] of spread(found.date).entries()) {
    const bad = ['2025-02-30T10:00:00Z', '2025-12-05 10:00', '2025-12-05T24:00:00+01:00'][i % 3];
    out.push({
      kind: `bad date ${bad} at ${ptr(path)}`,
      apply: (v) => setAt(v, path, (o, k) => (o[k] = bad)),
    });
  }
  return out;
}

test('every operation has an operationId, a route and a fixture', async () => {
  const files = await fixtureFiles();
  const routes = JSON.parse(await readFile(join(fixturesDir, 'routes.json'), 'utf8'));
  assert.equal(routes.length, ops.size);
  for (const [opId, { method, path }] of ops) {
    assert.ok(files.includes(`${opId}.json`), `missing fixtures/${opId}.json`);
    assert.deepEqual(
      routes.find((r) => r.operationId === opId),
      { method, path, operationId: opId },
    );
  }
  for (const name of [
    'problem.400.json',
    'problem.403.json',
    'problem.503.json',
    'getExceptionMatrix.empty.json',
  ])
    assert.ok(files.includes(name), name);
});

test('every fixture is valid for Ajv and for src/validate.ts', async () => {
  let checked = 0;
  for (const file of await fixtureFiles()) {
    const value = await readJson(file);
    for (const { label, docSchema, wholeArray } of targetsFor(file)) {
      const check = ajvFor(docSchema);
      assert.ok(check(value), `${label}: Ajv says ${ajv.errorsText(check.errors)}`);
      if (wholeArray) {
        const { runtime } = runtimeFor(docSchema.items);
        value.forEach((item, i) => assert.deepEqual(validate(runtime, item), [], `${label}/${i}`));
      } else {
        assert.deepEqual(validate(runtimeFor(docSchema).runtime, value), [], label);
      }
      checked++;
    }
  }
  assert.ok(checked >= 20, `only ${checked} fixtures checked`);
});

test('stream fixture events match the documented event schemas', async () => {
  const events = await readJson('stream.json');
  const documented = ops.get('stream').op['x-sse-events'];
  assert.deepEqual(new Set(events.map((e) => e.event)), new Set(Object.keys(documented)));
  for (const e of events) {
    const { name, runtime } = runtimeFor(documented[e.event]);
    const check = ajvForName(name);
    assert.ok(check(e.data), `${e.event}: ${ajv.errorsText(check.errors)}`);
    assert.deepEqual(validate(runtime, e.data), [], e.event);
  }
});

test('src/validate.ts agrees with Ajv on broken fixtures', async () => {
  let broken = 0;
  const kinds = new Set();
  for (const file of await fixtureFiles()) {
    const original = await readJson(file);
    for (const { label, docSchema, wholeArray } of targetsFor(file)) {
      const schema = wholeArray ? docSchema.items : docSchema;
      const subject = wholeArray ? original[0] : original;
      const check = ajvFor(schema);
      const { runtime } = runtimeFor(schema);
      for (const m of mutations(schema, subject)) {
        const value = m.apply(structuredClone(subject));
        const ajvValid = check(value);
        const issues = validate(runtime, value);
        assert.equal(ajvValid, false, `${label} ${m.kind}: Ajv still accepts it`);
        assert.ok(
          issues.length > 0,
          `${label} ${m.kind}: validate() accepts it; Ajv: ${ajv.errorsText(check.errors)}`,
        );
        const ajvPaths = new Set(check.errors.map((e) => e.instancePath));
        for (const issue of issues) {
          assert.ok(
            ajvPaths.has(issue.path),
            `${label} ${m.kind}: validate() blames ${issue.path} (${issue.message}), Ajv blames ${[...ajvPaths].join(', ')}`,
          );
        }
        kinds.add(m.kind.split(' ')[0]);
        broken++;
      }
    }
  }
  assert.deepEqual([...kinds].sort(), ['bad', 'remove', 'wrong']);
  assert.ok(broken > 100, `only ${broken} mutations`);
});

test('the generated runtime schemas match the document, without documentation keywords', () => {
  const names = Object.keys(doc.components.schemas);
  assert.deepEqual(Object.keys(schemas).sort(), names.map((n) => `${n}Schema`).sort());
  // Shared constants are shared objects, so bundlers keep one copy.
  assert.equal(schemas.ExceptionMatrixResponseSchema.properties.meta, schemas.MetaSchema);
  assert.equal(
    schemas.ExceptionMatrixRowSchema.properties.severity.anyOf[0],
    schemas.SeveritySchema,
  );
  const text = JSON.stringify(schemas);
  assert.ok(
    !text.includes('"description"') && !text.includes('"examples"') && !text.includes('$ref'),
  );
});

test('fixtures regenerate byte for byte from the seeded generator', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cmdctr-fixtures-'));
  try {
    await promisify(execFile)(process.execPath, [
      join(root, 'scripts', 'make-fixtures.mjs'),
      '--out',
      dir,
    ]);
    const fresh = (await readdir(dir)).sort();
    assert.deepEqual(fresh, await fixtureFiles());
    for (const f of fresh)
      assert.equal(
        await readFile(join(dir, f), 'utf8'),
        await readFile(join(fixturesDir, f), 'utf8'),
        f,
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the exception matrix fixture keeps its documented shape', async () => {
  const m = await readJson('getExceptionMatrix.json');
  assert.equal(m.buckets.length, 168);
  assert.equal(m.meta.filters.tz, 'Europe/Berlin');
  for (const row of m.rows) {
    assert.equal(row.counts.length, 168);
    assert.equal(row.rates.length, 168);
    assert.equal(
      row.total,
      row.counts.reduce((a, b) => a + b, 0),
    );
  }
  assert.deepEqual(
    m.totals.counts,
    m.buckets.map((_, i) => m.rows.reduce((a, r) => a + r.counts[i], 0)),
  );
  // The EMEA data-mismatch spike crosses the critical threshold.
  const mismatch = m.rows.find((r) => r.key === 'DATA_MISMATCH');
  assert.ok(Math.max(...mismatch.rates.filter((r) => r !== null)) > m.thresholds.critical);
  const empty = await readJson('getExceptionMatrix.empty.json');
  assert.equal(empty.rows.length, 0);
  assert.ok(empty.totals.rates.every((r) => r === null));
});
