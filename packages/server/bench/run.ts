/**
 * `npm run bench:server`: the reference server's figures over real HTTP on loopback.
 *
 *   (a) ingest: events/s posting JSON batches of 1,000 to a fresh DuckDB file; a 2xx is sent only
 *       after the commit, and the file is opened afterwards to check that every acknowledged
 *       event is there.
 *   (b) metrics latency per endpoint at the demo's size (`cmdctr demo` data): cold, the first
 *       request right after an ingest commit (which invalidates the store's result cache), and
 *       warm, p50/p95/p99 under a fixed number of concurrent keep-alive clients for a fixed time.
 *       The cold rounds post a few `bench-cold` events into the data directory they measure.
 *
 * The server runs as its own process (`bin/cmdctr.mjs serve`), so the load generator's event
 * loop never shares a thread with the code it measures (the machine's cores are still shared,
 * which makes these figures conservative). Exit code 1 when a target is missed or any request
 * fails; 2 on a usage error.
 *
 * Options: --duration S (per endpoint, default 10), --clients N (default 8), --batches N (ingest
 * batches, default 150), --ingest-clients N (default 4), --demo-dir DIR (reuse demo data written
 * before), --large (also ingest 10 million events and measure the metrics on them; minutes),
 * --large-events N (size of the large case), --events N (both at once: `--events 10000000`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', 'bin', 'cmdctr.mjs');
const DEMO_POLICY = join(HERE, '..', 'policy', 'demo-policy.yaml');

const TARGET_INGEST_PER_S = 50_000;
const TARGET_P95_MS = 50;
const BATCH = 1000;
const COLD_ROUNDS = 5;

let coldSeq = 0;
/** One event that changes the data (so the next read is cold) without changing any figure much. */
function coldEvent(): string {
  coldSeq += 1;
  return JSON.stringify([
    {
      source: 'bench-cold',
      eventId: `c${Date.now()}-${coldSeq}`,
      type: 'item.started',
      time: new Date().toISOString(),
      workflow: 'p2p_invoice_matching',
      region: 'NA',
      correlationId: `cold-${coldSeq}`,
    },
  ]);
}

interface Options {
  duration: number;
  clients: number;
  batches: number;
  ingestClients: number;
  demoDir: string | undefined;
  large: boolean;
  largeEvents: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      clients: { type: 'string' },
      batches: { type: 'string' },
      'ingest-clients': { type: 'string' },
      'demo-dir': { type: 'string' },
      large: { type: 'boolean' },
      'large-events': { type: 'string' },
      events: { type: 'string' },
    },
    strict: true,
  });
  const int = (name: string, v: string | undefined, fallback: number, max: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      process.stderr.write(`bench: --${name} must be an integer from 1 to ${max}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    duration: int('duration', values.duration, 10, 600),
    clients: int('clients', values.clients, 8, 256),
    batches: int('batches', values.batches, 150, 100_000),
    ingestClients: int('ingest-clients', values['ingest-clients'], 4, 64),
    demoDir: values['demo-dir'],
    // `--events N` is the short form of `--large --large-events N`.
    large: values.large === true || values.events !== undefined,
    largeEvents: int(
      values.events !== undefined ? 'events' : 'large-events',
      values.events ?? values['large-events'],
      10_000_000,
      100_000_000,
    ),
  };
}

// ------------------------------------------------------------------ server process

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  srv.close();
  await once(srv, 'close');
  return port;
}

interface Server {
  url: string;
  stop: () => Promise<void>;
}

async function startServer(dataDir: string, policy?: string): Promise<Server> {
  const port = await freePort();
  const args = [CLI, 'serve', '--port', String(port), '--data', dataDir, '--log-level', 'warn'];
  if (policy) args.push('--policy', policy);
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${stderr}`);
    const ok = await request(url, 'GET', '/readyz').then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after 60 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      // SIGTERM is the graceful path: it finishes acknowledged work and closes the file.
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

// ------------------------------------------------------------------ HTTP client

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function request(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// ------------------------------------------------------------------ (a) ingest

/**
 * One batch of small events over the last 30 days across both seed workflows: item starts and
 * completions, and per 40 events one exception raised and resolved (a 5 % exception rate), so
 * the large case's metric queries have exceptions to aggregate.
 */
function batchBody(batch: number, start: number): string {
  const events = [];
  for (let i = 0; i < BATCH; i++) {
    const n = batch * BATCH + i;
    const slot = n % 40;
    const item = Math.floor(n / 2);
    const p2p = item % 3 !== 0;
    const at = start + (n % 2_592_000) * 1000;
    const common = {
      source: 'bench',
      eventId: `b${n}`,
      workflow: p2p ? 'p2p_invoice_matching' : 'order_fulfillment_hold',
      region: p2p && item % 2 === 0 ? 'EMEA' : 'NA',
    };
    if (slot >= 38) {
      const x = Math.floor(n / 40);
      events.push({
        ...common,
        type: slot === 38 ? 'exception.raised' : 'exception.resolved',
        time: new Date(at + (slot === 38 ? 0 : 3_600_000 + (x % 7) * 600_000)).toISOString(),
        correlationId: `x${x}`,
        exceptionType: p2p ? (x % 2 ? 'MISSING_PO' : 'DATA_MISMATCH') : 'ADDRESS_VALIDATION_FAIL',
      });
      continue;
    }
    events.push({
      ...common,
      type: n % 2 === 0 ? 'item.started' : 'item.completed',
      time: new Date(at).toISOString(),
      correlationId: `i${item}`,
      stage: n % 2 === 0 ? 'capture' : 'post',
    });
  }
  return JSON.stringify(events);
}

interface IngestResult {
  events: number;
  seconds: number;
  perSecond: number;
  failures: number;
  stored: number;
}

async function ingest(
  base: string,
  batches: number,
  clients: number,
  first = 0,
  progress = false,
): Promise<Omit<IngestResult, 'stored'>> {
  // The last 30 days, so the default metric windows (ending now) see these events.
  const start = Date.now() - 30 * 86_400_000;
  // Bodies are built before the clock starts (in chunks for the large case) so JSON building in
  // the load generator is not timed as server work.
  const CHUNK = 200;
  let failures = 0;
  let elapsed = 0;
  let acknowledged = 0;
  for (let c0 = 0; c0 < batches; c0 += CHUNK) {
    const bodies = Array.from({ length: Math.min(CHUNK, batches - c0) }, (_, i) =>
      batchBody(first + c0 + i, start),
    );
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const res = await request(base, 'POST', '/v1/events', body);
          if (res.status >= 200 && res.status < 300) {
            const r = JSON.parse(res.body) as { accepted: number; duplicates: number };
            acknowledged += r.accepted + r.duplicates;
          } else failures += 1;
        }
      }),
    );
    elapsed += performance.now() - t0;
    if (progress) process.stderr.write(`\ringest ${Math.min(c0 + CHUNK, batches) * BATCH} events`);
  }
  if (progress) process.stderr.write('\n');
  const seconds = elapsed / 1000;
  return { events: acknowledged, seconds, perSecond: acknowledged / seconds, failures };
}

async function countStored(dataDir: string): Promise<number> {
  const instance = await DuckDBInstance.create(join(dataDir, 'cmdctr.duckdb'));
  const conn = await instance.connect();
  const rows = (
    await conn.runAndReadAll("SELECT count(*) AS n FROM events WHERE source = 'bench'")
  ).getRowObjectsJS();
  conn.closeSync();
  instance.closeSync();
  return Number(rows[0]!.n);
}

// ------------------------------------------------------------------ (b) latency

interface Latency {
  endpoint: string;
  /** First request after a write, before any warm-up. */
  coldP50: number;
  coldMax: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors5xx: number;
  otherErrors: number;
}

const ENDPOINTS = [
  '/v1/metrics/exceptions?range=P7D&tz=Europe/Berlin',
  '/v1/metrics/exceptions?range=P30D&bucket=day&rows=workflow&tz=Europe/Berlin',
  '/v1/metrics/throughput?range=P7D&groupBy=stage&compare=previous',
  '/v1/metrics/ownership?range=P30D',
  '/v1/metrics/mttr?range=P30D&bucket=day',
  '/v1/exceptions?range=P7D&limit=50',
  '/v1/workflows',
];

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function latency(
  base: string,
  endpoint: string,
  clients: number,
  seconds: number,
): Promise<Latency> {
  // Cold: the first request after a committed write (one event, which bumps the store's data
  // version and so invalidates cached results), one client, several rounds.
  const cold: number[] = [];
  for (let i = 0; i < COLD_ROUNDS; i++) {
    const posted = await request(base, 'POST', '/v1/events', coldEvent());
    if (posted.status !== 202) throw new Error(`cold-round ingest answered ${posted.status}`);
    const s = performance.now();
    const res = await request(base, 'GET', endpoint);
    cold.push(performance.now() - s);
    if (res.status !== 200) throw new Error(`${endpoint} answered ${res.status} when cold`);
  }
  cold.sort((a, b) => a - b);
  // One untimed request per client warms connections and DuckDB's caches.
  await Promise.all(Array.from({ length: clients }, () => request(base, 'GET', endpoint)));
  const times: number[] = [];
  let errors5xx = 0;
  let otherErrors = 0;
  const stopAt = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < stopAt) {
        const s = performance.now();
        try {
          const res = await request(base, 'GET', endpoint);
          times.push(performance.now() - s);
          if (res.status >= 500) errors5xx += 1;
          else if (res.status !== 200) otherErrors += 1;
        } catch {
          otherErrors += 1;
        }
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return {
    endpoint,
    coldP50: percentile(cold, 50),
    coldMax: cold.at(-1) ?? NaN,
    requests: times.length,
    perSecond: times.length / wall,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times.at(-1) ?? NaN,
    errors5xx,
    otherErrors,
  };
}

async function latencyTable(base: string, o: Options, title: string): Promise<boolean> {
  const rows: Latency[] = [];
  for (const e of ENDPOINTS) {
    process.stderr.write(`${title}: ${e} …\n`);
    rows.push(await latency(base, e, o.clients, o.duration));
  }
  const f = (x: number): string => x.toFixed(1);
  const table = rows.map((r) => ({
    endpoint: r.endpoint,
    'cold p50': f(r.coldP50),
    'cold max': f(r.coldMax),
    requests: r.requests,
    'req/s': Math.round(r.perSecond),
    'p50 ms': f(r.p50),
    'p95 ms': f(r.p95),
    'p99 ms': f(r.p99),
    'max ms': f(r.max),
    '5xx': r.errors5xx,
    'other errors': r.otherErrors,
    ok: r.p95 <= TARGET_P95_MS && r.errors5xx === 0 && r.otherErrors === 0 ? 'yes' : 'NO',
  }));
  process.stdout.write(
    `\n${title} (cold: ${COLD_ROUNDS} single requests each right after an ingest; warm: ${o.clients} clients, ${o.duration} s each)\n`,
  );
  console.table(table);
  return table.every((r) => r.ok === 'yes');
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const o = options();
  const tmp = await mkdtemp(join(tmpdir(), 'cmdctr-bench-'));
  let pass = true;
  try {
    // (a) ingest into a fresh file.
    const ingestDir = join(tmp, 'ingest');
    let server = await startServer(ingestDir);
    let a: Omit<IngestResult, 'stored'>;
    try {
      a = await ingest(server.url, o.batches, o.ingestClients);
    } finally {
      await server.stop();
    }
    const stored = await countStored(ingestDir);
    const ingestOk = a.perSecond >= TARGET_INGEST_PER_S && a.failures === 0 && stored === a.events;
    pass &&= ingestOk;
    process.stdout.write(
      `\nIngest (batches of ${BATCH}, ${o.ingestClients} concurrent clients, fresh DuckDB file)\n`,
    );
    console.table([
      {
        events: a.events,
        seconds: a.seconds.toFixed(2),
        'events/s': Math.round(a.perSecond),
        target: TARGET_INGEST_PER_S,
        'failed batches': a.failures,
        'stored after restart': stored,
        ok: ingestOk ? 'yes' : 'NO',
      },
    ]);

    // (b) metrics at the demo's size.
    let demoDir = o.demoDir;
    if (!demoDir || !existsSync(join(demoDir, 'cmdctr.duckdb'))) {
      demoDir = demoDir ?? join(tmp, 'demo');
      process.stderr.write(`writing demo data into ${demoDir} (about a minute) …\n`);
      const child = spawn(process.execPath, [CLI, 'demo', '--data', demoDir], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`cmdctr demo exited with ${code}`);
    }
    server = await startServer(demoDir, DEMO_POLICY);
    try {
      pass = (await latencyTable(server.url, o, 'Metrics at the demo size')) && pass;
    } finally {
      await server.stop();
    }

    // The 10-million-event case: ingest then the same latency table. Minutes, so opt-in.
    if (o.large) {
      const largeDir = join(tmp, 'large');
      server = await startServer(largeDir);
      try {
        const batches = Math.ceil(o.largeEvents / BATCH);
        const r = await ingest(server.url, batches, o.ingestClients, 0, true);
        process.stdout.write(`\nLarge case ingest\n`);
        console.table([
          {
            events: r.events,
            seconds: r.seconds.toFixed(1),
            'events/s': Math.round(r.perSecond),
            'failed batches': r.failures,
          },
        ]);
        pass &&= r.failures === 0;
        pass = (await latencyTable(server.url, o, `Metrics at ${r.events} events`)) && pass;
      } finally {
        await server.stop();
      }
    }
  } finally {
    agent.destroy();
    await rm(tmp, { recursive: true, force: true });
  }
  process.stdout.write(pass ? '\nall targets met\n' : '\nTARGET MISSED\n');
  return pass ? 0 : 1;
}

process.exitCode = await main();
