import { expect } from '@open-wc/testing';
import { isDateTime, MAX_ISSUES, validate, type JsonSchema } from './validate.js';
import {
  ApprovalListResponseSchema,
  ApprovalResponseSchema,
  DecisionRequestSchema,
  ExceptionListResponseSchema,
  ExceptionMatrixResponseSchema,
  LedgerListResponseSchema,
  LedgerVerifyResponseSchema,
  MttrResponseSchema,
  OwnershipResponseSchema,
  ProblemSchema,
  ThroughputResponseSchema,
  WorkflowsResponseSchema,
} from './generated/schemas.js';
import type { ExceptionMatrixResponse } from './types.js';

// Mocha globals from @web/test-runner; the workspace has no @types/mocha.
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => void | Promise<void>) => void;

const paths = (schema: JsonSchema, value: unknown) => validate(schema, value).map((i) => i.path);

describe('validate: keywords', () => {
  it('checks types, including unions with null and integer versus number', () => {
    const s: JsonSchema = { type: ['integer', 'null'] };
    expect(validate(s, 3)).to.deep.equal([]);
    expect(validate(s, null)).to.deep.equal([]);
    expect(validate(s, 3.5)).to.deep.equal([
      { path: '', message: 'expected integer or null, got number' },
    ]);
    expect(validate({ type: 'number' }, Number.NaN)).to.have.length(1);
    expect(validate({ type: 'number' }, Number.POSITIVE_INFINITY)).to.have.length(1);
    expect(validate({ type: 'object' }, [])).to.have.length(1);
    expect(validate({ type: 'array' }, {})).to.have.length(1);
    expect(validate({ type: 'string' }, undefined)).to.have.length(1);
  });

  it('reports missing and unexpected properties with JSON pointers', () => {
    const s: JsonSchema = {
      type: 'object',
      required: ['a/b', 'n'],
      properties: {
        'a/b': { type: 'string' },
        'x~y': { type: 'number' },
        n: { type: 'object', properties: { deep: { type: 'boolean' } } },
      },
      additionalProperties: false,
    };
    expect(validate(s, { 'a/b': 'ok', n: {} })).to.deep.equal([]);
    expect(validate(s, { 'x~y': 'no', n: { deep: 1 }, extra: true })).to.deep.equal([
      { path: '', message: 'missing required property "a/b"' },
      { path: '/x~0y', message: 'expected number, got string' },
      { path: '/n/deep', message: 'expected boolean, got integer' },
      { path: '/extra', message: 'unexpected property "extra"' },
    ]);
    expect(
      paths({ type: 'object', additionalProperties: { type: 'integer' } }, { a: 1, b: 'x' }),
    ).to.deep.equal(['/b']);
  });

  it('does not treat inherited properties as present', () => {
    const value = Object.create({ inherited: 1 }) as object;
    expect(paths({ type: 'object', required: ['inherited'] }, value)).to.deep.equal(['']);
  });

  it('checks items, enum, const, bounds and lengths', () => {
    expect(
      paths(
        { type: 'array', items: { type: 'number', minimum: 0, maximum: 1 } },
        [0, 1, -0.1, 1.5],
      ),
    ).to.deep.equal(['/2', '/3']);
    expect(paths({ type: 'array', minItems: 2, maxItems: 3 }, [1])).to.deep.equal(['']);
    expect(paths({ type: 'array', minItems: 2, maxItems: 3 }, [1, 2, 3, 4])).to.deep.equal(['']);
    expect(validate({ enum: ['hour', 'day'] }, 'week')[0]?.message).to.equal(
      'must be one of "hour", "day"',
    );
    expect(validate({ const: '1.0' }, '1.0')).to.deep.equal([]);
    expect(validate({ const: '1.0' }, '2.0')).to.have.length(1);
    expect(validate({ enum: [{ a: [1] }] }, { a: [1] })).to.deep.equal([]);
    // Lengths count code points: one emoji is one character.
    expect(validate({ type: 'string', maxLength: 1 }, '🙂')).to.deep.equal([]);
    expect(validate({ type: 'string', minLength: 1 }, '')).to.have.length(1);
    expect(validate({ type: 'string', pattern: '^[0-9a-f]{64}$' }, 'a'.repeat(64))).to.deep.equal(
      [],
    );
    expect(validate({ type: 'string', pattern: '^[0-9a-f]{64}$' }, 'A'.repeat(64))).to.have.length(
      1,
    );
  });

  it('checks anyOf, oneOf, allOf and if/then', () => {
    const nullableSeverity: JsonSchema = {
      anyOf: [{ type: 'string', enum: ['high', 'low'] }, { type: 'null' }],
    };
    expect(validate(nullableSeverity, null)).to.deep.equal([]);
    expect(validate(nullableSeverity, 'high')).to.deep.equal([]);
    // The failing branch closest to the value explains the problem, not "no branch matched".
    expect(validate(nullableSeverity, 'extreme')[0]?.message).to.match(/must be one of/);
    expect(validate(nullableSeverity, 3)[0]?.message).to.equal(
      'must match one of the allowed schemas',
    );
    const one: JsonSchema = { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] };
    expect(validate(one, -1)).to.deep.equal([]);
    expect(validate(one, 0.5)).to.deep.equal([]);
    expect(validate(one, 2)[0]?.message).to.equal(
      'must match exactly one of the allowed schemas, matched 2',
    );
    expect(validate({ allOf: [{ minimum: 1 }, { maximum: 2 }] }, 3)).to.have.length(1);
    expect(validate(DecisionRequestSchema, { outcome: 'approve' })).to.deep.equal([]);
    expect(validate(DecisionRequestSchema, { outcome: 'reject' })).to.deep.equal([
      { path: '', message: 'missing required property "reason"' },
    ]);
    expect(
      validate(DecisionRequestSchema, { outcome: 'reject', reason: 'Wrong PO' }),
    ).to.deep.equal([]);
    expect(
      validate({ if: { const: 1 }, then: { const: 1 }, else: { type: 'string' } }, 2),
    ).to.have.length(1);
  });

  it('checks date-time as RFC 3339', () => {
    for (const ok of [
      '2025-12-05T09:42:17Z',
      '2025-12-05T10:00:00+01:00',
      '2025-12-05t09:42:17.123z',
      '2024-02-29T00:00:00Z',
      '2016-12-31T23:59:60Z',
      '2017-01-01T00:59:60+01:00',
      '2016-12-31T18:59:60-05:00',
      '2025-12-05T09:42:17.5+14:00',
      '0000-01-01T00:00:00Z',
    ]) {
      expect(isDateTime(ok), ok).to.equal(true);
    }
    for (const bad of [
      '2025-02-29T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-12-05T24:00:00Z',
      '2025-12-05T12:00:60Z',
      '2025-12-05 09:42:17Z',
      '2025-12-05T09:42:17',
      '2025-12-05',
      '2025-12-05T09:42:17+0100',
      'yesterday',
      '',
      '2025-12-05T09:42:17.Z',
      '2025-12-05T09:42:17Zx',
      '2025-12-05T09:42:17+01:00 ',
      '2025-12-05T09:42:17+24:00',
      '2025-12-05T09:42:17+01:60',
      '2025-04-31T00:00:00Z',
      '2025-00-10T00:00:00Z',
      '2025-12-00T00:00:00Z',
      '2025-1a-05T09:42:17Z',
      '2025-12-05T09:4-:17Z',
      '+025-12-05T09:42:17Z',
      '2025-12-05T09:42:17+1:00',
      '2016-12-31T23:59:60+01:00',
      '2025-12-05T09:42:17\u0660Z',
    ]) {
      expect(isDateTime(bad), bad).to.equal(false);
    }
    expect(validate({ type: ['string', 'null'], format: 'date-time' }, null)).to.deep.equal([]);
  });

  it('checks uri as an absolute URI', () => {
    const s: JsonSchema = { type: 'string', format: 'uri' };
    expect(validate(s, 'https://wiki.company/runbooks/p2p/missing-po')).to.deep.equal([]);
    expect(validate(s, '/relative/path')).to.have.length(1);
    expect(validate(s, 'https://example.com/a b')).to.have.length(1);
  });

  it('reports the same issues for scalar item arrays, which take the tight path', () => {
    const counts: JsonSchema = { type: 'array', items: { type: 'integer', minimum: 0 } };
    const values = [0, 1, 2, -1, 3.5, null, '4', true, Number.NaN, 7];
    expect(validate(counts, values)).to.deep.equal([
      { path: '/3', message: 'must be >= 0' },
      { path: '/4', message: 'expected integer, got number' },
      { path: '/5', message: 'expected integer, got null' },
      { path: '/6', message: 'expected integer, got string' },
      { path: '/7', message: 'expected integer, got boolean' },
      { path: '/8', message: 'expected integer, got non-finite number' },
    ]);
    const rates: JsonSchema = {
      type: 'array',
      items: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    };
    expect(validate(rates, [0, 0.5, null, 1])).to.deep.equal([]);
    expect(validate(rates, [1.5, null, 'x'])).to.deep.equal([
      { path: '/0', message: 'must be <= 1' },
      { path: '/2', message: 'expected number or null, got string' },
    ]);
    // Bucket times: date-time items take the tight path too, with the same messages.
    const times: JsonSchema = { type: 'array', items: { type: 'string', format: 'date-time' } };
    expect(validate(times, ['2025-12-05T09:00:00Z', '2025-12-05T10:00:00+01:00'])).to.deep.equal(
      [],
    );
    expect(validate(times, ['2025-12-05T09:00:00Z', '2025-02-30T00:00:00Z', 7])).to.deep.equal([
      { path: '/1', message: 'must be an RFC 3339 date-time' },
      { path: '/2', message: 'expected string, got integer' },
    ]);
    // No type at all: anything passes, numbers still bounded.
    const bounded: JsonSchema = { type: 'array', items: { maximum: 2 } };
    expect(validate(bounded, ['a', null, 1, 3])).to.deep.equal([
      { path: '/3', message: 'must be <= 2' },
    ]);
  });

  it(`stops after ${MAX_ISSUES} issues`, () => {
    const issues = validate(
      { type: 'array', items: { type: 'string' } },
      Array.from({ length: 500 }, (_, i) => i),
    );
    expect(issues).to.have.length(MAX_ISSUES);
    expect(issues[19]?.path).to.equal('/19');
  });
});

describe('validate: contract responses over the fixture server', () => {
  const routes: Array<[string, JsonSchema]> = [
    ['/v1/workflows', WorkflowsResponseSchema],
    ['/v1/metrics/throughput', ThroughputResponseSchema],
    ['/v1/metrics/throughput?fixture=hourly', ThroughputResponseSchema],
    ['/v1/metrics/throughput?fixture=empty', ThroughputResponseSchema],
    ['/v1/metrics/exceptions', ExceptionMatrixResponseSchema],
    ['/v1/metrics/exceptions?fixture=empty', ExceptionMatrixResponseSchema],
    ['/v1/metrics/exceptions?fixture=daily', ExceptionMatrixResponseSchema],
    ['/v1/metrics/ownership', OwnershipResponseSchema],
    ['/v1/metrics/mttr', MttrResponseSchema],
    ['/v1/metrics/mttr?fixture=sparse', MttrResponseSchema],
    ['/v1/exceptions', ExceptionListResponseSchema],
    ['/v1/approvals', ApprovalListResponseSchema],
    ['/v1/approvals/APR-7301', ApprovalResponseSchema],
    ['/v1/ledger', LedgerListResponseSchema],
    ['/v1/ledger/verify', LedgerVerifyResponseSchema],
    ['/v1/ledger/verify?fixture=broken', LedgerVerifyResponseSchema],
  ];
  for (const [url, schema] of routes) {
    it(`accepts ${url}`, async () => {
      const res = await fetch(url);
      expect(res.status).to.equal(200);
      expect(validate(schema, await res.json())).to.deep.equal([]);
    });
  }

  it('accepts the problem fixtures', async () => {
    for (const status of [400, 403, 503]) {
      const res = await fetch(`/v1/metrics/mttr?problem=${status}`);
      expect(res.status).to.equal(status);
      expect(validate(ProblemSchema, await res.json())).to.deep.equal([]);
    }
  });

  it('rejects a broken matrix with pointers to every problem', async () => {
    const body = (await (await fetch('/v1/metrics/exceptions')).json()) as ExceptionMatrixResponse;
    const broken = structuredClone(body) as unknown as Record<string, unknown> &
      ExceptionMatrixResponse;
    delete (broken.rows[2] as Partial<ExceptionMatrixResponse['rows'][number]>).total;
    (broken.rows[0]!.rates as unknown[])[5] = 'high';
    (broken.meta as { asOf: string }).asOf = '2025-12-05T25:00:00Z';
    (broken as { bucket: string }).bucket = 'minute';
    expect(paths(ExceptionMatrixResponseSchema, broken).sort()).to.deep.equal([
      '/bucket',
      '/meta/asOf',
      '/rows/0/rates/5',
      '/rows/2',
    ]);
  });

  it('validates a large matrix quickly', () => {
    const buckets = Array.from({ length: 2160 }, (_, i) =>
      new Date(Date.UTC(2025, 8, 1) + i * 3_600_000).toISOString(),
    );
    const row = (k: number) => ({
      key: `T${k}`,
      label: `Type ${k}`,
      counts: buckets.map((_, i) => (i * k) % 7),
      rates: buckets.map((_, i) => (i % 11 ? ((i * k) % 7) / 100 : null)),
      total: 1,
      rate: 0.05,
      owner: null,
      severity: 'low',
      runbookUrl: null,
      workflow: 'p2p_invoice_matching',
    });
    const big = {
      apiVersion: '1.0',
      meta: {
        asOf: buckets[0],
        policyVersion: '1.4.2',
        filters: { from: buckets[0], to: buckets[0], tz: 'UTC' },
      },
      rowDimension: 'type',
      bucket: 'hour',
      buckets,
      bucketEnd: buckets[0],
      thresholds: { warn: 0.05, critical: 0.08 },
      rows: Array.from({ length: 40 }, (_, k) => row(k)),
      totals: {
        counts: buckets.map(() => 0),
        items: buckets.map(() => 1),
        rates: buckets.map(() => 0),
      },
      annotations: [],
    };
    const started = performance.now();
    expect(validate(ExceptionMatrixResponseSchema, big)).to.deep.equal([]);
    // 40 × 2160 cells; generous so a loaded 2-core CI machine does not flake.
    expect(performance.now() - started).to.be.below(1000);
  });
});
