import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { argAttributes } from './arg-attributes.js';

describe('argAttributes (story helper)', () => {
  it('sets, replaces and removes attributes and event listeners from story args', () => {
    const seen: string[] = [];
    const first = (e: Event) => seen.push(`first ${e.type}`);
    const second = (e: Event) => seen.push(`second ${e.type}`);
    // Not open-wc's fixture(): it waits for a frame, which a background tab never paints.
    const host = document.createElement('div');
    const draw = (args: object) => render(html`<span ${argAttributes(args)}></span>`, host);
    draw({ workflow: 'p2p', 'chart-height': 240, live: true, label: '', onCmdctrDrill: first });
    const el = host.querySelector('span')!;
    expect(el.getAttribute('workflow')).to.equal('p2p');
    expect(el.getAttribute('chart-height')).to.equal('240');
    expect(el.getAttribute('live')).to.equal('');
    expect(el.hasAttribute('label')).to.equal(false);
    el.dispatchEvent(new Event('cmdctr-drill'));
    draw({ workflow: undefined, live: false, label: 'x', onCmdctrDrill: second });
    expect(host.querySelector('span')).to.equal(el);
    expect(el.hasAttribute('workflow')).to.equal(false);
    expect(el.hasAttribute('live')).to.equal(false);
    expect(el.getAttribute('label')).to.equal('x');
    el.dispatchEvent(new Event('cmdctr-drill'));
    expect(seen).to.deep.equal(['first cmdctr-drill', 'second cmdctr-drill']);
  });
});
