// Generates everything derived from openapi.yaml, so the document stays the single source of
// truth: TypeScript types (openapi-typescript), tree-shakeable runtime JSON-schema constants
// and the route table the fixture server and tests use.
//
//   node packages/contract/scripts/generate.mjs
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src', 'generated');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * Keywords the runtime validator (src/validate.ts) implements. A keyword outside this list
 * would be silently ignored at run time, so generation fails instead.
 */
export const SUPPORTED_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'oneOf',
  'anyOf',
  'allOf',
  'if',
  'then',
  'else',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'default',
  '$ref',
]);
/** Documentation-only keywords dropped from the runtime schemas to keep bundles small. */
export const DOC_KEYWORDS = new Set([
  'description',
  'example',
  'examples',
  'title',
  '$comment',
  'deprecated',
]);
const SUPPORTED_FORMATS = new Set(['date-time', 'uri']);

const refName = (ref) => {
  const m = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/.exec(ref);
  if (!m) throw new Error(`Unsupported $ref ${ref}: only #/components/schemas/<Name> is allowed`);
  return m[1];
};

/** Checks a schema only uses supported keywords and returns the names it references. */
function collectRefs(schema, where, refs = new Set()) {
  if (Array.isArray(schema)) {
    schema.forEach((s, i) => collectRefs(s, `${where}/${i}`, refs));
    return refs;
  }
  if (!schema || typeof schema !== 'object') return refs;
  for (const [key, value] of Object.entries(schema)) {
    if (DOC_KEYWORDS.has(key)) continue;
    if (!SUPPORTED_KEYWORDS.has(key))
      throw new Error(`${where}: keyword "${key}" is not supported by src/validate.ts`);
    if (key === '$ref') {
      if (Object.keys(schema).some((k) => k !== '$ref' && !DOC_KEYWORDS.has(k))) {
        throw new Error(`${where}: $ref with sibling keywords is not supported; wrap it in allOf`);
      }
      refs.add(refName(value));
    } else if (key === 'format' && !SUPPORTED_FORMATS.has(value)) {
      throw new Error(`${where}: format "${value}" is not supported by src/validate.ts`);
    } else if (key === 'properties') {
      for (const [p, s] of Object.entries(value)) collectRefs(s, `${where}/properties/${p}`, refs);
    } else if (
      ['items', 'additionalProperties', 'if', 'then', 'else', 'oneOf', 'anyOf', 'allOf'].includes(
        key,
      )
    ) {
      collectRefs(value, `${where}/${key}`, refs);
    }
  }
  return refs;
}

/** Keywords whose value is data, written out verbatim rather than read as a schema. */
export const DATA_KEYWORDS = new Set(['required', 'enum', 'const', 'default']);
/**
 * `@__PURE__` on every constructor call, nested ones included: a bundler drops an unused pure
 * call but keeps its arguments unless they are side-effect free too, so one unmarked inner call
 * would keep that schema's property names in every bundle.
 */
const PURE = '/* @__PURE__ */ ';
/**
 * How often a leaf schema must be written for it to become one shared module constant. Measured
 * with esbuild as `npm run size` bundles: hoisting the three most written leaves
 * (`{ type: "string" }`, a count, a date-time) cuts 100–400 B of minified code an element and
 * ~50 B min+gzip off the all-elements bundle; hoisting rarer ones cuts more minified bytes but
 * not gzipped ones, the extra declarations costing a single element as much as they save.
 */
const SHARED_LEAF_MIN_USES = 20;
const jsKey = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
const isMap = (v) => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The keywords of `schema` that reach the runtime constant, in document order: documentation
 * is dropped, and so is `additionalProperties: true`, which is what JSON Schema (and
 * validate.ts) assume without it.
 */
const runtimeSchema = (schema) =>
  Object.fromEntries(
    Object.entries(schema).filter(
      ([k, v]) => !DOC_KEYWORDS.has(k) && !(k === 'additionalProperties' && v === true),
    ),
  );

/**
 * `schema` (runtime form) as a call of `obj()` from src/schema-builders.ts, or null when
 * `obj()` would not return an object equal to it with the same keys in the same order: exactly
 * `type: "object"`, `required`, `properties` and optionally `additionalProperties: false`, with
 * `required` listing properties in their order (obj() derives it from the optional ones).
 */
function objCall(schema, indent, ctx) {
  const keys = Object.keys(schema).join(',');
  const closed = keys === 'type,required,properties,additionalProperties';
  if (
    schema.type !== 'object' ||
    !(closed ? schema.additionalProperties === false : keys === 'type,required,properties') ||
    !Array.isArray(schema.required) ||
    !isMap(schema.properties)
  )
    return null;
  const names = Object.keys(schema.properties);
  const optional = names.filter((n) => !schema.required.includes(n));
  const derived = names.filter((n) => !optional.includes(n));
  if (JSON.stringify(derived) !== JSON.stringify(schema.required)) return null;
  const args = [emitProperties(schema.properties, indent, ctx)];
  if (optional.length || !closed) args.push(JSON.stringify(optional));
  if (!closed) args.push('1');
  ctx.builders.add('obj');
  return `${PURE}obj(${args.join(', ')})`;
}

/** A `properties` map as an object literal, one property a line. */
function emitProperties(properties, indent, ctx) {
  const pad = '  '.repeat(indent + 1);
  const lines = Object.entries(properties).map(
    ([p, s]) => `${pad}${jsKey(p)}: ${emit(s, indent + 1, ctx)},`,
  );
  return lines.length ? `{\n${lines.join('\n')}\n${'  '.repeat(indent)}}` : '{}';
}

/**
 * Serialises a runtime schema as a JS expression: `$ref`s and shared leaves become constant
 * references, objects `obj()` calls where it builds them exactly, anything else a literal.
 */
function emit(schema, indent, ctx) {
  if (Array.isArray(schema)) {
    const pad = '  '.repeat(indent + 1);
    return `[\n${schema.map((s) => `${pad}${emit(s, indent + 1, ctx)},`).join('\n')}\n${'  '.repeat(indent)}]`;
  }
  if (!isMap(schema)) return JSON.stringify(schema);
  if (typeof schema.$ref === 'string') return `${refName(schema.$ref)}Schema`;
  const runtime = runtimeSchema(schema);
  const shared = indent > 0 && ctx.shared.get(JSON.stringify(runtime));
  if (shared) {
    shared.used = true;
    return shared.name;
  }
  const built = objCall(runtime, indent, ctx);
  if (built) return built;
  const entries = Object.entries(runtime);
  // A leaf such as `{ type: "boolean" }` reads best on one line.
  if (entries.every(([k, v]) => DATA_KEYWORDS.has(k) || !v || typeof v !== 'object'))
    return `{ ${entries.map(([k, v]) => `${jsKey(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
  const pad = '  '.repeat(indent + 1);
  const body = entries.map(([k, v]) => {
    const value = DATA_KEYWORDS.has(k)
      ? JSON.stringify(v)
      : k === 'properties'
        ? emitProperties(v, indent + 1, ctx)
        : emit(v, indent + 1, ctx);
    return `${pad}${jsKey(k)}: ${value},`;
  });
  return `{\n${body.join('\n')}\n${'  '.repeat(indent)}}`;
}

/** Orders schema names so every constant is declared after the ones it references. */
function dependencyOrder(deps) {
  const order = [];
  const state = new Map();
  const visit = (name, chain) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw new Error(
        `Recursive schema ${[...chain, name].join(' → ')} cannot be emitted as constants`,
      );
    state.set(name, 'visiting');
    for (const dep of [...(deps.get(name) ?? [])].sort()) {
      if (!deps.has(dep)) throw new Error(`${name} references unknown schema ${dep}`);
      visit(dep, [...chain, name]);
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of deps.keys()) visit(name, []);
  return order;
}

/** A schema with no subschema: its keywords hold only types, numbers, strings and data. */
const isLeaf = (runtime) =>
  Object.entries(runtime).every(
    ([k, v]) => DATA_KEYWORDS.has(k) || k === 'type' || !v || typeof v !== 'object',
  );

/** Calls `visit` with the runtime form of every inline subschema of `schema` (not `$ref`s). */
function walkSubschemas(schema, visit) {
  if (Array.isArray(schema)) return schema.forEach((s) => walkSubschemas(s, visit));
  if (!isMap(schema) || typeof schema.$ref === 'string') return;
  const runtime = runtimeSchema(schema);
  visit(runtime);
  for (const [k, v] of Object.entries(runtime)) {
    if (k === 'properties') Object.values(v).forEach((s) => walkSubschemas(s, visit));
    else if (!DATA_KEYWORDS.has(k) && v && typeof v === 'object') walkSubschemas(v, visit);
  }
}

/**
 * The leaf schemas written at least SHARED_LEAF_MIN_USES times, by JSON, each to become one
 * module constant that every use references (so those uses share one object, as `$ref`s
 * already do; validate.ts never writes to a schema). A reference minifies to a character or
 * two; an unused constant is an object literal, so bundlers drop it.
 */
function sharedLeaves(schemas) {
  const counts = new Map();
  for (const schema of Object.values(schemas))
    walkSubschemas(schema, (runtime) => {
      if (!isLeaf(runtime)) return;
      const json = JSON.stringify(runtime);
      counts.set(json, (counts.get(json) ?? 0) + 1);
    });
  const shared = new Map();
  const names = new Set();
  for (const [json, count] of counts) {
    if (count < SHARED_LEAF_MIN_USES) continue;
    const words = Object.entries(JSON.parse(json)).flatMap(([k, v]) =>
      k === 'type' ? [v].flat() : [k, ...[v].flat()],
    );
    const base = `S_${words.join('_').replace(/[^A-Za-z0-9]+/g, '_')}`.slice(0, 60);
    let name = base;
    for (let i = 2; names.has(name); i++) name = `${base}_${i}`;
    names.add(name);
    shared.set(json, { name, json, used: false });
  }
  return shared;
}

export function buildSchemasModule(doc) {
  const schemas = doc.components?.schemas ?? {};
  const deps = new Map(
    Object.entries(schemas).map(([n, s]) => [n, collectRefs(s, `#/components/schemas/${n}`)]),
  );
  const ctx = { builders: new Set(), shared: sharedLeaves(schemas) };
  const body = [];
  for (const name of dependencyOrder(deps)) {
    body.push(`export const ${name}Schema: JsonSchema = ${emit(schemas[name], 0, ctx)};`, '');
  }
  const constants = [...ctx.shared.values()]
    .filter((leaf) => leaf.used)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(({ name, json }) => {
      const leaf = JSON.parse(json);
      return `const ${name}: JsonSchema = ${emit(leaf, 0, ctx)};`;
    });
  const lines = [
    '// Generated by packages/contract/scripts/generate.mjs from openapi.yaml. Do not edit.',
    '// One constant per component schema; unused ones are dropped by tree-shaking.',
    "import type { JsonSchema } from '../validate.js';",
  ];
  if (ctx.builders.size)
    lines.push(`import { ${[...ctx.builders].sort().join(', ')} } from '../schema-builders.js';`);
  return [...lines, '', ...(constants.length ? [...constants, ''] : []), ...body].join('\n');
}

export function buildRoutes(doc) {
  const routes = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      routes.push({ method: method.toUpperCase(), path, operationId: op.operationId });
    }
  }
  return routes;
}

export async function loadDocument() {
  return parse(await readFile(join(root, 'openapi.yaml'), 'utf8'));
}

async function main() {
  const started = performance.now();
  const doc = await loadDocument();
  await mkdir(outDir, { recursive: true });

  const ast = await openapiTS(doc, { alphabetize: false, exportType: false });
  const header =
    '// Generated by packages/contract/scripts/generate.mjs from openapi.yaml. Do not edit.\n';
  await writeFile(join(outDir, 'openapi.ts'), header + astToString(ast));
  await writeFile(join(outDir, 'schemas.ts'), buildSchemasModule(doc));
  await writeFile(
    join(root, 'fixtures', 'routes.json'),
    JSON.stringify(buildRoutes(doc), null, 2) + '\n',
  );

  const ms = Math.round(performance.now() - started);
  console.log(
    `cmdctr contract ${doc.info.version}: wrote ${relative(process.cwd(), outDir)}/{openapi,schemas}.ts and fixtures/routes.json in ${ms} ms`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
