/** uPlot on the same 10 × 8,760 series: defaults (it draws per-pixel min/max itself), no legend. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { box, register } from './lib/harness.js';
import { LINE_POINTS, throughput, type ThroughputResponse } from './lib/data.js';
import { COLORS, HEIGHT, WIDTH } from './lib/line-common.js';

const first = throughput(LINE_POINTS);
const next = throughput(LINE_POINTS + 1);

/** Response → uPlot's columns (x in seconds); timed, as ours parses the response too. */
function columns(data: ThroughputResponse): uPlot.AlignedData {
  const xs = Float64Array.from(data.buckets, (b) => Date.parse(b) / 1000);
  return [xs, ...data.series.map((s) => s.values)];
}

let plot: uPlot | undefined;
let onDraw: (() => void) | undefined;
const drawnOnce = () => new Promise<void>((resolve) => (onDraw = resolve));

function uplotCase(append: boolean) {
  let container: HTMLDivElement;
  const create = () => {
    const done = drawnOnce();
    plot = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        legend: { show: false },
        scales: { x: { time: true } },
        series: [
          {},
          ...first.series.map((s, i) => ({ label: s.label, stroke: COLORS[i], width: 2 })),
        ],
        hooks: { draw: [() => onDraw?.()] },
      },
      columns(first),
      container,
    );
    return done;
  };
  return {
    async prepare() {
      container = box(WIDTH, HEIGHT);
      if (append) await create();
    },
    run() {
      if (!append) return create();
      const done = drawnOnce();
      plot!.setData(columns(next));
      return done;
    },
    cleanup() {
      plot?.destroy();
      plot = undefined;
    },
  };
}

register({
  'line/uplot': uplotCase(false),
  'line-append/uplot': uplotCase(true),
});
