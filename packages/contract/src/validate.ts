/**
 * A small JSON Schema (2020-12 subset) validator for checking API responses at run time.
 *
 * It interprets schemas instead of compiling them, because compiling validators (Ajv) needs
 * `new Function`, which a strict Content-Security-Policy forbids, and it ships in every element,
 * so it implements exactly the keywords `openapi.yaml` uses — `scripts/generate.mjs` refuses a
 * document that uses any other. Agreement with Ajv is tested on every fixture.
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonSchema {
  type?: JsonType | readonly JsonType[];
  properties?: { readonly [name: string]: JsonSchema };
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly unknown[];
  const?: unknown;
  oneOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  allOf?: readonly JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'date-time' | 'uri';
  /** Annotation only; never applied to the value. */
  default?: unknown;
}

export interface ValidationIssue {
  /** JSON pointer (RFC 6901) to the offending value; `''` is the root. */
  path: string;
  message: string;
}

/** More issues than this are not useful to a person and cost time on huge bodies. */
export const MAX_ISSUES = 20;

/**
 * Validates `value` against `schema` and returns the problems found, at most `MAX_ISSUES`.
 * An empty array means the value is valid.
 */
export function validate(schema: JsonSchema, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  check(schema, value, '', issues);
  return issues.length > MAX_ISSUES ? issues.slice(0, MAX_ISSUES) : issues;
}

/** Whether `value` matches, without collecting messages (used for combinators). */
function matches(schema: JsonSchema, value: unknown): boolean {
  const scratch: ValidationIssue[] = [];
  check(schema, value, '', scratch, 1);
  return scratch.length === 0;
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (t === 'string' || t === 'boolean' || t === 'object') return t;
  // undefined, functions, bigints and symbols are not JSON; report them as something impossible.
  return 'null';
}

function isType(value: unknown, type: JsonType): boolean {
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'object')
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'null') return value === null;
  return typeof value === type;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

const patternCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    // The `u` flag matches how Ajv (and JSON Schema) read patterns.
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** RFC 3339 `date-time`, including calendar checks and leap seconds at 23:59:60 UTC. */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > maxDay) return false;
  const offH = Number(m[8] ?? 0);
  const offM = Number(m[9] ?? 0);
  if (hour > 23 || minute > 59 || offH > 23 || offM > 59 || second > 60) return false;
  if (second < 60) return true;
  const sign = m[7] === '-' ? -1 : 1;
  const utcMinutes = (((hour * 60 + minute - sign * (offH * 60 + offM)) % 1440) + 1440) % 1440;
  return utcMinutes === 23 * 60 + 59;
}

// An absolute URI: a scheme, then no characters RFC 3986 never allows unencoded.
const URI = /^[a-z][a-z0-9+.-]*:[^\s"<>\\^`{|}]*$/i;

function check(
  schema: JsonSchema,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  limit = MAX_ISSUES + 1,
): void {
  const add = (message: string, at = path): void => {
    issues.push({ path: at, message });
  };

  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => isType(value, t))) {
      add(
        `expected ${types.join(' or ')}, got ${typeof value === 'number' && !Number.isFinite(value) ? 'non-finite number' : typeOf(value)}`,
      );
      // Other keywords would only repeat the same mistake in other words.
      return;
    }
  }
  if (schema.const !== undefined && !equal(value, schema.const)) {
    add(`must be ${JSON.stringify(schema.const)}`);
  }
  if (schema.enum && !schema.enum.some((e) => equal(value, e))) {
    add(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }

  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) add(`must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) add(`must be <= ${schema.maximum}`);
  } else if (typeof value === 'string') {
    if (schema.minLength !== undefined || schema.maxLength !== undefined) {
      // JSON Schema counts code points, not UTF-16 units.
      const length = [...value].length;
      if (schema.minLength !== undefined && length < schema.minLength)
        add(`must be at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && length > schema.maxLength)
        add(`must be at most ${schema.maxLength} characters`);
    }
    if (schema.pattern !== undefined && !regex(schema.pattern).test(value))
      add(`must match ${schema.pattern}`);
    if (schema.format === 'date-time' && !isDateTime(value)) add('must be an RFC 3339 date-time');
    if (schema.format === 'uri' && !URI.test(value)) add('must be an absolute URI');
  } else if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      add(`must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      add(`must have at most ${schema.maxItems} items`);
    if (schema.items) {
      for (let i = 0; i < value.length && issues.length < limit; i++) {
        check(schema.items, value[i], `${path}/${i}`, issues, limit);
      }
    }
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(obj, name))
        add(`missing required property "${name}"`);
    }
    const props = schema.properties ?? {};
    for (const key of Object.keys(obj)) {
      if (issues.length >= limit) return;
      const at = `${path}/${escapePointer(key)}`;
      const sub = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      if (sub) check(sub, obj[key], at, issues, limit);
      else if (schema.additionalProperties === false) add(`unexpected property "${key}"`, at);
      else if (typeof schema.additionalProperties === 'object')
        check(schema.additionalProperties, obj[key], at, issues, limit);
    }
  }

  if (schema.allOf) {
    for (const sub of schema.allOf) check(sub, value, path, issues, limit);
  }
  if (schema.anyOf && !schema.anyOf.some((sub) => matches(sub, value))) {
    // Report the branch that fails least, which is usually the one the author meant.
    const best = closest(schema.anyOf, value, path);
    if (best) issues.push(...best);
    else add('must match one of the allowed schemas');
  }
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((sub) => matches(sub, value)).length;
    if (passing === 0) {
      const best = closest(schema.oneOf, value, path);
      if (best) issues.push(...best);
      else add('must match exactly one of the allowed schemas');
    } else if (passing > 1) {
      add(`must match exactly one of the allowed schemas, matched ${passing}`);
    }
  }
  if (schema.if) {
    const branch = matches(schema.if, value) ? schema.then : schema.else;
    if (branch) check(branch, value, path, issues, limit);
  }
}

/** The issues of the failing branch with the fewest issues, or undefined when none is closer than the others. */
function closest(
  branches: readonly JsonSchema[],
  value: unknown,
  path: string,
): ValidationIssue[] | undefined {
  let best: ValidationIssue[] | undefined;
  let tie = false;
  for (const sub of branches) {
    const found: ValidationIssue[] = [];
    check(sub, value, path, found);
    // A type mismatch says nothing about which branch was meant.
    if (found.length === 1 && found[0]?.path === path && found[0].message.startsWith('expected '))
      continue;
    if (!best || found.length < best.length) {
      best = found;
      tie = false;
    } else if (found.length === best.length) tie = true;
  }
  return tie ? undefined : best;
}
