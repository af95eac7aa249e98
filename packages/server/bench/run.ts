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
 *       The warm phase is driven by autocannon; every response time is recorded (autocannon's
 *       own histogram has no p95), and any non-2xx or socket error fails the run.
 *   (c) SSE fan-out: N (default 1,000) concurrent `GET /v1/stream` clients on the demo server;
 *       a batch is ingested and the time until each client read the `metrics-changed` event is
 *       measured from the moment the POST was sent (p50/p95/max), with the server's RSS.
 *   (d) stream memory: the server runs inside this process (so `gc()` can be forced through
 *       v8 flags without adding a route), and heapUsed/RSS after a full GC are compared before
 *       and after 1,000 connect/disconnect cycles of `/v1/stream`; > 10 % heap growth fails.
 *
 * The server runs as its own process (`bin/cmdctr.mjs serve`), so the load generator's event
 * loop never shares a thread with the code it measures (the machine's cores are still shared,
 * which makes these figures conservative). Exit code 1 when a target is missed or any request
 * fails; 2 on a usage error.
 *
 * Options: --duration S (per endpoint, default 10), --clients N (default 8), --sse-clients N
 * (default 1000), --cycles N (stream connect/disconnect cycles, default 1000), --batches N (ingest
 * batches, default 150), --ingest-clients N (default 4), --demo-dir DIR (reuse demo data written
 * before), --large (also ingest 10 million events and measure the metrics on them; minutes),
 * --large-events N (size of the large case), --events N (both at once: `--events 10000000`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildApp } from '../src/http/app.js';
import { loadOrCreateKeys } from '../src/ledger/ledger.js';
import { loadPolicy } from '../src/policy/policy.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';

/** The slice of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonResult {
  requests: { total: number; average: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  '5xx': number;
}
interface AutocannonInstance {
  on(
    event: 'response',
    fn: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void;
}
type Autocannon = (
  opts: { url: string; connections: number; duration: number; timeout: number },
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

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
  sseClients: number;
  cycles: number;
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
      'sse-clients': { type: 'string' },
      cycles: { type: 'string' },
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
    sseClients: int('sse-clients', values['sse-clients'], 1000, 10_000),
    cycles: int('cycles', values.cycles, 1000, 100_000),
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
  pid: number;
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
    pid: child.pid!,
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
  /** Other non-2xx answers plus socket errors and timeouts. */
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
  '/v1/metrics/kpis?range=P30D&bucket=day&tz=Europe/Berlin',
  '/v1/metrics/pareto?range=P30D',
  '/v1/metrics/automation?range=P30D&bucket=day',
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
  // Warm: autocannon keeps `clients` keep-alive connections busy for `seconds`.
  const times: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      { url: `${base}${endpoint}`, connections: clients, duration: seconds, timeout: 30 },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_c, _status, _bytes, ms) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  return {
    endpoint,
    coldP50: percentile(cold, 50),
    coldMax: cold.at(-1) ?? NaN,
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times.at(-1) ?? NaN,
    errors5xx: result['5xx'],
    otherErrors: result.non2xx - result['5xx'] + result.errors + result.timeouts,
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
    'other non-2xx/errors': r.otherErrors,
    ok: r.p95 <= TARGET_P95_MS && r.errors5xx === 0 && r.otherErrors === 0 ? 'yes' : 'NO',
  }));
  process.stdout.write(
    `\n${title} (cold: ${COLD_ROUNDS} single requests each right after an ingest; warm: autocannon, ${o.clients} connections, ${o.duration} s each)\n`,
  );
  console.table(table);
  return table.every((r) => r.ok === 'yes');
}

// ------------------------------------------------------------------ (c) SSE fan-out

/** The resident set of a process in bytes (Linux /proc; NaN elsewhere). */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

interface StreamClient {
  /** Called with the arrival time of every `metrics-changed` event. */
  onChanged: ((at: number) => void) | null;
  close: () => void;
}

/** Opens one SSE connection (its own socket) and resolves once the stream's preamble arrived. */
function openStream(base: string, onError: () => void): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const client: StreamClient = { onChanged: null, close: () => req.destroy() };
    let buffer = '';
    let opened = false;
    const req = http.get(`${base}/v1/stream`, { agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`/v1/stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        // Events end with a blank line; only whole events are inspected.
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!opened) {
            opened = true;
            resolve(client);
          }
          if (/^event: metrics-changed$/m.test(block)) client.onChanged?.(at);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (err) => {
      if (opened) onError();
      else reject(err);
    });
  });
}

async function fanOut(base: string, pid: number, clients: number): Promise<boolean> {
  const ROUNDS = 3;
  const rssIdle = rssOf(pid);
  let streamErrors = 0;
  const conns: StreamClient[] = [];
  // Waves of 100 so the listen backlog never overflows; all stay open together.
  const tOpen = performance.now();
  for (let i = 0; i < clients; i += 100) {
    const wave = await Promise.all(
      Array.from({ length: Math.min(100, clients - i) }, () =>
        openStream(base, () => (streamErrors += 1)),
      ),
    );
    conns.push(...wave);
  }
  const openSeconds = (performance.now() - tOpen) / 1000;
  const rssConnected = rssOf(pid);
  const latencies: number[] = [];
  const acks: number[] = [];
  const afterAck: number[] = [];
  let missed = 0;
  // Event ids derive from the batch index: one per run (by the clock) keeps them new when the
  // same --demo-dir is measured again.
  const firstBatch = 100_000_000 + (Math.floor(Date.now() / 1000) % 10_000_000) * 10;
  for (let round = 0; round < ROUNDS; round++) {
    let pending = clients;
    let allDone!: () => void;
    const done = new Promise<void>((r) => (allDone = r));
    const t0 = performance.now();
    for (const c of conns) {
      c.onChanged = (at) => {
        latencies.push(at - t0);
        c.onChanged = null;
        if (--pending === 0) allDone();
      };
    }
    const posted = await request(
      base,
      'POST',
      '/v1/events',
      batchBody(firstBatch + round, Date.now() - 86_400_000),
    );
    acks.push(performance.now() - t0);
    if (posted.status !== 202) throw new Error(`fan-out ingest answered ${posted.status}`);
    // Only new rows publish metrics-changed; a batch of duplicates would measure nothing.
    if ((JSON.parse(posted.body) as { accepted: number }).accepted !== BATCH)
      throw new Error('fan-out batch was not all new events');
    const timeout = new Promise<void>((r) => setTimeout(r, 30_000).unref());
    await Promise.race([done, timeout]);
    missed += pending;
    for (const c of conns) c.onChanged = null;
    // The same deliveries measured from the acknowledgement (publishing happens at the commit,
    // so a client can read the event before the acknowledgement arrives: negative values).
    const ack = acks.at(-1)!;
    for (let i = latencies.length - (clients - pending); i < latencies.length; i++)
      afterAck.push(latencies[i]! - ack);
  }
  const rssAfter = rssOf(pid);
  for (const c of conns) c.close();
  await new Promise((r) => setTimeout(r, 1000));
  const rssClosed = rssOf(pid);
  latencies.sort((a, b) => a - b);
  afterAck.sort((a, b) => a - b);
  const ok = missed === 0 && streamErrors === 0;
  process.stdout.write(
    `\nSSE fan-out (${clients} concurrent /v1/stream clients on the demo server, ${ROUNDS} ingest batches of ${BATCH}; latency from sending the POST to each client reading metrics-changed)\n`,
  );
  const f = (x: number): string => x.toFixed(1);
  console.table([
    {
      clients,
      'connect s': openSeconds.toFixed(2),
      deliveries: latencies.length,
      missed,
      'stream errors': streamErrors,
      'ack p50 ms': f(
        percentile(
          [...acks].sort((a, b) => a - b),
          50,
        ),
      ),
      'p50 ms': f(percentile(latencies, 50)),
      'p95 ms': f(percentile(latencies, 95)),
      'max ms': f(latencies.at(-1) ?? NaN),
      'after ack p95 ms': f(percentile(afterAck, 95)),
      'after ack max ms': f(afterAck.at(-1) ?? NaN),
      ok: ok ? 'yes' : 'NO',
    },
  ]);
  console.table([
    {
      'server RSS idle MB': mb(rssIdle),
      'connected MB': mb(rssConnected),
      'after deliveries MB': mb(rssAfter),
      'after disconnect MB': mb(rssClosed),
    },
  ]);
  return ok;
}

// ------------------------------------------------------------------ (d) stream memory

/**
 * The server in this process: the heap it is judged by must be the one `gc()` collects. The
 * flag is set at run time and `gc` fetched from a fresh context, so no production route and no
 * special node invocation is needed.
 */
async function streamMemory(dir: string, cycles: number): Promise<boolean> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const keys = await loadOrCreateKeys(dir);
  const store = await DuckDbStore.open({ path: join(dir, 'cmdctr.duckdb'), keys });
  const policy = await loadPolicy(DEMO_POLICY);
  await store.syncPolicy(policy.policy);
  const built = await buildApp({ store, policy, logger: false });
  const address = await built.app.listen({ port: 0, host: '127.0.0.1' });
  const base = address.replace('localhost', '127.0.0.1');
  let streamErrors = 0;
  const cycle = async (n: number): Promise<void> => {
    let next = 0;
    // 20 at a time: enough concurrency to interleave attaches and closes on the server.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next++ < n) {
          const c = await openStream(base, () => (streamErrors += 1));
          c.close();
        }
      }),
    );
    // Closes reach the server asynchronously; measure only once every client is gone.
    const deadline = Date.now() + 10_000;
    while (built.hub.connections > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
  };
  const settle = async (): Promise<NodeJS.MemoryUsage> => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    return process.memoryUsage();
  };
  try {
    // A warm-up round first: lazy compilation and route setup are not a leak.
    await cycle(100);
    const before = await settle();
    await cycle(cycles);
    const left = built.hub.connections;
    const after = await settle();
    const growth = (after.heapUsed - before.heapUsed) / before.heapUsed;
    const ok = growth <= 0.1 && left === 0 && streamErrors === 0;
    process.stdout.write(
      `\nStream memory (server in this process; ${cycles} connect/disconnect cycles of /v1/stream, 20 at a time; after a forced GC)\n`,
    );
    console.table([
      {
        cycles,
        'heapUsed before MB': mb(before.heapUsed),
        'heapUsed after MB': mb(after.heapUsed),
        'heap growth %': (growth * 100).toFixed(1),
        'RSS before MB': mb(before.rss),
        'RSS after MB': mb(after.rss),
        'clients left': left,
        'stream errors': streamErrors,
        ok: ok ? 'yes' : 'NO',
      },
    ]);
    return ok;
  } finally {
    built.hub.close();
    await built.app.close();
    await store.close();
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const o = options();
  // The machine's load is part of every figure here, so it heads the output.
  process.stdout.write(`cmdctr server bench: ${execFileSync('uptime').toString().trim()}\n`);
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
      pass = (await fanOut(server.url, server.pid, o.sseClients)) && pass;
    } finally {
      await server.stop();
    }

    // (d) memory over stream connect/disconnect cycles, server in-process.
    pass = (await streamMemory(join(tmp, 'memory'), o.cycles)) && pass;

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
