import { css } from 'lit';

export const staleExceptionsStyles = css`
  :host {
    --_text-max: var(--cmdctr-stale-exceptions-text-max, 13.714em);
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
  .sub {
    display: block;
    max-width: var(--_text-max);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    margin-top: 2px;
    font-size: 0.857em;
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
    gap: 0;
    font-size: 0.929em;
    white-space: nowrap;
  }
  /* Stacked links: each is at least 24 px tall, the WCAG 2.2 minimum target size. */
  a {
    display: inline-flex;
    align-items: center;
    min-height: 24px;
    color: var(--_color-accent);
  }
  .unsafe {
    color: var(--_color-text-muted);
  }
  @media (forced-colors: active) {
    tr[aria-current='true'] > th {
      outline: 2px solid Highlight;
      outline-offset: -2px;
    }
  }
`;
