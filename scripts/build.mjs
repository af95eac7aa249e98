#!/usr/bin/env node
// `npm run build`: everything @cmdctr/elements publishes, in dependency order.
//   1. `npm run generate` (contract types and schemas), when the script exists
//   2. scripts/gen-entries.mjs: src/index.ts, src/all.ts, the package `exports` map
//   3. Vite: per-module ES output in dist/ (vite.config.ts)
//   4. Vite --mode bundle: dist/cmdctr.bundle.js
//   5. tsc: declarations into dist/ (packages/elements/tsconfig.build.json)
//   6. cem analyze: packages/elements/custom-elements.json
//   6b. scripts/gen-framework-types.mjs: dist/types/ (React, Vue, Angular typings from the manifest)
//   7. checks: every `exports` target exists; the bundle evaluates no strings as code
// `node scripts/build.mjs --bundle-only` runs 1, 2 and 4 (what `npm start` needs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ELEMENTS_DIR, ROOT, generateEntries } from './gen-entries.mjs';
import { generateFrameworkTypes } from './gen-framework-types.mjs';

const DIST = join(ELEMENTS_DIR, 'dist');
export const BUNDLE = join(DIST, 'cmdctr.bundle.js');
const rel = (p) => relative(ROOT, p);

function step(label, fn) {
  const t0 = performance.now();
  process.stdout.write(`• ${label}\n`);
  const result = fn();
  return Promise.resolve(result).then((value) => {
    process.stdout.write(`  done in ${((performance.now() - t0) / 1000).toFixed(1)}s\n`);
    return value;
  });
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0)
    throw new Error(`${[cmd, ...args].map((a) => rel(a) || a).join(' ')} exited with ${r.status}`);
}

const bin = (path) => join(ROOT, 'node_modules', path);

export function hasScript(name) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return Boolean(pkg.scripts?.[name]);
}

export async function generate() {
  if (!hasScript('generate')) {
    console.log('  (no `generate` script yet: skipped)');
    return;
  }
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'generate']);
}

export async function viteBuild(mode) {
  // The JS API rather than the CLI: one process, and errors surface as exceptions.
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), mode, logLevel: 'warn' });
}

/** Strings turned into code would break a strict CSP (`script-src 'self'`, no 'unsafe-eval'). */
export function assertNoEval(file) {
  const code = readFileSync(file, 'utf8');
  const found = [
    /\beval\s*\(/,
    /\bnew\s+Function\s*\(/,
    /\bFunction\s*\(\s*["'`]/,
    /setTimeout\s*\(\s*["'`]/,
  ]
    .filter((re) => re.test(code))
    .map(String);
  if (found.length)
    throw new Error(
      `${rel(file)} evaluates strings as code (${found.join(', ')}); strict CSP pages would break`,
    );
}

function assertExportsExist() {
  const pkg = JSON.parse(readFileSync(join(ELEMENTS_DIR, 'package.json'), 'utf8'));
  const missing = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const files = typeof target === 'string' ? [target] : Object.values(target);
    for (const f of files)
      if (!existsSync(join(ELEMENTS_DIR, f))) missing.push(`${subpath} → ${f}`);
  }
  if (missing.length)
    throw new Error(`package exports point at missing files:\n  ${missing.join('\n  ')}`);
}

async function main() {
  const bundleOnly = process.argv.includes('--bundle-only');
  const t0 = performance.now();
  await step('generate contract code', generate);
  const { elements } = await step('entry points (scripts/gen-entries.mjs)', () =>
    generateEntries(),
  );
  console.log(`  elements: ${elements.map((e) => e.tag).join(', ') || '(none yet)'}`);
  if (!bundleOnly)
    await step('ES modules → packages/elements/dist/ (vite)', () => viteBuild('production'));
  await step(
    'script-tag bundle → packages/elements/dist/cmdctr.bundle.js (vite --mode bundle)',
    () => viteBuild('bundle'),
  );
  assertNoEval(BUNDLE);
  if (!bundleOnly) {
    await step('type declarations (tsc -p packages/elements/tsconfig.build.json)', () =>
      run(process.execPath, [
        bin('typescript/bin/tsc'),
        '-p',
        join(ELEMENTS_DIR, 'tsconfig.build.json'),
      ]),
    );
    await step('custom-elements.json (cem analyze --litelement)', () =>
      run(process.execPath, [
        bin('@custom-elements-manifest/analyzer/cem.js'),
        'analyze',
        '--litelement',
        '--config',
        join(ROOT, 'custom-elements-manifest.config.mjs'),
        '--quiet',
      ]),
    );
    await step('framework types → packages/elements/dist/types/ (gen-framework-types.mjs)', () =>
      generateFrameworkTypes(),
    );
    assertExportsExist();
  }
  console.log(
    `built in ${((performance.now() - t0) / 1000).toFixed(1)}s; ${rel(BUNDLE)} is ${statSync(BUNDLE).size} bytes (min)`,
  );
}

if (process.argv[1] && join(process.argv[1]) === join(ROOT, 'scripts/build.mjs')) {
  main().catch((err) => {
    console.error(`\nbuild failed: ${err.message}`);
    process.exit(1);
  });
}
