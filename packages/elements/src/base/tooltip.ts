import {
  css,
  render,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';

/**
 * A tooltip in the browser's top layer (Popover API), so a host page's `overflow: hidden`
 * containers and stacking contexts never clip it. Positioned with CSSOM (`style.setProperty`),
 * which a strict Content-Security-Policy allows, unlike inline style attributes.
 *
 * Usage: create in the element's constructor, call `attach(renderRoot)` once from
 * `firstUpdated`, `show(content, anchorRect)` on hover or focus, `hide()` after.
 */
export class Tooltip implements ReactiveController {
  #element: HTMLDivElement | undefined;
  readonly #id: string;
  static #counter = 0;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
    this.#id = `cmdctr-tooltip-${++Tooltip.#counter}`;
  }

  /** The tooltip's id, for `aria-describedby` on the element it describes. */
  get tooltipId(): string {
    return this.#id;
  }

  get open(): boolean {
    return this.#element?.matches(':popover-open') ?? false;
  }

  attach(root: ShadowRoot | HTMLElement | DocumentFragment): void {
    if (this.#element) return;
    const element = document.createElement('div');
    element.setAttribute('popover', 'manual');
    element.setAttribute('role', 'tooltip');
    element.setAttribute('part', 'tooltip');
    element.className = 'tooltip';
    element.id = this.#id;
    root.appendChild(element);
    this.#element = element;
  }

  /** Shows `content` next to `anchor` (viewport coordinates), flipping to stay on screen. */
  show(
    content: TemplateResult,
    anchor: { x: number; y: number; width?: number; height?: number },
  ): void {
    const element = this.#element;
    if (!element) return;
    render(content, element);
    if (!this.open) element.showPopover();
    const gap = 8;
    const box = element.getBoundingClientRect();
    const right = anchor.x + (anchor.width ?? 0);
    const bottom = anchor.y + (anchor.height ?? 0);
    let left = right + gap;
    if (left + box.width > window.innerWidth - gap)
      left = Math.max(gap, anchor.x - box.width - gap);
    let top = bottom + gap;
    if (top + box.height > window.innerHeight - gap)
      top = Math.max(gap, anchor.y - box.height - gap);
    element.style.setProperty('left', `${Math.round(left)}px`);
    element.style.setProperty('top', `${Math.round(top)}px`);
  }

  hide(): void {
    if (this.open) this.#element?.hidePopover();
  }

  hostDisconnected(): void {
    this.hide();
  }
}

export const tooltipStyles = css`
  .tooltip {
    position: fixed;
    inset: auto;
    margin: 0;
    max-width: min(25.143em, calc(100vw - 16px));
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-raised);
    color: var(--_color-text);
    font: inherit;
    font-size: 0.929em;
    line-height: 1.4;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.16);
    pointer-events: none;
    overflow-wrap: anywhere;
  }
`;
