/**
 * Every piece of SQL the metrics are made of, in the dialect DuckDB and Snowflake share:
 * CTEs, VALUES tables, min_by/max_by, CASE, window functions, percentile_cont … WITHIN GROUP,
 * `?` placeholders. Times are epoch-millisecond BIGINTs and bucket edges arrive as a VALUES
 * table computed by the caller in the requested time zone, so no zone or date function of either
 * engine is needed (their time-zone functions differ).
 *
 * Placeholders, filled only by `render()` from whitelisted fragments, never from user text:
 *   {{BUCKETS}}  `(idx, lo, hi), …` integer literals
 *   {{FILTER}}   `workflow IN (?, …) AND region IN (?, …)` or `1 = 1`
 *   {{KEY}}      a column expression chosen from ROW_KEYS / GROUP_KEYS
 */

import { GOVERNANCE_MIGRATION } from '../governance/sql.js';

export const SCHEMA_VERSION = 7;

// One exception per (workflow, correlation id): the first raise defines it, the latest
// assignment names its owner (else the owner given at raise, else the policy's type owner),
// and the first resolution at or after the raise closes it.
const EXCEPTION_FACTS_VIEW = `CREATE OR REPLACE VIEW exception_facts AS
     WITH first_raise AS (
       SELECT workflow, correlation_id, time_ms, exception_type, severity, region, stage,
              NULLIF(owner, '') AS owner, data,
              row_number() OVER (PARTITION BY workflow, correlation_id
                                 ORDER BY time_ms, source, event_id) AS n
       FROM events WHERE type = 'exception.raised'
     ), raised AS (
       -- The whole first row, not min_by per column: min_by skips NULLs, so a later re-raise
       -- would fill in a field the first raise left empty.
       SELECT workflow, correlation_id, time_ms AS raised_ms, exception_type, severity, region,
              stage, owner AS raised_owner, data
       FROM first_raise WHERE n = 1
     ), assigned AS (
       SELECT workflow, correlation_id, max_by(NULLIF(owner, ''), time_ms) AS owner
       FROM events WHERE type = 'exception.assigned'
       GROUP BY workflow, correlation_id
     ), resolved AS (
       SELECT e.workflow, e.correlation_id, min(e.time_ms) AS resolved_ms
       FROM events e JOIN raised r ON r.workflow = e.workflow AND r.correlation_id = e.correlation_id
       WHERE e.type = 'exception.resolved' AND e.time_ms >= r.raised_ms
       GROUP BY e.workflow, e.correlation_id
     )
     SELECT r.workflow, r.correlation_id, r.raised_ms, s.resolved_ms, r.region, r.data,
            COALESCE(r.exception_type, 'UNCLASSIFIED')            AS exception_type,
            COALESCE(r.severity, pt.severity, 'medium')           AS severity,
            COALESCE(r.stage, 'unknown')                          AS stage,
            COALESCE(a.owner, r.raised_owner, pt.owner)           AS owner,
            pt.runbook_url, pw.stale_minutes, pw.incident_commander
     FROM raised r
     LEFT JOIN assigned a ON a.workflow = r.workflow AND a.correlation_id = r.correlation_id
     LEFT JOIN resolved s ON s.workflow = r.workflow AND s.correlation_id = r.correlation_id
     LEFT JOIN policy_exception_type pt ON pt.workflow = r.workflow AND pt.code = r.exception_type
     LEFT JOIN policy_workflow pw ON pw.workflow = r.workflow`;

/**
 * The event-derived half of exception_facts, for the exceptions whose (workflow, correlation id)
 * pass {{KEYS}} (over events `k`): first raise, latest assignment, first resolution at or after
 * the raise. Materialised in `exception_state` by the ingest transaction (only the keys a commit
 * touched are recomputed), so a metric query reads a few thousand rows instead of re-running
 * three scans of `events` and a window function on every request.
 */
const EXCEPTION_STATE_SELECT = `WITH ev AS (
       SELECT k.* FROM events k
       WHERE k.type IN ('exception.raised', 'exception.assigned', 'exception.resolved') AND {{KEYS}}
     ), first_raise AS (
       SELECT workflow, correlation_id, time_ms, exception_type, severity, region, stage,
              NULLIF(owner, '') AS owner, data,
              row_number() OVER (PARTITION BY workflow, correlation_id
                                 ORDER BY time_ms, source, event_id) AS n
       FROM ev WHERE type = 'exception.raised'
     ), raised AS (
       -- The whole first row, not min_by per column: min_by skips NULLs, so a later re-raise
       -- would fill in a field the first raise left empty.
       SELECT workflow, correlation_id, time_ms AS raised_ms, exception_type, severity, region,
              stage, owner AS raised_owner, data
       FROM first_raise WHERE n = 1
     ), assigned AS (
       SELECT workflow, correlation_id, max_by(NULLIF(owner, ''), time_ms) AS owner
       FROM ev WHERE type = 'exception.assigned'
       GROUP BY workflow, correlation_id
     ), resolved AS (
       SELECT e.workflow, e.correlation_id, min(e.time_ms) AS resolved_ms
       FROM ev e JOIN raised r ON r.workflow = e.workflow AND r.correlation_id = e.correlation_id
       WHERE e.type = 'exception.resolved' AND e.time_ms >= r.raised_ms
       GROUP BY e.workflow, e.correlation_id
     )
     SELECT r.workflow, r.correlation_id, r.raised_ms, s.resolved_ms, r.region, r.data,
            r.exception_type, r.severity, r.stage, COALESCE(a.owner, r.raised_owner) AS event_owner
     FROM raised r
     LEFT JOIN assigned a ON a.workflow = r.workflow AND a.correlation_id = r.correlation_id
     LEFT JOIN resolved s ON s.workflow = r.workflow AND s.correlation_id = r.correlation_id`;

/** Only the keys of the exception events staged in this commit (see SQL.refreshExceptionState). */
const STAGED_EXCEPTION_KEYS = `(k.workflow, k.correlation_id) IN (
         SELECT DISTINCT workflow, correlation_id FROM temp.main.events_staging
         WHERE type IN ('exception.raised', 'exception.assigned', 'exception.resolved'))`;

/** exception_facts over the materialised state; policy facts stay joined live. */
const EXCEPTION_FACTS_VIEW_V6 = `CREATE OR REPLACE VIEW exception_facts AS
     SELECT x.workflow, x.correlation_id, x.raised_ms, x.resolved_ms, x.region, x.data,
            COALESCE(x.exception_type, 'UNCLASSIFIED')            AS exception_type,
            COALESCE(x.severity, pt.severity, 'medium')           AS severity,
            COALESCE(x.stage, 'unknown')                          AS stage,
            COALESCE(x.event_owner, pt.owner)                     AS owner,
            pt.runbook_url, pw.stale_minutes, pw.incident_commander
     FROM exception_state x
     LEFT JOIN policy_exception_type pt ON pt.workflow = x.workflow AND pt.code = x.exception_type
     LEFT JOIN policy_workflow pw ON pw.workflow = x.workflow`;

/** item_counts' slot width: 15 minutes, the finest granularity of any UTC offset. */
export const SLOT_MS = 900_000;

/** The columns of `events`, in table order (the staging table and the appender follow it). */
const EVENT_COLUMNS = `source, event_id, type, time_ms, workflow, region, correlation_id, stage,
     exception_type, severity, owner, confidence, actor, data, ingested_ms`;

/** Migrations by target version; each runs once, inside a transaction, recorded in schema_version. */
export const MIGRATIONS: Record<number, string[]> = {
  1: [
    `CREATE TABLE events (
       source          VARCHAR NOT NULL,
       event_id        VARCHAR NOT NULL,
       type            VARCHAR NOT NULL,
       time_ms         BIGINT  NOT NULL,
       workflow        VARCHAR NOT NULL,
       region          VARCHAR NOT NULL,
       correlation_id  VARCHAR NOT NULL,
       stage           VARCHAR,
       exception_type  VARCHAR,
       severity        VARCHAR,
       owner           VARCHAR,
       confidence      DOUBLE,
       actor           VARCHAR,
       data            VARCHAR,
       ingested_ms     BIGINT  NOT NULL,
       PRIMARY KEY (source, event_id)
     )`,
    `CREATE TABLE policy_workflow (
       workflow            VARCHAR PRIMARY KEY,
       workflow_owner      VARCHAR NOT NULL,
       incident_commander  VARCHAR NOT NULL,
       stale_minutes       INTEGER NOT NULL
     )`,
    `CREATE TABLE policy_exception_type (
       workflow     VARCHAR NOT NULL,
       code         VARCHAR NOT NULL,
       severity     VARCHAR NOT NULL,
       owner        VARCHAR,
       runbook_url  VARCHAR,
       PRIMARY KEY (workflow, code)
     )`,
    EXCEPTION_FACTS_VIEW,
  ],
  // Approvals, the hash-chained ledger, its signed checkpoints and stored decision answers.
  // Ledger rows hold exactly the hashed fields (times as the ISO text that was hashed), so
  // nothing outside the hash can be edited unnoticed.
  2: [
    `CREATE TABLE approvals (
       id              VARCHAR PRIMARY KEY,
       workflow        VARCHAR NOT NULL,
       region          VARCHAR NOT NULL,
       correlation_id  VARCHAR NOT NULL,
       exception_type  VARCHAR NOT NULL,
       severity        VARCHAR NOT NULL,
       confidence      DOUBLE  NOT NULL,
       threshold       DOUBLE  NOT NULL,
       approver_roles  VARCHAR NOT NULL,
       requested_ms    BIGINT  NOT NULL,
       due_ms          BIGINT  NOT NULL,
       proposed_by     VARCHAR NOT NULL,
       data            VARCHAR,
       version         INTEGER NOT NULL,
       status          VARCHAR NOT NULL,
       decided_by      VARCHAR,
       decided_ms      BIGINT,
       decision_reason VARCHAR,
       ledger_seq      BIGINT,
       ledger_hash     VARCHAR
     )`,
    `CREATE TABLE ledger (
       seq             BIGINT  PRIMARY KEY,
       at_iso          VARCHAR NOT NULL,
       actor           VARCHAR NOT NULL,
       action          VARCHAR NOT NULL,
       workflow        VARCHAR,
       subject         VARCHAR NOT NULL,
       reason          VARCHAR,
       before_json     VARCHAR,
       after_json      VARCHAR,
       policy_version  VARCHAR NOT NULL,
       policy_hash     VARCHAR NOT NULL,
       prev_hash       VARCHAR NOT NULL,
       hash            VARCHAR NOT NULL
     )`,
    `CREATE TABLE ledger_checkpoint (
       seq         BIGINT  PRIMARY KEY,
       hash        VARCHAR NOT NULL,
       at_iso      VARCHAR NOT NULL,
       signature   VARCHAR NOT NULL,
       public_key  VARCHAR NOT NULL
     )`,
    `CREATE TABLE idempotency (
       caller       VARCHAR NOT NULL,
       idem_key     VARCHAR NOT NULL,
       fingerprint  VARCHAR NOT NULL,
       response     VARCHAR NOT NULL,
       created_ms   BIGINT  NOT NULL,
       PRIMARY KEY (caller, idem_key)
     )`,
    `CREATE TABLE policy_state (
       id              INTEGER PRIMARY KEY,
       policy_hash     VARCHAR NOT NULL,
       policy_version  VARCHAR NOT NULL,
       summary         VARCHAR NOT NULL
     )`,
  ],
  // Escalation marks, the persisted auto-action switch and the ledger's retention marker.
  3: GOVERNANCE_MIGRATION,
  // Databases made before the first-raise fix get the corrected view.
  4: [EXCEPTION_FACTS_VIEW],
  // Who opened an approval's detail before deciding it (the approvers' "approved unseen" share),
  // and the auto-resolve gate of each policy type, so the outcome SQL can tell a proposal that
  // applied itself from one that went to a person. The first view per (approval, user) is all
  // the figure needs; the primary key makes N instances sharing a store record it once.
  5: [
    `CREATE TABLE approval_views (
       approval_id  VARCHAR NOT NULL,
       user_id      VARCHAR NOT NULL,
       viewed_ms    BIGINT  NOT NULL,
       PRIMARY KEY (approval_id, user_id)
     )`,
    `ALTER TABLE policy_exception_type ADD COLUMN auto_threshold DOUBLE`,
    `ALTER TABLE policy_exception_type ADD COLUMN needs_approval BOOLEAN`,
  ],
  // exception_facts stops being recomputed from `events` on every read: its event-derived
  // columns live in exception_state (backfilled here, then kept by the ingest transaction).
  6: [
    `CREATE TABLE exception_state (
       workflow        VARCHAR NOT NULL,
       correlation_id  VARCHAR NOT NULL,
       raised_ms       BIGINT  NOT NULL,
       resolved_ms     BIGINT,
       region          VARCHAR NOT NULL,
       data            VARCHAR,
       exception_type  VARCHAR,
       severity        VARCHAR,
       stage           VARCHAR,
       event_owner     VARCHAR
     )`,
    `INSERT INTO exception_state ${EXCEPTION_STATE_SELECT.replace('{{KEYS}}', '1 = 1')}`,
    EXCEPTION_FACTS_VIEW_V6,
  ],
  7: [
    // Items started and completed per 15-minute slot: every time zone's hour and day edges
    // fall on one, so throughput, backlog and the exception-rate denominator sum slots instead
    // of scanning `events`. Kept by the ingest transaction from the rows it inserted.
    `CREATE TABLE item_counts (
       slot_ms   BIGINT  NOT NULL,
       workflow  VARCHAR NOT NULL,
       region    VARCHAR NOT NULL,
       stage     VARCHAR NOT NULL,
       type      VARCHAR NOT NULL,
       n         BIGINT  NOT NULL,
       PRIMARY KEY (slot_ms, workflow, region, stage, type)
     )`,
    `INSERT INTO item_counts
       SELECT time_ms - (time_ms % ${SLOT_MS}) - CASE WHEN time_ms % ${SLOT_MS} < 0 THEN ${SLOT_MS} ELSE 0 END,
              workflow, region, COALESCE(stage, 'unknown'), type, count(*)
       FROM events WHERE type IN ('item.started', 'item.completed')
       GROUP BY 1, 2, 3, 4, 5`,
    // A counter every committed write that can change a read bumps (ingest, policy, decisions,
    // governance), so a result cache on any instance sharing the store knows when it is stale.
    `CREATE TABLE data_version (id INTEGER PRIMARY KEY, v BIGINT NOT NULL)`,
    `INSERT INTO data_version (id, v) VALUES (1, 0)`,
  ],
};

export const SQL = {
  schemaVersionTable: `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)`,
  currentVersion: `SELECT COALESCE(max(version), 0) AS v FROM schema_version`,
  recordVersion: `INSERT INTO schema_version (version, applied_ms) VALUES (?, ?)`,

  /**
   * DuckDB-only bulk step: a connection-local temporary table with the columns of `events`
   * (none of its constraints), filled by the appender. Snowflake would stage with PUT/COPY.
   */
  createEventStaging: `CREATE TEMP TABLE IF NOT EXISTS events_staging AS
    SELECT ${EVENT_COLUMNS} FROM events LIMIT 0`,
  clearStagedEvents: `DELETE FROM temp.main.events_staging`,
  dataVersion: `SELECT v FROM data_version WHERE id = 1`,
  bumpDataVersion: `UPDATE data_version SET v = v + 1 WHERE id = 1`,
  /** DuckDB-only: the item-count increments of one commit, appended then folded in. */
  createCountStaging: `CREATE TEMP TABLE IF NOT EXISTS item_counts_staging AS
    SELECT slot_ms, workflow, region, stage, type, n FROM item_counts LIMIT 0`,
  clearStagedCounts: `DELETE FROM temp.main.item_counts_staging`,
  addStagedCounts: `INSERT INTO item_counts (slot_ms, workflow, region, stage, type, n)
    SELECT slot_ms, workflow, region, stage, type, n FROM temp.main.item_counts_staging
    ON CONFLICT (slot_ms, workflow, region, stage, type) DO UPDATE SET n = item_counts.n + excluded.n`,
  /** Drops, then recomputes from `events`, the exception_state rows of the staged exception keys. */
  clearExceptionState: `DELETE FROM exception_state
    WHERE (workflow, correlation_id) IN (
      SELECT workflow, correlation_id FROM temp.main.events_staging
      WHERE type IN ('exception.raised', 'exception.assigned', 'exception.resolved'))`,
  refreshExceptionState: `INSERT INTO exception_state ${EXCEPTION_STATE_SELECT.replace('{{KEYS}}', STAGED_EXCEPTION_KEYS)}`,
  /**
   * Moves the staged group into `events`; the primary key turns a re-sent (source, event_id)
   * into a skipped row, and RETURNING names the rows that went in.
   */
  insertStagedEvents: `INSERT INTO events (${EVENT_COLUMNS})
    SELECT ${EVENT_COLUMNS} FROM temp.main.events_staging
    ON CONFLICT DO NOTHING RETURNING source, event_id`,

  clearPolicyWorkflows: `DELETE FROM policy_workflow`,
  clearPolicyTypes: `DELETE FROM policy_exception_type`,
  insertPolicyWorkflow: `INSERT INTO policy_workflow (workflow, workflow_owner, incident_commander, stale_minutes) VALUES (?, ?, ?, ?)`,
  insertPolicyType: `INSERT INTO policy_exception_type (workflow, code, severity, owner, runbook_url, auto_threshold, needs_approval)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,

  /** Exceptions raised per bucket and row key. */
  exceptionCounts: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}})
    SELECT b.idx AS idx, {{KEY}} AS k,
           CASE WHEN count(DISTINCT e.workflow) = 1 THEN min(e.workflow) END AS wf,
           CAST(count(*) AS INTEGER) AS n
    FROM exception_facts e JOIN b ON e.raised_ms >= b.lo AND e.raised_ms < b.hi
    WHERE {{FILTER}}
    GROUP BY b.idx, {{KEY}}`,

  /** Items that entered the selection per bucket (the exception-rate denominator), per key. */
  itemsStarted: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}})
    SELECT b.idx AS idx, {{KEY}} AS k, CAST(count(*) AS INTEGER) AS n
    FROM events e JOIN b ON e.time_ms >= b.lo AND e.time_ms < b.hi
    WHERE e.type = 'item.started' AND {{FILTER}}
    GROUP BY b.idx, {{KEY}}`,

  /**
   * itemsStarted / itemsCompleted / backlog over item_counts (alias `e`, same keys and filter),
   * used when every bucket edge is on a 15-minute slot (see `onSlots`).
   */
  itemsStartedRollup: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}})
    SELECT b.idx AS idx, {{KEY}} AS k, CAST(sum(e.n) AS INTEGER) AS n
    FROM item_counts e JOIN b ON e.slot_ms >= b.lo AND e.slot_ms < b.hi
    WHERE e.type = 'item.started' AND {{FILTER}}
    GROUP BY b.idx, {{KEY}}`,
  itemsCompletedRollup: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}})
    SELECT b.idx AS idx, {{KEY}} AS k,
           CASE WHEN count(DISTINCT e.workflow) = 1 THEN min(e.workflow) END AS wf,
           CAST(sum(e.n) AS INTEGER) AS n
    FROM item_counts e JOIN b ON e.slot_ms >= b.lo AND e.slot_ms < b.hi
    WHERE e.type = 'item.completed' AND {{FILTER}}
    GROUP BY b.idx, {{KEY}}`,
  backlogRollup: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}}),
    base AS (
      SELECT COALESCE(sum(CASE WHEN e.type = 'item.started' THEN e.n ELSE -e.n END), 0) AS n
      FROM item_counts e
      WHERE e.slot_ms < ? AND {{FILTER}}
    ),
    net AS (
      SELECT b.idx AS idx,
             COALESCE(sum(CASE WHEN e.type = 'item.started' THEN e.n WHEN e.type = 'item.completed' THEN -e.n ELSE 0 END), 0) AS n
      FROM b LEFT JOIN item_counts e
        ON e.slot_ms >= b.lo AND e.slot_ms < b.hi AND {{FILTER}}
      GROUP BY b.idx
    )
    SELECT net.idx AS idx,
           CAST((SELECT n FROM base) + sum(net.n) OVER (ORDER BY net.idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS open
    FROM net ORDER BY net.idx`,

  /** Items completed per bucket and series key. */
  itemsCompleted: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}})
    SELECT b.idx AS idx, {{KEY}} AS k,
           CASE WHEN count(DISTINCT e.workflow) = 1 THEN min(e.workflow) END AS wf,
           CAST(count(*) AS INTEGER) AS n
    FROM events e JOIN b ON e.time_ms >= b.lo AND e.time_ms < b.hi
    WHERE e.type = 'item.completed' AND {{FILTER}}
    GROUP BY b.idx, {{KEY}}`,

  /**
   * Open backlog at the end of each bucket: items started before the window minus items
   * completed before it, plus the running sum of starts minus completions (a window function).
   */
  backlog: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}}),
    base AS (
      SELECT COALESCE(sum(CASE WHEN e.type = 'item.started' THEN 1 ELSE -1 END), 0) AS n
      FROM events e
      WHERE e.type IN ('item.started', 'item.completed') AND e.time_ms < ? AND {{FILTER}}
    ),
    net AS (
      SELECT b.idx AS idx,
             COALESCE(sum(CASE WHEN e.type = 'item.started' THEN 1 WHEN e.type = 'item.completed' THEN -1 ELSE 0 END), 0) AS n
      FROM b LEFT JOIN events e
        ON e.time_ms >= b.lo AND e.time_ms < b.hi AND e.type IN ('item.started', 'item.completed') AND {{FILTER}}
      GROUP BY b.idx
    )
    SELECT net.idx AS idx,
           CAST((SELECT n FROM base) + sum(net.n) OVER (ORDER BY net.idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS open
    FROM net ORDER BY net.idx`,

  /** Exceptions raised in the window, owned and total, per workflow and type. */
  ownershipByType: `SELECT e.workflow AS workflow, e.exception_type AS type,
           CAST(count(e.owner) AS INTEGER) AS owned, CAST(count(*) AS INTEGER) AS total
    FROM exception_facts e
    WHERE e.raised_ms >= ? AND e.raised_ms < ? AND {{FILTER}}
    GROUP BY e.workflow, e.exception_type
    ORDER BY e.workflow, total DESC, e.exception_type`,

  /** Exceptions raised in the window and still open past their workflow's stale timer at `now`. */
  stale: `SELECT CAST(count(*) AS INTEGER) AS n, max(? - e.raised_ms) AS oldest_ms
    FROM exception_facts e
    WHERE e.raised_ms >= ? AND e.raised_ms < ? AND e.resolved_ms IS NULL
      AND e.stale_minutes IS NOT NULL AND ? - e.raised_ms > e.stale_minutes * 60000 AND {{FILTER}}`,

  /** Time to resolve, in hours, of exceptions resolved in each bucket. */
  mttr: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}})
    SELECT b.idx AS idx, CAST(count(*) AS INTEGER) AS n,
           avg((e.resolved_ms - e.raised_ms) / 3600000.0) AS mean,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY (e.resolved_ms - e.raised_ms) / 3600000.0) AS p50,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY (e.resolved_ms - e.raised_ms) / 3600000.0) AS p90
    FROM exception_facts e JOIN b ON e.resolved_ms >= b.lo AND e.resolved_ms < b.hi
    WHERE {{FILTER}}
    GROUP BY b.idx`,

  mttrMean: `SELECT avg((e.resolved_ms - e.raised_ms) / 3600000.0) AS mean
    FROM exception_facts e
    WHERE e.resolved_ms >= ? AND e.resolved_ms < ? AND {{FILTER}}`,

  /**
   * Exceptions, most urgent first: stale before fresh, then by severity, then oldest first;
   * (workflow, correlation_id) makes the order total so keyset pagination never skips a row.
   */
  listExceptions: `SELECT * FROM (
      SELECT e.workflow, e.correlation_id, e.region, e.exception_type, e.severity, e.raised_ms, e.resolved_ms,
             e.owner, e.runbook_url, e.data,
             COALESCE(e.owner, e.incident_commander) AS escalation_target,
             CASE WHEN e.resolved_ms IS NULL AND e.stale_minutes IS NOT NULL
                       AND ? - e.raised_ms > e.stale_minutes * 60000 THEN 0 ELSE 1 END AS stale_rank,
             CASE e.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END AS severity_rank
      FROM exception_facts e
      WHERE e.raised_ms >= ? AND e.raised_ms < ? AND {{FILTER}}
    ) x
    WHERE {{WHERE}}
    ORDER BY x.stale_rank, x.severity_rank, x.raised_ms, x.workflow, x.correlation_id
    LIMIT ?`,

  /**
   * Exceptions resolved per bucket and their summed time to resolve in milliseconds (the KPI
   * tile's MTTR is a mean, so it needs no percentile sort; the caller divides).
   */
  mttrSum: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}})
    SELECT b.idx AS idx, CAST(count(*) AS INTEGER) AS n,
           CAST(sum(e.resolved_ms - e.raised_ms) AS BIGINT) AS ms
    FROM exception_facts e JOIN b ON e.resolved_ms >= b.lo AND e.resolved_ms < b.hi
    WHERE {{FILTER}}
    GROUP BY b.idx`,

  /** Exceptions raised per bucket and how many of them have a named owner (KPI tiles). */
  exceptionsOwned: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}})
    SELECT b.idx AS idx, CAST(count(*) AS INTEGER) AS n, CAST(count(e.owner) AS INTEGER) AS owned
    FROM exception_facts e JOIN b ON e.raised_ms >= b.lo AND e.raised_ms < b.hi
    WHERE {{FILTER}}
    GROUP BY b.idx`,

  /**
   * Auto-resolve proposals per bucket of proposal time, as (idx, k, n) rows where k is
   * `proposed`, `auto` (applied without a person: confidence met the type's threshold and the
   * type needs no approver), `approved`, `rejected`, `pending` (the approval's stored status) or
   * `reverted` (applied automatically or approved, then an autoresolve.reverted event for the
   * same exception at or after the moment it was applied). Approvals are aliased `e` so one
   * {{FILTER}} (workflow, region) serves both tables; its parameters are bound three times.
   */
  proposalOutcomes: `WITH b (idx, lo, hi) AS (VALUES {{BUCKETS}}),
    p AS (
      SELECT e.workflow, e.correlation_id, e.time_ms,
             CASE WHEN t.auto_threshold IS NOT NULL AND t.needs_approval = false
                       AND e.confidence >= t.auto_threshold THEN 1 ELSE 0 END AS auto
      FROM events e
      LEFT JOIN policy_exception_type t ON t.workflow = e.workflow AND t.code = e.exception_type
      WHERE e.type = 'autoresolve.proposed' AND e.time_ms >= ? AND e.time_ms < ? AND {{FILTER}}
    ),
    ap AS (
      SELECT e.workflow, e.correlation_id, e.requested_ms, e.decided_ms, e.status
      FROM approvals e
      WHERE e.requested_ms >= ? AND e.requested_ms < ? AND {{FILTER}}
    ),
    applied AS (
      SELECT workflow, correlation_id, time_ms AS t, time_ms AS applied_ms FROM p WHERE auto = 1
      UNION ALL
      SELECT workflow, correlation_id, requested_ms, decided_ms FROM ap WHERE status = 'approved'
    ),
    tagged AS (
      SELECT time_ms AS t, 'proposed' AS k FROM p
      UNION ALL SELECT time_ms, 'auto' FROM p WHERE auto = 1
      UNION ALL SELECT requested_ms, status FROM ap
      UNION ALL
      SELECT x.t, 'reverted' FROM applied x
      WHERE EXISTS (SELECT 1 FROM events r
                    WHERE r.type = 'autoresolve.reverted' AND r.workflow = x.workflow
                      AND r.correlation_id = x.correlation_id AND r.time_ms >= x.applied_ms)
    )
    SELECT b.idx AS idx, x.k AS k, CAST(count(*) AS INTEGER) AS n
    FROM tagged x JOIN b ON x.t >= b.lo AND x.t < b.hi
    GROUP BY b.idx, x.k`,

  /**
   * Proposals a person decided, by workflow, type and confidence band of width 0.1 (band 9
   * includes 1.0), with how many were approved; window on the proposal (request) time.
   */
  calibration: `SELECT x.workflow, x.exception_type AS type, x.band,
           CAST(count(*) AS INTEGER) AS decided,
           CAST(sum(CASE WHEN x.status = 'approved' THEN 1 ELSE 0 END) AS INTEGER) AS approved
    FROM (
      SELECT e.workflow, e.exception_type, e.status,
             CASE WHEN e.confidence >= 1 THEN 9 WHEN e.confidence < 0 THEN 0
                  ELSE CAST(floor(e.confidence * 10) AS INTEGER) END AS band
      FROM approvals e
      WHERE e.status IN ('approved', 'rejected') AND e.requested_ms >= ? AND e.requested_ms < ?
        AND {{FILTER}}
    ) x
    GROUP BY x.workflow, x.exception_type, x.band`,

  /**
   * Decisions made in the window per approver-role list (the approval's JSON text): count,
   * approvals, median minutes from request to decision, approvals whose decider had not opened
   * the detail at or before deciding, and decisions at or after the due time (the moment the
   * approval shows as overdue).
   */
  approverQuality: `SELECT x.roles, CAST(count(*) AS INTEGER) AS decisions,
           CAST(sum(CASE WHEN x.status = 'approved' THEN 1 ELSE 0 END) AS INTEGER) AS approved,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY x.minutes) AS median_minutes,
           CAST(sum(CASE WHEN x.status = 'approved' AND x.seen = 0 THEN 1 ELSE 0 END) AS INTEGER) AS approved_unseen,
           CAST(sum(CASE WHEN x.decided_ms >= x.due_ms THEN 1 ELSE 0 END) AS INTEGER) AS late
    FROM (
      SELECT e.approver_roles AS roles, e.status, e.decided_ms, e.due_ms,
             (e.decided_ms - e.requested_ms) / 60000.0 AS minutes,
             CASE WHEN EXISTS (SELECT 1 FROM approval_views v
                               WHERE v.approval_id = e.id AND v.user_id = e.decided_by
                                 AND v.viewed_ms <= e.decided_ms) THEN 1 ELSE 0 END AS seen
      FROM approvals e
      WHERE e.status IN ('approved', 'rejected') AND e.decided_ms >= ? AND e.decided_ms < ?
        AND {{FILTER}}
    ) x
    GROUP BY x.roles`,

  /** The first time a user opened an approval's detail; later views change nothing. */
  recordApprovalView: `INSERT INTO approval_views (approval_id, user_id, viewed_ms) VALUES (?, ?, ?)
    ON CONFLICT DO NOTHING`,

  /**
   * Exceptions raised in the window per type and workflow: count, still open at `asOf` (no
   * resolution, or one after it), and milliseconds consumed from raise to resolution or `asOf`.
   * Parameters: asOf, asOf, from, to, filter…, asOf.
   */
  pareto: `SELECT x.exception_type AS type, x.workflow, CAST(count(*) AS INTEGER) AS n,
           CAST(sum(x.is_open) AS INTEGER) AS open_n,
           CAST(sum(CASE WHEN x.until_ms > x.raised_ms THEN x.until_ms - x.raised_ms ELSE 0 END) AS BIGINT) AS ms
    FROM (
      SELECT e.exception_type, e.workflow, e.raised_ms,
             CASE WHEN e.resolved_ms IS NOT NULL AND e.resolved_ms <= ? THEN e.resolved_ms ELSE ? END AS until_ms,
             CASE WHEN e.resolved_ms IS NOT NULL AND e.resolved_ms <= ? THEN 0 ELSE 1 END AS is_open
      FROM exception_facts e
      WHERE e.raised_ms >= ? AND e.raised_ms < ? AND {{FILTER}}
    ) x
    GROUP BY x.exception_type, x.workflow`,

  /**
   * pareto's figures against a minute `cut` (asOf rounded down) instead of `asOf`, so they can
   * be cached for a minute: per type and workflow, exceptions resolved by the cut (count,
   * milliseconds from raise to resolution) and open ones (count, summed milliseconds from the
   * window start to the raise, the latest raise). Exceptions resolved after the cut come one by
   * one from paretoLate. The caller derives the figures at `asOf` exactly; an open raise after
   * `asOf` (future-dated data) makes it run pareto itself. Parameters: cut, cut, from, from, to,
   * filter….
   */
  paretoParts: `SELECT e.exception_type AS type, e.workflow,
           CAST(count(CASE WHEN e.resolved_ms <= ? THEN 1 END) AS INTEGER) AS closed_n,
           CAST(COALESCE(sum(CASE WHEN e.resolved_ms <= ? AND e.resolved_ms > e.raised_ms THEN e.resolved_ms - e.raised_ms ELSE 0 END), 0) AS BIGINT) AS closed_ms,
           CAST(count(*) - count(e.resolved_ms) AS INTEGER) AS open_n,
           CAST(COALESCE(sum(CASE WHEN e.resolved_ms IS NULL THEN e.raised_ms - ? ELSE 0 END), 0) AS BIGINT) AS open_offset_ms,
           max(CASE WHEN e.resolved_ms IS NULL THEN e.raised_ms END) AS last_open_raised_ms
    FROM exception_facts e
    WHERE e.raised_ms >= ? AND e.raised_ms < ? AND {{FILTER}}
    GROUP BY e.exception_type, e.workflow`,
  /** The exceptions paretoParts leaves out: resolved after the cut. Parameters: from, to, filter…, cut. */
  paretoLate: `SELECT e.exception_type AS type, e.workflow, e.raised_ms, e.resolved_ms
    FROM exception_facts e
    WHERE e.raised_ms >= ? AND e.raised_ms < ? AND {{FILTER}} AND e.resolved_ms > ?`,

  insertApproval: `INSERT INTO approvals (id, workflow, region, correlation_id, exception_type, severity,
      confidence, threshold, approver_roles, requested_ms, due_ms, proposed_by, data, version, status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'pending') ON CONFLICT DO NOTHING`,

  /**
   * Approvals with the raise data of their exception (for links). `urgency`: 0 overdue,
   * 1 pending, 2 decided, computed against the `now` parameter.
   */
  listApprovals: `SELECT * FROM (
      SELECT a.*, f.data AS exception_data, f.runbook_url AS runbook_url,
             CASE WHEN a.status = 'pending' AND a.due_ms <= ? THEN 0
                  WHEN a.status = 'pending' THEN 1 ELSE 2 END AS urgency
      FROM approvals a
      LEFT JOIN exception_facts f ON f.workflow = a.workflow AND f.correlation_id = a.correlation_id
      WHERE {{FILTER}}
    ) x
    WHERE {{WHERE}}
    ORDER BY x.urgency, x.due_ms, x.id
    LIMIT ?`,

  approvalForUpdate: `SELECT id, workflow, correlation_id, confidence, version, status, due_ms
    FROM approvals WHERE id = ?`,
  decideApproval: `UPDATE approvals SET status = ?, decided_by = ?, decided_ms = ?, decision_reason = ?,
      ledger_seq = ?, ledger_hash = ?, version = version + 1
    WHERE id = ? AND version = ?`,

  ledgerHead: `SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1`,
  insertLedger: `INSERT INTO ledger (seq, at_iso, actor, action, workflow, subject, reason, before_json,
      after_json, policy_version, policy_hash, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ledgerAll: `SELECT * FROM ledger ORDER BY seq`,
  /**
   * Newest first; {{FILTER}} narrows by workflow, action, time and exception type
   * (LEDGER_TYPE_FILTER), {{WHERE}} is the cursor.
   */
  listLedger: `SELECT * FROM ledger WHERE {{FILTER}} AND {{WHERE}} ORDER BY seq DESC LIMIT ?`,
  insertCheckpoint: `INSERT INTO ledger_checkpoint (seq, hash, at_iso, signature, public_key)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  checkpoints: `SELECT * FROM ledger_checkpoint ORDER BY seq`,
  latestCheckpoint: `SELECT * FROM ledger_checkpoint ORDER BY seq DESC LIMIT 1`,

  idempotencyGet: `SELECT fingerprint, response FROM idempotency WHERE caller = ? AND idem_key = ?`,
  idempotencyPut: `INSERT INTO idempotency (caller, idem_key, fingerprint, response, created_ms) VALUES (?, ?, ?, ?, ?)`,

  policyStateGet: `SELECT policy_hash, policy_version, summary FROM policy_state WHERE id = 1`,
  policyStatePut: `INSERT OR REPLACE INTO policy_state (id, policy_hash, policy_version, summary) VALUES (1, ?, ?, ?)`,

  lastEventTime: `SELECT max(time_ms) AS t FROM events WHERE source = ?`,
  countEvents: `SELECT CAST(count(*) AS BIGINT) AS n FROM events`,
} as const;

/**
 * The ledger's exception-type filter, for a list of `?` placeholders. Entries store before/after
 * as canonical JSON text; json_extract_path_text reads a top-level key from text in DuckDB,
 * Snowflake and (with a ::json cast) PostgreSQL alike. Pruned entries have no payload and match
 * no type.
 */
export function ledgerTypeFilter(count: number): string {
  const list = new Array<string>(count).fill('?').join(', ');
  return `(json_extract_path_text(after_json, 'exceptionType') IN (${list}) OR json_extract_path_text(before_json, 'exceptionType') IN (${list}))`;
}

/** Row-key expressions of the exception matrix (over exception_facts `e`). */
export const ROW_KEYS = {
  type: 'e.exception_type',
  severity: 'e.severity',
  stage: 'e.stage',
  region: 'e.region',
  workflow: 'e.workflow',
} as const;

/** Series-key expressions of throughput (over events `e`). */
export const GROUP_KEYS = {
  stage: "COALESCE(e.stage, 'unknown')",
  region: 'e.region',
  workflow: 'e.workflow',
} as const;

export interface Rendered {
  sql: string;
  params: (string | number | null)[];
}

/**
 * Fills the placeholders. Filters become `IN (?, …)` lists whose values go to `params`;
 * `extra` names additional conditions (already parameterised) for `{{FILTER}}`.
 */
export function filterClause(
  workflows: readonly string[],
  regions: readonly string[],
  alias = 'e',
  extra: { sql: string; params: (string | number | null)[] }[] = [],
): Rendered {
  const parts: string[] = [];
  const params: (string | number | null)[] = [];
  if (workflows.length) {
    parts.push(`${alias}.workflow IN (${workflows.map(() => '?').join(', ')})`);
    params.push(...workflows);
  }
  if (regions.length) {
    parts.push(`${alias}.region IN (${regions.map(() => '?').join(', ')})`);
    params.push(...regions);
  }
  for (const x of extra) {
    parts.push(x.sql);
    params.push(...x.params);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}

/** Whether item_counts can answer these buckets exactly: every edge on a slot boundary. */
export function onSlots(starts: readonly number[], end: number): boolean {
  return [...starts, end].every((t) => t % SLOT_MS === 0);
}

export function bucketValues(starts: readonly number[], end: number): string {
  return starts
    .map((lo, i) => {
      const hi = i + 1 < starts.length ? starts[i + 1]! : end;
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi))
        throw new TypeError('bucket edges must be integers');
      return `(${i}, ${lo}, ${hi})`;
    })
    .join(', ');
}

export function render(
  template: string,
  fill: Partial<Record<'BUCKETS' | 'FILTER' | 'KEY' | 'WHERE', string>>,
): string {
  return template.replace(
    /\{\{(BUCKETS|FILTER|KEY|WHERE)\}\}/g,
    (_, name: 'BUCKETS' | 'FILTER' | 'KEY' | 'WHERE') => {
      const value = fill[name];
      if (value === undefined) throw new Error(`SQL placeholder {{${name}}} not filled`);
      return value;
    },
  );
}
