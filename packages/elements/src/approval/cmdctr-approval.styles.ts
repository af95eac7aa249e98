import { css } from 'lit';

export const approvalStyles = css`
  .card {
    display: grid;
    /* One column no wider than the card: an auto column grows to the widest unbreakable
       content (a truncated nowrap name counts at full length), pushing the card off screen. */
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
    min-width: 0;
  }
  .card p,
  .card dl,
  .card ul,
  dd,
  h3,
  h4 {
    margin: 0;
  }
  h3 {
    font-size: 1.143em;
  }
  h4 {
    font-size: 1em;
  }
  /* Server strings can be 10,000 characters of anything: wrap them, isolate their direction. */
  .text,
  dd,
  dt,
  h3,
  .long,
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
    font-size: 0.857em;
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
  /* The term column fits its terms but never takes more than 40%: with max-content, one long
     term left the value column a character wide. */
  .facts,
  .evidence {
    display: grid;
    grid-template-columns: fit-content(40%) minmax(0, 1fr);
    gap: 0.143em var(--_space);
  }
  dt {
    color: var(--_color-text-muted);
  }
  /* Terms and the heading are short in practice; a long one is cut to three lines (the whole
     text stays in the accessibility tree and in the title). */
  dt,
  h3,
  .long {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
  }
  /* Server text over 280 characters, not a term: four lines before "Show all". */
  .long {
    -webkit-line-clamp: 4;
  }
  .long.open {
    display: block;
    max-height: 16em;
    overflow-y: auto;
  }
  .show-all {
    margin-top: 0.143em;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_color-accent);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
  .clip {
    display: inline-block;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    vertical-align: bottom;
    unicode-bidi: isolate;
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
  /* A link shown as text (not http(s)) is clipped to its line, not as wide as its URL. */
  .links > li {
    min-width: 0;
    max-width: 100%;
  }
  a {
    color: var(--_color-accent);
  }
  .track {
    position: relative;
    height: 0.571em;
    margin-top: 0.286em;
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
  .card,
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
    gap: 0.286em;
  }
  textarea {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: 0.286em;
    resize: vertical;
    width: 100%;
  }
  textarea[aria-invalid='true'] {
    border: 2px solid var(--_color-critical);
  }
  .buttons,
  .result {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .approve {
    border-color: var(--_color-accent);
  }
  @media (forced-colors: active) {
    .fill,
    .mark {
      background: CanvasText;
    }
  }
`;
