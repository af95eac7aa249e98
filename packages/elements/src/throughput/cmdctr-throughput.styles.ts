import { css, unsafeCSS } from 'lit';

/**
 * Categorical series colours after Okabe & Ito's colour-blind-safe palette, darkened for the
 * light surface and lightened for the dark one so each mark keeps at least 4:1 against its
 * background (WCAG asks 3:1 for graphics). Sky blue is replaced by a purple: next to the blue it
 * read as the same hue at chart sizes. Series also differ by dash pattern, for forced colours.
 */
const SERIES: ReadonlyArray<readonly [light: string, dark: string]> = [
  ['#0072b2', '#56b4e9'],
  ['#b35900', '#e69f00'],
  ['#007d5c', '#1ab08a'],
  ['#b5478f', '#de8cba'],
  ['#cc4a00', '#ef7a3b'],
  ['#6f4ab0', '#b49af0'],
  ['#857a00', '#f0e442'],
  ['#5c5c5c', '#bbbbbb'],
];

/** Private aliases the chart reads (the canvas through `resolveTokens`). */
export const SERIES_TOKENS = SERIES.map((_, i) => `--_color-series-${i + 1}`);

const palette = (column: 0 | 1) =>
  unsafeCSS(
    SERIES.map(
      (pair, i) =>
        `--_color-series-${i + 1}: var(--cmdctr-color-series-${i + 1}, ${pair[column]});`,
    ).join('\n'),
  );
const seriesClasses = unsafeCSS(
  SERIES.map((_, i) => `.s${i + 1} { --_series: var(--_color-series-${i + 1}); }`).join('\n'),
);
const forced = unsafeCSS(SERIES.map((_, i) => `--_color-series-${i + 1}: CanvasText;`).join('\n'));

export const throughputStyles = css`
  :host {
    ${palette(0)}
    --_backlog: var(--cmdctr-throughput-backlog-color, var(--_color-text-muted));
    --_previous: var(--cmdctr-throughput-previous-color, var(--_color-text-muted));
    --_target: var(--cmdctr-throughput-target-color, var(--_color-critical));
    --_fill-opacity: var(--cmdctr-throughput-fill-opacity, 0.3);
  }
  :host([data-theme='dark']) {
    ${palette(1)}
  }
  @media (prefers-color-scheme: dark) {
    :host([data-theme='auto']) {
      ${palette(1)}
    }
  }
  @media (forced-colors: active) {
    :host,
    :host([data-theme]) {
      ${forced}
      --_backlog: CanvasText;
      --_previous: GrayText;
      --_target: Highlight;
    }
    /* Filled bands would merge into one colour; lines and dash patterns carry the series. */
    .band {
      display: none;
    }
  }
  ${seriesClasses}

  /* No inline padding: the plot is exactly as wide as the host, which is what is measured. */
  .chart {
    display: grid;
    /* One column as wide as the host: long legend labels cannot widen the grid. */
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
    padding: var(--_space) 0;
  }
  /* Over the shared legend row (chartPartStyles): these keys are buttons, set in the toolbar's
     own type size, colour and alignment. */
  .legend {
    align-items: normal;
    min-width: 0;
    gap: calc(var(--_space) / 2);
    font-size: 1em;
    color: inherit;
  }
  .legend button,
  .actions button {
    display: inline-flex;
    align-items: center;
    gap: 0.457em;
    min-height: 2.286em;
    padding: 0.143em 0.571em;
  }
  /* A series name from the server can be any length: the button never outgrows the element. */
  .legend button {
    max-width: 100%;
    min-width: 0;
  }
  .legend .label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
  }
  .legend button[aria-pressed='false'] {
    color: var(--_color-text-muted);
    text-decoration: line-through;
  }
  .legend button[aria-pressed='false'] .swatch {
    opacity: 0.35;
  }
  /* The shared actions row wraps; this one keeps its buttons on one line. */
  .actions {
    flex-wrap: nowrap;
  }
  .swatch {
    flex: none;
    overflow: visible;
  }
  .swatch line,
  .line {
    fill: none;
    stroke: var(--_series, currentColor);
    stroke-width: 2;
  }
  .band {
    fill: var(--_series);
    fill-opacity: var(--_fill-opacity);
    stroke: none;
  }
  .area .line {
    stroke-width: 1.5;
  }
  .previous {
    --_series: var(--_previous);
  }
  .backlog {
    --_series: var(--_backlog);
  }
  .target {
    --_series: var(--_target);
  }
  .plot {
    position: relative;
    width: 100%;
    touch-action: pan-y;
    user-select: none;
    cursor: crosshair;
    border-radius: var(--_radius);
  }
  .plot canvas,
  .plot svg.overlay {
    position: absolute;
    inset: 0;
  }
  .plot svg {
    overflow: visible;
  }
  .grid {
    stroke: var(--_color-border);
    stroke-width: 1;
    shape-rendering: crispEdges;
  }
  .axis text {
    fill: var(--_color-text-muted);
    font-size: 0.857em;
  }
  .axis .major {
    fill: var(--_color-text);
    font-weight: 600;
  }
  .target-line {
    stroke: var(--_target);
    stroke-width: 1.5;
  }
  .target-label {
    fill: var(--_target);
    font-size: 0.857em;
  }
  .crosshair {
    stroke: var(--_color-text);
    stroke-width: 1;
    shape-rendering: crispEdges;
  }
  .brush {
    fill: var(--_color-accent);
    fill-opacity: 0.15;
    stroke: var(--_color-accent);
  }
  .tooltip-rows {
    display: grid;
    grid-template-columns: auto 1fr auto;
    column-gap: 0.571em;
    row-gap: 0.143em;
    margin: 0;
    align-items: center;
  }
  .tooltip-rows dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .tooltip-rows dt {
    display: contents;
  }
`;
