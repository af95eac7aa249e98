/**
 * Seeded demo data for the seed's two workflows: item volumes near their throughput SLOs with a
 * working-day rhythm, exception rates around their warn thresholds with one spike, owners with a
 * few gaps, resolution times near the MTTR SLOs, and auto-resolve proposals across the
 * confidence range. Generation is deterministic per (seed, workflow, slice start), so re-running
 * over the same slices yields the same event ids, which the store counts as duplicates.
 */
import type { Severity } from '../policy/policy.js';
import type { Store, StoredEvent } from '../store/types.js';

/** Who decides demo approvals: the dev user a visitor signs in as, and a colleague. */
export const DEMO_DECIDERS = ['supervisor', 'backup-approver'] as const;

export const DEMO_SOURCE = 'cmdctr.demo';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface TypeMix {
  code: string;
  share: number;
  severity: Severity;
  owners: string[];
  proposes: boolean;
}

interface DemoWorkflow {
  id: string;
  prefix: string;
  perDay: number;
  regions: { code: string; share: number; peakUtc: number }[];
  baseRate: number;
  firstStage: string;
  exceptionStage: string;
  lastStage: string;
  minutesToComplete: [number, number];
  mttrHours: number;
  ownerGap: number;
  types: TypeMix[];
  ticket: (n: number) => string;
  erpDocument: ((n: number) => string) | null;
}

export const DEMO_WORKFLOWS: DemoWorkflow[] = [
  {
    id: 'p2p_invoice_matching',
    prefix: 'p2p',
    perDay: 1200,
    regions: [
      { code: 'NA', share: 0.6, peakUtc: 17 },
      { code: 'EMEA', share: 0.4, peakUtc: 11 },
    ],
    baseRate: 0.056,
    firstStage: 'capture',
    exceptionStage: 'match',
    lastStage: 'post',
    minutesToComplete: [20, 180],
    mttrHours: 7,
    ownerGap: 0.06,
    types: [
      {
        code: 'MISSING_PO',
        share: 0.55,
        severity: 'high',
        owners: ['AP Exceptions – R. Singh', 'AP Exceptions – T. Novak'],
        proposes: true,
      },
      {
        code: 'DATA_MISMATCH',
        share: 0.45,
        severity: 'medium',
        owners: ['Vendor Master Data – K. Osei'],
        proposes: false,
      },
    ],
    ticket: (n) =>
      `https://servicenow.example.com/nav_to.do?uri=incident.do%3Fsysparm_query%3Dnumber%3DINC${String(n).padStart(7, '0')}`,
    erpDocument: (n) => `https://sap.example.com/fi/invoice/51${String(n).padStart(8, '0')}`,
  },
  {
    id: 'order_fulfillment_hold',
    prefix: 'ofh',
    perDay: 800,
    regions: [{ code: 'NA', share: 1, peakUtc: 18 }],
    baseRate: 0.046,
    firstStage: 'hold_check',
    exceptionStage: 'address_validation',
    lastStage: 'release',
    minutesToComplete: [10, 120],
    mttrHours: 5,
    ownerGap: 0.09,
    types: [
      {
        code: 'ADDRESS_VALIDATION_FAIL',
        share: 0.75,
        severity: 'medium',
        owners: ['Fulfillment Ops – M. Reyes', 'Fulfillment Ops – D. Kim'],
        proposes: true,
      },
      // A type the policy does not list yet: the heatmap shows it, ownership shows no policy owner.
      {
        code: 'CREDIT_HOLD',
        share: 0.25,
        severity: 'high',
        owners: ['Credit Control – P. Haas'],
        proposes: false,
      },
    ],
    ticket: (n) => `https://jira.example.com/browse/HOLD-${n}`,
    erpDocument: null,
  },
];

/** mulberry32: tiny, fast, good enough for demo data, and reproducible from a 32-bit seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function poisson(random: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) {
    const u = 1 - random();
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(lambda + z * Math.sqrt(lambda)));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}

/** Log-normal with the given mean: most resolutions are quick, a few take very long. */
function logNormal(random: () => number, mean: number, sigma = 0.7): number {
  const u = 1 - random();
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * z);
}

/** Relative load by UTC hour: a working-day bump around the region's peak, quieter weekends. */
function load(ms: number, peakUtc: number): number {
  const hour = new Date(ms).getUTCHours() + new Date(ms).getUTCMinutes() / 60;
  const distance = Math.min(Math.abs(hour - peakUtc), 24 - Math.abs(hour - peakUtc));
  const diurnal = 0.35 + 1.65 * Math.exp(-(distance * distance) / 18);
  const weekday = new Date(ms).getUTCDay();
  // 0.867 is the mean of `diurnal` over a day, so the average day carries `perDay` items.
  return (diurnal / 0.867) * (weekday === 0 || weekday === 6 ? 0.55 : 1.18);
}

export interface DemoOptions {
  seed: number;
  /** The incident spike: start and length. */
  spikeStart: number;
  spikeHours: number;
}

export function defaultDemoOptions(now: number, seed = 42): DemoOptions {
  // Five days ago, so it shows in the default 7-day window; mid-morning NA time.
  return { seed, spikeStart: Math.floor((now - 5 * DAY) / DAY) * DAY + 15 * HOUR, spikeHours: 8 };
}

export interface Generated {
  /** Events at or before `now`. */
  events: StoredEvent[];
  /** Events of items started in the slice that happen after `now` (released by the trickle). */
  future: StoredEvent[];
}

/** Events of items that start in [from, to), split at `now`. */
export function generateSlice(
  from: number,
  to: number,
  now: number,
  options: DemoOptions,
): Generated {
  const events: StoredEvent[] = [];
  const future: StoredEvent[] = [];
  for (const wf of DEMO_WORKFLOWS) {
    for (const region of wf.regions) {
      const random = rng(hash(options.seed, wf.id, region.code, from, to));
      const lambda = (wf.perDay * region.share * load(from, region.peakUtc) * (to - from)) / DAY;
      const count = poisson(random, lambda);
      for (let i = 0; i < count; i++) {
        const started = Math.floor(from + random() * (to - from));
        const serial = hash(wf.id, region.code, started, i) % 10_000_000;
        const correlationId = `${wf.prefix}-${region.code.toLowerCase()}-${serial.toString(16).padStart(6, '0')}-${i}`;
        const idBase = `${wf.id}:${region.code}:${from}:${i}`;
        const base = {
          source: DEMO_SOURCE,
          workflow: wf.id,
          region: region.code,
          correlationId,
          exceptionType: null,
          severity: null,
          owner: null,
          confidence: null,
          actor: null,
          data: null,
        };
        const put = (e: StoredEvent): void => {
          (e.timeMs <= now ? events : future).push(e);
        };
        put({
          ...base,
          eventId: `${idBase}:started`,
          type: 'item.started',
          timeMs: started,
          stage: wf.firstStage,
        });

        const inSpike =
          wf.id === 'p2p_invoice_matching' &&
          started >= options.spikeStart &&
          started < options.spikeStart + options.spikeHours * HOUR;
        const dailyWobble =
          0.85 + 0.3 * rng(hash(options.seed, wf.id, Math.floor(started / DAY)))();
        const rate = inSpike ? 0.17 : wf.baseRate * dailyWobble;
        let completeAfter =
          (wf.minutesToComplete[0] +
            random() * (wf.minutesToComplete[1] - wf.minutesToComplete[0])) *
          60_000;
        if (random() < rate) {
          let pick = random();
          const type =
            wf.types.find((t) => (pick -= t.share) < 0) ?? wf.types[wf.types.length - 1]!;
          const raised = started + Math.floor(random() * completeAfter * 0.5);
          const data = JSON.stringify({
            ticketUrl: wf.ticket(serial),
            ...(wf.erpDocument ? { erpDocumentUrl: wf.erpDocument(serial) } : {}),
          });
          const exc = {
            ...base,
            exceptionType: type.code,
            severity: type.severity,
            stage: wf.exceptionStage,
            data,
          };
          put({ ...exc, eventId: `${idBase}:raised`, type: 'exception.raised', timeMs: raised });
          if (type.proposes && random() < 0.6) {
            // Confidence spread over the whole range, bunched near the gate.
            const confidence =
              Math.round(Math.min(0.995, 0.55 + 0.45 * Math.pow(random(), 0.6)) * 1000) / 1000;
            put({
              ...exc,
              eventId: `${idBase}:proposed`,
              type: 'autoresolve.proposed',
              timeMs: raised + 60_000,
              confidence,
              actor: 'autoresolve-model v3.2',
              data: JSON.stringify({
                summary: `Auto-resolve ${type.code}`,
                detail: `Proposed fix for ${correlationId}`,
              }),
            });
            // A few applied fixes are undone later. Own generator, so adding reverts left every
            // other figure of the demo as it was.
            const undo = rng(hash(options.seed, idBase, 'revert'));
            if (undo() < 0.07)
              put({
                ...base,
                eventId: `${idBase}:reverted`,
                type: 'autoresolve.reverted',
                stage: wf.exceptionStage,
                timeMs: raised + Math.floor((2 + undo() * 10) * HOUR),
                actor: type.owners[0]!,
              });
          }
          if (random() >= wf.ownerGap) {
            const owner = type.owners[Math.floor(random() * type.owners.length)]!;
            put({
              ...exc,
              eventId: `${idBase}:assigned`,
              type: 'exception.assigned',
              timeMs: raised + Math.floor((2 + random() * 25) * 60_000),
              owner,
            });
          }
          const ttr = Math.floor(
            logNormal(random, inSpike ? wf.mttrHours * 1.6 : wf.mttrHours) * HOUR,
          );
          put({
            ...exc,
            eventId: `${idBase}:resolved`,
            type: 'exception.resolved',
            timeMs: raised + ttr,
          });
          completeAfter = Math.max(completeAfter, ttr + (raised - started) + 5 * 60_000);
        }
        put({
          ...base,
          eventId: `${idBase}:completed`,
          type: 'item.completed',
          timeMs: started + Math.floor(completeAfter),
          stage: wf.lastStage,
        });
      }
    }
  }
  return { events, future };
}

/** Writes history for [from, now) in hourly slices; returns the events not yet due. */
export async function writeDemoHistory(
  store: Store,
  from: number,
  now: number,
  options: DemoOptions,
  progress?: (done: number, total: number) => void,
): Promise<{ accepted: number; duplicates: number; future: StoredEvent[] }> {
  const start = Math.floor(from / HOUR) * HOUR;
  let accepted = 0;
  let duplicates = 0;
  const future: StoredEvent[] = [];
  let buffer: StoredEvent[] = [];
  const total = Math.ceil((now - start) / HOUR);
  let done = 0;
  for (let t = start; t < now; t += HOUR) {
    const g = generateSlice(t, Math.min(t + HOUR, now), now, options);
    buffer.push(...g.events);
    future.push(...g.future);
    done += 1;
    if (buffer.length >= 10_000 || t + HOUR >= now) {
      const r = await store.ingest(buffer);
      accepted += r.accepted;
      duplicates += r.duplicates;
      buffer = [];
      progress?.(done, total);
    }
  }
  return { accepted, duplicates, future };
}

/**
 * Keeps a live trickle going: every `intervalMs`, new items for the elapsed time plus any
 * pending future events that have come due.
 */
export function startTrickle(
  store: Store,
  options: DemoOptions & {
    intervalMs: number;
    since: number;
    pending: StoredEvent[];
    onError?: (e: unknown) => void;
  },
): () => void {
  let last = options.since;
  let pending = options.pending;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const now = Date.now();
    const g = generateSlice(last, now, now, options);
    last = now;
    pending = pending.concat(g.future);
    const due = g.events.concat(pending.filter((e) => e.timeMs <= now));
    pending = pending.filter((e) => e.timeMs > now);
    store
      .ingest(due)
      .catch((e: unknown) => options.onError?.(e))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Decides the demo's approvals requested before `until` the way people do: most are approved,
 * some rejected; most deciders open the evidence first (a recorded detail view), some approve
 * unseen; most decide within the SLA, some late. Each decision goes through `Store.decide`, so
 * it is in the ledger like any other. Deterministic per approval id; approvals after `until`
 * stay pending for the live demo, and so does about a quarter of those from the last two days
 * before it, as in a real queue: the inbox opens with work in it, some of it overdue.
 */
export async function decideDemoApprovals(
  store: Store,
  until: number,
  stamp: { policyVersion: string; policyHash: string },
  seed = 42,
): Promise<{ decided: number; unseen: number; late: number; waiting: number }> {
  const pending = await store.listApprovals({
    workflows: [],
    statuses: ['pending', 'overdue'],
    from: until - 400 * DAY,
    to: until,
    now: until,
    after: null,
    limit: 100_000,
  });
  let decided = 0;
  let unseen = 0;
  let late = 0;
  let waiting = 0;
  for (const a of pending) {
    const random = rng(hash(seed, a.id, 'decision'));
    if (a.requestedMs >= until - 2 * DAY && random() < 0.25) {
      waiting += 1;
      continue;
    }
    const by = random() < 0.7 ? DEMO_DECIDERS[0] : DEMO_DECIDERS[1];
    const slaMinutes = (a.dueMs - a.requestedMs) / 60_000;
    const minutes = Math.max(1, logNormal(random, slaMinutes * 0.6, 0.8));
    const at = Math.min(until, a.requestedMs + Math.floor(minutes * 60_000));
    const seen = random() < 0.78;
    if (seen) await store.recordApprovalView(a.id, by, Math.max(a.requestedMs, at - 3 * 60_000));
    const approve = random() < (a.confidence >= 0.95 ? 0.9 : 0.72);
    const result = await store.decide({
      approvalId: a.id,
      caller: by,
      idempotencyKey: `demo-${a.id}`,
      fingerprint: `demo-${a.id}`,
      outcome: approve ? 'approved' : 'rejected',
      reason: approve ? null : 'Evidence does not support the proposed fix',
      now: at,
      policyVersion: stamp.policyVersion,
      policyHash: stamp.policyHash,
      matches: () => true,
      // Stored for idempotent replays; nobody replays a demo key, so the approval id suffices.
      render: (x) => JSON.stringify({ etag: '"demo"', body: { approvalId: x.id } }),
    });
    if (result.kind !== 'decided') continue;
    decided += 1;
    if (!seen && approve) unseen += 1;
    if (at >= a.dueMs) late += 1;
  }
  return { decided, unseen, late, waiting };
}
