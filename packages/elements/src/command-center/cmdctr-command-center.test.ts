import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { clientFor, type CmdctrClient, type WorkflowsResponse } from '@cmdctr/contract';
import { CmdctrCommandCenter } from './define.js';
import { fetchRewritten, requestUrl } from '../../test/fixture-responses.js';
import { describeFilter, drillToFilter } from './command-center-filters.js';
import type { CmdctrElement } from '../base/index.js';

const root = (el: Element) => el.shadowRoot as ShadowRoot;
const panel = <T extends Element = CmdctrElement>(el: Element, tag: string) =>
  root(el).querySelector(tag) as T;
const PANEL_TAGS = [
  'cmdctr-throughput',
  'cmdctr-heatmap',
  'cmdctr-mttr',
  'cmdctr-pareto',
  'cmdctr-ownership',
  'cmdctr-approvals',
  'cmdctr-stale-exceptions',
  'cmdctr-automation',
];

// Not open-wc's fixture(): it waits for an animation frame, which a background test tab never
// gets. Each host is removed after its test.
const hosts: HTMLElement[] = [];
function container(): HTMLDivElement {
  const host = document.createElement('div');
  document.body.append(host);
  hosts.push(host);
  return host;
}
afterEach(() => hosts.splice(0).forEach((host) => host.remove()));

async function mount(attrs = ''): Promise<CmdctrCommandCenter> {
  const host = container();
  host.innerHTML = `<cmdctr-command-center src="" tz="Europe/Berlin" locale="en-GB" ${attrs}></cmdctr-command-center>`;
  const el = host.firstElementChild as CmdctrCommandCenter;
  await el.updateComplete;
  await waitUntil(
    () => root(el).querySelectorAll('[part="workflow-picker"] option').length > 1,
    'the workflow picker did not fill from /v1/workflows',
    { timeout: 8000 },
  );
  return el;
}

// Test-only subclass: the real fixture server, with auto-actions on for every workflow in the
// catalogue (the fixture has P2P's switched off by its disable_auto_actions_when guard).
class AllAutoActionsOnCenter extends CmdctrCommandCenter {
  readonly #client: CmdctrClient = clientFor({
    baseUrl: '',
    maxAttempts: 1,
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      requestUrl(input).includes('/v1/workflows')
        ? fetchRewritten<WorkflowsResponse>(input, init, (body) => {
            for (const w of body.workflows) w.autoActionsEnabled = true;
          })
        : fetch(input, init),
  });
  override get client(): CmdctrClient {
    return this.#client;
  }
}
customElements.define('test-all-auto-actions-on-center', AllAutoActionsOnCenter);

// Element comparisons stay booleans: a failing chai message would serialise a whole element.
const noticeOf = (el: Element) => root(el).querySelector('[part="auto-actions-off"]');

describe('<cmdctr-command-center>', () => {
  it('shows five KPI tiles and every panel, each a defined element', async () => {
    const el = await mount();
    const tiles = [...root(el).querySelectorAll('cmdctr-kpi')].map((t) => t.getAttribute('kpi'));
    expect(tiles).to.deep.equal([
      'exceptionRate',
      'ownershipCoverage',
      'mttr',
      'throughputVsSlo',
      'autoResolveSuccess',
    ]);
    for (const tag of PANEL_TAGS) {
      const child = panel(el, tag);
      expect(child, tag).to.exist;
      expect(customElements.get(tag), `${tag} is defined`).to.equal(child.constructor);
      const title = child.closest('[part~="panel"]')?.querySelector('h3')?.textContent ?? '';
      expect(title.trim().length, `${tag} panel is titled`).to.be.greaterThan(0);
      // The panel's heading names the element's region too, so the two never disagree.
      expect(child.getAttribute('label'), tag).to.equal(title.trim());
    }
  });

  it('lists the workflows and hands the picked workflow and range to every panel', async () => {
    const el = await mount();
    const options = [...root(el).querySelectorAll('[part="workflow-picker"] option')];
    expect(options[0]!.textContent).to.equal('All workflows');
    expect(options.map((o) => (o as HTMLOptionElement).value)).to.include('p2p_invoice_matching');
    const heatmap = panel(el, 'cmdctr-heatmap');
    expect(heatmap.config.workflow).to.equal(undefined);
    expect(heatmap.config.range).to.equal('P7D');
    // Settings inherited by the panels come from the command center's own attributes.
    expect(heatmap.config.tz).to.equal('Europe/Berlin');

    const picker = root(el).querySelector<HTMLSelectElement>('[part="workflow-picker"]')!;
    picker.value = 'p2p_invoice_matching';
    const changed = oneEvent(el, 'cmdctr-filter-change');
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    const { detail } = await changed;
    expect(detail).to.deep.equal({
      workflow: 'p2p_invoice_matching',
      range: 'P7D',
      from: null,
      to: null,
    });
    await el.updateComplete;
    await heatmap.updateComplete;
    for (const tag of [...PANEL_TAGS, 'cmdctr-kpi']) {
      expect(panel(el, tag).config.workflow, tag).to.equal('p2p_invoice_matching');
    }

    const range = root(el).querySelector<HTMLSelectElement>('[part="range-picker"]')!;
    range.value = 'P30D';
    range.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    await heatmap.updateComplete;
    expect(heatmap.config.range).to.equal('P30D');
  });

  it('takes its first workflow and range from attributes', async () => {
    const el = await mount('workflow="order_fulfillment_hold" range="PT24H"');
    const picker = root(el).querySelector<HTMLSelectElement>('[part="workflow-picker"]')!;
    expect(picker.value).to.equal('order_fulfillment_hold');
    expect(root(el).querySelector<HTMLSelectElement>('[part="range-picker"]')!.value).to.equal(
      'PT24H',
    );
    expect(panel(el, 'cmdctr-mttr').config.workflow).to.equal('order_fulfillment_hold');
  });

  it('turns a heatmap drill into a stale-list filter instead of opening the runbook', async () => {
    const el = await mount();
    const heatmap = panel(el, 'cmdctr-heatmap');
    const drill = new CustomEvent('cmdctr-drill', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: {
        workflow: 'p2p_invoice_matching',
        rowDimension: 'type',
        rowKey: 'DATA_MISMATCH',
        from: '2025-12-02T10:00:00+01:00',
        to: '2025-12-02T11:00:00+01:00',
      },
    });
    expect(heatmap.dispatchEvent(drill), 'the drill is cancelled').to.equal(false);
    await el.updateComplete;
    const stale = panel(el, 'cmdctr-stale-exceptions');
    expect(stale.getAttribute('type')).to.equal('DATA_MISMATCH');
    expect(stale.getAttribute('workflow')).to.equal('p2p_invoice_matching');
    expect(stale.hasAttribute('owner')).to.equal(false);
    const chip = root(el).querySelector('[part="filter"]')!;
    expect(chip.textContent).to.contain('type DATA_MISMATCH');
    expect(chip.textContent).to.contain('Invoice');
    expect(root(el).activeElement?.id).to.equal('stale');

    root(el).querySelector<HTMLButtonElement>('[part="clear-filter"]')!.click();
    await el.updateComplete;
    expect(stale.hasAttribute('type')).to.equal(false);
    expect(root(el).querySelector('[part="filter"]')).to.equal(null);
  });

  it('filters the stale list to unowned exceptions on an ownership drill', async () => {
    const el = await mount();
    const ownership = panel(el, 'cmdctr-ownership');
    ownership.dispatchEvent(
      new CustomEvent('cmdctr-drill', {
        bubbles: true,
        composed: true,
        cancelable: true,
        detail: { workflow: 'order_fulfillment_hold', type: 'CREDIT_HOLD', owner: '' },
      }),
    );
    await el.updateComplete;
    const stale = panel(el, 'cmdctr-stale-exceptions');
    expect(stale.getAttribute('owner')).to.equal('');
    expect(stale.getAttribute('type')).to.equal('CREDIT_HOLD');
    expect(root(el).querySelector('[part="filter"]')!.textContent).to.contain('without an owner');
  });

  it('brings the panel behind a KPI tile into view on its drill', async () => {
    const el = await mount();
    const tile = root(el).querySelector('cmdctr-kpi[kpi="ownershipCoverage"]')!;
    const drill = new CustomEvent('cmdctr-drill', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { kpi: 'ownershipCoverage', rowDimension: 'kpi', rowKey: 'ownershipCoverage' },
    });
    expect(tile.dispatchEvent(drill)).to.equal(false);
    expect(root(el).activeElement?.id).to.equal('ownership');
    // A KPI drill names no exception filter: the stale list stays as it was.
    await el.updateComplete;
    expect(root(el).querySelector('[part="filter"]')).to.equal(null);
  });

  it('narrows every panel to a zoomed throughput range until reset', async () => {
    const el = await mount();
    const throughput = panel(el, 'cmdctr-throughput');
    const changed = oneEvent(el, 'cmdctr-filter-change');
    throughput.dispatchEvent(
      new CustomEvent('cmdctr-range-change', {
        bubbles: true,
        composed: true,
        detail: { from: '2025-12-01T00:00:00+01:00', to: '2025-12-03T00:00:00+01:00' },
      }),
    );
    expect((await changed).detail.range).to.equal(null);
    await el.updateComplete;
    for (const tag of ['cmdctr-heatmap', 'cmdctr-mttr', 'cmdctr-kpi']) {
      expect(panel(el, tag).getAttribute('from'), tag).to.equal('2025-12-01T00:00:00+01:00');
    }
    const reset = [...root(el).querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Reset zoom'),
    )!;
    reset.click();
    await el.updateComplete;
    expect(panel(el, 'cmdctr-heatmap').hasAttribute('from')).to.equal(false);
  });

  it('says so, and still shows the panels, when the workflow list fails', async () => {
    const host = container();
    host.innerHTML = `<cmdctr-command-center src="/element-api/status-503"></cmdctr-command-center>`;
    const el = host.firstElementChild as CmdctrCommandCenter;
    await waitUntil(() => root(el).querySelector('.notice'), 'no notice', { timeout: 15000 });
    expect(root(el).querySelector('.notice')!.textContent).to.contain('Workflow list unavailable');
    expect(panel(el, 'cmdctr-heatmap')).to.exist;
  });

  it('says which shown workflows have auto-actions off, in a live status region', async () => {
    const el = await mount();
    const notice = noticeOf(el);
    expect(notice !== null, 'notice shown').to.equal(true);
    const text = notice!.textContent.replace(/\s+/g, ' ');
    expect(text).to.contain('Auto-actions are off for P2P – Invoice Matching:');
    expect(text).to.contain('waits for a person to approve it');
    expect(text).to.not.contain('Order Fulfillment');
    expect(notice!.parentElement!.getAttribute('role')).to.equal('status');

    // Narrowed to a workflow whose auto-actions are on, the notice goes; back to P2P, it returns.
    const picker = root(el).querySelector<HTMLSelectElement>('[part="workflow-picker"]')!;
    picker.value = 'order_fulfillment_hold';
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(noticeOf(el) === null, 'no notice for order fulfillment').to.equal(true);
    picker.value = 'p2p_invoice_matching';
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(noticeOf(el) !== null, 'notice for P2P').to.equal(true);
  });

  it('shows no auto-actions notice while every workflow has them on', async () => {
    const host = container();
    host.innerHTML = `<test-all-auto-actions-on-center src="" tz="UTC"></test-all-auto-actions-on-center>`;
    const el = host.firstElementChild as CmdctrCommandCenter;
    await waitUntil(
      () => root(el).querySelectorAll('[part="workflow-picker"] option').length > 1,
      'the workflow picker did not fill',
      { timeout: 8000 },
    );
    expect(noticeOf(el) === null, 'no notice').to.equal(true);
    // The status region stays in place, empty, so a notice that appears later is announced.
    expect(root(el).querySelector('[role="status"]')!.textContent.trim()).to.equal('');
  });

  it('is accessible', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('maps drill details to filters and words', () => {
    expect(drillToFilter(null)).to.equal(null);
    expect(drillToFilter({ rowDimension: 'severity', rowKey: 'high' })).to.equal(null);
    expect(drillToFilter({ rowDimension: 'workflow', rowKey: 'w1', workflow: null })).to.deep.equal(
      { workflow: 'w1' },
    );
    expect(describeFilter({ type: 'X', owner: '' }, (id) => id)).to.equal(
      'type X · without an owner',
    );
    expect(describeFilter({ owner: 'Ana', workflow: 'w' }, () => 'Workflow W')).to.equal(
      'owner Ana · Workflow W',
    );
  });
});
