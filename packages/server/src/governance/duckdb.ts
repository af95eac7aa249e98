/**
 * GovernanceStore over the embedded store's write transactions. The store hands in a
 * transaction runner and a reader so this file never touches connections or the ledger's
 * hashing, and the guards below are plain SQL any shared store can run the same way.
 */
import type { LedgerEntry } from '../ledger/ledger.js';
import type { Severity } from '../policy/policy.js';
import { GOVERNANCE_SQL as SQL } from './sql.js';
import type {
  AutoActionSwitchInput,
  Escalation,
  EscalationInput,
  GovernanceStore,
  RetentionInput,
  RetentionResult,
} from './types.js';

type Row = Record<string, unknown>;
type Param = string | number | boolean | null;

/** A ledger entry before the store numbers, links and hashes it. */
export type LedgerDraft = Omit<LedgerEntry, 'seq' | 'prevHash' | 'hash'>;

export interface WriteTx {
  all(sql: string, params?: Param[]): Promise<Row[]>;
  run(sql: string, params?: Param[]): Promise<void>;
  appendLedger(draft: LedgerDraft): Promise<LedgerEntry>;
}

/** Runs `fn` in one write transaction: a null result rolls back, anything else commits. */
export type Transact = <T>(fn: (tx: WriteTx) => Promise<T | null>) => Promise<T | null>;
export type Read = (sql: string, params?: Param[]) => Promise<Row[]>;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
const iso = (ms: number): string => new Date(ms).toISOString();

export class DuckDbGovernance implements GovernanceStore {
  constructor(
    private readonly transact: Transact,
    private readonly read: Read,
  ) {}

  async escalateStale(input: EscalationInput): Promise<Escalation[]> {
    const out = await this.transact(async (tx) => {
      const rows = await tx.all(SQL.staleUnescalated, [input.now, input.limit]);
      const done: Escalation[] = [];
      for (const r of rows) {
        const workflow = String(r.workflow);
        const correlationId = String(r.correlation_id);
        const target = String(r.target);
        const claimed = await tx.all(SQL.markEscalated, [
          workflow,
          correlationId,
          'stale_exception',
          target,
          input.now,
        ]);
        if (!claimed.length) continue;
        const raisedMs = num(r.raised_ms);
        const ageMinutes = Math.floor((input.now - raisedMs) / 60_000);
        const staleTimerMinutes = num(r.stale_minutes);
        const exceptionType = String(r.exception_type);
        const exceptionId = `${workflow}:${correlationId}`;
        const entry = await tx.appendLedger({
          at: iso(input.now),
          actor: 'system',
          action: 'escalation',
          workflow,
          subject: exceptionId,
          reason: `${exceptionType} open for ${ageMinutes} minutes, past the ${staleTimerMinutes}-minute stale timer: paged ${target}`,
          before: { escalated: false, stale: false },
          after: {
            escalated: true,
            stale: true,
            kind: 'stale_exception',
            target,
            exceptionId,
            exceptionType,
            severity: String(r.severity),
            raisedAt: iso(raisedMs),
            ageMinutes,
            staleTimerMinutes,
          },
          policyVersion: input.policyVersion,
          policyHash: input.policyHash,
        });
        await tx.run(SQL.setEscalationSeq, [entry.seq, workflow, correlationId]);
        done.push({
          workflow,
          correlationId,
          exceptionType,
          severity: String(r.severity) as Severity,
          raisedMs,
          ageMinutes,
          staleTimerMinutes,
          target,
          entry,
        });
      }
      // Nothing claimed: roll back rather than commit an empty transaction.
      return done.length ? done : null;
    });
    return out ?? [];
  }

  async autoActionStates(): Promise<Map<string, boolean>> {
    const rows = await this.read(SQL.autoActionsAll);
    return new Map(rows.map((r) => [String(r.workflow), r.enabled === true]));
  }

  disableAutoActions(input: AutoActionSwitchInput): Promise<LedgerEntry | null> {
    return this.transact(async (tx) => {
      const [state] = await tx.all(SQL.autoActionsOne, [input.workflow]);
      if (state && state.enabled !== true) return null;
      const entry = await tx.appendLedger({
        at: iso(input.now),
        actor: 'system',
        action: 'auto_actions_switch',
        workflow: input.workflow,
        subject: input.workflow,
        reason: input.reason,
        before: { autoActionsEnabled: true },
        after: { autoActionsEnabled: false, ...input.evidence },
        policyVersion: input.policyVersion,
        policyHash: input.policyHash,
      });
      await tx.run(SQL.autoActionsPut, [input.workflow, false, input.now, entry.seq]);
      return entry;
    });
  }

  pruneLedger(input: RetentionInput): Promise<RetentionResult | null> {
    return this.transact(async (tx) => {
      const pruned = await tx.all(SQL.pruneLedger, [iso(input.now), input.cutoffIso]);
      if (!pruned.length) return null;
      const [max] = await tx.all(SQL.maxPrunedSeq);
      const entry = await tx.appendLedger({
        at: iso(input.now),
        actor: 'system',
        action: 'retention',
        workflow: null,
        subject: 'ledger',
        reason: `Removed the payload of ${pruned.length} ledger entr${pruned.length === 1 ? 'y' : 'ies'} older than ${input.retentionDays} days (audit_retention_days); their hashes stay in the chain`,
        before: null,
        after: {
          pruned: pruned.length,
          // Cumulative: verification accepts a payload-less entry only at or below this seq.
          prunedThroughSeq: num(max?.s),
          cutoff: input.cutoffIso,
          retentionDays: input.retentionDays,
        },
        policyVersion: input.policyVersion,
        policyHash: input.policyHash,
      });
      return { pruned: pruned.length, entry };
    });
  }
}
