// How `npm run size` (scripts/size.mjs) and the bench's size table (bench/sizes.mjs) measure a
// page's JavaScript: one esbuild setting and one compression setting, so both print the same
// figure for the same entry. Importing this module runs nothing.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ROOT, SRC_DIR } from './gen-entries.mjs';
import { minifyTemplatesEsbuild } from './minify-templates.mjs';

/**
 * Bundles `contents` (an ES module importing from packages/elements/src) the way a page's
 * bundler would: minified, production conditions (Lit's dev build is what nobody should ship),
 * the same template minification the Vite build applies. Returns the JS output (a CSS import,
 * like uPlot's stylesheet, comes out as a second file and is not counted) and, with
 * `metafile`, esbuild's metafile.
 */
export async function bundleForPage(contents, { metafile = false } = {}) {
  const result = await build({
    metafile,
    stdin: { contents, resolveDir: SRC_DIR, sourcefile: 'size-entry.ts', loader: 'ts' },
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['module', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [minifyTemplatesEsbuild()],
    tsconfigRaw: {
      compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false },
    },
  });
  const js = result.outputFiles.find((f) => !f.path.endsWith('.css'));
  return { bytes: js.contents, metafile: result.metafile };
}

/** Min, min+gzip (level 9) and min+brotli (quality 11) byte counts. */
export function measure(bytes) {
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }).length,
  };
}
