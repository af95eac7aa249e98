import { expect } from '@open-wc/testing';
import {
  HeatmapPainter,
  bucketLabels,
  bucketRange,
  cellRects,
  colorDomain,
  colorScale,
  computeLayout,
  labelColumnWidth,
  legendTicks,
  LEGEND_RAMP_EM,
  luminance,
  moveFocus,
  packRgba,
  visibleWindow,
  parseColor,
  sortRows,
  thresholdState,
  timeTicks,
  totalBars,
  type HeatmapMatrix,
  type HeatmapRow,
  type Rgba,
} from './heatmap-chart.js';

function row(
  key: string,
  counts: number[],
  rates: (number | null)[],
  extra: Partial<HeatmapRow> = {},
): HeatmapRow {
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    key,
    label: key,
    counts,
    rates,
    total,
    rate: rates.some((r) => r != null) ? Math.max(...rates.map((r) => r ?? 0)) : null,
    owner: null,
    severity: null,
    runbookUrl: null,
    workflow: 'p2p_invoice_matching',
    ...extra,
  };
}

function hourly(startIso: string, n: number): string[] {
  const t0 = Date.parse(startIso);
  return Array.from({ length: n }, (_, i) => new Date(t0 + i * 3_600_000).toISOString());
}

function matrix(rows: HeatmapRow[], buckets: string[]): HeatmapMatrix {
  const cols = buckets.length;
  const counts = Array.from({ length: cols }, (_, c) =>
    rows.reduce((a, r) => a + (r.counts[c] ?? 0), 0),
  );
  return {
    bucket: 'hour',
    buckets,
    bucketEnd: new Date(Date.parse(buckets[cols - 1] as string) + 3_600_000).toISOString(),
    thresholds: { warn: 0.06, critical: 0.1 },
    rows,
    totals: { counts, items: counts.map((c) => c * 10), rates: counts.map((c) => c / 100) },
  };
}

describe('heatmap-chart: sorting and thresholds', () => {
  const rows = [
    row('b', [1, 9], [0.01, 0.09]),
    row('a', [5, 0], [0.05, 0]),
    row('c', [2, 2], [0.02, null], { label: 'Ä-first' }),
  ];

  it('sorts by total, latest and name with stable tie-breaks', () => {
    expect(sortRows(rows, 'total', 'count').map((r) => r.key)).to.deep.equal(['b', 'a', 'c']);
    expect(sortRows(rows, 'latest', 'count').map((r) => r.key)).to.deep.equal(['b', 'c', 'a']);
    // Rate "latest": the null (no items) cell sorts last.
    expect(sortRows(rows, 'latest', 'rate').map((r) => r.key)).to.deep.equal(['b', 'a', 'c']);
    expect(sortRows(rows, 'name', 'count', 'de').map((r) => r.label)).to.deep.equal([
      'a',
      'Ä-first',
      'b',
    ]);
    // Input untouched.
    expect(rows.map((r) => r.key)).to.deep.equal(['b', 'a', 'c']);
  });

  it('maps rates to ok / warn / critical at the threshold edges', () => {
    const t = { warn: 0.06, critical: 0.1 };
    expect(thresholdState(null, t)).to.equal('ok');
    expect(thresholdState(0.0599, t)).to.equal('ok');
    expect(thresholdState(0.06, t)).to.equal('warn');
    expect(thresholdState(0.0999, t)).to.equal('warn');
    expect(thresholdState(0.1, t)).to.equal('critical');
  });
});

describe('heatmap-chart: colour scale and legend', () => {
  it('parses the colour forms d3 and getComputedStyle produce', () => {
    expect(parseColor('#fff')).to.deep.equal([255, 255, 255, 255]);
    expect(parseColor('#04 5a8d'.replace(' ', ''))).to.deep.equal([4, 90, 141, 255]);
    expect(parseColor('rgb(1, 2, 3)')).to.deep.equal([1, 2, 3, 255]);
    // Cells are opaque: alpha is dropped, and the browser parses any other CSS colour.
    expect(parseColor('rgba(1, 2, 3, 0.5)')).to.deep.equal([1, 2, 3, 255]);
    expect(parseColor('rebeccapurple')).to.deep.equal([102, 51, 153, 255]);
  });

  it('is sequential: lightness falls monotonically from low to high', () => {
    const scale = colorScale([0, 100], { stops: ['#ffffff', '#000080'] });
    let last = Infinity;
    for (let v = 0; v <= 100; v += 10) {
      const l = luminance(scale.rgba(v));
      expect(l).to.be.below(last);
      last = l;
    }
    expect(scale.rgba(0)).to.deep.equal([255, 255, 255, 255]);
    expect(scale.rgba(100)).to.deep.equal([0, 0, 128, 255]);
    // Out of domain clamps; null is the no-data colour.
    expect(scale.rgba(1000)).to.deep.equal([0, 0, 128, 255]);
    expect(colorScale([0, 1], { noData: '#123456' }).rgba(null)).to.deep.equal([
      0x12, 0x34, 0x56, 255,
    ]);
  });

  it('picks the higher-contrast ink for patterns', () => {
    const scale = colorScale([0, 1], {
      stops: ['#ffffff', '#000000'],
      inkDark: '#000000',
      inkLight: '#ffffff',
    });
    expect(scale.ink(0)).to.deep.equal([0, 0, 0, 255]);
    expect(scale.ink(1)).to.deep.equal([255, 255, 255, 255]);
  });

  it('keeps the critical threshold inside the rate domain and gives integer count ticks', () => {
    const m = matrix([row('a', [1, 3], [0.01, 0.02])], hourly('2026-01-01T00:00:00Z', 2));
    expect(colorDomain(m, 'rate')).to.deep.equal([0, 0.1]);
    expect(colorDomain(m, 'count')).to.deep.equal([0, 3]);
    const ticks = legendTicks([0, 3], 'count', 'en');
    expect(ticks.map((t) => t.label)).to.deep.equal(['0', '1', '2', '3']);
    expect(ticks[3]?.offset).to.equal(1);
    expect(legendTicks([0, 0.1], 'rate', 'de').at(-1)?.label).to.match(/^10\s?%$/);
  });

  it('keeps legend labels apart on the ramp: fewer ticks rather than touching labels', () => {
    // 0–12 in steps of 2 put "10" and "12" 1.6 em apart on the ramp, which read as "1012".
    const labels = legendTicks([0, 12], 'count', 'en').map((t) => t.label);
    expect(labels).to.not.include.members(['10', '12']);
    expect(labels.length).to.be.within(3, 6);
    for (const [domain, measure] of [
      [[0, 12], 'count'],
      [[0, 1234], 'count'],
      [[0, 0.137], 'rate'],
      [[0, 1], 'rate'],
      [[0, 7], 'count'],
    ] as const) {
      const ticks = legendTicks(domain, measure, 'en');
      expect(ticks.length, `${measure} ${domain[1]}`).to.be.at.least(2);
      for (let i = 1; i < ticks.length; i++) {
        const gapEm = (ticks[i]!.offset - ticks[i - 1]!.offset) * LEGEND_RAMP_EM;
        // Centred neighbours need half of each label; 0.62 em a character, 0.5 em apart.
        const need = ((ticks[i]!.label.length + ticks[i - 1]!.label.length) / 2) * 0.62 + 0.5;
        expect(gapEm, `${ticks[i - 1]!.label} → ${ticks[i]!.label}`).to.be.at.least(need);
      }
    }
    // A wide ramp keeps the finer steps.
    expect(legendTicks([0, 12], 'count', 'en', 5, 40).map((t) => t.label)).to.deep.equal([
      '0',
      '2',
      '4',
      '6',
      '8',
      '10',
      '12',
    ]);
  });
});

describe('heatmap-chart: layout', () => {
  it('fits cells to the width on integer device pixels', () => {
    const l = computeLayout({
      width: 800,
      rows: 5,
      columns: 24,
      labelWidth: 120,
      totalWidth: 56,
      devicePixelRatio: 2,
    });
    expect(Number.isInteger(l.cellWidthPx)).to.equal(true);
    expect(l.cellWidthPx).to.equal(Math.floor(((800 - 176) * 2) / 24));
    expect(l.scroll).to.equal(false);
    expect(l.contentWidth).to.be.at.most(800);
    expect(l.canvasWidthPx).to.equal(l.cellWidthPx * 24);
  });

  it('keeps a minimum cell width and scrolls horizontally instead', () => {
    const l = computeLayout({
      width: 600,
      rows: 50,
      columns: 720,
      labelWidth: 120,
      minCellWidth: 4,
    });
    expect(l.cellWidth).to.equal(4);
    expect(l.scroll).to.equal(true);
    expect(l.contentWidth).to.equal(120 + 720 * 4 + 56);
  });

  it('caps the cell width for tiny matrices and bounds canvas memory', () => {
    expect(computeLayout({ width: 1200, rows: 2, columns: 3, labelWidth: 100 }).cellWidth).to.equal(
      48,
    );
    const huge = computeLayout({
      width: 1000,
      rows: 100,
      columns: 1000,
      labelWidth: 100,
      devicePixelRatio: 3,
    });
    // Integer device-pixel cells round up a little past the 16 M pixel budget, never far.
    expect(huge.canvasWidthPx * huge.canvasHeightPx).to.be.at.most(16_000_000 * 1.1);
    expect(huge.dpr).to.be.below(3);
  });

  it('sizes the label column from the longest label within bounds', () => {
    expect(labelColumnWidth(['a'])).to.equal(72);
    expect(labelColumnWidth(['x'.repeat(20)])).to.equal(156);
    expect(labelColumnWidth(['x'.repeat(200)])).to.equal(220);
  });
});

describe('heatmap-chart: time axis in the requested zone', () => {
  it('gives 23 distinct hourly labels on the Europe/Berlin spring-forward day', () => {
    // Local midnight 2026-03-29 is 23:00Z the day before; the next local midnight is 22:00Z.
    const buckets = hourly('2026-03-28T23:00:00Z', 23);
    const labels = bucketLabels(buckets, '2026-03-29T22:00:00Z', 'hour', 'Europe/Berlin', 'en-GB');
    expect(labels.short).to.have.length(23);
    expect(labels.short.slice(0, 4)).to.deep.equal(['00:00', '01:00', '03:00', '04:00']);
    expect(labels.short.at(-1)).to.equal('23:00');
    expect(new Set(labels.day)).to.deep.equal(new Set(['2026-03-29']));
    expect(labels.longAt(1)).to.contain('01:00').and.contain('03:00');
    // Formatted on demand, one at a time or all at once, to the same text.
    const all = buckets.map((_, i) => labels.longAt(i));
    const lazy = bucketLabels(buckets, '2026-03-29T22:00:00Z', 'hour', 'Europe/Berlin', 'en-GB');
    expect(lazy.longAt(22)).to.equal(all[22]);
    expect(buckets.map((_, i) => lazy.longAt(i))).to.deep.equal(all);
    expect([lazy.longAt(-1), lazy.longAt(23)]).to.deep.equal(['', '']);
    const ticks = timeTicks(labels, 'hour', 10);
    expect(ticks.map((t) => t.label)).to.deep.equal(['29 Mar', '06:00', '12:00', '18:00']);
    expect(ticks[0]?.major).to.equal(true);
  });

  it('gives 25 hourly labels on the fall-back day and disambiguates the repeated hour', () => {
    const buckets = hourly('2026-10-24T22:00:00Z', 25);
    const labels = bucketLabels(buckets, '2026-10-25T23:00:00Z', 'hour', 'Europe/Berlin', 'en-GB');
    expect(labels.short).to.have.length(25);
    expect(labels.short[0]).to.equal('00:00');
    expect(labels.short[2]).to.not.equal(labels.short[3]);
    expect(labels.short[2]).to.match(/^02:00 (CEST|GMT\+2)$/);
    expect(labels.short[3]).to.match(/^02:00 (CET|GMT\+1)$/);
    expect(labels.short[4]).to.equal('03:00');
    expect(labels.short.at(-1)).to.equal('23:00');
    expect(labels.hour.filter((h) => h === 2)).to.have.length(2);
  });

  it('gives the same labels when a refresh reuses the previous window, across the fall-back hour', () => {
    const end = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString();
    const zone = 'Europe/Berlin';
    let buckets = hourly('2026-10-24T20:00:00Z', 6);
    let previous = bucketLabels(buckets, end(buckets.at(-1)!), 'hour', zone, 'en-GB');
    // Move on an hour at a time: the repeated 02:00 enters the window, is disambiguated, and
    // turns plain again once its twin has left.
    for (let k = 1; k <= 10; k++) {
      buckets = [...buckets.slice(1), end(buckets.at(-1)!)];
      const reused = bucketLabels(buckets, end(buckets.at(-1)!), 'hour', zone, 'en-GB', previous);
      // Spreading reads the long labels (a getter); longAt is a closure of each call.
      const {
        reuse: _fresh,
        longAt: _freshAt,
        ...fresh
      } = bucketLabels(buckets, end(buckets.at(-1)!), 'hour', zone, 'en-GB');
      const { reuse, longAt: _at, ...rest } = reused;
      expect(rest, `window ${k}`).to.deep.equal(fresh);
      // Only this window's buckets are kept for the next one.
      expect(reuse?.parts.size).to.equal(6);
      previous = reused;
    }
    // Another zone's parts are not borrowed.
    const tokyo = bucketLabels(buckets, end(buckets.at(-1)!), 'hour', 'Asia/Tokyo', 'en-GB');
    const berlin = bucketLabels(buckets, end(buckets.at(-1)!), 'hour', zone, 'en-GB', tokyo);
    expect(berlin.short).to.deep.equal(
      bucketLabels(buckets, end(buckets.at(-1)!), 'hour', zone, 'en-GB').short,
    );
  });

  it('labels the same hour on different days plainly, across a week and a DST change', () => {
    // 2026-10-22 .. 2026-10-28 in Berlin: every hour repeats daily; only 02:00 on the 25th is ambiguous.
    const buckets = hourly('2026-10-21T22:00:00Z', 7 * 24 + 1);
    const labels = bucketLabels(buckets, '2026-10-28T23:00:00Z', 'hour', 'Europe/Berlin', 'en-GB');
    const withZone = labels.short.filter((l) => l.length > 5);
    expect(withZone).to.have.length(2);
    expect(labels.short[0]).to.equal('00:00');
    expect(labels.short[24]).to.equal('00:00');
  });

  it('marks local day changes as major ticks in the chosen zone, not UTC', () => {
    const buckets = hourly('2026-01-01T20:00:00Z', 12);
    const ny = bucketLabels(buckets, '2026-01-02T08:00:00Z', 'hour', 'America/New_York', 'en-US');
    const ticks = timeTicks(ny, 'hour', 4);
    // 05:00Z on Jan 2 is local midnight in New York (UTC midnight, 00:00Z, is not).
    const major = ticks.filter((t) => t.major).map((t) => buckets[t.index]);
    expect(major).to.deep.equal(['2026-01-02T05:00:00.000Z']);
    expect(ticks.map((t) => t.label)).to.deep.equal(['Jan 2']);
  });

  it('gives each bucket its [from, to) range with the last bucket ending at bucketEnd', () => {
    const m = {
      buckets: ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'],
      bucketEnd: '2026-01-01T02:00:00Z',
    };
    expect(bucketRange(m, 0)).to.deep.equal({
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T01:00:00Z',
    });
    expect(bucketRange(m, 1)).to.deep.equal({
      from: '2026-01-01T01:00:00Z',
      to: '2026-01-01T02:00:00Z',
    });
  });
});

describe('heatmap-chart: keyboard model', () => {
  it('moves with arrows, Home/End, Ctrl+Home/End and PageUp/PageDown, clamped', () => {
    const p = { row: 2, col: 3 };
    expect(moveFocus(p, 'ArrowRight', 10, 5)).to.deep.equal({ row: 2, col: 4 });
    expect(moveFocus({ row: 2, col: 4 }, 'ArrowRight', 10, 5)).to.deep.equal({ row: 2, col: 4 });
    expect(moveFocus(p, 'ArrowUp', 10, 5)).to.deep.equal({ row: 1, col: 3 });
    expect(moveFocus(p, 'Home', 10, 5)).to.deep.equal({ row: 2, col: 0 });
    expect(moveFocus(p, 'End', 10, 5, true)).to.deep.equal({ row: 9, col: 4 });
    expect(moveFocus(p, 'PageDown', 10, 5)).to.deep.equal({ row: 9, col: 3 });
    expect(moveFocus(p, 'PageUp', 10, 5)).to.deep.equal({ row: 0, col: 3 });
    expect(moveFocus(p, 'a', 10, 5)).to.equal(null);
  });
});

describe('heatmap-chart: SVG description', () => {
  it('describes one rect per cell with fill, ink and threshold state', () => {
    const rows = [row('a', [0, 5], [0, 0.2]), row('b', [1, 1], [0.07, null])];
    const m = matrix(rows, hourly('2026-01-01T00:00:00Z', 2));
    const layout = computeLayout({ width: 400, rows: 2, columns: 2, labelWidth: 100 });
    const scale = colorScale(colorDomain(m, 'count'));
    const rects = cellRects(m, rows, 'count', scale, layout);
    expect(rects).to.have.length(4);
    expect(rects.map((r) => r.state)).to.deep.equal(['ok', 'critical', 'warn', 'ok']);
    expect(rects[1]).to.include({ x: layout.cellWidth, y: 0, fill: scale.css(5) });
    expect(rects[2]?.y).to.equal(layout.cellHeight);
    const bars = totalBars(m, 'count', layout);
    expect(bars[1]?.height).to.be.above(bars[0]?.height ?? Infinity);
  });
});

describe('heatmap-chart: canvas painting', () => {
  const pixel = (img: ImageData, x: number, y: number): Rgba => {
    const i = (y * img.width + x) * 4;
    return [img.data[i] ?? -1, img.data[i + 1] ?? -1, img.data[i + 2] ?? -1, img.data[i + 3] ?? -1];
  };

  function big(rowsN: number, cols: number) {
    const rows = Array.from({ length: rowsN }, (_, r) =>
      row(
        `r${r}`,
        Array.from({ length: cols }, (_, c) => (r * 7 + c * 3) % 40),
        Array.from({ length: cols }, (_, c) => (c % 97 === 0 ? 0.5 : ((r + c) % 5) / 100)),
      ),
    );
    return matrix(rows, hourly('2026-01-01T00:00:00Z', cols));
  }

  it('paints 50 × 720 band by band, never through a canvas-sized buffer, with the right colours', () => {
    const m = big(50, 720);
    const layout = computeLayout({
      width: 1400,
      rows: 50,
      columns: 720,
      labelWidth: 120,
      minCellWidth: 4,
      cellHeight: 12,
      devicePixelRatio: 2,
    });
    const canvas = document.createElement('canvas');
    canvas.width = layout.canvasWidthPx;
    canvas.height = layout.canvasHeightPx;
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    let puts = 0;
    let largestBuffer = 0;
    const counting = new Proxy(ctx, {
      get(target, prop) {
        if (prop === 'putImageData') {
          return (image: ImageData, ...rest: [number, number]) => {
            puts++;
            target.putImageData(image, ...rest);
          };
        }
        if (prop === 'createImageData') {
          return (w: number, h: number) => {
            largestBuffer = Math.max(largestBuffer, w * h);
            return target.createImageData(w, h);
          };
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const painter = new HeatmapPainter(counting);
    const scale = colorScale(colorDomain(m, 'count'));
    painter.paint({
      matrix: m,
      rows: m.rows,
      measure: 'count',
      scale,
      layout,
      background: '#ffffff',
    });
    // One put per row band and one for the totals strip; the buffers are one band high (a fresh
    // canvas-sized buffer costs a page fault per 4 kB on first write, more than the painting).
    expect(puts).to.equal(51);
    expect(largestBuffer).to.equal(
      layout.canvasWidthPx * Math.max(layout.cellHeightPx, layout.stripHeightPx),
    );
    // Read back from the real canvas, not the buffer: this checks what is on screen.
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    for (const [r, c] of [
      [0, 1],
      [13, 250],
      [49, 719],
      [25, 401],
    ] as const) {
      const value = m.rows[r]?.counts[c] ?? 0;
      // Centre pixel of an "ok" cell, away from any pattern.
      expect(pixel(img, c * layout.cellWidthPx + 1, r * layout.cellHeightPx + 1)).to.deep.equal([
        ...scale.rgba(value),
      ]);
    }
    // Gap pixel between two cells is background.
    expect(pixel(img, layout.cellWidthPx - 1, 1)).to.deep.equal([255, 255, 255, 255]);
    // A critical cell (rate 0.5 at column 0) has the ink outline on its edge.
    expect(pixel(img, 0, 0)).to.deep.equal([...scale.ink(m.rows[0]?.counts[0] ?? 0)]);
  });

  it('appendColumn shifts the image by one column and paints only the new one', () => {
    const m = big(4, 30);
    const layout = computeLayout({
      width: 600,
      rows: 4,
      columns: 30,
      labelWidth: 100,
      devicePixelRatio: 1,
    });
    const canvas = document.createElement('canvas');
    canvas.width = layout.canvasWidthPx;
    canvas.height = layout.canvasHeightPx;
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    const painter = new HeatmapPainter(ctx);
    const scale = colorScale([0, 40]);
    painter.paint({ matrix: m, rows: m.rows, measure: 'count', scale, layout });
    const before = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const newCounts = [39, 0, 20, 10];
    const nextRows = m.rows.map((r, i) => ({
      ...r,
      counts: [...r.counts.slice(1), newCounts[i] ?? 0],
      rates: [...r.rates.slice(1), 0],
    }));
    const next: HeatmapMatrix = {
      ...m,
      rows: nextRows,
      buckets: [...m.buckets.slice(1), m.bucketEnd],
      totals: { ...m.totals, counts: [...m.totals.counts.slice(1), 69] },
    };
    painter.appendColumn({ matrix: next, rows: next.rows, measure: 'count', scale, layout });
    const after = ctx.getImageData(0, 0, canvas.width, canvas.height);
    // Old column 5 is now at column 4.
    const x = 4 * layout.cellWidthPx + 2;
    expect(pixel(after, x, 2)).to.deep.equal(pixel(before, x + layout.cellWidthPx, 2));
    // New last column carries the new values.
    const lastX = 29 * layout.cellWidthPx + 2;
    newCounts.forEach((v, r) =>
      expect(pixel(after, lastX, r * layout.cellHeightPx + 2)).to.deep.equal([...scale.rgba(v)]),
    );
  });

  it('appendColumn leaves the same pixels as a full paint of the new matrix, ring gone', () => {
    const m = big(6, 40);
    const layout = computeLayout({
      width: 600,
      rows: 6,
      columns: 40,
      labelWidth: 100,
      devicePixelRatio: 1,
    });
    const canvas = document.createElement('canvas');
    canvas.width = layout.canvasWidthPx;
    canvas.height = layout.canvasHeightPx;
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    const painter = new HeatmapPainter(ctx);
    const scale = colorScale([0, 40]);
    painter.paint({ matrix: m, rows: m.rows, measure: 'count', scale, layout });
    // A ring drawn before the append must not survive it (the caller redraws it where it belongs).
    painter.drawFocus({ row: 2, col: 20 });
    const nextRows = m.rows.map((r, i) => ({
      ...r,
      counts: [...r.counts.slice(1), 5 * i],
      // A critical cell in the new column: its pattern must be painted there too.
      rates: [...r.rates.slice(1), i === 3 ? 0.5 : 0],
    }));
    const next: HeatmapMatrix = {
      ...m,
      rows: nextRows,
      buckets: [...m.buckets.slice(1), m.bucketEnd],
      totals: { ...m.totals, counts: [...m.totals.counts.slice(1), 1000] },
    };
    const input = { matrix: next, rows: next.rows, measure: 'count' as const, scale, layout };
    painter.appendColumn(input);
    const [w, h] = [canvas.width, canvas.height];
    const shifted = ctx.getImageData(0, 0, w, h).data;
    const fresh = document.createElement('canvas');
    fresh.width = w;
    fresh.height = h;
    const freshCtx = fresh.getContext('2d', { willReadFrequently: true })!;
    new HeatmapPainter(freshCtx).paint(input);
    const expected = freshCtx.getImageData(0, 0, w, h).data;
    let differing = 0;
    for (let i = 0; i < expected.length; i++) if (shifted[i] !== expected[i]) differing++;
    expect(differing).to.equal(0);
  });

  it('matches a full paint after a series of appends, focus ring included', () => {
    // Windows of one long matrix: each is the previous one moved on by an hour, every kept cell
    // unchanged, as a live refresh sends them.
    const long = big(6, 60);
    const window = (k: number): HeatmapMatrix =>
      matrix(
        long.rows.map((r) => ({
          ...r,
          counts: r.counts.slice(k, k + 40),
          rates: r.rates.slice(k, k + 40),
        })),
        long.buckets.slice(k, k + 40),
      );
    const layout = computeLayout({ width: 600, rows: 6, columns: 40, labelWidth: 100 });
    const canvasOf = () => {
      const canvas = document.createElement('canvas');
      canvas.width = layout.canvasWidthPx;
      canvas.height = layout.canvasHeightPx;
      return canvas.getContext('2d', { willReadFrequently: true })!;
    };
    const scale = colorScale([0, 40]);
    const input = (k: number) => {
      const m = window(k);
      return { matrix: m, rows: m.rows, measure: 'count' as const, scale, layout };
    };
    const ctx = canvasOf();
    const painter = new HeatmapPainter(ctx);
    painter.paint(input(0));
    for (let k = 1; k <= 15; k++) {
      painter.appendColumn(input(k));
      // Each ring must be restored from the data the painter has at that moment.
      painter.drawFocus({ row: k % 6, col: (40 - k) % 40 });
    }
    painter.drawFocus({ row: 4, col: 0 });
    painter.drawFocus({ row: 1, col: 39 });
    const expectedCtx = canvasOf();
    const fresh = new HeatmapPainter(expectedCtx);
    fresh.paint(input(15));
    fresh.drawFocus({ row: 1, col: 39 });
    const [w, h] = [layout.canvasWidthPx, layout.canvasHeightPx];
    const got = ctx.getImageData(0, 0, w, h).data;
    const expected = expectedCtx.getImageData(0, 0, w, h).data;
    let differing = 0;
    for (let i = 0; i < expected.length; i++) if (got[i] !== expected[i]) differing++;
    expect(differing).to.equal(0);
  });

  it('draws a focus ring and restores the pixels under the previous one', () => {
    const m = big(3, 10);
    const layout = computeLayout({ width: 600, rows: 3, columns: 10, labelWidth: 100 });
    const canvas = document.createElement('canvas');
    canvas.width = layout.canvasWidthPx;
    canvas.height = layout.canvasHeightPx;
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    const painter = new HeatmapPainter(ctx);
    painter.paint({
      matrix: m,
      rows: m.rows,
      measure: 'count',
      scale: colorScale([0, 40]),
      layout,
      focusColor: '#ff0000',
    });
    const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const at = (x: number, y: number) =>
      pixel(ctx.getImageData(0, 0, canvas.width, canvas.height), x, y);
    const cx = 3 * layout.cellWidthPx;
    const cy = 1 * layout.cellHeightPx;
    // The ring sits just outside the cell so the cell's own colour stays readable.
    painter.drawFocus({ row: 1, col: 3 });
    expect(at(cx - 1, cy - 1)).to.deep.equal([255, 0, 0, 255]);
    expect(at(cx + 3, cy + 3)).to.deep.equal(pixel(image, cx + 3, cy + 3));
    painter.drawFocus({ row: 2, col: 8 });
    expect(at(cx - 1, cy - 1)).to.deep.equal(pixel(image, cx - 1, cy - 1));
    // A ring on the last row reaches into the totals strip, one at the corner is clipped by the
    // canvas edge; once removed, every pixel is back to the painted image.
    painter.drawFocus({ row: 2, col: 0 });
    expect(at(0, canvas.height - layout.stripHeightPx)).to.deep.equal([255, 0, 0, 255]);
    painter.drawFocus({ row: 0, col: 9 });
    painter.drawFocus(null);
    const after = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let differing = 0;
    for (let i = 0; i < after.length; i++) if (after[i] !== image.data[i]) differing++;
    expect(differing).to.equal(0);
  });

  it('paints a window of the plot exactly as that part of a whole-plot paint, rings included', () => {
    const m = big(6, 60);
    // Rates put warn and critical patterns on many cells, so windows cut through patterns too.
    const layout = computeLayout({
      width: 300,
      rows: 6,
      columns: 60,
      labelWidth: 100,
      minCellWidth: 5,
      devicePixelRatio: 1.5,
    });
    expect(layout.scroll).to.equal(true);
    const scale = colorScale(colorDomain(m, 'rate'));
    const input = { matrix: m, rows: m.rows, measure: 'rate' as const, scale, layout };
    const [W, H] = [layout.canvasWidthPx, layout.canvasHeightPx];
    const context = (w: number) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = H;
      return canvas.getContext('2d', { willReadFrequently: true })!;
    };
    const whole = context(W);
    const full = new HeatmapPainter(whole);
    full.paint(input);
    const differing = (ctx: CanvasRenderingContext2D, x: number, w: number) => {
      const got = ctx.getImageData(0, 0, w, H).data;
      const want = whole.getImageData(x, 0, w, H).data;
      let n = 0;
      for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) n++;
      return n;
    };
    // Starts inside a cell and inside a gap, at the plot's start and flush with its end.
    const pitch = layout.cellWidthPx;
    for (const win of [
      { x: 3 * pitch + 2, width: 101 },
      { x: 10 * pitch - 1, width: 3 * pitch },
      { x: 0, width: 50 },
      { x: W - 77, width: 77 },
    ]) {
      const ctx = context(win.width);
      const painter = new HeatmapPainter(ctx);
      painter.paint({ ...input, window: win });
      expect(differing(ctx, win.x, win.width), `window ${win.x}+${win.width}`).to.equal(0);
      // A ring on a cell the window's left edge cuts, then on the last row (into the strip).
      const col = Math.floor(win.x / pitch);
      for (const pos of [
        { row: 1, col },
        { row: 5, col: Math.min(59, col + 2) },
      ]) {
        painter.drawFocus(pos);
        full.drawFocus(pos);
        expect(differing(ctx, win.x, win.width), `ring ${pos.row},${pos.col}`).to.equal(0);
      }
      painter.drawFocus(null);
      full.drawFocus(null);
      expect(differing(ctx, win.x, win.width), 'rings removed').to.equal(0);
    }
  });

  it('gives exactly the part of the plot on screen when there is no slack', () => {
    // Unscrolled, left to right: the label column takes the first 170 px of the screen.
    expect(visibleWindow(2880, -170, 1200, 0)).to.deep.equal({ x: 0, width: 1030 });
    // Right to left, unscrolled: the end of the plot, the label column past it.
    expect(visibleWindow(2880, 1850, 1200, 0)).to.deep.equal({ x: 1850, width: 1030 });
    expect(visibleWindow(800, -170, 1200, 0)).to.deep.equal({ x: 0, width: 800 });
  });

  it('keeps the canvas window one size while scrolling and covers what is visible', () => {
    const win = visibleWindow(2880, 0, 1000);
    expect(win).to.deep.equal({ x: 0, width: 1256 });
    // Scrolling within the slack keeps the window; past it, the window moves on.
    expect(visibleWindow(2880, 200, 1000)).to.deep.equal(win);
    expect(visibleWindow(2880, 300, 1000)).to.deep.equal({ x: 256, width: 1256 });
    // At the end it is flush with the plot, same width; a plot narrower than the window is whole.
    expect(visibleWindow(2880, 1880, 1000)).to.deep.equal({ x: 1624, width: 1256 });
    expect(visibleWindow(800, 0, 1000)).to.deep.equal({ x: 0, width: 800 });
    for (const from of [0, 255, 256, 1000, 1879, 1880]) {
      const w = visibleWindow(2880, from, 1000);
      expect(w.x).to.be.at.most(from);
      expect(w.x + w.width).to.be.at.least(Math.min(2880, from + 1000));
    }
  });

  it('packs colours in the platform byte order', () => {
    const px = new Uint32Array([packRgba([1, 2, 3, 4])]);
    expect([...new Uint8ClampedArray(px.buffer)]).to.deep.equal([1, 2, 3, 4]);
  });
});
