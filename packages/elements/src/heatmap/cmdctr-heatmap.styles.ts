import { css } from 'lit';

export const heatmapStyles = css`
  :host {
    --_heatmap-no-data: var(--cmdctr-heatmap-no-data-color, var(--_color-surface));
    container-type: inline-size;
  }
  /* Measured for the layout width (see firstUpdated): as wide as the host, never taller. */
  .sizer {
    height: 0;
  }
  .chart {
    display: grid;
    gap: var(--_space);
    min-width: 0;
  }
  /* Pushes the buttons to the end of the row, side by side. */
  .toolbar .strip-label {
    margin-inline-end: auto;
  }
  .toolbar button[part='table-toggle'][aria-expanded='true'] {
    border-color: var(--_color-accent);
    color: var(--_color-accent);
  }
  .scroller {
    overflow-x: auto;
    overflow-y: hidden;
    /* Room for the focus ring of edge cells, which sits outside the cell. */
    padding: 4px;
  }
  .plot {
    display: grid;
    position: relative;
  }
  .axis {
    position: relative;
    height: 2em;
    color: var(--_color-text-muted);
    font-size: 0.857em;
    white-space: nowrap;
  }
  .tick {
    position: absolute;
    bottom: 0.286em;
    padding-left: 2px;
    border-left: 1px solid var(--_color-border);
    line-height: 1.2;
  }
  .tick.major {
    border-left-color: var(--_color-text-muted);
    font-weight: 600;
    color: var(--_color-text);
  }
  .labels,
  .row-totals {
    display: grid;
    align-content: start;
  }
  .label,
  .row-total,
  .corner {
    display: flex;
    align-items: center;
    min-width: 0;
    padding-right: 0.571em;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    font-size: 0.929em;
  }
  .label span {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .row-total,
  .corner.total {
    justify-content: flex-end;
    padding: 0 0 0 0.571em;
    font-variant-numeric: tabular-nums;
  }
  .corner {
    color: var(--_color-text-muted);
    font-size: 0.857em;
    align-items: flex-end;
    padding-bottom: 0.286em;
  }
  .strip-label {
    color: var(--_color-text-muted);
    font-size: 0.857em;
  }
  .surface {
    position: relative;
    outline: none;
    cursor: pointer;
  }
  .surface svg,
  .surface canvas {
    display: block;
  }
  /* The canvas shows the scrolled-to part of the plot (see #canvasWindow); the surface keeps the
     whole plot's size for pointer maths, focus outline and scrolling. */
  .surface.canvas canvas {
    position: absolute;
    top: 0;
  }
  .surface.canvas:focus-visible {
    /* The active cell carries a drawn ring; the surface gets a quieter one so focus is never lost. */
    outline: 1px dashed var(--_color-focus);
    outline-offset: 2px;
  }
  .cells {
    position: absolute;
    inset: 0 auto auto 0;
    display: grid;
  }
  .cells [role='row'] {
    display: contents;
  }
  .cell {
    display: block;
    outline: none;
    border-radius: 1px;
  }
  .cell:focus-visible,
  .cell.active:focus {
    outline: 2px solid var(--_color-focus);
    outline-offset: 1px;
    box-shadow: 0 0 0 1px var(--_color-surface);
    position: relative;
    z-index: 1;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 1.5);
    font-size: 0.857em;
    color: var(--_color-text-muted);
  }
  .ramp {
    display: grid;
    gap: 2px;
    min-width: 11.429em;
  }
  .ramp-bar {
    height: 0.714em;
    border: 1px solid var(--_color-border);
    border-radius: 2px;
  }
  .ramp-ticks {
    position: relative;
    height: 1.143em;
  }
  .ramp-ticks span {
    position: absolute;
    transform: translateX(-50%);
    white-space: nowrap;
  }
  .ramp-ticks span:first-child {
    transform: none;
  }
  .ramp-ticks span:last-child {
    transform: translateX(-100%);
  }
  .swatch {
    display: inline-flex;
    align-items: center;
    gap: 0.429em;
  }
  .swatch svg {
    border: 1px solid var(--_color-border);
  }
  .table-wrap.open {
    overflow: auto;
    max-height: 27.429em;
  }
  table {
    border-collapse: collapse;
    font-size: 0.929em;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.286em;
  }
  th,
  td {
    border: 1px solid var(--_color-border);
    padding: 0.143em 0.429em;
    text-align: end;
    white-space: nowrap;
  }
  th[scope='row'] {
    text-align: start;
    max-width: 18.286em;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  thead th {
    background: var(--_color-surface-raised);
    position: sticky;
    top: 0;
  }
  .tip-title {
    font-weight: 600;
    margin: 0 0 0.143em;
  }
  .tip dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 0.571em;
    margin: 0.286em 0 0;
  }
  .tip dt {
    color: var(--_color-text-muted);
  }
  .tip dd {
    margin: 0;
  }
  .state-warn,
  .state-critical {
    font-weight: 600;
  }
  .state-critical {
    color: var(--_color-critical);
  }
  .state-warn {
    color: var(--_color-warn);
  }
  @media (forced-colors: active) {
    .cell:focus-visible,
    .cell.active:focus {
      outline-color: Highlight;
    }
  }
`;
