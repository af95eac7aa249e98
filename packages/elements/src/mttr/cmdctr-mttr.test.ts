import { expect, waitUntil } from '@open-wc/testing';
import { clientFor, type CmdctrClient, type MttrResponse } from '@cmdctr/contract';
import { CmdctrMttr } from './define.js';
import { PNG_SIGNATURE, exportAs, pngSignature } from '../../test/export-support.js';
import { removeWrappers, wrapper } from '../../test/hosts.js';
import {
  delay,
  fetchRewritten,
  metricsChangedStream,
  problemResponse,
  requestUrl,
} from '../../test/fixture-responses.js';
import { expectNoLeaksAcrossMounts, withResizeObserverProbe } from '../../test/leak-probes.js';
import * as tables from '../../test/table-disclosure.js';

// Test-only subclasses. The fixture server picks variants and problems by query parameter, and
// the element's query is the one seam for it (the base offers no fixture attribute).
class VariantMttr extends CmdctrMttr {
  static variant: Record<string, string> = {};
  protected override query() {
    return { ...super.query(), ...VariantMttr.variant };
  }
}
customElements.define('test-mttr-variant', VariantMttr);

// Fetches the real fixture over HTTP, then lets a test rewrite the body, delay it, fail it.
class RewriteMttr extends CmdctrMttr {
  static rewrite: (body: MttrResponse) => void = () => {};
  static delayMs = 0;
  /** Requests after this many answer 503. */
  static failAfter = Infinity;
  static signals: AbortSignal[] = [];
  #calls = 0;
  readonly #client: CmdctrClient = clientFor({
    baseUrl: '',
    maxAttempts: 1,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      if (requestUrl(input).includes('/v1/stream'))
        return metricsChangedStream('mttr', init?.signal);
      if (init?.signal) RewriteMttr.signals.push(init.signal);
      await delay(RewriteMttr.delayMs);
      if (++this.#calls > RewriteMttr.failAfter)
        return problemResponse(503, 'Metrics store unavailable');
      return fetchRewritten<MttrResponse>(input, init, (body) => RewriteMttr.rewrite(body));
    },
  });
  override get client(): CmdctrClient {
    return this.#client;
  }
}
customElements.define('test-mttr-rewrite', RewriteMttr);

const root = (el: Element) => el.shadowRoot!;
const plot = (el: Element) => root(el).querySelector<HTMLElement>('[part=plot]')!;
const tooltip = (el: Element) => root(el).querySelector<HTMLElement>('[part=tooltip]')!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ');
/**
 * Focuses the plot. A page in a background tab (the runner opens two at once) moves focus but
 * fires no focus event, so the event the browser would fire is dispatched there by hand.
 */
function focusPlot(el: Element): HTMLElement {
  const surface = plot(el);
  let fired = false;
  surface.addEventListener('focus', () => (fired = true), { once: true });
  surface.focus();
  if (!fired) surface.dispatchEvent(new FocusEvent('focus'));
  return surface;
}
/** Opens the data table with its button, as a user would. */
async function openTable(el: CmdctrMttr): Promise<HTMLButtonElement> {
  const toggle = root(el).querySelector<HTMLButtonElement>('[part=table-toggle]')!;
  toggle.click();
  await el.updateComplete;
  return toggle;
}
const key = (target: Element, k: string) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

function mount(attrs = '', tag = 'cmdctr-mttr', width = 640): CmdctrMttr {
  const host = wrapper(width);
  host.innerHTML = `<${tag} src="" tz="Europe/Berlin" locale="en-GB" ${attrs}></${tag}>`;
  return host.firstElementChild as CmdctrMttr;
}
const drawn = async (el: CmdctrMttr) => {
  await waitUntil(() => root(el).querySelector('[part=plot] svg'), 'chart never drawn', {
    timeout: 8000,
  });
  await el.updateComplete;
  return el;
};
const state = (el: CmdctrMttr, part: string) =>
  waitUntil(() => root(el).querySelector(`[part=${part}]`), `no ${part}`, { timeout: 8000 });

afterEach(() => {
  removeWrappers();
  VariantMttr.variant = {};
  RewriteMttr.rewrite = () => {};
  RewriteMttr.delayMs = 0;
  RewriteMttr.failAfter = Infinity;
  RewriteMttr.signals = [];
});

describe('<cmdctr-mttr>', () => {
  it('renders the fixture: headline, band, mean, target, points by shape and Berlin days', async () => {
    const el = await drawn(mount());
    const shadow = root(el);
    expect(text(shadow.querySelector('[part=headline] span'))).to.equal('−20%');
    expect(text(shadow.querySelector('[part=headline]'))).to.contain('−20% vs previous 14 days');
    expect(text(shadow.querySelector('[part=headline]'))).to.contain(
      'Resolved faster. Previous mean 7 hrs 26 mins',
    );
    expect(shadow.querySelector('[part=headline] .better')).to.not.equal(null);
    const svg = shadow.querySelector('[part=plot] svg')!;
    expect(svg.querySelector('path.band')?.getAttribute('d')).to.match(/^M.*Z$/);
    expect(svg.querySelector('path.mean')?.getAttribute('d')?.match(/M/g)).to.have.length(1);
    // Every daily mean of the fixture is under the 8 h target: 14 circles, no diamonds.
    expect(svg.querySelectorAll('circle.meets')).to.have.length(14);
    expect(svg.querySelectorAll('path.misses')).to.have.length(0);
    expect(text(svg.querySelector('text.target'))).to.contain('SLO 8 hrs');
    const labels = [...svg.querySelectorAll('text.axis[text-anchor=middle]')].map(
      (t) => t.textContent,
    );
    expect(labels[0]).to.equal('21 Nov');
    const values = [...svg.querySelectorAll('text.axis[text-anchor=end]')].map(
      (t) => t.textContent,
    );
    expect(values[0]).to.equal('0');
    expect(values).to.include('8 hrs');
    expect(labels).to.include('1 Dec');
    expect(shadow.querySelector('[part=base]')?.getAttribute('aria-label')).to.equal(
      'Mean time to resolve',
    );
    await expect(el).to.be.accessible();
  });

  it('shows gaps for buckets without resolved exceptions and diamonds for misses', async () => {
    VariantMttr.variant = { fixture: 'sparse' };
    const el = await drawn(mount('', 'test-mttr-variant'));
    const svg = root(el).querySelector('[part=plot] svg')!;
    const data = (await (await fetch('/v1/metrics/mttr?fixture=sparse')).json()) as MttrResponse;
    const present = data.mean.filter((v): v is number => v !== null);
    const misses = present.filter((v) => v > data.target).length;
    expect(misses).to.be.above(0);
    expect(svg.querySelectorAll('circle.meets')).to.have.length(present.length - misses);
    expect(svg.querySelectorAll('path.misses')).to.have.length(misses);
    // Nulls at 2, 4–5, 18–20 and 23 split the mean line into runs, one `M` each.
    expect(svg.querySelector('path.mean')?.getAttribute('d')?.match(/M/g)).to.have.length(4);
    expect(text(root(el).querySelector('[part=headline]'))).to.contain('+6% vs previous 24 hours');
    expect(root(el).querySelector('[part=headline] .worse')).to.not.equal(null);
    // The table says "no resolved exceptions" in words, not 0.
    await openTable(el);
    const rows = root(el).querySelectorAll('[part=table] tbody tr');
    expect(rows).to.have.length(24);
    expect(text(rows[2])).to.contain('No resolved exceptions');
    expect(rows[2]!.querySelectorAll('td')[0]!.textContent).to.equal('–');
    await expect(el).to.be.accessible();
  });

  it('sends the type attribute as the contract’s type query', async () => {
    performance.clearResourceTimings();
    const el = await drawn(
      mount('type="MISSING_PO,DATA_MISMATCH" workflow="p2p_invoice_matching"'),
    );
    const urls = performance
      .getEntriesByType('resource')
      .map((e) => decodeURIComponent(e.name))
      .filter((u) => u.includes('/v1/metrics/mttr'));
    expect(urls.some((u) => u.includes('type=MISSING_PO,DATA_MISMATCH'))).to.equal(true);
    expect(urls.some((u) => u.includes('workflow=p2p_invoice_matching'))).to.equal(true);
    expect(el.type).to.equal('MISSING_PO,DATA_MISMATCH');
  });

  it('moves a focused bucket with the arrow keys and shows its figures', async () => {
    const el = await drawn(mount());
    const surface = focusPlot(el);
    await el.updateComplete;
    // Focus starts on the latest bucket.
    expect(tooltip(el).matches(':popover-open')).to.equal(true);
    expect(text(tooltip(el))).to.contain('4 Dec 2025');
    key(surface, 'ArrowLeft');
    await el.updateComplete;
    const tip = text(tooltip(el));
    // 3 Dec: mean 5.61 h, p50 4.97 h, p90 9.97 h, 103 resolved, under the 8 h target.
    expect(tip).to.contain('3 Dec 2025');
    expect(tip).to.contain('Mean 5 hrs 37 mins');
    expect(tip).to.contain('Median (p50) 4 hrs 58 mins');
    expect(tip).to.contain('90th percentile 9 hrs 58 mins');
    expect(tip).to.contain('Resolved 103');
    expect(tip).to.contain('SLO Meets 8 hrs');
    expect(root(el).querySelector('circle.ring')).to.not.equal(null);
    expect(root(el).querySelector('line.crosshair')).to.not.equal(null);
    expect(text(root(el).querySelector('[role=status]'))).to.contain('Resolved 103');
    key(surface, 'Home');
    await el.updateComplete;
    expect(text(tooltip(el))).to.contain('21 Nov 2025');
    key(surface, 'ArrowLeft');
    await el.updateComplete;
    expect(text(tooltip(el))).to.contain('21 Nov 2025');
    key(surface, 'End');
    await el.updateComplete;
    expect(text(tooltip(el))).to.contain('4 Dec 2025');
    key(surface, 'Escape');
    await el.updateComplete;
    expect(tooltip(el).matches(':popover-open')).to.equal(false);
    expect(root(el).querySelector('circle.ring')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows the hovered bucket in the tooltip and hides it when the pointer leaves', async () => {
    const el = await drawn(mount());
    const surface = plot(el);
    const box = surface.getBoundingClientRect();
    surface.dispatchEvent(
      new PointerEvent('pointermove', { clientX: box.right - 14, clientY: box.top + 50 }),
    );
    await el.updateComplete;
    expect(text(tooltip(el))).to.contain('4 Dec 2025');
    expect(text(tooltip(el))).to.contain('Resolved 80');
    surface.dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    expect(tooltip(el).matches(':popover-open')).to.equal(false);
  });

  it('builds no table until the Table button opens it', async () => {
    const el = await drawn(mount());
    const shadow = root(el);
    tables.expectNoTableBuilt(shadow);
    // The button names its region even while closed; the region says where the table is.
    tables.expectTableClosed(shadow);
    await expect(el).to.be.accessible();
  });

  it('shows the data table in a labelled, focusable region while the button is expanded', async () => {
    const el = await drawn(mount());
    const { toggle, regions } = await tables.openTableFromButton(el);
    expect(regions).to.have.length(1);
    const table = tables.expectOpenRegion(regions[0]!, 'Data table');
    expect(table.querySelectorAll('tbody tr')).to.have.length(14);
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal([
      'Bucket start',
      'Mean',
      'Median (p50)',
      '90th percentile',
      'Resolved',
      'SLO',
    ]);
    // The first row carries the fixture's first bucket, in the element's time zone and units.
    const data = (await (await fetch('/v1/metrics/mttr')).json()) as MttrResponse;
    const first = table.querySelector('tbody tr')!;
    expect(first.querySelector('th')?.textContent).to.equal(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(Date.parse(data.buckets[0]!)),
    );
    expect(first.querySelectorAll('td')[3]?.textContent).to.equal(
      new Intl.NumberFormat('en-GB').format(data.count[0]!),
    );
    await expect(el).to.be.accessible();
    await tables.closeTableFromButton(el, toggle);
  });

  it('exports the table as CSV, the chart as SVG with resolved colours, and PNG', async () => {
    const el = await drawn(mount());
    // Closed: the export builds the table for the file and drops it again.
    expect(root(el).querySelector('table')).to.equal(null);
    const csv = await exportAs(el, 'Download CSV');
    const [name, file] = [...csv][0]!;
    expect(name).to.equal('cmdctr-mttr-2025-11-20T230000Z-2025-12-04T230000Z.csv');
    const lines = (await file.text()).trimEnd().split('\r\n');
    // Blob.text() drops the byte-order mark the file starts with.
    expect(lines[0]).to.equal('Bucket start,Mean,Median (p50),90th percentile,Resolved,SLO');
    expect(lines).to.have.length(15);
    await waitUntil(() => !root(el).querySelector('table'), 'the exported table stayed');
    const markup = await [...(await exportAs(el, 'Download SVG')).values()][0]!.text();
    expect(markup).to.not.include('var(');
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(doc.querySelector('path.mean')?.getAttribute('stroke')).to.equal('rgb(10, 92, 194)');
    expect(doc.querySelector('path.band')?.getAttribute('fill-opacity')).to.equal('0.2');
    const png = [...(await exportAs(el, 'Download PNG')).values()][0]!;
    expect(await pngSignature(png)).to.deep.equal(PNG_SIGNATURE);
  });

  it('redraws when its container is resized', async () => {
    // Resize observers report only when the page renders frames; in a background tab the test
    // hands the observer the element's real new size itself.
    await withResizeObserverProbe(async ({ callbacks }) => {
      const el = await drawn(mount());
      const width = () => Number(root(el).querySelector('[part=plot] svg')?.getAttribute('width'));
      expect(width()).to.equal(640);
      el.parentElement!.style.width = '320px';
      if (document.visibilityState === 'hidden') {
        const entry = { contentRect: el.getBoundingClientRect() } as ResizeObserverEntry;
        callbacks.at(-1)!([entry], {} as ResizeObserver);
      }
      await waitUntil(() => width() === 320, 'no redraw at 320px');
      const labels = root(el).querySelectorAll('text.axis[text-anchor=middle]');
      expect(labels.length).to.be.within(1, 4);
      await expect(el).to.be.accessible();
    });
  });

  it('says so in words when nothing was resolved', async () => {
    RewriteMttr.rewrite = (body) => {
      body.count = body.count.map(() => 0);
      body.mean = body.p50 = body.p90 = body.count.map(() => null);
    };
    const el = mount('', 'test-mttr-rewrite');
    await state(el, 'empty');
    expect(text(root(el).querySelector('[part=empty]'))).to.equal(
      'No exceptions were resolved in this range',
    );
    await expect(el).to.be.accessible();
  });

  it('shows the loading skeleton while a slow answer is on its way', async () => {
    RewriteMttr.delayMs = 900;
    const el = mount('', 'test-mttr-rewrite');
    await state(el, 'skeleton');
    expect(root(el).querySelector('[part=base]')?.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await drawn(el);
    expect(root(el).querySelector('[part=skeleton]')).to.equal(null);
  });

  it('shows the problem with a retry button, and retry recovers', async () => {
    VariantMttr.variant = { problem: '503' };
    const el = mount('', 'test-mttr-variant');
    await state(el, 'error');
    const error = root(el).querySelector('[part=error]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    VariantMttr.variant = {};
    root(el).querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
    await drawn(el);
  });

  it('keeps the last good chart, marked stale, when a refresh fails', async () => {
    RewriteMttr.failAfter = 1;
    const errors: Array<{ stale: boolean }> = [];
    const el = mount('refresh="0.2"', 'test-mttr-rewrite');
    el.addEventListener('cmdctr-error', (e) => errors.push(e.detail));
    await drawn(el);
    await state(el, 'stale');
    expect(text(root(el).querySelector('[part=stale]'))).to.contain('Metrics store unavailable');
    expect(root(el).querySelector('[part=plot] svg')).to.not.equal(null);
    expect(errors[0]?.stale).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('renders hostile labels as inert, bounded text', async () => {
    const hostile = `\u202e<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">${'x'.repeat(10_000)}`;
    const el = await drawn(mount('', 'cmdctr-mttr', 320));
    el.label = hostile;
    await el.updateComplete;
    await openTable(el);
    const r = root(el);
    expect(r.querySelector('script, img')).to.equal(null);
    expect(r.querySelector('caption')?.textContent?.trim()).to.equal(hostile);
    expect(el.getBoundingClientRect().width).to.equal(320);
    expect(r.querySelector('[part=headline]')!.getBoundingClientRect().width).to.be.at.most(320);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('is axe-clean in the dark theme with the tooltip showing', async () => {
    const el = await drawn(mount('theme="dark"'));
    expect(getComputedStyle(el).colorScheme).to.equal('dark');
    focusPlot(el);
    await el.updateComplete;
    expect(tooltip(el).matches(':popover-open')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('aborts its request when removed', async () => {
    RewriteMttr.delayMs = 300;
    const el = mount('', 'test-mttr-rewrite');
    await waitUntil(() => RewriteMttr.signals.length > 0, 'no request');
    el.remove();
    expect(RewriteMttr.signals[0]!.aborted).to.equal(true);
  });

  it('leaves no stream, observer or open tooltip behind after 30 mounts and unmounts', async () => {
    await expectNoLeaksAcrossMounts({
      tag: 'cmdctr-mttr',
      times: 30,
      host: wrapper(480),
      // Every tenth mount is drawn with its tooltip open, so unmounting must close it.
      engage: {
        every: 10,
        run: async (el) => {
          await drawn(el as CmdctrMttr);
          focusPlot(el);
          expect(tooltip(el).matches(':popover-open')).to.equal(true);
        },
      },
      tooltip: (el) => root(el).querySelector<HTMLElement>('[part=tooltip]'),
    });
  });

  it('refetches when the live stream names mttr, keeping the focused bucket', async () => {
    let calls = 0;
    RewriteMttr.rewrite = (body) => {
      calls++;
      if (calls > 1) body.count[body.count.length - 1] = 999;
    };
    const el = await drawn(mount('live', 'test-mttr-rewrite'));
    key(focusPlot(el), 'End');
    await el.updateComplete;
    expect(text(tooltip(el))).to.contain('Resolved 80');
    // The stream announces `metrics-changed` for mttr; the element refetches.
    await waitUntil(() => calls > 1, 'no refetch from the stream', { timeout: 8000 });
    await waitUntil(() => text(tooltip(el)).includes('Resolved 999'), 'tooltip not updated');
    expect(root(el).activeElement).to.equal(plot(el));
  });
});
