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
  return issues.slice(0, MAX_ISSUES);
}

/** Whether `value` matches, without collecting messages (used for combinators). */
const matches = (schema: JsonSchema, value: unknown): boolean => !check(schema, value, '', [], 1);

const has = Object.hasOwn;

/** The JSON type of `value` as a type error names it. */
function typeOf(value: unknown): string {
  const t = typeof value;
  return Array.isArray(value)
    ? 'array'
    : t === 'number'
      ? Number.isInteger(value)
        ? 'integer'
        : Number.isFinite(value)
          ? 'number'
          : 'non-finite number'
      : // undefined, functions, bigints and symbols are not JSON; report them as something impossible.
        value !== null && (t === 'string' || t === 'boolean' || t === 'object')
        ? t
        : 'null';
}

/** Whether `value` is of JSON type `type`; an integer is also a number. */
function isType(value: unknown, type: JsonType): boolean {
  const t = typeOf(value);
  // typeOf calls non-JSON values 'null'; only null itself is.
  return (
    (t === type || (type === 'number' && t === 'integer')) && (t === 'null') === (value === null)
  );
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  const keys = Object.keys(a);
  return (
    Array.isArray(a) === Array.isArray(b) &&
    keys.length === Object.keys(b).length &&
    keys.every((k) => has(b, k) && equal(a[k as keyof object], b[k as keyof object]))
  );
}

const patternCache = new Map<string, RegExp>();

/** The `n` digits of `s` at `at` as a number; -1 when any is not an ASCII digit or is missing. */
function digits(s: string, at: number, n = 2): number {
  let value = 0;
  for (const end = at + n; at < end; at++) {
    const d = s.charCodeAt(at) - 48;
    if (!(d >= 0 && d < 10)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * RFC 3339 `date-time`, including calendar checks and leap seconds at 23:59:60 UTC.
 * Read by character code rather than with a regular expression's match array: a year of hourly
 * buckets is 8,760 of these per response, and the match arrays cost about twice the time.
 */
export function isDateTime(s: string): boolean {
  let i = 19;
  if (s[i] === '.') {
    do i++;
    while (digits(s, i, 1) >= 0);
    if (i === 20) return false;
  }
  const zone = s[i];
  const sign = zone === '+' ? 1 : zone === '-' ? -1 : 0;
  const offH = sign && digits(s, i + 1);
  const offM = sign && digits(s, i + 4);
  const year = digits(s, 0, 4);
  const month = digits(s, 5);
  const day = digits(s, 8);
  const hour = digits(s, 11);
  const minute = digits(s, 14);
  const second = digits(s, 17);
  if (
    (year | month | day | hour | minute | second | offH | offM) < 0 ||
    s.charAt(4) + s.charAt(7) + s.charAt(13) + s.charAt(16) !== '--::' ||
    !'Tt'.includes(s[10]!) ||
    (sign ? s[i + 3] !== ':' || s.length !== i + 6 : !'Zz'.includes(zone!) || s.length !== i + 1)
  )
    return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // 31 days in odd months up to July and in even ones from August.
  const maxDay = month === 2 ? (leap ? 29 : 28) : 30 + ((month + (month >> 3)) & 1);
  if (month < 1 || month > 12 || day < 1 || day > maxDay) return false;
  if (hour > 23 || minute > 59 || offH > 23 || offM > 59 || second > 60) return false;
  return second < 60 || (hour * 60 + minute - sign * (offH * 60 + offM) + 1441) % 1440 === 0;
}

// An absolute URI: a scheme, then no characters RFC 3986 never allows unencoded.
const URI = /^[a-z][a-z0-9+.-]*:[^\s"<>\\^`{|}]*$/i;

/**
 * A tight test for item schemas made only of `type` (scalar types), `minimum`, `maximum` and
 * `format: date-time`: the numeric series and bucket times that are most of a big response (a
 * 50 × 720 heatmap is 72,000 numbers; a year of hourly throughput, 8,760 times).
 * Going through `check` for each built a path string and closures per item; this passes the
 * valid ones in a few comparisons, and an item it rejects is checked the long way, so the
 * messages are the same. Null when the schema has any other keyword.
 */
function scalarTest(items: JsonSchema): ((value: unknown) => boolean) | null {
  for (const key in items)
    if (
      key !== 'type' &&
      key !== 'minimum' &&
      key !== 'maximum' &&
      (key !== 'format' || items.format !== 'date-time')
    )
      return null;
  const types = items.type === undefined ? null : ([] as readonly JsonType[]).concat(items.type);
  if (types?.some((t) => t === 'object' || t === 'array')) return null;
  const allows = (t: JsonType): boolean => !types || types.includes(t);
  const anyNumber = allows('number');
  const integer = allows('integer');
  const text = allows('string');
  const flag = allows('boolean');
  const none = allows('null');
  const { minimum = -Infinity, maximum = Infinity } = items;
  const dateTime = items.format === 'date-time';
  return (value) =>
    typeof value === 'number'
      ? (anyNumber ? Number.isFinite(value) : integer && Number.isInteger(value)) &&
        value >= minimum &&
        value <= maximum
      : typeof value === 'string'
        ? text && (!dateTime || isDateTime(value))
        : typeof value === 'boolean'
          ? flag
          : value === null && none;
}

/** Appends the issues of `value` against `schema` to `issues`; returns how many there now are. */
function check(
  schema: JsonSchema,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  limit = MAX_ISSUES + 1,
): number {
  const add = (message: string, at = path): void => {
    issues.push({ path: at, message });
  };
  const { type, minimum, maximum, minLength, maxLength, minItems, maxItems, pattern } = schema;

  if (type !== undefined) {
    const types = typeof type === 'string' ? [type] : type;
    if (!types.some((t) => isType(value, t))) {
      // Other keywords would only repeat the same mistake in other words.
      add(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return issues.length;
    }
  }
  if (schema.const !== undefined && !equal(value, schema.const)) {
    add(`must be ${JSON.stringify(schema.const)}`);
  }
  if (schema.enum && !schema.enum.some((e) => equal(value, e))) {
    add(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }

  if (typeof value === 'number') {
    if (value < minimum!) add(`must be >= ${minimum!}`);
    if (value > maximum!) add(`must be <= ${maximum!}`);
  } else if (typeof value === 'string') {
    // JSON Schema counts code points, not UTF-16 units.
    const length = minLength === undefined && maxLength === undefined ? 0 : [...value].length;
    if (length < minLength!) add(`must be at least ${minLength!} characters`);
    if (length > maxLength!) add(`must be at most ${maxLength!} characters`);
    if (pattern !== undefined) {
      let re = patternCache.get(pattern);
      // The `u` flag matches how Ajv (and JSON Schema) read patterns.
      if (!re) patternCache.set(pattern, (re = new RegExp(pattern, 'u')));
      if (!re.test(value)) add(`must match ${pattern}`);
    }
    if (schema.format === 'date-time' && !isDateTime(value)) add('must be an RFC 3339 date-time');
    if (schema.format === 'uri' && !URI.test(value)) add('must be an absolute URI');
  } else if (Array.isArray(value)) {
    if (value.length < minItems!) add(`must have at least ${minItems!} items`);
    if (value.length > maxItems!) add(`must have at most ${maxItems!} items`);
    const fast = schema.items && scalarTest(schema.items);
    for (let i = 0; schema.items && i < value.length && issues.length < limit; i++) {
      if (!fast?.(value[i])) check(schema.items, value[i], `${path}/${i}`, issues, limit);
    }
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const { properties = {}, additionalProperties } = schema;
    for (const name of schema.required ?? []) {
      if (!has(obj, name)) add(`missing required property "${name}"`);
    }
    for (const key of Object.keys(obj)) {
      if (issues.length >= limit) return issues.length;
      const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const sub = has(properties, key) ? properties[key] : additionalProperties;
      if (sub === false) add(`unexpected property "${key}"`, at);
      else if (typeof sub === 'object') check(sub, obj[key], at, issues, limit);
    }
  }

  for (const sub of schema.allOf ?? []) check(sub, value, path, issues, limit);
  const { anyOf, oneOf } = schema;
  if (anyOf && !anyOf.some((sub) => matches(sub, value))) {
    // Report the branch that fails least, which is usually the one the author meant.
    closest(anyOf, value, path, issues, 'one');
  }
  if (oneOf) {
    const passing = oneOf.filter((sub) => matches(sub, value)).length;
    if (!passing) closest(oneOf, value, path, issues, 'exactly one');
    else if (passing > 1) add(`must match exactly one of the allowed schemas, matched ${passing}`);
  }
  if (schema.if) {
    const branch = matches(schema.if, value) ? schema.then : schema.else;
    if (branch) check(branch, value, path, issues, limit);
  }
  return issues.length;
}

/**
 * Adds the issues of the failing branch with the fewest issues, or a summary when no branch is
 * closer than the others.
 */
function closest(
  branches: readonly JsonSchema[],
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  how: string,
): void {
  let best: ValidationIssue[] | undefined;
  let tie = false;
  for (const sub of branches) {
    const found: ValidationIssue[] = [];
    check(sub, value, path, found);
    // A type mismatch says nothing about which branch was meant.
    if (found.length === 1 && found[0]!.path === path && found[0]!.message.startsWith('expected '))
      continue;
    if (!best || found.length < best.length) {
      best = found;
      tie = false;
    } else if (found.length === best.length) tie = true;
  }
  if (best && !tie) issues.push(...best);
  else issues.push({ path, message: `must match ${how} of the allowed schemas` });
}
