import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  clientFor,
  type CmdctrClient,
  type LedgerEntry,
  type LedgerListResponse,
} from '@cmdctr/contract';
import { openStreamCount } from '../base/index.js';
import { downloads } from '../../test/export-support.js';
import { CmdctrLedger } from './define.js';

/**
 * Fetches the real fixtures over HTTP through a client of its own, so a test can see the URLs,
 * delay or rewrite answers, pick the broken verification, or turn requests into the fixture
 * server's 503 problem. The list is paged like the server does it: `limit` entries from the
 * offset in `cursor`, capped at `pageMax`, with the next offset as `nextCursor`.
 */
class TestLedger extends CmdctrLedger {
  static delayMs = 0;
  static failAfter = Infinity;
  static verify = '';
  static pageMax = 200;
  static entries: ((all: LedgerEntry[]) => LedgerEntry[]) | undefined;
  static urls: string[] = [];
  static signals: AbortSignal[] = [];
  static stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  private readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    maxAttempts: 1,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
      if (url.pathname === '/v1/stream') return liveStream(init?.signal);
      TestLedger.urls.push(url.href);
      if (init?.signal) TestLedger.signals.push(init.signal);
      if (TestLedger.delayMs) await new Promise((r) => setTimeout(r, TestLedger.delayMs));
      init?.signal?.throwIfAborted();
      const verify = url.pathname.endsWith('/verify');
      const target = new URL(url.pathname, location.href);
      if (verify && TestLedger.verify) target.searchParams.set('fixture', TestLedger.verify);
      if (TestLedger.urls.length > TestLedger.failAfter) target.searchParams.set('problem', '503');
      const response = await fetch(target, { ...init, cache: 'no-store' });
      if (response.status !== 200 || verify) return response;
      const body = (await response.json()) as LedgerListResponse;
      const all = TestLedger.entries ? TestLedger.entries(body.items) : body.items;
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const size = Math.min(Number(url.searchParams.get('limit') ?? 50), TestLedger.pageMax);
      body.items = all.slice(offset, offset + size);
      body.nextCursor = offset + size < all.length ? String(offset + size) : null;
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json', Date: response.headers.get('Date') ?? '' },
      });
    },
  });
  override get client(): CmdctrClient {
    return this.testClient;
  }
}
customElements.define('test-ledger', TestLedger);

/** An SSE stream the test writes `metrics-changed` events into, open until the client aborts. */
function liveStream(signal: AbortSignal | null | undefined): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      TestLedger.stream = controller;
      signal?.addEventListener('abort', () => controller.error(signal.reason));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}
const announce = (metrics: string[]) =>
  TestLedger.stream!.enqueue(
    new TextEncoder().encode(
      `id: ${Date.now()}\nevent: metrics-changed\ndata: ${JSON.stringify({ metrics, workflow: null })}\n\n`,
    ),
  );

const root = (el: HTMLElement) => el.shadowRoot as ShadowRoot;
const $ = <E extends Element = HTMLElement>(el: HTMLElement, selector: string) =>
  root(el).querySelector<E>(selector);
const rows = (el: HTMLElement) => [
  ...root(el).querySelectorAll<HTMLTableRowElement>('tr[part="row"]'),
];
const seqs = (el: HTMLElement) => rows(el).map((r) => Number(r.dataset.seq));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const ready = (el: HTMLElement) =>
  waitUntil(() => $(el, 'table'), 'ledger did not render', { timeout: 8000 });
const urlAt = (i: number) => new URL(TestLedger.urls.at(i)!, location.href);
const listUrls = () => TestLedger.urls.filter((u) => !u.includes('/verify'));
const pager = (el: HTMLElement) => text($(el, '[part="pager"] [role="status"]'));
const mount = async (attrs = '') => {
  const wrapper = document.createElement('div');
  wrapper.className = 'mounted';
  wrapper.innerHTML = `<test-ledger src="" locale="en-GB" tz="Europe/Berlin" ${attrs}></test-ledger>`;
  document.body.append(wrapper);
  const el = wrapper.firstElementChild as TestLedger;
  await ready(el);
  return el;
};
async function fixtureItems(): Promise<LedgerEntry[]> {
  return ((await (await fetch('/v1/ledger')).json()) as LedgerListResponse).items;
}

describe('<cmdctr-ledger>', () => {
  beforeEach(() => {
    TestLedger.delayMs = 0;
    TestLedger.failAfter = Infinity;
    TestLedger.verify = '';
    TestLedger.pageMax = 200;
    TestLedger.entries = undefined;
    TestLedger.urls = [];
    TestLedger.signals = [];
  });
  afterEach(() => {
    for (const wrapper of document.querySelectorAll('div.mounted')) wrapper.remove();
  });

  it('renders who, what, when, why and the hash of every entry, newest first', async () => {
    const items = await fixtureItems();
    const el = document.createElement('cmdctr-ledger');
    el.setAttribute('src', '');
    el.setAttribute('locale', 'en-GB');
    el.setAttribute('tz', 'Europe/Berlin');
    document.body.append(el);
    try {
      await ready(el);
      expect(seqs(el)).to.deep.equal(items.map((i) => i.seq));
      expect(seqs(el)[0]).to.equal(11);
      const policy = rows(el).find((r) => r.dataset.seq === '3')!;
      const cells = [...policy.cells].map((c) => text(c));
      expect(cells[0]).to.contain('3');
      // 08:00 UTC is 09:00 in Berlin, in the element's locale.
      expect(cells[1]).to.equal('24 Nov 2025, 09:00');
      expect(policy.querySelector('time')?.getAttribute('datetime')).to.equal(
        '2025-11-24T08:00:00Z',
      );
      expect(cells[2]).to.equal('Change Advisory Board – CAB-2291');
      expect(cells[3]).to.equal('Policy change');
      expect(cells[4]).to.equal('p2p_invoice_matching');
      expect(cells[5]).to.equal('policy');
      expect(cells[6]).to.equal(items.find((i) => i.seq === 3)!.reason);
      expect(cells[7]).to.equal('1.4.2');
      const hash = policy.querySelector('[part="hash"]')!;
      expect(hash.textContent).to.equal('30ea8756…');
      expect(hash.getAttribute('title')).to.equal(
        '30ea87563fe9513df8f2f6d856949de00ffd2bfc36647e1fbdd5de7d86b0b945',
      );
      // Retention covers every workflow: said in words, not left blank.
      expect(text(rows(el).find((r) => r.dataset.seq === '2')!.cells[4])).to.equal('all');
      expect(pager(el)).to.equal('Showing 1–11');
      expect(text($(el, 'caption'))).to.equal('Decision ledger, newest first');
      expect($(el, '[part="next-button"]')?.getAttribute('aria-disabled')).to.equal('true');
      await expect(el).to.be.accessible();
      el.setAttribute('theme', 'dark');
      await el.updateComplete;
      expect(getComputedStyle(el).colorScheme).to.equal('dark');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('sends action, type and the common filters; the filter bar sets them and restarts paging', async () => {
    const el = await mount(
      'action="decision, escalation" type="MISSING_PO" workflow="p2p_invoice_matching" range="P30D" limit="4"',
    );
    const url = urlAt(0);
    expect(url.pathname).to.equal('/v1/ledger');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      workflow: 'p2p_invoice_matching',
      range: 'P30D',
      action: 'decision,escalation',
      type: 'MISSING_PO',
      limit: '4',
    });
    const boxes = [...root(el).querySelectorAll<HTMLInputElement>('[part="filters"] input')];
    expect(boxes.map((b) => [b.value, b.checked])).to.deep.equal([
      ['decision', true],
      ['escalation', true],
      ['policy_change', false],
      ['auto_actions_switch', false],
      ['retention', false],
    ]);
    // Every control has a name.
    for (const box of boxes) expect(text(box.closest('label'))).to.not.equal('');
    $(el, '[part="next-button"]')!.click();
    await waitUntil(() => listUrls().length === 2);
    expect(urlAt(1).searchParams.get('cursor')).to.equal('4');

    boxes[0]!.click();
    await waitUntil(() => listUrls().length === 3);
    expect(el.getAttribute('action')).to.equal('escalation');
    expect(urlAt(2).searchParams.get('action')).to.equal('escalation');
    expect(urlAt(2).searchParams.has('cursor')).to.equal(false);

    const input = $<HTMLInputElement>(el, '[part="type-input"]')!;
    expect(input.value).to.equal('MISSING_PO');
    expect(input.labels?.[0]?.textContent).to.contain('Exception types');
    input.focus();
    input.select();
    await sendKeys({ type: 'DUPLICATE_INVOICE , MISSING_PO' });
    await sendKeys({ press: 'Enter' });
    input.blur();
    await waitUntil(() => listUrls().length === 4);
    expect(el.type).to.equal('DUPLICATE_INVOICE,MISSING_PO');
    expect(urlAt(3).searchParams.get('type')).to.equal('DUPLICATE_INVOICE,MISSING_PO');
    // Nothing checked is no filter, not an empty one.
    boxes[1]!.click();
    await waitUntil(() => listUrls().length === 5);
    expect(el.hasAttribute('action')).to.equal(false);
    expect(urlAt(4).searchParams.has('action')).to.equal(false);
  });

  it('pages with a cursor stack and keeps focus on the pager', async () => {
    const el = await mount('limit="4"');
    expect(pager(el)).to.equal('Showing 1–4');
    const next = $(el, '[part="next-button"]')!;
    const previous = $(el, '[part="previous-button"]')!;
    expect(previous.getAttribute('aria-disabled')).to.equal('true');
    next.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => pager(el) === 'Showing 5–8');
    next.click();
    await waitUntil(() => pager(el) === 'Showing 9–11');
    expect(seqs(el)).to.deep.equal([3, 2, 1]);
    expect(next.getAttribute('aria-disabled')).to.equal('true');
    expect(root(el).activeElement).to.equal(next);
    next.click();
    await el.updateComplete;
    expect(listUrls()).to.have.length(3);
    previous.click();
    await waitUntil(() => pager(el) === 'Showing 5–8');
    expect(urlAt(-1).searchParams.get('cursor')).to.equal('4');
    previous.click();
    await waitUntil(() => pager(el) === 'Showing 1–4');
    expect(urlAt(-1).searchParams.has('cursor')).to.equal(false);
  });

  it('opens an entry with the keyboard to a bounded before/after diff marked in words', async () => {
    TestLedger.entries = (all) => {
      const three = all.find((e) => e.seq === 3)!;
      three.after = {
        ...three.after,
        note: '<img src=x onerror="window.__pwned=1">',
        long: 'L'.repeat(5000),
        ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])),
      };
      return all;
    };
    const el = await mount();
    const row = rows(el).find((r) => r.dataset.seq === '3')!;
    const button = row.querySelector<HTMLButtonElement>('[part="disclosure"]')!;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(text(button)).to.equal('▸ 3 before and after');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const detail = root(el).getElementById(button.getAttribute('aria-controls')!)!;
    expect(detail.previousElementSibling).to.equal(row);
    const diffRows = [...detail.querySelectorAll(':scope tbody tr')].map((r) =>
      [...r.children].map((c) => text(c)),
    );
    expect(diffRows[0]).to.deep.equal(['policyVersion', '"1.4.1"', '"1.4.2"', '≠ changed']);
    expect(diffRows[1]).to.deep.equal([
      'MISSING_PO.confidenceThreshold',
      '0.9',
      '0.92',
      '≠ changed',
    ]);
    expect(diffRows[2]).to.deep.equal([
      'note',
      'absent',
      '"<img src=x onerror=\\"window.__pwned=1\\">"',
      '+ added',
    ]);
    expect(detail.querySelector('img')).to.equal(null);
    const hashes = [...detail.querySelectorAll('dt')].map((dt) => [
      text(dt),
      text(dt.nextElementSibling),
    ]);
    expect(hashes[1]).to.deep.equal([
      'Previous hash',
      '5bd3c1cfdf18555b9b86761bc1ab8fe0cf0958583f0ead627ef93edf1e98fdfb',
    ]);
    // Bounded: thirty-odd keys and a 5,000-character value scroll inside the diff.
    const diff = detail.querySelector<HTMLElement>('[part="diff"]')!;
    expect(diff.getBoundingClientRect().height).to.be.at.most(16 * 16 + 1);
    expect(diff.scrollHeight).to.be.above(diff.clientHeight);
    expect(diff.tabIndex).to.equal(0);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(root(el).getElementById('entry-3')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('copies the full hash and says so; a refused clipboard says that instead', async () => {
    const el = await mount();
    const written: string[] = [];
    let refuse = false;
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: (value: string) =>
          refuse ? Promise.reject(new Error('denied')) : (written.push(value), Promise.resolve()),
      },
    });
    try {
      const row = rows(el)[0]!;
      const copy = row.querySelector<HTMLButtonElement>('[part="copy-button"]')!;
      expect(text(copy)).to.equal('Copy hash of entry #11');
      copy.click();
      await waitUntil(() => text(row.querySelector('.copied')) === 'Copied');
      expect(written).to.deep.equal([
        '9debe9e84519684aa2eb0a016918e6f4796fb6e55373d0294af767a3818299b2',
      ]);
      expect(row.querySelector('.copied')?.getAttribute('role')).to.equal('status');
      refuse = true;
      rows(el)[1]!.querySelector<HTMLButtonElement>('[part="copy-button"]')!.click();
      await waitUntil(() => text(rows(el)[1]!.querySelector('.copied')) === 'Copy failed');
      expect(text(row.querySelector('.copied'))).to.equal('');
    } finally {
      // Drops the own property: the prototype's real clipboard shows through again.
      delete (navigator as unknown as Record<string, unknown>).clipboard;
    }
  });

  it('verifies the chain on demand and reports an intact chain with its checkpoint', async () => {
    const el = await mount();
    expect(text($(el, '[part="status"]'))).to.equal('');
    $(el, '[part="verify-button"]')!.click();
    await waitUntil(() => text($(el, '[part="status"]'))?.startsWith('Chain intact'));
    const verify = urlAt(-1);
    expect(verify.pathname).to.equal('/v1/ledger/verify');
    expect(text($(el, '[part="status"]'))).to.equal(
      'Chain intact: 11 entries, head hash 9debe9e8…, last signed checkpoint #11 at 5 Dec 2025, 09:37 (9debe9e8…).',
    );
    expect($(el, '[part="status"] code')?.getAttribute('title')).to.equal(
      '9debe9e84519684aa2eb0a016918e6f4796fb6e55373d0294af767a3818299b2',
    );
    expect($(el, '[part="verify-alert"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('names and highlights the first broken entry, and shows it from another page', async () => {
    const el = await mount('limit="4"');
    TestLedger.verify = 'broken';
    $(el, '[part="verify-button"]')!.click();
    await waitUntil(() => $(el, '[part="verify-alert"]'));
    const alert = $(el, '[part="verify-alert"]')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(text(alert)).to.contain(
      'Broken at entry #3: Entry 3 hash does not match its contents (after.MISSING_PO.confidenceThreshold was changed after recording)',
    );
    expect(text(alert)).to.contain('3 entries checked, head #11');
    // #3 is on the third page: the button walks the cursor there, opens and focuses it.
    const show = $(el, '[part="show-button"]')!;
    expect(text(show)).to.equal('Show entry #3');
    show.click();
    await waitUntil(() => pager(el) === 'Showing 9–11', 'did not page to the entry');
    await waitUntil(() => rows(el).some((r) => r.dataset.seq === '3'), 'entry not shown');
    const broken = rows(el).find((r) => r.dataset.seq === '3')!;
    expect(broken.hasAttribute('data-broken')).to.equal(true);
    expect(text(broken.querySelector('.flag'))).to.equal('Chain breaks here');
    await waitUntil(() => root(el).activeElement?.closest('tr') === broken, 'entry not focused');
    expect(broken.querySelector('[part="disclosure"]')?.getAttribute('aria-expanded')).to.equal(
      'true',
    );
    expect(rows(el).filter((r) => r.hasAttribute('data-broken'))).to.have.length(1);
    // Previous still goes back through the walked pages.
    $(el, '[part="previous-button"]')!.click();
    await waitUntil(() => pager(el) === 'Showing 5–8');
    await expect(el).to.be.accessible();
  });

  it('says when the broken entry is not among the filtered entries', async () => {
    TestLedger.entries = (all) => all.filter((e) => e.action === 'decision');
    const el = await mount('action="decision"');
    TestLedger.verify = 'broken';
    $(el, '[part="verify-button"]')!.click();
    await waitUntil(() => $(el, '[part="show-button"]'));
    $(el, '[part="show-button"]')!.click();
    await waitUntil(() => text($(el, '[part="status"]'))?.includes('not among'));
    expect(text($(el, '[part="status"]'))).to.equal(
      'Entry #3 is not among the entries these filters match.',
    );
  });

  it('exports every filtered entry, across pages, as CSV and as JSON with the hashes', async () => {
    const items = await fixtureItems();
    TestLedger.pageMax = 5;
    const el = await mount('action="decision" limit="2"');
    const [csvButton, jsonButton] =
      root(el).querySelectorAll<HTMLElement>('[part="export-button"]');
    const before = listUrls().length;
    const csv = await downloads(() => csvButton!.click());
    const [csvName, csvBlob] = [...csv][0]!;
    expect(csvName).to.equal('cmdctr-ledger-2025-10-01T000000Z-2025-12-05T100000Z.csv');
    expect(csvBlob.type).to.equal('text/csv;charset=utf-8');
    const csvText = await csvBlob.text();
    // Three pages of five, all with the element's filters at the contract's largest page size.
    const walked = listUrls().slice(before);
    expect(walked.map((u) => new URL(u).searchParams.get('cursor'))).to.deep.equal([
      null,
      '5',
      '10',
    ]);
    for (const u of walked) {
      expect(new URL(u).searchParams.get('action')).to.equal('decision');
      expect(new URL(u).searchParams.get('limit')).to.equal('200');
    }
    const lines = csvText.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).to.equal(
      'seq,at,actor,action,workflow,subject,reason,policyVersion,policyHash,prevHash,hash,before,after',
    );
    expect(lines).to.have.length(items.length + 2);
    expect(lines[1]).to.contain(items[0]!.hash).and.contain(items[0]!.prevHash);
    await waitUntil(() => text($(el, '[part="status"]')) === 'Exported 11 entries as CSV.');

    const json = await downloads(() => jsonButton!.click());
    const [jsonName, jsonBlob] = [...json][0]!;
    expect(jsonName).to.match(/\.json$/);
    const parsed = JSON.parse(await jsonBlob.text()) as {
      items: LedgerEntry[];
      truncated: boolean;
      count: number;
      filters: { tz: string };
    };
    // Exactly as received: every field, hashes included, in the server's order.
    expect(parsed.items).to.deep.equal(items);
    expect(parsed).to.include({ truncated: false, count: 11 });
    expect(parsed.filters.tz).to.equal('Europe/Berlin');
    await waitUntil(() => text($(el, '[part="status"]')) === 'Exported 11 entries as JSON.');
  });

  it('stops an export at 10,000 entries and says so; Cancel stops one under way', async () => {
    TestLedger.entries = (all) =>
      Array.from({ length: 10_050 }, (_, i) => ({ ...all[i % all.length]!, seq: 10_050 - i }));
    const el = await mount();
    const json = await downloads(() => $(el, '[part="export-button"]:last-of-type')!.click());
    const parsed = JSON.parse(await [...json.values()][0]!.text()) as {
      items: LedgerEntry[];
      truncated: boolean;
    };
    expect(parsed.items).to.have.length(10_000);
    expect(parsed.truncated).to.equal(true);
    await waitUntil(() => text($(el, '[part="status"]'))?.startsWith('Exported the newest'));
    expect(text($(el, '[part="status"]'))).to.equal(
      'Exported the newest 10,000 entries as JSON: an export stops at 10,000. Narrow the filters to export the rest.',
    );

    TestLedger.delayMs = 300;
    const sent = TestLedger.signals.length;
    $(el, '[part="export-button"]')!.click();
    await waitUntil(() => text($(el, '[part="status"]'))?.startsWith('Exporting CSV…'));
    expect($(el, '[part="export-button"]')!.getAttribute('aria-disabled')).to.equal('true');
    await waitUntil(() => TestLedger.signals.length > sent);
    const signal = TestLedger.signals.at(-1)!;
    $(el, '[part="cancel-button"]')!.click();
    await waitUntil(() => text($(el, '[part="status"]')) === 'Export cancelled.');
    expect(signal.aborted).to.equal(true);
    expect($(el, '[part="cancel-button"]')).to.equal(null);
  });

  it('says so in words when no entry matches, keeping the filters in reach', async () => {
    TestLedger.entries = () => [];
    const el = document.createElement('test-ledger') as TestLedger;
    el.setAttribute('src', '');
    document.body.append(el);
    try {
      await waitUntil(() => $(el, '[part="empty"]'), 'no empty state', { timeout: 8000 });
      expect(text($(el, '[part="empty"]'))).to.equal('No ledger entries match these filters.');
      expect($(el, 'table')).to.equal(null);
      expect($(el, '[part="filters"]')).to.not.equal(null);
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('shows the skeleton, then the problem with a retry, and recovers', async () => {
    TestLedger.delayMs = 900;
    TestLedger.failAfter = 0;
    const el = document.createElement('test-ledger') as TestLedger;
    el.setAttribute('src', '');
    const errors: Event[] = [];
    el.addEventListener('cmdctr-error', (e) => errors.push(e));
    document.body.append(el);
    try {
      await waitUntil(() => $(el, '[part="skeleton"]'), 'no skeleton', { timeout: 3000 });
      await expect(el).to.be.accessible();
      await waitUntil(() => $(el, '[part="error"]'), 'no error state', { timeout: 8000 });
      expect($(el, '[part="error"]')?.getAttribute('role')).to.equal('alert');
      expect(errors).to.have.length(1);
      await expect(el).to.be.accessible();
      TestLedger.delayMs = 0;
      TestLedger.failAfter = Infinity;
      $(el, '[part="retry-button"]')!.click();
      await ready(el);
      expect(rows(el)).to.have.length(11);
    } finally {
      el.remove();
    }
  });

  it('keeps the entries on screen, marked stale, when a refresh fails; a failed verify alerts', async () => {
    TestLedger.failAfter = 1;
    const el = await mount('refresh="1"');
    await waitUntil(() => $(el, '[part="stale"]'), 'no stale notice', { timeout: 5000 });
    expect(rows(el)).to.have.length(11);
    await expect(el).to.be.accessible();
    setTimeout(() => $(el, '[part="verify-button"]')!.click());
    const event = await oneEvent(el, 'cmdctr-error');
    expect(event.detail.error.status).to.equal(503);
    await waitUntil(() => $(el, '[part="verify-alert"]'));
    expect(text($(el, '[part="verify-alert"]'))).to.match(/^Could not verify the chain: /);
  });

  it('shows new entries live at the top of page one without moving focus', async () => {
    let extra: LedgerEntry[] = [];
    TestLedger.entries = (all) => [...extra, ...all];
    const el = await mount('live');
    await waitUntil(() => TestLedger.stream, 'no stream');
    const focused = rows(el)[1]!.querySelector<HTMLElement>('[part="copy-button"]')!;
    focused.focus();
    const [top] = await fixtureItems();
    extra = [{ ...top!, seq: 12, prevHash: top!.hash, hash: 'a'.repeat(64) }];
    const seen = TestLedger.urls.length;
    announce(['throughput']);
    announce(['ledger']);
    await waitUntil(() => seqs(el)[0] === 12, 'no live entry', { timeout: 5000 });
    expect(TestLedger.urls.length).to.equal(seen + 1);
    // Focus stays on the same entry's control (#10), now one row lower.
    const active = root(el).activeElement as HTMLElement;
    expect(active.getAttribute('part')).to.equal('copy-button');
    expect(active.closest('tr')?.dataset.seq).to.equal('10');
  });

  it('aborts its requests on disconnect and leaves no timers or streams after 30 mounts', async () => {
    TestLedger.delayMs = 400;
    const slow = document.createElement('test-ledger') as TestLedger;
    slow.setAttribute('src', '');
    document.body.append(slow);
    await waitUntil(() => TestLedger.signals.length === 1);
    slow.remove();
    expect(TestLedger.signals[0]!.aborted).to.equal(true);
    TestLedger.delayMs = 0;
    const el = await mount();
    TestLedger.delayMs = 400;
    $(el, '[part="verify-button"]')!.click();
    await waitUntil(() => TestLedger.signals.length === 3);
    el.remove();
    expect(TestLedger.signals[2]!.aborted).to.equal(true);
    TestLedger.delayMs = 0;

    const realSet = window.setInterval;
    const realClear = window.clearInterval;
    const active = new Set<number>();
    window.setInterval = ((...args: Parameters<typeof setInterval>) => {
      const id = realSet(...args);
      active.add(id);
      return id;
    }) as typeof setInterval;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) active.delete(id);
      realClear(id);
    }) as typeof clearInterval;
    try {
      const live = document.createElement('cmdctr-ledger');
      live.setAttribute('src', '');
      live.setAttribute('live', '');
      const client = live.client;
      for (let i = 0; i < 30; i++) {
        document.body.append(live);
        await live.updateComplete;
        expect(openStreamCount(client)).to.equal(1);
        live.remove();
        expect(openStreamCount(client)).to.equal(0);
      }
    } finally {
      window.setInterval = realSet;
      window.clearInterval = realClear;
    }
    expect(active.size).to.equal(0);
  });

  it('bounds hostile strings and fits 320 px by scrolling the table inside itself', async () => {
    const long = 'W'.repeat(10_000);
    TestLedger.entries = (all) => {
      all[0]!.actor = long;
      all[1]!.reason = '\u202eLOP_GNISSIM<script>window.__pwned=2</script>';
      return all;
    };
    const el = await mount('style="display:block;width:320px"');
    expect(el.getBoundingClientRect().width).to.equal(320);
    const wrap = $(el, '[part="table-wrap"]')!;
    expect(wrap.scrollWidth).to.be.above(wrap.clientWidth);
    expect($(el, '[part="toolbar"]')!.scrollWidth).to.be.at.most(320);
    expect(rows(el)[0]!.getBoundingClientRect().height).to.be.below(120);
    expect(root(el).querySelector('script')).to.equal(null);
    const reason = [...rows(el)[1]!.querySelectorAll('bdi')].find((b) =>
      b.textContent.includes('\u202e'),
    )!;
    expect(getComputedStyle(reason).unicodeBidi).to.equal('isolate');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });
});
