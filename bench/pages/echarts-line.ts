/**
 * ECharts 6 line chart on the same series: time axis, no symbols, animation off, no sampling
 * (its `sampling` modes keep one point per bucket — lttb, average, min, max, minmax — not the
 * first/min/max/last per column ours keeps, so turning one on would not be like for like).
 */
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { box, register } from './lib/harness.js';
import { paintedAfterFinished } from './lib/echarts-painted.js';
import { LINE_POINTS, throughput, type ThroughputResponse } from './lib/data.js';
import { COLORS, HEIGHT, WIDTH } from './lib/line-common.js';

echarts.use([LineChart, GridComponent, CanvasRenderer]);

const first = throughput(LINE_POINTS);
const next = throughput(LINE_POINTS + 1);

function series(data: ThroughputResponse) {
  const xs = data.buckets.map((b) => Date.parse(b));
  return data.series.map((s, i) => ({
    type: 'line' as const,
    name: s.label,
    showSymbol: false,
    lineStyle: { width: 2, color: COLORS[i] },
    data: s.values.map((y, j) => [xs[j]!, y]),
  }));
}

let chart: echarts.ECharts | undefined;

function echartsCase(append: boolean) {
  let container: HTMLDivElement;
  const create = () => {
    chart = echarts.init(container, undefined, { renderer: 'canvas' });
    const done = paintedAfterFinished(chart);
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 12, top: 10, bottom: 26 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      series: series(first),
    });
    return done;
  };
  return {
    async prepare() {
      container = box(WIDTH, HEIGHT);
      if (append) await create();
    },
    run() {
      if (!append) return create();
      const done = paintedAfterFinished(chart!);
      chart!.setOption({ series: series(next) });
      return done;
    },
    cleanup() {
      chart?.dispose();
      chart = undefined;
    },
  };
}

register({
  'line/echarts': echartsCase(false),
  'line-append/echarts': echartsCase(true),
});
