import {
  LitElement,
  type CSSResultGroup,
  type PropertyDeclarations,
  type PropertyValues,
  type ReactiveController,
} from 'lit';
import { clientFor, type CmdctrClient } from '@cmdctr/contract';
import { consumeConfig, type CmdctrConfig } from './config-context.js';
import { formatters, type Bucket, type Formatters } from './format.js';
import { themeStyles, type ThemeName } from './theme.js';
import { stateStyles } from './states.js';

/** A controller that can fetch its data again (MetricController). */
interface Reloadable {
  refresh(): Promise<void>;
}

// Keyed by element rather than a private field: LitElement's constructor may add controllers
// before a subclass's fields exist.
const reloadables = new WeakMap<LitElement, Set<Reloadable>>();

/** A boolean attribute whose absence means "not set here" (so a config's value can apply). */
const optionalBoolean = {
  fromAttribute: (value: string | null) => (value === null ? undefined : value !== 'false'),
  toAttribute: (value: boolean | undefined) => (value ? '' : null),
};

/**
 * Base class of every cmdctr element: the common query attributes, the settings inherited from
 * `<cmdctr-config>`, the API client, formatting and the theme. Each attribute falls back to the
 * enclosing config's value, then to a default.
 *
 * @cssproperty --cmdctr-font-family - Font family.
 * @cssproperty --cmdctr-font-size - Base font size.
 * @cssproperty --cmdctr-color-surface - Background of the element.
 * @cssproperty --cmdctr-color-surface-raised - Background of buttons, tooltips and menus.
 * @cssproperty --cmdctr-color-text - Text colour.
 * @cssproperty --cmdctr-color-text-muted - Secondary text colour.
 * @cssproperty --cmdctr-color-border - Borders and grid lines.
 * @cssproperty --cmdctr-color-accent - Accent and link colour.
 * @cssproperty --cmdctr-color-focus - Focus ring colour.
 * @cssproperty --cmdctr-color-ok - Status colour: within target.
 * @cssproperty --cmdctr-color-warn - Status colour: past the warn threshold.
 * @cssproperty --cmdctr-color-critical - Status colour: past the critical threshold.
 * @cssproperty --cmdctr-color-skeleton - Loading skeleton colour.
 * @cssproperty --cmdctr-color-scale-0 - Sequential colour scale, lowest stop (1 to 3 between).
 * @cssproperty --cmdctr-color-scale-4 - Sequential colour scale, highest stop.
 * @cssproperty --cmdctr-radius - Corner radius.
 * @cssproperty --cmdctr-space - Base spacing unit.
 *
 * @event cmdctr-error - A request failed; `detail.error` is the typed error, `detail.stale` says
 * whether the last good data is still shown.
 * @event cmdctr-auth-required - The API answered 401: the host should renew its token, then call
 * `reload()`.
 */
export abstract class CmdctrElement extends LitElement {
  static override styles: CSSResultGroup = [themeStyles, stateStyles];

  // Declared without decorators: Lit's decorator runtime would ship in every element for nothing
  // that `static properties` cannot say. Each field below keeps its documentation.
  static override get properties(): PropertyDeclarations {
    return {
      workflow: {},
      region: {},
      from: {},
      to: {},
      range: {},
      bucket: {},
      tz: {},
      src: {},
      refresh: { type: Number },
      live: { converter: optionalBoolean },
      locale: {},
      theme: {},
      inheritedConfig: { attribute: false },
    };
  }

  /** Workflow id(s) to show, comma-separated; empty means every workflow the user may see. */
  workflow?: string;

  /** Region code(s), comma-separated (e.g. `NA,EMEA`). */
  region?: string;

  /** Start of the time range (RFC 3339). Use with `to`, or use `range`. */
  from?: string;

  /** End of the time range (RFC 3339, exclusive). */
  to?: string;

  /** Time range ending now, as an ISO 8601 duration (e.g. `P7D`, `PT24H`). */
  range?: string;

  /** Bucket size of time series: `hour`, `day` or `week`. */
  bucket?: Bucket;

  /** IANA time zone for bucket edges and labels (e.g. `Europe/Berlin`). */
  tz?: string;

  /** API base URL. Empty string means the page's own origin. */
  src?: string;

  /** Seconds between automatic refreshes; 0 or unset turns polling off. */
  refresh?: number;

  /** Subscribe to the API's live stream and refresh when this element's data changes. */
  live?: boolean;

  /** BCP 47 locale for numbers and dates; defaults to the page's language. */
  locale?: string;

  /** Colour theme: `light`, `dark` or `auto` (follows the operating system). */
  theme?: ThemeName;

  /** Settings from the nearest `<cmdctr-config>`, if any. */
  inheritedConfig?: CmdctrConfig;

  constructor() {
    super();
    // What `@consume({ context: configContext, subscribe: true })` sets up, without its runtime.
    consumeConfig(this, (value) => {
      this.inheritedConfig = value;
    });
  }

  /** Settings in force: own attributes first, then `<cmdctr-config>`'s. */
  get config(): Required<Pick<CmdctrConfig, 'src' | 'theme' | 'refresh' | 'live'>> & CmdctrConfig {
    const inherited = this.inheritedConfig ?? {};
    return {
      ...inherited,
      src: this.src ?? inherited.src ?? '',
      locale: this.locale ?? inherited.locale ?? this.#closestLang(),
      tz: this.tz ?? inherited.tz,
      theme: this.theme ?? inherited.theme ?? 'light',
      refresh: this.refresh ?? inherited.refresh ?? 0,
      live: this.live ?? inherited.live ?? false,
      workflow: this.workflow ?? inherited.workflow,
      region: this.region ?? inherited.region,
      range: this.range ?? inherited.range,
      bucket: this.bucket ?? inherited.bucket,
    };
  }

  /** The API client: the config's when this element has no `src` of its own. */
  get client(): CmdctrClient {
    const inherited = this.inheritedConfig;
    if (inherited?.client && (this.src === undefined || this.src === inherited.src)) {
      return inherited.client;
    }
    return clientFor({ baseUrl: this.config.src });
  }

  /** Formatting for this element's locale and time zone. */
  get fmt(): Formatters {
    const config = this.config;
    return formatters(config.locale, config.tz);
  }

  /** The common query parameters of the contract, from attributes and config. */
  protected commonQuery(): Record<string, string | undefined> {
    const config = this.config;
    const explicitRange = this.from !== undefined || this.to !== undefined;
    return {
      workflow: config.workflow || undefined,
      region: config.region || undefined,
      from: this.from,
      to: this.to,
      // An element's own from/to wins over a range inherited from the config.
      range: explicitRange ? this.range : config.range,
      bucket: config.bucket,
      tz: config.tz ?? this.fmt.timeZone,
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const theme = this.config.theme;
    if (this.dataset.theme !== theme) this.dataset.theme = theme;
  }

  /**
   * Fetches this element's data again now, e.g. after `cmdctr-auth-required` once the host has
   * renewed its token. Resolves when every request has settled (errors show in the element).
   */
  reload(): Promise<void> {
    const controllers = [...(reloadables.get(this) ?? [])];
    return Promise.all(controllers.map((c) => c.refresh())).then(() => undefined);
  }

  // Data controllers register through addController like any other; the ones that can refetch
  // are remembered for reload(), without the base importing MetricController (a cycle).
  override addController(controller: ReactiveController): void {
    super.addController(controller);
    if (typeof (controller as Partial<Reloadable>).refresh === 'function') {
      let set = reloadables.get(this);
      if (!set) reloadables.set(this, (set = new Set()));
      set.add(controller as ReactiveController & Reloadable);
    }
  }

  override removeController(controller: ReactiveController): void {
    super.removeController(controller);
    reloadables.get(this)?.delete(controller as ReactiveController & Reloadable);
  }

  #closestLang(): string | undefined {
    const withLang = this.closest('[lang]');
    return withLang?.getAttribute('lang') || undefined;
  }
}
