// Shared by the Node tests: the parsed document, an Ajv 2020 instance over its component
// schemas, and the TypeScript validator and generated schemas loaded through tsx.
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { tsImport } from 'tsx/esm/api';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const fixturesDir = join(root, 'fixtures');
export const doc = parse(await readFile(join(root, 'openapi.yaml'), 'utf8'));

const AJV_BASE = 'urn:cmdctr:contract';
/** Rewrites OpenAPI `$ref`s to `$defs` of one Ajv schema, leaving everything else untouched. */
function rewrite(node) {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' ? v.replace('#/components/schemas/', `${AJV_BASE}#/$defs/`) : rewrite(v),
    ]),
  );
}
export const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: AJV_BASE, $defs: rewrite(doc.components.schemas) });
/** Ajv validator for an inline schema of the document (which may `$ref` components). */
export const ajvFor = (schema) => ajv.compile({ ...rewrite(schema), $id: undefined });
export const ajvForName = (name) => ajv.getSchema(`${AJV_BASE}#/$defs/${name}`);

export const { validate } = await tsImport('../src/validate.ts', import.meta.url);
export const schemas = await tsImport('../src/generated/schemas.ts', import.meta.url);

/** The runtime schema constant for a document schema that is a plain `$ref`. */
export function runtimeFor(schema) {
  const name = /^#\/components\/schemas\/(\w+)$/.exec(schema.$ref ?? '')?.[1];
  if (!name) throw new Error(`expected a $ref, got ${JSON.stringify(schema)}`);
  return { name, runtime: schemas[`${name}Schema`] };
}

export function operations() {
  const ops = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op && typeof op === 'object' && op.operationId)
        ops.set(op.operationId, { method: method.toUpperCase(), path, op });
    }
  }
  return ops;
}

/** The JSON schema of an operation's successful response. */
export function successSchema(op) {
  const [, response] = Object.entries(op.responses).find(([status]) => /^2\d\d$/.test(status));
  return response.content?.['application/json']?.schema;
}

export async function fixtureFiles() {
  return (await readdir(fixturesDir))
    .filter((f) => f.endsWith('.json') && f !== 'routes.json')
    .sort();
}
export const readJson = async (file) => JSON.parse(await readFile(join(fixturesDir, file), 'utf8'));
