import { expect } from '@open-wc/testing';
import type { ThroughputResponse } from '@cmdctr/contract';
import {
  ThroughputModel,
  SERIES_DASHES,
  clampDomain,
  computeLayout,
  drawCanvas,
  parseTimes,
  snapToBuckets,
  svgPaths,
  zoomDomain,
  type ChartData,
} from './throughput-chart.js';

const HOUR = 3_600_000;
const COLORS = [
  '#0072b2',
  '#b35900',
  '#007d5c',
  '#b5478f',
  '#cc4a00',
  '#6f4ab0',
  '#857a00',
  '#5c5c5c',
  '#112233',
  '#445566',
];
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

async function fixture(variant = ''): Promise<ThroughputResponse> {
  const response = await fetch(`/v1/metrics/throughput${variant ? `?fixture=${variant}` : ''}`);
  return (await response.json()) as ThroughputResponse;
}

function fromResponse(data: ThroughputResponse): ChartData {
  return {
    times: parseTimes(data.buckets),
    end: Date.parse(data.bucketEnd),
    series: data.series,
    backlog: data.backlog.values,
    target: data.target.perBucket,
  };
}

/** `series` hourly series of `n` buckets from 2025-01-01, every value `value(s, i)`. */
function hourly(series: number, n: number, value: (s: number, i: number) => number): ChartData {
  const start = Date.parse('2025-01-01T00:00:00Z');
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = start + i * HOUR;
  return {
    times,
    end: start + n * HOUR,
    series: Array.from({ length: series }, (_, s) => ({
      key: `s${s}`,
      label: `Series ${s}`,
      values: Float64Array.from({ length: n }, (_, i) => value(s, i)),
    })),
  };
}

function canvasFor(width: number, height: number) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  return {
    canvas,
    ctx,
    pixel: (x: number, y: number) => [...ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data],
  };
}

const style = (n: number) => ({
  colors: COLORS.slice(0, n),
  dashes: Array.from({ length: n }, () => [] as number[]),
  previous: '#888888',
  backlog: '#444444',
  fill: true,
  fillOpacity: 0.3,
  pixelRatio: 1,
});

describe('throughput chart (pure)', () => {
  it('stacks series into running totals and scales to the total and the SLO target', async () => {
    const data = await fixture();
    const model = new ThroughputModel();
    model.setData(fromResponse(data), 'area');
    const [first, second] = data.series;
    expect(model.n).to.equal(7);
    expect(model.layers[1]![0]).to.equal(first!.values[0]! + second!.values[0]!);
    const layout = computeLayout(model, {
      width: 640,
      height: 280,
      mode: 'area',
      timeZone: 'Europe/Berlin',
      locale: 'en-GB',
    });
    const maxTotal = Math.max(...first!.values.map((v, i) => v + second!.values[i]!));
    expect(layout.y.domain()[1]).to.be.at.least(Math.max(maxTotal, data.target.perBucket));
    expect(layout.y2!.domain()[1]).to.be.at.least(Math.max(...data.backlog.values));
    // Days start at local midnight in Berlin: the first tick is 28 Nov at 23:00 UTC the day before.
    expect(layout.xTicks[0]).to.include({ label: '28 Nov' });
    expect(new Date(layout.xTicks[0]!.at).toISOString()).to.equal('2025-11-27T23:00:00.000Z');
    const paths = svgPaths(model, layout);
    expect(paths.series).to.have.length(2);
    expect(paths.series[0]!.fill).to.match(/^M[\d.]+,[\d.]+L/);
    expect(paths.backlog).to.match(/^M/);
    // Line mode draws the raw values, not running totals.
    model.setData(fromResponse(data), 'line');
    expect(model.layers[1]![0]).to.equal(second!.values[0]);
    expect(
      svgPaths(
        model,
        computeLayout(model, {
          width: 640,
          height: 280,
          mode: 'line',
          timeZone: 'UTC',
          locale: 'en',
        }),
      ).series[0]!.fill,
    ).to.equal(null);
  });

  for (const [day, from, to, count] of [
    ['2026-03-29', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 23],
    ['2026-10-25', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 25],
  ] as const) {
    it(`puts ${count} hourly buckets and ticks on the DST day ${day} in Europe/Berlin`, () => {
      const start = Date.parse(from);
      const end = Date.parse(to);
      const n = (end - start) / HOUR;
      expect(n).to.equal(count);
      const times = Array.from({ length: n }, (_, i) => start + i * HOUR);
      const model = new ThroughputModel();
      model.setData(
        { times, end, series: [{ key: 'a', label: 'A', values: times.map(() => 5) }] },
        'line',
      );
      const layout = computeLayout(model, {
        width: 2400,
        height: 200,
        mode: 'line',
        timeZone: 'Europe/Berlin',
        locale: 'en-GB',
      });
      expect(layout.xTicks).to.have.length(count);
      const labels = layout.xTicks.map((t) => t.label);
      expect(labels[0]).to.equal(day === '2026-03-29' ? '29 Mar' : '25 Oct');
      expect(labels.filter((l) => l === '02:00')).to.have.length(count === 23 ? 0 : 2);
      // Equal hours get equal room on the axis, across the change.
      const gaps = layout.xTicks.slice(1).map((t, i) => t.x - layout.xTicks[i]!.x);
      for (const gap of gaps) expect(gap).to.be.closeTo(gaps[0]!, 0.01);
    });
  }

  it('draws 10 × 8,760 stacked hourly points on canvas with the right colours in the right bands', () => {
    const model = new ThroughputModel();
    model.setData(
      hourly(10, 8760, () => 10),
      'area',
    );
    const layout = computeLayout(model, {
      width: 900,
      height: 320,
      mode: 'area',
      timeZone: 'UTC',
      locale: 'en',
    });
    const { ctx, pixel } = canvasFor(900, 320);
    drawCanvas(ctx, model, layout, style(10));
    const midX = layout.plot.left + layout.plot.width / 2;
    for (const s of [0, 4, 9]) {
      const [r, g, b, a] = pixel(midX, layout.y(s * 10 + 5));
      expect(a, `alpha of band ${s}`).to.be.closeTo(0.3 * 255, 3);
      const [er, eg, eb] = rgb(COLORS[s]!);
      expect(
        Math.abs(r! - er!) + Math.abs(g! - eg!) + Math.abs(b! - eb!),
        `colour of band ${s}`,
      ).to.be.below(12);
    }
    // Above the stack: nothing drawn.
    expect(pixel(midX, layout.y(100) - 10)[3]).to.equal(0);
    // Only a few points per pixel column are kept.
    const columns = model.columnsFor(
      0,
      layout.start,
      layout.end,
      Math.max(1, Math.floor((layout.end - layout.start) / layout.plot.width)),
    );
    expect(columns.count).to.be.within(layout.plot.width / 2, layout.plot.width * 2);
  });

  it('snaps canvas vertices to whole device pixels, so a flat 2 px line covers exactly two rows', () => {
    const options = {
      width: 900,
      height: 320,
      mode: 'line',
      timeZone: 'UTC',
      locale: 'en',
    } as const;
    // A value whose unsnapped y falls between pixels: drawn there, antialiasing would spread the
    // line over three partly covered rows.
    let value = 0;
    let layout: ReturnType<typeof computeLayout> | undefined;
    const model = new ThroughputModel();
    for (let v = 3; v < 200 && !layout; v++) {
      model.setData(
        hourly(1, 8760, () => v),
        'line',
      );
      const candidate = computeLayout(model, options);
      const frac = candidate.y(v) % 1;
      if (frac > 0.3 && frac < 0.7) [value, layout] = [v, candidate];
    }
    expect(layout, 'a value with a fractional y').to.not.equal(undefined);
    const { ctx, pixel } = canvasFor(900, 320);
    drawCanvas(ctx, model, layout!, style(1));
    const row = Math.round(layout!.y(value));
    const x = layout!.plot.left + layout!.plot.width / 2;
    expect([row - 2, row - 1, row, row + 1].map((r) => pixel(x, r)[3])).to.deep.equal([
      0, 255, 255, 0,
    ]);
  });

  it('keeps a one-hour spike visible after downsampling (min/max per column)', () => {
    const spikeAt = 4380;
    const model = new ThroughputModel();
    model.setData(
      hourly(10, 8760, (s, i) => (s === 0 && i === spikeAt ? 500 : 10 + s)),
      'line',
    );
    const layout = computeLayout(model, {
      width: 900,
      height: 320,
      mode: 'line',
      timeZone: 'UTC',
      locale: 'en',
    });
    const { ctx, pixel } = canvasFor(900, 320);
    drawCanvas(ctx, model, layout, style(10));
    const x = layout.x(model.mid[spikeAt]!);
    const hits = [-1, 0, 1].map((dx) => pixel(x + dx, layout.y(400)));
    expect(
      hits.some((p) => p[3]! > 128 && Math.abs(p[2]! - 0xb2) < 40 && p[0]! < 60),
      'spike column painted',
    ).to.equal(true);
    expect(pixel(x + 40, layout.y(400))[3]).to.equal(0);
  });

  it('recomputes only the tail when one bucket is appended', () => {
    const n = 8760;
    const model = new ThroughputModel();
    const data = hourly(10, n, () => 10);
    model.setData(data, 'line');
    const width = 900;
    let layout = computeLayout(model, {
      width,
      height: 320,
      mode: 'line',
      timeZone: 'UTC',
      locale: 'en',
    });
    const { ctx, pixel } = canvasFor(width, 320);
    drawCanvas(ctx, model, layout, style(10));
    const k = Math.max(1, Math.floor((layout.end - layout.start) / layout.plot.width));
    const before = model.columnsFor(0, layout.start, layout.end, k);
    const kept = before.count;

    const next = hourly(10, n + 1, (s, i) => (s === 0 && i === n ? 300 : 10));
    model.setData(next, 'line');
    expect(model.recomputedFrom).to.equal(n - 1);
    layout = computeLayout(model, {
      width,
      height: 320,
      mode: 'line',
      timeZone: 'UTC',
      locale: 'en',
    });
    const after = model.columnsFor(0, layout.start, layout.end, k);
    expect(after).to.equal(before);
    expect(after.count).to.be.within(kept, kept + 1);
    drawCanvas(ctx, model, layout, style(10));
    const lastX = layout.x(model.mid[n]!);
    expect(pixel(lastX - 1, layout.y(200))[3], 'new bucket drawn').to.be.above(0);

    // A change in the middle is not an append: everything is recomputed.
    const changed = hourly(10, n + 1, (s, i) => (i === 100 ? 99 : s === 0 && i === n ? 300 : 10));
    model.setData(changed, 'line');
    expect(model.recomputedFrom).to.equal(0);
  });

  it('parses only new bucket strings and still returns the right times for any input', () => {
    const iso = (i: number) => new Date(Date.UTC(2026, 2, 1) + i * HOUR).toISOString();
    const range = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => iso(from + i));
    const real = Date.parse;
    let parsed = 0;
    Date.parse = (s: string) => {
      parsed++;
      return real(s);
    };
    try {
      // Whatever an earlier test parsed is no prefix of this: every bucket below is new.
      parseTimes(['not a time']);
      parsed = 0;
      const first = parseTimes(range(0, 1000));
      expect(parsed).to.equal(1000);
      // The caller owns the result: writing to it must not leak into the next call.
      first[5] = -1;
      parsed = 0;
      const appended = parseTimes(range(0, 1002));
      expect(parsed, 'an append parses only the new buckets').to.equal(2);
      expect(appended[5]).to.equal(real(iso(5)));
      parsed = 0;
      const slid = parseTimes(range(3, 1004));
      expect(parsed, 'a sliding window parses only the new buckets').to.equal(2);
      // Different strings at the same index (another zone offset) are parsed, not reused.
      parsed = 0;
      const shifted = range(3, 1004).map((b) => b.replace('Z', '+01:00'));
      const other = parseTimes(shifted);
      expect(parsed).to.equal(1001);
      expect(other[0]).to.equal(real(shifted[0]!));
      expect(parseTimes([]).length).to.equal(0);
      for (const [got, from] of [
        [appended, 0],
        [slid, 3],
      ] as const) {
        for (let i = 0; i < got.length; i++) {
          if (got[i] !== real(iso(from + i))) throw new Error(`time ${i} from ${from} is wrong`);
        }
      }
    } finally {
      Date.parse = real;
    }
  });

  it('zooms, pans and clamps the time domain and snaps ranges to bucket edges', () => {
    const full = [0, 100] as const;
    expect(zoomDomain(full, full, { zoom: 0.5 })).to.deep.equal([25, 75]);
    expect(zoomDomain([25, 75], full, { pan: 0.2 })).to.deep.equal([35, 85]);
    expect(zoomDomain([60, 100], full, { pan: 0.5 })).to.deep.equal([60, 100]);
    expect(zoomDomain([25, 75], full, { zoom: 4 })).to.deep.equal([0, 100]);
    expect(zoomDomain([40, 60], full, { zoom: 0.01 }, 10)).to.deep.equal([45, 55]);
    expect(clampDomain([-10, 20], full)).to.deep.equal([0, 30]);

    const model = new ThroughputModel();
    model.setData(
      hourly(1, 24, () => 1),
      'line',
    );
    const t0 = model.times[0]!;
    const range = snapToBuckets(model, t0 + 2.5 * HOUR, t0 + 5.2 * HOUR);
    expect(range).to.deep.equal({ from: t0 + 2 * HOUR, to: t0 + 6 * HOUR });
    expect(snapToBuckets(model, t0 + 23.5 * HOUR, t0 + 22 * HOUR)).to.deep.equal({
      from: t0 + 22 * HOUR,
      to: t0 + 24 * HOUR,
    });
  });

  it('gives every series its own dash pattern', () => {
    const patterns = new Set(SERIES_DASHES.map((d) => d.join(',')));
    expect(patterns.size).to.equal(SERIES_DASHES.length);
  });
});
