import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { clientFor, type CmdctrClient, type OwnershipResponse } from '@cmdctr/contract';
import { formatters, openStreamCount } from '../base/index.js';
import { CmdctrOwnership } from './define.js';

// Fetches the real fixture over HTTP, then lets a test rewrite the body or delay the answer.
class RewriteOwnership extends CmdctrOwnership {
  static rewrite: (body: OwnershipResponse, url: URL) => void = () => {};
  static delayMs = 0;
  static urls: string[] = [];
  static signals: AbortSignal[] = [];
  private readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : input.toString();
      RewriteOwnership.urls.push(url);
      if (init?.signal) RewriteOwnership.signals.push(init.signal);
      if (RewriteOwnership.delayMs)
        await new Promise((r) => setTimeout(r, RewriteOwnership.delayMs));
      const response = await fetch(input, { ...init, cache: 'no-store' });
      const body = (await response.json()) as OwnershipResponse;
      RewriteOwnership.rewrite(body, new URL(url, location.href));
      return new Response(JSON.stringify(body), {
        status: response.status,
        headers: { 'Content-Type': 'application/json' },
      });
    },
  });
  override get client(): CmdctrClient {
    return this.testClient;
  }
}
customElements.define('test-ownership-rewrite', RewriteOwnership);

type Internals = { metric: { status: string; loading: boolean; refresh(): Promise<void> } };
const metric = (el: CmdctrOwnership) => (el as unknown as Internals).metric;
const root = (el: HTMLElement) => el.shadowRoot as ShadowRoot;
const text = (el: HTMLElement, selector: string) =>
  root(el).querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const rows = (el: HTMLElement) => [...root(el).querySelectorAll<HTMLButtonElement>('[part=row]')];
const keys = (el: HTMLElement) => rows(el).map((b) => b.dataset.key);
const ready = (el: HTMLElement) =>
  waitUntil(() => root(el).querySelector('[part=row]'), 'ownership did not render', {
    timeout: 8000,
  });
const key = (target: Element, k: string) =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }),
  );

async function loadFixture(): Promise<OwnershipResponse> {
  return (await (await fetch('/v1/metrics/ownership')).json()) as OwnershipResponse;
}

describe('<cmdctr-ownership>', () => {
  beforeEach(() => {
    RewriteOwnership.rewrite = () => {};
    RewriteOwnership.delayMs = 0;
    RewriteOwnership.urls = [];
    RewriteOwnership.signals = [];
  });

  it('shows overall coverage, status, gap, stale count and orphaned types from the fixture', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrOwnership>(
      html`<cmdctr-ownership src="" locale="en-GB" tz="Europe/Berlin"></cmdctr-ownership>`,
    );
    await ready(el);
    const r = root(el);
    expect(r.querySelector('[part=base]')?.getAttribute('aria-label')).to.equal(
      'Ownership coverage',
    );
    expect(text(el, '[part=figure]')).to.equal('92.5%');
    expect(text(el, '.headline')).to.equal('92.5% owned of 785 ▼ Below target (95%)');
    // The gap is the server's total minus its owned count, in words.
    expect(text(el, '[part=gap]')).to.equal(
      `${data.overall.total - data.overall.owned} exceptions without an owner`,
    );
    expect(text(el, '[part=stale-count]')).to.equal(
      `9 stale · oldest ${formatters('en-GB', 'Europe/Berlin').minutes(847)}`,
    );
    expect(text(el, '[part=stale-count]')).to.match(/oldest 14 \S+ 7 min/);
    expect(text(el, '[part=orphans]')).to.equal(
      '3 types with no policy owner: DUPLICATE_INVOICE, CREDIT_HOLD, PRICE_VARIANCE',
    );
    await expect(el).to.be.accessible();
  });

  it('lists workflows and types worst coverage first with figures, bars and orphan badges', async () => {
    const el = await fixture<CmdctrOwnership>(
      html`<cmdctr-ownership src="" locale="en" style="width: 600px"></cmdctr-ownership>`,
    );
    await ready(el);
    expect(keys(el)).to.deep.equal([
      'p2p_invoice_matching',
      'order_fulfillment_hold',
      'DUPLICATE_INVOICE',
      'CREDIT_HOLD',
      'DATA_MISMATCH',
      'PRICE_VARIANCE',
      'ADDRESS_VALIDATION_FAIL',
      'MISSING_PO',
    ]);
    const lists = root(el).querySelectorAll('[part=list]');
    expect([...lists].map((l) => l.getAttribute('aria-label'))).to.deep.equal([
      'By workflow',
      'By exception type',
    ]);
    const [, , duplicate, , , , , missing] = rows(el);
    // The numbers are text inside the button, so they are its accessible name too.
    expect(duplicate!.textContent.replace(/\s+/g, ' ')).to.contain(
      'DUPLICATE_INVOICE 48.9% ▼ Below target · 24 of 47 without an owner · P2P – Invoice Matching · No policy owner',
    );
    expect(duplicate!.querySelector('[part=orphan-badge]')).to.not.equal(null);
    expect(missing!.textContent.replace(/\s+/g, ' ')).to.contain(
      '99.5% ✓ On target · 1 of 209 without an owner',
    );
    expect(missing!.textContent).to.contain('Owner: AP Exceptions – R. Singh');
    expect(missing!.querySelector('[part=orphan-badge]')).to.equal(null);
    expect(root(el).querySelectorAll('[part=orphan-badge]')).to.have.length(3);
    // Bars: the fill spans the coverage share of the track, the marker sits at the target.
    const bar = duplicate!.querySelector<HTMLElement>('[part=bar]')!;
    const track = bar.getBoundingClientRect();
    const inner = track.width - 2; // 1 px border each side
    const fill = bar.querySelector('[part=fill]')!.getBoundingClientRect();
    const marker = bar.querySelector('[part=target-marker]')!.getBoundingClientRect();
    expect(fill.width).to.be.closeTo(inner * 0.4894, 1);
    expect(marker.left - track.left - 1).to.be.closeTo(inner * 0.95, 1);
    // Below target and on target differ in shape and words, not only colour.
    const below = getComputedStyle(duplicate!.querySelector('[part=fill]')!).backgroundColor;
    const met = getComputedStyle(missing!.querySelector('[part=fill]')!).backgroundColor;
    expect(below).to.not.equal(met);
  });

  it('sends the target attribute as the target query and judges against the echoed target', async () => {
    RewriteOwnership.rewrite = (body, url) => {
      body.target = Number(url.searchParams.get('target') ?? body.target);
      body.meta.filters.target = body.target;
    };
    const el = await fixture<CmdctrOwnership>(
      html`<test-ownership-rewrite
        src=""
        target="0.9"
        bucket="day"
        locale="en"
      ></test-ownership-rewrite>`,
    );
    await ready(el);
    const url = new URL(RewriteOwnership.urls[0]!, location.href);
    expect(url.searchParams.get('target')).to.equal('0.9');
    expect(url.searchParams.has('bucket')).to.equal(false);
    expect(text(el, '.headline [part=status]')).to.equal('✓ On target (90%)');
    const marker = root(el).querySelector<HTMLElement>('[part=bar]')!;
    expect(getComputedStyle(marker).getPropertyValue('--_t').trim()).to.equal('0.9');

    // Out of range: not sent, so the server's default applies.
    el.target = 2;
    await waitUntil(() => RewriteOwnership.urls.length === 2, 'no refetch');
    expect(new URL(RewriteOwnership.urls[1]!, location.href).searchParams.has('target')).to.equal(
      false,
    );
  });

  it('puts rows without coverage last and says there was nothing to own', async () => {
    RewriteOwnership.rewrite = (body) => {
      const missing = body.byType.find((t) => t.type === 'MISSING_PO')!;
      Object.assign(missing, { owned: 0, total: 0, coverage: null });
      // A tie on coverage: the larger unowned count leads.
      Object.assign(body.byWorkflow[1]!, { owned: 462, total: 500, coverage: 0.9242 });
    };
    const el = await fixture<CmdctrOwnership>(
      html`<test-ownership-rewrite src="" locale="en"></test-ownership-rewrite>`,
    );
    await ready(el);
    expect(keys(el).at(-1)).to.equal('MISSING_PO');
    expect(rows(el).at(-1)!.textContent).to.contain('– No exceptions');
    expect(keys(el).slice(0, 2)).to.deep.equal(['p2p_invoice_matching', 'order_fulfillment_hold']);
  });

  it('emits a cancelable cmdctr-drill for the unowned open exceptions of a row (Enter and click)', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrOwnership>(
      html`<cmdctr-ownership src="" locale="en"></cmdctr-ownership>`,
    );
    await ready(el);
    const { from, to } = data.meta.filters;
    const typeRow = rows(el)[3]!; // CREDIT_HOLD
    typeRow.focus();
    setTimeout(() => typeRow.click());
    const event = await oneEvent(el, 'cmdctr-drill');
    expect(event.cancelable).to.equal(true);
    expect(event.detail).to.deep.equal({
      workflow: 'order_fulfillment_hold',
      rowDimension: 'type',
      rowKey: 'CREDIT_HOLD',
      type: 'CREDIT_HOLD',
      owner: '',
      status: 'open',
      from,
      to,
    });
    // Enter on a native button activates it: the workflow row drills without a type.
    const workflowRow = rows(el)[0]!;
    workflowRow.focus();
    setTimeout(() => workflowRow.click());
    expect((await oneEvent(el, 'cmdctr-drill')).detail).to.deep.equal({
      workflow: 'p2p_invoice_matching',
      rowDimension: 'workflow',
      rowKey: 'p2p_invoice_matching',
      owner: '',
      status: 'open',
      from,
      to,
    });
    // The gap drills into every unowned exception in view.
    const gap = root(el).querySelector<HTMLButtonElement>('button[part=gap]')!;
    setTimeout(() => gap.click());
    expect((await oneEvent(el, 'cmdctr-drill')).detail).to.include({
      workflow: null,
      owner: '',
      status: 'open',
    });
  });

  it('moves between rows with arrow keys, Home and End', async () => {
    const el = await fixture<CmdctrOwnership>(html`<cmdctr-ownership src=""></cmdctr-ownership>`);
    await ready(el);
    const active = () => (root(el).activeElement as HTMLElement | null)?.dataset.key;
    rows(el)[0]!.focus();
    key(rows(el)[0]!, 'ArrowDown');
    expect(active()).to.equal('order_fulfillment_hold');
    // Across the two lists: one sequence of rows.
    key(rows(el)[1]!, 'ArrowDown');
    expect(active()).to.equal('DUPLICATE_INVOICE');
    key(rows(el)[2]!, 'End');
    expect(active()).to.equal('MISSING_PO');
    key(rows(el)[7]!, 'ArrowDown');
    expect(active()).to.equal('MISSING_PO');
    key(rows(el)[7]!, 'Home');
    expect(active()).to.equal('p2p_invoice_matching');
    key(rows(el)[0]!, 'ArrowUp');
    expect(active()).to.equal('p2p_invoice_matching');
    // Rows are native buttons: every one is in the tab order too.
    expect(rows(el).every((b) => b.tabIndex === 0)).to.equal(true);
  });

  it('keeps focus on the same row when a refresh re-sorts the rows', async () => {
    let improve = false;
    RewriteOwnership.rewrite = (body) => {
      if (improve) Object.assign(body.byType[3]!, { owned: 47, coverage: 1 }); // DUPLICATE_INVOICE
    };
    const el = await fixture<CmdctrOwnership>(
      html`<test-ownership-rewrite src=""></test-ownership-rewrite>`,
    );
    await ready(el);
    const duplicate = rows(el).find((b) => b.dataset.key === 'DUPLICATE_INVOICE')!;
    duplicate.focus();
    improve = true;
    await metric(el).refresh();
    await el.updateComplete;
    expect(keys(el).at(-1)).to.equal('DUPLICATE_INVOICE');
    expect((root(el).activeElement as HTMLElement).dataset.key).to.equal('DUPLICATE_INVOICE');
  });

  it('says "No exceptions in this range" when nothing was raised', async () => {
    RewriteOwnership.rewrite = (body) => {
      body.overall = { owned: 0, total: 0, coverage: null };
      body.byWorkflow = [];
      body.byType = [];
    };
    const el = await fixture<CmdctrOwnership>(
      html`<test-ownership-rewrite src=""></test-ownership-rewrite>`,
    );
    await waitUntil(() => root(el).querySelector('[part=empty]'), 'no empty state', {
      timeout: 8000,
    });
    expect(text(el, '[part=empty]')).to.equal('No exceptions in this range');
    expect(rows(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('shows the problem and a retry button on error, and recovers on retry', async () => {
    const el = await fixture<CmdctrOwnership>(
      html`<cmdctr-ownership src="/element-api/status-503"></cmdctr-ownership>`,
    );
    await waitUntil(() => root(el).querySelector('[part=error]'), 'no error state', {
      timeout: 8000,
    });
    expect(root(el).querySelector('[part=error]')?.getAttribute('role')).to.equal('alert');
    expect(text(el, '[part=error]')).to.contain('Scenario error');
    await expect(el).to.be.accessible();
    el.src = '';
    await ready(el);
    expect(root(el).querySelector('[part=error]')).to.equal(null);
  });

  it('shows the skeleton while a slow answer is on its way', async () => {
    const el = await fixture<CmdctrOwnership>(
      html`<cmdctr-ownership src="/element-api/slow-1500"></cmdctr-ownership>`,
    );
    await waitUntil(() => root(el).querySelector('[part=skeleton]'), 'no skeleton', {
      timeout: 3000,
    });
    expect(root(el).querySelector('[part=base]')?.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await ready(el);
    expect(root(el).querySelector('[part=skeleton]')).to.equal(null);
  });

  it('keeps the last good data, marked stale, when a refresh fails', async () => {
    const el = await fixture<CmdctrOwnership>(
      html`<cmdctr-ownership
        src=${`/element-api/flaky-own-${Math.random()}`}
        locale="en"
      ></cmdctr-ownership>`,
    );
    await ready(el);
    await metric(el).refresh();
    await el.updateComplete;
    expect(text(el, '[part=stale]')).to.contain('the last refresh failed');
    expect(text(el, '[part=figure]')).to.equal('92.5%');
    await expect(el).to.be.accessible();
  });

  it('is axe-clean and readable in the dark theme', async () => {
    const el = await fixture<CmdctrOwnership>(
      html`<cmdctr-ownership src="" theme="dark"></cmdctr-ownership>`,
    );
    await ready(el);
    expect(el.dataset.theme).to.equal('dark');
    expect(getComputedStyle(root(el).querySelector('.frame')!).backgroundColor).to.equal(
      'rgb(22, 24, 29)',
    );
    await expect(el).to.be.accessible();
  });

  it('renders hostile and very long strings as bounded, isolated text', async () => {
    const long = `\u202e${'x'.repeat(10_000)}`;
    RewriteOwnership.rewrite = (body) => {
      body.byWorkflow[0]!.label = long;
      body.byType[0]!.type = '<img src=x onerror="window.__pwned=1">';
      body.byType[1]!.owner = '<script>window.__pwned=2</script>';
      body.byType[2]!.type = long; // an orphaned type: named in the summary too
    };
    const host = document.createElement('div');
    host.style.width = '320px';
    document.body.append(host);
    try {
      host.innerHTML = '<test-ownership-rewrite src=""></test-ownership-rewrite>';
      const el = host.firstElementChild as CmdctrOwnership;
      await ready(el);
      const r = root(el);
      expect(r.querySelector('img')).to.equal(null);
      expect(r.querySelector('script')).to.equal(null);
      expect(r.textContent).to.contain('<script>window.__pwned=2</script>');
      expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
      // Nothing is wider than the 320 px host.
      expect(el.scrollWidth).to.be.at.most(320);
      for (const node of r.querySelectorAll<HTMLElement>('[part=row], [part=summary]'))
        expect(node.getBoundingClientRect().right).to.be.at.most(
          host.getBoundingClientRect().right + 0.5,
        );
      const name = r.querySelector<HTMLElement>('[part=row] .name')!;
      expect(getComputedStyle(name).unicodeBidi).to.equal('isolate');
      expect(getComputedStyle(name).textOverflow).to.equal('ellipsis');
    } finally {
      host.remove();
    }
  });

  it('aborts its request on disconnect and leaves no stream behind after many mounts', async () => {
    RewriteOwnership.delayMs = 400;
    const el = document.createElement('test-ownership-rewrite') as CmdctrOwnership;
    el.src = '';
    document.body.append(el);
    await waitUntil(() => RewriteOwnership.signals.length === 1, 'no request');
    el.remove();
    expect(RewriteOwnership.signals[0]!.aborted).to.equal(true);

    const client = clientFor({ baseUrl: '' });
    for (let i = 0; i < 30; i++) {
      const live = document.createElement('cmdctr-ownership');
      live.setAttribute('src', '');
      live.setAttribute('live', '');
      document.body.append(live);
      await live.updateComplete;
      expect(openStreamCount(client)).to.equal(1);
      live.remove();
    }
    expect(openStreamCount(client)).to.equal(0);
  });
});
