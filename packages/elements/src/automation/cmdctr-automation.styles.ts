import { css } from 'lit';

export const automationStyles = css`
  :host {
    --_auto: var(--cmdctr-automation-auto-applied-color, var(--_color-accent));
    --_approved: var(--cmdctr-automation-approved-color, var(--_color-ok));
    --_rejected: var(--cmdctr-automation-rejected-color, var(--_color-critical));
    --_pending: var(--cmdctr-automation-pending-color, var(--_color-text-muted));
    --_rate: var(--cmdctr-automation-rate-color, var(--_color-text));
    --_band: var(--cmdctr-automation-band-color, var(--_color-accent));
    --_threshold: var(--cmdctr-automation-threshold-color, var(--_color-warn));
  }
  @media (forced-colors: active) {
    /* System colours only: parts stay apart by their outline and order, the legend and table
       name them. */
    :host,
    :host([data-theme]) {
      --_auto: Highlight;
      --_approved: CanvasText;
      --_rejected: Mark;
      --_pending: GrayText;
      --_rate: LinkText;
      --_band: CanvasText;
      --_threshold: Highlight;
    }
  }
  section {
    display: grid;
    gap: var(--_space);
    padding: var(--_space) 0;
    min-width: 0;
  }
  h3 {
    margin: 0;
    font-size: 1.143em;
  }
  .headline {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 var(--_space);
  }
  .headline strong {
    font-size: 1.429em;
  }
  .headline span,
  .note,
  .sub {
    color: var(--_color-text-muted);
  }
  .note {
    margin: 0;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2) var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.343em;
  }
  .actions {
    display: flex;
    gap: calc(var(--_space) / 2);
  }
  /* The export menu button says aria-expanded too: only the open Table button looks pressed. */
  .actions button[part='table-toggle'][aria-expanded='true'] {
    border-color: var(--_color-accent);
    box-shadow: inset 0 0 0 1px var(--_color-accent);
  }
  .plot-wrap {
    position: relative;
    min-width: 0;
  }
  .plot-wrap svg {
    position: absolute;
    inset: 0;
    overflow: visible;
  }
  svg text {
    fill: var(--_color-text-muted);
    font-size: 0.857em;
  }
  svg .major {
    fill: var(--_color-text);
    font-weight: 600;
  }
  .grid {
    stroke: var(--_color-border);
    shape-rendering: crispEdges;
  }
  .seg {
    stroke: var(--_color-surface);
    stroke-width: 0.5;
  }
  .autoApplied {
    fill: var(--_auto);
  }
  .approved {
    fill: var(--_approved);
  }
  .rejected {
    fill: var(--_rejected);
  }
  .pending {
    fill: var(--_pending);
  }
  .reverted {
    /* Also a fill attribute on the plot's rects: a CSS url() does not travel into the export. */
    fill: url(#hatch);
    stroke: var(--_color-text);
  }
  .hatch-bg {
    fill: var(--_color-surface);
  }
  .hatch-line {
    stroke: var(--_color-text);
    stroke-width: 3;
  }
  .rate,
  .dot {
    /* The columns under the line take the hover. */
    pointer-events: none;
  }
  .rate {
    fill: none;
    stroke: var(--_rate);
    stroke-width: 2;
  }
  .dot {
    fill: var(--_color-surface);
    stroke: var(--_rate);
    stroke-width: 2;
  }
  .hit {
    fill: transparent;
    outline: none;
  }
  .hit:hover,
  .hit:focus-visible,
  .bar:focus-visible {
    stroke: var(--_color-focus);
    stroke-width: 2;
    outline: none;
  }
  .types {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 19.429em), 1fr));
    gap: var(--_space);
  }
  figure {
    margin: 0;
    display: grid;
    gap: 0.286em;
    min-width: 0;
  }
  figcaption {
    display: grid;
    /* A long unbreakable name must not widen the track past the figure. */
    grid-template-columns: minmax(0, 1fr);
  }
  figure svg {
    width: 100%;
    height: auto;
    overflow: visible;
  }
  .bar {
    fill: var(--_band);
  }
  .bar.none {
    fill: transparent;
    stroke: var(--_color-border);
    stroke-dasharray: 3 3;
  }
  .threshold {
    stroke: var(--_threshold);
    stroke-width: 2;
    stroke-dasharray: 5 3;
  }
  .text {
    /* Server strings: isolated from the surrounding direction, bounded to the available width. */
    unicode-bidi: isolate;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 100%;
    display: inline-block;
    vertical-align: bottom;
  }
  .type-select {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.571em;
  }
  select {
    font: inherit;
    max-width: 100%;
    min-height: 2.286em;
    color: var(--_color-text);
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
  }
  .attention {
    display: inline-flex;
    align-items: center;
    gap: 0.229em;
    color: var(--_color-critical);
    font-weight: 600;
  }
  .attention path {
    fill: currentColor;
  }
  .swatch {
    flex: none;
  }
  .table-wrap.open {
    max-height: 22.857em;
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
    text-align: start;
    padding: calc(var(--_space) / 2) var(--_space);
    font-weight: 600;
  }
  th,
  td {
    padding: 0.286em 0.571em;
    border-bottom: 1px solid var(--_color-border);
    text-align: end;
  }
  th[scope='row'],
  thead th:first-child {
    text-align: start;
    max-width: 18.286em;
  }
  thead th {
    background: var(--_color-surface-raised);
  }
  .tip-title {
    margin: 0 0 0.286em;
    font-weight: 600;
  }
  .tip-rows {
    display: grid;
    grid-template-columns: auto auto;
    gap: 0.143em 0.857em;
    margin: 0;
  }
  .tip-rows dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
`;
