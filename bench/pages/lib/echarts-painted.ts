/**
 * When an ECharts chart has really painted. Its `finished` event means the chart's own work is
 * done, but zrender's canvas painter then draws large ("incremental") layers in slices, one per
 * animation frame, until every element is on the canvas. Stopping the clock (or disposing) at
 * `finished` would cut that short — disposing mid-slice even throws from the next slice. So the
 * painter's slice routine is observed, through zrender's internal `_doPaintList` (it returns
 * whether everything is drawn): after `finished`, we wait frame by frame until it says so.
 */
import type { ECharts } from 'echarts/core';
import { frame } from './harness.js';

interface SlicingPainter {
  _doPaintList(...args: unknown[]): boolean;
}

const unfinished = new WeakMap<ECharts, { slicing: boolean }>();

function track(chart: ECharts): { slicing: boolean } {
  const known = unfinished.get(chart);
  if (known) return known;
  const painter = (chart.getZr() as unknown as { painter: SlicingPainter }).painter;
  if (typeof painter._doPaintList !== 'function')
    throw new Error('zrender changed: cannot tell when ECharts has painted');
  const original = painter._doPaintList;
  const tracked = { slicing: false };
  painter._doPaintList = function (this: SlicingPainter, ...args: unknown[]) {
    const finished = original.apply(this, args);
    tracked.slicing = !finished;
    return finished;
  };
  unfinished.set(chart, tracked);
  return tracked;
}

/** Call before `setOption`; resolves once `finished` has fired and every slice is drawn. */
export function paintedAfterFinished(chart: ECharts): Promise<void> {
  const state = track(chart);
  return new Promise<void>((resolve) => {
    const onFinished = () => {
      chart.off('finished', onFinished);
      resolve();
    };
    chart.on('finished', onFinished);
  }).then(async () => {
    while (state.slicing) await frame();
  });
}
