// Bytes a page pays for our elements next to the chart libraries a team would pick instead.
// `npm run size` (scripts/size.mjs) enforces our budgets; both measure through
// scripts/size-measure.mjs (one esbuild and one compression setting). The peers go through the
// same function, so their figures are what that same application
// build would ship (tree-shaken to what our charts do: heatmap + line).
//
// Run alone: `node bench/sizes.mjs`. `npm run bench` prints it after the timings.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { discoverElements } from '../scripts/gen-entries.mjs';
import { bundleForPage, measure } from '../scripts/size-measure.mjs';

/** The JS a page ships for `contents`, built as `npm run size` builds it. */
const bundle = async (contents) => (await bundleForPage(contents)).bytes;

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
    '(our entries include Lit, d3 parts and the contract client with schema checks; built and ' +
      'measured as npm run size does, scripts/size-measure.mjs)',
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(formatSizes(await sizeRows()));
}
