/**
 * The generic JSON connector: a mapping file (YAML, checked against MAPPING_SCHEMA on load)
 * says where in an incoming document each event field is, with value maps for codes the sender
 * uses (status strings → event types, priority numbers → severities) and a constant workflow,
 * region and source. `cmdctr serve --mapping FILE` (repeatable) enables one route per file:
 * `POST /v1/connectors/generic/<id>`.
 *
 * A field is one of:
 *   `/a/b`                                  the value at that JSON pointer
 *   `{ pointer, map?, default?, unit? }`    the value, looked up in `map` (else `default`);
 *                                           `unit: s` reads a number as epoch seconds
 *   `{ template: "{/id}-{/status}" }`       pointers spliced into text (composite event ids)
 *   `{ const: value }`                      the same value for every document
 * A document whose `type` value has no entry in the map (and no default) is not for us: it is
 * counted as ignored, not refused.
 */
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parseSafeYaml } from '../yaml-source.js';
import type { Severity } from '../policy/policy.js';
import type { EventType } from '../store/types.js';
import {
  getPointer,
  ignore,
  isObject,
  MappingError,
  parseTime,
  SEVERITIES,
  type FieldProblem,
  type Mapped,
  type WireEvent,
} from './shared.js';

export const MAPPING_MAX_BYTES = 64 * 1024;

const EVENT_TYPES: readonly EventType[] = [
  'item.started',
  'item.completed',
  'exception.raised',
  'exception.assigned',
  'exception.resolved',
  'autoresolve.proposed',
  'approval.decided',
];

const FIELD_NAMES = [
  'eventId',
  'time',
  'correlationId',
  'type',
  'stage',
  'exceptionType',
  'severity',
  'owner',
  'confidence',
  'actor',
  'data',
] as const;
type FieldName = (typeof FIELD_NAMES)[number];
const REQUIRED_FIELDS: readonly FieldName[] = ['eventId', 'time', 'correlationId', 'type'];

export type FieldSpec =
  | string
  | { pointer: string; map?: Record<string, unknown>; default?: unknown; unit?: 's' | 'ms' }
  | { template: string }
  | { const: unknown };

export interface GenericMapping {
  id: string;
  description?: string;
  source: string;
  workflow: string;
  region: string;
  /** Pointer to an array of documents in the body; without it an object is one document and an array is many. */
  events?: string;
  fields: Partial<Record<FieldName, FieldSpec>> &
    Record<'eventId' | 'time' | 'correlationId' | 'type', FieldSpec>;
}

const POINTER = { type: 'string', pattern: '^(/.*)?$' };

/** A field read from a pointer (optionally mapped), or a constant, whose values must be in `values`. */
function enumField(values: readonly string[]) {
  return {
    oneOf: [
      POINTER,
      {
        type: 'object',
        required: ['pointer'],
        additionalProperties: false,
        properties: {
          pointer: POINTER,
          map: { type: 'object', additionalProperties: { enum: values } },
          default: { enum: values },
        },
      },
      {
        type: 'object',
        required: ['const'],
        additionalProperties: false,
        properties: { const: { enum: values } },
      },
    ],
  };
}

/** The mapping file format; exported so it can be published next to the policy schema. */
export const MAPPING_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://cmdctr.dev/schemas/connector-mapping.json',
  title: 'cmdctr generic JSON connector mapping',
  type: 'object',
  required: ['id', 'source', 'workflow', 'region', 'fields'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
    description: { type: 'string' },
    source: { type: 'string', minLength: 1, maxLength: 100 },
    workflow: { type: 'string', minLength: 1 },
    region: { type: 'string', pattern: '^[A-Z]{2,8}$' },
    events: POINTER,
    fields: {
      type: 'object',
      required: REQUIRED_FIELDS,
      additionalProperties: false,
      properties: Object.fromEntries(
        FIELD_NAMES.map((f) => [
          f,
          f === 'type'
            ? { $ref: '#/$defs/typeField' }
            : f === 'severity'
              ? { $ref: '#/$defs/severityField' }
              : { $ref: '#/$defs/field' },
        ]),
      ),
    },
  },
  $defs: {
    pointerField: {
      type: 'object',
      required: ['pointer'],
      additionalProperties: false,
      properties: {
        pointer: POINTER,
        map: { type: 'object' },
        default: {},
        unit: { enum: ['s', 'ms'] },
      },
    },
    field: {
      oneOf: [
        POINTER,
        { $ref: '#/$defs/pointerField' },
        {
          type: 'object',
          required: ['template'],
          additionalProperties: false,
          properties: { template: { type: 'string', pattern: '\\{/[^}]*\\}' } },
        },
        {
          type: 'object',
          required: ['const'],
          additionalProperties: false,
          properties: { const: {} },
        },
      ],
    },
    // A map's targets are checked here, so a typo in an event type fails at load, not per request.
    typeField: enumField(EVENT_TYPES),
    severityField: enumField(SEVERITIES),
  },
} as const;

const validateMapping = new Ajv2020({ allErrors: true, strict: false }).compile(MAPPING_SCHEMA);

export interface MappingProblem {
  line: number;
  column: number;
  path: string;
  reason: string;
}

export class MappingFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: MappingProblem[],
  ) {
    super(
      `${source}: invalid connector mapping\n` +
        problems
          .map(
            (p) => `${source}:${p.line}:${p.column}: ${p.reason}${p.path ? ` (at ${p.path})` : ''}`,
          )
          .join('\n'),
    );
    this.name = 'MappingFileError';
  }
}

function describe(e: ErrorObject): { reason: string; key?: string } {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required')
    return { reason: `missing required property "${String(p.missingProperty)}"` };
  if (e.keyword === 'additionalProperties')
    return {
      reason: `unknown property "${String(p.additionalProperty)}"`,
      key: String(p.additionalProperty),
    };
  if (e.keyword === 'enum')
    return { reason: `must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}` };
  if (e.keyword === 'oneOf') {
    // Which branch the author meant is unknowable; name the allowed shapes and, for the two
    // fields whose values are closed sets, the values.
    const field = e.instancePath.split('/').pop();
    const values =
      field === 'type'
        ? `; map values, default and const must be one of ${EVENT_TYPES.join(', ')}`
        : field === 'severity'
          ? `; map values, default and const must be one of ${SEVERITIES.join(', ')}`
          : '';
    return {
      reason: `must be a JSON pointer ("/a/b"), { pointer, map?, default? }, { template } or { const }${values}`,
    };
  }
  return { reason: e.message ?? e.keyword };
}

/** Parses and checks mapping text: the mapping, or every problem with its line and column. */
export function parseMapping(
  text: string,
): { mapping: GenericMapping; problems: [] } | { mapping: null; problems: MappingProblem[] } {
  const parsed = parseSafeYaml(text, {
    what: 'mapping',
    maxBytes: MAPPING_MAX_BYTES,
    maxAliasCount: 50,
  });
  if (!('data' in parsed)) return { mapping: null, problems: parsed.problems };
  const { data, locate } = parsed;
  const problems: MappingProblem[] = [];
  if (!validateMapping(data)) {
    const errors = validateMapping.errors ?? [];
    // A failed oneOf also reports each branch's own complaint; the oneOf summary says it better.
    const oneOfPaths = new Set(
      errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath),
    );
    for (const e of errors) {
      if (e.keyword !== 'oneOf' && oneOfPaths.has(e.instancePath)) continue;
      if ([...oneOfPaths].some((p) => e.instancePath.startsWith(`${p}/`))) continue;
      const { reason, key } = describe(e);
      problems.push({
        ...locate(e.instancePath, key),
        path: key ? `${e.instancePath}/${key}` : e.instancePath,
        reason,
      });
    }
    return {
      mapping: null,
      problems: problems.sort((a, b) => a.line - b.line || a.column - b.column),
    };
  }
  return { mapping: data, problems: [] };
}

export async function loadMapping(file: string): Promise<GenericMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new MappingFileError(file, [
      {
        line: 0,
        column: 0,
        path: '',
        reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      },
    ]);
  }
  const r = parseMapping(text);
  if (!r.mapping) throw new MappingFileError(file, r.problems);
  return r.mapping;
}

// ---------------------------------------------------------------- applying a mapping

const SKIP = Symbol('skip');

/**
 * One field's value in `doc`; undefined when absent, SKIP when a `type` value is unmapped.
 * `at` is the document's pointer in the body, so problems name what the sender sent.
 */
function evaluate(
  name: FieldName,
  spec: FieldSpec,
  doc: unknown,
  at: string,
  problems: FieldProblem[],
): unknown {
  if (typeof spec === 'string') return getPointer(doc, spec);
  if ('const' in spec) return spec.const;
  if ('template' in spec) {
    // Pointers are resolved first so the first missing one can be named.
    const parts = [...spec.template.matchAll(/\{(\/[^}]*)\}/g)].map((m) => m[1]!);
    const missing = parts.find((p) => {
      const v = getPointer(doc, p);
      return typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean';
    });
    if (missing !== undefined) {
      problems.push({ name: `${at}${missing}`, reason: `is required by the ${name} template` });
      return undefined;
    }
    return spec.template.replace(/\{(\/[^}]*)\}/g, (_m, p: string) => String(getPointer(doc, p)));
  }
  const raw = getPointer(doc, spec.pointer);
  let value = raw;
  if (spec.map) {
    const key =
      typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : undefined;
    if (key !== undefined && Object.hasOwn(spec.map, key)) value = spec.map[key];
    else if (spec.default !== undefined) value = spec.default;
    else if (name === 'type') return SKIP;
    else if (raw !== undefined && raw !== null) {
      problems.push({
        name: `${at}${spec.pointer}`,
        reason: `value ${JSON.stringify(raw)} has no entry in the ${name} map`,
      });
      return undefined;
    }
  } else if ((raw === undefined || raw === null) && spec.default !== undefined) {
    value = spec.default;
  }
  if (name === 'time' && typeof value === 'number' && spec.unit === 's') return value * 1000;
  return value;
}

/** Where the field's value came from, for problems about the value itself. */
const origin = (spec: FieldSpec, at: string, name: string): string =>
  typeof spec === 'string'
    ? `${at}${spec}`
    : 'pointer' in spec
      ? `${at}${spec.pointer}`
      : `mapping field ${name}`;

function mapDocument(
  doc: unknown,
  at: string,
  mapping: GenericMapping,
  out: Mapped,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const values: Partial<Record<FieldName, unknown>> = {};
  // Fields whose lookup already reported a problem are not reported again as missing.
  const failed = new Set<FieldName>();
  for (const name of FIELD_NAMES) {
    const spec = mapping.fields[name];
    if (spec === undefined) continue;
    const before = problems.length;
    const v = evaluate(name, spec, doc, at, problems);
    if (problems.length > before) failed.add(name);
    if (v === SKIP) {
      const raw = getPointer(doc, (spec as { pointer: string }).pointer);
      ignore(out, `type value ${JSON.stringify(raw ?? null)} is not mapped`);
      return [];
    }
    values[name] = v;
  }
  const event: Partial<WireEvent> = {
    source: mapping.source,
    workflow: mapping.workflow,
    region: mapping.region,
  };
  const bad = (name: FieldName, reason: string): void => {
    problems.push({ name: origin(mapping.fields[name]!, at, name), reason });
  };
  for (const name of FIELD_NAMES) {
    const v = values[name];
    if (v === undefined || v === null || v === '') {
      if (REQUIRED_FIELDS.includes(name) && !failed.has(name))
        bad(name, `is required (mapped to ${name})`);
      continue;
    }
    switch (name) {
      case 'time': {
        const ms = parseTime(v);
        if (ms === null) bad(name, 'must be an ISO 8601 date-time or epoch milliseconds');
        else event.time = new Date(ms).toISOString();
        break;
      }
      case 'type':
        if (EVENT_TYPES.includes(v as EventType)) event.type = v as EventType;
        else bad(name, `must be one of ${EVENT_TYPES.join(', ')} (add a map)`);
        break;
      case 'severity':
        if (SEVERITIES.includes(v as Severity)) event.severity = v as Severity;
        else bad(name, `must be one of ${SEVERITIES.join(', ')} (add a map)`);
        break;
      case 'confidence': {
        const n = typeof v === 'string' ? Number(v) : v;
        if (typeof n === 'number' && n >= 0 && n <= 1) event.confidence = n;
        else bad(name, 'must be a number from 0 to 1');
        break;
      }
      case 'data':
        if (isObject(v)) event.data = v;
        else bad(name, 'must be an object');
        break;
      default:
        if (typeof v === 'string' || typeof v === 'number') event[name] = String(v);
        else bad(name, 'must be a string or a number');
    }
  }
  if (!problems.length) out.events.push(event as WireEvent);
  return problems;
}

export function mapGeneric(body: unknown, mapping: GenericMapping): Mapped {
  const out: Mapped = { events: [], ignored: {} };
  let docs: unknown[];
  let base: string;
  if (mapping.events !== undefined) {
    const list = getPointer(body, mapping.events);
    if (!Array.isArray(list))
      throw new MappingError([{ name: mapping.events, reason: 'must be an array of documents' }]);
    docs = list;
    base = mapping.events;
  } else {
    docs = Array.isArray(body) ? body : [body];
    base = '';
  }
  const problems: FieldProblem[] = [];
  docs.forEach((doc, i) => {
    const at = Array.isArray(body) || mapping.events !== undefined ? `${base}/${i}` : '';
    problems.push(...mapDocument(doc, at, mapping, out));
  });
  if (problems.length) throw new MappingError(problems.slice(0, 100));
  return out;
}
