import { css } from 'lit';

export const paretoStyles = css`
  :host {
    --_bar: var(--cmdctr-pareto-bar-color, var(--_color-scale-2));
    --_vital: var(--cmdctr-pareto-vital-color, var(--_color-scale-3));
    --_line: var(--cmdctr-pareto-line-color, var(--_color-text));
    --_cutoff: var(--cmdctr-pareto-cutoff-color, var(--_color-critical));
  }
  @media (forced-colors: active) {
    :host,
    :host([data-theme]) {
      --_bar: Canvas;
      --_vital: Canvas;
      --_line: CanvasText;
      --_cutoff: Highlight;
    }
    /* Fills would vanish into one system colour: outlines and the hatch carry the bars. */
    .bar,
    .hatch {
      stroke: CanvasText;
    }
  }
  .chart {
    display: grid;
    gap: var(--_space);
    padding: var(--_space) 0;
    min-width: 0;
  }
  .summary {
    margin: 0;
    color: var(--_color-text-muted);
  }
  .plot {
    position: relative;
    width: 100%;
  }
  .sizer {
    position: absolute;
    inset: 0 0 auto;
    height: 0;
  }
  .plot > svg {
    position: absolute;
    inset: 0;
    overflow: visible;
  }
  .grid {
    stroke: var(--_color-border);
    shape-rendering: crispEdges;
  }
  .axis,
  .label {
    fill: var(--_color-text-muted);
    font-size: 0.857em;
  }
  .label {
    fill: var(--_color-text);
    unicode-bidi: isolate;
  }
  .bar {
    fill: var(--_bar);
    stroke: var(--_color-text-muted);
    stroke-width: 1;
  }
  .bar.vital {
    fill: var(--_vital);
    stroke: var(--_color-text);
    stroke-width: 2;
  }
  .bar.active {
    stroke: var(--_color-focus);
    stroke-width: 3;
  }
  .hatch {
    stroke: var(--_color-surface);
    stroke-width: 1.5;
  }
  .cumulative {
    fill: none;
    stroke: var(--_line);
    stroke-width: 2;
  }
  .point {
    fill: var(--_color-surface);
    stroke: var(--_line);
    stroke-width: 2;
  }
  .cutoff {
    stroke: var(--_cutoff);
    stroke-width: 1.5;
  }
  .cutoff-label {
    fill: var(--_cutoff);
    font-size: 0.857em;
  }
  .swatch {
    flex: none;
  }
  /* The bar list lies over the drawing: one transparent, focusable band per bar. */
  .bars {
    position: absolute;
    inset: 0;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .bars li {
    position: absolute;
  }
  .bars button {
    display: block;
    width: 100%;
    height: 100%;
    min-height: 0;
    padding: 0;
    border: 0;
    border-radius: 0;
    background: transparent;
    cursor: pointer;
  }
  .bars button:focus-visible {
    outline-offset: -2px;
  }
  .note {
    margin: 0;
    font-size: 0.929em;
    color: var(--_color-text-muted);
  }
  .tip-title {
    display: -webkit-box;
    overflow: hidden;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
  }
  td.text,
  thead th:nth-child(2) {
    text-align: start;
  }
  /* Server text: bounded and wrapped, never wider than a column can hold. */
  th[scope='row'],
  td.text {
    min-width: 9.143em;
    max-width: 22.857em;
    white-space: normal;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  a {
    color: var(--_color-accent);
  }
`;
