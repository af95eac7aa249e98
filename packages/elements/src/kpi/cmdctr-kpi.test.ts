import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { clientFor, type CmdctrClient, type components } from '@cmdctr/contract';
import { openStreamCount, type MetricController } from '../base/index.js';
import { CmdctrKpi } from './define.js';

type KpiResponse = components['schemas']['KpiResponse'];

// Test-only subclasses. The fixture server picks variants by query parameter, and the common
// query is the seam for it.
class VariantKpi extends CmdctrKpi {
  static variant: Record<string, string> = {};
  protected override commonQuery() {
    return { ...super.commonQuery(), ...VariantKpi.variant };
  }
}
customElements.define('test-kpi-variant', VariantKpi);

// Fetches the real fixture over HTTP, then lets a test rewrite the body and see the requests.
class RewriteKpi extends CmdctrKpi {
  static rewrite: (body: KpiResponse) => void = () => {};
  static signals: AbortSignal[] = [];
  static delayMs = 0;
  private readonly testClient: CmdctrClient = clientFor({
    baseUrl: '',
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.signal) RewriteKpi.signals.push(init.signal);
      if (RewriteKpi.delayMs) await new Promise((r) => setTimeout(r, RewriteKpi.delayMs));
      init?.signal?.throwIfAborted();
      const response = await fetch(input, { ...init, cache: 'no-store' });
      const body = (await response.json()) as KpiResponse;
      RewriteKpi.rewrite(body);
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
customElements.define('test-kpi-rewrite', RewriteKpi);

const root = (el: HTMLElement) => el.shadowRoot as ShadowRoot;
const part = (el: HTMLElement, name: string) =>
  root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: HTMLElement, name: string) =>
  part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
const tile = (el: HTMLElement) => part(el, 'tile') as HTMLElement;
const ready = (el: HTMLElement) =>
  waitUntil(() => part(el, 'tile'), 'the tile did not render', { timeout: 8000 });
const settled = (el: HTMLElement) =>
  waitUntil(
    () => part(el, 'tile') || part(el, 'empty') || part(el, 'error'),
    'the tile did not settle',
    { timeout: 15000 },
  );
const metricOf = (el: CmdctrKpi) =>
  (el as unknown as { metric: MetricController<KpiResponse> }).metric;
const hits = async (id: string) =>
  ((await (await fetch(`/element-api/hits/${id}`)).json()) as { hits: number }).hits;

const percent = (v: number) =>
  new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(v);

async function loadFixture(): Promise<KpiResponse> {
  return (await (await fetch('/v1/metrics/kpis')).json()) as KpiResponse;
}

// Plain wrappers are made by hand, not with open-wc's fixture(): it waits a rendering frame for
// non-Lit elements, and wtr's background tabs get none.
const hosts: HTMLElement[] = [];
function place(template: TemplateResult, width?: number): HTMLDivElement {
  const host = document.createElement('div');
  if (width) host.style.setProperty('width', `${width}px`);
  document.body.append(host);
  hosts.push(host);
  render(template, host);
  return host;
}

async function mount(kpi: string, width = 280) {
  const host = place(
    html`<cmdctr-kpi src="" locale="en" tz="Europe/Berlin" kpi=${kpi}></cmdctr-kpi>`,
    width,
  );
  const el = host.querySelector('cmdctr-kpi') as CmdctrKpi;
  await ready(el);
  return el;
}

/** A real key press where the tab has focus; a dispatched one in a background tab. */
async function press(target: HTMLElement, key: string) {
  if (document.hasFocus()) return sendKeys({ press: key });
  target.dispatchEvent(
    new KeyboardEvent('keydown', {
      key: key === 'Space' ? ' ' : key,
      bubbles: true,
      composed: true,
      cancelable: true,
    }),
  );
}

describe('<cmdctr-kpi>', () => {
  beforeEach(() => {
    VariantKpi.variant = {};
    RewriteKpi.rewrite = () => {};
    RewriteKpi.signals = [];
    RewriteKpi.delayMs = 0;
  });
  afterEach(() => hosts.splice(0).forEach((host) => host.remove()));

  it('shows the exception rate: percent, status in words and shape, change, thresholds, sparkline', async () => {
    const data = await loadFixture();
    const k = data.kpis.find((x) => x.id === 'exceptionRate')!;
    const el = await mount('exceptionRate');
    expect(text(el, 'label')).to.equal('Exception rate');
    expect(text(el, 'value')).to.equal(percent(k.value!));
    expect(text(el, 'status')).to.equal('Warn');
    expect(part(el, 'status')?.querySelector('svg path')).to.exist;
    expect(tile(el).classList.contains('warn')).to.equal(true);
    // 0.0575 − 0.0555: up 0.2 points, and lower is better, so worse.
    expect(text(el, 'change')).to.equal('↑ up 0.2 pts, worse vs previous');
    expect(part(el, 'change')?.classList.contains('worse')).to.equal(true);
    expect(text(el, 'references')).to.equal('warn 5% · critical 8%');
    const spark = part(el, 'sparkline') as unknown as SVGSVGElement;
    expect(spark.getAttribute('aria-hidden')).to.equal('true');
    const line = spark.querySelector('path.line')!.getAttribute('d')!;
    expect(line.match(/[ML]/g)).to.have.length(k.sparkline.length);
    // The warn line (5%) falls inside the drawn range; the critical one (8%) does not.
    expect(
      [...spark.querySelectorAll('line.ref')].map((l) => l.getAttribute('class')),
    ).to.deep.equal(['ref warn']);
    // The whole reading is the group's name; the trend sentence describes it.
    const group = tile(el);
    expect(group.getAttribute('role')).to.equal('group');
    expect(group.getAttribute('aria-label')).to.equal(
      `Exception rate: ${percent(k.value!)}, Warn. up 0.2 pts, worse on the previous period ` +
        `(${percent(k.previous!)}). warn 5%, critical 8%.`,
    );
    const trend = root(el).getElementById('trend')!;
    expect(group.getAttribute('aria-describedby')).to.contain('trend');
    expect(trend.textContent).to.contain('Per day:').and.contain(percent(k.sparkline[0]!));
    expect(trend.textContent).to.contain(
      `highest ${percent(Math.max(...(k.sparkline as number[])))}`,
    );
    await expect(el).to.be.accessible();
  });

  it('reads better and worse from `better`, formats hours humanely and omits a null status', async () => {
    const mttr = await mount('mttr');
    // 5.19 h; 0.68 h less than before, and lower is better.
    expect(text(mttr, 'value')).to.equal('5 hr 11 min');
    expect(text(mttr, 'change')).to.equal('↓ down 41 min, better vs previous');
    expect(text(mttr, 'status')).to.equal('OK');
    // The warn threshold is the target itself: said once.
    expect(text(mttr, 'references')).to.equal('target 6 hr');

    const auto = await mount('autoResolveSuccess');
    expect(part(auto, 'status')).to.equal(null);
    expect(tile(auto).classList.contains('none')).to.equal(true);
    // Down is worse when higher is better.
    expect(text(auto, 'change')).to.equal('↓ down 3.8 pts, worse vs previous');
    expect(part(auto, 'references')).to.equal(null);

    const coverage = await mount('ownershipCoverage');
    expect(text(coverage, 'change')).to.equal('↑ up 2.1 pts, better vs previous');
    expect(part(coverage, 'change')?.classList.contains('better')).to.equal(true);
    expect(text(coverage, 'references')).to.equal('target 95%');
    await expect(coverage).to.be.accessible();
  });

  it('shares one request among five tiles with the same filters', async () => {
    const id = `kpi-row-${Math.random()}`;
    const row = place(
      html`${[
        'exceptionRate',
        'autoResolveSuccess',
        'ownershipCoverage',
        'throughputVsSlo',
        'mttr',
      ].map(
        (k) =>
          html`<cmdctr-kpi src=${`/element-api/count-${id}`} kpi=${k} locale="en"></cmdctr-kpi>`,
      )}`,
    );
    const tiles = [...row.querySelectorAll('cmdctr-kpi')];
    for (const t of tiles) await ready(t);
    expect(tiles.map((t) => text(t, 'label'))).to.deep.equal([
      'Exception rate',
      'Auto-resolve success',
      'Ownership coverage',
      'Throughput vs SLO',
      'Mean time to resolve',
    ]);
    expect(await hits(id)).to.equal(1);
    // A tile with other filters asks for its own answer.
    tiles[0]!.setAttribute('workflow', 'order_fulfillment_hold');
    await waitUntil(async () => (await hits(id)) === 2, 'no request for the other filters');
  });

  it('emits a cancelable cmdctr-drill on Enter, Space and click, and is reached by Tab', async () => {
    const data = await loadFixture();
    const host = place(
      html`<button id="before">before</button>
        <cmdctr-kpi src="" kpi="mttr" range="P7D" workflow="p2p_invoice_matching"></cmdctr-kpi>`,
    );
    const el = host.querySelector('cmdctr-kpi') as CmdctrKpi;
    await ready(el);
    (host.querySelector('#before') as HTMLButtonElement).focus();
    if (document.hasFocus()) await sendKeys({ press: 'Tab' });
    else tile(el).focus();
    expect(root(el).activeElement).to.equal(tile(el));
    const expected = {
      kpi: 'mttr',
      rowDimension: 'kpi',
      rowKey: 'mttr',
      workflow: 'p2p_invoice_matching',
      range: 'P7D',
      from: data.meta.filters.from,
      to: data.meta.filters.to,
    };
    setTimeout(() => void press(tile(el), 'Enter'));
    const enter = await oneEvent(el, 'cmdctr-drill');
    expect(enter.cancelable).to.equal(true);
    expect(enter.detail).to.deep.equal(expected);
    const scrollY = window.scrollY;
    setTimeout(() => void press(tile(el), 'Space'));
    const space = await oneEvent(el, 'cmdctr-drill');
    expect(space.detail).to.deep.equal(expected);
    expect(window.scrollY).to.equal(scrollY);
    let cancelled = false;
    el.addEventListener(
      'cmdctr-drill',
      (e) => {
        e.preventDefault();
        cancelled = e.defaultPrevented;
      },
      { once: true },
    );
    setTimeout(() => part(el, 'value')!.click());
    const click = await oneEvent(el, 'cmdctr-drill');
    expect(click.detail.kpi).to.equal('mttr');
    expect(cancelled).to.equal(true);
    // Other keys do nothing.
    let other = 0;
    el.addEventListener('cmdctr-drill', () => other++);
    await press(tile(el), 'a');
    expect(other).to.equal(0);
  });

  it('shows the empty state in words', async () => {
    VariantKpi.variant = { fixture: 'empty' };
    const el = await fixture<CmdctrKpi>(html`<test-kpi-variant src=""></test-kpi-variant>`);
    await settled(el);
    expect(text(el, 'empty')).to.equal('No figures in this range');
    expect(part(el, 'tile')).to.equal(null);
    expect(part(el, 'base')?.getAttribute('aria-label')).to.equal('Exception rate');
    await expect(el).to.be.accessible();
  });

  it('shows a tile with no data for one figure when others have data', async () => {
    RewriteKpi.rewrite = (body) => {
      const k = body.kpis.find((x) => x.id === 'throughputVsSlo')!;
      Object.assign(k, { value: null, change: null, status: null });
      k.sparkline = k.sparkline.map((v, i) => (i % 3 === 1 ? null : v));
    };
    const el = await fixture<CmdctrKpi>(
      html`<test-kpi-rewrite src="" kpi="throughputVsSlo" locale="en"></test-kpi-rewrite>`,
    );
    await ready(el);
    expect(text(el, 'value')).to.equal('–');
    expect(text(el, 'change')).to.equal('no previous period to compare vs previous');
    expect(tile(el).getAttribute('aria-label')).to.match(/^Throughput vs SLO: no data\./);
    // Nulls are gaps: more than one run in the path, lone values as dots.
    const spark = part(el, 'sparkline')!;
    expect(spark.querySelector('path.line')?.getAttribute('d')?.match(/M/g)?.length).to.be.above(1);
    expect(root(el).getElementById('trend')?.textContent).to.contain('without data');
    await expect(el).to.be.accessible();
  });

  it('shows the loading skeleton while a slow answer is on its way', async () => {
    const el = await fixture<CmdctrKpi>(
      html`<cmdctr-kpi src="/element-api/slow-1200"></cmdctr-kpi>`,
    );
    await waitUntil(() => part(el, 'skeleton'), 'no skeleton', { timeout: 3000 });
    expect(part(el, 'base')?.getAttribute('aria-busy')).to.equal('true');
    expect(part(el, 'base')?.getAttribute('aria-label')).to.equal('Exception rate');
    await expect(el).to.be.accessible();
    await ready(el);
    expect(part(el, 'skeleton')).to.equal(null);
  });

  it('shows the error with a retry button that fetches again', async () => {
    const el = await fixture<CmdctrKpi>(
      html`<cmdctr-kpi src="/element-api/status-500" kpi="mttr"></cmdctr-kpi>`,
    );
    await settled(el);
    const error = part(el, 'error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('Scenario error');
    expect(part(el, 'base')?.getAttribute('aria-label')).to.equal('Mean time to resolve');
    await expect(el).to.be.accessible();
    const before = await hits('500');
    (error.querySelector('[part=retry-button]') as HTMLButtonElement).click();
    await waitUntil(async () => (await hits('500')) > before, 'retry did not fetch');
  });

  it('keeps the last good tile on screen, marked stale, when a refresh fails', async () => {
    const id = `kpi-stale-${Math.random()}`;
    const el = await fixture<CmdctrKpi>(
      html`<cmdctr-kpi src=${`/element-api/flaky-${id}`} locale="en"></cmdctr-kpi>`,
    );
    await ready(el);
    tile(el).focus();
    await metricOf(el).refresh();
    await el.updateComplete;
    expect(part(el, 'stale')?.textContent).to.contain('Metrics store unavailable');
    expect(part(el, 'tile')).to.equal(tile(el));
    // The refresh kept the tile node, so focus stayed where it was.
    expect(root(el).activeElement).to.equal(tile(el));
    await expect(el).to.be.accessible();
  });

  it('renders hostile and huge strings as bounded, inert text', async () => {
    const hostile = `\u202e<script>window.__kpiPwned=1</script><img src=x onerror="window.__kpiPwned=2">`;
    RewriteKpi.rewrite = (body) => {
      for (const k of body.kpis) k.label = hostile + 'x'.repeat(10_000);
    };
    const host = place(html`<test-kpi-rewrite src="" locale="en"></test-kpi-rewrite>`, 160);
    const el = host.querySelector('test-kpi-rewrite') as CmdctrKpi;
    await ready(el);
    const r = root(el);
    expect(r.querySelector('script, img')).to.equal(null);
    const label = part(el, 'label')!;
    expect(label.textContent).to.contain('<script>');
    expect(label.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(label).textOverflow).to.equal('ellipsis');
    expect(label.scrollWidth).to.be.above(label.clientWidth);
    expect(el.getBoundingClientRect().width).to.equal(160);
    expect(tile(el).scrollWidth).to.be.at.most(tile(el).clientWidth);
    expect((window as unknown as { __kpiPwned?: number }).__kpiPwned).to.equal(undefined);
  });

  it('lays out at 160 px (sparkline below the value) and 320 px (beside it) without overflow', async () => {
    const narrow = await mount('exceptionRate', 160);
    const wide = await mount('exceptionRate', 320);
    for (const el of [narrow, wide]) {
      const t = tile(el);
      expect(t.scrollWidth, 'tile overflows').to.be.at.most(t.clientWidth);
      const box = t.getBoundingClientRect();
      for (const name of ['value', 'sparkline', 'change', 'references', 'status']) {
        const b = part(el, name)!.getBoundingClientRect();
        expect(b.right, `${name} leaves the tile`).to.be.at.most(box.right + 0.5);
      }
    }
    const box = (el: CmdctrKpi, name: string) => part(el, name)!.getBoundingClientRect();
    expect(box(narrow, 'sparkline').top).to.be.at.least(box(narrow, 'value').bottom - 0.5);
    expect(box(wide, 'sparkline').left).to.be.at.least(box(wide, 'value').right - 0.5);
    expect(box(wide, 'sparkline').width).to.be.above(60);
    // The "vs previous" words show only where there is room.
    expect(getComputedStyle(root(narrow).querySelector('.vs')!).display).to.equal('none');
    expect(getComputedStyle(root(wide).querySelector('.vs')!).display).to.equal('inline');
  });

  it('is readable in the dark theme and drops the sparkline animation for reduced motion', async () => {
    const el = await mount('exceptionRate');
    const light = getComputedStyle(part(el, 'status')!).color;
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'status')!).color).to.not.equal(light);
    await expect(el).to.be.accessible();
    const spark = part(el, 'sparkline')!;
    expect(getComputedStyle(spark).animationName).to.equal('kpi-in');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(getComputedStyle(spark).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('aborts its request on disconnect and leaves no stream or poll behind', async function () {
    // Twenty mounts and a poll interval of waiting: more than the default under a loaded machine.
    this.timeout(30000);
    RewriteKpi.delayMs = 400;
    const pending = await fixture<CmdctrKpi>(html`<test-kpi-rewrite src=""></test-kpi-rewrite>`);
    await waitUntil(() => RewriteKpi.signals.length > 0, 'no request started');
    pending.remove();
    expect(RewriteKpi.signals[0]!.aborted).to.equal(true);

    const id = `kpi-gone-${Math.random()}`;
    const src = `/element-api/count-${id}`;
    const client = clientFor({ baseUrl: src });
    const host = place(html``);
    for (let i = 0; i < 20; i++) {
      const el = document.createElement('cmdctr-kpi');
      el.setAttribute('src', src);
      el.setAttribute('live', '');
      el.setAttribute('refresh', '1');
      host.append(el);
      await el.updateComplete;
      expect(openStreamCount(client)).to.equal(1);
      if (i === 19) await ready(el);
      el.remove();
    }
    expect(openStreamCount(client)).to.equal(0);
    const after = await hits(id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await hits(id), 'a removed tile kept polling').to.equal(after);
  });
});
