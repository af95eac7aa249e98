import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { clientFor, type CmdctrClient, type ThroughputResponse } from '@cmdctr/contract';
import { CmdctrThroughput } from './cmdctr-throughput.js';
import './define.js';
import {
  PNG_SIGNATURE,
  exportAs,
  exportCsvWhileClosed,
  pngSignature,
} from '../../test/export-support.js';
import { removeWrappers, wrapper } from '../../test/hosts.js';
import { jsonResponse } from '../../test/fixture-responses.js';
import { expectNoLeaksAcrossMounts, withResizeObserverProbe } from '../../test/leak-probes.js';
import * as tables from '../../test/table-disclosure.js';

type Internals = {
  metric: {
    status: string;
    loading: boolean;
    refresh(): Promise<void>;
    options: { query: () => Record<string, string | undefined> };
  };
};
const internals = (el: CmdctrThroughput) => el as unknown as Internals;

/** Buckets in the long test series: past the on-screen table cap of 400. */
const LONG = 500;
const HOUR = 3_600_000;
const LONG_START = Date.parse('2025-01-01T00:00:00Z');
// The hourly fixture fetched over HTTP and stretched to LONG buckets, so the table cap is real.
class LongThroughput extends CmdctrThroughput {
  private readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
      url.searchParams.set('fixture', 'hourly');
      const response = await fetch(url, { ...init, cache: 'no-store' });
      const body = (await response.json()) as ThroughputResponse;
      const iso = (i: number) => new Date(LONG_START + i * HOUR).toISOString();
      body.buckets = Array.from({ length: LONG }, (_, i) => iso(i));
      body.bucketEnd = iso(LONG);
      body.meta.filters.from = iso(0);
      body.meta.filters.to = iso(LONG);
      body.series.forEach((series, k) => {
        series.values = Array.from({ length: LONG }, (_, i) => ((i * 7 + k * 13) % 50) + k);
      });
      body.backlog.values = Array.from({ length: LONG }, (_, i) => 200 + (i % 90));
      return jsonResponse(body, response.status);
    },
  });
  override get client(): CmdctrClient {
    return this.testClient;
  }
}
customElements.define('test-throughput-long', LongThroughput);

const root = (el: Element) => el.shadowRoot!;
const settled = async (el: CmdctrThroughput) => {
  await waitUntil(
    () => !internals(el).metric.loading && internals(el).metric.status !== 'idle',
    'never settled',
    { timeout: 8000 },
  );
  await el.updateComplete;
};
const drawn = async (el: CmdctrThroughput) => {
  await settled(el);
  await waitUntil(() => root(el).querySelector('svg.overlay'), 'chart never drawn');
  await el.updateComplete;
};

afterEach(() => {
  removeWrappers();
});

async function mount(
  attrs = '',
  width = 640,
  tag = 'cmdctr-throughput',
): Promise<CmdctrThroughput> {
  const host = wrapper(width);
  host.innerHTML = `<${tag} src="" tz="Europe/Berlin" locale="en-GB" ${attrs}></${tag}>`;
  const el = host.firstElementChild as CmdctrThroughput;
  await drawn(el);
  return el;
}

describe('<cmdctr-throughput>', () => {
  it('renders the fixture: legend, stacked areas, target, backlog and Berlin day labels', async () => {
    const el = await mount('compare');
    const shadow = root(el);
    const legend = [...shadow.querySelectorAll('[part=legend-item]')].map((b) =>
      b.textContent?.trim(),
    );
    expect(legend).to.deep.equal([
      'P2P – Invoice Matching',
      'Order Fulfillment – Hold Resolution',
      'Previous period',
      'Open backlog',
    ]);
    expect(shadow.querySelectorAll('path.band')).to.have.length(2);
    expect(shadow.querySelector('path.previous')).to.not.equal(null);
    expect(shadow.querySelector('path.backlog')).to.not.equal(null);
    expect(shadow.querySelector('.target-label')?.textContent).to.equal('SLO 2,000');
    const labels = [...shadow.querySelectorAll('.axis text[text-anchor=middle]')].map(
      (t) => t.textContent,
    );
    expect(labels[0]).to.equal('28 Nov');
    expect(labels).to.include('1 Dec');
    expect(shadow.querySelector('[part=base]')?.getAttribute('aria-label')).to.equal(
      'Throughput by workflow',
    );
    await expect(el).to.be.accessible();
  });

  it('sends group-by and compare as query parameters', async () => {
    performance.clearResourceTimings();
    const el = await mount('group-by="region" compare');
    const urls = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => u.includes('/v1/metrics/throughput'));
    expect(
      urls.some((u) => u.includes('groupBy=region') && u.includes('compare=previous')),
    ).to.equal(true);
    expect(root(el).querySelector('[part=base]')?.getAttribute('aria-label')).to.equal(
      'Throughput by region',
    );
  });

  it('draws lines with dash patterns in line mode', async () => {
    const el = await mount('mode="line"');
    const lines = [...root(el).querySelectorAll('path.line.s1, path.line.s2')];
    expect(lines).to.have.length(2);
    expect(root(el).querySelectorAll('path.band')).to.have.length(0);
    expect(lines[0]!.getAttribute('stroke-dasharray')).to.equal(null);
    expect(lines[1]!.getAttribute('stroke-dasharray')).to.equal('6 3');
  });

  it('toggles series from the legend', async () => {
    const el = await mount();
    const shadow = root(el);
    const button = shadow.querySelectorAll<HTMLButtonElement>('[part=legend-item]')[1]!;
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(shadow.querySelectorAll('path.band')).to.have.length(1);
    expect(shadow.querySelector('path.band.s2')).to.equal(null);
    button.click();
    await el.updateComplete;
    expect(shadow.querySelectorAll('path.band')).to.have.length(2);
    // The backlog toggles too.
    shadow.querySelector<HTMLButtonElement>('[part=legend-item].backlog')!.click();
    await el.updateComplete;
    expect(shadow.querySelector('path.backlog')).to.equal(null);
  });

  it('zooms with the keyboard and emits cmdctr-range-change', async () => {
    const el = await mount();
    const plot = root(el).querySelector<HTMLElement>('[part=plot]')!;
    plot.focus();
    const press = (key: string) =>
      plot.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

    let event = oneEvent(el, 'cmdctr-range-change');
    press('+');
    const zoomed = (await event).detail;
    const span = (d: { from: string; to: string }) => Date.parse(d.to) - Date.parse(d.from);
    expect(span(zoomed)).to.be.below(7 * 86_400_000);
    expect(Date.parse(zoomed.from)).to.be.at.least(Date.parse('2025-11-27T23:00:00Z'));
    await el.updateComplete;
    expect(root(el).querySelector('[part=reset-zoom]')).to.not.equal(null);

    event = oneEvent(el, 'cmdctr-range-change');
    press('ArrowRight');
    const panned = (await event).detail;
    expect(Date.parse(panned.from)).to.be.above(Date.parse(zoomed.from));

    event = oneEvent(el, 'cmdctr-range-change');
    press('Escape');
    expect((await event).detail).to.deep.equal({
      from: '2025-11-27T23:00:00.000Z',
      to: '2025-12-04T23:00:00.000Z',
    });
    await el.updateComplete;
    expect(root(el).querySelector('[part=reset-zoom]')).to.equal(null);
    expect(root(el).querySelector('[role=status]')?.textContent).to.equal(
      'Showing the whole range',
    );
  });

  it('zooms to a range brushed with the pointer', async () => {
    const el = await mount();
    const plot = root(el).querySelector<HTMLElement>('[part=plot]')!;
    const box = plot.getBoundingClientRect();
    const pointer = (type: string, x: number) =>
      plot.dispatchEvent(
        new PointerEvent(type, {
          clientX: box.left + x,
          clientY: box.top + 100,
          pointerId: 7,
          button: 0,
          bubbles: true,
        }),
      );
    const event = oneEvent(el, 'cmdctr-range-change');
    pointer('pointerdown', 120);
    pointer('pointermove', 300);
    await el.updateComplete;
    expect(root(el).querySelector('rect.brush')).to.not.equal(null);
    pointer('pointerup', 300);
    const { detail } = await event;
    const days = (Date.parse(detail.to) - Date.parse(detail.from)) / 86_400_000;
    expect(days).to.be.within(1, 5);
    // Snapped to bucket edges: Berlin midnights.
    expect(detail.from.endsWith('T23:00:00.000Z')).to.equal(true);
  });

  it('shows every series at the hovered time in the crosshair tooltip', async () => {
    const el = await mount();
    const plot = root(el).querySelector<HTMLElement>('[part=plot]')!;
    const box = plot.getBoundingClientRect();
    // Last bucket (4 Dec): the right end of the plot.
    plot.dispatchEvent(
      new PointerEvent('pointermove', {
        clientX: box.right - 60,
        clientY: box.top + 80,
        bubbles: true,
      }),
    );
    await el.updateComplete;
    const tooltip = root(el).querySelector<HTMLElement>('[part=tooltip]')!;
    expect(tooltip.matches(':popover-open')).to.equal(true);
    const data = await (await fetch('/v1/metrics/throughput')).json();
    const last = data.series.map((s: { values: number[] }) => s.values[6]);
    const text = (tooltip.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).to.contain('4 Dec 2025');
    expect(text).to.contain(`P2P – Invoice Matching ${last[0].toLocaleString('en-GB')}`);
    expect(text).to.contain(
      `Order Fulfillment – Hold Resolution ${last[1].toLocaleString('en-GB')}`,
    );
    expect(text).to.contain(`Total ${(last[0] + last[1]).toLocaleString('en-GB')}`);
    expect(text).to.contain('Open backlog');
    expect(text).to.contain('SLO target 2,000');
    expect(root(el).querySelector('line.crosshair')).to.not.equal(null);
    plot.dispatchEvent(new PointerEvent('pointerleave'));
    expect(tooltip.matches(':popover-open')).to.equal(false);
  });

  it('builds no table until the Table button opens it', async () => {
    const el = await mount();
    const shadow = root(el);
    tables.expectNoTableBuilt(shadow);
    // The button names its region even while closed; the region tells screen readers where to look.
    tables.expectTableClosed(shadow);
    await expect(el).to.be.accessible();
  });

  it('shows the data table in a labelled region while the Table button is expanded', async () => {
    const el = await mount();
    const { toggle, regions } = await tables.openTableFromButton(el);
    expect(regions).to.have.length(1);
    const table = tables.expectOpenRegion(regions[0]!, 'Data table');
    expect(table.querySelectorAll('tbody tr')).to.have.length(7);
    expect(table.querySelector('tbody th')?.textContent).to.match(/28 Nov 2025/);
    const data = await (await fetch('/v1/metrics/throughput')).json();
    const first = table.querySelectorAll('tbody tr')[0]!.querySelectorAll('td');
    expect(first[0]?.textContent).to.equal(data.series[0].values[0].toLocaleString('en-GB'));
    expect(first[2]?.textContent).to.equal(
      (data.series[0].values[0] + data.series[1].values[0]).toLocaleString('en-GB'),
    );
    await expect(el).to.be.accessible();
    await tables.closeTableFromButton(el, toggle);
  });

  it('lists the latest 400 buckets when open, and exports every bucket while closed', async () => {
    const el = await mount('', 640, 'test-throughput-long');
    const shadow = root(el);
    // Built for the file only: the closed table is gone again afterwards.
    const lines = await exportCsvWhileClosed(el);
    expect(lines).to.have.length(LONG + 1);
    expect(lines[0]).to.equal(
      'Bucket start,North America,"Europe, Middle East & Africa",Total,Open backlog,SLO target',
    );
    const stamp = (i: number) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(LONG_START + i * HOUR);
    expect(lines[1]?.startsWith(`"${stamp(0)}",`)).to.equal(true, lines[1]);
    expect(lines[LONG]?.startsWith(`"${stamp(LONG - 1)}",`)).to.equal(true, lines[LONG]);

    shadow.querySelector<HTMLButtonElement>('[part=table-toggle]')!.click();
    await el.updateComplete;
    const table = shadow.querySelector<HTMLTableElement>('[part=table]')!;
    expect(table.tBodies[0]!.rows).to.have.length(400);
    expect(table.caption?.textContent?.replace(/\s+/g, ' ').trim()).to.equal(
      'Throughput by workflow: the latest 400 of 500 buckets; zoom in to list others',
    );
    // Export while open also lists every bucket, and leaves the open table as it was.
    const again = await exportAs(el, 'Download CSV');
    expect((await [...again.values()][0]!.text()).trimEnd().split('\r\n')).to.have.length(LONG + 1);
    await waitUntil(() => table.tBodies[0]!.rows.length === 400, 'the table kept every bucket');
  });

  it('paints on a canvas above the threshold', async () => {
    const el = await mount('canvas-threshold="10" mode="line"');
    await el.updateComplete;
    const canvas = root(el).querySelector<HTMLCanvasElement>('[part=canvas]')!;
    expect(canvas).to.not.equal(null);
    expect(root(el).querySelectorAll('path.line')).to.have.length(0);
    const ctx = canvas.getContext('2d')!;
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
    expect(painted).to.be.above(500);
  });

  it('redraws when its container is resized', async () => {
    // Resize observers report only when the page renders frames. The runner opens two pages at
    // once and the one in the background tab gets none, so there the test hands the observer the
    // element's real new size itself; in the foreground the browser does.
    await withResizeObserverProbe(async ({ callbacks }) => {
      const el = await mount('', 640);
      const svgWidth = () => Number(root(el).querySelector('svg.overlay')?.getAttribute('width'));
      expect(svgWidth()).to.equal(640);
      el.parentElement!.style.width = '320px';
      if (document.visibilityState === 'hidden') {
        const box = el.getBoundingClientRect();
        const entry = { contentRect: box, target: el } as unknown as ResizeObserverEntry;
        callbacks.at(-1)!([entry], {} as ResizeObserver);
      }
      await waitUntil(() => svgWidth() === 320, 'no redraw at 320px');
      expect(root(el).querySelectorAll('.axis text[text-anchor=middle]').length).to.be.at.most(4);
      await expect(el).to.be.accessible();
    });
  });

  it('says "No completed items in this range" when empty', async () => {
    const el = await mount();
    const metric = internals(el).metric;
    const query = metric.options.query;
    metric.options.query = () => ({ ...query(), fixture: 'empty' });
    await metric.refresh();
    await el.updateComplete;
    expect(root(el).querySelector('[part=empty]')?.textContent).to.equal(
      'No completed items in this range',
    );
    await expect(el).to.be.accessible();
  });

  it('shows the problem and a retry button on error', async () => {
    const el = await fixture<CmdctrThroughput>(
      html`<cmdctr-throughput src="/element-api/status-503"></cmdctr-throughput>`,
    );
    await settled(el);
    const error = root(el).querySelector('[part=error]')!;
    expect(error.textContent).to.contain('Scenario error');
    expect(error.querySelector('button')?.textContent).to.equal('Retry');
    await expect(el).to.be.accessible();
  });

  it('leaves no stream or observer behind after 50 mounts and unmounts', async () => {
    await expectNoLeaksAcrossMounts({ tag: 'cmdctr-throughput', times: 50, host: wrapper(480) });
  });
  it('exports the table as CSV, the chart as SVG with resolved colours, and PNG', async () => {
    const el = await mount('compare');
    const shadow = root(el);
    expect(shadow.querySelector('[part=export-menu]')?.closest('.actions')).to.not.equal(null);
    const csv = await exportAs(el, 'Download CSV');
    const [name, file] = [...csv][0]!;
    expect(name).to.match(/^cmdctr-throughput-\d{4}-\d\d-\d\dT\d{6}Z-\d{4}-\d\d-\d\dT\d{6}Z\.csv$/);
    const lines = (await file.text()).trimEnd().split('\r\n');
    expect(lines[0]).to.equal(
      'Bucket start,P2P – Invoice Matching,Order Fulfillment – Hold Resolution,Total,Previous period,Open backlog,SLO target',
    );
    expect(lines).to.have.length(8);

    const svgFile = await exportAs(el, 'Download SVG');
    const markup = await [...svgFile.values()][0]!.text();
    expect(markup).to.not.include('var(');
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(doc.documentElement.getAttribute('xmlns')).to.equal('http://www.w3.org/2000/svg');
    // Series colours come from class rules on tokens: resolved onto each path.
    const line = doc.querySelector('path.line.s1');
    expect(line?.getAttribute('stroke')).to.equal('rgb(0, 114, 178)');
    expect(doc.querySelector('path.band')?.getAttribute('fill-opacity')).to.equal('0.3');
    expect(doc.querySelector('.axis text')?.getAttribute('fill')).to.match(/^rgb\(/);

    const png = await exportAs(el, 'Download PNG');
    const blob = [...png.values()][0]!;
    expect(blob.size).to.be.above(0);
    expect(await pngSignature(blob)).to.deep.equal(PNG_SIGNATURE);
    const bitmap = await createImageBitmap(blob);
    expect(bitmap.width).to.be.at.least(640);
  });

  it('builds the SVG of the current view with its series in canvas mode', async () => {
    const el = await mount('canvas-threshold="10" mode="line"');
    const shadow = root(el);
    expect(shadow.querySelectorAll('path.line')).to.have.length(0);
    const childCount = shadow.childNodes.length;
    const svgFile = await exportAs(el, 'Download SVG');
    const doc = new DOMParser().parseFromString(
      await [...svgFile.values()][0]!.text(),
      'image/svg+xml',
    );
    expect(doc.querySelectorAll('path.line').length).to.be.at.least(3);
    expect(doc.querySelector('path.line')?.getAttribute('d')).to.match(/^M[\d.]+,[\d.]+L/);
    // The scratch node used to style the series is gone again.
    expect(shadow.childNodes.length).to.equal(childCount);
    const png = await exportAs(el, 'Download PNG');
    expect(await pngSignature([...png.values()][0]!)).to.deep.equal(PNG_SIGNATURE);
  });

  it('is axe-clean with the export menu open', async () => {
    const el = await mount();
    const button = root(el).querySelector<HTMLButtonElement>('[part=export-menu]')!;
    button.click();
    await waitUntil(() => button.getAttribute('aria-expanded') === 'true', 'menu not open');
    await expect(el).to.be.accessible();
  });
});
