/**
 * The constructor `scripts/generate.mjs` writes the runtime object schemas
 * (src/generated/schemas.ts) with. Every element ships the schemas of the responses it reads;
 * as literals each object repeated `type:"object"` and `additionalProperties:!1` and wrote every
 * property name twice, once in `required`. gzip absorbs most of the repeated keywords but not the
 * second copy of each name, which is what `obj()` saves (about 30–150 B min+gzip an element).
 *
 * Only objects get a constructor: calls for leaf schemas (`str()`, `int(0)`) were measured too
 * and cost more gzipped bytes than the literals they replace. The generated file marks each call
 * `@__PURE__`, so bundlers still drop the schemas a page does not import.
 */
import type { JsonSchema } from './validate.js';

/**
 * `{ type: 'object', required, properties, additionalProperties: false }`, where `required` lists
 * every property but the `optional` ones, in property order: the object literal this replaces,
 * key for key (validate.ts reports missing properties in `required` order). The contract's
 * objects are closed unless it says otherwise; `open` leaves `additionalProperties` out, which
 * JSON Schema (and validate.ts) read as `true`.
 */
export function obj(
  properties: { readonly [name: string]: JsonSchema },
  optional: readonly string[] = [],
  open?: 1,
): JsonSchema {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return open
    ? { type: 'object', required, properties }
    : { type: 'object', required, properties, additionalProperties: false };
}
