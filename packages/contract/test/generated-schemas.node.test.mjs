// The generated runtime schemas (src/generated/schemas.ts) are written with obj() calls and
// shared leaf constants to ship fewer bytes. These tests hold them to what matters: each
// constant is exactly the document's schema minus documentation, and a bundle that imports one
// schema still carries none of the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';
import { doc, root, schemas } from './contract-helpers.mjs';
// The keyword lists are the contract's definitions, shared; the expected constants below are
// still built independently of the generator's emitter.
import { DATA_KEYWORDS, DOC_KEYWORDS } from '../scripts/generate.mjs';

const { obj } = await tsImport('../src/schema-builders.ts', import.meta.url);
const generatedFile = join(root, 'src', 'generated', 'schemas.ts');

/**
 * What the runtime constant of a document schema must be, written independently of the
 * generator: documentation keywords and `additionalProperties: true` (the default) removed,
 * `$ref`s resolved to the referenced constant, every other key kept in document order.
 */
function expected(schema) {
  if (Array.isArray(schema)) return schema.map(expected);
  if (!schema || typeof schema !== 'object') return schema;
  if (schema.$ref) return expected(doc.components.schemas[schema.$ref.split('/').pop()]);
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !DOC_KEYWORDS.has(k) && !(k === 'additionalProperties' && v === true))
      .map(([k, v]) => [
        k,
        DATA_KEYWORDS.has(k)
          ? v
          : k === 'properties'
            ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, expected(s)]))
            : expected(v),
      ]),
  );
}

test('every runtime schema equals its document schema, keys in document order', () => {
  const names = Object.keys(doc.components.schemas);
  assert.ok(names.length > 50, `only ${names.length} component schemas`);
  for (const name of names) {
    const runtime = schemas[`${name}Schema`];
    const want = expected(doc.components.schemas[name]);
    assert.deepStrictEqual(runtime, want, name);
    // deepStrictEqual ignores key order; the JSON text does not.
    assert.equal(JSON.stringify(runtime), JSON.stringify(want), `${name}: key order`);
  }
});

test('obj() builds the object literal it replaces', () => {
  const properties = { id: { type: 'string' }, note: { type: 'string' }, n: { type: 'integer' } };
  const closed = obj(properties);
  assert.deepStrictEqual(closed, {
    type: 'object',
    required: ['id', 'note', 'n'],
    properties,
    additionalProperties: false,
  });
  assert.deepEqual(Object.keys(closed), ['type', 'required', 'properties', 'additionalProperties']);
  assert.deepStrictEqual(obj(properties, ['note']).required, ['id', 'n']);
  const open = obj(properties, ['id', 'n'], 1);
  assert.deepStrictEqual(open, { type: 'object', required: ['note'], properties });
  assert.ok(!('additionalProperties' in open), 'an open object has no additionalProperties key');
  assert.deepStrictEqual(obj({}), {
    type: 'object',
    required: [],
    properties: {},
    additionalProperties: false,
  });
});

test('every obj() call in the generated file is marked pure', async () => {
  const source = await readFile(generatedFile, 'utf8');
  const calls = source.match(/\bobj\(/g)?.length ?? 0;
  const pure = source.match(/\/\* @__PURE__ \*\/ obj\(/g)?.length ?? 0;
  assert.ok(calls > 40, `only ${calls} obj() calls`);
  assert.equal(pure, calls);
});

/** Minified esbuild bundle of `contents`, resolved from the contract package. */
async function bundle(contents) {
  const result = await build({
    stdin: { contents, resolveDir: join(root, 'test'), loader: 'js' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Property names of `schema` and of every schema it contains or references. */
function propertyNames(schema, out = new Set()) {
  if (Array.isArray(schema)) schema.forEach((s) => propertyNames(s, out));
  else if (schema && typeof schema === 'object')
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties') for (const p of Object.keys(v)) out.add(p);
      if (!DATA_KEYWORDS.has(k)) propertyNames(v, out);
    }
  return out;
}

/** Keyword names used in `schema` and every schema it contains (property names excluded). */
function keysOf(schema, out = new Set()) {
  if (Array.isArray(schema)) schema.forEach((s) => keysOf(s, out));
  else if (schema && typeof schema === 'object')
    for (const [k, v] of Object.entries(schema)) {
      out.add(k);
      if (k === 'properties') Object.values(v).forEach((s) => keysOf(s, out));
      else if (!DATA_KEYWORDS.has(k)) keysOf(v, out);
    }
  return out;
}

test('a bundle importing one schema carries no other schema', async () => {
  const kept = propertyNames(schemas.KpiResponseSchema);
  // Names only other schemas use: any of them in the bundle means a schema was not dropped.
  // JSON Schema's own keywords are keys in every schema, so a property named `type` tells nothing.
  const keywords = new Set(Object.values(schemas).flatMap((s) => [...keysOf(s)]));
  const foreign = [...propertyNames(Object.values(schemas))].filter(
    (n) => !kept.has(n) && !keywords.has(n),
  );
  assert.ok(foreign.length > 100, `only ${foreign.length} names to look for`);
  // A minified object key follows `{` or `,`, quoted when it is not an identifier.
  const present = (js) =>
    foreign.filter((n) => js.includes(`{${n}:`) || js.includes(`,${n}:`) || js.includes(`"${n}":`));

  const one = await bundle(
    `import { KpiResponseSchema } from '../src/generated/schemas.ts';\nconsole.log(KpiResponseSchema);`,
  );
  assert.ok(one.includes('sparkline:'), 'the imported schema is in the bundle');
  assert.deepEqual(present(one), []);

  // The check can fail: with every schema used, the other schemas' names are all there.
  const all = await bundle(
    `import * as all from '../src/generated/schemas.ts';\nconsole.log(all);`,
  );
  assert.deepEqual(present(all), foreign);
});
