#!/usr/bin/env node
// `npm test`: every check CI runs, in the order that fails fastest, stopping at the first
// failure. Each step streams its own output under a header; the end is always a summary table
// and one line `tests: N passed, N failed` (test cases from node --test and web-test-runner).
//   npm test                 all steps
//   npm test -- --from lint  start at a step (ids: ensure-chrome generate typecheck lint
//                            lint:templates docs test:node test:server wtr hostile size csp
//                            test:frameworks test:hosts storybook)
//   npm test -- --keep-going do not stop at the first failure
// A step whose npm script does not exist yet is reported as skipped; under CI=true (or with
// --strict) a missing script is a failure, so CI cannot go green by losing a step.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters as plain } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
// --keep-going runs every step even after a failure (to see everything that is broken at once).
const keepGoing = args.includes('--keep-going');
const strict = args.includes('--strict') || /^(1|true)$/i.test(process.env.CI ?? '');
const fromIndex = args.indexOf('--from');
const from = fromIndex >= 0 ? args[fromIndex + 1] : undefined;

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** @type {Record<string, string>} */
const scripts = pkg.scripts ?? {};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = mkdtempSync(join(tmpdir(), 'cmdctr-test-'));
const wtrSummary = join(scratch, 'wtr-summary.json');

const tally = { passed: 0, failed: 0 };

/**
 * @typedef {{ name: string, status: 'passed' | 'failed' | 'skipped' | 'not run', ms: number, note?: string }} StepResult
 * @typedef {{ name: string, id?: string, script?: string, run: () => Promise<{ ok: boolean, note?: string }> }} Step
 */

/**
 * Runs a command with its output streamed to ours, and also kept for counting.
 * @param {string} command @param {string[]} commandArgs @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<{ code: number, output: string }>}
 */
function exec(command, commandArgs, env) {
  return new Promise((resolveRun) => {
    const child = spawn(command, commandArgs, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['inherit', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      output += String(error);
      console.error(error.message);
      resolveRun({ code: 1, output });
    });
    child.on('close', (code, signal) => resolveRun({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/**
 * Adds the counts from every node:test summary in the output (TAP `# pass N` or spec `ℹ pass N`);
 * one npm script may run several `node --test` commands.
 * @param {string} output
 */
function countNodeTests(output) {
  const text = plain(output);
  const sum = (/** @type {RegExp} */ re) =>
    [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
  const passed = sum(/^(?:#|ℹ) pass (\d+)$/gm);
  const failed = sum(/^(?:#|ℹ) fail (\d+)$/gm) + sum(/^(?:#|ℹ) cancelled (\d+)$/gm);
  tally.passed += passed;
  tally.failed += failed;
  return { passed, failed, found: /^(?:#|ℹ) tests \d+$/m.test(text) };
}

/** @param {string} script @param {string[]} [extra] */
const npmRun = (script, extra = []) =>
  exec(npm, ['run', '--silent', script, ...(extra.length ? ['--', ...extra] : [])]);

/** A step that is one npm script. @param {string} name @param {string} [script] */
const scriptStep = (name, script = name) => ({
  name,
  script,
  run: async () => ({ ok: (await npmRun(script)).code === 0 }),
});

/** A step that is an npm script running node:test files. @param {string} name @param {string} script */
const nodeTestStep = (name, script) => ({
  name,
  script,
  run: async () => {
    const { code, output } = await npmRun(script);
    const counts = countNodeTests(output);
    if (!counts.found) return { ok: false, note: 'no node:test summary in the output' };
    return {
      ok: code === 0 && counts.failed === 0,
      note: `${counts.passed} passed, ${counts.failed} failed`,
    };
  },
});

/** Newest modification time under the given files and folders (generated code excluded). */
function newestMtime(/** @type {string[]} */ paths) {
  let newest = 0;
  const visit = (/** @type {string} */ path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (entry === 'node_modules' || entry === 'generated') continue;
        visit(join(path, entry));
      }
    } else if (!/\.test\.ts$/.test(path)) newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach((p) => visit(join(ROOT, p)));
  return newest;
}

/** @type {Step[]} */
const steps = [
  {
    name: 'ensure-chrome',
    run: async () => ({
      ok: (await exec(process.execPath, ['scripts/ensure-chrome.mjs'])).code === 0,
    }),
  },
  scriptStep('generate'),
  scriptStep('typecheck'),
  scriptStep('lint'),
  scriptStep('lint:templates'),
  {
    // The element and contract reference pages are generated: a stale page is a failing test.
    name: 'docs up to date',
    id: 'docs',
    run: async () => ({
      ok: (await exec(process.execPath, ['scripts/gen-docs.mjs', '--check'])).code === 0,
    }),
  },
  nodeTestStep('test:node', 'test:node'),
  // The reference server's tests (node:test over TypeScript through tsx, real HTTP and DuckDB).
  nodeTestStep('test:server', 'test:server'),
  {
    name: 'browser tests (wtr --coverage)',
    id: 'wtr',
    run: async () => {
      rmSync(wtrSummary, { force: true });
      const { code } = await exec(
        process.execPath,
        [
          join(ROOT, 'node_modules/@web/test-runner/dist/bin.js'),
          '--config',
          'scripts/wtr-summary.config.mjs',
          '--coverage',
        ],
        { CMDCTR_WTR_SUMMARY: wtrSummary },
      );
      if (!existsSync(wtrSummary)) {
        tally.failed += 1;
        return { ok: false, note: 'web-test-runner stopped before reporting results' };
      }
      const counts = JSON.parse(readFileSync(wtrSummary, 'utf8'));
      tally.passed += counts.passed;
      tally.failed += counts.failed;
      const note = `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`;
      // Tests can all pass while the run fails: the coverage threshold is part of the check.
      return {
        ok: code === 0 && counts.failed === 0,
        note: code !== 0 && counts.failed === 0 ? `${note}; coverage below threshold` : note,
      };
    },
  },
  {
    // Hostile server strings through every element, alone in a foreground tab (see the config).
    name: 'browser tests: hostile strings',
    id: 'hostile',
    run: async () => {
      const summary = `${wtrSummary}.hostile`;
      rmSync(summary, { force: true });
      const { code } = await exec(
        process.execPath,
        [
          join(ROOT, 'node_modules/@web/test-runner/dist/bin.js'),
          '--config',
          'scripts/wtr-summary.config.mjs',
        ],
        { CMDCTR_WTR_SUMMARY: summary, CMDCTR_WTR_HOSTILE: '1' },
      );
      if (!existsSync(summary)) {
        tally.failed += 1;
        return { ok: false, note: 'web-test-runner stopped before reporting results' };
      }
      const counts = JSON.parse(readFileSync(summary, 'utf8'));
      tally.passed += counts.passed;
      tally.failed += counts.failed;
      return {
        ok: code === 0 && counts.failed === 0 && counts.passed > 0,
        note: `${counts.passed} passed, ${counts.failed} failed`,
      };
    },
  },
  scriptStep('size'),
  {
    name: 'strict CSP (built bundle)',
    id: 'csp',
    run: async () => {
      const bundle = join(ROOT, 'packages/elements/dist/cmdctr.bundle.js');
      const sources = [
        'packages/elements/src',
        'packages/elements/package.json',
        'packages/contract/src',
        'packages/contract/openapi.yaml',
        'vite.config.ts',
        'scripts/gen-entries.mjs',
        'package-lock.json',
      ];
      const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < newestMtime(sources);
      if (stale) {
        if (!scripts.build)
          return { ok: false, note: 'the bundle is missing or stale and there is no build script' };
        console.log(
          `${relative(ROOT, bundle)} is missing or older than its sources: npm run build`,
        );
        if ((await npmRun('build')).code !== 0) return { ok: false, note: 'npm run build failed' };
      } else console.log(`${relative(ROOT, bundle)} is newer than its sources: not rebuilding`);
      const { code, output } = await exec(process.execPath, [
        '--test',
        '--test-reporter=spec',
        'test/csp/csp.node.test.mjs',
      ]);
      const counts = countNodeTests(output);
      return {
        ok: code === 0 && counts.failed === 0,
        note: `${counts.passed} passed, ${counts.failed} failed`,
      };
    },
  },
  // React 19, Vue 3 and Angular example apps built with their own tooling, driven in Chromium,
  // and typechecked against the typings generated from the manifest.
  nodeTestStep('frameworks (React, Vue, Angular)', 'test:frameworks'),
  // Hostile hosts: a ServiceNow portal page, a BI page with a global reset, two library copies.
  nodeTestStep('host pages (portal, BI, two copies)', 'test:hosts'),
  {
    // Every story opened in Chromium: renders its state, no errors, no axe violations.
    name: 'storybook (static build, every story)',
    id: 'storybook',
    run: async () => {
      if ((await npmRun('build-storybook')).code !== 0)
        return { ok: false, note: 'npm run build-storybook failed' };
      const { code, output } = await exec(process.execPath, [
        '--test',
        '--test-reporter=spec',
        'test/storybook/stories.node.test.mjs',
      ]);
      const counts = countNodeTests(output);
      return {
        ok: code === 0 && counts.failed === 0 && counts.passed > 0,
        note: `${counts.passed} passed, ${counts.failed} failed`,
      };
    },
  },
];

/** @param {Step} step */
const matches = (step) => [step.id, step.name, step.script].includes(from);
if (from && !steps.some(matches)) {
  console.error(`--from ${from}: no such step (${steps.map((s) => s.id ?? s.name).join(', ')})`);
  process.exit(2);
}

/** @type {StepResult[]} */
const results = [];
let failed = false;
let started = !from;
const t0 = Date.now();
for (const step of steps) {
  started ||= matches(step);
  if (!started || (failed && !keepGoing)) {
    results.push({ name: step.name, status: 'not run', ms: 0 });
    continue;
  }
  if (step.script && !scripts[step.script]) {
    const note = `no \`${step.script}\` script in package.json`;
    console.log(
      `\n━━ ${step.name}: skipped (${note})${strict ? ' — a failure under CI/--strict' : ''}`,
    );
    results.push({ name: step.name, status: strict ? 'failed' : 'skipped', ms: 0, note });
    failed ||= strict;
    continue;
  }
  console.log(`\n━━ ${step.name} ${'━'.repeat(Math.max(3, 70 - step.name.length))}`);
  const start = Date.now();
  let outcome;
  try {
    outcome = await step.run();
  } catch (error) {
    console.error(error);
    outcome = { ok: false, note: String(error) };
  }
  const ms = Date.now() - start;
  results.push({
    name: step.name,
    status: outcome.ok ? 'passed' : 'failed',
    ms,
    note: outcome.note,
  });
  failed ||= !outcome.ok;
}
rmSync(scratch, { recursive: true, force: true });

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)}s`;
const width = Math.max(...results.map((r) => r.name.length));
console.log(`\n━━ summary (${seconds(Date.now() - t0)}) ${'━'.repeat(50)}`);
for (const r of results) {
  const mark = { passed: '✔', failed: '✖', skipped: '-', 'not run': ' ' }[r.status];
  const time =
    r.status === 'passed' || r.status === 'failed' ? seconds(r.ms).padStart(7) : ''.padStart(7);
  console.log(
    `${mark} ${r.name.padEnd(width)} ${r.status.padEnd(7)} ${time}${r.note ? `  ${r.note}` : ''}`,
  );
}
console.log(`tests: ${tally.passed} passed, ${tally.failed} failed`);
// exitCode, not exit(): let piped output drain before the process ends.
process.exitCode = failed || tally.failed > 0 ? 1 : 0;
