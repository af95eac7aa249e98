import { css } from 'lit';

export const approvalStyles = css`
  .card {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  .card p,
  .card dl,
  .card ul,
  h3,
  h4 {
    margin: 0;
  }
  h3 {
    font-size: 1rem;
  }
  h4 {
    font-size: 0.875rem;
  }
  /* Server strings can be 10,000 characters of anything: wrap them, isolate their direction. */
  .text,
  dd,
  dt,
  h3,
  .receipt code {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
    min-width: 0;
  }
  .header {
    display: flex;
    gap: var(--_space);
    align-items: start;
    justify-content: space-between;
  }
  .badge {
    flex: none;
    padding: 0 0.4em;
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    font-size: 0.75rem;
    text-transform: capitalize;
  }
  .badge.approved {
    color: var(--_color-ok);
  }
  .badge.rejected,
  .badge.overdue,
  .due.overdue,
  .reason-error,
  .result.bad {
    color: var(--_color-critical);
  }
  .due {
    font-weight: 600;
  }
  .due.soon {
    color: var(--_color-warn);
  }
  .muted {
    color: var(--_color-text-muted);
    font-weight: normal;
  }
  .facts,
  .evidence {
    display: grid;
    grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr);
    gap: 0.125rem var(--_space);
  }
  dt {
    color: var(--_color-text-muted);
  }
  dd {
    margin: 0;
  }
  .evidence {
    padding: var(--_space);
    background: var(--_color-surface-raised);
    border-radius: var(--_radius);
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    padding: 0;
    list-style: none;
  }
  a {
    color: var(--_color-accent);
  }
  .track {
    position: relative;
    height: 0.5rem;
    margin-top: 0.25rem;
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
  }
  .fill {
    height: 100%;
    background: var(--_color-ok);
    border-radius: var(--_radius);
  }
  .mark {
    position: absolute;
    top: -0.25rem;
    bottom: -0.25rem;
    width: 2px;
    background: var(--_color-text);
  }
  .decision,
  .not-allowed,
  .result {
    padding: var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
  }
  .receipt code {
    word-break: break-all;
  }
  .form {
    display: grid;
    gap: 0.25rem;
  }
  textarea {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: 0.25rem;
    resize: vertical;
    width: 100%;
  }
  textarea[aria-invalid='true'] {
    border: 2px solid var(--_color-critical);
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .approve {
    border-color: var(--_color-accent);
  }
  .result {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  @media (forced-colors: active) {
    .fill,
    .mark {
      background: CanvasText;
    }
  }
`;
