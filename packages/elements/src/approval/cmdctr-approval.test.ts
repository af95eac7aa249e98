import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { clientFor, type ApprovalResponse, type CmdctrClient } from '@cmdctr/contract';
import { CmdctrApproval } from './define.js';
import { intervalsLeftBy } from '../../test/leak-probes.js';

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string | null;
  replayed: string | null;
}

// Real HTTP to the fixture server through a recording fetch. `via` reroutes requests to a
// scenario of test/server/element-scenarios.mjs (e.g. `/element-api/status-409`); `loseAnswers`
// lets the server answer a POST and then drops the answer, as a broken connection would.
class TestApproval extends CmdctrApproval {
  static sent: Sent[] = [];
  static signals: (AbortSignal | null | undefined)[] = [];
  static postVia = '';
  static getVia = '';
  static getDelayMs = 0;
  static postDelayMs = 0;
  static loseAnswers = 0;
  static rewrite: ((body: ApprovalResponse) => void) | undefined;
  private readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    maxAttempts: 1,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      TestApproval.signals.push(init?.signal);
      let url = input instanceof Request ? input.url : String(input);
      const post = method === 'POST';
      const via = post ? TestApproval.postVia : TestApproval.getVia;
      if (via) url = url.replace('/v1/', `${via}/v1/`);
      const delay = post ? TestApproval.postDelayMs : TestApproval.getDelayMs;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const response = await fetch(url, { ...init, cache: 'no-store' });
      TestApproval.sent.push({
        method,
        url,
        headers: new Headers(init?.headers),
        body: (init?.body as string | undefined) ?? null,
        replayed: response.headers.get('Idempotency-Replayed'),
      });
      if (post && TestApproval.loseAnswers > 0) {
        TestApproval.loseAnswers--;
        throw new TypeError('Failed to fetch');
      }
      const rewrite = TestApproval.rewrite;
      if (!rewrite || post || !response.ok) return response;
      const body = (await response.json()) as ApprovalResponse;
      rewrite(body);
      return new Response(JSON.stringify(body), {
        status: response.status,
        headers: {
          'Content-Type': 'application/json',
          ETag: response.headers.get('ETag') ?? '',
          Date: response.headers.get('Date') ?? '',
        },
      });
    },
  });
  override get client(): CmdctrClient {
    return this.testClient;
  }
}
customElements.define('test-approval', TestApproval);

const root = (el: HTMLElement) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: HTMLElement, selector: string) =>
  root(el).querySelector<T>(selector);
const ready = (el: HTMLElement) =>
  waitUntil(() => $(el, '.card'), 'approval did not render', { timeout: 8000 });
const posts = () => TestApproval.sent.filter((s) => s.method === 'POST');
const gets = () => TestApproval.sent.filter((s) => s.method === 'GET');

async function card(id = 'APR-7301', extra = ''): Promise<TestApproval> {
  const el = await fixture<TestApproval>(
    html`<test-approval
      src=""
      approval-id=${id}
      locale="en-GB"
      tz="Europe/Berlin"
      theme=${extra || 'light'}
    ></test-approval>`,
  );
  await ready(el);
  return el;
}

async function decide(el: HTMLElement, button: 'approve' | 'reject', reason = '') {
  const area = $<HTMLTextAreaElement>(el, 'textarea')!;
  area.value = reason;
  const event = oneEvent(el, 'cmdctr-decision');
  $<HTMLButtonElement>(el, `[part="${button}-button"]`)!.click();
  const { detail } = await event;
  await (el as CmdctrApproval).updateComplete;
  return detail;
}

describe('<cmdctr-approval>', () => {
  const realNow = Date.now;
  beforeEach(() => {
    TestApproval.sent = [];
    TestApproval.signals = [];
    TestApproval.postVia = '';
    TestApproval.getVia = '';
    TestApproval.getDelayMs = 0;
    TestApproval.postDelayMs = 0;
    TestApproval.loseAnswers = 0;
    TestApproval.rewrite = undefined;
  });
  afterEach(() => {
    Date.now = realNow;
  });

  it('is registered by define.js', () => {
    expect(customElements.get('cmdctr-approval')).to.equal(CmdctrApproval);
  });

  it('shows the exception, proposal, confidence against threshold, evidence and links', async () => {
    const el = await card();
    const text = root(el).textContent.replace(/\s+/g, ' ');
    expect($(el, 'h3')!.textContent).to.contain('Link invoice to PO 4500006795');
    for (const fact of [
      'p2p_invoice_matching',
      'MISSING_PO',
      'high',
      'p2p-na-52b982729b4f',
      'Finance Supervisor',
      'invoice-match-agent v2.3.1',
    ])
      expect($(el, '[part="facts"]')!.textContent).to.contain(fact);
    expect(text).to.contain('Confidence 99.1%, threshold 92% (cleared)');
    // Evidence exactly as redacted by the server.
    expect($(el, '[part="evidence"]')!.textContent).to.contain('DE•• •••• •••• •••• ••42 17');
    const links = [...root(el).querySelectorAll<HTMLAnchorElement>('[part="link"]')];
    expect(links.map((a) => a.textContent)).to.deep.equal(['Ticket', 'ERP document', 'Runbook']);
    expect(links.every((a) => a.href.startsWith('https://'))).to.equal(true);
    expect($(el, '[part="approve-button"]')).to.exist;
    expect($(el, '[part="reject-button"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('draws confidence as a bar filled to its share, with the threshold mark at its share', async () => {
    const el = await card();
    const track = $(el, '.track')!;
    const box = track.getBoundingClientRect();
    const inner = track.clientWidth;
    // Fixture: confidence 0.991, threshold 0.92.
    expect($(el, '.fill')!.getBoundingClientRect().width).to.be.closeTo(inner * 0.991, 1);
    expect($(el, '.mark')!.getBoundingClientRect().left - box.left - 1).to.be.closeTo(
      inner * 0.92,
      1,
    );
    // The shares are written to each element's own style (through the CSSOM, which a strict CSP
    // allows; test/csp checks the page reports no violation).
    expect($(el, '.fill')!.style.width).to.equal('99.1%');
    expect($(el, '.mark')!.style.left).to.equal('92%');
  });

  it('counts down on the server clock: a client clock set before the due time still shows overdue', async () => {
    // The client believes it is 09:40 UTC on the day, 28 minutes before dueAt (10:07:54Z); the
    // fixture server's Date header says it is now, long after.
    const skew = Date.parse('2025-12-05T09:40:00Z') - realNow();
    Date.now = () => realNow() + skew;
    const el = await card();
    expect(Date.now() < Date.parse('2025-12-05T10:07:54Z')).to.equal(true);
    await waitUntil(
      () => $(el, '[part="due"]')?.textContent?.includes('Overdue by'),
      'not overdue',
    );
    expect($(el, '[part="due"]')!.className).to.contain('overdue');
  });

  it('shows "Due in" when the server clock is before the due time', async () => {
    // Here the server is what is early: the fixture's Date header is real time, so move dueAt.
    TestApproval.rewrite = (body) => {
      body.approval.dueAt = new Date(realNow() + 30 * 60_000).toISOString();
    };
    const el = await card();
    expect($(el, '[part="due"]')!.textContent).to.match(/Due in (30|31) min/);
  });

  it('approves with Idempotency-Key and If-Match, disables itself while sending and shows the receipt', async () => {
    TestApproval.postDelayMs = 300;
    const el = await card();
    const etag = (await fetch('/v1/approvals/APR-7301')).headers.get('ETag');
    const event = oneEvent(el, 'cmdctr-decision');
    $<HTMLButtonElement>(el, '[part="approve-button"]')!.click();
    await el.updateComplete;
    expect($<HTMLButtonElement>(el, '[part="approve-button"]')!.disabled).to.equal(true);
    expect($<HTMLButtonElement>(el, '[part="reject-button"]')!.disabled).to.equal(true);
    expect($(el, '[part="result"]')).to.equal(null);
    const { detail } = await event;
    await el.updateComplete;
    const [post] = posts();
    expect(post!.url).to.contain('/v1/approvals/APR-7301/decision');
    expect(post!.headers.get('Idempotency-Key')).to.match(/^[0-9a-f-]{36}$/);
    expect(post!.headers.get('If-Match')).to.equal(etag);
    expect(JSON.parse(post!.body!)).to.deep.equal({ outcome: 'approve' });
    expect(detail.status).to.equal('recorded');
    expect(detail.outcome).to.equal('approve');
    expect(detail.approvalId).to.equal('APR-7301');
    expect(detail.decision!.ledgerSeq).to.equal(12);
    expect(detail.decision!.ledgerHash).to.match(/^[0-9a-f]{64}$/);
    const result = $(el, '[part="result"]')!;
    expect(result.getAttribute('role')).to.equal('status');
    expect(result.textContent).to.contain('Approved and recorded');
    expect(root(el).activeElement).to.equal(result);
    // The card now shows the decided approval the server returned, with its receipt.
    expect($(el, '[part="status"]')!.textContent).to.equal('approved');
    expect($(el, '[part="receipt"]')!.textContent).to.contain('#12');
    expect($(el, '[part="receipt"]')!.textContent).to.contain(detail.decision!.ledgerHash);
    expect($(el, '[part="approve-button"]')).to.equal(null);
    expect($(el, '[part="due"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('blocks a rejection without a reason, then sends it with the reason', async () => {
    const el = await card();
    $<HTMLButtonElement>(el, '[part="reject-button"]')!.click();
    await el.updateComplete;
    const area = $<HTMLTextAreaElement>(el, 'textarea')!;
    expect(posts()).to.have.length(0);
    expect(area.getAttribute('aria-invalid')).to.equal('true');
    expect(area.getAttribute('aria-describedby')).to.equal('reason-error');
    expect($(el, '#reason-error')!.textContent).to.contain('Enter a reason');
    expect(root(el).activeElement).to.equal(area);
    await expect(el).to.be.accessible();
    const detail = await decide(el, 'reject', '  Amount differs from the PO  ');
    expect(JSON.parse(posts()[0]!.body!)).to.deep.equal({
      outcome: 'reject',
      reason: 'Amount differs from the PO',
    });
    expect(detail.status).to.equal('recorded');
    expect(detail.decision!.outcome).to.equal('rejected');
    expect($(el, '[part="result"]')!.textContent).to.contain('Rejected and recorded');
  });

  for (const [code, status, words] of [
    ['409', 'already-decided', 'Already decided by someone else'],
    ['403', 'forbidden', 'Not allowed for your role'],
    ['412', 'changed', 'changed since you opened it'],
    ['422', 'failed', 'not recorded'],
  ] as const) {
    it(`shows a ${code} answer as such and never as success`, async () => {
      const el = await card();
      TestApproval.postVia = `/element-api/status-${code}`;
      const detail = await decide(el, 'approve');
      expect(detail.status).to.equal(status);
      expect(detail.decision).to.equal(null);
      expect(detail.error!.status).to.equal(Number(code));
      const result = $(el, '[part="result"]')!;
      expect(result.getAttribute('role')).to.equal('alert');
      expect(result.textContent).to.contain(words);
      expect(result.textContent).not.to.contain('recorded in the ledger');
      expect(root(el).activeElement).to.equal(result);
      expect($(el, '[part="receipt"]')).to.equal(null);
      if (code === '409' || code === '412') {
        // Reloaded to show the approval's current state.
        await waitUntil(() => gets().length === 2, 'not reloaded');
      }
      await expect(el).to.be.accessible();
    });
  }

  it('retries an unconfirmed decision under the same Idempotency-Key, so it is recorded once', async () => {
    TestApproval.loseAnswers = 2;
    const el = await card();
    const first = await decide(el, 'approve', 'Checked');
    expect(first.status).to.equal('unconfirmed');
    const result = $(el, '[part="result"]')!;
    expect(result.getAttribute('role')).to.equal('alert');
    expect(result.textContent).to.contain('did not confirm');
    expect($(el, '[part="receipt"]')).to.equal(null);
    // Pressing Approve again with the same reason is the same decision, not a new one.
    expect((await decide(el, 'approve', 'Checked')).status).to.equal('unconfirmed');
    const event = oneEvent(el, 'cmdctr-decision');
    $<HTMLButtonElement>(el, '[part="result"] [part="retry-button"]')!.click();
    const third = (await event).detail;
    const keys = posts().map((p) => p.headers.get('Idempotency-Key'));
    expect(keys).to.have.length(3);
    expect(new Set(keys).size).to.equal(1);
    // The server had recorded the first attempt; the retries got that same record back.
    expect(posts()[2]!.replayed).to.equal('true');
    expect(third.status).to.equal('recorded');
    // A different decision afterwards is a new intent with a new key.
    TestApproval.loseAnswers = 1;
    const el2 = await card();
    await decide(el2, 'approve', 'One');
    await decide(el2, 'approve', 'Two');
    const [, , , c, d] = posts();
    expect(d!.headers.get('Idempotency-Key')).not.to.equal(c!.headers.get('Idempotency-Key'));
  });

  it('shows why the user may not decide and offers no buttons', async () => {
    const el = await card('APR-7305');
    expect($(el, '[part="approve-button"]')).to.equal(null);
    expect($(el, '[part="reject-button"]')).to.equal(null);
    expect($(el, 'textarea')).to.equal(null);
    expect($(el, '[part="not-allowed"]')!.textContent).to.contain(
      'Requires the Fulfillment Lead role',
    );
    await expect(el).to.be.accessible();
  });

  it('shows a decided approval with its ledger receipt (dark theme)', async () => {
    const el = await card('APR-7312', 'dark');
    expect($(el, '[part="decision"]')).to.exist;
    expect($(el, '[part="receipt"]')!.textContent).to.match(/Ledger entry #\d+, hash [0-9a-f]{64}/);
    expect($(el, '[part="due"]')).to.equal(null);
    expect(el.dataset.theme).to.equal('dark');
    await expect(el).to.be.accessible();
  });

  it('shows the loading skeleton while a slow answer is on its way', async () => {
    TestApproval.getDelayMs = 900;
    const el = await fixture<TestApproval>(
      html`<test-approval src="" approval-id="APR-7301"></test-approval>`,
    );
    await waitUntil(() => $(el, '[part="skeleton"]'), 'no skeleton', { timeout: 3000 });
    expect($(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await ready(el);
  });

  it('shows an error with retry for an unknown approval, and a stale notice when a refresh fails', async () => {
    const missing = await fixture<TestApproval>(
      html`<test-approval src="" approval-id="APR-0000"></test-approval>`,
    );
    await waitUntil(() => $(missing, '[part="error"]'), 'no error state', { timeout: 8000 });
    expect($(missing, '[part="error"]')!.textContent).to.contain('Approval not found');
    expect($(missing, '[part="retry-button"]')).to.exist;
    await expect(missing).to.be.accessible();

    const el = await fixture<TestApproval>(
      html`<test-approval src="" approval-id="APR-7301" refresh="1"></test-approval>`,
    );
    await ready(el);
    TestApproval.getVia = '/element-api/status-503';
    await waitUntil(() => $(el, '[part="stale"]'), 'no stale notice', { timeout: 5000 });
    // The last good approval stays on screen, marked stale, and can still be read.
    expect($(el, '.card')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('renders hostile strings as inert, bounded text and refuses unsafe links', async () => {
    const long = 'x'.repeat(10_000);
    TestApproval.rewrite = (body) => {
      body.approval.proposedAction.summary = `<img src=x onerror="window.__pwned=1">${long}`;
      body.approval.evidence[0]!.value = '\u202Egnp.exe<script>window.__pwned=2</script>';
      body.approval.exception.links.ticket = 'javascript:window.__pwned=3';
    };
    const el = await fixture<TestApproval>(
      html`<test-approval src="" approval-id="APR-7301" style="width: 320px"></test-approval>`,
    );
    await ready(el);
    expect($(el, 'img')).to.equal(null);
    expect($(el, 'script')).to.equal(null);
    expect([...root(el).querySelectorAll('[part="link"]')]).to.have.length(2);
    expect($(el, '.links')!.textContent).to.contain('javascript:window.__pwned=3');
    expect(el.scrollWidth).to.be.at.most(320);
    expect($(el, 'h3')!.getBoundingClientRect().width).to.be.at.most(320);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('clamps a long evidence value to a few lines behind a "Show all" disclosure', async () => {
    const long = 'word '.repeat(2000).trim();
    TestApproval.rewrite = (body) => {
      body.approval.evidence[0]!.value = long;
    };
    const el = await card();
    const text = $(el, '[part="evidence"] [part="long-text"]')!;
    const toggle = $(el, '[part="evidence"] [part="show-all"]')!;
    // The whole text stays in the DOM (and so the accessibility tree); only the box is clamped.
    expect(text.textContent).to.equal(long);
    expect(toggle.getAttribute('aria-controls')).to.equal(text.id);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
    expect(text.getBoundingClientRect().height).to.be.at.most(lineHeight * 4 + 1);
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.textContent?.trim()).to.equal('Show less');
    // Expanded, it scrolls inside a bounded box rather than stretching the card.
    const open = text.getBoundingClientRect().height;
    expect(open).to.be.greaterThan(lineHeight * 4);
    expect(text.scrollHeight).to.be.greaterThan(open);
    expect(el.getBoundingClientRect().height).to.be.below(2000);
    await expect(el).to.be.accessible();
  });

  it('aborts its request when removed, and reports no error for it', async () => {
    TestApproval.getDelayMs = 400;
    const el = await fixture<TestApproval>(
      html`<test-approval src="" approval-id="APR-7301"></test-approval>`,
    );
    const errors: Event[] = [];
    el.addEventListener('cmdctr-error', (e) => errors.push(e));
    await waitUntil(() => TestApproval.signals.length === 1, 'no request');
    el.remove();
    expect(TestApproval.signals[0]!.aborted).to.equal(true);
    await new Promise((r) => setTimeout(r, 600));
    expect(errors).to.have.length(0);
    expect(TestApproval.sent).to.have.length(0);
  });

  it('leaves no timers running after many mount/unmount cycles', async () => {
    const left = await intervalsLeftBy(async () => {
      for (let i = 0; i < 10; i++) {
        const el = await card();
        el.remove();
      }
    });
    expect(left).to.equal(0);
  });
});
