/**
 * Server-sent events. Event ids are `<boot ms>-<sequence>`: increasing within a process and
 * across restarts. The last RING_SIZE events stay in memory so a client reconnecting with
 * `Last-Event-ID` receives exactly what it missed; when the gap is older than the ring (or from
 * an earlier process) it receives one `metrics-changed` naming every metric instead.
 */
import type { ServerResponse } from 'node:http';

export const METRIC_TOPICS = [
  'throughput',
  'exceptions',
  'ownership',
  'mttr',
  'kpis',
  'pareto',
  'automation',
  'exceptions-list',
  'approvals',
  'ledger',
  // The catalogue itself: a policy reload, or a disable_auto_actions_when guard tripping.
  'workflows',
] as const;
export type MetricTopic = (typeof METRIC_TOPICS)[number];

interface StreamEvent {
  seq: number;
  id: string;
  event: string;
  data: unknown;
  workflow: string | null;
}

interface Client {
  res: ServerResponse;
  workflows: ReadonlySet<string>;
}

export const RING_SIZE = 1000;

export class StreamHub {
  private readonly boot = Date.now();
  private seq = 0;
  private readonly ring: StreamEvent[] = [];
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  get connections(): number {
    return this.clients.size;
  }

  get lastId(): string {
    return `${this.boot}-${this.seq}`;
  }

  publish(event: string, data: unknown, workflow: string | null): void {
    this.seq += 1;
    const e: StreamEvent = { seq: this.seq, id: `${this.boot}-${this.seq}`, event, data, workflow };
    this.ring.push(e);
    if (this.ring.length > RING_SIZE) this.ring.shift();
    for (const c of this.clients) if (this.visible(c, e)) this.write(c, e);
  }

  /** Attaches an already-hijacked response and replays what a reconnecting client missed. */
  attach(res: ServerResponse, workflows: readonly string[], lastEventId: string | undefined): void {
    const client: Client = { res, workflows: new Set(workflows) };
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    if (lastEventId !== undefined) this.replay(client, lastEventId);
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
  }

  private replay(client: Client, lastEventId: string): void {
    const m = /^(\d+)-(\d+)$/.exec(lastEventId.trim());
    const seq = m && Number(m[1]) === this.boot ? Number(m[2]) : null;
    const oldest = this.ring[0]?.seq ?? this.seq + 1;
    if (seq !== null && seq <= this.seq && seq >= oldest - 1) {
      for (const e of this.ring) if (e.seq > seq && this.visible(client, e)) this.write(client, e);
      return;
    }
    // The gap cannot be replayed: tell the client everything may have changed. The id is the
    // current head, so a later reconnect resumes from here.
    this.write(client, {
      seq: this.seq,
      id: this.lastId,
      event: 'metrics-changed',
      data: { metrics: [...METRIC_TOPICS], workflow: null },
      workflow: null,
    });
  }

  private visible(c: Client, e: StreamEvent): boolean {
    return c.workflows.size === 0 || e.workflow === null || c.workflows.has(e.workflow);
  }

  private write(c: Client, e: StreamEvent): void {
    c.res.write(`id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
  }

  private beat(): void {
    // Heartbeats carry no id: they must not move a client's Last-Event-ID past real events.
    const line = `event: heartbeat\ndata: ${JSON.stringify({ at: new Date().toISOString() })}\n\n`;
    for (const c of this.clients) c.res.write(line);
  }

  /** Ends every stream (on shutdown) so the HTTP server can close. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }
}

/** Which metric endpoints a set of newly committed events changes. */
export function topicsFor(types: Iterable<string>): MetricTopic[] {
  const topics = new Set<MetricTopic>();
  for (const t of types) {
    // Every event type feeds a KPI tile: completions (throughput, the exception-rate
    // denominator), raises and assignments (rate, ownership), resolutions (MTTR), proposals and
    // reverts (auto-resolve success).
    if (t === 'item.started') topics.add('throughput').add('exceptions');
    else if (t === 'item.completed') topics.add('throughput').add('kpis');
    else if (t === 'exception.raised')
      topics.add('exceptions').add('ownership').add('exceptions-list').add('kpis').add('pareto');
    else if (t === 'exception.assigned') topics.add('ownership').add('exceptions-list').add('kpis');
    else if (t === 'exception.resolved')
      topics.add('mttr').add('ownership').add('exceptions-list').add('kpis').add('pareto');
    else if (t === 'autoresolve.proposed') topics.add('approvals').add('kpis').add('automation');
    else if (t === 'autoresolve.reverted') topics.add('kpis').add('automation');
    else if (t === 'approval.decided') topics.add('approvals');
  }
  return METRIC_TOPICS.filter((t) => topics.has(t));
}
