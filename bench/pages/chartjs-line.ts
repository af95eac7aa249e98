/**
 * Chart.js 4 on the same series with the settings its performance guide gives for large data:
 * animation off, `parsing: false` with `{x, y}` points, `normalized`, no point markers,
 * `spanGaps`, and the decimation plugin's `min-max` algorithm. That decimation keeps up to four
 * points per pixel column (first, min, max, last), the same per-column downsampling as ours, so
 * it is allowed here.
 */
import {
  Chart,
  Decimation,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
} from 'chart.js';
import { box, register } from './lib/harness.js';
import { LINE_POINTS, throughput, type ThroughputResponse } from './lib/data.js';
import { COLORS, HEIGHT, WIDTH } from './lib/line-common.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Decimation);

const first = throughput(LINE_POINTS);
const next = throughput(LINE_POINTS + 1);

type Point = { x: number; y: number };
function points(data: ThroughputResponse): Point[][] {
  const xs = data.buckets.map((b) => Date.parse(b));
  return data.series.map((s) => s.values.map((y, i) => ({ x: xs[i]!, y })));
}

let chart: Chart<'line', Point[]> | undefined;
let raw: Point[][] = [];

function chartCase(append: boolean) {
  let canvas: HTMLCanvasElement;
  const create = () => {
    raw = points(first);
    chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: raw.map((data, i) => ({
          label: first.series[i]!.label,
          data,
          borderColor: COLORS[i],
          borderWidth: 2,
        })),
      },
      options: {
        responsive: false,
        animation: false,
        parsing: false,
        normalized: true,
        spanGaps: true,
        indexAxis: 'x',
        elements: { point: { radius: 0 } },
        scales: { x: { type: 'linear' }, y: { type: 'linear', beginAtZero: true } },
        plugins: { decimation: { enabled: true, algorithm: 'min-max' } },
      },
    });
  };
  return {
    prepare() {
      canvas = document.createElement('canvas');
      canvas.width = WIDTH;
      canvas.height = HEIGHT;
      box(WIDTH, HEIGHT).append(canvas);
      if (append) create();
    },
    run() {
      if (!append) return create();
      // Streaming per Chart.js' docs: push the new point, then update without animation. With
      // decimation on, `dataset.data` reads the decimated copy, so the raw arrays are set back.
      const xs = Date.parse(next.buckets[LINE_POINTS]!);
      chart!.data.datasets.forEach((ds, i) => {
        raw[i]!.push({ x: xs, y: next.series[i]!.values[LINE_POINTS]! });
        ds.data = raw[i]!;
      });
      chart!.update('none');
    },
    cleanup() {
      chart?.destroy();
      chart = undefined;
      raw = [];
    },
  };
}

register({
  'line/chartjs': chartCase(false),
  'line-append/chartjs': chartCase(true),
});
