import { css } from 'lit';

export const ledgerStyles = css`
  :host {
    --_text-max: var(--cmdctr-ledger-text-max, 16em);
    --_diff-max: var(--cmdctr-ledger-diff-max, 18.286em);
    /* The filter bar and results sit outside the state frame, which paints only itself. */
    background: var(--_color-surface);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space);
    margin-bottom: var(--_space);
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
    margin: 0;
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
  }
  legend {
    padding: 0 0.25em;
  }
  label {
    white-space: nowrap;
  }
  .type {
    display: grid;
  }
  input[type='text'] {
    font: inherit;
    color: inherit;
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: 0.286em 0.571em;
    min-width: 0;
    width: 16em;
    max-width: 100%;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  .hint {
    color: var(--_color-text-muted);
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .status p {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .line {
    display: block;
    margin-bottom: calc(var(--_space) / 2);
  }
  .ok {
    border-inline-start: 3px solid var(--_color-ok);
    padding-inline-start: var(--_space);
  }
  .alert {
    margin-bottom: var(--_space);
    padding: calc(var(--_space) / 2) var(--_space);
    border: 2px solid var(--_color-critical);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .alert p {
    margin: 0 0 calc(var(--_space) / 2);
  }
  /* The table, its cells, times and the two-line clip of server strings: listTableStyles. */
  .nowrap {
    white-space: nowrap;
  }
  code {
    font-family: ui-monospace, monospace;
    overflow-wrap: anywhere;
  }
  .flag {
    display: block;
    font-size: 0.857em;
    font-weight: 600;
    white-space: nowrap;
    color: var(--_color-critical);
  }
  tr[data-broken] > * {
    background: color-mix(in srgb, var(--_color-critical) 10%, transparent);
  }
  tr[data-broken] > th {
    box-shadow: inset 3px 0 var(--_color-critical);
  }
  .copied {
    font-size: 0.857em;
  }
  .detail > td {
    background: var(--_color-surface-raised);
  }
  .diff {
    max-height: var(--_diff-max);
    overflow: auto;
    overflow-wrap: anywhere;
  }
  .diff th,
  .diff td {
    padding: 2px var(--_space);
  }
  .diff tbody th {
    max-width: var(--_text-max);
  }
  .diff code {
    white-space: pre-wrap;
  }
  .changed,
  .added,
  .removed {
    font-weight: 600;
  }
  .changed td:last-child {
    color: var(--_color-warn);
  }
  .unchanged {
    color: var(--_color-text-muted);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 2px var(--_space);
    margin: var(--_space) 0 0;
    font-size: 0.929em;
  }
  dt {
    color: var(--_color-text-muted);
  }
  dd {
    margin: 0;
    min-width: 0;
  }
  /* The pager and its disabled buttons: pagerStyles. */
  @media (forced-colors: active) {
    tr[data-broken] > th {
      outline: 2px solid Mark;
      outline-offset: -2px;
    }
  }
`;
