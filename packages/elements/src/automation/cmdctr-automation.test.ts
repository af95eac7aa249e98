import { expect, waitUntil } from '@open-wc/testing';
import { clientFor, type CmdctrClient } from '@cmdctr/contract';
import { CmdctrAutomation } from './define.js';
import type { AutomationResponse } from './cmdctr-automation.js';
import { PNG_SIGNATURE, exportAs, pngSignature } from '../../test/export-support.js';
import { removeWrappers, wrapper } from '../../test/hosts.js';
import {
  delay,
  fetchRewritten,
  metricsChangedStream,
  problemResponse,
  requestUrl,
} from '../../test/fixture-responses.js';
import { expectNoLeaksAcrossMounts } from '../../test/leak-probes.js';
import * as tables from '../../test/table-disclosure.js';

// Test-only subclass: fetches the real fixture server over HTTP, with a fixture variant or
// problem picked by query parameter, and lets a test delay, rewrite or fail the answer.
class TestAutomation extends CmdctrAutomation {
  static variant: Record<string, string> = {};
  static rewrite: (body: AutomationResponse) => void = () => {};
  static delayMs = 0;
  static failAfter = Infinity;
  static signals: AbortSignal[] = [];
  static calls = 0;
  readonly #client: CmdctrClient = clientFor({
    baseUrl: '',
    maxAttempts: 1,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      if (requestUrl(input).includes('/v1/stream'))
        return metricsChangedStream('automation', init?.signal);
      if (init?.signal) TestAutomation.signals.push(init.signal);
      await delay(TestAutomation.delayMs);
      if (++TestAutomation.calls > TestAutomation.failAfter)
        return problemResponse(503, 'Metrics store unavailable');
      return fetchRewritten<AutomationResponse>(input, init, (body) =>
        TestAutomation.rewrite(body),
      );
    },
  });
  override get client(): CmdctrClient {
    return this.#client;
  }
  protected override commonQuery() {
    return { ...super.commonQuery(), ...TestAutomation.variant };
  }
}
customElements.define('test-automation', TestAutomation);

const root = (el: Element) => el.shadowRoot!;
const text = (node: Element | null | undefined) =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const tooltip = (el: Element) => root(el).querySelector<HTMLElement>('[part=tooltip]')!;
const columns = (el: Element) => [...root(el).querySelectorAll<SVGElement>('[part=column]')];
const key = (target: Element, k: string) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
/** Focuses a mark; a background tab moves focus without a focus event, so one is sent by hand. */
function focus(target: SVGElement): void {
  let fired = false;
  target.addEventListener('focusin', () => (fired = true), { once: true });
  target.focus();
  if (!fired) target.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
}

async function mount(attrs = '', width = 720): Promise<CmdctrAutomation> {
  const host = wrapper(width);
  host.innerHTML = `<test-automation src="" tz="Europe/Berlin" locale="en-GB" ${attrs}></test-automation>`;
  const el = host.firstElementChild as CmdctrAutomation;
  await waitUntil(
    () => root(el)?.querySelector('[part=plot], [part=empty], [part=error]'),
    'never rendered',
    { timeout: 8000 },
  );
  await el.updateComplete;
  return el;
}

async function fixtureData(): Promise<AutomationResponse> {
  return (await (await fetch('/v1/metrics/automation')).json()) as AutomationResponse;
}

describe('<cmdctr-automation>', () => {
  afterEach(() => {
    removeWrappers();
    TestAutomation.variant = {};
    TestAutomation.rewrite = () => {};
    TestAutomation.delayMs = 0;
    TestAutomation.failAfter = Infinity;
    TestAutomation.signals = [];
    TestAutomation.calls = 0;
  });

  it('shows the three parts with the figures of the fixture', async () => {
    const el = await mount();
    const shadow = root(el);
    expect([...shadow.querySelectorAll('[part=heading]')].map(text)).to.deep.equal([
      'Outcomes over time',
      'Calibration',
      'Approver quality',
    ]);
    expect(shadow.querySelector('[part=base]')?.getAttribute('aria-label')).to.equal(
      'Auto-resolve quality',
    );
    const headline = text(shadow.querySelector('[part=headline]'));
    expect(headline).to.equal(
      'Success 53% 307 proposed · 0 auto-applied · 174 approved · 125 rejected · 7 pending · 11 reverted',
    );
    // Eight day columns; approved and rejected parts drawn, auto-applied (all 0) not.
    expect(columns(el)).to.have.length(8);
    expect(shadow.querySelectorAll('svg.outcomes rect.seg.approved')).to.have.length(8);
    expect(shadow.querySelectorAll('svg.outcomes rect.seg.autoApplied')).to.have.length(0);
    expect(shadow.querySelectorAll('svg.outcomes rect.seg.pending')).to.have.length(1);
    expect(shadow.querySelectorAll('svg.outcomes rect.seg.reverted')).to.have.length(6);
    expect(
      shadow.querySelector('svg.outcomes rect.seg.reverted')?.getAttribute('height'),
    ).to.not.equal('0');
    expect(shadow.querySelector('path.rate')?.getAttribute('d')).to.match(
      /^M[\d.]+,[\d.]+(L[\d.,]+){7}$/,
    );
    const axis = [...shadow.querySelectorAll('svg.outcomes .axis text')].map(text);
    expect(axis).to.include('28 Nov').and.include('100%').and.include('1 Dec');
    expect(text(shadow.querySelector('[part=legend]')))
      .to.contain('Reverted')
      .and.contain('Success rate (right axis)');
    // Calibration: one chart per type, with threshold rule and "no decisions" bands.
    const charts = [...shadow.querySelectorAll('[part=calibration]')];
    expect(charts).to.have.length(2);
    expect(text(charts[0]!.querySelector('figcaption'))).to.equal(
      'MISSING_PO p2p_invoice_matching · threshold 0.92 · 155 decided',
    );
    expect(charts[0]!.querySelectorAll('line.threshold')).to.have.length(1);
    const bands = [...charts[0]!.querySelectorAll('[part=band]')];
    expect(bands).to.have.length(10);
    expect(bands[0]!.getAttribute('aria-label')).to.equal('Confidence 0–0.1: no decisions');
    expect(bands[4]!.getAttribute('aria-label')).to.equal(
      'Confidence 0.4–0.5: 0%, 0 of 13 approved',
    );
    expect(bands[0]!.classList.contains('none')).to.equal(true);
    expect(bands[4]!.classList.contains('none')).to.equal(false);
    // Approvers: median in humane units, shares above 20% marked "high".
    const rows = [...shadow.querySelectorAll('table.approvers tbody tr')].map((r) =>
      [...r.children].map(text),
    );
    expect(rows).to.deep.equal([
      ['Finance Supervisor', '155', '102', '18 mins', '10%', '19%'],
      ['Fulfillment Lead', '144', '72', '13 mins', '32% high', '23% high'],
    ]);
    expect(shadow.querySelectorAll('[part=attention] svg[aria-hidden=true]')).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('moves the attention marker with attention-share', async () => {
    const el = await mount('attention-share="0.1"');
    expect(root(el).querySelectorAll('[part=attention]')).to.have.length(3);
    expect(text(root(el).querySelector('table.approvers caption'))).to.contain(
      'shares above 10% are marked high',
    );
    el.attentionShare = 0.5;
    await el.updateComplete;
    expect(root(el).querySelectorAll('[part=attention]')).to.have.length(0);
  });

  it('moves between columns with the keyboard and shows each bucket in the tooltip', async () => {
    const data = await fixtureData();
    const el = await mount();
    const cols = columns(el);
    expect(cols.filter((c) => c.getAttribute('tabindex') === '0')).to.have.length(1);
    focus(cols[0]!);
    await el.updateComplete;
    expect(tooltip(el).matches(':popover-open')).to.equal(true);
    expect(text(tooltip(el)))
      .to.contain('28 Nov 2025')
      .and.contain('Proposed 49');
    key(cols[0]!, 'End');
    await el.updateComplete;
    await el.updateComplete;
    const last = columns(el)[7]!;
    expect(root(el).activeElement).to.equal(last);
    expect(last.getAttribute('tabindex')).to.equal('0');
    if (!text(tooltip(el)).includes('5 Dec')) focus(last);
    const tip = text(tooltip(el));
    expect(tip)
      .to.contain('5 Dec 2025')
      .and.contain(`Pending ${String(data.outcomes.pending[7])}`);
    expect(tip).to.contain('Success rate 45%');
    expect(last.getAttribute('aria-label')).to.equal(
      '5 Dec 2025, 00:00 – 5 Dec 2025, 11:00: 20 proposed, 0 auto-applied, 9 approved, 4 rejected, 7 pending, 0 reverted, success 45%',
    );
    // Hovering another column shows it; leaving gives the tooltip back to the focused one.
    cols[1]!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    expect(text(tooltip(el))).to.contain('29 Nov 2025');
    cols[1]!.dispatchEvent(new PointerEvent('pointerout', { bubbles: true }));
    expect(text(tooltip(el))).to.contain('5 Dec 2025');
    key(last, 'ArrowLeft');
    await el.updateComplete;
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(columns(el)[6]);
    // Calibration bands: their own roving focus.
    const band = root(el).querySelector<SVGElement>('[part=band][tabindex="0"]')!;
    focus(band);
    key(band, 'End');
    await el.updateComplete;
    await el.updateComplete;
    const top = root(el).activeElement as SVGElement;
    expect(top.getAttribute('data-i')).to.equal('9');
    if (!text(tooltip(el)).includes('0.9–1')) focus(top);
    expect(text(tooltip(el)))
      .to.contain('Approval rate 100%')
      .and.contain('Threshold 0.92');
    top.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(tooltip(el).matches(':popover-open')).to.equal(false);
  });

  it('shows a tooltip on hover and says "no decisions" for an empty band', async () => {
    const el = await mount();
    const band = root(el).querySelector<SVGElement>('[part=band]')!;
    band.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    expect(text(tooltip(el))).to.contain('Approval rate no decisions');
    band.dispatchEvent(new PointerEvent('pointerout', { bubbles: true }));
    expect(tooltip(el).matches(':popover-open')).to.equal(false);
  });

  it('builds no chart table until the Table button opens them', async () => {
    const el = await mount();
    const shadow = root(el);
    // The button names every region it opens; closed, each says where its table is.
    const { regions } = tables.expectTableClosed(shadow);
    expect(regions).to.have.length(3);
    // Only the approver table, which is that part's chart, is built.
    expect([...shadow.querySelectorAll('table')].map((t) => t.className)).to.deep.equal([
      'approvers',
    ]);
    expect(shadow.querySelectorAll('table.outcomes tr, [part=calibration] tr')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('shows both charts’ data tables in labelled regions while the button is expanded', async () => {
    const el = await mount();
    const shadow = root(el);
    const { toggle, regions } = await tables.openTableFromButton(el);
    const labels = [
      'Outcomes table',
      'MISSING_PO (p2p_invoice_matching) table',
      'ADDRESS_VALIDATION_FAIL (order_fulfillment_hold) table',
    ];
    expect(regions).to.have.length(labels.length);
    regions.forEach((region, i) => tables.expectOpenRegion(region, labels[i]!, 'table'));
    const outcomes = regions[0]!.querySelector('table.outcomes')!;
    expect(outcomes.querySelectorAll('tbody tr')).to.have.length(8);
    const cells = (row: Element | null) => [...(row?.children ?? [])].map(text).join(' ');
    expect(cells(outcomes.querySelector('tfoot tr'))).to.equal(
      'Whole range 307 0 174 125 7 11 53.1%',
    );
    const calibration = shadow.querySelectorAll('[part=calibration] table');
    expect(calibration).to.have.length(2);
    expect(calibration[0]!.closest('[role=region]')).to.equal(regions[1]);
    expect(calibration[0]!.querySelectorAll('tbody tr')).to.have.length(10);
    expect(cells(calibration[0]!.querySelector('tbody tr'))).to.equal('0–0.1 0 0 no decisions');
    await expect(el).to.be.accessible();
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    // The approver table is the approvals part's chart, so it stays.
    expect(shadow.querySelectorAll('table')).to.have.length(1);
  });

  it('exports the outcomes table as CSV and the outcomes chart as SVG and PNG', async () => {
    const el = await mount();
    // Closed: the export builds the outcomes table for the file and drops it again.
    expect(root(el).querySelector('table.outcomes')).to.equal(null);
    const csv = await exportAs(el, 'Download CSV');
    const [name, file] = [...csv][0]!;
    expect(name).to.equal('cmdctr-automation-2025-11-27T230000Z-2025-12-05T100000Z.csv');
    const lines = (await file.text())
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).to.equal(
      'Bucket start,Proposed,Auto-applied,Approved,Rejected,Pending,Reverted,Success rate',
    );
    expect(lines).to.have.length(10);
    expect(lines.at(-1)).to.equal('Whole range,307,0,174,125,7,11,53.1%');
    await waitUntil(() => !root(el).querySelector('table.outcomes'), 'the exported table stayed');

    const svgFile = await exportAs(el, 'Download SVG');
    const markup = await [...svgFile.values()][0]!.text();
    expect(markup).to.not.include('var(');
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).to.equal(null);
    expect(doc.querySelector('rect.seg.approved')?.getAttribute('fill')).to.equal(
      'rgb(26, 127, 55)',
    );
    // The hatch travels with the file.
    expect(doc.querySelector('pattern#hatch')).to.not.equal(null);
    expect(doc.querySelector('rect.seg.reverted')?.getAttribute('fill')).to.equal('url(#hatch)');
    expect(doc.querySelector('pattern#hatch line')?.getAttribute('stroke')).to.match(/^rgb\(/);
    expect(doc.querySelectorAll('[part=column]')).to.have.length(8);

    const png = await exportAs(el, 'Download PNG');
    const blob = [...png.values()][0]!;
    expect(await pngSignature(blob)).to.deep.equal(PNG_SIGNATURE);
  });

  it('renders hostile strings as bounded, inert text', async () => {
    const hostile = `<script>window.__pwned=1</script>\u202e${'x'.repeat(10_000)}`;
    TestAutomation.rewrite = (body) => {
      body.approvers[0]!.role = hostile;
      body.calibration[0]!.type = hostile;
      body.calibration[0]!.workflow = hostile;
    };
    const el = await mount('', 320);
    const shadow = root(el);
    expect(shadow.querySelector('script')).to.equal(null);
    const role = shadow.querySelector<HTMLElement>('table.approvers tbody .text')!;
    expect(role.textContent).to.equal(hostile);
    expect(role.getAttribute('dir')).to.equal('auto');
    expect(role.getBoundingClientRect().width).to.be.at.most(16 * 16 + 1);
    // Names in the chart captions end inside the element (ellipsis), not past its edge.
    const right = el.getBoundingClientRect().right;
    const names = [...shadow.querySelectorAll('[part=calibration] figcaption .text')];
    expect(names).to.have.length(4);
    for (const name of names) expect(name.getBoundingClientRect().right).to.be.at.most(right);
    // The calibration axis labels stay inside the chart.
    const axis = shadow.querySelector('[part=calibration] .axis')!.getBoundingClientRect();
    expect(axis.left).to.be.at.least(el.getBoundingClientRect().left);
    expect(el.getBoundingClientRect().width).to.equal(320);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('shows one type at a time, with a type list, above four types', async () => {
    TestAutomation.rewrite = (body) => {
      const [first] = body.calibration;
      body.calibration = ['A', 'B', 'C', 'D', 'E'].map((t, i) => ({
        ...first!,
        type: t,
        threshold: 0.5 + i / 10,
      }));
    };
    const el = await mount();
    const select = root(el).querySelector<HTMLSelectElement>('[part=type-select]')!;
    expect(select.options).to.have.length(5);
    expect(root(el).querySelectorAll('[part=calibration]')).to.have.length(1);
    select.value = '3';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(text(root(el).querySelector('[part=calibration] figcaption'))).to.contain(
      'D p2p_invoice_matching · threshold 0.8',
    );
    // The Table button names the table region of the chart on screen, not of the one before.
    const toggle = root(el).querySelector<HTMLButtonElement>('[part=table-toggle]')!;
    const ids = toggle.getAttribute('aria-controls')!.split(' ');
    expect(ids).to.have.length(2);
    expect(root(el).getElementById(ids[1]!)?.closest('[part=calibration]')).to.equal(
      root(el).querySelector('[part=calibration]'),
    );
    toggle.click();
    await el.updateComplete;
    expect(text(root(el).querySelector('[part=calibration] caption'))).to.equal(
      'D (p2p_invoice_matching): threshold 0.8',
    );
    await expect(el).to.be.accessible();
  });

  it('says so when nothing was proposed or decided', async () => {
    TestAutomation.variant = { fixture: 'empty' };
    const el = await mount();
    expect(text(root(el).querySelector('[part=empty]'))).to.equal(
      'No auto-resolve proposals or decisions in this range',
    );
    await expect(el).to.be.accessible();
  });

  it('shows a forbidden problem without retry', async () => {
    TestAutomation.variant = { problem: '403' };
    const el = await mount();
    const error = root(el).querySelector('[part=error]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.contain('Not permitted');
    expect(root(el).querySelector('[part=retry-button]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows a retry button on a failed request, which refetches and recovers', async () => {
    TestAutomation.variant = { problem: '400' };
    const el = await mount();
    expect(root(el).querySelector('[part=error]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    const before = TestAutomation.calls;
    TestAutomation.variant = {};
    root(el).querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
    await waitUntil(() => root(el).querySelector('[part=plot]'), 'retry did not recover');
    expect(TestAutomation.calls).to.equal(before + 1);
  });

  it('keeps the data and marks it stale when a refresh fails', async () => {
    TestAutomation.failAfter = 1;
    const el = await mount();
    await (el as unknown as { metric: { refresh(): Promise<void> } }).metric.refresh();
    await el.updateComplete;
    const stale = root(el).querySelector('[part=stale]')!;
    expect(text(stale)).to.contain('the last refresh failed');
    expect(root(el).querySelector('[part=plot]')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows the skeleton while loading and aborts the request on disconnect', async () => {
    TestAutomation.delayMs = 900;
    const host = wrapper(600);
    host.innerHTML = `<test-automation src="" tz="Europe/Berlin"></test-automation>`;
    const el = host.firstElementChild as CmdctrAutomation;
    await waitUntil(() => root(el)?.querySelector('[part=skeleton]'), 'no skeleton', {
      timeout: 3000,
    });
    expect(root(el).querySelector('[part=base]')?.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    el.remove();
    expect(TestAutomation.signals.at(-1)?.aborted).to.equal(true);
  });

  it('is accessible in the dark theme and with the export menu open', async () => {
    const el = await mount('theme="dark"');
    expect(el.dataset.theme).to.equal('dark');
    const bar = root(el).querySelector('rect.seg.approved')!;
    expect(getComputedStyle(bar).fill).to.equal('rgb(63, 185, 80)');
    const button = root(el).querySelector<HTMLButtonElement>('[part=export-menu]')!;
    button.click();
    await waitUntil(() => button.getAttribute('aria-expanded') === 'true', 'menu not open');
    await expect(el).to.be.accessible();
  });

  it('refetches when the live stream names automation, keeping the focused column', async () => {
    TestAutomation.rewrite = (body) => {
      if (TestAutomation.calls > 1) body.outcomes.proposed[2] = 999;
    };
    const el = await mount('live');
    const col = columns(el)[2]!;
    col.setAttribute('tabindex', '0');
    focus(col);
    await waitUntil(() => TestAutomation.calls > 1, 'no refetch from the stream', {
      timeout: 8000,
    });
    await waitUntil(() => text(tooltip(el)).includes('Proposed 999'), 'tooltip not updated');
    expect(root(el).activeElement).to.equal(col);
  });

  it('leaves no stream, observer or open tooltip behind after 30 mounts and unmounts', async () => {
    await expectNoLeaksAcrossMounts({ tag: 'cmdctr-automation', times: 30, host: wrapper(480) });
  });
});
