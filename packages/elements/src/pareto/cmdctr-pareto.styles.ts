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
  .actions,
  .legend {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2) var(--_space);
  }
  .legend {
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
  }
  .actions button[aria-pressed='true'] {
    border-color: var(--_color-accent);
    box-shadow: inset 0 0 0 1px var(--_color-accent);
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
    font-size: 0.75rem;
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
    font-size: 0.75rem;
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
    font-size: 0.8125rem;
    color: var(--_color-text-muted);
  }
  .tip-title {
    display: -webkit-box;
    margin: 0 0 0.25rem;
    font-weight: 600;
    overflow: hidden;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    unicode-bidi: isolate;
  }
  .tip dl {
    display: grid;
    grid-template-columns: auto auto;
    gap: 0.125rem 0.75rem;
    margin: 0;
  }
  .tip dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .table-wrap:not(.visually-hidden) {
    max-height: 20rem;
    overflow: auto;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    padding: calc(var(--_space) / 2) var(--_space);
    text-align: start;
    font-weight: 600;
  }
  th,
  td {
    padding: 0.25rem 0.5rem;
    border-bottom: 1px solid var(--_color-border);
    text-align: end;
    white-space: nowrap;
  }
  th[scope='row'],
  td.text,
  thead th:nth-child(-n + 2) {
    text-align: start;
  }
  /* Server text: bounded and wrapped, never wider than a column can hold. */
  th[scope='row'],
  td.text {
    min-width: 8rem;
    max-width: 20rem;
    white-space: normal;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--_color-surface-raised);
  }
  a {
    color: var(--_color-accent);
  }
`;
