/**
 * The SQL of time-driven governance (stale escalation, the auto-action switch, ledger
 * retention), in the dialect DuckDB and Snowflake share, beside the metric SQL's conventions:
 * epoch-millisecond BIGINTs, `?` placeholders, ISO text for ledger times.
 */

/**
 * Schema version 3. `escalations` is the "already escalated" mark: its primary key is what lets
 * one sweeper, and only one, escalate an exception even when several share a store.
 * `auto_actions` persists the switch so every instance (and a restart) sees the same state.
 * `ledger.pruned_at` marks an entry whose payload retention removed; the payload columns lose
 * NOT NULL so the removal can be a real NULL rather than a placeholder that looks like data.
 */
export const GOVERNANCE_MIGRATION: string[] = [
  `CREATE TABLE escalations (
     workflow        VARCHAR NOT NULL,
     correlation_id  VARCHAR NOT NULL,
     kind            VARCHAR NOT NULL,
     target          VARCHAR NOT NULL,
     escalated_ms    BIGINT  NOT NULL,
     ledger_seq      BIGINT  NOT NULL,
     PRIMARY KEY (workflow, correlation_id)
   )`,
  `CREATE TABLE auto_actions (
     workflow    VARCHAR PRIMARY KEY,
     enabled     BOOLEAN NOT NULL,
     changed_ms  BIGINT  NOT NULL,
     ledger_seq  BIGINT  NOT NULL
   )`,
  `ALTER TABLE ledger ADD COLUMN pruned_at VARCHAR`,
  `ALTER TABLE ledger ALTER COLUMN actor DROP NOT NULL`,
  `ALTER TABLE ledger ALTER COLUMN subject DROP NOT NULL`,
];

export const GOVERNANCE_SQL = {
  /**
   * Open exceptions past their workflow's stale timer at `now` that carry no escalation mark,
   * oldest first. The target is the workflow's critical page (stored as incident_commander).
   */
  staleUnescalated: `SELECT e.workflow, e.correlation_id, e.exception_type, e.severity, e.raised_ms,
         e.stale_minutes, e.incident_commander AS target
    FROM exception_facts e
    LEFT JOIN escalations x ON x.workflow = e.workflow AND x.correlation_id = e.correlation_id
    WHERE e.resolved_ms IS NULL AND e.stale_minutes IS NOT NULL AND e.incident_commander IS NOT NULL
      AND ? - e.raised_ms > e.stale_minutes * 60000 AND x.workflow IS NULL
    ORDER BY e.raised_ms, e.workflow, e.correlation_id
    LIMIT ?`,
  /** The guard: a second sweeper's insert conflicts and returns no row, so it writes nothing. */
  markEscalated: `INSERT INTO escalations (workflow, correlation_id, kind, target, escalated_ms, ledger_seq)
    VALUES (?, ?, ?, ?, ?, -1) ON CONFLICT DO NOTHING RETURNING workflow`,
  setEscalationSeq: `UPDATE escalations SET ledger_seq = ? WHERE workflow = ? AND correlation_id = ?`,
  escalationCount: `SELECT CAST(count(*) AS INTEGER) AS n FROM escalations`,

  autoActionsAll: `SELECT workflow, enabled FROM auto_actions`,
  autoActionsOne: `SELECT enabled FROM auto_actions WHERE workflow = ?`,
  autoActionsOff: `SELECT workflow FROM auto_actions WHERE enabled = false`,
  autoActionsPut: `INSERT OR REPLACE INTO auto_actions (workflow, enabled, changed_ms, ledger_seq) VALUES (?, ?, ?, ?)`,

  /** Removes the payload of entries older than the cutoff, keeping seq, links and hash. */
  pruneLedger: `UPDATE ledger SET actor = NULL, subject = NULL, reason = NULL, before_json = NULL,
      after_json = NULL, pruned_at = ?
    WHERE pruned_at IS NULL AND at_iso < ? AND action <> 'retention'
    RETURNING seq`,
  maxPrunedSeq: `SELECT max(seq) AS s FROM ledger WHERE pruned_at IS NOT NULL`,
} as const;
