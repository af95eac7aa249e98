import { expect, waitUntil } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { exportMenu, exportMenuStyles } from './export-menu.js';
import type { ExportKind } from './export.js';
import { themeStyles } from './theme.js';

class MenuProbe extends LitElement {
  static override styles = [themeStyles, exportMenuStyles];
  chosen: ExportKind[] = [];
  kinds: ExportKind[] = ['csv', 'svg', 'png'];
  readonly menu = exportMenu(this, (kind) => this.chosen.push(kind));
  protected override render() {
    return html`<div role="region" aria-label="Probe">
      <button type="button">Before</button>${this.menu(this.kinds)}<button type="button">
        After
      </button>
    </div>`;
  }
}
customElements.define('export-menu-probe', MenuProbe);

const mounted: Element[] = [];
async function mount(): Promise<MenuProbe> {
  const el = document.createElement('export-menu-probe') as MenuProbe;
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}
const parts = (el: MenuProbe) => {
  const root = el.shadowRoot!;
  return {
    button: root.querySelector<HTMLButtonElement>('[part=export-menu]')!,
    menu: root.querySelector<HTMLElement>('[role=menu]')!,
    items: [...root.querySelectorAll<HTMLElement>('[role=menuitem]')],
    focused: () => root.activeElement,
  };
};
const key = (target: Element, k: string) =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }),
  );
const isOpen = (menu: HTMLElement) => menu.matches(':popover-open');

describe('exportMenu', () => {
  afterEach(() => mounted.splice(0).forEach((e) => e.remove()));

  it('renders a closed menu button with the menu pattern ARIA, axe-clean', async () => {
    const el = await mount();
    const { button, menu, items } = parts(el);
    expect(button.getAttribute('aria-haspopup')).to.equal('menu');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.getAttribute('aria-controls')).to.equal(menu.id);
    expect(menu.getAttribute('popover')).to.equal('auto');
    expect(isOpen(menu)).to.equal(false);
    expect(items.map((i) => i.textContent?.trim())).to.deep.equal([
      'Download CSV',
      'Download SVG',
      'Download PNG',
    ]);
    expect(items.every((i) => i.getAttribute('tabindex') === '-1')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('opens in the top layer from a click, focuses the first item, is axe-clean open', async () => {
    const el = await mount();
    const { button, menu, items, focused } = parts(el);
    button.click();
    await waitUntil(() => focused() === items[0], 'first item never focused');
    expect(isOpen(menu)).to.equal(true);
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    // Placed under the button by CSSOM, never by a style attribute a strict CSP would block.
    const box = button.getBoundingClientRect();
    expect(Math.round(menu.getBoundingClientRect().top)).to.equal(Math.round(box.bottom + 4));
    await expect(el).to.be.accessible();
  });

  it('moves with arrows (wrapping), Home and End; Escape closes and returns focus', async () => {
    const el = await mount();
    const { button, menu, items, focused } = parts(el);
    button.focus();
    key(button, 'ArrowDown');
    await waitUntil(() => focused() === items[0], 'ArrowDown did not open on the first item');
    key(items[0]!, 'ArrowDown');
    expect(focused()).to.equal(items[1]);
    key(items[1]!, 'End');
    expect(focused()).to.equal(items[2]);
    key(items[2]!, 'ArrowDown');
    expect(focused()).to.equal(items[0]);
    key(items[0]!, 'ArrowUp');
    expect(focused()).to.equal(items[2]);
    key(items[2]!, 'Home');
    expect(focused()).to.equal(items[0]);
    key(items[0]!, 'Escape');
    expect(isOpen(menu)).to.equal(false);
    expect(focused()).to.equal(button);
    await waitUntil(() => button.getAttribute('aria-expanded') === 'false', 'still expanded');
    // ArrowUp opens on the last item.
    key(button, 'ArrowUp');
    await waitUntil(() => focused() === items[2], 'ArrowUp did not open on the last item');
    // Tab closes the menu without keeping the key from moving focus on.
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    items[2]!.dispatchEvent(tab);
    expect(tab.defaultPrevented).to.equal(false);
    expect(isOpen(menu)).to.equal(false);
  });

  it('choosing an item closes the menu, returns focus and reports the format', async () => {
    const el = await mount();
    const { button, menu, items, focused } = parts(el);
    button.click();
    await waitUntil(() => focused() === items[0], 'never opened');
    items[2]!.click();
    expect(el.chosen).to.deep.equal(['png']);
    expect(isOpen(menu)).to.equal(false);
    expect(focused()).to.equal(button);
  });

  it('offers only the formats given', async () => {
    const el = await mount();
    el.kinds = ['csv', 'png'];
    el.requestUpdate();
    await el.updateComplete;
    expect(parts(el).items.map((i) => i.dataset.kind)).to.deep.equal(['csv', 'png']);
  });

  it('reads closed again after the host left the page and came back', async () => {
    const el = await mount();
    const { button, menu, items, focused } = parts(el);
    button.click();
    await waitUntil(() => focused() === items[0], 'never opened');
    el.remove();
    document.body.append(el);
    await el.updateComplete;
    expect(isOpen(menu)).to.equal(false);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
  });
});
