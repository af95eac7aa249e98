import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { styleProps } from './style-props.js';

/** A mounted host; no animation frame needed (background test pages get none). */
function mount(): HTMLDivElement {
  const host = document.createElement('div');
  document.body.append(host);
  return host;
}

describe('styleProps', () => {
  afterEach(() => document.querySelectorAll('body > div:not([id])').forEach((e) => e.remove()));

  it('sets styles through CSSOM on the first render (no style attribute text from the template)', () => {
    const host = mount();
    // A strict CSP blocks style attributes written as text; CSSOM writes never call setAttribute.
    const written: string[] = [];
    const original = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name: string, value: string) {
      written.push(name);
      original.call(this, name, value);
    };
    try {
      render(
        html`<span
          ${styleProps({ left: '4px', '--cmdctr-x': 'red', marginTop: 2 + 'px' })}
        ></span>`,
        host,
      );
    } finally {
      Element.prototype.setAttribute = original;
    }
    expect(written).to.not.include('style');
    const span = host.querySelector('span')!;
    expect(span.style.getPropertyValue('left')).to.equal('4px');
    expect(span.style.getPropertyValue('--cmdctr-x')).to.equal('red');
    expect(span.style.getPropertyValue('margin-top')).to.equal('2px');
  });
  it('removes properties that are no longer given', () => {
    const host = mount();
    const draw = (props: Record<string, string | undefined>) =>
      render(html`<span ${styleProps(props)}></span>`, host);
    draw({ left: '4px', top: '1px' });
    draw({ left: '5px', top: undefined });
    const span = host.querySelector('span')!;
    expect(span.style.getPropertyValue('left')).to.equal('5px');
    expect(span.style.getPropertyValue('top')).to.equal('');
  });
  it('refuses to be used anywhere but as an element binding', () => {
    const host = mount();
    expect(() => render(html`<span title=${styleProps({})}></span>`, host)).to.throw(
      /element binding/,
    );
  });
});
