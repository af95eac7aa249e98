/**
 * Policy as code: the seed's "Exception Triage & Ownership Policy" YAML, parsed safely (YAML 1.2
 * core schema, no custom tags, bounded alias expansion), validated against
 * `policy/policy.schema.json` plus the cross-references a schema cannot express. Every problem is
 * reported with the line and column of the offending node, so a bad file is fixed in one pass.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parseSafeYaml } from '../yaml-source.js';
import policySchema from '../../policy/policy.schema.json' with { type: 'json' };

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface PolicyExceptionType {
  code: string;
  severity: Severity;
  owner?: string;
  auto_resolve: {
    enabled: boolean;
    model_confidence_threshold?: number;
    human_approver_roles?: string[];
    approver_sla_minutes?: number;
  };
}

export interface PolicyWorkflow {
  id: string;
  display_name: string;
  owner: string;
  systems: string[];
  regions: string[];
  slo: { throughput_per_day: number; mttr_hours: number };
  exception_types: PolicyExceptionType[];
  thresholds: { warn_exception_rate: number; critical_exception_rate: number };
  escalation: { critical_page: string; stale_exception_timer_minutes: number };
  runbooks?: Record<string, string>;
  observability?: { event_topic?: string; snowflake_table?: string; dashboard_id?: string };
  controls?: {
    prompt_logging?: boolean;
    pii_redaction?: boolean;
    rbac_roles_allowed?: string[];
    change_approval_group?: string;
    disable_auto_actions_when?: { day_over_day_exception_rate_increase?: string };
  };
}

export interface Policy {
  policy_version: string;
  owners: { policy_owner: string; review_cadence: string; audit_retention_days: number };
  regions: { code: string; data_residency: string }[];
  workflows: PolicyWorkflow[];
}

export interface PolicyProblem {
  line: number;
  column: number;
  /** JSON pointer of the offending value ('' for the document). */
  path: string;
  reason: string;
}

export interface LoadedPolicy {
  policy: Policy;
  /** SHA-256 of the file bytes, for change detection and (later) the ledger. */
  hash: string;
  source: string;
}

export class PolicyError extends Error {
  constructor(
    readonly source: string,
    readonly problems: PolicyProblem[],
  ) {
    super(
      `${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${formatProblems(source, problems)}`,
    );
    this.name = 'PolicyError';
  }
}

export const POLICY_MAX_BYTES = 64 * 1024;
/** Aliases are legal YAML, but unbounded expansion is a denial of service ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

export const SEED_POLICY_PATH = fileURLToPath(
  new URL('../../policy/seed-policy.yaml', import.meta.url),
);
export const DEMO_POLICY_PATH = fileURLToPath(
  new URL('../../policy/demo-policy.yaml', import.meta.url),
);

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validateSchema = ajv.compile(policySchema);

export function formatProblems(source: string, problems: PolicyProblem[]): string {
  return problems
    .map((p) => `${source}:${p.line}:${p.column}: ${p.reason}${p.path ? ` (at ${p.path})` : ''}`)
    .join('\n');
}

function describe(error: ErrorObject): { reason: string; extraKey?: string } {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { reason: `missing required property "${String(p.missingProperty)}"` };
    case 'additionalProperties':
      return {
        reason: `unknown property "${String(p.additionalProperty)}"`,
        extraKey: String(p.additionalProperty),
      };
    case 'enum':
      return { reason: `must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'if':
      return { reason: 'an enabled auto_resolve needs model_confidence_threshold' };
    default:
      return { reason: error.message ?? error.keyword };
  }
}

/** Parses and validates policy text; returns the policy or every problem found. */
export function parsePolicy(
  text: string,
): { policy: Policy; problems: [] } | { policy: null; problems: PolicyProblem[] } {
  const parsed = parseSafeYaml(text, {
    what: 'policy',
    maxBytes: POLICY_MAX_BYTES,
    maxAliasCount: MAX_ALIAS_COUNT,
  });
  if (!('data' in parsed)) return { policy: null, problems: parsed.problems };
  const { data, locate } = parsed;
  const problems: PolicyProblem[] = [];

  if (!validateSchema(data)) {
    for (const error of validateSchema.errors ?? []) {
      if (error.keyword === 'if') continue; // the `then` branch's error already says it
      const { reason, extraKey } = describe(error);
      const path = extraKey ? `${error.instancePath}/${extraKey}` : error.instancePath;
      problems.push({ ...locate(error.instancePath, extraKey), path, reason });
    }
    return { policy: null, problems: sortProblems(problems) };
  }

  const policy = data as unknown as Policy;
  const at = (pointer: string, reason: string): void => {
    problems.push({ ...locate(pointer), path: pointer, reason });
  };
  const regionCodes = new Set<string>();
  policy.regions.forEach((r, i) => {
    if (regionCodes.has(r.code)) at(`/regions/${i}/code`, `duplicate region "${r.code}"`);
    regionCodes.add(r.code);
  });
  const workflowIds = new Set<string>();
  policy.workflows.forEach((w, i) => {
    const base = `/workflows/${i}`;
    if (workflowIds.has(w.id)) at(`${base}/id`, `duplicate workflow id "${w.id}"`);
    workflowIds.add(w.id);
    w.regions.forEach((r, j) => {
      if (!regionCodes.has(r))
        at(`${base}/regions/${j}`, `region "${r}" is not declared under regions`);
    });
    if (w.thresholds.warn_exception_rate > w.thresholds.critical_exception_rate) {
      at(
        `${base}/thresholds/warn_exception_rate`,
        'warn_exception_rate must not exceed critical_exception_rate',
      );
    }
    const codes = new Set<string>();
    w.exception_types.forEach((t, j) => {
      if (codes.has(t.code))
        at(`${base}/exception_types/${j}/code`, `duplicate exception type "${t.code}"`);
      codes.add(t.code);
    });
    for (const code of Object.keys(w.runbooks ?? {})) {
      if (!codes.has(code))
        at(`${base}/runbooks/${code}`, `runbook for unknown exception type "${code}"`);
    }
  });
  if (problems.length) return { policy: null, problems: sortProblems(problems) };
  return { policy, problems: [] };
}

function sortProblems(problems: PolicyProblem[]): PolicyProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

export async function loadPolicy(file: string): Promise<LoadedPolicy> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new PolicyError(file, [
      {
        line: 0,
        column: 0,
        path: '',
        reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      },
    ]);
  }
  const result = parsePolicy(bytes.toString('utf8'));
  if (!result.policy) throw new PolicyError(file, result.problems);
  return {
    policy: result.policy,
    hash: createHash('sha256').update(bytes).digest('hex'),
    source: file,
  };
}

/** The relative day-over-day increase that disables auto-actions, or null when not configured. */
export function autoActionGuard(w: PolicyWorkflow): number | null {
  const raw = w.controls?.disable_auto_actions_when?.day_over_day_exception_rate_increase;
  if (!raw) return null;
  return Number(raw.replace(/^>=\s*/, ''));
}
