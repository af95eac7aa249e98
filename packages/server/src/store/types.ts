/**
 * The store interface: everything the HTTP layer needs from storage, shaped as metrics rather
 * than rows, so that a warehouse implementation (Snowflake, PostgreSQL) can serve the same
 * contract by running the same SQL (src/store/sql.ts) over its own connection.
 */
import type { LedgerCheckpoint, LedgerEntry, StoredLedgerEntry } from '../ledger/ledger.js';
import type { LoadedPolicy, Policy, Severity } from '../policy/policy.js';
import type { GovernanceStore } from '../governance/types.js';

export type EventType =
  | 'item.started'
  | 'item.completed'
  | 'exception.raised'
  | 'exception.assigned'
  | 'exception.resolved'
  | 'autoresolve.proposed'
  | 'autoresolve.reverted'
  | 'approval.decided';

/** One event as stored: times are epoch milliseconds so no SQL dialect's timestamp type leaks in. */
export interface StoredEvent {
  source: string;
  eventId: string;
  type: EventType;
  timeMs: number;
  workflow: string;
  region: string;
  correlationId: string;
  stage: string | null;
  exceptionType: string | null;
  severity: Severity | null;
  owner: string | null;
  confidence: number | null;
  actor: string | null;
  /** JSON text of the source payload. */
  data: string | null;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

export interface Filters {
  workflows: readonly string[];
  regions: readonly string[];
}

export interface BucketSpec {
  starts: readonly number[];
  end: number;
}

export type MatrixRowDimension = 'type' | 'severity' | 'stage' | 'region' | 'workflow';
export type ThroughputGroup = 'stage' | 'region' | 'workflow';

export interface MatrixData {
  rows: { key: string; workflow: string | null; counts: number[] }[];
  /** item.started per bucket over the whole selection. */
  items: number[];
  /** item.started per bucket per row key, for row dimensions that partition items (workflow, region). */
  itemsByKey: Map<string, number[]> | null;
}

export interface ThroughputData {
  series: { key: string; workflow: string | null; values: number[] }[];
  backlog: number[];
}

export interface OwnershipData {
  byType: { workflow: string; type: string; owned: number; total: number }[];
  staleCount: number;
  oldestStaleAgeMinutes: number | null;
}

export interface MttrData {
  mean: (number | null)[];
  p50: (number | null)[];
  p90: (number | null)[];
  count: number[];
}

export interface ExceptionRow {
  workflow: string;
  correlationId: string;
  region: string;
  type: string;
  severity: Severity;
  raisedMs: number;
  resolvedMs: number | null;
  owner: string | null;
  stale: boolean;
  staleRank: number;
  severityRank: number;
  escalationTarget: string | null;
  runbookUrl: string | null;
  data: string | null;
}

/** Keyset position after which the next page starts. */
export interface ExceptionCursor {
  staleRank: number;
  severityRank: number;
  raisedMs: number;
  workflow: string;
  correlationId: string;
}

export interface ExceptionQuery {
  filters: Filters;
  from: number;
  to: number;
  now: number;
  types: readonly string[];
  status: 'open' | 'resolved' | null;
  /** undefined: any owner; null: only unowned; string: exactly this owner. */
  owner: string | null | undefined;
  stale: boolean | null;
  after: ExceptionCursor | null;
  limit: number;
}

/** A stored approval; `status` is the stored one (`overdue` is derived from `dueMs` at read). */
export interface ApprovalRow {
  id: string;
  workflow: string;
  region: string;
  correlationId: string;
  exceptionType: string;
  severity: Severity;
  confidence: number;
  threshold: number;
  approverRoles: string[];
  requestedMs: number;
  dueMs: number;
  proposedBy: string;
  data: string | null;
  version: number;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedMs: number | null;
  decisionReason: string | null;
  ledgerSeq: number | null;
  ledgerHash: string | null;
  /** Raise payload and runbook of the exception the proposal is about, when it is known. */
  exceptionData: string | null;
  runbookUrl: string | null;
}

export type ApprovalStatusFilter = 'pending' | 'overdue' | 'approved' | 'rejected' | 'expired';

export interface ApprovalCursor {
  urgency: number;
  dueMs: number;
  id: string;
}

export interface ApprovalQuery {
  workflows: readonly string[];
  statuses: readonly ApprovalStatusFilter[];
  from: number;
  to: number;
  now: number;
  id?: string;
  after: ApprovalCursor | null;
  limit: number;
}

export interface DecisionInput {
  approvalId: string;
  caller: string;
  idempotencyKey: string;
  /** Hash of the request body: a reused key with another fingerprint is refused. */
  fingerprint: string;
  outcome: 'approved' | 'rejected';
  reason: string | null;
  now: number;
  policyVersion: string;
  policyHash: string;
  /** Whether the client's If-Match names this stored version. */
  matches: (approval: ApprovalRow) => boolean;
  /** Renders the answer stored for replays, inside the transaction that commits the decision. */
  render: (approval: ApprovalRow, entry: LedgerEntry) => string;
}

export type DecisionResult =
  | { kind: 'decided'; approval: ApprovalRow; entry: LedgerEntry; response: string }
  | { kind: 'replay'; response: string }
  | { kind: 'key-reused' }
  | { kind: 'not-found' }
  | { kind: 'closed'; approval: ApprovalRow }
  | { kind: 'stale'; approval: ApprovalRow };

export interface LedgerQuery {
  workflows: readonly string[];
  actions: readonly string[];
  /** Exception type codes matched against the entry's after/before `exceptionType`; all when empty. */
  types?: readonly string[];
  from: string;
  to: string;
  beforeSeq: number | null;
  limit: number;
}

/** Auto-resolve proposals per bucket of proposal time (see SQL.proposalOutcomes). */
export interface OutcomeCounts {
  proposed: number[];
  autoApplied: number[];
  approved: number[];
  rejected: number[];
  pending: number[];
  reverted: number[];
}

/** Per-bucket inputs of the KPI tiles; the route turns them into ratios against the policy. */
export interface KpiData {
  raised: number[];
  owned: number[];
  completed: number[];
  /** Exceptions resolved in the bucket and their mean hours to resolve (null without any). */
  resolved: number[];
  mttrMean: (number | null)[];
  outcomes: OutcomeCounts;
}

export interface CalibrationRow {
  workflow: string;
  type: string;
  /** 0..9: confidence in [band/10, band/10 + 0.1), band 9 including 1.0. */
  band: number;
  decided: number;
  approved: number;
}

export interface ApproverRow {
  roles: string[];
  decisions: number;
  approved: number;
  medianMinutes: number | null;
  approvedUnseen: number;
  late: number;
}

export interface AutomationData {
  outcomes: OutcomeCounts;
  calibration: CalibrationRow[];
  approvers: ApproverRow[];
}

export interface ParetoRow {
  type: string;
  workflow: string;
  count: number;
  openCount: number;
  /** Milliseconds consumed: raise to resolution, or to `asOf` while open. */
  ms: number;
}

/** Governance (escalation, the auto-action switch, retention) is specified in governance/types.ts. */
export interface Store extends GovernanceStore {
  /** Resolves only after the events are durably committed (group commit under load). */
  ingest(events: StoredEvent[]): Promise<IngestResult>;
  /** Copies the policy facts the metric SQL joins against (owners, stale timers, runbooks). */
  syncPolicy(policy: Policy): Promise<void>;
  exceptionMatrix(
    filters: Filters,
    buckets: BucketSpec,
    rows: MatrixRowDimension,
  ): Promise<MatrixData>;
  throughput(
    filters: Filters,
    buckets: BucketSpec,
    groupBy: ThroughputGroup,
  ): Promise<ThroughputData>;
  ownership(filters: Filters, from: number, to: number, now: number): Promise<OwnershipData>;
  mttr(filters: Filters, buckets: BucketSpec, types: readonly string[]): Promise<MttrData>;
  mttrMean(
    filters: Filters,
    from: number,
    to: number,
    types: readonly string[],
  ): Promise<number | null>;
  listExceptions(query: ExceptionQuery): Promise<ExceptionRow[]>;
  /** Everything the KPI tiles need per bucket, in one call per window. */
  kpis(filters: Filters, buckets: BucketSpec): Promise<KpiData>;
  /**
   * Proposal outcomes per bucket, calibration of proposals requested in [from, to) and
   * approver quality of decisions made in [from, to).
   */
  automation(
    filters: Filters,
    buckets: BucketSpec,
    from: number,
    to: number,
  ): Promise<AutomationData>;
  /** Exceptions raised in [from, to) per type and workflow, hours counted up to `asOf`. */
  pareto(filters: Filters, from: number, to: number, asOf: number): Promise<ParetoRow[]>;
  /** Records that `user` opened the approval's detail at `at`; only the first view is kept. */
  recordApprovalView(approvalId: string, user: string, at: number): Promise<void>;
  /** Latest event time of one source, or null (the demo generator resumes from it). */
  lastEventTime(source: string): Promise<number | null>;
  countEvents(): Promise<number>;
  /** Registers a listener called after every commit with the events and approvals it added. */
  onCommit(listener: (events: StoredEvent[], approvals: ApprovalRow[]) => void): void;
  listApprovals(query: ApprovalQuery): Promise<ApprovalRow[]>;
  getApproval(id: string): Promise<ApprovalRow | null>;
  /** Commits a decision and its ledger entry in one transaction; exactly one decider wins. */
  decide(input: DecisionInput): Promise<DecisionResult>;
  /** Appends a policy_change entry when `loaded` differs from the last recorded policy. */
  recordPolicy(loaded: LoadedPolicy, actor: string): Promise<LedgerEntry | null>;
  listLedger(query: LedgerQuery): Promise<LedgerEntry[]>;
  /** Every entry in seq order, decoded as far as possible, for verification and export. */
  ledgerEntries(): Promise<StoredLedgerEntry[]>;
  checkpoints(): Promise<LedgerCheckpoint[]>;
  /** Signs a checkpoint at the head unless the latest one is already there. */
  checkpoint(): Promise<LedgerCheckpoint | null>;
  close(): Promise<void>;
}

export class OverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('ingest queue is full');
    this.name = 'OverloadedError';
  }
}
