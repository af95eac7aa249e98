/**
 * The contract document, loaded once: served as /v1/openapi.json and used to validate incoming
 * events against the same `IngestEvent` schema clients are given.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
export const OPENAPI_PATH = require.resolve('@cmdctr/contract/openapi.yaml');

let doc: Record<string, unknown> | null = null;
export function openapiDocument(): Record<string, unknown> {
  doc ??= parse(readFileSync(OPENAPI_PATH, 'utf8')) as Record<string, unknown>;
  return doc;
}

// ajv-formats is CommonJS; under some loaders its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** An Ajv instance that knows the contract's component schemas by `#/components/schemas/Name`. */
export function contractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(
    { $id: 'cmdctr-openapi', components: openapiDocument().components },
    'cmdctr-openapi',
  );
  return ajv;
}

let ingestValidator: ValidateFunction | null = null;
export function validateIngestEvent(): ValidateFunction {
  ingestValidator ??= contractAjv().compile({
    $ref: 'cmdctr-openapi#/components/schemas/IngestEvent',
  });
  return ingestValidator;
}
