/**
 * Our heatmap: the pure painter (what the element runs in canvas mode) and the full element.
 * Same matrix and same plot size as the ECharts page.
 */
import {
  CANVAS_OPTIONS,
  HeatmapPainter,
  colorDomain,
  colorScale,
  computeLayout,
  isAppendOnly,
  labelColumnWidth,
  sortRows,
  type PaintInput,
} from '../../packages/elements/src/heatmap/heatmap-chart.js';
import '../../packages/elements/src/heatmap/define.js';
import { box, register } from './lib/harness.js';
import { SVG_COLS, SVG_ROWS, SVG_SHIFT, matrix } from './lib/data.js';
import { drawn, serve, servedCount } from './lib/element-feed.js';

const first = matrix(0);
const next = matrix(1);
const small = matrix(SVG_SHIFT, SVG_ROWS, SVG_COLS);
const PATH = '/v1/metrics/exceptions';
serve(PATH, 'from', first.meta.filters.from!, first);
serve(PATH, 'from', next.meta.filters.from!, next);
serve(PATH, 'from', small.meta.filters.from!, small);

let appendCalls = 0;
let paintCalls = 0;
const proto = HeatmapPainter.prototype;
const { appendColumn, paint } = proto;
// Counted so the report can say which path each update really took.
proto.appendColumn = function (this: HeatmapPainter, input: PaintInput) {
  appendCalls++;
  return appendColumn.call(this, input);
};
proto.paint = function (this: HeatmapPainter, input: PaintInput) {
  paintCalls++;
  return paint.call(this, input);
};

const WIDTH = 1200;
let canvas: HTMLCanvasElement;
let painter: HeatmapPainter | undefined;
let current: PaintInput | undefined;

/** What the element does for a first canvas render, minus Lit, labels and DOM (sort = name). */
function renderPure(data = first): void {
  const rows = sortRows(data.rows, 'name', 'count', 'en-US');
  const layout = computeLayout({
    width: WIDTH - 8,
    rows: rows.length,
    columns: data.buckets.length,
    devicePixelRatio: devicePixelRatio || 1,
    labelWidth: labelColumnWidth(rows.map((r) => r.label)),
    totalWidth: 56,
    minCellWidth: 4,
    cellHeight: 16,
  });
  const scale = colorScale(colorDomain(data, 'count'));
  canvas.width = layout.canvasWidthPx;
  canvas.height = layout.canvasHeightPx;
  const ctx = canvas.getContext('2d', CANVAS_OPTIONS)!;
  painter = new HeatmapPainter(ctx);
  current = { matrix: data, rows, measure: 'count', scale, layout };
  painter.paint(current);
}

function pureCase(append: boolean) {
  return {
    prepare() {
      canvas = document.createElement('canvas');
      box(WIDTH, 900).append(canvas);
      if (append) renderPure(first);
    },
    run() {
      if (!append) return renderPure(first);
      const prev = current!;
      const rows = sortRows(next.rows, 'name', 'count', 'en-US');
      const input = { ...prev, matrix: next, rows };
      if (!isAppendOnly(prev.matrix, prev.rows, next, rows)) throw new Error('not an append');
      painter!.appendColumn(input);
      current = input;
    },
    cleanup() {
      painter = undefined;
      current = undefined;
    },
    facts: () => ({ appendCalls, paintCalls }),
  };
}

type Heatmap = HTMLElement & { updateComplete: Promise<boolean> };
let el: Heatmap | undefined;
// Width of the element's canvas and of the plot it shows part of, device px, after the last
// timed run: the element paints only the scrolled-to window of a plot wider than the screen.
let lastCanvasPx = 0;
let lastPlotPx = 0;
function measureCanvas(target: Heatmap): void {
  const canvas = target.shadowRoot?.querySelector('canvas');
  const surface = target.shadowRoot?.querySelector<HTMLElement>('[part="grid"]');
  lastCanvasPx = canvas?.width ?? 0;
  lastPlotPx = Math.round((surface?.offsetWidth ?? 0) * devicePixelRatio);
}

function setWindow(target: Heatmap, data: typeof first) {
  target.setAttribute('from', data.meta.filters.from!);
  target.setAttribute('to', data.meta.filters.to!);
}

/**
 * SVG mode draws no canvas, so `drawn` would never resolve: wait (one task at a time, which the
 * main-thread figure does not count as work) until every cell is in the shadow DOM and the
 * update that put it there is complete. No canvas may appear: then it was not SVG mode.
 */
async function svgDrawn(target: Heatmap, cells: number): Promise<void> {
  for (;;) {
    const root = target.shadowRoot;
    if (root?.querySelector('canvas')) throw new Error('the SVG case drew a canvas');
    if (
      (root?.querySelectorAll('[part~="cell"]').length ?? 0) >= cells &&
      (await target.updateComplete)
    )
      return;
    await new Promise((resolve) => setTimeout(resolve));
  }
}

function elementCase(append: boolean, data = first) {
  let container: HTMLDivElement;
  const create = async () => {
    el = document.createElement('cmdctr-heatmap') as Heatmap;
    for (const [k, v] of Object.entries({ rows: 'type', tz: 'UTC', locale: 'en-US', sort: 'name' }))
      el.setAttribute(k, v);
    setWindow(el, data);
    container.append(el);
    if (data === small) await svgDrawn(el, SVG_ROWS * SVG_COLS);
    else await drawn(el);
  };
  return {
    async prepare() {
      container = box(WIDTH, 900);
      if (append) await create();
    },
    async run() {
      if (!append) return create();
      setWindow(el!, next);
      await drawn(el!);
    },
    cleanup() {
      // Read here, untimed (it forces a layout).
      if (el && data !== small) measureCanvas(el);
      el?.remove();
      el = undefined;
    },
    facts: () =>
      data === small
        ? { appendCalls, paintCalls, requests: servedCount() }
        : { appendCalls, paintCalls, requests: servedCount(), lastCanvasPx, lastPlotPx },
  };
}

register({
  'heatmap/ours-canvas': pureCase(false),
  'heatmap/ours-element': elementCase(false),
  'heatmap-append/ours-canvas': pureCase(true),
  'heatmap-append/ours-element': elementCase(true),
  'heatmap-svg/ours-element': elementCase(false, small),
});
