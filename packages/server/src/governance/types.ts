/**
 * What time-driven governance needs from storage. Every write here commits its guard (the
 * escalation mark, the switch state, the pruned marker) and its ledger entry in one transaction,
 * so several server instances sharing a store cannot double-escalate, double-switch or
 * double-prune: the loser of a race finds the guard already set and writes nothing.
 */
import type { LedgerEntry } from '../ledger/ledger.js';
import type { Severity } from '../policy/policy.js';

/** The policy identity every automatic ledger entry records. */
export interface PolicyStamp {
  policyVersion: string;
  policyHash: string;
}

export interface EscalationInput extends PolicyStamp {
  now: number;
  /** At most this many exceptions per call, so a large backlog is paged over several sweeps. */
  limit: number;
}

export interface Escalation {
  workflow: string;
  correlationId: string;
  exceptionType: string;
  severity: Severity;
  raisedMs: number;
  ageMinutes: number;
  staleTimerMinutes: number;
  target: string;
  entry: LedgerEntry;
}

export interface AutoActionSwitchInput extends PolicyStamp {
  workflow: string;
  now: number;
  reason: string;
  /** Recorded as the entry's `after`, beside `autoActionsEnabled: false`. */
  evidence: Record<string, unknown>;
}

export interface RetentionInput extends PolicyStamp {
  now: number;
  /** Entries whose `at` is before this ISO time lose their payload. */
  cutoffIso: string;
  retentionDays: number;
}

export interface RetentionResult {
  pruned: number;
  entry: LedgerEntry;
}

export interface GovernanceStore {
  /** Marks and escalates stale open exceptions that were never escalated, each exactly once. */
  escalateStale(input: EscalationInput): Promise<Escalation[]>;
  /** The persisted auto-action switch per workflow; a workflow not listed is on. */
  autoActionStates(): Promise<Map<string, boolean>>;
  /** Switches auto-actions off for a workflow; null when it already was off. */
  disableAutoActions(input: AutoActionSwitchInput): Promise<LedgerEntry | null>;
  /** Removes expired ledger payloads; null when nothing had expired. */
  pruneLedger(input: RetentionInput): Promise<RetentionResult | null>;
}
