/**
 * The embedded store: one DuckDB database file, created and migrated on open. One connection
 * writes (fed by the group-commit queue), a few others read, so metric queries run against
 * committed data while an ingest is in flight.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  DuckDBInstance,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import {
  diffSummary,
  entryHash,
  GENESIS_HASH,
  policySummary,
  PRUNED_MARK,
  signCheckpoint,
  canonicalJson,
  type LedgerAction,
  type LedgerCheckpoint,
  type LedgerEntry,
  type LedgerKeys,
  type StoredLedgerEntry,
} from '../ledger/ledger.js';
import type { LoadedPolicy, Policy, Severity } from '../policy/policy.js';
import { GroupCommitQueue } from './group-commit.js';
import { DuckDbGovernance, type WriteTx } from '../governance/duckdb.js';
import { GOVERNANCE_SQL } from '../governance/sql.js';
import type {
  AutoActionSwitchInput,
  Escalation,
  EscalationInput,
  RetentionInput,
  RetentionResult,
} from '../governance/types.js';
import {
  bucketValues,
  filterClause,
  GROUP_KEYS,
  ledgerTypeFilter,
  MIGRATIONS,
  onSlots,
  render,
  ROW_KEYS,
  SCHEMA_VERSION,
  SLOT_MS,
  SQL,
  type Rendered,
} from './sql.js';
import type {
  ApprovalQuery,
  ApprovalRow,
  ApproverRow,
  AutomationData,
  BucketSpec,
  CalibrationRow,
  KpiData,
  OutcomeCounts,
  ParetoRow,
  DecisionInput,
  DecisionResult,
  LedgerQuery,
  ExceptionQuery,
  ExceptionRow,
  Filters,
  IngestResult,
  MatrixData,
  MatrixRowDimension,
  MttrData,
  OwnershipData,
  Store,
  StoredEvent,
  ThroughputData,
  ThroughputGroup,
} from './types.js';

type Row = Record<string, unknown>;

/** The writer connection's temporary staging table (see SQL.createEventStaging). */
const STAGING_TABLE = 'events_staging';
const COUNT_STAGING_TABLE = 'item_counts_staging';
/** Event types exception_state is derived from. */
const EXCEPTION_STATE_TYPES: ReadonlySet<string> = new Set([
  'exception.raised',
  'exception.assigned',
  'exception.resolved',
]);
const READERS = 2;
/** Cached read results per instance (each a few rows to a few hundred). */
const CACHE_ENTRIES = 500;

function num(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}
function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}
/** Reads a VARCHAR column; anything else means the SQL and this code disagree about the schema. */
function text(v: unknown, column: string): string {
  if (typeof v !== 'string')
    throw new TypeError(`expected column ${column} to be text, got ${typeof v}`);
  return v;
}

function appendText(appender: DuckDBAppender, v: string | null): void {
  if (v === null) appender.appendNull();
  else appender.appendVarchar(v);
}

/** Serialises work on one connection: DuckDB connections run one statement at a time. */
class Lane {
  private tail: Promise<unknown> = Promise.resolve();
  constructor(readonly conn: DuckDBConnection) {}
  run<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const next = this.tail.then(() => fn(this.conn));
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export interface DuckDbStoreOptions {
  /** Database file path, or ':memory:'. */
  path: string;
  maxQueuedEvents?: number;
  /** Signs ledger checkpoints; without it no checkpoint is written. */
  keys?: LedgerKeys;
  /** A signed checkpoint every this many ledger entries (default 100). */
  checkpointEvery?: number;
  /**
   * DuckDB's `checkpoint_threshold`: the write-ahead log size at which a commit folds the log
   * into the database file (default 256MB; DuckDB's own default is 16MB).
   */
  walCheckpointThreshold?: string;
}

/**
 * Each automatic checkpoint rewrites the whole primary-key index of `events`, so its cost grows
 * with the table (duckdb/duckdb#24848). At DuckDB's 16MB default a long ingest checkpoints every
 * ~100k events and slows as it goes; at 256MB, 2 million events went in ~30% faster in one run
 * (27.4 s → 19.3 s, the later half-millions 47k–94k/s → 92k–106k/s). Durability is unchanged:
 * a commit is acknowledged after its log write either way; the cost is a longer log to replay
 * after a crash and the log's rows held in memory until the checkpoint.
 */
const WAL_CHECKPOINT_THRESHOLD = '256MB';

/** What the policy says about approving proposals of one exception type. */
interface ApprovalRule {
  threshold: number;
  roles: string[];
  slaMinutes: number;
  severity: Severity;
}

interface LedgerDraft {
  at: string;
  actor: string;
  action: LedgerAction;
  workflow: string | null;
  subject: string;
  reason: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  policyVersion: string;
  policyHash: string;
}

function toApproval(r: Row): ApprovalRow {
  return {
    id: text(r.id, 'id'),
    workflow: text(r.workflow, 'workflow'),
    region: text(r.region, 'region'),
    correlationId: text(r.correlation_id, 'correlation_id'),
    exceptionType: text(r.exception_type, 'exception_type'),
    severity: r.severity as Severity,
    confidence: num(r.confidence),
    threshold: num(r.threshold),
    approverRoles: JSON.parse(text(r.approver_roles, 'approver_roles')) as string[],
    requestedMs: num(r.requested_ms),
    dueMs: num(r.due_ms),
    proposedBy: text(r.proposed_by, 'proposed_by'),
    data: (r.data as string | null) ?? null,
    version: num(r.version),
    status: r.status as ApprovalRow['status'],
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedMs: numOrNull(r.decided_ms),
    decisionReason: (r.decision_reason as string | null) ?? null,
    ledgerSeq: numOrNull(r.ledger_seq),
    ledgerHash: (r.ledger_hash as string | null) ?? null,
    exceptionData: (r.exception_data as string | null | undefined) ?? null,
    runbookUrl: (r.runbook_url as string | null | undefined) ?? null,
  };
}

/** Decodes a JSON column; a value that is not canonical JSON was edited outside the ledger. */
function jsonColumn(v: unknown, column: string): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  const t = text(v, column);
  const parsed = JSON.parse(t) as Record<string, unknown> | null;
  if (canonicalJson(parsed) !== t) throw new Error(`${column} is not in canonical form`);
  return parsed;
}

function toLedgerEntry(r: Row): StoredLedgerEntry {
  // Retention removed who/what/why/before/after; what is left is verified by its hash link only.
  if (r.pruned_at !== null && r.pruned_at !== undefined) {
    return {
      seq: num(r.seq),
      at: String(r.at_iso),
      actor: PRUNED_MARK,
      action: r.action as LedgerAction,
      workflow: (r.workflow as string | null) ?? null,
      subject: PRUNED_MARK,
      reason: null,
      before: null,
      after: null,
      policyVersion: String(r.policy_version),
      policyHash: String(r.policy_hash),
      prevHash: String(r.prev_hash),
      hash: String(r.hash),
      prunedAt: text(r.pruned_at, 'pruned_at'),
    };
  }
  const entry = {
    seq: num(r.seq),
    at: String(r.at_iso),
    actor: String(r.actor),
    action: r.action as LedgerAction,
    workflow: (r.workflow as string | null) ?? null,
    subject: String(r.subject),
    reason: (r.reason as string | null) ?? null,
    before: null as Record<string, unknown> | null,
    after: null as Record<string, unknown> | null,
    policyVersion: String(r.policy_version),
    policyHash: String(r.policy_hash),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
  try {
    entry.before = jsonColumn(r.before_json, 'before');
    entry.after = jsonColumn(r.after_json, 'after');
    return entry;
  } catch (err) {
    return { ...entry, corrupt: (err as Error).message };
  }
}

export class DuckDbStore implements Store {
  private readonly listeners: ((events: StoredEvent[], approvals: ApprovalRow[]) => void)[] = [];
  private rules = new Map<string, ApprovalRule>();
  private readonly keys: LedgerKeys | undefined;
  private readonly checkpointEvery: number;
  private readonly queue: GroupCommitQueue<StoredEvent, IngestResult>;
  private nextReader = 0;
  private closed = false;
  private readonly cache = new Map<string, { version: number; rows: Row[] }>();
  private versionRunning: Promise<number> | null = null;
  private versionWaiting: Promise<number> | null = null;
  private readonly governance = new DuckDbGovernance(
    (fn) => this.transact(fn),
    (sql, params) => this.query(sql, params as (string | number | null)[]),
  );

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: Lane,
    private readonly readers: Lane[],
    private readonly versionLane: Lane,
    maxQueuedEvents: number,
    options: DuckDbStoreOptions,
  ) {
    this.keys = options.keys;
    this.checkpointEvery = options.checkpointEvery ?? 100;
    this.queue = new GroupCommitQueue((batches) => this.commitGroup(batches), {
      maxItemsPerCommit: 20_000,
      maxQueuedItems: maxQueuedEvents,
    });
  }

  static async open(options: DuckDbStoreOptions): Promise<DuckDbStore> {
    if (options.path !== ':memory:') await mkdir(dirname(options.path), { recursive: true });
    const instance = await DuckDBInstance.create(options.path, {
      checkpoint_threshold: options.walCheckpointThreshold ?? WAL_CHECKPOINT_THRESHOLD,
    });
    const writeConn = await instance.connect();
    await migrate(writeConn);
    // Temporary, so it lives only on this connection and never reaches the file or the WAL.
    await writeConn.run(SQL.createEventStaging);
    await writeConn.run(SQL.createCountStaging);
    const readers: Lane[] = [];
    for (let i = 0; i < READERS; i++) readers.push(new Lane(await instance.connect()));
    return new DuckDbStore(
      instance,
      new Lane(writeConn),
      readers,
      new Lane(await instance.connect()),
      options.maxQueuedEvents ?? 200_000,
      options,
    );
  }

  onCommit(listener: (events: StoredEvent[], approvals: ApprovalRow[]) => void): void {
    this.listeners.push(listener);
  }

  ingest(events: StoredEvent[]): Promise<IngestResult> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    if (!events.length) return Promise.resolve({ accepted: 0, duplicates: 0 });
    return this.queue.enqueue(events);
  }

  private async commitGroup(batches: StoredEvent[][]): Promise<IngestResult[]> {
    // The first occurrence of a (source, event_id) in the group is the one inserted; later ones
    // in the same group, and ones already in the table, are duplicates.
    const firsts = new Map<string, StoredEvent>();
    const owner = new Map<StoredEvent, number>();
    batches.forEach((batch, b) => {
      for (const e of batch) {
        const key = `${e.source}\u0000${e.eventId}`;
        if (!firsts.has(key)) {
          firsts.set(key, e);
          owner.set(e, b);
        }
      }
    });
    const unique = [...firsts.values()];
    const inserted = new Set<string>();
    const approvals: ApprovalRow[] = [];
    const now = Date.now();
    await this.writer.run(async (conn) => {
      // Statements without parameters go to DuckDB several at a time: each call is a trip
      // through the binding's worker pool, and under load those trips, not the SQL, were most
      // of a commit. The staging tables are cleared at the start of the next commit, not after
      // this one, which is one trip fewer (a rolled-back commit's rows are rolled back too).
      try {
        await conn.run(`BEGIN TRANSACTION; ${SQL.clearStagedEvents}; ${SQL.clearStagedCounts}`);
        // The bulk path: the group goes into a connection-local staging table through DuckDB's
        // appender (no SQL text or parameter binding per row, which made the multi-row INSERT
        // ~30x slower), then one INSERT … SELECT moves it into `events` in this transaction.
        // The primary key still decides what is a duplicate and RETURNING names what went in.
        const appender = await conn.createAppender(STAGING_TABLE, 'main', 'temp');
        try {
          const nowBig = BigInt(now);
          for (const e of unique) {
            appender.appendVarchar(e.source);
            appender.appendVarchar(e.eventId);
            appender.appendVarchar(e.type);
            appender.appendBigInt(BigInt(e.timeMs));
            appender.appendVarchar(e.workflow);
            appender.appendVarchar(e.region);
            appender.appendVarchar(e.correlationId);
            appendText(appender, e.stage);
            appendText(appender, e.exceptionType);
            appendText(appender, e.severity);
            appendText(appender, e.owner);
            if (e.confidence === null) appender.appendNull();
            else appender.appendDouble(e.confidence);
            appendText(appender, e.actor);
            appendText(appender, e.data);
            appender.appendBigInt(nowBig);
            appender.endRow();
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        const reader = await conn.runAndReadAll(SQL.insertStagedEvents);
        for (const r of reader.getRowObjectsJS())
          inserted.add(`${text(r.source, 'source')}\u0000${text(r.event_id, 'event_id')}`);
        // Item counts per 15-minute slot, from the rows that went in (never a duplicate).
        const counts = new Map<string, { slot: number; e: StoredEvent; n: number }>();
        for (const e of unique) {
          if (e.type !== 'item.started' && e.type !== 'item.completed') continue;
          if (!inserted.has(`${e.source}\u0000${e.eventId}`)) continue;
          const slot = Math.floor(e.timeMs / SLOT_MS) * SLOT_MS;
          const stage = e.stage ?? 'unknown';
          const key = `${slot}\u0000${e.workflow}\u0000${e.region}\u0000${stage}\u0000${e.type}`;
          const c = counts.get(key);
          if (c) c.n += 1;
          else counts.set(key, { slot, e, n: 1 });
        }
        const batch: string[] = [];
        if (counts.size) {
          const app = await conn.createAppender(COUNT_STAGING_TABLE, 'main', 'temp');
          try {
            for (const { slot, e, n } of counts.values()) {
              app.appendBigInt(BigInt(slot));
              app.appendVarchar(e.workflow);
              app.appendVarchar(e.region);
              app.appendVarchar(e.stage ?? 'unknown');
              app.appendVarchar(e.type);
              app.appendBigInt(BigInt(n));
              app.endRow();
            }
            app.flushSync();
          } finally {
            app.closeSync();
          }
          batch.push(SQL.addStagedCounts);
        }
        // Exceptions this commit touched get their exception_state row recomputed from
        // `events` in the same transaction, so the metrics never see an event without its fact.
        if (inserted.size && unique.some((e) => EXCEPTION_STATE_TYPES.has(e.type))) {
          batch.push(SQL.clearExceptionState, SQL.refreshExceptionState);
        }
        if (inserted.size) batch.push(SQL.bumpDataVersion);
        const proposals = unique.some((e) => e.type === 'autoresolve.proposed');
        if (!proposals) batch.push('COMMIT');
        await conn.run(batch.join(';\n'));
        if (!proposals) return;
        // Proposals become approvals in the same commit, so an acknowledged proposal never
        // lacks its approval after a crash. The persisted auto-action switch is read in the same
        // transaction: while it is off, a proposal stays an ordinary exception for a person.
        const off = new Set(
          (await conn.runAndReadAll(GOVERNANCE_SQL.autoActionsOff))
            .getRowObjectsJS()
            .map((r) => text(r.workflow, 'workflow')),
        );
        for (const e of unique) {
          if (!inserted.has(`${e.source}\u0000${e.eventId}`)) continue;
          if (off.has(e.workflow)) continue;
          const a = this.approvalFor(e);
          if (!a) continue;
          await conn.run(SQL.insertApproval, [
            a.id,
            a.workflow,
            a.region,
            a.correlationId,
            a.exceptionType,
            a.severity,
            a.confidence,
            a.threshold,
            JSON.stringify(a.approverRoles),
            a.requestedMs,
            a.dueMs,
            a.proposedBy,
            a.data,
          ]);
          approvals.push(a);
        }
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    const results = batches.map((batch) => ({ accepted: 0, duplicates: batch.length }));
    const added: StoredEvent[] = [];
    for (const e of unique) {
      if (inserted.has(`${e.source}\u0000${e.eventId}`)) {
        const r = results[owner.get(e)!]!;
        r.accepted += 1;
        r.duplicates -= 1;
        added.push(e);
      }
    }
    if (added.length) {
      for (const l of this.listeners) {
        try {
          l(added, approvals);
        } catch {
          // A listener (the SSE hub) must never fail an acknowledged commit.
        }
      }
    }
    return results;
  }

  /**
   * The approval a proposal event asks for, or null: below the type's threshold, or for a type
   * without approver roles, the exception stays with a person.
   */
  private approvalFor(e: StoredEvent): ApprovalRow | null {
    if (e.type !== 'autoresolve.proposed' || e.exceptionType === null || e.confidence === null)
      return null;
    const rule = this.rules.get(`${e.workflow}\u0000${e.exceptionType}`);
    if (!rule || e.confidence < rule.threshold) return null;
    const id = `APR-${createHash('sha256').update(`${e.source}\u0000${e.eventId}`).digest('hex').slice(0, 12).toUpperCase()}`;
    return {
      id,
      workflow: e.workflow,
      region: e.region,
      correlationId: e.correlationId,
      exceptionType: e.exceptionType,
      severity: e.severity ?? rule.severity,
      confidence: e.confidence,
      threshold: rule.threshold,
      approverRoles: rule.roles,
      requestedMs: e.timeMs,
      dueMs: e.timeMs + rule.slaMinutes * 60_000,
      proposedBy: e.actor ?? e.source,
      data: e.data,
      version: 1,
      status: 'pending',
      decidedBy: null,
      decidedMs: null,
      decisionReason: null,
      ledgerSeq: null,
      ledgerHash: null,
      exceptionData: null,
      runbookUrl: null,
    };
  }

  async syncPolicy(policy: Policy): Promise<void> {
    const rules = new Map<string, ApprovalRule>();
    for (const w of policy.workflows)
      for (const t of w.exception_types) {
        const a = t.auto_resolve;
        if (
          a.enabled &&
          a.model_confidence_threshold !== undefined &&
          a.human_approver_roles?.length
        )
          rules.set(`${w.id}\u0000${t.code}`, {
            threshold: a.model_confidence_threshold,
            roles: a.human_approver_roles,
            // A type naming approvers without an SLA still gets a due time: one day.
            slaMinutes: a.approver_sla_minutes ?? 1440,
            severity: t.severity,
          });
      }
    this.rules = rules;
    await this.writer.run(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(SQL.clearPolicyWorkflows);
        await conn.run(SQL.clearPolicyTypes);
        for (const w of policy.workflows) {
          await conn.run(SQL.insertPolicyWorkflow, [
            w.id,
            w.owner,
            w.escalation.critical_page,
            w.escalation.stale_exception_timer_minutes,
          ]);
          for (const t of w.exception_types) {
            const auto = t.auto_resolve;
            await conn.run(SQL.insertPolicyType, [
              w.id,
              t.code,
              t.severity,
              t.owner ?? null,
              w.runbooks?.[t.code] ?? null,
              auto.enabled ? (auto.model_confidence_threshold ?? null) : null,
              Boolean(auto.human_approver_roles?.length),
            ]);
          }
        }
        await conn.run(SQL.bumpDataVersion);
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /**
   * A read on one of the reader connections. Results are cached per instance, keyed by the SQL
   * text and every bound value (so by window, buckets, time zone edges and the caller's
   * workflow/region scope, which arrive as filter parameters) and valid only while the store's
   * data_version is the one they were read at. The version is read from the store, not kept in
   * memory, so a write by another instance sharing the store invalidates this cache too.
   * Queries bound to the current millisecond (the sweeper's stale timers) skip it: they would
   * have a new key every time. The exception list is bound to whole seconds by its route, so
   * it shares results within a second.
   */
  private async cachedQuery(sql: string, params: (string | number | null)[] = []): Promise<Row[]> {
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    const version = await this.dataVersion();
    const hit = this.cache.get(key);
    if (hit && hit.version === version) {
      // Refresh its place in the insertion order, which is the LRU order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.rows;
    }
    const rows = await this.query(sql, params);
    this.cache.delete(key);
    this.cache.set(key, { version, rows });
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return rows;
  }

  /** An uncached read (ledger, approvals, governance: anything a test or operator may inspect). */
  private async query(sql: string, params: (string | number | null)[] = []): Promise<Row[]> {
    const lane = this.readers[this.nextReader++ % this.readers.length]!;
    return lane.run(
      async (conn) =>
        (await conn.runAndReadAll(sql, params as DuckDBValue[])).getRowObjectsJS() as Row[],
    );
  }

  /**
   * The store's write counter, read on its own connection so it never waits behind a metric.
   * Concurrent callers share reads, but only a read that starts after they asked: a caller that
   * arrives while one is running waits for the next, so a request sent after a commit was
   * acknowledged always sees that commit's version.
   */
  dataVersion(): Promise<number> {
    if (this.versionWaiting) return this.versionWaiting;
    const start = (): Promise<number> => {
      const p = this.versionLane.run(async (conn) =>
        num((await conn.runAndReadAll(SQL.dataVersion)).getRowObjectsJS()[0]?.v ?? 0),
      );
      this.versionRunning = p;
      const clear = (): void => {
        if (this.versionRunning === p) this.versionRunning = null;
      };
      p.then(clear, clear);
      return p;
    };
    if (!this.versionRunning) return start();
    const waiting = this.versionRunning
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.versionWaiting = null;
        return start();
      });
    this.versionWaiting = waiting;
    return waiting;
  }

  private byBucket(
    rows: Row[],
    size: number,
  ): Map<string, { workflow: string | null; values: number[] }> {
    const out = new Map<string, { workflow: string | null; values: number[] }>();
    for (const r of rows) {
      const key = String(r.k);
      let entry = out.get(key);
      if (!entry) {
        entry = {
          workflow: (r.wf as string | null | undefined) ?? null,
          values: new Array<number>(size).fill(0),
        };
        out.set(key, entry);
      } else if (entry.workflow !== ((r.wf as string | null | undefined) ?? null)) {
        entry.workflow = null;
      }
      entry.values[num(r.idx)] = num(r.n);
    }
    return out;
  }

  async exceptionMatrix(
    filters: Filters,
    buckets: BucketSpec,
    rows: MatrixRowDimension,
  ): Promise<MatrixData> {
    const f = filterClause(filters.workflows, filters.regions);
    const b = bucketValues(buckets.starts, buckets.end);
    const size = buckets.starts.length;
    const counts = await this.cachedQuery(
      render(SQL.exceptionCounts, { BUCKETS: b, FILTER: f.sql, KEY: ROW_KEYS[rows] }),
      f.params,
    );
    // Items partition by workflow and region only; other row dimensions share the overall denominator.
    const itemKey = rows === 'workflow' || rows === 'region' ? GROUP_KEYS[rows] : "'all'";
    const rollup = onSlots(buckets.starts, buckets.end);
    const items = await this.cachedQuery(
      render(rollup ? SQL.itemsStartedRollup : SQL.itemsStarted, {
        BUCKETS: b,
        FILTER: f.sql,
        KEY: itemKey,
      }),
      f.params,
    );
    const itemMap = this.byBucket(items, size);
    const total = new Array<number>(size).fill(0);
    for (const v of itemMap.values()) v.values.forEach((n, i) => (total[i]! += n));
    return {
      rows: [...this.byBucket(counts, size)].map(([key, v]) => ({
        key,
        workflow: v.workflow,
        counts: v.values,
      })),
      items: total,
      itemsByKey:
        rows === 'workflow' || rows === 'region'
          ? new Map([...itemMap].map(([k, v]) => [k, v.values]))
          : null,
    };
  }

  async throughput(
    filters: Filters,
    buckets: BucketSpec,
    groupBy: ThroughputGroup,
  ): Promise<ThroughputData> {
    const f = filterClause(filters.workflows, filters.regions);
    const b = bucketValues(buckets.starts, buckets.end);
    const size = buckets.starts.length;
    // Slot-aligned buckets (every window readWindow makes) sum item_counts; others scan events.
    const rollup = onSlots(buckets.starts, buckets.end);
    const done = await this.cachedQuery(
      render(rollup ? SQL.itemsCompletedRollup : SQL.itemsCompleted, {
        BUCKETS: b,
        FILTER: f.sql,
        KEY: GROUP_KEYS[groupBy],
      }),
      f.params,
    );
    const open = await this.cachedQuery(
      render(rollup ? SQL.backlogRollup : SQL.backlog, { BUCKETS: b, FILTER: f.sql }),
      [buckets.starts[0]!, ...f.params, ...f.params],
    );
    const backlog = new Array<number>(size).fill(0);
    for (const r of open) backlog[num(r.idx)] = Math.max(0, num(r.open));
    return {
      series: [...this.byBucket(done, size)].map(([key, v]) => ({
        key,
        workflow: v.workflow,
        values: v.values,
      })),
      backlog,
    };
  }

  async ownership(filters: Filters, from: number, to: number, now: number): Promise<OwnershipData> {
    const f = filterClause(filters.workflows, filters.regions);
    const byType = await this.cachedQuery(render(SQL.ownershipByType, { FILTER: f.sql }), [
      from,
      to,
      ...f.params,
    ]);
    // Bound to `now`: a new key every millisecond, so not worth a cache slot.
    const [stale] = await this.query(render(SQL.stale, { FILTER: f.sql }), [
      now,
      from,
      to,
      now,
      ...f.params,
    ]);
    const oldest = numOrNull(stale?.oldest_ms);
    return {
      byType: byType.map((r) => ({
        workflow: String(r.workflow),
        type: String(r.type),
        owned: num(r.owned),
        total: num(r.total),
      })),
      staleCount: num(stale?.n ?? 0),
      oldestStaleAgeMinutes: oldest === null ? null : Math.floor(oldest / 60_000),
    };
  }

  private typeFilter(filters: Filters, types: readonly string[]): Rendered {
    const extra = types.length
      ? [{ sql: `e.exception_type IN (${types.map(() => '?').join(', ')})`, params: [...types] }]
      : [];
    return filterClause(filters.workflows, filters.regions, 'e', extra);
  }

  async mttr(filters: Filters, buckets: BucketSpec, types: readonly string[]): Promise<MttrData> {
    const f = this.typeFilter(filters, types);
    const rows = await this.cachedQuery(
      render(SQL.mttr, { BUCKETS: bucketValues(buckets.starts, buckets.end), FILTER: f.sql }),
      f.params,
    );
    const size = buckets.starts.length;
    const out: MttrData = {
      mean: new Array<number | null>(size).fill(null),
      p50: new Array<number | null>(size).fill(null),
      p90: new Array<number | null>(size).fill(null),
      count: new Array<number>(size).fill(0),
    };
    for (const r of rows) {
      const i = num(r.idx);
      out.mean[i] = numOrNull(r.mean);
      out.p50[i] = numOrNull(r.p50);
      out.p90[i] = numOrNull(r.p90);
      out.count[i] = num(r.n);
    }
    return out;
  }

  async mttrMean(
    filters: Filters,
    from: number,
    to: number,
    types: readonly string[],
  ): Promise<number | null> {
    const f = this.typeFilter(filters, types);
    const [row] = await this.cachedQuery(render(SQL.mttrMean, { FILTER: f.sql }), [
      from,
      to,
      ...f.params,
    ]);
    return numOrNull(row?.mean);
  }

  async listExceptions(q: ExceptionQuery): Promise<ExceptionRow[]> {
    const extra: { sql: string; params: (string | number | null)[] }[] = [];
    if (q.types.length)
      extra.push({
        sql: `e.exception_type IN (${q.types.map(() => '?').join(', ')})`,
        params: [...q.types],
      });
    if (q.status === 'open') extra.push({ sql: 'e.resolved_ms IS NULL', params: [] });
    if (q.status === 'resolved') extra.push({ sql: 'e.resolved_ms IS NOT NULL', params: [] });
    if (q.owner === null) extra.push({ sql: 'e.owner IS NULL', params: [] });
    else if (q.owner !== undefined) extra.push({ sql: 'e.owner = ?', params: [q.owner] });
    const f = filterClause(q.filters.workflows, q.filters.regions, 'e', extra);

    const where: string[] = [];
    const whereParams: (string | number)[] = [];
    if (q.stale !== null) where.push(q.stale ? 'x.stale_rank = 0' : 'x.stale_rank = 1');
    if (q.after) {
      // Expanded row-value comparison: Snowflake has no (a, b) > (c, d).
      const a = q.after;
      where.push(
        `(x.stale_rank > ? OR (x.stale_rank = ? AND (x.severity_rank > ? OR (x.severity_rank = ? AND (x.raised_ms > ? OR (x.raised_ms = ? AND (x.workflow > ? OR (x.workflow = ? AND x.correlation_id > ?))))))))`,
      );
      whereParams.push(
        a.staleRank,
        a.staleRank,
        a.severityRank,
        a.severityRank,
        a.raisedMs,
        a.raisedMs,
        a.workflow,
        a.workflow,
        a.correlationId,
      );
    }
    const sql = render(SQL.listExceptions, {
      FILTER: f.sql,
      WHERE: where.length ? where.join(' AND ') : '1 = 1',
    });
    // Cached like the metrics: the route pins `now` to whole seconds, so concurrent readers of
    // the same page share one sort until the next write bumps the data version.
    const rows = await this.cachedQuery(sql, [
      q.now,
      q.from,
      q.to,
      ...f.params,
      ...whereParams,
      q.limit,
    ]);
    return rows.map((r) => ({
      workflow: String(r.workflow),
      correlationId: String(r.correlation_id),
      region: String(r.region),
      type: String(r.exception_type),
      severity: r.severity as Severity,
      raisedMs: num(r.raised_ms),
      resolvedMs: numOrNull(r.resolved_ms),
      owner: (r.owner as string | null) ?? null,
      stale: num(r.stale_rank) === 0,
      staleRank: num(r.stale_rank),
      severityRank: num(r.severity_rank),
      escalationTarget: (r.escalation_target as string | null) ?? null,
      runbookUrl: (r.runbook_url as string | null) ?? null,
      data: (r.data as string | null) ?? null,
    }));
  }

  // ---------------------------------------------------------------- KPIs, automation, pareto

  private async outcomes(filters: Filters, buckets: BucketSpec): Promise<OutcomeCounts> {
    const f = filterClause(filters.workflows, filters.regions);
    const size = buckets.starts.length;
    const from = buckets.starts[0]!;
    // Bound to bucket edges only, so cacheable like the other metric reads.
    const rows = await this.cachedQuery(
      render(SQL.proposalOutcomes, {
        BUCKETS: bucketValues(buckets.starts, buckets.end),
        FILTER: f.sql,
      }),
      [from, buckets.end, ...f.params, from, buckets.end, ...f.params],
    );
    const zeros = (): number[] => new Array<number>(size).fill(0);
    const out: OutcomeCounts = {
      proposed: zeros(),
      autoApplied: zeros(),
      approved: zeros(),
      rejected: zeros(),
      pending: zeros(),
      reverted: zeros(),
    };
    const series: Record<string, number[]> = {
      proposed: out.proposed,
      auto: out.autoApplied,
      approved: out.approved,
      rejected: out.rejected,
      pending: out.pending,
      reverted: out.reverted,
    };
    for (const r of rows) {
      const target = series[String(r.k)];
      if (target) target[num(r.idx)] = num(r.n);
    }
    return out;
  }

  /**
   * The KPI tiles' inputs: exceptions raised and owned, items completed, exceptions resolved
   * with their mean time to resolve, and proposal outcomes per bucket. Every read is bound only
   * to bucket edges (aligned by readWindow), so all of them go through the result cache, and
   * they run side by side on the reader connections. Completions sum the item_counts rollup when
   * the edges are on its slots; the MTTR is a sum and a count (no percentile sort).
   */
  async kpis(filters: Filters, buckets: BucketSpec): Promise<KpiData> {
    const f = filterClause(filters.workflows, filters.regions);
    const b = bucketValues(buckets.starts, buckets.end);
    const size = buckets.starts.length;
    const rollup = onSlots(buckets.starts, buckets.end);
    const [owners, done, resolvedRows, outcomes] = await Promise.all([
      this.cachedQuery(render(SQL.exceptionsOwned, { BUCKETS: b, FILTER: f.sql }), f.params),
      this.cachedQuery(
        render(rollup ? SQL.itemsCompletedRollup : SQL.itemsCompleted, {
          BUCKETS: b,
          FILTER: f.sql,
          KEY: "'all'",
        }),
        f.params,
      ),
      this.cachedQuery(render(SQL.mttrSum, { BUCKETS: b, FILTER: f.sql }), f.params),
      this.outcomes(filters, buckets),
    ]);
    const raised = new Array<number>(size).fill(0);
    const owned = new Array<number>(size).fill(0);
    for (const r of owners) {
      raised[num(r.idx)] = num(r.n);
      owned[num(r.idx)] = num(r.owned);
    }
    const completed = new Array<number>(size).fill(0);
    for (const r of done) completed[num(r.idx)] = num(r.n);
    const resolved = new Array<number>(size).fill(0);
    const mttrMean = new Array<number | null>(size).fill(null);
    for (const r of resolvedRows) {
      const i = num(r.idx);
      resolved[i] = num(r.n);
      mttrMean[i] = resolved[i] > 0 ? num(r.ms) / resolved[i] / 3_600_000 : null;
    }
    return { raised, owned, completed, resolved, mttrMean, outcomes };
  }

  async automation(
    filters: Filters,
    buckets: BucketSpec,
    from: number,
    to: number,
  ): Promise<AutomationData> {
    const f = filterClause(filters.workflows, filters.regions);
    const calibration: CalibrationRow[] = (
      await this.cachedQuery(render(SQL.calibration, { FILTER: f.sql }), [from, to, ...f.params])
    ).map((r) => ({
      workflow: text(r.workflow, 'workflow'),
      type: text(r.type, 'type'),
      band: num(r.band),
      decided: num(r.decided),
      approved: num(r.approved),
    }));
    const approvers: ApproverRow[] = (
      await this.cachedQuery(render(SQL.approverQuality, { FILTER: f.sql }), [
        from,
        to,
        ...f.params,
      ])
    ).map((r) => ({
      roles: JSON.parse(text(r.roles, 'roles')) as string[],
      decisions: num(r.decisions),
      approved: num(r.approved),
      medianMinutes: numOrNull(r.median_minutes),
      approvedUnseen: num(r.approved_unseen),
      late: num(r.late),
    }));
    return { outcomes: await this.outcomes(filters, buckets), calibration, approvers };
  }

  /**
   * Exception hours per type and workflow up to `asOf`. `asOf` is the request's clock, so the
   * per-row query would never hit the result cache. Instead two cached reads keyed by the minute
   * before `asOf` (paretoParts, paretoLate) give the same integers: everything resolved by that
   * minute is settled, and the few exceptions resolved after it are judged against `asOf` here.
   * Data with an open raise after `asOf` (future-dated events) takes the exact per-row query.
   */
  async pareto(filters: Filters, from: number, to: number, asOf: number): Promise<ParetoRow[]> {
    const f = filterClause(filters.workflows, filters.regions);
    const cut = asOf - (((asOf % 60_000) + 60_000) % 60_000);
    const [parts, late] = await Promise.all([
      this.cachedQuery(render(SQL.paretoParts, { FILTER: f.sql }), [
        cut,
        cut,
        from,
        from,
        to,
        ...f.params,
      ]),
      this.cachedQuery(render(SQL.paretoLate, { FILTER: f.sql }), [from, to, ...f.params, cut]),
    ]);
    const out = new Map<string, ParetoRow>();
    const entry = (type: string, workflow: string): ParetoRow => {
      const key = `${type}\u0000${workflow}`;
      let row = out.get(key);
      if (!row) out.set(key, (row = { type, workflow, count: 0, openCount: 0, ms: 0 }));
      return row;
    };
    let exact = true;
    for (const r of parts) {
      const lastOpen = numOrNull(r.last_open_raised_ms);
      if (lastOpen !== null && lastOpen > asOf) exact = false;
      const openN = num(r.open_n);
      const row = entry(text(r.type, 'type'), text(r.workflow, 'workflow'));
      // Open ones: the sum of (asOf − raise) is open × (asOf − from) − Σ(raise − from).
      row.count += num(r.closed_n) + openN;
      row.openCount += openN;
      row.ms += num(r.closed_ms) + openN * (asOf - from) - num(r.open_offset_ms);
    }
    for (const r of late) {
      const row = entry(text(r.type, 'type'), text(r.workflow, 'workflow'));
      const raised = num(r.raised_ms);
      const resolved = num(r.resolved_ms);
      row.count += 1;
      if (resolved <= asOf) row.ms += Math.max(0, resolved - raised);
      else {
        row.openCount += 1;
        row.ms += Math.max(0, asOf - raised);
      }
    }
    const rowsOut = [...out.values()].filter((r) => r.count > 0);
    if (exact && rowsOut.every((r) => Number.isSafeInteger(r.ms))) return rowsOut;
    const rows = await this.query(render(SQL.pareto, { FILTER: f.sql }), [
      asOf,
      asOf,
      asOf,
      from,
      to,
      ...f.params,
    ]);
    return rows.map((r) => ({
      type: text(r.type, 'type'),
      workflow: text(r.workflow, 'workflow'),
      count: num(r.n),
      openCount: num(r.open_n),
      ms: num(r.ms),
    }));
  }

  async recordApprovalView(approvalId: string, user: string, at: number): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    await this.writer.run(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(SQL.recordApprovalView, [approvalId, user, at]);
        await conn.run(SQL.bumpDataVersion);
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  // ---------------------------------------------------------------- approvals

  async listApprovals(q: ApprovalQuery): Promise<ApprovalRow[]> {
    const clauses: string[] = ['a.requested_ms >= ?', 'a.requested_ms < ?'];
    const params: (string | number)[] = [q.from, q.to];
    if (q.workflows.length) {
      clauses.push(`a.workflow IN (${q.workflows.map(() => '?').join(', ')})`);
      params.push(...q.workflows);
    }
    if (q.id !== undefined) {
      clauses.push('a.id = ?');
      params.push(q.id);
    }
    const where: string[] = [];
    const whereParams: (string | number)[] = [];
    if (q.statuses.length) {
      const parts = q.statuses.map((st) =>
        st === 'overdue'
          ? 'x.urgency = 0'
          : st === 'pending'
            ? 'x.urgency = 1'
            : st === 'expired'
              ? "x.status = 'expired'"
              : `x.status = '${st === 'approved' ? 'approved' : 'rejected'}'`,
      );
      where.push(`(${parts.join(' OR ')})`);
    }
    if (q.after) {
      const a = q.after;
      where.push(
        '(x.urgency > ? OR (x.urgency = ? AND (x.due_ms > ? OR (x.due_ms = ? AND x.id > ?))))',
      );
      whereParams.push(a.urgency, a.urgency, a.dueMs, a.dueMs, a.id);
    }
    const sql = render(SQL.listApprovals, {
      FILTER: clauses.join(' AND '),
      WHERE: where.length ? where.join(' AND ') : '1 = 1',
    });
    const rows = await this.query(sql, [q.now, ...params, ...whereParams, q.limit]);
    return rows.map(toApproval);
  }

  async getApproval(id: string): Promise<ApprovalRow | null> {
    const [row] = await this.listApprovals({
      workflows: [],
      statuses: [],
      from: Number.MIN_SAFE_INTEGER,
      to: Number.MAX_SAFE_INTEGER,
      now: Date.now(),
      id,
      after: null,
      limit: 1,
    });
    return row ?? null;
  }

  async decide(input: DecisionInput): Promise<DecisionResult> {
    if (this.closed) throw new Error('store is closed');
    return this.writer.run(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        const result = await this.decideIn(conn, input);
        if (result.kind === 'decided') await conn.run(SQL.bumpDataVersion);
        await conn.run(result.kind === 'decided' ? 'COMMIT' : 'ROLLBACK');
        return result;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  private async decideIn(conn: DuckDBConnection, input: DecisionInput): Promise<DecisionResult> {
    const read = async (sql: string, params: DuckDBValue[]): Promise<Row[]> =>
      (await conn.runAndReadAll(sql, params)).getRowObjectsJS();
    const [stored] = await read(SQL.idempotencyGet, [input.caller, input.idempotencyKey]);
    if (stored) {
      return stored.fingerprint === input.fingerprint
        ? { kind: 'replay', response: String(stored.response) }
        : { kind: 'key-reused' };
    }
    const [row] = await read(render(SQL.listApprovals, { FILTER: 'a.id = ?', WHERE: '1 = 1' }), [
      input.now,
      input.approvalId,
      1,
    ]);
    if (!row) return { kind: 'not-found' };
    const approval = toApproval(row);
    if (approval.status !== 'pending') return { kind: 'closed', approval };
    if (!input.matches(approval)) return { kind: 'stale', approval };
    const entry = await this.appendLedger(conn, {
      at: new Date(input.now).toISOString(),
      actor: input.caller,
      action: 'decision',
      workflow: approval.workflow,
      subject: approval.id,
      reason: input.reason,
      before: { status: approval.dueMs <= input.now ? 'overdue' : 'pending' },
      after: {
        status: input.outcome,
        exceptionId: `${approval.workflow}:${approval.correlationId}`,
        exceptionType: approval.exceptionType,
        confidence: approval.confidence,
        proposedBy: approval.proposedBy,
      },
      policyVersion: input.policyVersion,
      policyHash: input.policyHash,
    });
    await conn.run(SQL.decideApproval, [
      input.outcome,
      input.caller,
      input.now,
      input.reason,
      entry.seq,
      entry.hash,
      approval.id,
      approval.version,
    ]);
    const decided: ApprovalRow = {
      ...approval,
      status: input.outcome,
      decidedBy: input.caller,
      decidedMs: input.now,
      decisionReason: input.reason,
      ledgerSeq: entry.seq,
      ledgerHash: entry.hash,
      version: approval.version + 1,
    };
    const response = input.render(decided, entry);
    await conn.run(SQL.idempotencyPut, [
      input.caller,
      input.idempotencyKey,
      input.fingerprint,
      response,
      input.now,
    ]);
    return { kind: 'decided', approval: decided, entry, response };
  }

  // ---------------------------------------------------------------- ledger

  /** Appends one entry on the writer connection, inside the caller's transaction. */
  private async appendLedger(conn: DuckDBConnection, draft: LedgerDraft): Promise<LedgerEntry> {
    const [head] = (await conn.runAndReadAll(SQL.ledgerHead)).getRowObjectsJS() as Row[];
    const seq = head ? num(head.seq) + 1 : 1;
    const prevHash = head ? text(head.hash, 'hash') : GENESIS_HASH;
    const unhashed = { seq, ...draft, prevHash };
    const entry: LedgerEntry = { ...unhashed, hash: entryHash(unhashed) };
    await conn.run(SQL.insertLedger, [
      entry.seq,
      entry.at,
      entry.actor,
      entry.action,
      entry.workflow,
      entry.subject,
      entry.reason,
      entry.before === null ? null : canonicalJson(entry.before),
      entry.after === null ? null : canonicalJson(entry.after),
      entry.policyVersion,
      entry.policyHash,
      entry.prevHash,
      entry.hash,
    ]);
    if (this.keys && seq % this.checkpointEvery === 0) {
      const cp = signCheckpoint(this.keys, seq, entry.hash, entry.at);
      await conn.run(SQL.insertCheckpoint, [cp.seq, cp.hash, cp.at, cp.signature, cp.publicKey]);
    }
    return entry;
  }

  /** One write transaction for governance: a null result rolls back, anything else commits. */
  private transact<T>(fn: (tx: WriteTx) => Promise<T | null>): Promise<T | null> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return this.writer.run(async (conn) => {
      const tx: WriteTx = {
        all: async (sql, params = []) => (await conn.runAndReadAll(sql, params)).getRowObjectsJS(),
        run: async (sql, params = []) => {
          await conn.run(sql, params);
        },
        appendLedger: (draft) => this.appendLedger(conn, draft),
      };
      await conn.run('BEGIN TRANSACTION');
      try {
        const result = await fn(tx);
        if (result !== null) await conn.run(SQL.bumpDataVersion);
        await conn.run(result === null ? 'ROLLBACK' : 'COMMIT');
        return result;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  escalateStale(input: EscalationInput): Promise<Escalation[]> {
    return this.governance.escalateStale(input);
  }

  autoActionStates(): Promise<Map<string, boolean>> {
    return this.governance.autoActionStates();
  }

  disableAutoActions(input: AutoActionSwitchInput): Promise<LedgerEntry | null> {
    return this.governance.disableAutoActions(input);
  }

  pruneLedger(input: RetentionInput): Promise<RetentionResult | null> {
    return this.governance.pruneLedger(input);
  }

  async recordPolicy(loaded: LoadedPolicy, actor: string): Promise<LedgerEntry | null> {
    return this.writer.run(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        const [state] = (await conn.runAndReadAll(SQL.policyStateGet)).getRowObjectsJS() as Row[];
        if (state && state.policy_hash === loaded.hash) {
          await conn.run('ROLLBACK');
          return null;
        }
        const summary = policySummary(loaded.policy);
        const previous = state
          ? (JSON.parse(text(state.summary, 'summary')) as Record<string, unknown>)
          : {};
        const diff = diffSummary(previous, summary);
        const entry = await this.appendLedger(conn, {
          at: new Date().toISOString(),
          actor,
          action: 'policy_change',
          workflow: null,
          subject: 'policy',
          reason: state ? 'Policy file changed' : 'Policy first loaded',
          before: state
            ? {
                policyVersion: String(state.policy_version),
                policyHash: String(state.policy_hash),
                ...diff.before,
              }
            : null,
          after: {
            policyVersion: loaded.policy.policy_version,
            policyHash: loaded.hash,
            ...diff.after,
          },
          policyVersion: loaded.policy.policy_version,
          policyHash: loaded.hash,
        });
        await conn.run(SQL.policyStatePut, [
          loaded.hash,
          loaded.policy.policy_version,
          JSON.stringify(summary),
        ]);
        await conn.run(SQL.bumpDataVersion);
        await conn.run('COMMIT');
        return entry;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async listLedger(q: LedgerQuery): Promise<LedgerEntry[]> {
    const clauses: string[] = ['at_iso >= ?', 'at_iso < ?'];
    const params: (string | number)[] = [q.from, q.to];
    if (q.workflows.length) {
      clauses.push(`workflow IN (${q.workflows.map(() => '?').join(', ')})`);
      params.push(...q.workflows);
    }
    if (q.actions.length) {
      clauses.push(`action IN (${q.actions.map(() => '?').join(', ')})`);
      params.push(...q.actions);
    }
    if (q.types?.length) {
      clauses.push(ledgerTypeFilter(q.types.length));
      params.push(...q.types, ...q.types);
    }
    const where = q.beforeSeq === null ? '1 = 1' : 'seq < ?';
    if (q.beforeSeq !== null) params.push(q.beforeSeq);
    const rows = await this.query(
      render(SQL.listLedger, { FILTER: clauses.join(' AND '), WHERE: where }),
      [...params, q.limit],
    );
    // A listing shows what is stored; whether it is intact is what /v1/ledger/verify answers.
    return rows.map((r) => {
      const { corrupt: _corrupt, prunedAt: _prunedAt, ...entry } = toLedgerEntry(r);
      return entry;
    });
  }

  async ledgerEntries(): Promise<StoredLedgerEntry[]> {
    return (await this.query(SQL.ledgerAll)).map(toLedgerEntry);
  }

  async checkpoints(): Promise<LedgerCheckpoint[]> {
    return (await this.query(SQL.checkpoints)).map((r) => ({
      seq: num(r.seq),
      hash: String(r.hash),
      at: String(r.at_iso),
      signature: String(r.signature),
      publicKey: String(r.public_key),
    }));
  }

  async checkpoint(): Promise<LedgerCheckpoint | null> {
    const keys = this.keys;
    if (!keys) return null;
    return this.writer.run(async (conn) => {
      const [head] = (await conn.runAndReadAll(SQL.ledgerHead)).getRowObjectsJS() as Row[];
      if (!head) return null;
      const cp = signCheckpoint(
        keys,
        num(head.seq),
        text(head.hash, 'hash'),
        new Date().toISOString(),
      );
      await conn.run(SQL.insertCheckpoint, [cp.seq, cp.hash, cp.at, cp.signature, cp.publicKey]);
      return cp;
    });
  }

  async lastEventTime(source: string): Promise<number | null> {
    const [row] = await this.query(SQL.lastEventTime, [source]);
    return numOrNull(row?.t);
  }

  async countEvents(): Promise<number> {
    const [row] = await this.query(SQL.countEvents);
    return num(row?.n ?? 0);
  }

  /** Waits for queued ingests, checkpoints the WAL into the file and closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.flush();
    // A signed checkpoint at the head on every shutdown, so the last entries are covered too.
    await this.checkpoint().catch(() => undefined);
    await this.writer.run((conn) => conn.run('CHECKPOINT')).catch(() => undefined);
    // closeSync is synchronous; running it through the lane still waits for queued statements.
    for (const lane of [...this.readers, this.versionLane])
      await lane.run((c) => Promise.resolve(c.closeSync()));
    await this.writer.run((c) => Promise.resolve(c.closeSync()));
    this.instance.closeSync();
  }
}

async function migrate(conn: DuckDBConnection): Promise<void> {
  await conn.run(SQL.schemaVersionTable);
  const current = num((await conn.runAndReadAll(SQL.currentVersion)).getRowObjectsJS()[0]?.v ?? 0);
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${current} is newer than this server (${SCHEMA_VERSION}); upgrade cmdctr`,
    );
  }
  for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
    await conn.run('BEGIN TRANSACTION');
    try {
      for (const statement of MIGRATIONS[v] ?? []) await conn.run(statement);
      await conn.run(SQL.recordVersion, [v, Date.now()]);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
