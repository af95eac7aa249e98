import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { cssText } from './css-text.js';

/** A mounted host; no animation frame needed (background test pages get none). */
function mount(): HTMLDivElement {
  const host = document.createElement('div');
  document.body.append(host);
  return host;
}

describe('cssText', () => {
  afterEach(() => document.querySelectorAll('body > div:not([id])').forEach((e) => e.remove()));

  it('sets styles through the CSSOM on the first render (no style attribute text)', () => {
    const host = mount();
    // A strict CSP blocks style attributes written as text; CSSOM writes never call setAttribute.
    const written: string[] = [];
    const original = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name: string, value: string) {
      written.push(name);
      original.call(this, name, value);
    };
    try {
      render(html`<span .style=${cssText('left:4px;--cmdctr-x:red;margin-top:2px')}></span>`, host);
    } finally {
      Element.prototype.setAttribute = original;
    }
    expect(written).to.not.include('style');
    const span = host.querySelector('span')!;
    expect(span.style.getPropertyValue('left')).to.equal('4px');
    expect(span.style.getPropertyValue('--cmdctr-x')).to.equal('red');
    expect(span.style.getPropertyValue('margin-top')).to.equal('2px');
  });

  it('replaces the whole inline style on the next render', () => {
    const host = mount();
    const draw = (text: string) => render(html`<span .style=${cssText(text)}></span>`, host);
    draw('left:4px;top:1px');
    draw('left:5px');
    const span = host.querySelector('span')!;
    expect(span.style.getPropertyValue('left')).to.equal('5px');
    expect(span.style.getPropertyValue('top')).to.equal('');
  });
});
