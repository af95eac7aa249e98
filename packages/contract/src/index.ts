// Public entry of @cmdctr/contract: types, runtime schemas, the validator and the client.
export type * from './types.js';
export * from './generated/schemas.js';
export { validate, isDateTime, MAX_ISSUES } from './validate.js';
export type { JsonSchema, JsonType, ValidationIssue } from './validate.js';
export * from './client/index.js';
