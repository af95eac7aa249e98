import { css, html, nothing, type TemplateResult } from 'lit';
import type { CmdctrError } from '@cmdctr/contract';
import type { MetricController } from './metric-controller.js';
import type { Formatters } from './format.js';

export interface StateOptions<T> {
  /** Accessible name of the element's region, e.g. "Exceptions by type". */
  label: string;
  /** What the empty state says, e.g. "No exceptions in this range". */
  emptyText: string;
  /** Draws the data. */
  content: (data: T) => TemplateResult;
  fmt: Formatters;
}

/** Headlines by error kind; other kinds show the server's own title. */
const TITLES: Partial<Record<CmdctrError['kind'], string>> = {
  forbidden: 'Not permitted',
  'auth-required': 'Sign-in required',
  network: 'Cannot reach the server',
  timeout: 'The server took too long to answer',
  'invalid-response': 'The server sent data this view cannot read',
};

/** The headline of an error: by kind, else the server's own title. */
const errorTitle = (error: CmdctrError): string =>
  TITLES[error.kind] ?? (error.problem?.title || error.message);

const retryButton = (retry: () => void): TemplateResult =>
  html`<button part="retry-button" type="button" @click=${retry}>Retry</button>`;

/**
 * The frame every data element renders: region with an accessible name, then exactly one of
 * skeleton (only after a delay), error with retry, empty, or the content — with a stale notice
 * above the content when a refresh failed and the last good data is kept on screen.
 */
export function renderState<T>(
  controller: MetricController<T>,
  options: StateOptions<T>,
): TemplateResult {
  const { status, data, error, stale, showSkeleton, loading } = controller;
  const retry = () => void controller.refresh();
  return html`<section
    part="base"
    class="frame"
    role="region"
    aria-label=${options.label}
    aria-busy=${loading ? 'true' : 'false'}
  >
    ${
      stale && error && data !== undefined
        ? renderStaleNotice(controller, error, options.fmt, retry)
        : nothing
    }
    ${
      status === 'loading' || status === 'idle'
        ? showSkeleton
          ? html`<div part="skeleton" class="skeleton" aria-hidden="true">
                <div class="bar"></div>
                <div class="bar"></div>
                <div class="bar"></div>
              </div>
              <p class="visually-hidden" role="status">Loading ${options.label}…</p>`
          : nothing
        : nothing
    }
    ${status === 'error' && error ? renderError(error, retry) : nothing}
    ${
      status === 'empty'
        ? html`<p part="empty" class="empty" role="status">${options.emptyText}</p>`
        : nothing
    }
    ${status === 'ready' && data !== undefined ? options.content(data) : nothing}
  </section>`;
}

function renderError(error: CmdctrError, retry: () => void): TemplateResult {
  // Under a headline by kind, the server's own words are the hint.
  const hint = TITLES[error.kind]
    ? error.problem?.title || error.message
    : (error.problem?.detail ?? '');
  return html`<div part="error" class="error" role="alert">
    <p class="error-title">${errorTitle(error)}</p>
    ${hint ? html`<p class="error-hint">${hint}</p>` : nothing}
    ${
      // Retrying cannot grant a permission.
      error.kind !== 'forbidden' ? retryButton(retry) : nothing
    }
  </div>`;
}

function renderStaleNotice<T>(
  controller: MetricController<T>,
  error: CmdctrError,
  fmt: Formatters,
  retry: () => void,
): TemplateResult {
  const asOf = controller.response?.receivedAt;
  return html`<div part="stale" class="stale" role="status">
    <span
      >Showing data from ${asOf ? fmt.dateTime(asOf) : 'earlier'}: the last refresh failed
      (${errorTitle(error)}).</span
    >
    ${retryButton(retry)}
  </div>`;
}

export const stateStyles = css`
  .frame {
    position: relative;
    min-height: 6.857em;
    background: var(--_color-surface);
    color: var(--_color-text);
    border-radius: var(--_radius);
  }
  .skeleton {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
  }
  .skeleton .bar {
    height: 1.429em;
    border-radius: var(--_radius);
    background: var(--_color-skeleton);
    animation: cmdctr-pulse 1.2s ease-in-out infinite;
  }
  .skeleton .bar:nth-child(2) {
    width: 80%;
  }
  .skeleton .bar:nth-child(3) {
    width: 60%;
  }
  @keyframes cmdctr-pulse {
    50% {
      opacity: 0.45;
    }
  }
  .error,
  .empty {
    display: grid;
    place-items: center;
    gap: var(--_space);
    min-height: 6.857em;
    padding: var(--_space);
    text-align: center;
    overflow-wrap: anywhere;
  }
  .error-title {
    margin: 0;
    font-weight: 600;
    color: var(--_color-critical);
  }
  .error-hint,
  .empty {
    margin: 0;
    color: var(--_color-text-muted);
  }
  .stale {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) / 2) var(--_space);
    margin-bottom: var(--_space);
    border: 1px dashed var(--_color-warn);
    border-radius: var(--_radius);
    color: var(--_color-text);
    overflow-wrap: anywhere;
  }
`;
