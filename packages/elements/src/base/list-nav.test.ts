import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { focusMove, moveIndex } from './list-nav.js';

describe('list-nav', () => {
  it('moves with arrows, Home and End, clamped at the ends', () => {
    expect(moveIndex(0, 'ArrowRight', 4)).to.equal(1);
    expect(moveIndex(0, 'ArrowDown', 4)).to.equal(1);
    expect(moveIndex(0, 'ArrowLeft', 4)).to.equal(0);
    expect(moveIndex(2, 'ArrowUp', 4)).to.equal(1);
    expect(moveIndex(3, 'ArrowRight', 4)).to.equal(3);
    expect(moveIndex(1, 'End', 4)).to.equal(3);
    expect(moveIndex(3, 'Home', 4)).to.equal(0);
    expect(moveIndex(1, 'a', 4)).to.equal(null);
  });

  it('focuses the next item, keeps one Tab stop when roving, and ignores other keys', () => {
    // Rendered by hand: open-wc's fixture() waits for a frame, which a background tab never paints.
    const list = document.createElement('ul');
    render(
      html`<li><button>a</button></li>
        <li><button>b</button></li>
        <li><button>c</button></li>`,
      list,
    );
    document.body.append(list);
    const items = [...list.querySelectorAll('button')];
    const press = (target: HTMLElement, key: string, roving = false) => {
      const event = new KeyboardEvent('keydown', { key, cancelable: true });
      Object.defineProperty(event, 'target', { value: target });
      return [focusMove(event, items, roving), event.defaultPrevented] as const;
    };
    items[0]!.focus();
    expect(press(items[0]!, 'End', true)).to.deep.equal([items[2], true]);
    expect(document.activeElement).to.equal(items[2]);
    expect(items.map((i) => i.tabIndex)).to.deep.equal([-1, -1, 0]);
    expect(press(items[2]!, 'ArrowUp')).to.deep.equal([items[1], true]);
    expect(document.activeElement).to.equal(items[1]);
    expect(press(items[1]!, 'x')).to.deep.equal([null, false]);
    expect(press(list, 'ArrowDown')).to.deep.equal([null, false]);
    expect(document.activeElement).to.equal(items[1]);
    list.remove();
  });
});
