/**
 * The value of a `.style=${…}` property binding: assigning a string to an element's `style`
 * sets its `cssText` through the CSSOM, which a strict Content-Security-Policy allows (it blocks
 * a `style` attribute, `style-src-attr`), and Lit's `styleMap` would write that attribute on
 * first render. It needs no directive, so it adds nothing to an element's entry. It replaces the
 * whole inline style, so bind it only on an element nothing else styles inline, and build the
 * text only from numbers and theme values, never from response text (a `;` in data would add
 * declarations of its own).
 *
 * The cast is only for template type checkers: `style` is read as a `CSSStyleDeclaration` but
 * written as a string (its setter forwards to `cssText`).
 */
export const cssText = (text: string): CSSStyleDeclaration =>
  text as unknown as CSSStyleDeclaration;
