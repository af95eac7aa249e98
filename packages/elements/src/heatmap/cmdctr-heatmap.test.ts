import { expect, fixture, html, waitUntil, oneEvent } from '@open-wc/testing';
import { clientFor, type CmdctrClient, type ExceptionMatrixResponse } from '@cmdctr/contract';
import { CmdctrHeatmap } from './define.js';
import {
  PNG_SIGNATURE,
  downloads,
  exportAs,
  exportCsvWhileClosed,
  pngSignature,
} from '../../test/export-support.js';
import { delay, fetchRewritten, requestUrl } from '../../test/fixture-responses.js';
import * as tables from '../../test/table-disclosure.js';

// Test-only subclasses: the fixture server picks variants and problems by query parameter, and
// the element's query is the one seam for it (the base offers no fixture attribute).
class VariantHeatmap extends CmdctrHeatmap {
  static variant: Record<string, string> = {};
  protected override query() {
    return { ...super.query(), ...VariantHeatmap.variant };
  }
}
customElements.define('test-heatmap-variant', VariantHeatmap);

// Fetches the real fixture over HTTP, then lets a test rewrite the body or delay the answer.
class RewriteHeatmap extends CmdctrHeatmap {
  static rewrite: (body: ExceptionMatrixResponse) => void = () => {};
  static delayMs = 0;
  static urls: string[] = [];
  private readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      RewriteHeatmap.urls.push(requestUrl(input));
      await delay(RewriteHeatmap.delayMs);
      return fetchRewritten<ExceptionMatrixResponse>(input, init, (body) =>
        RewriteHeatmap.rewrite(body),
      );
    },
  });
  override get client(): CmdctrClient {
    return this.testClient;
  }
}
customElements.define('test-heatmap-rewrite', RewriteHeatmap);

const root = (el: HTMLElement) => el.shadowRoot as ShadowRoot;
const ready = (el: HTMLElement) =>
  waitUntil(() => root(el).querySelector('[part="grid"]'), 'heatmap did not render', {
    timeout: 8000,
  });
const cells = (el: HTMLElement) => [...root(el).querySelectorAll<HTMLElement>('[role="gridcell"]')];
const activeCell = (el: HTMLElement) => root(el).activeElement as HTMLElement | null;
const key = (target: Element, k: string, init: KeyboardEventInit = {}) =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', {
      key: k,
      bubbles: true,
      composed: true,
      cancelable: true,
      ...init,
    }),
  );

/** Hovers the cell at (row, col) of the plot surface, as a pointer would. */
function hover(el: HTMLElement, row: number, col: number) {
  const surface = root(el).querySelector<HTMLElement>('.surface')!;
  const cell = root(el).querySelector<HTMLElement>(`[data-row="${row}"][data-col="${col}"]`);
  const box = (cell ?? surface).getBoundingClientRect();
  surface.dispatchEvent(
    new PointerEvent('pointermove', {
      bubbles: true,
      composed: true,
      clientX: box.left + 2,
      clientY: box.top + 2,
    }),
  );
}

async function loadFixture(): Promise<ExceptionMatrixResponse> {
  const res = await fetch('/v1/metrics/exceptions?rows=type');
  return (await res.json()) as ExceptionMatrixResponse;
}

describe('<cmdctr-heatmap>', () => {
  let opened: unknown[][] = [];
  const realOpen = window.open;
  beforeEach(() => {
    opened = [];
    VariantHeatmap.variant = {};
    RewriteHeatmap.rewrite = () => {};
    RewriteHeatmap.delayMs = 0;
    RewriteHeatmap.urls = [];
    // Never open real tabs from tests; record what would have opened.
    window.open = (...args: unknown[]) => {
      opened.push(args);
      return null;
    };
  });
  afterEach(() => {
    window.open = realOpen;
  });

  it('registers once and keeps the first definition when defined again', async () => {
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const { defineElement } = await import('../base/index.js');
      defineElement('cmdctr-heatmap', class extends CmdctrHeatmap {});
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('cmdctr-heatmap')).to.equal(CmdctrHeatmap);
    expect(String(warnings[0])).to.contain('cmdctr-heatmap');
  });

  it('renders the fixture as an SVG grid with labels, totals, legend and a data table', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrHeatmap>(
      html`<cmdctr-heatmap
        src=""
        tz="Europe/Berlin"
        locale="en-GB"
        style="width: 900px"
      ></cmdctr-heatmap>`,
    );
    await ready(el);
    const r = root(el);
    expect(r.querySelector('svg rect')).to.exist;
    expect(r.querySelector('canvas')).to.equal(null);
    expect(cells(el)).to.have.length(data.rows.length * data.buckets.length);
    // Sorted by total, largest first.
    const expected = [...data.rows].sort((a, b) => b.total - a.total).map((row) => row.label);
    const shown = [...r.querySelectorAll('.labels .label:not(.strip-label)')].map((n) =>
      n.textContent?.trim(),
    );
    expect(shown).to.deep.equal(expected);
    const rowTotals = [...r.querySelectorAll('.row-total')].map((n) => n.textContent?.trim());
    expect(rowTotals[0]).to.equal(
      new Intl.NumberFormat('en-GB').format(Math.max(...data.rows.map((x) => x.total))),
    );
    // Critical cells carry the outline so they read without colour.
    const critical = data.rows.some((row) =>
      row.rates.some((v) => v != null && v >= data.thresholds.critical),
    );
    if (critical) expect(r.querySelector('svg rect[stroke]')).to.exist;
    expect(r.querySelector('[part="legend"]')?.textContent).to.contain('critical');
    // Closed, the table is not built at all; its region only says where it is.
    tables.expectNoTableBuilt(r);
    tables.expectTableClosed(r);
    await expect(el).to.be.accessible();
    // The toggle builds and shows the table in a labelled region.
    const { toggle, regions } = await tables.openTableFromButton(el);
    expect(regions).to.have.length(1);
    const table = tables.expectOpenRegion(regions[0]!, 'Exceptions by exception type, data table');
    expect(table.caption?.textContent).to.contain('Exceptions by exception type');
    expect(table.tHead?.rows[0]?.cells).to.have.length(data.buckets.length + 4);
    expect(table.tBodies[0]?.rows).to.have.length(data.rows.length);
    const top = [...data.rows].sort((a, b) => b.total - a.total)[0]!;
    expect(table.tBodies[0]?.rows[0]?.cells[0]?.textContent).to.equal(top.label);
    expect(table.tBodies[0]?.rows[0]?.cells[1]?.textContent).to.match(
      new RegExp(`^${new Intl.NumberFormat('en-GB').format(top.counts[0] ?? 0)} \\(`),
    );
    await expect(el).to.be.accessible();
    await tables.closeTableFromButton(el, toggle);
  });

  it('exports every bucket as CSV while the table is closed, then drops the table again', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrHeatmap>(
      html`<cmdctr-heatmap src="" locale="en-GB" style="width: 900px"></cmdctr-heatmap>`,
    );
    await ready(el);
    const lines = await exportCsvWhileClosed(el);
    // Header, one line per row, and the totals line; every bucket plus 4 label/summary columns.
    expect(lines).to.have.length(data.rows.length + 2);
    const fields = (line: string) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(fields(lines[0]!)).to.have.length(data.buckets.length + 4);
    expect(fields(lines.at(-1)!)[0]).to.equal('Total');
  });

  it('sends the row dimension as the rows query parameter and re-sorts by name', async () => {
    const el = await fixture<CmdctrHeatmap>(
      html`<test-heatmap-rewrite
        src=""
        rows="severity"
        sort="name"
        locale="en"
      ></test-heatmap-rewrite>`,
    );
    await ready(el);
    expect(RewriteHeatmap.urls[0]).to.contain('rows=severity');
    const labels = [...root(el).querySelectorAll('.labels .label:not(.strip-label)')].map(
      (n) => n.textContent?.trim() ?? '',
    );
    expect(labels).to.deep.equal([...labels].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('shows the empty state', async () => {
    VariantHeatmap.variant = { fixture: 'empty' };
    const el = await fixture<CmdctrHeatmap>(
      html`<test-heatmap-variant src=""></test-heatmap-variant>`,
    );
    await waitUntil(() => root(el).querySelector('[part="empty"]'), 'no empty state', {
      timeout: 8000,
    });
    expect(root(el).querySelector('[part="empty"]')?.textContent).to.contain(
      'No exceptions in this range',
    );
    expect(root(el).querySelector('[part="grid"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows the error state for a problem answer', async () => {
    VariantHeatmap.variant = { problem: '403' };
    const el = await fixture<CmdctrHeatmap>(
      html`<test-heatmap-variant src=""></test-heatmap-variant>`,
    );
    await waitUntil(() => root(el).querySelector('[part="error"]'), 'no error state', {
      timeout: 8000,
    });
    expect(root(el).querySelector('[part="error"]')?.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
  });

  it('shows the loading skeleton while a slow answer is on its way', async () => {
    RewriteHeatmap.delayMs = 900;
    const el = await fixture<CmdctrHeatmap>(
      html`<test-heatmap-rewrite src=""></test-heatmap-rewrite>`,
    );
    await waitUntil(() => root(el).querySelector('[part="skeleton"]'), 'no skeleton', {
      timeout: 3000,
    });
    expect(root(el).querySelector('[part="base"]')?.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await ready(el);
    expect(root(el).querySelector('[part="skeleton"]')).to.equal(null);
  });

  it('moves between cells with arrows, Home/End and PageUp/PageDown (roving tabindex)', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrHeatmap>(
      html`<cmdctr-heatmap src="" style="width: 900px"></cmdctr-heatmap>`,
    );
    await ready(el);
    const focusable = cells(el).filter((c) => c.tabIndex === 0);
    expect(focusable).to.have.length(1);
    focusable[0]?.focus();
    const at = () => [Number(activeCell(el)?.dataset.row), Number(activeCell(el)?.dataset.col)];
    expect(at()).to.deep.equal([0, 0]);
    const step = async (k: string, init?: KeyboardEventInit) => {
      key(activeCell(el) as HTMLElement, k, init);
      await el.updateComplete;
      await el.updateComplete;
    };
    await step('ArrowRight');
    expect(at()).to.deep.equal([0, 1]);
    await step('ArrowDown');
    expect(at()).to.deep.equal([1, 1]);
    await step('End');
    expect(at()).to.deep.equal([1, data.buckets.length - 1]);
    await step('Home');
    expect(at()).to.deep.equal([1, 0]);
    await step('PageDown');
    expect(at()).to.deep.equal([data.rows.length - 1, 0]);
    await step('PageUp');
    expect(at()).to.deep.equal([0, 0]);
    await step('End', { ctrlKey: true });
    expect(at()).to.deep.equal([data.rows.length - 1, data.buckets.length - 1]);
    expect(cells(el).filter((c) => c.tabIndex === 0)).to.have.length(1);
    // Focus shows the tooltip in the top layer with value, rate, state and owner.
    const tip = root(el).querySelector('[role="tooltip"]') as HTMLElement;
    expect(tip.matches(':popover-open')).to.equal(true);
    expect(tip.textContent).to.contain('Rate').and.contain('Owner').and.contain('Threshold');
  });

  it('emits a cancelable cmdctr-drill with the bucket range and opens the runbook unless cancelled', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrHeatmap>(
      html`<cmdctr-heatmap src="" style="width: 900px"></cmdctr-heatmap>`,
    );
    await ready(el);
    const sorted = [...data.rows].sort((a, b) => b.total - a.total);
    const withRunbook = sorted.findIndex((r) => r.runbookUrl);
    expect(withRunbook).to.be.at.least(0);
    const target = cells(el).find(
      (c) => c.dataset.row === String(withRunbook) && c.dataset.col === '2',
    ) as HTMLElement;
    target.focus();
    setTimeout(() => key(target, 'Enter'));
    const event = await oneEvent(el, 'cmdctr-drill');
    const row = sorted[withRunbook]!;
    expect(event.cancelable).to.equal(true);
    expect(event.detail).to.deep.equal({
      workflow: row.workflow,
      rowDimension: data.rowDimension,
      rowKey: row.key,
      from: data.buckets[2],
      to: data.buckets[3],
    });
    expect(opened).to.have.length(1);
    expect(opened[0]?.[0]).to.equal(new URL(row.runbookUrl!).href);
    expect(String(opened[0]?.[2])).to.contain('noopener');

    // Cancelled: the host handles the drill itself, nothing opens.
    el.addEventListener('cmdctr-drill', (e) => e.preventDefault(), { once: true });
    target.click();
    expect(opened).to.have.length(1);
    // A click on the last column ends at bucketEnd.
    const last = cells(el).find(
      (c) => c.dataset.row === '0' && c.dataset.col === String(data.buckets.length - 1),
    ) as HTMLElement;
    const box = last.getBoundingClientRect();
    setTimeout(() =>
      last.dispatchEvent(
        new MouseEvent('click', {
          bubbles: true,
          composed: true,
          clientX: box.left + 2,
          clientY: box.top + 2,
        }),
      ),
    );
    const lastEvent = await oneEvent(el, 'cmdctr-drill');
    expect(lastEvent.detail.to).to.equal(data.bucketEnd);
  });

  it('paints a canvas above the threshold with one focusable surface, drawn ring and announcements', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrHeatmap>(
      html`<cmdctr-heatmap src="" canvas-threshold="100" style="width: 900px"></cmdctr-heatmap>`,
    );
    await ready(el);
    const r = root(el);
    const surface = r.querySelector('[part="grid"]') as HTMLElement;
    const canvas = r.querySelector('canvas') as HTMLCanvasElement;
    expect(canvas).to.exist;
    expect(r.querySelectorAll('[role="gridcell"]')).to.have.length(1);
    expect(surface.tabIndex).to.equal(0);
    const activeId = surface.getAttribute('aria-activedescendant') as string;
    expect(r.getElementById(activeId)?.getAttribute('role')).to.equal('gridcell');
    expect(canvas.width).to.be.above(0);
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    // Something other than background was painted.
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < img.length; i += 4)
      if (img[i] !== 255 || img[i + 1] !== 255 || img[i + 2] !== 255) coloured++;
    expect(coloured).to.be.above(canvas.width * 4);
    surface.focus();
    key(surface, 'ArrowRight');
    key(surface, 'ArrowDown');
    await el.updateComplete;
    expect(r.getElementById(activeId)?.getAttribute('aria-colindex')).to.equal('3');
    const live = r.querySelector('[aria-live="polite"]') as HTMLElement;
    const sorted = [...data.rows].sort((a, b) => b.total - a.total);
    expect(live.textContent).to.contain(sorted[1]!.label);
    // The drawn focus ring (focus colour #0a5cc2) sits just outside the active cell.
    const dpr = canvas.width / canvas.getBoundingClientRect().width;
    const cellW = canvas.width / data.buckets.length;
    const cellH = (canvas.height - Math.round(24 * dpr)) / data.rows.length;
    const ring = ctx.getImageData(Math.round(1 * cellW) - 1, Math.round(1 * cellH) - 1, 1, 1).data;
    expect([...ring].slice(0, 3)).to.deep.equal([0x0a, 0x5c, 0xc2]);
    setTimeout(() => key(surface, 'Enter'));
    const event = await oneEvent(el, 'cmdctr-drill');
    expect(event.detail).to.include({
      rowKey: sorted[1]!.key,
      from: data.buckets[1],
      to: data.buckets[2],
    });
    await expect(el).to.be.accessible();
  });

  for (const dir of ['ltr', 'rtl'] as const)
    it(`paints only the scrolled-to part of a wide plot, exactly as the whole-plot PNG export (${dir})`, async () => {
      // dir on the element itself: a fixture of a plain wrapper waits for an animation frame,
      // which a background test tab never gets.
      const el = await fixture<CmdctrHeatmap>(
        html`<cmdctr-heatmap
          dir=${dir}
          src=""
          canvas-threshold="100"
          style="width: 320px"
        ></cmdctr-heatmap>`,
      );
      await ready(el);
      const r = root(el);
      const surface = r.querySelector('[part="grid"]') as HTMLElement;
      const canvas = r.querySelector('canvas') as HTMLCanvasElement;
      const scroller = r.querySelector('.scroller') as HTMLElement;
      const dpr = canvas.height / surface.getBoundingClientRect().height;
      const plotPx = Math.round(surface.getBoundingClientRect().width * dpr);
      expect(canvas.width).to.be.below(plotPx);
      // The menu item clicked directly: opening the menu waits for focus, which a background
      // test tab never gets.
      const item = [...r.querySelectorAll<HTMLElement>('[role=menuitem]')].find(
        (i) => i.textContent?.trim() === 'Download PNG',
      )!;
      const png = await downloads(() => item.click());
      const bitmap = await createImageBitmap([...png.values()][0]!);
      expect([bitmap.width, bitmap.height]).to.deep.equal([plotPx, canvas.height]);
      const whole = document.createElement('canvas');
      [whole.width, whole.height] = [bitmap.width, bitmap.height];
      const wholeCtx = whole.getContext('2d', { willReadFrequently: true })!;
      wholeCtx.drawImage(bitmap, 0, 0);
      const differing = () => {
        const x = Math.round(
          (canvas.getBoundingClientRect().left - surface.getBoundingClientRect().left) * dpr,
        );
        const got = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const want = wholeCtx.getImageData(x, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) n++;
        return n;
      };
      const covers = () => {
        const [c, s, v] = [canvas, surface, scroller].map((e) => e.getBoundingClientRect());
        return (
          c!.left <= Math.max(v!.left, s!.left) + 0.5 &&
          c!.right >= Math.min(v!.right, s!.right) - 0.5
        );
      };
      expect(differing()).to.equal(0);
      expect(covers()).to.equal(true);
      // Scrolled to the other end and half-way back, the canvas follows (the event is sent by
      // hand: a background test tab gets no rendering frames, which is when scroll events go out).
      const far = dir === 'rtl' ? -scroller.scrollWidth : scroller.scrollWidth;
      for (const left of [far, far / 2]) {
        scroller.scrollLeft = left;
        expect(scroller.scrollLeft).to.not.equal(0);
        scroller.dispatchEvent(new Event('scroll'));
        expect(covers(), `covers at ${left}`).to.equal(true);
        expect(differing(), `pixels at ${left}`).to.equal(0);
      }
    });

  it('repaints on resize', async function () {
    // wtr runs files side by side in tabs of one headless browser; a background tab gets no
    // rendering frames and so no ResizeObserver callbacks. Skipped (reported, not passed) there.
    if (!document.hasFocus()) this.skip();
    const el = await fixture<CmdctrHeatmap>(
      html`<cmdctr-heatmap src="" canvas-threshold="100" style="width: 900px"></cmdctr-heatmap>`,
    );
    await ready(el);
    const before = (root(el).querySelector('canvas') as HTMLCanvasElement).width;
    el.style.width = '1400px';
    await waitUntil(
      () => (root(el).querySelector('canvas') as HTMLCanvasElement).width > before,
      'canvas did not grow',
      { timeout: 5000 },
    );
  });

  it('renders hostile strings as text and refuses unsafe runbook links', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    RewriteHeatmap.rewrite = (body) => {
      for (const row of body.rows) {
        row.label = `${hostile} ${row.key}`;
        row.owner = '<script>window.__pwned=2</script>';
        row.runbookUrl = 'javascript:window.__pwned=3';
      }
    };
    const el = await fixture<CmdctrHeatmap>(
      html`<test-heatmap-rewrite src="" style="width: 900px"></test-heatmap-rewrite>`,
    );
    await ready(el);
    const r = root(el);
    expect(r.querySelector('img')).to.equal(null);
    expect(r.querySelector('script')).to.equal(null);
    expect(r.querySelector('.labels .label')?.textContent).to.contain(hostile);
    const cell = cells(el)[0] as HTMLElement;
    hover(el, 0, 0);
    expect(r.querySelector('[role="tooltip"]')?.textContent).to.contain('<script>');
    key(cell, 'Enter');
    expect(opened).to.have.length(0);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('leaves no observers, listeners or popovers behind after unmount', async () => {
    const counts = { add: 0, remove: 0 };
    // Observers that observe something and have not been disconnected since, and all of them.
    const live = new Set<ResizeObserver>();
    const all = new Set<ResizeObserver>();
    const RealRO = window.ResizeObserver;
    window.ResizeObserver = class extends RealRO {
      override observe(target: Element, options?: ResizeObserverOptions) {
        live.add(this);
        all.add(this);
        super.observe(target, options);
      }
      override disconnect() {
        live.delete(this);
        super.disconnect();
      }
    };
    const targets = [window, document] as EventTarget[];
    const realAdd = EventTarget.prototype.addEventListener;
    const realRemove = EventTarget.prototype.removeEventListener;
    EventTarget.prototype.addEventListener = function (
      this: EventTarget,
      ...args: Parameters<EventTarget['addEventListener']>
    ) {
      if (targets.includes(this)) counts.add++;
      return realAdd.apply(this, args);
    };
    EventTarget.prototype.removeEventListener = function (
      this: EventTarget,
      ...args: Parameters<EventTarget['removeEventListener']>
    ) {
      if (targets.includes(this)) counts.remove++;
      return realRemove.apply(this, args);
    };
    try {
      for (let i = 0; i < 5; i++) {
        const el = await fixture<CmdctrHeatmap>(
          html`<cmdctr-heatmap src="" canvas-threshold=${i % 2 ? 100 : 2000}></cmdctr-heatmap>`,
        );
        await ready(el);
        hover(el, 0, 0);
        expect(root(el).querySelector('[role="tooltip"]')?.matches(':popover-open')).to.equal(true);
        const tip = root(el).querySelector('[role="tooltip"]') as HTMLElement;
        el.remove();
        expect(tip.matches(':popover-open')).to.equal(false);
      }
    } finally {
      window.ResizeObserver = RealRO;
      EventTarget.prototype.addEventListener = realAdd;
      EventTarget.prototype.removeEventListener = realRemove;
    }
    // One observer per element (moved from the host to its width strip), none left observing.
    expect(all.size).to.equal(5);
    expect(live.size).to.equal(0);
    expect(counts.add - counts.remove).to.equal(0);
  });
  it('exports CSV from the data table, SVG with resolved colours and PNG (SVG mode)', async () => {
    const el = await fixture<CmdctrHeatmap>(
      html`<cmdctr-heatmap src="" style="width: 900px"></cmdctr-heatmap>`,
    );
    await ready(el);
    const r = root(el);
    const items = [...r.querySelectorAll('[role=menuitem]')].map((i) => i.textContent?.trim());
    expect(items).to.deep.equal(['Download CSV', 'Download SVG', 'Download PNG']);
    expect(r.querySelector('[part=export-menu]')?.closest('[part=toolbar]')).to.not.equal(null);
    const base = 'cmdctr-heatmap-2025-11-28T100000Z-2025-12-05T100000Z';

    const csv = await exportAs(el, 'Download CSV');
    const text = await csv.get(`${base}.csv`)!.text();
    const lines = text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    // Header, six rows, totals; the dimension, 168 buckets, total, rate and owner columns.
    expect(lines).to.have.length(8);
    expect(lines[0]?.startsWith('Exception type,')).to.equal(true);
    expect(lines[0]?.endsWith(',Total,Rate,Owner')).to.equal(true);
    expect(lines.some((l) => l.startsWith('Missing PO,'))).to.equal(true);
    expect(lines.at(-1)?.startsWith('Total,')).to.equal(true);

    const svgFile = await exportAs(el, 'Download SVG');
    const markup = await svgFile.get(`${base}.svg`)!.text();
    expect(markup).to.not.include('var(');
    expect(markup).to.include('xmlns="http://www.w3.org/2000/svg"');
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).to.equal(null);
    expect(doc.querySelectorAll('rect').length).to.be.above(168 * 6);
    // The column-total bars were drawn with var(--_color-text-muted): now the light default.
    expect(doc.querySelector('rect.bar')?.getAttribute('fill')).to.equal('rgb(87, 96, 106)');

    const png = await exportAs(el, 'Download PNG');
    const blob = png.get(`${base}.png`)!;
    expect(blob.size).to.be.above(0);
    expect(await pngSignature(blob)).to.deep.equal(PNG_SIGNATURE);
  });

  it('exports the full matrix as CSV and PNG from the canvas in canvas mode (no SVG offered)', async () => {
    const el = await fixture<CmdctrHeatmap>(
      html`<cmdctr-heatmap src="" canvas-threshold="100" style="width: 900px"></cmdctr-heatmap>`,
    );
    await ready(el);
    const r = root(el);
    const items = [...r.querySelectorAll('[role=menuitem]')].map((i) => i.textContent?.trim());
    expect(items).to.deep.equal(['Download CSV', 'Download PNG']);
    // Closed, there is no table at all: the export builds it and drops it again.
    const headerCells = () => r.querySelectorAll('[part=table] thead th').length;
    expect(headerCells()).to.equal(0);
    const csv = await exportAs(el, 'Download CSV');
    const [file] = [...csv.values()];
    // Commas outside quoted fields (the bucket labels carry commas of their own).
    const header = (await file!.text()).split('\r\n')[0]!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(header).to.have.length(168 + 4);
    await waitUntil(() => headerCells() === 0, 'the exported table stayed');

    const png = await exportAs(el, 'Download PNG');
    const [blob] = [...png.values()];
    // The whole plot, even where the on-screen canvas shows only the scrolled-to part.
    const canvas = r.querySelector('canvas')!;
    const surface = r.querySelector('[part="grid"]')!;
    const dpr = canvas.height / surface.getBoundingClientRect().height;
    const bitmap = await createImageBitmap(blob!);
    expect([bitmap.width, bitmap.height]).to.deep.equal([
      Math.round(surface.getBoundingClientRect().width * dpr),
      canvas.height,
    ]);
    expect(await pngSignature(blob!)).to.deep.equal(PNG_SIGNATURE);
  });

  it('is axe-clean with the export menu open', async () => {
    const el = await fixture<CmdctrHeatmap>(html`<cmdctr-heatmap src=""></cmdctr-heatmap>`);
    await ready(el);
    const button = root(el).querySelector<HTMLButtonElement>('[part=export-menu]')!;
    button.click();
    await waitUntil(() => button.getAttribute('aria-expanded') === 'true', 'menu not open');
    await expect(el).to.be.accessible();
  });
});
