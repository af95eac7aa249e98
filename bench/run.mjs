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
// Options: --filter <substring,...> (cases to run), --runs <n>, --warmup <n>,
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

const here = dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(await readFile(join(here, 'bench.config.json'), 'utf8'));
const { values: args } = parseArgs({
  options: {
    filter: { type: 'string' },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    profile: { type: 'string' },
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

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  const name = basename(new URL(req.url ?? '/', 'http://x').pathname);
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
const profiled = [];

try {
  for (const page of pages) {
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
      if (filters && !filters.some((f) => name.includes(f))) continue;
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
} finally {
  await browser.close();
  server.close();
  await rm(out, { recursive: true, force: true });
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
lines.push(
  `${pad('case', width)}${'main'.padStart(9)}${'sync'.padStart(9)}${'painted'.padStart(9)}   (median ms of ${RUNS} runs; min–max main)`,
);
for (const [name, r] of Object.entries(results)) {
  lines.push(
    `${pad(name, width)}${num(r.median.main)}${num(r.median.sync)}${num(r.median.painted)}   ${r.min.main.toFixed(1)}–${r.max.main.toFixed(1)}`,
  );
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
const facts = Object.entries(results).filter(([, r]) => Object.keys(r.facts).length);
if (facts.length) {
  lines.push('', `facts (over each case's ${WARMUP + RUNS} prepared and timed runs):`);
  for (const [name, r] of facts) lines.push(`  ${name}: ${JSON.stringify(r.facts)}`);
}
console.log(lines.join('\n'));

const version = browser.version();
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
      profiles: profiled,
    },
    null,
    2,
  ) + '\n',
);
const missed = budgets.filter((b) => !b.ok && b.enforce !== false);
if (missed.length) {
  console.error(`\n${missed.length} budget(s) missed.`);
  process.exitCode = 1;
}
