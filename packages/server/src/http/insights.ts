/**
 * The summary metrics built over the same stores and helpers as the metric routes in app.ts:
 * KPI tiles, the Pareto of exception hours and auto-resolve quality. app.ts hands in its
 * query, window, ETag and `meta` helpers, so the three routes answer, filter, revalidate and
 * fail exactly like the others, and access control (installed as hooks) covers them unchanged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoadedPolicy, PolicyWorkflow } from '../policy/policy.js';
import type { Filters, KpiData, OutcomeCounts, Store } from '../store/types.js';
import { bucketsBefore, formatLocal, type BucketUnit } from '../time.js';
import {
  readSelection,
  readWindow,
  type QueryReader,
  type Selection,
  type Window,
} from './query.js';
import { PARETO_CUTOFF, rankPareto, type ParetoInput } from './pareto.js';

export interface InsightRouteContext {
  store: Store;
  now: () => number;
  apiVersion: string;
  policy: () => LoadedPolicy;
  reader: (req: FastifyRequest) => QueryReader;
  sendCached: (
    req: FastifyRequest,
    reply: FastifyReply,
    body: { meta?: { asOf?: string } } & Record<string, unknown>,
  ) => FastifyReply;
  meta: (filters: Record<string, unknown>, tz: string, asOf: number) => Record<string, unknown>;
  windowFilters: (sel: Selection, w: Window, withBucket: boolean) => Record<string, unknown>;
  selectedWorkflows: (sel: Selection) => PolicyWorkflow[];
  filtersOf: (sel: Selection) => Filters;
  typeLabel: (code: string) => string;
  round: (x: number, digits?: number) => number;
  ratio: (n: number, d: number) => number | null;
  perDayFactor: Record<BucketUnit, number>;
}

export type KpiId =
  'exceptionRate' | 'autoResolveSuccess' | 'ownershipCoverage' | 'throughputVsSlo' | 'mttr';
type KpiStatus = 'ok' | 'warn' | 'critical' | null;

interface KpiSpec {
  id: KpiId;
  label: string;
  unit: 'ratio' | 'hours';
  better: 'lower' | 'higher';
  warn: number | null;
  critical: number | null;
  target: number | null;
}

/** The contract's default ownership target (the seed's "owner coverage on 95 %"). */
export const OWNERSHIP_TARGET = 0.95;

/**
 * Judges a figure: against warn/critical where the policy sets them (reaching the value turns
 * the status), else against the target (missing it is `warn`), else not at all.
 */
export function kpiStatus(value: number | null, spec: KpiSpec): KpiStatus {
  if (value === null) return null;
  const past = (limit: number): boolean =>
    spec.better === 'lower' ? value >= limit : value <= limit;
  if (spec.warn !== null || spec.critical !== null) {
    if (spec.critical !== null && past(spec.critical)) return 'critical';
    if (spec.warn !== null && past(spec.warn)) return 'warn';
    return 'ok';
  }
  if (spec.target !== null)
    return (spec.better === 'lower' ? value <= spec.target : value >= spec.target) ? 'ok' : 'warn';
  return null;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** (autoApplied + approved − reverted) ÷ proposed; null when nothing was proposed. */
function successRate(
  o: Pick<OutcomeCounts, 'proposed' | 'autoApplied' | 'approved' | 'reverted'>,
  i: number | null,
  ratio: InsightRouteContext['ratio'],
): number | null {
  const at = (xs: number[]): number => (i === null ? sum(xs) : xs[i]!);
  return ratio(Math.max(0, at(o.autoApplied) + at(o.approved) - at(o.reverted)), at(o.proposed));
}

export function registerInsightRoutes(app: FastifyInstance, ctx: InsightRouteContext): void {
  const { store, round, ratio } = ctx;

  // ------------------------------------------------------------------ KPI tiles
  app.get('/v1/metrics/kpis', async (req, reply) => {
    const q = ctx.reader(req);
    const sel = readSelection(q);
    const asOf = ctx.now();
    const w = readWindow(q, asOf, { bucketParam: true });
    const selected = ctx.selectedWorkflows(sel);
    const filters = ctx.filtersOf(sel);
    const size = w.buckets.starts.length;
    // The preceding window of the same length: as many buckets of the same unit in the same zone.
    const previousBuckets = bucketsBefore(w.from, size, w.bucket, w.tz);
    // Both windows at once: their reads share the reader connections instead of queuing.
    const [current, previous] = await Promise.all([
      store.kpis(filters, w.buckets),
      store.kpis(filters, previousBuckets),
    ]);

    const thresholdSource = selected.length ? selected : ctx.policy().policy.workflows;
    const sloPerDay = sum(selected.map((x) => x.slo.throughput_per_day));
    const specs: KpiSpec[] = [
      {
        id: 'exceptionRate',
        label: 'Exception rate',
        unit: 'ratio',
        better: 'lower',
        warn: Math.min(...thresholdSource.map((x) => x.thresholds.warn_exception_rate)),
        critical: Math.min(...thresholdSource.map((x) => x.thresholds.critical_exception_rate)),
        target: null,
      },
      {
        id: 'autoResolveSuccess',
        label: 'Auto-resolve success',
        unit: 'ratio',
        better: 'higher',
        warn: null,
        critical: null,
        target: null,
      },
      {
        id: 'ownershipCoverage',
        label: 'Ownership coverage',
        unit: 'ratio',
        better: 'higher',
        warn: null,
        critical: null,
        target: OWNERSHIP_TARGET,
      },
      {
        id: 'throughputVsSlo',
        label: 'Throughput vs SLO',
        unit: 'ratio',
        better: 'higher',
        warn: null,
        critical: null,
        target: 1,
      },
      {
        id: 'mttr',
        label: 'MTTR',
        unit: 'hours',
        better: 'lower',
        warn: null,
        critical: null,
        target: Math.min(...thresholdSource.map((x) => x.slo.mttr_hours)),
      },
    ];

    /** Every figure over one bucket (`i`) or over the whole window (`null`). */
    const figures = (d: KpiData, i: number | null): Record<KpiId, number | null> => {
      const at = (xs: number[]): number => (i === null ? sum(xs) : xs[i]!);
      const completed = at(d.completed);
      // Nominal days, as the throughput target counts them: a 23-hour DST day is still a day.
      const days = (i === null ? d.completed.length : 1) * ctx.perDayFactor[w.bucket];
      let mttr: number | null;
      if (i !== null) mttr = d.mttrMean[i] ?? null;
      else {
        const n = sum(d.resolved);
        const hours = d.mttrMean.reduce<number>((a, m, j) => a + (m ?? 0) * d.resolved[j]!, 0);
        mttr = n > 0 ? hours / n : null;
      }
      return {
        exceptionRate: ratio(at(d.raised), completed),
        autoResolveSuccess: successRate(d.outcomes, i, ratio),
        ownershipCoverage: ratio(at(d.owned), at(d.raised)),
        throughputVsSlo: sloPerDay > 0 && days > 0 ? round(completed / days / sloPerDay) : null,
        mttr: mttr === null ? null : round(mttr, 4),
      };
    };
    const now = figures(current, null);
    const before = figures(previous, null);
    const perBucket = w.buckets.starts.map((_, i) => figures(current, i));

    return ctx.sendCached(req, reply, {
      apiVersion: ctx.apiVersion,
      meta: ctx.meta(ctx.windowFilters(sel, w, true), w.tz, asOf),
      bucket: w.bucket,
      buckets: w.buckets.starts.map((s) => formatLocal(s, w.tz)),
      kpis: specs.map((spec) => {
        const value = now[spec.id];
        const prev = before[spec.id];
        return {
          id: spec.id,
          label: spec.label,
          unit: spec.unit,
          value,
          previous: prev,
          change: value === null || prev === null ? null : round(value - prev),
          status: kpiStatus(value, spec),
          warn: spec.warn,
          critical: spec.critical,
          target: spec.target,
          better: spec.better,
          sparkline: perBucket.map((f) => f[spec.id]),
        };
      }),
    });
  });

  // ------------------------------------------------------------------ Pareto of exception hours
  app.get('/v1/metrics/pareto', async (req, reply) => {
    const q = ctx.reader(req);
    const sel = readSelection(q);
    const asOf = ctx.now();
    const w = readWindow(q, asOf, { bucketParam: false });
    const rows = await store.pareto(ctx.filtersOf(sel), w.from, w.to, asOf);
    // The SQL groups by (type, workflow) so no engine-specific string aggregate is needed.
    const byType = new Map<string, ParetoInput & { workflows: Set<string> }>();
    for (const r of rows) {
      const t = byType.get(r.type) ?? {
        type: r.type,
        count: 0,
        openCount: 0,
        ms: 0,
        workflows: new Set<string>(),
      };
      t.count += r.count;
      t.openCount += r.openCount;
      t.ms += r.ms;
      t.workflows.add(r.workflow);
      byType.set(r.type, t);
    }
    const policyWorkflows = new Map(ctx.policy().policy.workflows.map((x) => [x.id, x]));
    const ranked = rankPareto([...byType.values()]);
    const HOUR = 3_600_000;
    const totalMs = sum(ranked.map((r) => r.ms));
    return ctx.sendCached(req, reply, {
      apiVersion: ctx.apiVersion,
      meta: ctx.meta(ctx.windowFilters(sel, w, false), w.tz, asOf),
      cutoff: PARETO_CUTOFF,
      totalHours: round(totalMs / HOUR, 4),
      totalCount: sum(ranked.map((r) => r.count)),
      items: ranked.map((r) => {
        const workflows = [...byType.get(r.type)!.workflows].sort();
        const runbook = workflows
          .map((id) => policyWorkflows.get(id)?.runbooks?.[r.type])
          .find((u) => u !== undefined);
        return {
          type: r.type,
          label: ctx.typeLabel(r.type),
          workflows,
          count: r.count,
          openCount: r.openCount,
          hours: round(r.ms / HOUR, 4),
          meanHours: r.count > 0 ? round(r.ms / r.count / HOUR, 4) : null,
          share: round(r.share),
          cumulativeShare: round(r.cumulativeShare),
          vital: r.vital,
          runbookUrl: runbook ?? null,
        };
      }),
    });
  });

  // ------------------------------------------------------------------ auto-resolve quality
  app.get('/v1/metrics/automation', async (req, reply) => {
    const q = ctx.reader(req);
    const sel = readSelection(q);
    const asOf = ctx.now();
    const w = readWindow(q, asOf, { bucketParam: true });
    const selected = ctx.selectedWorkflows(sel);
    const data = await store.automation(ctx.filtersOf(sel), w.buckets, w.from, w.to);
    const o = data.outcomes;
    const size = w.buckets.starts.length;

    // Gated types of the selection appear even without decisions: an empty row is information.
    const calibration = new Map<
      string,
      {
        type: string;
        workflow: string;
        threshold: number | null;
        decided: number[];
        approved: number[];
      }
    >();
    const policyType = (workflow: string, code: string) =>
      ctx
        .policy()
        .policy.workflows.find((x) => x.id === workflow)
        ?.exception_types.find((t) => t.code === code);
    const calibrationRow = (workflow: string, code: string) => {
      const key = `${workflow}\u0000${code}`;
      let row = calibration.get(key);
      if (!row) {
        const auto = policyType(workflow, code)?.auto_resolve;
        row = {
          type: code,
          workflow,
          threshold: auto?.enabled ? (auto.model_confidence_threshold ?? null) : null,
          decided: new Array<number>(10).fill(0),
          approved: new Array<number>(10).fill(0),
        };
        calibration.set(key, row);
      }
      return row;
    };
    for (const wf of selected)
      for (const t of wf.exception_types)
        if (t.auto_resolve.enabled && t.auto_resolve.human_approver_roles?.length)
          calibrationRow(wf.id, t.code);
    for (const r of data.calibration) {
      const row = calibrationRow(r.workflow, r.type);
      row.decided[r.band] = r.decided;
      row.approved[r.band] = r.approved;
    }

    // An approval names the roles that may decide it; one role is the usual case, several are
    // reported together ("A or B") because the decider's role at the time is not stored.
    const roleKey = (roles: readonly string[]): string => roles.join(' or ');
    const approvers = new Map<string, ReturnType<typeof approverEntry>>();
    const approverEntry = (role: string) => ({
      role,
      decisions: 0,
      approved: 0,
      medianMinutesToDecide: null as number | null,
      approvedUnseenShare: null as number | null,
      lateShare: null as number | null,
    });
    for (const wf of selected)
      for (const t of wf.exception_types) {
        const roles = t.auto_resolve.enabled ? (t.auto_resolve.human_approver_roles ?? []) : [];
        if (roles.length) approvers.set(roleKey(roles), approverEntry(roleKey(roles)));
      }
    for (const r of data.approvers) {
      const role = roleKey(r.roles);
      approvers.set(role, {
        role,
        decisions: r.decisions,
        approved: r.approved,
        medianMinutesToDecide:
          r.medianMinutes === null ? null : round(Math.max(0, r.medianMinutes), 2),
        approvedUnseenShare: ratio(r.approvedUnseen, r.approved),
        lateShare: ratio(r.late, r.decisions),
      });
    }

    const overall = {
      proposed: sum(o.proposed),
      autoApplied: sum(o.autoApplied),
      approved: sum(o.approved),
      rejected: sum(o.rejected),
      pending: sum(o.pending),
      reverted: sum(o.reverted),
      successRate: successRate(o, null, ratio),
    };
    return ctx.sendCached(req, reply, {
      apiVersion: ctx.apiVersion,
      meta: ctx.meta(ctx.windowFilters(sel, w, true), w.tz, asOf),
      outcomes: {
        bucket: w.bucket,
        buckets: w.buckets.starts.map((s) => formatLocal(s, w.tz)),
        bucketEnd: formatLocal(w.buckets.end, w.tz),
        proposed: o.proposed,
        autoApplied: o.autoApplied,
        approved: o.approved,
        rejected: o.rejected,
        pending: o.pending,
        reverted: o.reverted,
        successRate: Array.from({ length: size }, (_, i) => successRate(o, i, ratio)),
        overall,
      },
      calibration: [...calibration.values()]
        .sort((a, b) => a.workflow.localeCompare(b.workflow) || a.type.localeCompare(b.type))
        .map((r) => ({
          type: r.type,
          workflow: r.workflow,
          threshold: r.threshold,
          decided: sum(r.decided),
          bands: r.decided.map((n, i) => ({
            from: i / 10,
            to: (i + 1) / 10,
            decided: n,
            approved: r.approved[i]!,
            approvalRate: ratio(r.approved[i]!, n),
          })),
        })),
      approvers: [...approvers.values()].sort((a, b) => a.role.localeCompare(b.role)),
    });
  });
}
