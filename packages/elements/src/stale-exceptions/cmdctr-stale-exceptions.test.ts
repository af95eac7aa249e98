import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clientFor, type CmdctrClient, type ExceptionListResponse } from '@cmdctr/contract';
import { formatters, openStreamCount } from '../base/index.js';
import { CmdctrStaleExceptions } from './define.js';
import { liveAgeMinutes } from './stale-exceptions-view.js';
import { intervalsLeftBy } from '../../test/leak-probes.js';

/**
 * Fetches the real fixture over HTTP through a client of its own, so a test can see the URLs,
 * delay or rewrite an answer, or turn later requests into the fixture server's 503 problem.
 * The Date header is passed on: ages run on the server's clock.
 */
class TestList extends CmdctrStaleExceptions {
  static extra: Record<string, string> = {};
  static delayMs = 0;
  static failAfter = Infinity;
  static rewrite: (body: ExceptionListResponse, request: number) => void = () => {};
  static urls: string[] = [];
  static signals: AbortSignal[] = [];
  private readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    maxAttempts: 1,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (url.includes('/v1/stream')) return fetch(input, init);
      TestList.urls.push(url);
      const n = TestList.urls.length;
      if (init?.signal) TestList.signals.push(init.signal);
      if (TestList.delayMs) await new Promise((r) => setTimeout(r, TestList.delayMs));
      const target = n > TestList.failAfter ? `${url}&problem=503` : url;
      const response = await fetch(target, { ...init, cache: 'no-store' });
      if (response.status !== 200) return response;
      const body = (await response.json()) as ExceptionListResponse;
      TestList.rewrite(body, n);
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json', Date: response.headers.get('Date') ?? '' },
      });
    },
  });
  override get client(): CmdctrClient {
    return this.testClient;
  }
  protected override query() {
    return { ...super.query(), ...TestList.extra };
  }
}
customElements.define('test-stale-exceptions', TestList);

const root = (el: HTMLElement) => el.shadowRoot as ShadowRoot;
const $ = <E extends Element = HTMLElement>(el: HTMLElement, selector: string) =>
  root(el).querySelector<E>(selector);
const rows = (el: HTMLElement) => [...root(el).querySelectorAll<HTMLTableRowElement>('tbody tr')];
const ids = (el: HTMLElement) => rows(el).map((r) => r.dataset.id);
const ready = (el: HTMLElement) =>
  waitUntil(() => $(el, 'table'), 'list did not render', { timeout: 8000 });
const urlAt = (i: number) => new URL(TestList.urls.at(i)!, location.href);
const ageOf = (row: HTMLTableRowElement) =>
  Number(/^PT(\d+)M$/.exec(row.querySelector('time')?.getAttribute('datetime') ?? '')?.[1]);
const mount = async (attrs = '') => {
  const wrapper = document.createElement('div');
  wrapper.className = 'mounted';
  wrapper.innerHTML = `<test-stale-exceptions src="" locale="en-GB" tz="Europe/Berlin" ${attrs}></test-stale-exceptions>`;
  document.body.append(wrapper);
  const el = wrapper.firstElementChild as TestList;
  await ready(el);
  return el;
};

async function loadFixture(variant = ''): Promise<ExceptionListResponse> {
  const res = await fetch(`/v1/exceptions${variant ? `?fixture=${variant}` : ''}`);
  return (await res.json()) as ExceptionListResponse;
}

describe('<cmdctr-stale-exceptions>', () => {
  const realNow = Date.now;
  beforeEach(() => {
    TestList.extra = {};
    TestList.delayMs = 0;
    TestList.failAfter = Infinity;
    TestList.rewrite = () => {};
    TestList.urls = [];
    TestList.signals = [];
  });
  afterEach(() => {
    Date.now = realNow;
    for (const wrapper of document.querySelectorAll('div.mounted')) wrapper.remove();
  });

  it('asks for stale open exceptions and renders every column of the fixture', async () => {
    const data = await loadFixture();
    const el = await fixture<CmdctrStaleExceptions>(
      html`<cmdctr-stale-exceptions src="" locale="en-GB"></cmdctr-stale-exceptions>`,
    );
    await ready(el);
    expect(ids(el)).to.deep.equal(data.items.map((i) => i.id));
    const first = rows(el)[0]!;
    const item = data.items[0]!;
    expect(first.querySelector('[part="id-button"]')?.textContent?.trim()).to.equal(item.id);
    expect(first.textContent).to.contain('order_fulfillment_hold').and.contain('NA');
    expect(first.textContent).to.contain('CREDIT_HOLD').and.contain(item.owner!);
    const severity = first.querySelector('[part="severity"]')!;
    expect(severity.textContent).to.contain('high').and.contain('▲');
    // The age is the server's figure carried forward to now, in words and as a duration.
    const age = ageOf(first);
    const expected = liveAgeMinutes(item, Date.parse(data.meta.asOf), Date.now());
    expect(Math.abs(age - expected)).to.be.at.most(1);
    // Words and machine duration agree: the label is the en-GB duration of the datetime.
    expect(first.querySelector('time')?.textContent?.trim()).to.equal(
      formatters('en-GB', 'UTC').minutes(age),
    );
    expect(formatters('en-GB', 'UTC').minutes(356 * 1440 + 5 * 60 + 7)).to.equal('356 days 5 hrs');
    // Unowned: the word, and the incident commander the escalation goes to.
    const unowned = rows(el).find((r) => r.dataset.id === 'EXC-P2P-007182')!;
    expect(unowned.querySelector('[part="unowned"]')?.textContent).to.equal('unowned');
    expect(unowned.textContent).to.contain('Ops Incident Commander – on-call');
    const links = [...unowned.querySelectorAll<HTMLAnchorElement>('a[part="link"]')];
    expect(links.map((a) => a.textContent?.split(' of ')[0])).to.deep.equal([
      'Ticket',
      'ERP document',
    ]);
    for (const a of links) {
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.equal('noopener noreferrer');
      expect(a.textContent).to.contain('(opens in new tab)');
    }
    expect($(el, '[part="pager"] [role="status"]')?.textContent).to.equal('Showing 1–25');
    expect($(el, 'caption')?.textContent).to.contain('most urgent first');
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    expect(getComputedStyle(el).colorScheme).to.equal('dark');
    await expect(el).to.be.accessible();
  });

  it('sends type, owner and limit; an empty owner asks for the unowned', async () => {
    const el = await mount('type="MISSING_PO,DUPLICATE_INVOICE" owner="" limit="10"');
    const url = urlAt(0);
    expect(url.pathname).to.equal('/v1/exceptions');
    expect(Object.fromEntries(url.searchParams)).to.include({
      stale: 'true',
      status: 'open',
      type: 'MISSING_PO,DUPLICATE_INVOICE',
      owner: '',
      limit: '10',
    });
    expect(url.searchParams.has('cursor')).to.equal(false);
    // The list operation takes no bucket or tz: nothing it would reject is sent.
    expect(url.searchParams.has('bucket')).to.equal(false);
    el.removeAttribute('owner');
    await waitUntil(() => TestList.urls.length === 2);
    expect(urlAt(1).searchParams.has('owner')).to.equal(false);
  });

  it('pages with the cursor, announces the range and keeps focus on the pager', async () => {
    const data = await loadFixture();
    let last = false;
    TestList.rewrite = (body) => {
      if (last) body.nextCursor = null;
    };
    const el = await mount();
    const next = $(el, '[part="next-button"]')!;
    const previous = $(el, '[part="previous-button"]')!;
    expect(previous.getAttribute('aria-disabled')).to.equal('true');
    previous.click();
    await el.updateComplete;
    expect(TestList.urls).to.have.length(1);
    last = true;
    next.focus();
    next.click();
    await waitUntil(() => TestList.urls.length === 2);
    expect(urlAt(1).searchParams.get('cursor')).to.equal(data.nextCursor);
    await waitUntil(() => $(el, '[role="status"]')?.textContent === 'Showing 26–50');
    expect($(el, '[part="pager"] [role="status"]')?.textContent).to.equal('Showing 26–50');
    expect(next.getAttribute('aria-disabled')).to.equal('true');
    expect(previous.getAttribute('aria-disabled')).to.equal('false');
    // Still the same, focused button: aria-disabled instead of disabled keeps focus in place.
    expect(root(el).activeElement).to.equal(next);
    next.click();
    await el.updateComplete;
    expect(TestList.urls).to.have.length(2);
    last = false;
    previous.click();
    await waitUntil(() => TestList.urls.length === 3);
    expect(urlAt(2).searchParams.has('cursor')).to.equal(false);
    await waitUntil(() => $(el, '[role="status"]')?.textContent === 'Showing 1–25');
    // A new filter starts again at page one.
    next.click();
    await waitUntil(() => TestList.urls.length === 4);
    el.setAttribute('type', 'MISSING_PO');
    await waitUntil(() => TestList.urls.length === 5);
    expect(urlAt(4).searchParams.has('cursor')).to.equal(false);
  });

  it('keeps the range and Next of the page on screen while the next page loads', async () => {
    // Every answer names its own next cursor, so following the wrong page's cursor shows.
    TestList.rewrite = (body, request) => {
      body.nextCursor = `after-${request}`;
    };
    const el = await mount();
    const status = () => $(el, '[part="pager"] [role="status"]')?.textContent;
    const cursors = () =>
      TestList.urls.map((u) => new URL(u, location.href).searchParams.get('cursor'));
    const next = $(el, '[part="next-button"]')!;
    TestList.delayMs = 500;
    next.click();
    await waitUntil(() => TestList.urls.length === 2);
    await el.updateComplete;
    // The first page is still on screen, so it still says so.
    expect(status()).to.equal('Showing 1–25');
    // A quick second Next: the second page's cursor is not known yet, so nothing may be sent.
    next.click();
    await el.updateComplete;
    await waitUntil(() => status() === 'Showing 26–50', 'second page not shown');
    expect(cursors()).to.deep.equal([null, 'after-1']);
    TestList.delayMs = 0;
    next.click();
    await waitUntil(() => status() === 'Showing 51–75', 'third page not shown');
    expect(cursors()).to.deep.equal([null, 'after-1', 'after-2']);
  });

  it('keeps Previous in reach when a later page comes back empty', async () => {
    TestList.rewrite = (body, request) => {
      if (request > 1) body.items = [];
    };
    const el = await mount();
    $(el, '[part="next-button"]')!.click();
    await waitUntil(() => rows(el).length === 0, 'second page not shown');
    expect($(el, '[part="empty"]')).to.equal(null);
    expect($(el, '[part="pager"] [role="status"]')?.textContent).to.equal(
      'No more stale exceptions on this page',
    );
    const previous = $(el, '[part="previous-button"]')!;
    expect(previous.getAttribute('aria-disabled')).to.equal('false');
    TestList.rewrite = () => {};
    previous.click();
    await waitUntil(() => rows(el).length === 25, 'first page not back');
  });

  it('re-orders the current page by age and severity from header buttons, without a request', async () => {
    TestList.rewrite = (body) => {
      body.items[5]!.severity = 'critical';
    };
    const el = await mount();
    const server = ids(el);
    const [ageButton, severityButton] = [
      ...root(el).querySelectorAll<HTMLButtonElement>('[part="sort-button"]'),
    ];
    expect(ageButton!.textContent).to.contain('sort this page only');
    const ageHeader = ageButton!.closest('th')!;
    expect(ageHeader.getAttribute('aria-sort')).to.equal('none');
    ageButton!.click();
    await el.updateComplete;
    expect(ageHeader.getAttribute('aria-sort')).to.equal('descending');
    const ages = rows(el).map(ageOf);
    expect(ages).to.deep.equal([...ages].sort((a, b) => b - a));
    expect($(el, 'caption')?.textContent).to.contain('this page by age, oldest first');
    ageButton!.click();
    await el.updateComplete;
    expect(ageHeader.getAttribute('aria-sort')).to.equal('ascending');
    expect(rows(el).map(ageOf)).to.deep.equal([...ages].reverse());
    ageButton!.click();
    await el.updateComplete;
    expect(ageHeader.getAttribute('aria-sort')).to.equal('none');
    expect(ids(el)).to.deep.equal(server);
    severityButton!.click();
    await el.updateComplete;
    expect(severityButton!.closest('th')!.getAttribute('aria-sort')).to.equal('descending');
    expect(ids(el)[0]).to.equal(server[5]);
    expect(rows(el)[0]!.querySelector('[part="severity"]')?.textContent).to.contain('◆');
    expect(rows(el).at(-1)!.textContent).to.contain('low');
    expect(TestList.urls).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('ages on the server clock: a skewed client clock changes nothing, time passing does', async () => {
    const unskewed = await mount();
    const before = rows(unskewed).map(ageOf);
    unskewed.closest('div.mounted')!.remove();
    // The client clock runs three hours fast; the Date header corrects it.
    Date.now = () => realNow() + 3 * 3_600_000;
    const el = await mount();
    const skewed = rows(el).map(ageOf);
    skewed.forEach((age, i) => expect(Math.abs(age - before[i]!)).to.be.at.most(1));
    // Ten minutes later by the (still skewed) client clock, ages read ten minutes more.
    Date.now = () => realNow() + 3 * 3_600_000 + 10 * 60_000;
    el.requestUpdate();
    await el.updateComplete;
    const open = new Set(
      (await loadFixture()).items.filter((i) => i.status === 'open').map((i) => i.id),
    );
    expect(open.size).to.be.above(5);
    rows(el).forEach((row, i) => {
      const grown = ageOf(row) - skewed[i]!;
      if (open.has(row.dataset.id!)) expect(Math.abs(grown - 10)).to.be.at.most(1);
      else expect(grown, 'a resolved exception does not age').to.equal(0);
    });
  });

  it('emits a cancelable cmdctr-select from the id button (click and Enter)', async () => {
    const el = await mount();
    const row = rows(el)[2]!;
    const button = row.querySelector<HTMLButtonElement>('[part="id-button"]')!;
    setTimeout(() => button.click());
    const event = await oneEvent(el, 'cmdctr-select');
    expect(event.detail).to.deep.equal({
      id: 'EXC-P2P-007182',
      correlationId: 'p2p-emea-d02c583453d3',
      workflow: 'p2p_invoice_matching',
    });
    expect(event.cancelable).to.equal(true);
    await el.updateComplete;
    expect(el.selected).to.equal('EXC-P2P-007182');
    expect(el.getAttribute('selected')).to.equal('EXC-P2P-007182');
    expect(row.getAttribute('aria-current')).to.equal('true');

    const other = rows(el)[3]!.querySelector<HTMLButtonElement>('[part="id-button"]')!;
    const cancel = (e: Event) => e.preventDefault();
    el.addEventListener('cmdctr-select', cancel);
    other.focus();
    const heard = oneEvent(el, 'cmdctr-select');
    await sendKeys({ press: 'Enter' });
    expect((await heard).detail.id).to.equal('EXC-P2P-007181');
    el.removeEventListener('cmdctr-select', cancel);
    await el.updateComplete;
    expect(el.selected).to.equal('EXC-P2P-007182');
    expect(rows(el)[3]!.hasAttribute('aria-current')).to.equal(false);
  });

  it('renders only http(s) links as links and hostile strings as bounded, isolated text', async () => {
    const long = 'W'.repeat(10_000);
    TestList.rewrite = (body) => {
      const [a, b, c] = body.items;
      a!.links = {
        ticket: 'javascript:window.__pwned=1',
        erpDocument: 'data:text/html;base64,PHNjcmlwdD4=',
        runbook: 'https://wiki.company/runbooks/p2p/missing-po',
      };
      a!.owner = long;
      b!.type = '\u202eLOP_GNISSIM<script>window.__pwned=3</script>';
      c!.escalationTarget = '<img src=x onerror="window.__pwned=4">';
    };
    const el = await mount('style="display:block;width:900px"');
    const [a, b, c] = rows(el);
    const anchors = [...a!.querySelectorAll('a')];
    expect(anchors.map((x) => x.getAttribute('href'))).to.deep.equal([
      'https://wiki.company/runbooks/p2p/missing-po',
    ]);
    expect(a!.querySelector('.links')?.textContent).to.contain('javascript:window.__pwned=1');
    expect(root(el).querySelector('script, img')).to.equal(null);
    expect(b!.textContent).to.contain('<script>');
    expect(c!.textContent).to.contain('<img src=x');
    // Bounded: the 10,000-character owner stops after two lines, full text in its title.
    const owner = [...a!.querySelectorAll<HTMLElement>('.clip')].find((x) => x.title === long)!;
    const box = owner.getBoundingClientRect();
    expect(box.width).to.be.below(300);
    expect(box.height).to.be.below(3 * parseFloat(getComputedStyle(owner).lineHeight));
    expect(getComputedStyle(owner).webkitLineClamp).to.equal('2');
    // Isolated: a right-to-left override cannot flip the text around it.
    const type = [...b!.querySelectorAll('bdi')].find((x) => x.textContent.includes('\u202e'));
    expect(type?.textContent).to.contain('LOP_GNISSIM');
    expect(getComputedStyle(type!).unicodeBidi).to.equal('isolate');
    expect(a!.getBoundingClientRect().height).to.be.below(120);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('says so in words when nothing is stale', async () => {
    TestList.extra = { fixture: 'empty' };
    const el = document.createElement('test-stale-exceptions') as TestList;
    el.setAttribute('src', '');
    document.body.append(el);
    await waitUntil(() => $(el, '[part="empty"]'), 'no empty state', { timeout: 8000 });
    expect($(el, '[part="empty"]')?.textContent).to.equal(
      'No stale exceptions — every open exception is within its timer.',
    );
    expect($(el, 'table')).to.equal(null);
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('shows the skeleton while loading, the problem with a retry on error, and recovers', async () => {
    TestList.delayMs = 900;
    TestList.failAfter = 0;
    const el = document.createElement('test-stale-exceptions') as TestList;
    el.setAttribute('src', '');
    document.body.append(el);
    await waitUntil(() => $(el, '[part="skeleton"]'), 'no skeleton', { timeout: 3000 });
    expect($(el, '[part="base"]')?.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await waitUntil(() => $(el, '[part="error"]'), 'no error state', { timeout: 8000 });
    expect($(el, '[part="error"]')?.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    TestList.delayMs = 0;
    TestList.failAfter = Infinity;
    $(el, '[part="retry-button"]')!.click();
    await ready(el);
    expect(rows(el)).to.have.length(25);
    el.remove();
  });

  it('keeps the page on screen, marked stale, when a refresh fails', async () => {
    TestList.failAfter = 1;
    const el = await mount('refresh="1"');
    await waitUntil(() => $(el, '[part="stale"]'), 'no stale notice', { timeout: 5000 });
    expect($(el, '[part="stale"]')?.textContent).to.contain('the last refresh failed');
    expect(rows(el)).to.have.length(25);
    await expect(el).to.be.accessible();
  });

  it('refetches live on its topic, keeping the page and the focused exception', async () => {
    let reversed = false;
    TestList.rewrite = (body) => {
      if (reversed) body.items.reverse();
    };
    const el = await mount('live');
    $(el, '[part="next-button"]')!.click();
    await waitUntil(() => TestList.urls.length >= 2);
    await waitUntil(() => $(el, '[role="status"]')?.textContent === 'Showing 26–50');
    const cursor = urlAt(-1).searchParams.get('cursor');
    const target = rows(el)[1]!;
    const id = target.dataset.id;
    target.querySelector('button')!.focus();
    reversed = true;
    const seen = TestList.urls.length;
    // Reconnecting the stream makes the fixture server announce a change again.
    el.live = false;
    await el.updateComplete;
    el.live = true;
    await waitUntil(() => TestList.urls.length > seen, 'no live refetch', { timeout: 5000 });
    expect(urlAt(-1).searchParams.get('cursor')).to.equal(cursor);
    await waitUntil(() => rows(el).at(-2)?.dataset.id === id, 'order did not change');
    expect($(el, '[role="status"]')?.textContent).to.equal('Showing 26–50');
    expect((root(el).activeElement as HTMLElement).closest('tr')?.dataset.id).to.equal(id);
  });

  it('aborts its request on disconnect and leaves no timers or streams after 30 mounts', async () => {
    TestList.delayMs = 400;
    const slow = document.createElement('test-stale-exceptions') as TestList;
    slow.setAttribute('src', '');
    document.body.append(slow);
    await waitUntil(() => TestList.signals.length === 1);
    slow.remove();
    expect(TestList.signals[0]!.aborted).to.equal(true);
    TestList.delayMs = 0;

    const left = await intervalsLeftBy(async () => {
      const el = document.createElement('cmdctr-stale-exceptions');
      el.setAttribute('src', '');
      el.setAttribute('live', '');
      const client = el.client;
      for (let i = 0; i < 30; i++) {
        document.body.append(el);
        await el.updateComplete;
        expect(openStreamCount(client)).to.equal(1);
        el.remove();
        expect(openStreamCount(client)).to.equal(0);
      }
    });
    expect(left).to.equal(0);
  });

  it('fits 320 px by scrolling the table inside itself', async () => {
    const el = await mount('style="display:block;width:320px"');
    const wrap = $(el, '[part="table-wrap"]')!;
    expect(el.getBoundingClientRect().width).to.equal(320);
    expect(wrap.scrollWidth).to.be.above(wrap.clientWidth);
    expect(wrap.getAttribute('tabindex')).to.equal('0');
    await expect(el).to.be.accessible();
  });
});
