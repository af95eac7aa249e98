import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { clientFor, type ApprovalListResponse, type CmdctrClient } from '@cmdctr/contract';
import { CmdctrApprovals } from './define.js';
import { CmdctrApproval } from '../approval/define.js';
import { openStreamCount } from '../base/index.js';

// Real HTTP to the fixture server through a recording fetch. `search` adds query switches of
// the fixture server (`fixture=empty`, `problem=503`) to list requests; the stream is asked to
// replay every recorded event; `rewrite` edits list answers after the first.
class TestInbox extends CmdctrApprovals {
  static lists: string[] = [];
  static search = '';
  static delayMs = 0;
  static rewrite: ((body: ApprovalListResponse) => void) | undefined;
  static rewriteFrom = 2;
  private readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    maxAttempts: 1,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input, location.href);
      if (url.pathname === '/v1/stream') url.searchParams.set('fixture', 'all');
      if (url.pathname !== '/v1/approvals') return fetch(url, init);
      if (TestInbox.search) url.search += `&${TestInbox.search}`;
      TestInbox.lists.push(url.href);
      if (TestInbox.delayMs) await new Promise((r) => setTimeout(r, TestInbox.delayMs));
      const rewrite = TestInbox.rewrite;
      const headers = new Headers(init?.headers);
      // A 304 would hand back the cached, unrewritten list.
      if (rewrite) headers.delete('If-None-Match');
      const response = await fetch(url, { ...init, headers, cache: 'no-store' });
      if (!rewrite || TestInbox.lists.length < TestInbox.rewriteFrom || !response.ok)
        return response;
      const body = (await response.json()) as ApprovalListResponse;
      rewrite(body);
      return new Response(JSON.stringify(body), {
        headers: { 'Content-Type': 'application/json', Date: response.headers.get('Date')! },
      });
    },
  });
  override get client(): CmdctrClient {
    return this.testClient;
  }
}
customElements.define('test-inbox', TestInbox);

const root = (el: HTMLElement) => el.shadowRoot as ShadowRoot;
const items = (el: HTMLElement) => [
  ...root(el).querySelectorAll<HTMLButtonElement>('[part="item"]'),
];
const ids = (el: HTMLElement) => items(el).map((b) => b.dataset.id);
const ready = (el: HTMLElement) =>
  waitUntil(() => items(el).length > 0, 'inbox did not render', { timeout: 8000 });
const key = (target: Element, k: string) =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }),
  );

async function pendingIds(): Promise<string[]> {
  const body = (await (await fetch('/v1/approvals')).json()) as ApprovalListResponse;
  return body.items
    .filter((a) => a.status === 'pending' || a.status === 'overdue')
    .map((a) => a.id);
}

describe('<cmdctr-approvals>', () => {
  beforeEach(() => {
    TestInbox.lists = [];
    TestInbox.search = '';
    TestInbox.delayMs = 0;
    TestInbox.rewrite = undefined;
    TestInbox.rewriteFrom = 2;
  });

  it('defines the approval card it opens', () => {
    expect(customElements.get('cmdctr-approvals')).to.equal(CmdctrApprovals);
    expect(customElements.get('cmdctr-approval')).to.equal(CmdctrApproval);
  });

  it('lists pending and overdue approvals in the server order with type, workflow, confidence and due', async () => {
    const el = await fixture<TestInbox>(
      html`<test-inbox src="" locale="en-GB" workflow="p2p_invoice_matching"></test-inbox>`,
    );
    await ready(el);
    expect(ids(el)).to.deep.equal(await pendingIds());
    const url = new URL(TestInbox.lists[0]!);
    expect(url.searchParams.get('status')).to.equal('pending,overdue');
    expect(url.searchParams.get('workflow')).to.equal('p2p_invoice_matching');
    expect(url.searchParams.has('bucket')).to.equal(false);
    const first = items(el)[0]!;
    expect(first.textContent).to.contain('ADDRESS_VALIDATION_FAIL');
    expect(first.textContent).to.contain('order_fulfillment_hold');
    expect(first.textContent).to.contain('90.5% confidence');
    // The fixture's due times are long past on the server's clock.
    expect(first.querySelector('[part="due"]')!.textContent).to.contain('Overdue by');
    await expect(el).to.be.accessible();
  });

  it('moves with arrow keys (one Tab stop) and opens the chosen approval in the card', async () => {
    const el = await fixture<TestInbox>(html`<test-inbox src=""></test-inbox>`);
    await ready(el);
    const list = items(el);
    expect(list.map((b) => b.tabIndex)).to.deep.equal(list.map((_, i) => (i === 0 ? 0 : -1)));
    list[0]!.focus();
    key(list[0]!, 'ArrowDown');
    expect(root(el).activeElement).to.equal(list[1]);
    key(list[1]!, 'End');
    expect(root(el).activeElement).to.equal(list.at(-1));
    key(list.at(-1)!, 'Home');
    expect(root(el).activeElement).to.equal(list[0]);
    list[1]!.click();
    await el.updateComplete;
    const opened = root(el).querySelector<CmdctrApproval>('cmdctr-approval')!;
    expect(opened.approvalId).to.equal(list[1]!.dataset.id);
    expect(list[1]!.getAttribute('aria-current')).to.equal('true');
    await waitUntil(() => opened.shadowRoot?.querySelector('.card'), 'card not loaded', {
      timeout: 8000,
    });
    await expect(el).to.be.accessible();
  });

  it('drops an approval decided in the card and refetches the list', async () => {
    const el = await fixture<TestInbox>(
      html`<test-inbox src="" style="width: 900px"></test-inbox>`,
    );
    await ready(el);
    items(el)
      .find((b) => b.dataset.id === 'APR-7301')!
      .click();
    await el.updateComplete;
    const opened = root(el).querySelector<CmdctrApproval>('cmdctr-approval')!;
    await waitUntil(() => opened.shadowRoot?.querySelector('[part="approve-button"]'), 'no card', {
      timeout: 8000,
    });
    opened.shadowRoot!.querySelector<HTMLButtonElement>('[part="approve-button"]')!.click();
    await waitUntil(() => !ids(el).includes('APR-7301'), 'decided approval still listed');
    await waitUntil(() => TestInbox.lists.length === 2, 'list not refetched');
    // The card stays open on its receipt.
    expect(opened.shadowRoot!.querySelector('[part="receipt"]')).to.exist;
  });

  it('follows the live stream: new approvals arrive, decided ones leave', async () => {
    TestInbox.rewrite = (body) => {
      const copy = structuredClone(body.items[0]!);
      copy.id = 'APR-7314';
      copy.status = 'pending';
      body.items.splice(3, 0, copy);
    };
    const el = await fixture<TestInbox>(html`<test-inbox src="" live></test-inbox>`);
    await ready(el);
    // fixtures/stream.json: approval-created APR-7314, then approval-decided APR-7301.
    await waitUntil(() => ids(el).includes('APR-7314'), 'new approval did not arrive', {
      timeout: 5000,
    });
    await waitUntil(() => !ids(el).includes('APR-7301'), 'decided approval still listed');
    // Server order is kept, not re-sorted.
    expect(ids(el).indexOf('APR-7314')).to.equal(3);
    const client = el.client;
    expect(openStreamCount(client)).to.be.greaterThan(0);
    el.remove();
    // The shared connection closes with its last subscriber.
    expect(openStreamCount(client)).to.equal(0);
  });

  it('opens the card in a modal dialog when narrow and returns focus on close', async () => {
    const el = await fixture<TestInbox>(
      html`<test-inbox src="" style="width: 320px"></test-inbox>`,
    );
    await ready(el);
    const second = items(el)[1]!;
    second.focus();
    second.click();
    await el.updateComplete;
    const dialog = root(el).querySelector('dialog')!;
    expect(dialog.matches(':modal')).to.equal(true);
    expect(root(el).querySelector('[part="detail"]')).to.equal(null);
    const opened = dialog.querySelector<CmdctrApproval>('cmdctr-approval')!;
    expect(opened.approvalId).to.equal(second.dataset.id);
    await waitUntil(() => opened.shadowRoot?.querySelector('.card'), 'card not loaded', {
      timeout: 8000,
    });
    // Axe measures contrast as painted, so the opening fade must be over. Jump it to its end
    // rather than wait: a background test tab gets no animation frames, so its timeline stands
    // still and `finished` never settles (the cause of this test's timeouts in parallel runs).
    for (const animation of dialog.getAnimations()) animation.finish();
    expect(getComputedStyle(dialog).opacity).to.equal('1');
    await expect(el).to.be.accessible();
    dialog.querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
    // The dialog's close event is queued as a task; a loaded machine can take over the 1 s
    // default before it runs.
    await waitUntil(() => !root(el).querySelector('dialog'), 'dialog still open', {
      timeout: 5000,
    });
    await waitUntil(() => root(el).activeElement === items(el)[1], 'focus not returned', {
      timeout: 5000,
    });
  });

  it('shows the empty state', async () => {
    TestInbox.search = 'fixture=empty';
    const el = await fixture<TestInbox>(html`<test-inbox src=""></test-inbox>`);
    await waitUntil(() => root(el).querySelector('[part="empty"]'), 'no empty state', {
      timeout: 8000,
    });
    expect(root(el).querySelector('[part="empty"]')!.textContent).to.contain(
      'No approvals waiting',
    );
    await expect(el).to.be.accessible();
  });

  it('shows the error state with retry, and recovers', async () => {
    TestInbox.search = 'problem=503';
    const el = await fixture<TestInbox>(html`<test-inbox src="" theme="dark"></test-inbox>`);
    await waitUntil(() => root(el).querySelector('[part="error"]'), 'no error state', {
      timeout: 8000,
    });
    await expect(el).to.be.accessible();
    TestInbox.search = '';
    root(el).querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await ready(el);
  });

  it('shows the loading skeleton while a slow answer is on its way', async () => {
    TestInbox.delayMs = 900;
    const el = await fixture<TestInbox>(html`<test-inbox src=""></test-inbox>`);
    await waitUntil(() => root(el).querySelector('[part="skeleton"]'), 'no skeleton', {
      timeout: 3000,
    });
    await expect(el).to.be.accessible();
    await ready(el);
  });

  it('renders hostile strings as inert text, bounded at 320 px, with the card below the list', async () => {
    TestInbox.rewrite = (body) => {
      body.items[0]!.exception.type = `<script>window.__pwned=1</script>${'W'.repeat(10_000)}`;
    };
    TestInbox.rewriteFrom = 1;
    const el = await fixture<TestInbox>(
      html`<test-inbox src="" style="width: 320px"></test-inbox>`,
    );
    await ready(el);
    items(el)[0]!.click();
    await el.updateComplete;
    expect(items(el)[0]!.textContent).to.contain('<script>');
    expect(root(el).querySelector('script')).to.equal(null);
    expect(el.scrollWidth).to.be.at.most(320);
  });
});
