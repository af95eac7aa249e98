import { css } from 'lit';

export const commandCenterStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  /* The pane paints its own surface: in the dark theme on a light page its text must not sit
     on the page's background. */
  [part='base'] {
    background: var(--_color-surface);
    padding: calc(var(--_space) * 2);
    border-radius: var(--_radius);
    display: grid;
    gap: calc(var(--_space) * 3);
  }
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: calc(var(--_space) * 2);
  }
  h2,
  h3 {
    margin: 0;
    font-weight: 600;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1em;
  }
  [part='controls'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
  }
  label {
    display: grid;
    gap: calc(var(--_space) / 2);
    font-size: 0.875em;
    color: var(--_color-text-muted);
  }
  select,
  button {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
    min-height: 2.25em;
    max-width: 100%;
  }
  select:focus-visible,
  button:focus-visible,
  [part~='panel']:focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  [part='kpis'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12.571em), 1fr));
    gap: calc(var(--_space) * 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part='panels'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 34.286em), 1fr));
    gap: calc(var(--_space) * 2);
  }
  [part~='panel'] {
    display: grid;
    align-content: start;
    gap: var(--_space);
    min-width: 0;
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
  }
  [part~='wide'] {
    grid-column: 1 / -1;
  }
  [part='filter'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin: 0;
    font-size: 0.875em;
  }
  [part='filter'] span {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .notice {
    margin: 0;
    font-size: 0.875em;
    color: var(--_color-text-muted);
  }
  /* Auto-actions off: it changes how the figures below read, so it is not muted. Server text
     (workflow names) wraps anywhere and is clamped, so a hostile name cannot widen the page. */
  .alert {
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 1px solid var(--_color-warn);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
    color: var(--_color-text);
    overflow-wrap: anywhere;
  }
  .alert .name {
    display: inline-block;
    max-inline-size: 100%;
    max-block-size: 3lh;
    overflow: hidden;
    vertical-align: top;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    [part~='panel'],
    select,
    button {
      border-color: CanvasText;
    }
  }
`;
