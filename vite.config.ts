/// <reference types="node" />
// Library build of @cmdctr/elements. Two outputs, chosen by `--mode`:
//   vite build                  ES modules for npm (dist/**): one module per source module
//                               (preserveModules), so every element, its define module and the
//                               shared base tree-shake independently; lit, @lit/* and d3-* stay
//                               external because consumers' bundlers dedupe them across packages.
//   vite build --mode bundle    dist/cmdctr.bundle.js: everything inlined and minified, every tag
//                               registered, for a plain <script type="module"> on any page.
// The contract package is consumed from TypeScript source, so its runtime (client, schemas,
// validate) is compiled into dist/_contract/ instead of being left as an import of `.ts` files
// that a consumer's toolchain could not load.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import { minifyTemplatesVite } from './scripts/minify-templates.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const elementsDir = resolve(root, 'packages/elements');
const srcDir = join(elementsDir, 'src');
const contractSrc = resolve(root, 'packages/contract/src');
const outDir = join(elementsDir, 'dist');

/** Every `src/<name>/define.ts` and the class module beside it, plus index.ts and all.ts. */
function entries(): Record<string, string> {
  const input: Record<string, string> = {};
  for (const file of ['index', 'all']) {
    if (existsSync(join(srcDir, `${file}.ts`))) input[file] = join(srcDir, `${file}.ts`);
  }
  if (!existsSync(srcDir)) return input;
  for (const dir of readdirSync(srcDir, { withFileTypes: true })) {
    if (!dir.isDirectory() || !existsSync(join(srcDir, dir.name, 'define.ts'))) continue;
    input[`${dir.name}/define`] = join(srcDir, dir.name, 'define.ts');
    for (const base of [`cmdctr-${dir.name}`, dir.name]) {
      const file = join(srcDir, dir.name, `${base}.ts`);
      if (existsSync(file)) {
        input[`${dir.name}/${base}`] = file;
        break;
      }
    }
  }
  return input;
}

/** lit, @lit/*, @lit-labs/* and d3-* (with subpaths) are peers the consumer's bundler resolves. */
const isExternal = (id: string): boolean =>
  /^(lit|lit-html|lit-element|@lit\/[^/]+|@lit-labs\/[^/]+|d3-[a-z-]+)(\/|$)/.test(id);

const toPosix = (p: string): string => p.split(sep).join('/');

// Lit's legacy decorators need both flags. Vite reads the nearest tsconfig, but pinning them
// here means a package tsconfig that forgot them cannot silently turn every @property into a
// class field that shadows Lit's accessor.
const esbuild: UserConfig['esbuild'] = {
  target: 'es2022',
  tsconfigRaw: {
    compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false },
  },
  legalComments: 'none',
};

const shared: UserConfig = {
  root,
  logLevel: 'warn',
  publicDir: false,
  esbuild,
  // Lit template text (indentation, CSS comments) is left alone by every minifier; this strips
  // what cannot change rendering. scripts/size.mjs applies the same transform.
  plugins: [minifyTemplatesVite()],
  // `development` must never be picked: Lit's dev build warns in the console and is ~2x larger.
  resolve: { conditions: ['module', 'browser', 'production'] },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
};

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'bundle') {
    return {
      ...shared,
      mode: 'production',
      build: {
        outDir,
        emptyOutDir: false,
        target: 'es2022',
        minify: 'esbuild',
        sourcemap: true,
        reportCompressedSize: false,
        modulePreload: false,
        copyPublicDir: false,
        // An app-style build rather than `build.lib`: Vite deliberately keeps whitespace in ES
        // library output, and this file is meant to be as small as it can be.
        rollupOptions: {
          input: { 'cmdctr.bundle': join(srcDir, 'all.ts') },
          preserveEntrySignatures: 'strict',
          output: {
            format: 'es',
            entryFileNames: '[name].js',
            inlineDynamicImports: true,
          },
        },
      },
    };
  }

  return {
    ...shared,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // Consumers minify; readable modules with source maps are easier to debug and audit.
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: { entry: entries(), formats: ['es'] },
      rollupOptions: {
        external: isExternal,
        output: {
          preserveModules: true,
          preserveModulesRoot: srcDir,
          entryFileNames: (chunk) => {
            const id = chunk.facadeModuleId ?? '';
            if (id.startsWith(contractSrc + sep)) {
              return `_contract/${toPosix(relative(contractSrc, id)).replace(/\.[cm]?[jt]s$/, '')}.js`;
            }
            // Rollup helpers and other virtual modules get a stable home of their own.
            if (!id.startsWith(srcDir + sep))
              return `_virtual/${chunk.name.replace(/^.*node_modules\//, '')}.js`;
            return '[name].js';
          },
        },
      },
    },
  };
});
