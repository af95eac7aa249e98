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
const DOC_KEYWORDS = new Set([
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

/** Serialises a runtime schema as a JS expression, `$ref`s becoming constant references. */
function emit(schema, indent) {
  const pad = '  '.repeat(indent);
  const inner = '  '.repeat(indent + 1);
  if (Array.isArray(schema)) {
    if (schema.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(schema);
    return `[\n${schema.map((v) => inner + emit(v, indent + 1)).join(',\n')},\n${pad}]`;
  }
  if (schema === null || typeof schema !== 'object') return JSON.stringify(schema);
  if (typeof schema.$ref === 'string') return `${refName(schema.$ref)}Schema`;
  // `additionalProperties: true` is what JSON Schema assumes anyway (and what validate.ts does
  // without it), so it is left out of the shipped constants.
  const entries = Object.entries(schema).filter(
    ([k, v]) => !DOC_KEYWORDS.has(k) && !(k === 'additionalProperties' && v === true),
  );
  const isMap = (k) => k === 'properties';
  const body = entries.map(([k, v]) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
    if (isMap(k)) {
      const props = Object.entries(v).map(([p, s]) => {
        const pk = /^[A-Za-z_$][\w$]*$/.test(p) ? p : JSON.stringify(p);
        return `${'  '.repeat(indent + 2)}${pk}: ${emit(s, indent + 2)}`;
      });
      return `${inner}${key}: {\n${props.join(',\n')},\n${inner}}`;
    }
    return `${inner}${key}: ${emit(v, indent + 1)}`;
  });
  return `{\n${body.join(',\n')},\n${pad}}`;
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

export function buildSchemasModule(doc) {
  const schemas = doc.components?.schemas ?? {};
  const deps = new Map(
    Object.entries(schemas).map(([n, s]) => [n, collectRefs(s, `#/components/schemas/${n}`)]),
  );
  const lines = [
    '// Generated by packages/contract/scripts/generate.mjs from openapi.yaml. Do not edit.',
    '// One constant per component schema; unused ones are dropped by tree-shaking.',
    "import type { JsonSchema } from '../validate.js';",
    '',
  ];
  for (const name of dependencyOrder(deps)) {
    lines.push(`export const ${name}Schema: JsonSchema = ${emit(schemas[name], 0)};`, '');
  }
  return lines.join('\n');
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
