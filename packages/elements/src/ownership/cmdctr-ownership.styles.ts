import { css } from 'lit';

export const ownershipStyles = css`
  .summary {
    padding: var(--_space);
  }
  p,
  ul {
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
  }
  .headline {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 var(--_space);
  }
  .figure {
    font-size: 2em;
    font-weight: 600;
  }
  .status {
    font-weight: 600;
  }
  .below {
    --_c: var(--_color-warn);
  }
  .met {
    --_c: var(--_color-ok);
  }
  .status.below,
  .status.met {
    color: var(--_c);
  }
  .title {
    margin: 0 var(--_space) calc(var(--_space) / 2);
    font-weight: 600;
  }
  .meta,
  [part='stale-count'],
  [part='orphans'] {
    color: var(--_color-text-muted);
  }
  /* Names from the server are bounded and isolated: a hostile string cannot push the layout
     or reorder the text around it. */
  .name,
  .meta span {
    unicode-bidi: isolate;
  }
  .name {
    display: inline-block;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    vertical-align: bottom;
  }
  [part='row'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.286em var(--_space);
    width: 100%;
    padding: var(--_space);
    border: 0;
    border-top: 1px solid var(--_color-border);
    border-radius: 0;
    background: none;
    text-align: start;
  }
  .meta {
    grid-column: 1 / -1;
    overflow-wrap: anywhere;
    font-size: 0.85em;
  }
  .bar {
    position: relative;
    grid-column: 1 / -1;
    height: 0.571em;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    /* Forced colours would otherwise blank the fill; the theme maps the tokens to system colours. */
    forced-color-adjust: none;
  }
  .fill {
    display: block;
    height: 100%;
    width: calc(var(--_v) * 100%);
    background: var(--_c, var(--_color-text-muted));
  }
  .marker {
    position: absolute;
    top: -3px;
    bottom: -3px;
    inset-inline-start: calc(var(--_t) * 100%);
    border-inline-start: 2px solid var(--_color-text);
    /* A surface-coloured ring keeps the marker visible where the fill runs past it. */
    box-shadow: 0 0 0 1px var(--_color-surface);
  }
  .badge {
    padding: 0 0.286em;
    border: 1px solid var(--_color-critical);
    border-radius: var(--_radius);
    color: var(--_color-critical);
    font-weight: 600;
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    .badge {
      color: CanvasText;
      border-color: CanvasText;
    }
    .marker {
      border-color: Highlight;
    }
  }
`;
