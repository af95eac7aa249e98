// Bytes a page pays for our elements next to the chart libraries a team would pick instead.
// `npm run size` (scripts/size.mjs) enforces our budgets; it exports no measuring function
// (importing it runs its check and may exit), so its build settings are replicated here:
// esbuild bundle + minify, ESM, es2022, `module`/`production` conditions, NODE_ENV=production,
// no legal comments, the same Lit template minifier, then gzip level 9 and brotli quality 11.
// The peers go through the same function, so their figures are what that same application
// build would ship (tree-shaken to what our charts do: heatmap + line).
//
// Run alone: `node bench/sizes.mjs`. `npm run bench` prints it after the timings.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { ROOT, SRC_DIR, discoverElements } from '../scripts/gen-entries.mjs';
import { minifyTemplatesEsbuild } from '../scripts/minify-templates.mjs';

/** Same settings as scripts/size.mjs `bundle()`. */
async function bundle(contents) {
  const result = await build({
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
  // CSS imports (uPlot's stylesheet) come out as a second file; only the JS is counted.
  return result.outputFiles.find((f) => f.path.endsWith('.js') || !f.path.endsWith('.css'))
    .contents;
}

/** Same compression settings as scripts/size.mjs `measure()`. */
function measure(bytes) {
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

// Each peer registers the parts a heatmap and/or a line chart with tooltip and legend need —
// what our heatmap and throughput elements offer — and draws nothing (registration is what
// keeps the code from being shaken out; the chart constructor is pulled in by the import).
const PEERS = [
  {
    entry: 'peer: echarts (heatmap + line, tree-shaken)',
    source: `
import * as echarts from 'echarts/core';
import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, VisualMapComponent, TooltipComponent, LegendComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
echarts.use([HeatmapChart, LineChart, GridComponent, VisualMapComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);
globalThis.__peer = echarts.init;
`,
  },
  {
    entry: 'peer: chart.js (line, tree-shaken)',
    source: `
import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler, Decimation } from 'chart.js';
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler, Decimation);
globalThis.__peer = Chart;
`,
  },
  {
    entry: 'peer: uplot (whole library, JS only)',
    source: `
import uPlot from 'uplot';
globalThis.__peer = uPlot;
`,
  },
];

const OURS = ['cmdctr-heatmap', 'cmdctr-throughput'];

/** Rows `{ entry, min, gzip, brotli }` for our chart elements, both together, and the peers. */
export async function sizeRows() {
  const elements = new Map(discoverElements().map((e) => [e.tag, e]));
  const rows = [];
  const present = OURS.filter((t) => elements.has(t));
  for (const tag of present)
    rows.push({
      entry: `ours: ${tag}`,
      ...measure(await bundle(`import './${elements.get(tag).defineFile}.js';\n`)),
    });
  if (present.length > 1)
    rows.push({
      entry: `ours: ${present.join(' + ')}`,
      ...measure(
        await bundle(present.map((t) => `import './${elements.get(t).defineFile}.js';\n`).join('')),
      ),
    });
  for (const p of PEERS) rows.push({ entry: p.entry, ...measure(await bundle(p.source)) });
  return rows;
}

export function formatSizes(rows) {
  const kb = (b) => `${(b / 1000).toFixed(2)} kB`;
  const header = ['entry', 'min', 'min+gzip', 'min+brotli'];
  const table = rows.map((r) => [r.entry, kb(r.min), kb(r.gzip), kb(r.brotli)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...table.map(line),
    '(our entries include Lit, d3 parts and the contract client with schema checks; esbuild ' +
      'settings replicated from scripts/size.mjs)',
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(formatSizes(await sizeRows()));
}
