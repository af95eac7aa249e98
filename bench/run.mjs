// `npm run bench`: our charts against the libraries users would pick instead, on the same data,
// in the same headless Chromium, in the same run. Not part of `npm test`: it takes minutes and
// its figures depend on the machine.
//
// Per case: `warmup` untimed runs, then `runs` timed runs; each run is prepare (untimed) → run
// (timed) → cleanup (untimed, with a forced GC). Figures per run:
// - main: main-thread busy time from the call until painted, read from CDP `Performance`
//   (TaskDuration); idle time waiting for frames is not in it, but work done in later frames
//   (ECharts' progressive slices, an element's async update, style/layout/paint) is.
// - sync: the synchronous call alone (what `performance.now()` around the call sees).
// - painted: wall time until two animation frames after the case reported its drawing done.
// Medians are compared with the budgets in bench.config.json; any miss exits 1.
//
// Also (see docs/performance.md):
// - command-center/ours-element: the whole command center over real HTTP from the contract
//   fixtures (served here under /v1 and /api/<n>/v1), until every panel has loaded and painted.
// - leaks/<tag>: mounts and removals of each element: warm-up rounds, then two windows of
//   `cycles` rounds; heap after forced GC at the end against the warmed-up heap, heap growth per
//   round in the second window, element instances still alive, and listeners, observers,
//   timers and requests left behind (budgets under "leaks" in bench.config.json).
// - sizes: min / gzip / brotli of our chart elements next to ECharts, Chart.js and uPlot.
//
// Options: --filter <substring,...> (cases to run), --runs <n>, --warmup <n>,
//          --cycles <n> (mount/unmount rounds per leak window), --leak-warmup <n> (rounds
//          before the leak baseline),
//          --profile <case,...> (write one run's CPU profile to bench/results and print its top
//          functions by self time).
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { join, extname, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { requireChrome, CHROME_FLAGS } from '../scripts/find-chrome.mjs';
import { fixtureMiddleware } from '../packages/contract/fixture-server.mjs';
import { formatSizes, sizeRows } from './sizes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(await readFile(join(here, 'bench.config.json'), 'utf8'));
const { values: args } = parseArgs({
  options: {
    filter: { type: 'string' },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    profile: { type: 'string' },
    cycles: { type: 'string' },
    'leak-warmup': { type: 'string' },
  },
});
const RUNS = Number(args.runs ?? config.runs);
const WARMUP = Number(args.warmup ?? config.warmup);
if (!(RUNS >= 1) || !(WARMUP >= 0)) throw new Error('--runs must be ≥ 1 and --warmup ≥ 0');

// ------------------------------------------------------------------ build

const pagesDir = join(here, 'pages');
const entries = (await readdir(pagesDir)).filter((f) => f.endsWith('.ts')).sort();
const out = await mkdtemp(join(tmpdir(), 'cmdctr-bench-'));
await build({
  entryPoints: entries.map((f) => join(pagesDir, f)),
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minifyWhitespace: true,
  minifySyntax: true,
  // Readable function names in a CPU profile; the code is otherwise the same minified build.
  minifyIdentifiers: !args.profile,
  // What an application's production build would resolve and strip.
  conditions: ['production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.css': 'css' },
  logLevel: 'warning',
});
const pages = entries.map((f) => basename(f, '.ts'));
for (const page of pages) {
  const css = existsSync(join(out, `${page}.css`))
    ? `<link rel="stylesheet" href="${page}.css">`
    : '';
  await writeFile(
    join(out, `${page}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8">${css}` +
      `<style>body{margin:0;font:14px system-ui,sans-serif}</style></head>` +
      `<body><script type="module" src="${page}.js"></script></body></html>`,
  );
}

// ------------------------------------------------------------------ serve

const fixtures = fixtureMiddleware();
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  // `/api/<n>/v1/…` is the same API under another base URL, so a page can make a client with
  // an empty cache (the client caches per base URL) without a second server.
  const api = /^\/api\/\d+(\/v1\/.*)$/s.exec(path);
  if (api) req.url = api[1] + (req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');
  if (api || path.startsWith('/v1/'))
    return fixtures(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  const name = basename(path);
  try {
    const body = await readFile(join(out, name));
    res.writeHead(200, { 'content-type': types[extname(name)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------------ measure

const browser = await chromium.launch({
  executablePath: requireChrome(),
  headless: true,
  args: [...CHROME_FLAGS, '--js-flags=--expose-gc'],
});
const context = await browser.newContext({
  viewport: { width: 1280, height: 1000 },
  deviceScaleFactor: 1,
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (v) => Math.round(v * 100) / 100;

/** @type {Record<string, {median: Record<string, number>, min: Record<string, number>, max: Record<string, number>, samples: Record<string, number[]>, facts: unknown}>} */
const results = {};
const profileCases = args.profile?.split(',') ?? [];
// Comma-separated substrings: a case runs when its name contains any of them.
const filters = args.filter?.split(',');
const wanted = (name) => !filters || filters.some((f) => name.includes(f));
const profiled = [];
const LEAK_PAGE = 'leaks';
/** The page's deliberately leaky element (bench/pages/leaks.ts). */
const LEAK_CALIBRATION = 'bench-leaky';
const leakConfig = {
  warmupCycles: 20,
  cycles: 100,
  maxHeapRatio: 1.1,
  maxGrowthPerCycle: 1024,
  maxRetained: 0,
  maxLeftovers: 0,
  ...config.leaks,
};
if (args.cycles) leakConfig.cycles = Number(args.cycles);
if (args['leak-warmup']) leakConfig.warmupCycles = Number(args['leak-warmup']);
if (!(leakConfig.cycles >= 2)) throw new Error('--cycles must be ≥ 2');
if (!(leakConfig.warmupCycles >= 1)) throw new Error('--leak-warmup must be ≥ 1');
/** @type {Record<string, {loaded: number, afterFirst: number, warm: number, mid: number, end: number, ratio: number, growthPerCycle: number, retained: number, leftovers: Record<string, number>, requests: number}>} */
const leaks = {};
const loadAtStart = loadavg();

try {
  for (const page of pages) {
    if (page === LEAK_PAGE) continue;
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e));
    await tab.goto(`${origin}/${page}.html`);
    await tab.waitForFunction(() => globalThis.__bench !== undefined);
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    const busy = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
    };
    const cases = await tab.evaluate(() => globalThis.__bench.cases);
    for (const name of cases) {
      if (!wanted(name)) continue;
      // Every page has the calibration case; once is enough.
      if (name.startsWith('calibration/') && results[name]) continue;
      const samples = { main: [], sync: [], done: [], painted: [] };
      const factsBefore = await tab.evaluate((n) => globalThis.__bench.facts(n), name);
      process.stderr.write(`${name} `);
      for (let i = 0; i < WARMUP + RUNS; i++) {
        await tab.evaluate((n) => globalThis.__bench.prepare(n), name);
        const before = await busy();
        const times = await tab.evaluate((n) => globalThis.__bench.run(n), name);
        const main = (await busy()) - before;
        await tab.evaluate((n) => globalThis.__bench.cleanup(n), name);
        if (i < WARMUP) continue;
        samples.main.push(main);
        for (const k of ['sync', 'done', 'painted']) samples[k].push(times[k]);
        process.stderr.write('.');
      }
      process.stderr.write('\n');
      if (errors.length) throw errors[0];
      const stat = (f) =>
        Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round(f(v))]));
      results[name] = {
        median: stat(median),
        min: stat((v) => Math.min(...v)),
        max: stat((v) => Math.max(...v)),
        samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(round)])),
        facts: countsDuring(
          factsBefore,
          await tab.evaluate((n) => globalThis.__bench.facts(n), name),
        ),
      };
      if (profileCases.includes(name)) profiled.push(await profile(tab, cdp, name));
    }
    await tab.close();
  }
  if (pages.includes(LEAK_PAGE)) await measureLeaks();
} finally {
  await browser.close();
  server.close();
  await rm(out, { recursive: true, force: true });
}

/**
 * Per element, in a fresh tab each (so one element's caches are not another's baseline):
 *
 *   loaded page ─1 round─▶ 1st ─(warmupCycles − 1)─▶ warm ─cycles─▶ mid ─cycles─▶ end
 *
 * Heap is V8's used heap after forced GC at each arrow head. What a first use creates once and
 * keeps on purpose (compiled code and type feedback, Lit's parsed templates and adopted styles,
 * the shared client and its response cache, Intl formatters) grows the heap during the first
 * rounds and then stops (docs/performance.md, "Leaks", has the heap-snapshot evidence), so the
 * leak baseline is `warm`, not the loaded page. A leak is what each further round adds, so it
 * must show in both checks: end ≤ maxHeapRatio × warm, and growth per round between mid and end
 * ≤ maxGrowthPerCycle (a real leak grows linearly, so the second window grows as much as the
 * first; warm-up does not). Besides the heap: element instances still alive after the last
 * removal (CDP `Runtime.queryObjects` on LitElement's prototype — a removed element kept
 * reachable by anything, including a registry we do not count, shows up here), and the
 * platform counters (listeners, observers, timers, requests) against the loaded page's.
 */
async function measureLeaks() {
  const probe = await context.newPage();
  await probe.goto(`${origin}/${LEAK_PAGE}.html`);
  await probe.waitForFunction(() => globalThis.__leaks !== undefined);
  const tags = await probe.evaluate(() => globalThis.__leaks.tags);
  await probe.close();
  const { warmupCycles, cycles } = leakConfig;
  for (const tag of tags) {
    const calibration = tag === LEAK_CALIBRATION;
    const name = calibration ? 'leaks/calibration' : `leaks/${tag}`;
    // The calibration runs whenever any leak case does: it proves the counters can see a leak.
    if (!calibration && !wanted(name)) continue;
    if (calibration && !tags.some((t) => t !== tag && wanted(`leaks/${t}`))) continue;
    process.stderr.write(`${name} `);
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e));
    await tab.goto(`${origin}/${LEAK_PAGE}.html`);
    await tab.waitForFunction(() => globalThis.__leaks !== undefined);
    const cdp = await context.newCDPSession(tab);
    const heap = async () => {
      // Several full collections: one can leave garbage that only the next one finds
      // (weak callbacks, finalisers).
      for (let i = 0; i < 3; i++) {
        await tab.evaluate(() => globalThis.gc?.());
        await cdp.send('HeapProfiler.collectGarbage');
      }
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const alive = async () => {
      const group = 'bench-leaks';
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: `globalThis.__leaks.retainedPrototype(${JSON.stringify(tag)})`,
        objectGroup: group,
      });
      const { objects } = await cdp.send('Runtime.queryObjects', {
        prototypeObjectId: result.objectId,
        objectGroup: group,
      });
      const { result: length } = await cdp.send('Runtime.callFunctionOn', {
        objectId: objects.objectId,
        functionDeclaration: 'function () { return this.length; }',
        returnByValue: true,
      });
      // The array of found instances is itself a reference; release it before the next GC.
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group });
      return length.value;
    };
    const run = async (n) =>
      (await tab.evaluate(([t, k]) => globalThis.__leaks.cycle(t, k), [tag, n])).requests;
    const loaded = await heap();
    const aliveBefore = await alive();
    const countsBefore = await tab.evaluate(() => globalThis.__leaks.counts());
    let requests = await run(1);
    const afterFirst = await heap();
    if (warmupCycles > 1) requests += await run(warmupCycles - 1);
    const warm = await heap();
    process.stderr.write('.');
    requests += await run(cycles);
    const mid = await heap();
    process.stderr.write('.');
    requests += await run(cycles);
    const end = await heap();
    const retained = (await alive()) - aliveBefore;
    const countsAfter = await tab.evaluate(() => globalThis.__leaks.counts());
    process.stderr.write('.\n');
    if (errors.length) throw errors[0];
    const leftovers = Object.fromEntries(
      Object.entries(countsAfter).map(([k, v]) => [k, v - (countsBefore[k] ?? 0)]),
    );
    const total = warmupCycles + 2 * cycles;
    leaks[name] = {
      loaded,
      afterFirst,
      warm,
      mid,
      end,
      ratio: Math.round((end / warm) * 1000) / 1000,
      ratioLoaded: Math.round((end / loaded) * 1000) / 1000,
      growthPerCycle: Math.round((end - mid) / cycles),
      growthPerCycleFirstWindow: Math.round((mid - warm) / cycles),
      retained,
      leftovers,
      requests,
      cycles: total,
    };
    await tab.close();
    if (calibration) {
      const blind = Object.entries(leftovers)
        .filter(
          ([k, v]) => ['listeners', 'observers', 'intervals', 'timeouts'].includes(k) && v < total,
        )
        .map(([k]) => k);
      // It keeps 80 kB per round: half of that must show in each check, or the heap reading is
      // blind.
      if (end - mid < cycles * 40_000) blind.push('heap growth per round');
      if (end < warm * leakConfig.maxHeapRatio) blind.push('heap ratio');
      if (retained < total) blind.push('retained elements');
      if (blind.length)
        throw new Error(
          `leak calibration not detected by: ${blind.join(', ')} (${JSON.stringify(leaks[name])})`,
        );
    }
  }
}

/**
 * A page's facts are counters over the page's life (e.g. how often the painter appended); the
 * difference over one case's runs is what that case did. Facts named `last…` are values.
 */
function countsDuring(before, after) {
  return Object.fromEntries(
    Object.entries(after).map(([k, v]) =>
      typeof v === 'number' && !k.startsWith('last') ? [k, v - (before[k] ?? 0)] : [k, v],
    ),
  );
}

/** One more run of `name` under the sampling profiler; returns the top functions by self time. */
async function profile(tab, cdp, name) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await tab.evaluate((n) => globalThis.__bench.prepare(n), name);
  await cdp.send('Profiler.start');
  await tab.evaluate((n) => globalThis.__bench.run(n), name);
  const { profile: cpu } = await cdp.send('Profiler.stop');
  await tab.evaluate((n) => globalThis.__bench.cleanup(n), name);
  const dir = join(here, 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^\w-]+/g, '_')}.cpuprofile`);
  await writeFile(file, JSON.stringify(cpu));
  const self = new Map();
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  cpu.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (cpu.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  return { name, file, top: top.map(([fn, ms]) => ({ fn, ms: round(ms) })) };
}

// ------------------------------------------------------------------ report

const pad = (s, n) => String(s).padEnd(n);
const num = (v) => (v === undefined ? '' : v.toFixed(v < 10 ? 2 : 1)).padStart(9);
const width = Math.max(...Object.keys(results).map((k) => k.length), 10) + 2;
const lines = [];
const version = browser.version();
lines.push(
  `Chromium ${version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, load average ` +
    `${loadAtStart.map((v) => v.toFixed(2)).join(' ')} at start, ` +
    `${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')} at end (1, 5, 15 min)`,
  '',
);
// A run filtered to leak cases or sizes has no timing table.
if (Object.keys(results).length) {
  lines.push(
    `${pad('case', width)}${'main'.padStart(9)}${'sync'.padStart(9)}${'painted'.padStart(9)}   (median ms of ${RUNS} runs; min–max main)`,
  );
  for (const [name, r] of Object.entries(results)) {
    lines.push(
      `${pad(name, width)}${num(r.median.main)}${num(r.median.sync)}${num(r.median.painted)}   ${r.min.main.toFixed(1)}–${r.max.main.toFixed(1)}`,
    );
  }
}

// Every "ours" case against every peer case of the same group.
const ratios = [];
for (const [name, r] of Object.entries(results)) {
  const [group, who] = name.split('/');
  if (!who.startsWith('ours')) continue;
  for (const [other, o] of Object.entries(results)) {
    const [g2, w2] = other.split('/');
    if (g2 !== group || w2.startsWith('ours')) continue;
    ratios.push({
      ours: name,
      theirs: other,
      main: round(r.median.main / o.median.main),
      painted: round(r.median.painted / o.median.painted),
    });
  }
}
if (ratios.length) {
  lines.push('', `${pad('ours / theirs', width * 2)}${'main'.padStart(9)}${'painted'.padStart(9)}`);
  for (const q of ratios)
    lines.push(
      `${pad(`${q.ours} / ${q.theirs.split('/')[1]}`, width * 2)}${num(q.main)}${num(q.painted)}`,
    );
}

const budgets = [];
for (const b of config.budgets) {
  const r = results[b.case];
  const figure = b.figure ?? 'main';
  if (!r || (b.vs && !results[b.vs])) continue;
  const value = b.vs ? r.median[figure] / results[b.vs].median[figure] : r.median[figure];
  const limit = b.vs ? b.maxRatio : b.maxMs;
  budgets.push({ ...b, figure, value: round(value), ok: value <= limit });
}
if (budgets.length) {
  lines.push('', 'budgets:');
  for (const b of budgets) {
    const what = b.vs
      ? `${b.case} ${b.figure} / ${b.vs} ≤ ${b.maxRatio}`
      : `${b.case} ${b.figure} ≤ ${b.maxMs} ms`;
    const verdict = b.ok ? 'ok  ' : b.enforce === false ? 'info' : 'MISS';
    lines.push(
      `  ${verdict} ${what}: ${b.value}${b.vs ? '' : ' ms'}${b.note ? `  (${b.note})` : ''}`,
    );
  }
}
for (const p of profiled) {
  lines.push('', `CPU profile of one ${p.name} run (${p.file}), top self time:`);
  for (const t of p.top) lines.push(`  ${t.ms.toFixed(2).padStart(8)} ms  ${t.fn}`);
}
const leakBudgets = [];
if (Object.keys(leaks).length) {
  const mb = (b) => (b / 2 ** 20).toFixed(2).padStart(7);
  const w = Math.max(...Object.keys(leaks).map((k) => k.length)) + 2;
  const { warmupCycles: wc, cycles: cy } = leakConfig;
  lines.push(
    '',
    `leaks: heap MB after forced GC — loaded page, after 1 round, after ${wc} (warm, the baseline), ${wc + cy} (mid), ${wc + 2 * cy} (end) mount/unmount rounds;`,
    `end/warm; growth per round mid→end (and warm→mid) in bytes; element instances still alive; leftovers`,
    '',
    `${pad('case', w)}${'loaded'.padStart(7)}${'1st'.padStart(7)}${'warm'.padStart(7)}${'mid'.padStart(7)}${'end'.padStart(7)}${'end/warm'.padStart(9)}${'B/round'.padStart(18)}${'alive'.padStart(6)}  leftovers (listeners observers intervals timeouts fetches eventSources)  requests`,
  );
  for (const [name, l] of Object.entries(leaks)) {
    const left = l.leftovers;
    const calibration = name === 'leaks/calibration';
    lines.push(
      `${pad(name, w)}${mb(l.loaded)}${mb(l.afterFirst)}${mb(l.warm)}${mb(l.mid)}${mb(l.end)}${l.ratio.toFixed(3).padStart(9)}${`${l.growthPerCycle} (${l.growthPerCycleFirstWindow})`.padStart(18)}${String(l.retained).padStart(6)}  ` +
        `${[left.listeners, left.observers, left.intervals, left.timeouts, left.fetches, left.eventSources].join(' ').padEnd(68)}  ${l.requests}`,
    );
    const total = Object.values(left).reduce((a, b) => a + b, 0);
    // Expected to leak (checked when measured); no budget.
    if (calibration) continue;
    leakBudgets.push(
      {
        case: name,
        what: `heap after GC ≤ ${leakConfig.maxHeapRatio}× warm baseline`,
        value: l.ratio,
        ok: l.ratio <= leakConfig.maxHeapRatio,
      },
      {
        case: name,
        what: `heap growth per round (mid→end) ≤ ${leakConfig.maxGrowthPerCycle} B`,
        value: l.growthPerCycle,
        ok: l.growthPerCycle <= leakConfig.maxGrowthPerCycle,
      },
      {
        case: name,
        what: `elements alive after removal ≤ ${leakConfig.maxRetained}`,
        value: l.retained,
        ok: l.retained <= leakConfig.maxRetained,
      },
      {
        case: name,
        what: `leftovers ≤ ${leakConfig.maxLeftovers}`,
        value: total,
        ok: total <= leakConfig.maxLeftovers,
        detail: Object.entries(left)
          .filter(([, v]) => v !== 0)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      },
    );
  }
  lines.push('', 'leak budgets:');
  for (const b of leakBudgets)
    lines.push(
      `  ${b.ok ? 'ok  ' : 'MISS'} ${b.case} ${b.what}: ${b.value}${b.detail ? `  (${b.detail})` : ''}`,
    );
}
let sizes;
if (wanted('sizes')) {
  sizes = await sizeRows();
  lines.push('', 'sizes (JS a page ships; ours vs the peers):', formatSizes(sizes));
}
const facts = Object.entries(results).filter(([, r]) => Object.keys(r.facts).length);
if (facts.length) {
  lines.push('', `facts (over each case's ${WARMUP + RUNS} prepared and timed runs):`);
  for (const [name, r] of facts) lines.push(`  ${name}: ${JSON.stringify(r.facts)}`);
}
console.log(lines.join('\n'));

const dir = join(here, 'results');
await mkdir(dir, { recursive: true });
await writeFile(
  join(dir, 'latest.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      browser: `Chromium ${version}`,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        memoryGB: round(totalmem() / 2 ** 30),
        loadavg: loadavg().map(round),
        loadavgAtStart: loadAtStart.map(round),
      },
      runs: RUNS,
      warmup: WARMUP,
      figures: {
        main: 'main-thread busy ms (CDP TaskDuration)',
        sync: 'synchronous call ms',
        done: 'until drawn ms',
        painted: 'until double rAF ms',
      },
      results,
      ratios,
      budgets,
      leaks,
      leakBudgets,
      sizes,
      profiles: profiled,
    },
    null,
    2,
  ) + '\n',
);
const missed = [
  ...budgets.filter((b) => !b.ok && b.enforce !== false),
  ...leakBudgets.filter((b) => !b.ok),
];
if (missed.length) {
  console.error(`\n${missed.length} budget(s) missed.`);
  process.exitCode = 1;
}
