import { css } from 'lit';

export const kpiStyles = css`
  :host {
    --_spark: var(--cmdctr-kpi-sparkline-color, var(--_color-accent));
    /* The tile lays itself out by its own width (a row of 160 px tiles or a wide one), so it
       is a size container. That gives it no intrinsic width, hence the floor. */
    container-type: inline-size;
    min-inline-size: var(--cmdctr-kpi-min-width, 160px);
  }
  .frame {
    display: flex;
    flex-direction: column;
    /* Tiles of one grid row stretch to the tallest, frame and all. */
    height: 100%;
    min-height: 8.571em;
    border: 1px solid var(--_color-border);
  }
  .tile {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 0.143em;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    /* The status stripe, beside the word and the shape that also say it. */
    box-shadow: inset 4px 0 0 var(--_stripe, transparent);
    cursor: pointer;
  }
  .tile.ok {
    --_stripe: var(--_color-ok);
  }
  .tile.warn {
    --_stripe: var(--_color-warn);
  }
  .tile.critical {
    --_stripe: var(--_color-critical);
  }
  .tile:hover {
    background: var(--_color-surface-raised);
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    column-gap: var(--_space);
    min-width: 0;
  }
  .label {
    flex: 1 1 6.857em;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
    color: var(--_color-text-muted);
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.286em;
    font-weight: 600;
    white-space: nowrap;
    color: var(--_stripe);
  }
  .status svg {
    width: 0.857em;
    height: 0.857em;
    fill: currentColor;
  }
  /* Value and sparkline share a line while both fit; the sparkline wraps below otherwise. */
  .main {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.143em calc(var(--_space) * 1.5);
  }
  .value {
    flex: 0 1 auto;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: clamp(1.286em, 0.571em + 7cqi, 2.286em);
    font-weight: 600;
    line-height: 1.2;
    font-variant-numeric: tabular-nums;
  }
  .change {
    font-size: 0.929em;
    color: var(--_color-text-muted);
  }
  .change.better {
    color: var(--_color-ok);
  }
  .change.worse {
    color: var(--_color-critical);
  }
  .vs,
  .refs {
    color: var(--_color-text-muted);
  }
  .vs {
    display: none;
  }
  .refs {
    font-size: 0.857em;
    overflow-wrap: anywhere;
  }
  .spark {
    flex: 1 1 5.714em;
    min-width: 5.714em;
    display: block;
    height: 2.286em;
    overflow: visible;
    fill: none;
    stroke-linecap: round;
    stroke-linejoin: round;
    animation: kpi-in 0.4s ease-out;
  }
  .spark path,
  .spark line {
    /* The box stretches with the tile; strokes keep their width. */
    vector-effect: non-scaling-stroke;
  }
  .spark .line,
  .spark .dots {
    stroke: var(--_spark);
    stroke-width: 1.5;
  }
  .spark .dots {
    stroke-width: 3;
  }
  .spark .end {
    stroke: var(--_spark);
    stroke-width: 5;
  }
  .spark .ref {
    stroke-width: 1;
    stroke-dasharray: 3 3;
    stroke: var(--_color-text-muted);
  }
  .spark .ref.warn {
    stroke: var(--_color-warn);
  }
  .spark .ref.critical {
    stroke: var(--_color-critical);
  }
  @keyframes kpi-in {
    from {
      opacity: 0;
    }
  }
  @container (min-width: 280px) {
    .vs {
      display: inline;
    }
  }
  @media (forced-colors: active) {
    .tile {
      border: 1px solid CanvasText;
    }
    /* Words and shapes carry the status here; system colours like Mark are not text colours. */
    .status,
    .change {
      color: CanvasText;
    }
    .spark .line,
    .spark .dots,
    .spark .end {
      stroke: CanvasText;
    }
  }
`;
