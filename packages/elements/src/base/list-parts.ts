import { css, html, type CSSResult, type TemplateResult } from 'lit';

// The parts the list elements (stale exceptions, the ledger) draw the same way.

/**
 * Cursor paging for the list elements: Previous, a live "Showing 1–25" status and Next. An
 * unavailable direction is `aria-disabled`, not `disabled`, so the button keeps focus and stays
 * discoverable; its handler ignores the press.
 */
export const pagerStyles: CSSResult = css`
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
  }
`;

/**
 * The list elements' table: a scrolling region with room for focus rings, top-aligned cells, and
 * server strings clamped to two lines (`.clip`, as wide as `--_text-max` allows; the full text
 * is in the title).
 */
export const listTableStyles: CSSResult = css`
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
  time {
    white-space: nowrap;
  }
  .clip {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    max-width: var(--_text-max);
    overflow: hidden;
    overflow-wrap: anywhere;
  }
`;

export interface PagerOptions {
  /** The status text, e.g. "Showing 26–50". */
  status: string;
  atStart: boolean;
  atEnd: boolean;
  previous: () => void;
  next: () => void;
}

export const pager = (o: PagerOptions): TemplateResult =>
  html`<div part="pager" class="pager">
    <button part="previous-button" type="button" aria-disabled=${o.atStart} @click=${o.previous}>
      Previous
    </button>
    <span role="status">${o.status}</span>
    <button part="next-button" type="button" aria-disabled=${o.atEnd} @click=${o.next}>Next</button>
  </div>`;
