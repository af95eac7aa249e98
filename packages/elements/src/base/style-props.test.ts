import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import { styleProps } from './style-props.js';

describe('styleProps', () => {
  it('sets styles through CSSOM on the first render (no style attribute text from the template)', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    render(
      html`<span ${styleProps({ left: '4px', '--cmdctr-x': 'red', marginTop: 2 + 'px' })}></span>`,
      host,
    );
    const span = host.querySelector('span')!;
    expect(span.style.getPropertyValue('left')).to.equal('4px');
    expect(span.style.getPropertyValue('--cmdctr-x')).to.equal('red');
    expect(span.style.getPropertyValue('margin-top')).to.equal('2px');
  });
  it('removes properties that are no longer given', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const draw = (props: Record<string, string | undefined>) =>
      render(html`<span ${styleProps(props)}></span>`, host);
    draw({ left: '4px', top: '1px' });
    draw({ left: '5px', top: undefined });
    const span = host.querySelector('span')!;
    expect(span.style.getPropertyValue('left')).to.equal('5px');
    expect(span.style.getPropertyValue('top')).to.equal('');
  });
  it('refuses to be used anywhere but as an element binding', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    expect(() => render(html`<span title=${styleProps({})}></span>`, host)).to.throw(
      /element binding/,
    );
  });
});
