import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { clientFor, type CmdctrClient, type components } from '@cmdctr/contract';
import { formatters, openStreamCount } from '../base/index.js';
import { CmdctrPareto } from './define.js';
import {
  PNG_SIGNATURE,
  exportAs,
  exportCsvWhileClosed,
  pngSignature,
} from '../../test/export-support.js';
import {
  delay,
  fetchRewritten,
  problemResponse,
  requestUrl,
} from '../../test/fixture-responses.js';
import { expectNoLeaksAcrossMounts } from '../../test/leak-probes.js';
import * as tables from '../../test/table-disclosure.js';

type ParetoResponse = components['schemas']['ParetoResponse'];

// Fetches the real fixture over HTTP, then lets a test rewrite the body, delay or fail the answer.
class RewritePareto extends CmdctrPareto {
  static rewrite: (body: ParetoResponse, call: number) => void = () => {};
  /** Answer this status (problem+json) on the given calls to the Pareto path. */
  static failOn: (call: number) => number | null = () => null;
  static delayMs = 0;
  static streamDelayMs = 0;
  /** A fixture variant (`?fixture=`) to ask the fixture server for. */
  static variant = '';
  static calls = 0;
  static urls: string[] = [];
  static signals: AbortSignal[] = [];
  readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    maxAttempts: 1,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = requestUrl(input);
      if (url.includes('/v1/stream')) {
        await delay(RewritePareto.streamDelayMs);
        return fetch(input, init);
      }
      const call = ++RewritePareto.calls;
      RewritePareto.urls.push(url);
      if (init?.signal) RewritePareto.signals.push(init.signal);
      await delay(RewritePareto.delayMs);
      const status = RewritePareto.failOn(call);
      if (status) return problemResponse(status, 'Metrics store failed');
      const target = RewritePareto.variant ? `${url}&fixture=${RewritePareto.variant}` : url;
      return fetchRewritten<ParetoResponse>(target, init, (body) =>
        RewritePareto.rewrite(body, call),
      );
    },
  });
  override get client(): CmdctrClient {
    return this.testClient;
  }
}
customElements.define('test-pareto-rewrite', RewritePareto);

const root = (el: HTMLElement) => el.shadowRoot as ShadowRoot;
const text = (el: HTMLElement, selector: string) =>
  root(el).querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const bars = (el: HTMLElement) => [
  ...root(el).querySelectorAll<HTMLButtonElement>('button[part=bar]'),
];
/**
 * Focuses a bar. A background tab (the runner opens two at once) moves focus but sends no focus
 * events, so the focusin a person's Tab would cause is sent by hand there.
 */
function focusBar(el: HTMLElement, index: number): HTMLButtonElement {
  const bar = bars(el)[index]!;
  bar.focus();
  if (!document.hasFocus())
    bar.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
  return bar;
}
const tooltip = (el: HTMLElement) => root(el).querySelector('[role=tooltip]') as HTMLElement;
const ready = (el: HTMLElement) =>
  waitUntil(() => root(el).querySelector('button[part=bar]'), 'pareto did not render', {
    timeout: 8000,
  });
/** Opens the data table with its button, as a user would. */
async function openTable(el: CmdctrPareto): Promise<HTMLButtonElement> {
  const toggle = root(el).querySelector<HTMLButtonElement>('[part=table-toggle]')!;
  toggle.click();
  await el.updateComplete;
  return toggle;
}
const key = (target: Element, k: string) =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }),
  );

async function loadFixture(): Promise<ParetoResponse> {
  return (await (await fetch('/v1/metrics/pareto')).json()) as ParetoResponse;
}

describe('<cmdctr-pareto>', () => {
  let opened: unknown[][] = [];
  const realOpen = window.open;
  beforeEach(() => {
    opened = [];
    RewritePareto.rewrite = () => {};
    RewritePareto.failOn = () => null;
    RewritePareto.delayMs = 0;
    RewritePareto.streamDelayMs = 0;
    RewritePareto.variant = '';
    RewritePareto.calls = 0;
    RewritePareto.urls = [];
    RewritePareto.signals = [];
    // Never open real tabs from tests; record what would have opened.
    window.open = (...args: unknown[]) => {
      opened.push(args);
      return null;
    };
  });
  afterEach(() => {
    window.open = realOpen;
  });

  it('draws the fixture in server order with hours, cumulative line, cutoff, vital marks and a table', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrPareto>(
      html`<cmdctr-pareto
        src=""
        locale="en-GB"
        tz="Europe/Berlin"
        style="width: 800px"
      ></cmdctr-pareto>`,
    );
    await ready(el);
    const r = root(el);
    expect(r.querySelector('[part=plot]')?.classList.contains('columns')).to.equal(true);
    expect(text(el, '[part=summary]')).to.equal('4,125 h across 823 exceptions in 6 types');
    // One bar per type, in the server's order, each named with its figures.
    expect(bars(el)).to.have.length(data.items.length);
    const first = data.items[0]!;
    expect(bars(el)[0]!.textContent?.replace(/\s+/g, ' ').trim()).to.equal(
      `${first.label}: 1,397 h, 33.9% of hours, cumulative 33.9%, vital few`,
    );
    const labels = [...r.querySelectorAll('svg text.label')].map((t) =>
      t.textContent?.replace(/[\u2068\u2069]/g, ''),
    );
    // Each label whole, or cut short with an ellipsis where the band is too narrow for it.
    expect(labels).to.have.length(data.items.length);
    labels.forEach((shown, i) => {
      const full = data.items[i]!.label;
      expect(shown === full || full.startsWith(shown.slice(0, -1)), shown).to.equal(true);
    });
    expect(labels[0]).to.equal('Data mismatch');
    // Vital bars carry the hatch and the heavy outline, the others neither.
    const vital = data.items.filter((i) => i.vital).length;
    expect(vital).to.equal(4);
    expect(r.querySelectorAll('.plot svg rect.bar.vital')).to.have.length(vital);
    expect(r.querySelectorAll('.plot svg rect[fill^="url("]')).to.have.length(vital);
    expect(text(el, '[part=legend]')).to.contain('Vital few (4): first 80% of hours');
    expect(r.querySelector('.plot svg .cutoff-label')?.textContent).to.equal('80%');
    expect(r.querySelectorAll('.plot svg circle.point')).to.have.length(data.items.length);
    // Bars grow with the server's hours, largest first.
    const heights = [...r.querySelectorAll('.plot svg rect.bar')].map((b) =>
      Number(b.getAttribute('height')),
    );
    expect(heights).to.deep.equal([...heights].sort((a, b) => b - a));
    // Closed, there is no table, only a sentence saying where it is.
    tables.expectNoTableBuilt(r);
    tables.expectTableClosed(r);
    await expect(el).to.be.accessible();
    // Open, the table lists every type with the server's figures in a labelled region.
    const { toggle, regions } = await tables.openTableFromButton(el);
    expect(regions).to.have.length(1);
    const table = tables.expectOpenRegion(regions[0]!, 'Exception hours by type, data table');
    expect(table.tBodies[0]!.rows).to.have.length(data.items.length);
    expect([...table.tBodies[0]!.rows[0]!.cells].map((c) => c.textContent?.trim())).to.deep.equal([
      '1',
      'Data mismatch',
      'DATA_MISMATCH',
      'p2p_invoice_matching',
      '214',
      '1',
      '1,397.1',
      '6.5',
      '33.9%',
      '33.9%',
      'Yes',
      'Runbook',
    ]);
    expect(r.querySelector('[part=note]')).to.equal(null);
    await expect(el).to.be.accessible();
    await tables.closeTableFromButton(el, toggle);
  });

  it('draws only the first `limit` bars and lists the rest in the table', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrPareto>(
      html`<cmdctr-pareto src="" limit="3" locale="en" style="width: 700px"></cmdctr-pareto>`,
    );
    await ready(el);
    expect(bars(el)).to.have.length(3);
    expect(text(el, '[part=note]')).to.equal(
      'Showing the top 3 of 6 types; the table lists all 6.',
    );
    // Export while closed lists every type, drawn or not, then drops the table again.
    const lines = await exportCsvWhileClosed(el);
    expect(lines).to.have.length(data.items.length + 1);
    expect(lines.at(-1)?.startsWith(`${data.items.length},`)).to.equal(true, lines.at(-1));
    await openTable(el);
    expect(root(el).querySelector('table')!.tBodies[0]!.rows).to.have.length(data.items.length);
    // The last drawn point is the third type's cumulative share, not 100%.
    const points = root(el).querySelectorAll('.plot svg circle.point');
    expect(points).to.have.length(3);
    el.limit = 0;
    await el.updateComplete;
    expect(bars(el)).to.have.length(6);
  });

  it('lays the bars out as rows at 320 px without overflowing', async () => {
    const el = await fixture<CmdctrPareto>(
      html`<cmdctr-pareto src="" style="width: 320px"></cmdctr-pareto>`,
    );
    await ready(el);
    await waitUntil(() => root(el).querySelector('.plot.rows'), 'never turned into rows');
    const r = root(el);
    const svgBox = r.querySelector('.plot svg')!.getBoundingClientRect();
    expect(svgBox.width).to.be.at.most(320);
    expect(el.scrollWidth).to.be.at.most(320);
    const first = bars(el)[0]!.getBoundingClientRect();
    const second = bars(el)[1]!.getBoundingClientRect();
    expect(second.top).to.be.above(first.top);
    await expect(el).to.be.accessible();
  });

  it('switches between columns and rows as its container is resized', async function () {
    // A background tab (the runner opens two at once) gets no frames and so no resize callbacks.
    if (!document.hasFocus()) this.skip();
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    window.addEventListener('error', onError);
    try {
      const host = await fixture<HTMLDivElement>(
        html`<div style="width: 800px"><cmdctr-pareto src=""></cmdctr-pareto></div>`,
      );
      const el = host.firstElementChild as CmdctrPareto;
      await ready(el);
      expect(root(el).querySelector('.plot.columns')).to.exist;
      host.style.width = '360px';
      await waitUntil(() => root(el).querySelector('.plot.rows'), 'never turned into rows');
      host.style.width = '700px';
      await waitUntil(() => root(el).querySelector('.plot.columns'), 'never turned back');
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const svg = root(el).querySelector('.plot svg')!;
      expect(Number(svg.getAttribute('width'))).to.equal(700);
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });

  it('moves between bars with arrow keys (roving tabindex) and shows figures on focus and hover', async () => {
    const el = await fixture<CmdctrPareto>(
      html`<cmdctr-pareto src="" locale="en-GB" style="width: 800px"></cmdctr-pareto>`,
    );
    await ready(el);
    const tabbable = () => bars(el).filter((b) => b.tabIndex === 0);
    expect(tabbable()).to.have.length(1);
    focusBar(el, 0);
    expect(tooltip(el).matches(':popover-open')).to.equal(true);
    const tip = () => tooltip(el).textContent.replace(/\s+/g, '');
    const mean = formatters('en-GB', 'UTC').hours(6.53).replace(/\s+/g, '');
    expect(tip())
      .to.contain('Datamismatch')
      .and.contain('Exceptions214')
      .and.contain('Stillopen1')
      .and.contain('Hours1,397h')
      .and.contain(`Meanperexception${mean}`)
      .and.contain('Shareofhours33.9%')
      .and.contain('Cumulativeshare33.9%')
      .and.contain('Vitalfew');
    const focused = () => Number((root(el).activeElement as HTMLElement).dataset.index);
    for (const [k, want] of [
      ['ArrowRight', 1],
      ['ArrowDown', 2],
      ['ArrowLeft', 1],
      ['End', 5],
      ['ArrowRight', 5],
      ['Home', 0],
    ] as const) {
      key(root(el).activeElement!, k);
      await el.updateComplete;
      expect(focused(), k).to.equal(want);
    }
    key(root(el).activeElement!, 'End');
    await el.updateComplete;
    expect(tabbable()).to.deep.equal([bars(el)[5]]);
    expect(tooltip(el).textContent).to.contain('Credit hold').and.not.contain('Vital few');
    expect(root(el).querySelector('.plot svg rect.bar.active')).to.exist;
    key(root(el).activeElement!, 'Escape');
    expect(tooltip(el).matches(':popover-open')).to.equal(false);
    (root(el).activeElement as HTMLElement).blur();
    // Hover shows the bar under the pointer.
    bars(el)[1]!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    expect(tooltip(el).matches(':popover-open')).to.equal(true);
    expect(tooltip(el).textContent).to.contain('Missing PO');
    root(el)
      .querySelector('[part=bars]')!
      .dispatchEvent(new PointerEvent('pointerleave', { composed: true }));
    expect(tooltip(el).matches(':popover-open')).to.equal(false);
  });

  it('emits a cancelable cmdctr-drill and opens a safe runbook unless cancelled', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrPareto>(
      html`<cmdctr-pareto src="" style="width: 800px"></cmdctr-pareto>`,
    );
    await ready(el);
    const first = bars(el)[0]!;
    first.focus();
    setTimeout(() => first.click());
    const event = await oneEvent(el, 'cmdctr-drill');
    expect(event.cancelable).to.equal(true);
    expect(event.detail).to.deep.equal({
      workflow: 'p2p_invoice_matching',
      workflows: ['p2p_invoice_matching'],
      rowDimension: 'type',
      rowKey: 'DATA_MISMATCH',
      type: 'DATA_MISMATCH',
      from: data.meta.filters.from,
      to: data.meta.filters.to,
    });
    expect(opened).to.have.length(1);
    expect(opened[0]![0]).to.equal('https://wiki.company/runbooks/p2p/data-mismatch');
    expect(String(opened[0]![2])).to.contain('noopener');
    // Cancelled: the host handles it, nothing opens.
    el.addEventListener('cmdctr-drill', (e) => e.preventDefault(), { once: true });
    first.click();
    expect(opened).to.have.length(1);
    // A type without a runbook still emits, and opens nothing.
    const third = bars(el)[2]!;
    setTimeout(() => third.click());
    const noRunbook = await oneEvent(el, 'cmdctr-drill');
    expect(noRunbook.detail.rowKey).to.equal('ADDRESS_VALIDATION_FAIL');
    expect(opened).to.have.length(1);
  });

  it('names no single workflow when a type spans several and the filter names several', async () => {
    RewritePareto.rewrite = (body) => {
      body.items[0]!.workflows = ['p2p_invoice_matching', 'order_fulfillment_hold'];
    };
    const el = await fixture<CmdctrPareto>(
      html`<test-pareto-rewrite src="" style="width: 800px"></test-pareto-rewrite>`,
    );
    await ready(el);
    setTimeout(() => bars(el)[0]!.click());
    const event = await oneEvent(el, 'cmdctr-drill');
    expect(event.detail.workflow).to.equal(null);
    expect(event.detail.workflows).to.deep.equal([
      'p2p_invoice_matching',
      'order_fulfillment_hold',
    ]);
    // The Pareto has no buckets: no bucket parameter goes out, the filters do.
    expect(RewritePareto.urls[0]).to.contain('/v1/metrics/pareto?').and.not.contain('bucket=');
  });

  it('renders hostile labels as bounded, inert text and refuses unsafe runbook links', async () => {
    const hostile = `\u202e<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">${'W'.repeat(10_000)}`;
    RewritePareto.rewrite = (body) => {
      for (const item of body.items) {
        item.label = hostile;
        item.runbookUrl = 'javascript:window.__pwned=3';
      }
    };
    const el = await fixture<CmdctrPareto>(
      html`<test-pareto-rewrite src="" style="width: 600px"></test-pareto-rewrite>`,
    );
    await ready(el);
    await openTable(el);
    const r = root(el);
    expect(r.querySelectorAll('tbody tr')).to.have.length.above(0);
    expect(r.querySelector('script')).to.equal(null);
    expect(r.querySelector('img')).to.equal(null);
    expect(r.querySelector('a')).to.equal(null);
    // The drawn label is cut short with an ellipsis; the table carries the full text, wrapped.
    const drawn = r.querySelector('svg text.label')!.textContent;
    expect(drawn.length).to.be.below(30);
    expect(drawn).to.contain('…');
    expect(r.querySelector('tbody th')!.textContent).to.equal(hostile);
    expect(el.scrollWidth).to.be.at.most(600);
    const wrap = r.querySelector('.table-wrap') as HTMLElement;
    expect(wrap.getBoundingClientRect().width).to.be.at.most(600);
    expect(getComputedStyle(r.querySelector('tbody th')!).unicodeBidi).to.equal('isolate');
    focusBar(el, 0);
    expect(tooltip(el).textContent).to.contain('<script>');
    expect(tooltip(el).getBoundingClientRect().height).to.be.below(400);
    key(bars(el)[0]!, 'Enter');
    bars(el)[0]!.click();
    expect(opened).to.have.length(0);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('shows the empty state', async () => {
    RewritePareto.variant = 'empty';
    const el = await fixture<CmdctrPareto>(
      html`<test-pareto-rewrite src=""></test-pareto-rewrite>`,
    );
    await waitUntil(() => root(el).querySelector('[part=empty]'), 'no empty state');
    expect(text(el, '[part=empty]')).to.equal('No exceptions in this range');
    expect(bars(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('shows the skeleton while loading, then the error with a retry that recovers', async () => {
    RewritePareto.delayMs = 700;
    RewritePareto.failOn = (call) => (call === 1 ? 500 : null);
    const errors: Event[] = [];
    const el = await fixture<CmdctrPareto>(
      html`<test-pareto-rewrite
        src=""
        @cmdctr-error=${(e: Event) => errors.push(e)}
      ></test-pareto-rewrite>`,
    );
    await waitUntil(() => root(el).querySelector('[part=skeleton]'), 'no skeleton', {
      timeout: 3000,
    });
    expect(root(el).querySelector('[part=base]')?.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await waitUntil(() => root(el).querySelector('[part=error]'), 'no error state', {
      timeout: 5000,
    });
    expect(text(el, '[part=error]')).to.contain('Metrics store failed');
    expect(errors).to.have.length(1);
    await expect(el).to.be.accessible();
    RewritePareto.delayMs = 0;
    (root(el).querySelector('[part=retry-button]') as HTMLButtonElement).click();
    await ready(el);
    expect(root(el).querySelector('[part=error]')).to.equal(null);
  });

  it('keeps the last good bars marked stale when a refresh fails, in the dark theme too', async () => {
    RewritePareto.failOn = (call) => (call > 1 ? 503 : null);
    const el = await fixture<CmdctrPareto>(
      html`<test-pareto-rewrite
        src=""
        theme="dark"
        refresh="1"
        style="width: 700px"
      ></test-pareto-rewrite>`,
    );
    await ready(el);
    const stroke = getComputedStyle(root(el).querySelector('.cumulative')!).stroke;
    expect(stroke).to.equal('rgb(230, 237, 243)');
    await waitUntil(() => root(el).querySelector('[part=stale]'), 'never marked stale', {
      timeout: 5000,
    });
    expect(bars(el)).to.have.length(6);
    await expect(el).to.be.accessible();
  });

  it('refetches on a live stream event, keeping focus and the open tooltip', async () => {
    RewritePareto.streamDelayMs = 400;
    RewritePareto.rewrite = (body, call) => {
      if (call > 1) body.items[1]!.label = 'Missing PO (updated)';
    };
    const el = await fixture<CmdctrPareto>(
      html`<test-pareto-rewrite src="" live style="width: 800px"></test-pareto-rewrite>`,
    );
    await ready(el);
    focusBar(el, 1);
    expect(tooltip(el).textContent).to.contain('Missing PO');
    await waitUntil(() => RewritePareto.calls >= 2, 'no refetch after the stream event', {
      timeout: 5000,
    });
    await waitUntil(() => tooltip(el).textContent?.includes('(updated)'), 'tooltip not refreshed');
    expect(root(el).activeElement).to.equal(bars(el)[1]);
    expect(tooltip(el).matches(':popover-open')).to.equal(true);
    el.remove();
    expect(openStreamCount((el as RewritePareto).testClient)).to.equal(0);
  });

  it('aborts its request on disconnect and leaves nothing behind after many mounts', async () => {
    RewritePareto.delayMs = 400;
    const slow = document.createElement('test-pareto-rewrite') as CmdctrPareto;
    slow.src = '';
    document.body.append(slow);
    await waitUntil(() => RewritePareto.signals.length === 1, 'no request');
    expect(RewritePareto.signals[0]!.aborted).to.equal(false);
    slow.remove();
    expect(RewritePareto.signals[0]!.aborted).to.equal(true);

    await expectNoLeaksAcrossMounts({
      tag: 'cmdctr-pareto',
      times: 20,
      host: document.body,
      width: '600px',
      // Every fifth mount is drawn with its tooltip open, so unmounting must close it.
      engage: {
        every: 5,
        run: async (el) => {
          await ready(el);
          focusBar(el, 0);
          expect(tooltip(el).matches(':popover-open')).to.equal(true);
        },
      },
      tooltip,
      // Updates requested just before removal run afterwards: they must not resubscribe.
      settleMs: 50,
    });
  });

  it('exports CSV from the table, SVG with resolved colours and PNG', async () => {
    const el = await fixture<CmdctrPareto>(
      html`<cmdctr-pareto src="" locale="en-GB" style="width: 800px"></cmdctr-pareto>`,
    );
    await ready(el);
    const base = 'cmdctr-pareto-2025-11-27T230000Z-2025-12-05T100000Z';
    const csv = await exportAs(el, 'Download CSV');
    const lines = (await csv.get(`${base}.csv`)!.text())
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).to.have.length(7);
    expect(lines[0]).to.equal(
      'Rank,Type,Code,Workflows,Exceptions,Open,Hours,Mean hours,Share,Cumulative share,Vital few,Runbook',
    );
    expect(lines[1]).to.equal(
      '1,Data mismatch,DATA_MISMATCH,p2p_invoice_matching,214,1,"1,397.1",6.5,33.9%,33.9%,Yes,Runbook',
    );

    const svgFile = await exportAs(el, 'Download SVG');
    const markup = await svgFile.get(`${base}.svg`)!.text();
    expect(markup).to.not.include('var(');
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).to.equal(null);
    expect(doc.querySelectorAll('rect.bar')).to.have.length(6);
    expect(doc.querySelector('pattern')).to.exist;
    expect(doc.querySelector('text.label')?.textContent).to.contain('Data mismatch');

    const png = await exportAs(el, 'Download PNG');
    expect(await pngSignature(png.get(`${base}.png`)!)).to.deep.equal(PNG_SIGNATURE);
  });

  it('keeps bars, vital hatch, line and cutoff apart in forced colours', async () => {
    // The Puppeteer launcher cannot emulate forced-colors (emulateMedia passes only colour scheme
    // and motion), so the element's own forced-colors rules are read and checked instead.
    const el = await fixture<CmdctrPareto>(html`<cmdctr-pareto src=""></cmdctr-pareto>`);
    await ready(el);
    const rules = root(el)
      .adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules])
      .filter((rule): rule is CSSMediaRule => rule instanceof CSSMediaRule)
      .filter((rule) => rule.conditionText.includes('forced-colors: active'))
      .flatMap((rule) => [...rule.cssRules] as CSSStyleRule[]);
    const declared = (selector: string, prop: string) =>
      rules
        .filter((rule) => rule.selectorText.split(/,\s*/).includes(selector))
        .map((rule) => rule.style.getPropertyValue(prop).trim())
        .find(Boolean);
    // Fills collapse to the background; outlines and the hatch in the text colour carry the bars,
    // the cutoff keeps a colour of its own.
    expect(declared(':host([data-theme])', '--_bar')).to.equal('Canvas');
    expect(declared(':host([data-theme])', '--_vital')).to.equal('Canvas');
    expect(declared(':host([data-theme])', '--_line')).to.equal('CanvasText');
    expect(declared(':host([data-theme])', '--_cutoff')).to.equal('Highlight');
    expect(declared('.bar', 'stroke')?.toLowerCase()).to.equal('canvastext');
    expect(declared('.hatch', 'stroke')?.toLowerCase()).to.equal('canvastext');
    // In normal colours the vital bars differ from the others in fill as well as hatch.
    const style = (selector: string) => getComputedStyle(root(el).querySelector(selector)!);
    expect(style('rect.bar.vital').fill).to.not.equal(style('rect.bar:not(.vital)').fill);
    expect(style('rect.bar.vital').strokeWidth).to.equal('2px');
  });

  it('is axe-clean with the export menu open', async () => {
    const el = await fixture<CmdctrPareto>(html`<cmdctr-pareto src=""></cmdctr-pareto>`);
    await ready(el);
    const button = root(el).querySelector<HTMLButtonElement>('[part=export-menu]')!;
    button.click();
    await waitUntil(() => button.getAttribute('aria-expanded') === 'true', 'menu not open');
    await expect(el).to.be.accessible();
  });
});
