import { css } from 'lit';

export const mttrStyles = css`
  :host {
    --_line: var(--cmdctr-mttr-line-color, var(--_color-accent));
    --_band-opacity: var(--cmdctr-mttr-band-opacity, 0.2);
    --_target: var(--cmdctr-mttr-target-color, var(--_color-text-muted));
    --_meets: var(--cmdctr-mttr-meets-color, var(--_color-ok));
    --_misses: var(--cmdctr-mttr-misses-color, var(--_color-critical));
  }
  @media (forced-colors: active) {
    :host,
    :host([data-theme]) {
      --_line: CanvasText;
      --_target: GrayText;
      --_meets: CanvasText;
      --_misses: Highlight;
    }
  }
  .chart {
    display: grid;
    gap: var(--_space);
    /* minmax: the drawn SVG's width must not hold the column open when the host shrinks. */
    grid-template-columns: minmax(0, 1fr);
    padding: var(--_space) 0;
  }
  .headline {
    margin: 0;
    font-size: 1.286em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .headline .better {
    color: var(--_color-ok);
  }
  .headline .worse {
    color: var(--_color-critical);
  }
  .headline small {
    display: block;
    font-size: 0.929em;
    font-weight: 400;
    color: var(--_color-text-muted);
  }
  .plot {
    position: relative;
    width: 100%;
    border-radius: var(--_radius);
    cursor: crosshair;
    touch-action: pan-y;
  }
  svg {
    display: block;
    overflow: visible;
  }
  .grid,
  .crosshair {
    stroke: var(--_color-border);
    shape-rendering: crispEdges;
  }
  .crosshair {
    stroke: var(--_color-text);
  }
  .axis {
    fill: var(--_color-text-muted);
    font-size: 0.857em;
  }
  .axis .major {
    fill: var(--_color-text);
    font-weight: 600;
  }
  .mean {
    fill: none;
    stroke: var(--_line);
    stroke-width: 2;
  }
  .band {
    fill: var(--_line);
    fill-opacity: var(--_band-opacity);
    stroke: none;
  }
  .target {
    stroke: var(--_target);
    stroke-width: 1.5;
  }
  text.target {
    fill: var(--_target);
    stroke: none;
    font-size: 0.857em;
  }
  .meets {
    fill: var(--_meets);
    stroke: var(--_color-surface);
    stroke-width: 1;
  }
  .misses {
    fill: var(--_color-surface);
    stroke: var(--_misses);
    stroke-width: 2;
  }
  .ring {
    fill: none;
    stroke: var(--_color-focus);
    stroke-width: 2;
  }
  @media (forced-colors: active) {
    /* A filled band would hide the lines behind it in a single system colour. */
    .band {
      fill: none;
      stroke: GrayText;
      stroke-dasharray: 2 2;
    }
  }
`;
