import { nothing } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

/** `onCmdctrDrill` → `cmdctr-drill`: the action arg of an event, as Storybook names it. */
const eventName = (arg: string) =>
  arg
    .slice(2)
    .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    .slice(1);

/**
 * Puts story args on the element as attributes (empty strings, `undefined` and `false` remove
 * them; `true` sets a boolean attribute) and `on*` function args as event listeners, so a story's
 * render is one line and the Controls panel drives every attribute the same way.
 */
class ArgsDirective extends Directive {
  #listeners = new Map<string, EventListener>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('argAttributes() belongs on an element');
  }

  override render(_args: object) {
    return nothing;
  }

  override update(part: ElementPart, [args]: [object]) {
    const element = part.element;
    for (const [key, value] of Object.entries(args)) {
      if (/^on[A-Z]/.test(key)) {
        const type = eventName(key);
        const old = this.#listeners.get(type);
        if (old) element.removeEventListener(type, old);
        if (typeof value === 'function') {
          element.addEventListener(type, value as EventListener);
          this.#listeners.set(type, value as EventListener);
        }
      } else if (value === undefined || value === '' || value === false) {
        element.removeAttribute(key);
      } else {
        element.setAttribute(key, value === true ? '' : String(value));
      }
    }
    return nothing;
  }
}

export const argAttributes = directive(ArgsDirective);
