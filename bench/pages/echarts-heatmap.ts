/**
 * Apache ECharts 6 heatmap on the same matrix, tree-shaken to what it needs, canvas renderer.
 * The box matches our plot's pixels (720 columns × 4 px plus label and total columns, 50 rows ×
 * 16 px), so both draw the same number of cells at the same size. `animation: false` on both
 * variants; "default" keeps ECharts' progressive rendering (slices over several frames), and
 * the clock runs until its `finished` event and then until zrender has drawn every slice.
 */
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { DEFAULT_STOPS } from '../../packages/elements/src/heatmap/heatmap-chart.js';
import { box, register } from './lib/harness.js';
import { paintedAfterFinished } from './lib/echarts-painted.js';
import { SVG_COLS, SVG_ROWS, SVG_SHIFT, matrix, type MatrixResponse } from './lib/data.js';

echarts.use([HeatmapChart, GridComponent, VisualMapComponent, CanvasRenderer]);

const first = matrix(0);
const next = matrix(1);
/** The SVG-mode case's matrix (ours draws it as SVG; ECharts stays on canvas). */
const small = matrix(SVG_SHIFT, SVG_ROWS, SVG_COLS);
const WIDTH = 120 + 720 * 4 + 56;
const HEIGHT = 50 * 16 + 24 + 40;

/** Response → ECharts' [x, y, value] triples (part of the timed work, as ours reads the response). */
function cells(data: MatrixResponse): [number, number, number][] {
  const out: [number, number, number][] = [];
  data.rows.forEach((row, r) => {
    for (let c = 0; c < row.counts.length; c++) out.push([c, r, row.counts[c]!]);
  });
  return out;
}

function maxCount(data: MatrixResponse): number {
  let max = 0;
  for (const row of data.rows) for (const v of row.counts) if (v > max) max = v;
  return max;
}

function option(data: MatrixResponse, progressive: number | undefined): echarts.EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 120, right: 56, top: 8, bottom: 40 },
    xAxis: { type: 'category', data: data.buckets },
    yAxis: { type: 'category', data: data.rows.map((r) => r.label) },
    visualMap: { min: 0, max: maxCount(data), show: false, inRange: { color: [...DEFAULT_STOPS] } },
    series: [
      {
        type: 'heatmap',
        data: cells(data),
        ...(progressive === undefined ? {} : { progressive }),
      },
    ],
  };
}

let chart: echarts.ECharts | undefined;

function echartsCase(
  append: boolean,
  progressive: number | undefined,
  data = first,
  size: [number, number] = [WIDTH, HEIGHT],
) {
  let container: HTMLDivElement;
  const create = () => {
    chart = echarts.init(container, undefined, { renderer: 'canvas' });
    const done = paintedAfterFinished(chart);
    chart.setOption(option(data, progressive));
    return done;
  };
  return {
    async prepare() {
      container = box(...size);
      if (append) await create();
    },
    run() {
      if (!append) return create();
      const done = paintedAfterFinished(chart!);
      chart!.setOption({
        xAxis: { data: next.buckets },
        visualMap: { max: maxCount(next) },
        series: [{ data: cells(next) }],
      });
      return done;
    },
    cleanup() {
      // Disposed only after `finished`: disposing mid-slice would leave work half done.
      chart?.dispose();
      chart = undefined;
    },
  };
}

register({
  'heatmap/echarts-default': echartsCase(false, undefined),
  'heatmap/echarts-progressive0': echartsCase(false, 0),
  'heatmap-append/echarts-default': echartsCase(true, undefined),
  'heatmap-append/echarts-progressive0': echartsCase(true, 0),
  // Our element's box for the SVG case: 1,200 px wide, 10 rows of 16 px plus axes.
  'heatmap-svg/echarts-default': echartsCase(false, undefined, small, [1200, SVG_ROWS * 16 + 64]),
});
