import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ContextConsumer, ContextProvider, createContext } from '@lit/context';
import { CmdctrElement } from './cmdctr-element.js';
import { configContext, provideConfig, type CmdctrConfig } from './config-context.js';
import { defineElement } from './define-element.js';
import '../config/define.js';

// The base speaks the context protocol by hand; these tests hold it to what `@lit/context`
// does, since a page may mix our elements with another copy of the library that uses it.

/** A data-less element on the base: only the inherited settings matter here. */
class ContextProbe extends CmdctrElement {}
defineElement('cmdctr-context-probe', ContextProbe);

/** Another copy of the library: `@lit/context`'s provider with the same `Symbol.for` key. */
class ForeignProvider extends LitElement {
  readonly provider = new ContextProvider(this, {
    context: createContext<CmdctrConfig | undefined>(Symbol.for('cmdctr-config')),
  });
}
defineElement('cmdctr-foreign-provider', ForeignProvider);

/** Another copy's consumer, subscribed like ours. */
class ForeignConsumer extends LitElement {
  received: CmdctrConfig | undefined;
  readonly consumer = new ContextConsumer(this, {
    context: configContext,
    subscribe: true,
    callback: (value) => {
      this.received = value;
    },
  });
}
defineElement('cmdctr-foreign-consumer', ForeignConsumer);

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-context-probe': ContextProbe;
    'cmdctr-foreign-provider': ForeignProvider;
    'cmdctr-foreign-consumer': ForeignConsumer;
    'cmdctr-late-provider': LateProvider;
  }
}

/** A provider of ours that upgrades after the elements inside it have subscribed elsewhere. */
class LateProvider extends LitElement {
  readonly provider = provideConfig(this);
}

describe('config context', () => {
  it('receives settings from another copy’s @lit/context provider, and their changes', async () => {
    const root = await fixture<ForeignProvider>(
      html`<cmdctr-foreign-provider
        ><cmdctr-context-probe></cmdctr-context-probe
      ></cmdctr-foreign-provider>`,
    );
    const probe = root.querySelector<ContextProbe>('cmdctr-context-probe')!;
    root.provider.setValue({ theme: 'dark', tz: 'Asia/Tokyo' });
    await probe.updateComplete;
    expect(probe.config.tz).to.equal('Asia/Tokyo');
    expect(probe.dataset.theme).to.equal('dark');
    root.provider.setValue({ theme: 'light' });
    await probe.updateComplete;
    expect(probe.dataset.theme).to.equal('light');
  });

  it('answers another copy’s @lit/context consumer from <cmdctr-config>', async () => {
    const root = await fixture(
      html`<cmdctr-config tz="Europe/Berlin"
        ><cmdctr-foreign-consumer></cmdctr-foreign-consumer
      ></cmdctr-config>`,
    );
    const consumer = root.querySelector<ForeignConsumer>('cmdctr-foreign-consumer')!;
    expect(consumer.received?.tz).to.equal('Europe/Berlin');
    root.setAttribute('tz', 'UTC');
    await (root as LitElement).updateComplete;
    expect(consumer.received?.tz).to.equal('UTC');
  });

  it('stops following the config once disconnected, and follows it again when back', async () => {
    const root = await fixture(
      html`<cmdctr-config tz="Europe/Berlin"
        ><cmdctr-context-probe></cmdctr-context-probe
      ></cmdctr-config>`,
    );
    const config = root as HTMLElementTagNameMap['cmdctr-config'];
    const probe = root.querySelector<ContextProbe>('cmdctr-context-probe')!;
    expect(probe.inheritedConfig?.tz).to.equal('Europe/Berlin');
    probe.remove();
    config.tz = 'Asia/Tokyo';
    await config.updateComplete;
    expect(probe.inheritedConfig?.tz).to.equal('Europe/Berlin');
    config.append(probe);
    expect(probe.inheritedConfig?.tz).to.equal('Asia/Tokyo');
  });

  it('hands its subscribers to a nearer provider that upgrades later', async () => {
    const root = await fixture(
      html`<cmdctr-config tz="Europe/Berlin"
        ><cmdctr-late-provider><cmdctr-context-probe></cmdctr-context-probe></cmdctr-late-provider
      ></cmdctr-config>`,
    );
    const config = root as HTMLElementTagNameMap['cmdctr-config'];
    const probe = root.querySelector<ContextProbe>('cmdctr-context-probe')!;
    expect(probe.inheritedConfig?.tz).to.equal('Europe/Berlin');
    defineElement('cmdctr-late-provider', LateProvider);
    const late = root.querySelector('cmdctr-late-provider') as LateProvider;
    late.provider.setValue({ tz: 'America/Chicago' });
    expect(probe.inheritedConfig?.tz).to.equal('America/Chicago');
    // The outer config no longer reaches the element it handed over.
    config.tz = 'Asia/Tokyo';
    await config.updateComplete;
    expect(probe.inheritedConfig?.tz).to.equal('America/Chicago');
  });
});
