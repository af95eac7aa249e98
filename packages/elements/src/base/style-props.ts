import { noChange, type ElementPart } from 'lit';
import { Directive, directive, PartType, type PartInfo } from 'lit/directive.js';

export type StyleProps = Readonly<Record<string, string | number | null | undefined>>;

/**
 * Sets inline styles through CSSOM (`style.setProperty`) on every render, the first one
 * included. Lit's `styleMap` writes a `style="…"` attribute on first render, which a strict
 * Content-Security-Policy (`style-src 'self'`, no `'unsafe-inline'`) blocks; CSSOM writes are
 * allowed. Use it as an element binding: `<div ${styleProps({ left: '4px' })}>`.
 */
class StylePropsDirective extends Directive {
  #previous = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) {
      throw new Error('styleProps() must be used as an element binding: <div ${styleProps(…)}>');
    }
  }

  render(_props: StyleProps): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [props]: [StyleProps]): typeof noChange {
    const style = (part.element as HTMLElement | SVGElement).style;
    const next = new Set<string>();
    for (const [name, value] of Object.entries(props)) {
      if (value === null || value === undefined) continue;
      const property = name.includes('-')
        ? name
        : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      next.add(property);
      style.setProperty(property, String(value));
    }
    for (const property of this.#previous) if (!next.has(property)) style.removeProperty(property);
    this.#previous = next;
    return noChange;
  }
}

export const styleProps = directive(StylePropsDirective);
