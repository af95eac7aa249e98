import { LitElement, css, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { CmdctrClient, type CmdctrClientOptions } from '@cmdctr/contract';
import { provideConfig, type CmdctrConfig } from '../base/config-context.js';
import type { Bucket } from '../base/format.js';
import type { ThemeName } from '../base/theme.js';

/** How requests authenticate. */
export type AuthMode = 'none' | 'cookie' | 'bearer' | 'servicenow';

declare global {
  interface Window {
    /** ServiceNow's session token on portal pages. */
    g_ck?: string;
  }
}

/**
 * Shares settings with every cmdctr element inside it, so a portal admin sets the API, auth,
 * locale, time zone and theme once. Elements' own attributes still win.
 *
 * @summary Provides the API, auth, locale, time zone, theme and filters to the elements inside it.
 *
 * @slot - The cmdctr elements (and any other content) that use these settings.
 *
 * @example
 * ```html
 * <cmdctr-config src="https://ops.example.com/api" auth="servicenow" tz="Europe/Berlin" theme="auto">
 *   <cmdctr-heatmap workflow="p2p_invoice_matching"></cmdctr-heatmap>
 * </cmdctr-config>
 * ```
 */
export class CmdctrConfigElement extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override get properties(): PropertyDeclarations {
    return {
      src: {},
      auth: {},
      locale: {},
      tz: {},
      theme: { reflect: true },
      refresh: { type: Number },
      live: { type: Boolean },
      workflow: {},
      region: {},
      range: {},
      bucket: {},
      timeout: { type: Number },
      tokenProvider: { attribute: false },
      headers: { attribute: false },
    };
  }

  /** API base URL; empty string means the page's own origin. */
  src = '';

  /**
   * How requests authenticate: `none`; `cookie` (send the page's cookies to another origin);
   * `bearer` (an `Authorization` header from `tokenProvider`); `servicenow` (the portal session
   * token `window.g_ck` as `X-UserToken`, with cookies).
   */
  auth: AuthMode = 'none';

  /** BCP 47 locale for every element inside (e.g. `de-DE`). */
  locale?: string;

  /** IANA time zone for every element inside (e.g. `Europe/Berlin`). */
  tz?: string;

  /** Colour theme for every element inside: `light`, `dark` or `auto`. */
  theme?: ThemeName;

  /** Seconds between automatic refreshes for every element inside. */
  refresh?: number;

  /** Subscribe every element inside to the live stream. */
  live?: boolean;

  /** Default workflow filter for the elements inside. */
  workflow?: string;

  /** Default region filter for the elements inside. */
  region?: string;

  /** Default time range (ISO 8601 duration) for the elements inside. */
  range?: string;

  /** Default bucket size for the elements inside. */
  bucket?: Bucket;

  /** Request timeout in milliseconds (default 10 000). */
  timeout?: number;

  /** Returns the bearer token for `auth="bearer"`; called before every request. */
  tokenProvider?: CmdctrClientOptions['tokenProvider'];

  /** Extra request headers (an object, or a function called per request). */
  headers?: CmdctrClientOptions['headers'];

  readonly #provider = provideConfig(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    const previous = this.#provider.value;
    const clientChanged =
      !previous?.client ||
      changed.has('src') ||
      changed.has('auth') ||
      changed.has('tokenProvider') ||
      changed.has('headers') ||
      changed.has('timeout');
    const client = clientChanged ? new CmdctrClient(this.#clientOptions()) : previous.client;
    // A new object on every change tells every consumer to update.
    this.#provider.setValue({
      src: this.src,
      client,
      locale: this.locale,
      tz: this.tz,
      theme: this.theme,
      refresh: this.refresh,
      live: this.live,
      workflow: this.workflow,
      region: this.region,
      range: this.range,
      bucket: this.bucket,
    });
  }

  /** The settings the elements inside currently receive. */
  get provided(): CmdctrConfig | undefined {
    return this.#provider.value;
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  #clientOptions(): CmdctrClientOptions {
    const options: CmdctrClientOptions = { baseUrl: this.src };
    if (this.timeout) options.timeoutMs = this.timeout;
    const extra = this.headers;
    switch (this.auth) {
      case 'cookie':
        options.credentials = 'include';
        break;
      case 'bearer':
        options.tokenProvider = this.tokenProvider;
        break;
      case 'servicenow':
        options.credentials = 'include';
        options.headers = () => ({
          ...(typeof extra === 'function' ? extra() : extra),
          ...(window.g_ck ? { 'X-UserToken': window.g_ck } : {}),
        });
        return options;
      default:
        break;
    }
    if (extra) options.headers = extra;
    return options;
  }
}
