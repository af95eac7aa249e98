import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { ExceptionMatrixResponseSchema, type ExceptionMatrixResponse } from '@cmdctr/contract';
import { CmdctrElement } from './cmdctr-element.js';
import { MetricController, SKELETON_DELAY_MS } from './metric-controller.js';
import { renderState } from './states.js';
import { defineElement } from './define-element.js';
import '../config/define.js';

/** The smallest real element on the base: one metric, every state through renderState. */
class BaseProbe extends CmdctrElement {
  readonly data = new MetricController<ExceptionMatrixResponse>(this, {
    path: '/v1/metrics/exceptions',
    schema: ExceptionMatrixResponseSchema,
    query: () => this.commonQuery(),
    isEmpty: (d) => d.rows.length === 0,
    metric: 'exceptions',
  });

  protected override render() {
    return renderState(this.data, {
      label: 'Probe',
      emptyText: 'No exceptions in this range',
      fmt: this.fmt,
      content: (d) => litHtml`<p part="chart">${d.rows.length} rows</p>`,
    });
  }
}
defineElement('cmdctr-base-probe', BaseProbe);

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-base-probe': BaseProbe;
  }
}

const shadow = (el: Element) => el.shadowRoot!;
const settled = (el: BaseProbe) =>
  waitUntil(() => !el.data.loading && el.data.status !== 'idle', 'never settled', {
    timeout: 8000,
  });

describe('MetricController', () => {
  it('loads the contract resource and renders its content', async () => {
    const el = await fixture<BaseProbe>(
      html`<cmdctr-base-probe src="" workflow="p2p_invoice_matching"></cmdctr-base-probe>`,
    );
    await settled(el);
    expect(el.data.status).to.equal('ready');
    expect(shadow(el).querySelector('[part=chart]')?.textContent).to.match(/\d+ rows/);
    expect(el.data.response?.serverTime).to.be.a('number');
    await expect(el).to.be.accessible();
  });

  it('reload() fetches the data again, past the cache, after the host renewed its token', async () => {
    const id = `reload-${Date.now()}`;
    const el = await fixture<BaseProbe>(
      html`<cmdctr-base-probe src=${`/element-api/count-${id}`}></cmdctr-base-probe>`,
    );
    await settled(el);
    const hits = async () =>
      ((await (await fetch(`/element-api/hits/${id}`)).json()) as { hits: number }).hits;
    const before = await hits();
    await el.reload();
    expect(await hits()).to.equal(before + 1);
    expect(el.data.status).to.equal('ready');
  });

  it('shows no skeleton on fast answers and one after the delay on slow ones', async () => {
    const fast = await fixture<BaseProbe>(
      html`<cmdctr-base-probe src="/element-api/ok"></cmdctr-base-probe>`,
    );
    await settled(fast);
    expect(shadow(fast).querySelector('[part=skeleton]')).to.equal(null);

    const slow = await fixture<BaseProbe>(
      html`<cmdctr-base-probe src="/element-api/slow-1500"></cmdctr-base-probe>`,
    );
    expect(shadow(slow).querySelector('[part=skeleton]')).to.equal(null);
    await new Promise((r) => setTimeout(r, SKELETON_DELAY_MS + 150));
    await slow.updateComplete;
    expect(shadow(slow).querySelector('[part=skeleton]')).to.not.equal(null);
    expect(shadow(slow).querySelector('[part=base]')?.getAttribute('aria-busy')).to.equal('true');
    await expect(slow).to.be.accessible();
    await settled(slow);
    expect(shadow(slow).querySelector('[part=skeleton]')).to.equal(null);
  });

  it('shows the problem title and a retry button on error, and emits cmdctr-error', async () => {
    const el = document.createElement('cmdctr-base-probe');
    el.src = '/element-api/status-503';
    const event = oneEvent(el, 'cmdctr-error');
    document.body.append(el);
    const { detail } = await event;
    expect(detail.error.kind).to.equal('server');
    expect(detail.stale).to.equal(false);
    await settled(el);
    const error = shadow(el).querySelector('[part=error]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('Scenario error');
    expect(error.querySelector('button')?.textContent).to.equal('Retry');
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('says "not permitted" on 403 and offers no retry loop', async () => {
    const el = await fixture<BaseProbe>(
      html`<cmdctr-base-probe src="/element-api/status-403" refresh="1"></cmdctr-base-probe>`,
    );
    await settled(el);
    const error = shadow(el).querySelector('[part=error]')!;
    expect(error.textContent).to.contain('Not permitted');
    expect(error.querySelector('button')).to.equal(null);
  });

  it('emits cmdctr-auth-required on 401', async () => {
    const el = document.createElement('cmdctr-base-probe');
    el.src = '/element-api/status-401';
    const event = oneEvent(el, 'cmdctr-auth-required');
    document.body.append(el);
    expect((await event).detail.status).to.equal(401);
    el.remove();
  });

  it('turns a body that breaks the contract into a clear error', async () => {
    const el = await fixture<BaseProbe>(
      html`<cmdctr-base-probe src="/element-api/malformed"></cmdctr-base-probe>`,
    );
    await settled(el);
    expect(el.data.error?.kind).to.equal('invalid-response');
    expect(shadow(el).querySelector('[part=error]')?.textContent).to.contain('cannot read');
  });

  it('keeps the last good data on screen, marked stale, when a refresh fails; retry recovers', async () => {
    const id = `stale-${Math.random()}`;
    const el = await fixture<BaseProbe>(
      html`<cmdctr-base-probe src=${`/element-api/flaky-${id}`}></cmdctr-base-probe>`,
    );
    await settled(el);
    expect(el.data.status).to.equal('ready');
    await el.data.refresh();
    await el.updateComplete;
    expect(el.data.stale).to.equal(true);
    expect(shadow(el).querySelector('[part=chart]')).to.not.equal(null);
    const stale = shadow(el).querySelector('[part=stale]')!;
    expect(stale.textContent).to.contain('Metrics store unavailable');
    await expect(el).to.be.accessible();
  });

  it('renders the empty state as words, not a blank box', async () => {
    const el = await fixture<BaseProbe>(html`<cmdctr-base-probe src=""></cmdctr-base-probe>`);
    await settled(el);
    // Force an empty answer through the fixture server's variant.
    el.data['options'].query = () => ({ ...el['commonQuery'](), fixture: 'empty' });
    await el.data.refresh();
    await el.updateComplete;
    expect(el.data.status).to.equal('empty');
    expect(shadow(el).querySelector('[part=empty]')?.textContent).to.equal(
      'No exceptions in this range',
    );
  });

  it('refetches when a query attribute changes and polls every `refresh` seconds', async () => {
    const id = `poll-${Math.random()}`;
    const el = await fixture<BaseProbe>(
      html`<cmdctr-base-probe src=${`/element-api/count-${id}`}></cmdctr-base-probe>`,
    );
    await settled(el);
    const hits = async () => (await (await fetch(`/element-api/hits/${id}`)).json()).hits as number;
    expect(await hits()).to.equal(1);
    el.workflow = 'order_fulfillment_hold';
    await waitUntil(async () => (await hits()) === 2, 'no refetch on attribute change');
    el.refresh = 1;
    await el.data.refresh();
    await waitUntil(async () => (await hits()) >= 4, 'no polling', { timeout: 4000 });
  });

  it('aborts and stops every timer on disconnect', async () => {
    const id = `gone-${Math.random()}`;
    const el = await fixture<BaseProbe>(
      html`<cmdctr-base-probe refresh="1" src=${`/element-api/count-${id}`}></cmdctr-base-probe>`,
    );
    await settled(el);
    el.remove();
    const before = (await (await fetch(`/element-api/hits/${id}`)).json()).hits as number;
    await new Promise((r) => setTimeout(r, 1600));
    const after = (await (await fetch(`/element-api/hits/${id}`)).json()).hits as number;
    expect(after).to.equal(before);
  });
});

describe('<cmdctr-config>', () => {
  it('gives its elements the API, locale, time zone and theme; own attributes win', async () => {
    const root = await fixture(
      html`<cmdctr-config
        src="/element-api/ok"
        locale="de-DE"
        tz="Asia/Tokyo"
        theme="dark"
        workflow="p2p_invoice_matching"
      >
        <cmdctr-base-probe id="inherits"></cmdctr-base-probe>
        <cmdctr-base-probe id="own" theme="light" tz="UTC" src=""></cmdctr-base-probe>
      </cmdctr-config>`,
    );
    const inherits = root.querySelector<BaseProbe>('#inherits')!;
    const own = root.querySelector<BaseProbe>('#own')!;
    await settled(inherits);
    await settled(own);
    expect(inherits.config.locale).to.equal('de-DE');
    expect(inherits.fmt.timeZone).to.equal('Asia/Tokyo');
    expect(inherits.dataset.theme).to.equal('dark');
    expect(inherits.data.response).to.not.equal(undefined);
    expect(inherits.client.url('/v1/x')).to.contain('/element-api/ok/v1/x');
    expect(own.dataset.theme).to.equal('light');
    expect(own.fmt.timeZone).to.equal('UTC');
    expect(own.client.url('/v1/x')).to.not.contain('element-api');
    // The dark theme really changes the resolved colours.
    const surface = (el: Element) =>
      getComputedStyle(el).getPropertyValue('--_color-surface').trim();
    expect(surface(inherits)).to.not.equal(surface(own));
  });

  it('sends the ServiceNow session token as X-UserToken', async () => {
    window.g_ck = 'portal-session-token';
    const root = await fixture(
      html`<cmdctr-config src="" auth="servicenow"
        ><cmdctr-base-probe></cmdctr-base-probe
      ></cmdctr-config>`,
    );
    const config = root as HTMLElementTagNameMap['cmdctr-config'];
    const client = (config as unknown as { provided: { client: { url(p: string): string } } })
      .provided.client;
    expect(client).to.not.equal(undefined);
    const seen: Record<string, string> = {};
    const original = window.fetch;
    window.fetch = async (input, init) => {
      new Headers(init?.headers).forEach((v, k) => (seen[k] = v));
      return original(input, init);
    };
    try {
      const probe = root.querySelector<BaseProbe>('cmdctr-base-probe')!;
      await settled(probe);
      await probe.data.refresh();
    } finally {
      window.fetch = original;
      delete window.g_ck;
    }
    expect(seen['x-usertoken']).to.equal('portal-session-token');
  });
});
