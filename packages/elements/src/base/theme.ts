import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Theme tokens. Every colour an element draws with comes from here. Public tokens are
 * `--cmdctr-*` custom properties a page (or `<cmdctr-config>`, or a dropped-in theme file) sets on
 * any ancestor; they inherit into shadow roots. Elements read the private `--_*` aliases below,
 * which fall back to the light or dark default, so a page that sets nothing still looks right.
 *
 * Default pairs meet WCAG AA (4.5:1 for text, 3:1 for marks) on their own surface.
 */
export type ThemeName = 'light' | 'dark' | 'auto';

const TOKENS: ReadonlyArray<readonly [name: string, light: string, dark: string]> = [
  ['color-surface', '#ffffff', '#16181d'],
  ['color-surface-raised', '#f6f8fa', '#1f232b'],
  ['color-text', '#1f2328', '#e6edf3'],
  ['color-text-muted', '#57606a', '#a3acb7'],
  ['color-border', '#d0d7de', '#3a414c'],
  ['color-accent', '#0a5cc2', '#6cb0ff'],
  ['color-focus', '#0a5cc2', '#8cc4ff'],
  ['color-ok', '#1a7f37', '#3fb950'],
  ['color-warn', '#9a6700', '#d29922'],
  ['color-critical', '#c4262e', '#ff6b6b'],
  ['color-skeleton', '#eaeef2', '#262b33'],
  // A single-hue sequential ramp stays readable for every kind of colour blindness.
  ['color-scale-0', '#eef4fb', '#1a2433'],
  ['color-scale-1', '#bcd5ec', '#1f4b7a'],
  ['color-scale-2', '#6fa8d6', '#2f74b5'],
  ['color-scale-3', '#2f6fb0', '#6fa8e0'],
  ['color-scale-4', '#0b3d7a', '#c6e0ff'],
];

const declarations = (column: 1 | 2) =>
  TOKENS.map((token) => `--_${token[0]}: var(--cmdctr-${token[0]}, ${token[column]});`).join('\n');

const light = unsafeCSS(declarations(1));
const dark = unsafeCSS(declarations(2));

/** The names of the sequential colour-scale tokens, low to high. */
export const SCALE_TOKENS = TOKENS.filter((t) => t[0].startsWith('color-scale-')).map(
  (t) => `--_${t[0]}`,
);

export const themeStyles: CSSResult = css`
  :host {
    ${light}
    --_font-family: var(
      --cmdctr-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif
    );
    /* A fixed default, and em everywhere inside: host pages set odd root and body sizes
       (Bootstrap 3's html is 10px), and an element must look the same in a portal, a BI page
       and a plain page. Browser zoom still scales it; --cmdctr-font-size sets another size. */
    --_font-size: var(--cmdctr-font-size, 14px);
    --_radius: var(--cmdctr-radius, 6px);
    --_space: var(--cmdctr-space, 0.571em);
    color-scheme: light;
    /* Hosts such as portals reset box-sizing globally; our layout must not depend on theirs. */
    box-sizing: border-box;
    display: block;
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: 1.4;
    color: var(--_color-text);
  }
  :host *,
  :host *::before,
  :host *::after {
    box-sizing: border-box;
  }
  /* Inherited text styles cross the shadow boundary, and a page rule on our tag (a reset such as
     "all: unset") beats :host. The frame inside therefore sets every inherited text property
     again, so a host's uppercase, italics, letter spacing or nowrap cannot restyle our data. */
  [part~='base'] {
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    font-style: normal;
    font-weight: 400;
    font-variant: normal;
    font-stretch: normal;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-align: start;
    text-indent: 0;
    text-shadow: none;
    white-space: normal;
    line-height: 1.4;
    color: var(--_color-text);
    visibility: visible;
  }
  :host([hidden]) {
    display: none;
  }
  :host([data-theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([data-theme='auto']) {
      ${dark}
      color-scheme: dark;
    }
  }
  @media (forced-colors: active) {
    :host,
    :host([data-theme]) {
      --_color-surface: Canvas;
      --_color-surface-raised: Canvas;
      --_color-text: CanvasText;
      --_color-text-muted: CanvasText;
      --_color-border: CanvasText;
      --_color-accent: LinkText;
      --_color-focus: Highlight;
      --_color-ok: CanvasText;
      --_color-warn: CanvasText;
      --_color-critical: CanvasText;
      --_color-skeleton: GrayText;
    }
  }
  :host :focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: 0.286em 0.857em;
    min-height: 2.286em;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--_color-text-muted);
  }
  @media (prefers-reduced-motion: reduce) {
    :host *,
    :host *::before,
    :host *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;

/**
 * Reads the resolved value of theme tokens on an element, for drawing on canvas and for PNG/SVG
 * export where CSS variables cannot reach.
 */
export function resolveTokens(element: Element, names: readonly string[]): string[] {
  const style = getComputedStyle(element);
  return names.map((name) => style.getPropertyValue(name).trim());
}
