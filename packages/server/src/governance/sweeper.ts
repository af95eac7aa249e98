/**
 * The governance sweep: on an interval (default 60 s) it escalates stale exceptions, checks
 * each guarded workflow's day-over-day exception-rate increase against
 * `disable_auto_actions_when`, and applies `audit_retention_days` to the ledger. Every decision
 * it takes is committed with its ledger entry first (see GovernanceStore), and only then
 * announced on the stream and the webhook, so a restart or a second instance never repeats one.
 */
import type { LedgerEntry } from '../ledger/ledger.js';
import { autoActionGuard, type LoadedPolicy, type PolicyWorkflow } from '../policy/policy.js';
import type { Store } from '../store/types.js';
import type { Escalation } from './types.js';
import type { WebhookSender } from './webhook.js';

export const DAY_MS = 86_400_000;
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/** The part of StreamHub the sweep uses (tests can pass the real hub or a recorder). */
export interface Publisher {
  publish(event: string, data: unknown, workflow: string | null): void;
}

/** The pino-compatible subset the sweep logs through. */
export interface SweepLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface SweeperOptions {
  store: Store;
  policy: () => LoadedPolicy;
  hub: Publisher;
  log: SweepLog;
  /** Injectable clock: tests move time instead of waiting for it. */
  now?: () => number;
  intervalMs?: number;
  webhook?: WebhookSender;
  /** Exceptions escalated per sweep at most; a larger backlog continues on the next sweep. */
  escalationBatch?: number;
}

export interface AutoActionTrip {
  workflow: string;
  previousRate: number;
  currentRate: number;
  entry: LedgerEntry;
}

export interface SweepReport {
  escalations: Escalation[];
  switchedOff: AutoActionTrip[];
  pruned: number;
  errors: string[];
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

export class Sweeper {
  private readonly now: () => number;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepReport> | null = null;
  private readonly deliveries = new Set<Promise<unknown>>();

  constructor(private readonly options: SweeperOptions) {
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    // The HTTP server keeps the process alive; the sweep alone must not.
    this.timer.unref();
  }

  /** Runs one sweep; a call while one is running joins it rather than overlapping it. */
  sweep(): Promise<SweepReport> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Resolves when every webhook delivery started so far has finished (or given up). */
  async settled(): Promise<void> {
    while (this.deliveries.size) await Promise.allSettled([...this.deliveries]);
  }

  /** Stops the interval and waits for the running sweep and its deliveries. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.settled();
  }

  private async run(): Promise<SweepReport> {
    const report: SweepReport = { escalations: [], switchedOff: [], pruned: 0, errors: [] };
    const step = async (name: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        // One failing step (a busy store, say) must not keep the others from running.
        report.errors.push(`${name}: ${(err as Error).message}`);
        this.options.log.error({ err, step: name }, 'governance sweep step failed');
      }
    };
    await step('escalation', async () => {
      report.escalations = await this.escalate();
    });
    await step('auto-actions', async () => {
      report.switchedOff = await this.checkAutoActions();
    });
    await step('retention', async () => {
      report.pruned = await this.retain();
    });
    return report;
  }

  private stamp(): { policyVersion: string; policyHash: string } {
    const loaded = this.options.policy();
    return { policyVersion: loaded.policy.policy_version, policyHash: loaded.hash };
  }

  private async escalate(): Promise<Escalation[]> {
    const now = this.now();
    const done = await this.options.store.escalateStale({
      now,
      limit: this.options.escalationBatch ?? 200,
      ...this.stamp(),
    });
    const touched = new Set<string>();
    for (const x of done) {
      const data = {
        workflow: x.workflow,
        kind: 'stale_exception',
        target: x.target,
        at: x.entry.at,
        exceptionId: `${x.workflow}:${x.correlationId}`,
        detail: `${x.exceptionType} open for ${x.ageMinutes} minutes without resolution (stale timer ${x.staleTimerMinutes} minutes)`,
      };
      this.options.hub.publish('escalation', data, x.workflow);
      this.notify(data, x.entry);
      touched.add(x.workflow);
    }
    for (const workflow of touched)
      this.options.hub.publish('metrics-changed', { metrics: ['ledger'], workflow }, workflow);
    if (done.length)
      this.options.log.info({ escalated: done.length }, 'stale exceptions escalated');
    return done;
  }

  private async checkAutoActions(): Promise<AutoActionTrip[]> {
    const { store } = this.options;
    const guarded = this.options
      .policy()
      .policy.workflows.map((w) => ({ w, limit: autoActionGuard(w) }))
      .filter((g): g is { w: PolicyWorkflow; limit: number } => Number.isFinite(g.limit));
    if (!guarded.length) return [];
    const states = await store.autoActionStates();
    const open = guarded.filter((g) => states.get(g.w.id) !== false);
    if (!open.length) return [];
    const now = this.now();
    // The last 24 hours against the 24 before them, exception rate = raised / items started.
    const m = await store.exceptionMatrix(
      { workflows: open.map((g) => g.w.id), regions: [] },
      { starts: [now - 2 * DAY_MS, now - DAY_MS], end: now },
      'workflow',
    );
    const trips: AutoActionTrip[] = [];
    for (const { w, limit } of open) {
      const counts = m.rows.find((r) => r.key === w.id)?.counts ?? [0, 0];
      const items = m.itemsByKey?.get(w.id) ?? [0, 0];
      // A day without items has no rate: nothing to compare, so nothing trips.
      if (!items[0] || !items[1]) continue;
      const previousRate = counts[0]! / items[0];
      const currentRate = counts[1]! / items[1];
      const increase =
        previousRate === 0
          ? currentRate > 0
            ? Infinity
            : 0
          : (currentRate - previousRate) / previousRate;
      if (!(increase >= limit)) continue;
      const rule = w.controls?.disable_auto_actions_when?.day_over_day_exception_rate_increase;
      const reason =
        `Exception rate rose from ${pct(previousRate)} to ${pct(currentRate)} day over day` +
        (Number.isFinite(increase) ? ` (+${(increase * 100).toFixed(1)}%)` : '') +
        `, tripping disable_auto_actions_when.day_over_day_exception_rate_increase ${rule ?? ''}`;
      const entry = await store.disableAutoActions({
        workflow: w.id,
        now,
        reason,
        evidence: {
          previousRate: Math.round(previousRate * 1e6) / 1e6,
          currentRate: Math.round(currentRate * 1e6) / 1e6,
          // JSON has no infinity: a rise from zero is recorded as null.
          increase: Number.isFinite(increase) ? Math.round(increase * 1e6) / 1e6 : null,
          rule: rule ?? null,
          previousDay: { exceptions: counts[0]!, items: items[0] },
          currentDay: { exceptions: counts[1]!, items: items[1] },
        },
        ...this.stamp(),
      });
      if (!entry) continue; // another instance switched it first
      const data = {
        workflow: w.id,
        kind: 'auto_actions_disabled',
        target: w.escalation.critical_page,
        at: entry.at,
        exceptionId: null,
        detail: `Auto-actions switched off: ${reason}`,
      };
      this.options.hub.publish('escalation', data, w.id);
      this.options.hub.publish(
        'metrics-changed',
        // workflows: its autoActionsEnabled flips, which the command center shows.
        { metrics: ['approvals', 'ledger', 'workflows'], workflow: w.id },
        w.id,
      );
      this.notify(data, entry);
      this.options.log.warn({ workflow: w.id, previousRate, currentRate }, 'auto-actions off');
      trips.push({ workflow: w.id, previousRate, currentRate, entry });
    }
    return trips;
  }

  private async retain(): Promise<number> {
    const days = this.options.policy().policy.owners.audit_retention_days;
    const now = this.now();
    // Whole UTC days: entries expire once a day, so a 60 s sweep writes at most one
    // retention entry a day instead of one a minute.
    const cutoff = Math.floor((now - days * DAY_MS) / DAY_MS) * DAY_MS;
    const result = await this.options.store.pruneLedger({
      now,
      cutoffIso: new Date(cutoff).toISOString(),
      retentionDays: days,
      ...this.stamp(),
    });
    if (!result) return 0;
    this.options.hub.publish('metrics-changed', { metrics: ['ledger'], workflow: null }, null);
    this.options.log.info({ pruned: result.pruned, seq: result.entry.seq }, 'ledger retention');
    return result.pruned;
  }

  private notify(data: Record<string, unknown>, entry: LedgerEntry): void {
    const { webhook } = this.options;
    if (!webhook) return;
    const delivery = webhook
      .send(
        {
          type: 'escalation',
          ...data,
          ledgerSeq: entry.seq,
          ledgerHash: entry.hash,
          policyVersion: entry.policyVersion,
          policyHash: entry.policyHash,
        },
        `cmdctr-ledger-${entry.hash}`,
      )
      .catch((err: unknown) => {
        this.options.log.error({ err }, 'escalation webhook crashed');
      });
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }
}
