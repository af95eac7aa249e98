/**
 * Our throughput chart: the pure drawing (model, layout, canvas; what the element runs in canvas
 * mode, without the element's SVG axes) and the full element, in line mode.
 */
import {
  CANVAS_OPTIONS,
  ThroughputModel,
  computeLayout,
  drawCanvas,
  parseTimes,
  SERIES_DASHES,
  type Layout,
} from '../../packages/elements/src/throughput/throughput-chart.js';
import '../../packages/elements/src/throughput/define.js';
import { box, register } from './lib/harness.js';
import { LINE_POINTS, throughput, type ThroughputResponse } from './lib/data.js';
import { drawn, serve, servedCount } from './lib/element-feed.js';
import { COLORS, HEIGHT, WIDTH } from './lib/line-common.js';

const first = throughput(LINE_POINTS);
const next = throughput(LINE_POINTS + 1);
const PATH = '/v1/metrics/throughput';
serve(PATH, 'to', first.meta.filters.to!, first);
serve(PATH, 'to', next.meta.filters.to!, next);

let canvas: HTMLCanvasElement;
let model: ThroughputModel | undefined;
let lastRecompute = -1;

/** What the element does on new data in canvas mode, minus Lit and its SVG axes. */
function renderPure(data: ThroughputResponse, dashed = true): Layout {
  model ??= new ThroughputModel();
  const times = parseTimes(data.buckets);
  model.setData(
    { times, end: Date.parse(data.bucketEnd), series: data.series, previous: null, backlog: null },
    'line',
  );
  lastRecompute = model.recomputedFrom;
  const layout = computeLayout(model, {
    width: WIDTH,
    height: HEIGHT,
    mode: 'line',
    timeZone: 'UTC',
    locale: 'en-US',
  });
  const ratio = devicePixelRatio || 1;
  canvas.width = Math.round(WIDTH * ratio);
  canvas.height = Math.round(HEIGHT * ratio);
  drawCanvas(canvas.getContext('2d', CANVAS_OPTIONS)!, model, layout, {
    colors: COLORS,
    dashes: COLORS.map((_, i) => (dashed ? (SERIES_DASHES[i % SERIES_DASHES.length] ?? []) : [])),
    previous: '#57606a',
    backlog: '#57606a',
    fill: false,
    fillOpacity: 0.3,
    pixelRatio: ratio,
  });
  return layout;
}

function pureCase(append: boolean, dashed = true) {
  return {
    prepare() {
      canvas = document.createElement('canvas');
      canvas.style.width = `${WIDTH}px`;
      canvas.style.height = `${HEIGHT}px`;
      box(WIDTH, HEIGHT).append(canvas);
      model = undefined;
      if (append) renderPure(first, dashed);
    },
    run() {
      // A first render starts from a new model; an append reuses the one holding `first`.
      if (!append) model = undefined;
      renderPure(append ? next : first, dashed);
    },
    cleanup() {
      model = undefined;
    },
    // recomputedFrom: the first bucket the model rebuilt (8,759 = only the tail on an append).
    facts: () => ({ lastRecomputedFrom: lastRecompute }),
  };
}

type Throughput = HTMLElement & { updateComplete: Promise<boolean> };
let el: Throughput | undefined;

function elementCase(append: boolean) {
  let container: HTMLDivElement;
  const create = async () => {
    el = document.createElement('cmdctr-throughput') as Throughput;
    const attrs = {
      mode: 'line',
      'group-by': 'stage',
      tz: 'UTC',
      locale: 'en-US',
      from: first.meta.filters.from!,
      to: first.meta.filters.to!,
    };
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    container.append(el);
    await drawn(el);
  };
  return {
    async prepare() {
      container = box(WIDTH, HEIGHT + 200);
      if (append) await create();
    },
    async run() {
      if (!append) return create();
      el!.setAttribute('to', next.meta.filters.to!);
      await drawn(el!);
    },
    cleanup() {
      el?.remove();
      el = undefined;
    },
    facts: () => ({ requests: servedCount() }),
  };
}

register({
  'line/ours-canvas': pureCase(false),
  'line/ours-element': elementCase(false),
  'line-append/ours-canvas': pureCase(true),
  // Diagnostic: the same drawing with solid lines (the peers draw solid lines; ours dashes
  // series 2–10 so they stay apart without colour), to show what the dash patterns cost.
  'line/ours-canvas-solid': pureCase(false, false),
  'line-append/ours-element': elementCase(true),
});
