import { css } from 'lit';

export const staleExceptionsStyles = css`
  :host {
    --_text-max: var(--cmdctr-stale-exceptions-text-max, 12rem);
  }
  .wrap {
    overflow-x: auto;
    /* Room for focus rings of edge cells, which sit outside their boxes. */
    padding: 3px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: calc(var(--_space) / 2);
  }
  th,
  td {
    padding: calc(var(--_space) / 2) var(--_space);
    border-bottom: 1px solid var(--_color-border);
    text-align: start;
    vertical-align: top;
    font-weight: normal;
  }
  thead th {
    background: var(--_color-surface-raised);
    font-weight: 600;
    white-space: nowrap;
  }
  thead button {
    border: 0;
    padding: 0;
    min-height: 0;
    background: none;
    font-weight: 600;
  }
  .arrow {
    margin-inline-start: 0.25em;
    color: var(--_color-text-muted);
  }
  [part='id-button'] {
    font-family: ui-monospace, monospace;
    text-align: start;
    max-width: var(--_text-max);
    overflow-wrap: anywhere;
  }
  /* Server strings wrap to at most two lines and end in an ellipsis: names stay readable, a
     10,000-character one cannot grow the row. */
  .clip {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    max-width: var(--_text-max);
    overflow: hidden;
    overflow-wrap: anywhere;
  }
  .sub {
    display: block;
    max-width: var(--_text-max);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .sub {
    margin-top: 2px;
    font-size: 0.75rem;
    color: var(--_color-text-muted);
  }
  .sub .clip {
    display: inline;
  }
  tr[aria-current='true'] > th {
    box-shadow: inset 3px 0 var(--_color-accent);
  }
  tr[aria-current='true'] [part='id-button'] {
    border-color: var(--_color-accent);
    font-weight: 600;
  }
  time {
    white-space: nowrap;
  }
  .sev {
    white-space: nowrap;
    text-transform: capitalize;
  }
  .critical {
    color: var(--_color-critical);
    font-weight: 600;
  }
  .high,
  .un {
    color: var(--_color-warn);
  }
  .low {
    color: var(--_color-text-muted);
  }
  .un {
    font-style: italic;
  }
  .links {
    display: grid;
    justify-items: start;
    gap: 2px;
    font-size: 0.8125rem;
    white-space: nowrap;
  }
  a {
    color: var(--_color-accent);
  }
  .unsafe {
    color: var(--_color-text-muted);
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) 3px 0;
  }
  [aria-disabled='true'] {
    opacity: 0.5;
    cursor: default;
  }
  @media (forced-colors: active) {
    [aria-disabled='true'] {
      color: GrayText;
      opacity: 1;
    }
    tr[aria-current='true'] > th {
      outline: 2px solid Highlight;
      outline-offset: -2px;
    }
  }
`;
