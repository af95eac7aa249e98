/**
 * The value of a `.style=${…}` property binding: assigning a string to an element's `style`
 * sets its `cssText` through the CSSOM, which a strict Content-Security-Policy allows (it blocks
 * a `style` attribute, `style-src-attr`). For a few static values per render this is far cheaper
 * than the `styleProps()` directive, which brings `lit/directive.js` into an element's entry
 * (about 0.35 kB min+gzip). It replaces the whole inline style, so bind it only on an element
 * nothing else styles inline.
 *
 * The cast is only for template type checkers: `style` is read as a `CSSStyleDeclaration` but
 * written as a string (its setter forwards to `cssText`).
 */
export const cssText = (text: string): CSSStyleDeclaration =>
  text as unknown as CSSStyleDeclaration;
