#!/usr/bin/env node
// Builds the Angular example with esbuild: standalone bootstrap, JIT-compiled templates.
//   node examples/angular/build.mjs [outDir]        (default: examples/angular/dist)
// Why not the Angular CLI: @angular/build with its AOT compiler is a large toolchain for a
// page with one component; JIT (`@angular/compiler` in the bundle) runs the same runtime,
// bindings and change detection, which is what the elements meet. AOT changes only when the
// template is compiled, not how `[prop]`, `[attr.x]` or `(event)` bindings reach the element.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** @param {string} outDir */
export async function buildAngularExample(outDir) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(HERE, 'src/main.ts')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    // Angular's decorators are the legacy (experimentalDecorators) kind.
    tsconfig: join(HERE, 'tsconfig.json'),
    conditions: ['es2022', 'es2020', 'module'],
    mainFields: ['es2020', 'module', 'main'],
    logLevel: 'warning',
    legalComments: 'none',
  });
  copyFileSync(join(HERE, 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(HERE, 'dist'));
  await buildAngularExample(out);
  console.log(`built ${out}`);
}
