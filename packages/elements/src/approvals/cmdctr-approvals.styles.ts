import { css } from 'lit';

export const approvalsStyles = css`
  :host {
    container-type: inline-size;
  }
  .inbox {
    display: grid;
    gap: var(--_space);
    grid-template-columns: minmax(0, 1fr);
  }
  /* Side by side when there is room; on narrow screens the card follows the list. */
  @container (min-width: 45.714em) {
    .inbox {
      grid-template-columns: minmax(16em, 1fr) minmax(0, 2fr);
      align-items: start;
    }
  }
  .list {
    display: grid;
    gap: 0.286em;
    margin: 0;
    padding: 0;
    list-style: none;
    max-height: 36.571em;
    overflow-y: auto;
  }
  .item {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0 var(--_space);
    width: 100%;
    padding: var(--_space);
    text-align: start;
    border: 1px solid var(--_color-border);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
  }
  .item[aria-current='true'] {
    border-inline-start-color: var(--_color-accent);
    font-weight: 600;
  }
  .type,
  .meta {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
  }
  .meta {
    grid-column: 1 / -1;
    color: var(--_color-text-muted);
    font-weight: normal;
  }
  .due {
    font-variant-numeric: tabular-nums;
  }
  .due.overdue {
    color: var(--_color-critical);
  }
  dialog {
    width: min(100vw - 1.143em, 45.714em);
    max-height: calc(100vh - 1.143em);
    padding: var(--_space);
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
  }
  dialog form {
    display: flex;
    justify-content: end;
    margin-bottom: var(--_space);
  }
  @media (prefers-reduced-motion: no-preference) {
    dialog[open] {
      animation: cmdctr-rise 0.15s ease-out;
    }
  }
  @keyframes cmdctr-rise {
    from {
      transform: translateY(0.571em);
      opacity: 0;
    }
  }
  .hint {
    margin: 0;
    padding: var(--_space);
    color: var(--_color-text-muted);
  }
  @media (forced-colors: active) {
    .item[aria-current='true'] {
      border-inline-start-color: Highlight;
    }
  }
`;
