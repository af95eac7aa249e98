import { css, html, type ReactiveElement, type TemplateResult } from 'lit';
import type { ExportKind } from './export.js';

let counter = 0;

/**
 * The "Export" menu button every chart shows in its toolbar (WAI-ARIA menu button pattern). The
 * menu is a popover in the top layer, so a host page's `overflow: hidden` never clips it; it is
 * placed with CSSOM, which a strict Content-Security-Policy allows. Enter, Space or ArrowDown on
 * the button open it on the first item, ArrowUp on the last; ArrowUp/ArrowDown (wrapping), Home
 * and End move; Escape closes it and Tab leaves it; choosing an item or Escape returns focus to
 * the button. The button carries `part="export-menu"`, the menu `part="export-menu-list"`.
 *
 * A closure rather than a class: private class members keep their names through minification,
 * and every chart entry pays for this menu.
 *
 * Usage: `#menu = exportMenu(this, (kind) => …)` in a field, `${this.#menu(kinds)}` in render.
 */
export function exportMenu(
  host: ReactiveElement,
  onSelect: (kind: ExportKind) => void,
): (kinds: readonly ExportKind[]) => TemplateResult {
  const id = `cmdctr-export-${++counter}`;
  let open = false;
  let first = true;
  const menu = () => host.renderRoot.querySelector<HTMLElement>(`#${id}`);
  const button = () => menu()?.previousElementSibling as HTMLElement | null | undefined;
  const items = () => [...(menu()?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
  const hide = () => {
    if (open) menu()?.hidePopover();
  };
  const close = () => {
    hide();
    button()?.focus();
  };
  // Leaving the document hides a popover without a toggle event, so aria-expanded is corrected
  // here. The re-render waits for reconnection: an update while disconnected would let other
  // controllers (the data stream) start again.
  let reopened = false;
  host.addController({
    hostDisconnected: () => {
      reopened = open;
      open = false;
    },
    hostConnected: () => {
      if (reopened) host.requestUpdate();
    },
  });

  const onToggle = (event: ToggleEvent) => {
    open = event.newState === 'open';
    host.requestUpdate();
    const list = menu();
    const box = button()?.getBoundingClientRect();
    if (!open || !list || !box) return;
    // Below the button, right edges aligned, kept inside the viewport.
    list.style.setProperty('top', `${Math.round(box.bottom + 4)}px`);
    list.style.setProperty('left', `${Math.round(Math.max(8, box.right - list.offsetWidth))}px`);
    const all = items();
    (first ? all[0] : all.at(-1))?.focus();
    first = true;
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    first = event.key === 'ArrowDown';
    menu()?.showPopover();
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const all = items();
    const n = all.length;
    const at = all.indexOf(event.target as HTMLElement);
    const next = { ArrowDown: (at + 1) % n, ArrowUp: (at + n - 1) % n, Home: 0, End: n - 1 }[
      event.key
    ];
    // Tab leaves the menu for the next control; the closed popover must not keep it.
    if (event.key === 'Tab') hide();
    if (event.key === 'Escape') close();
    else if (next === undefined) return;
    else all[next]?.focus();
    event.preventDefault();
  };

  const onItem = (event: Event) => {
    const kind = (event.target as HTMLElement).closest<HTMLElement>('[data-kind]')?.dataset.kind;
    if (!kind) return;
    close();
    onSelect(kind as ExportKind);
  };

  return (kinds) =>
    html`<button
        part="export-menu"
        type="button"
        aria-haspopup="menu"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${id}
        popovertarget=${id}
        @keydown=${onButtonKey}
      >
        Export
      </button>
      <div
        id=${id}
        part="export-menu-list"
        class="export-menu"
        role="menu"
        aria-label="Export"
        popover="auto"
        @toggle=${onToggle}
        @keydown=${onMenuKey}
        @click=${onItem}
      >
        ${kinds.map(
          (kind) =>
            html`<button role="menuitem" type="button" tabindex="-1" data-kind=${kind}>
              Download ${kind.toUpperCase()}
            </button>`,
        )}
      </div>`;
}

export const exportMenuStyles = css`
  /* The chart toolbar: the Table toggle, this menu and any chart-specific controls. */
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  .export-menu {
    position: fixed;
    inset: auto;
    margin: 0;
    padding: 0.286em;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-raised);
    color: var(--_color-text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.16);
  }
  .export-menu:popover-open {
    display: grid;
  }
  .export-menu button {
    border-color: transparent;
    text-align: start;
  }
  .export-menu button:focus {
    border-color: var(--_color-focus);
  }
`;
