import { css, html, type CSSResult } from 'lit';

/**
 * The parts every chart element draws the same way: the legend row, the look of the "Table"
 * disclosure and of the data table it opens, and the label/value list of a tooltip. One copy
 * here ships once in a page that uses several charts, and keeps their behaviour identical. The
 * "Table" button and its region themselves are in table-disclosure.ts (no style side effect).
 */
export const chartPartStyles: CSSResult = css`
  .legend {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.286em 0.857em;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.929em;
    color: var(--_color-text-muted);
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.343em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  .actions button[part='table-toggle'][aria-expanded='true'] {
    border-color: var(--_color-accent);
    box-shadow: inset 0 0 0 1px var(--_color-accent);
  }
  .tip-title {
    margin: 0 0 0.286em;
    font-weight: 600;
  }
  .facts {
    display: grid;
    grid-template-columns: auto auto;
    gap: 0.143em 0.857em;
    margin: 0;
  }
  .facts dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
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
    padding: calc(var(--_space) / 2) var(--_space);
    text-align: start;
    font-weight: 600;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  th,
  td {
    padding: 0.286em 0.571em;
    border-bottom: 1px solid var(--_color-border);
    text-align: end;
    white-space: nowrap;
  }
  th[scope='row'],
  thead th:first-child {
    text-align: start;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--_color-surface-raised);
  }
`;

/** A tooltip's title and its label/value pairs. */
export const factsTip = (title: unknown, rows: ReadonlyArray<readonly [string, string]>) =>
  html`<p class="tip-title" dir="auto">${title}</p>
    <dl class="facts">
      ${rows.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd>${v}</dd>`,
      )}
    </dl>`;
