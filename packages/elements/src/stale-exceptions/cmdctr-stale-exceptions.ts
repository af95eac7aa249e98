import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import {
  ExceptionListResponseSchema,
  type ExceptionItem,
  type ExceptionListResponse,
} from '@cmdctr/contract';
import {
  ClockController,
  CmdctrElement,
  MetricController,
  emit,
  listTableStyles,
  pager,
  pagerStyles,
  renderState,
  safeHref,
} from '../base/index.js';
import { staleExceptionsStyles } from './cmdctr-stale-exceptions.styles.js';
import {
  liveAgeMinutes,
  nextSort,
  pageRange,
  sortPage,
  type PageSort,
  type Severity,
  type SortKey,
} from './stale-exceptions-view.js';

/** What a host page learns when a person activates an exception's row. */
export interface SelectDetail {
  /** The exception's id, e.g. `EXC-P2P-007182`. */
  id: string;
  /** Joins orchestration runs, tickets and ERP documents. */
  correlationId: string;
  /** Workflow id the exception belongs to. */
  workflow: string;
}

// Adds the event to the base's typed map without touching the shared base module.
declare module '../base/events.js' {
  interface CmdctrEventMap {
    'cmdctr-select': SelectDetail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cmdctr-select': CustomEvent<SelectDetail>;
  }
}

/** One page: the cursor that fetched it and how many items came before it. */
interface Page {
  cursor: string | undefined;
  start: number;
}

// A shape per severity besides the word, so the level never reads from colour alone.
const SHAPES: Record<Severity, string> = { critical: '◆', high: '▲', medium: '●', low: '○' };
const LINKS = [
  ['ticket', 'Ticket'],
  ['erpDocument', 'ERP document'],
  ['runbook', 'Runbook'],
] as const;
const FIRST: Page = { cursor: undefined, start: 0 };

/**
 * The open exceptions past their workflow's stale-exception timer, most urgent first as the
 * server orders them: live age, type, severity (word and shape), owner or "unowned", who the
 * escalation pages, and links to the ticket, ERP document and runbook. Only http(s) links become
 * links; anything else shows as plain text. Pages follow the contract's cursor (Previous/Next);
 * the Age and Severity headers re-order the current page only. Ages tick on the server's clock,
 * so a client clock that is wrong does not change them.
 *
 * @summary Stale open exceptions with live ages, owners, escalation targets and links.
 *
 * @csspart base - The region wrapping the element.
 * @csspart table-wrap - The scrollable, focusable region around the table.
 * @csspart table - The table of exceptions.
 * @csspart row - One exception's row; carries `aria-current="true"` when selected.
 * @csspart id-button - The exception id button that selects the row.
 * @csspart sort-button - The Age and Severity header buttons.
 * @csspart severity - Severity word and shape.
 * @csspart unowned - The "unowned" marker of an exception without an owner.
 * @csspart link - A ticket, ERP document or runbook link.
 * @csspart pager - The paging controls and "Showing 1–25".
 * @csspart previous-button - The "Previous" page button.
 * @csspart next-button - The "Next" page button.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-color-surface - Background.
 * @cssproperty --cmdctr-color-surface-raised - Header row and button background.
 * @cssproperty --cmdctr-color-text - Text.
 * @cssproperty --cmdctr-color-text-muted - Workflow and region under the id; low severities.
 * @cssproperty --cmdctr-color-border - Row rules.
 * @cssproperty --cmdctr-color-accent - Links and the selected row's marker.
 * @cssproperty --cmdctr-color-focus - Focus ring.
 * @cssproperty --cmdctr-color-warn - High severity and the "unowned" marker.
 * @cssproperty --cmdctr-color-critical - Critical severity.
 * @cssproperty --cmdctr-stale-exceptions-text-max - Widest a type, owner or escalation cell grows before it ends in an ellipsis (default 13.714em).
 *
 * @event cmdctr-select - An exception's id button was activated (click, Enter or Space).
 * Cancelable; when not cancelled the row becomes `selected`. `detail`: `{ id, correlationId,
 * workflow }`.
 */
export class CmdctrStaleExceptions extends CmdctrElement {
  static override styles = [
    CmdctrElement.styles,
    listTableStyles,
    pagerStyles,
    staleExceptionsStyles,
  ];

  static override get properties(): PropertyDeclarations {
    return {
      type: {},
      owner: {},
      limit: { type: Number },
      selected: { reflect: true },
      label: {},
      pages: { state: true, attribute: false },
      sort: { state: true, attribute: false },
    };
  }

  /** Exception type code(s), comma-separated (e.g. `MISSING_PO,DUPLICATE_INVOICE`). */
  type?: string;

  /** Only this owner's exceptions. An empty value (`owner=""`) lists the unowned ones. */
  owner?: string;

  /** Page size: exceptions per page (1–200). */
  limit = 25;

  /** Id of the selected exception; set when a row is activated and `cmdctr-select` is not cancelled. */
  selected?: string;

  /** Accessible name and table caption; defaults to "Stale exceptions". */
  label?: string;

  /** Pages visited, last is shown: Previous pops back to the cursor before. */
  private pages: Page[] = [FIRST];

  private sort: PageSort | undefined;

  readonly #metric: MetricController<ExceptionListResponse> = new MetricController(this, {
    path: '/v1/exceptions',
    schema: ExceptionListResponseSchema,
    query: () => {
      this.#asked = this.pages.at(-1) ?? FIRST;
      return this.query();
    },
    // A later page can come back empty (exceptions resolved meanwhile): it keeps its pager, so
    // Previous stays in reach; only an empty first page is the empty state.
    isEmpty: (d) => d.items.length === 0 && this.pages.length < 2,
    metric: 'exceptions-list',
  });
  // Ages are shown in minutes, so a tick a minute is all they need.
  readonly #clock = new ClockController(this, 60_000);
  #filters = '';
  /**
   * The page last asked for, and the page the data on screen belongs to: while the next page
   * loads, the old one stays on screen, so its range and its Next must stay its own.
   */
  #asked = FIRST;
  #shown = FIRST;
  #seen: unknown;
  #synced: unknown;
  #focusedId: string | undefined;

  // ------------------------------------------------------------------ lifecycle

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // New filters start again at the first page: a cursor belongs to the query that made it.
    const filters = JSON.stringify(this.filterQuery());
    if (filters !== this.#filters) {
      if (this.#filters) this.pages = [FIRST];
      this.#filters = filters;
    }
    if (this.#metric.data !== this.#seen) {
      this.#seen = this.#metric.data;
      this.#shown = this.#asked;
    }
    const response = this.#metric.response;
    if (response !== this.#synced) {
      this.#synced = response;
      this.#clock.sync(response);
    }
    // Remember which exception had focus, to find it again if a refresh moved its row.
    const row = (this.renderRoot as ShadowRoot | undefined)?.activeElement?.closest('tr');
    this.#focusedId = row?.dataset.id;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const id = this.#focusedId;
    const active = (this.renderRoot as ShadowRoot).activeElement;
    if (id && active?.closest('tr')?.dataset.id !== id) {
      const row = [...this.renderRoot.querySelectorAll('tr')].find((r) => r.dataset.id === id);
      row?.querySelector('button')?.focus();
    }
  }

  // ------------------------------------------------------------------ data

  /** The list's filters: the common ones the operation takes, stale open exceptions, type, owner. */
  protected filterQuery(): Record<string, string | undefined> {
    const { workflow, region, from, to, range } = this.commonQuery();
    return {
      workflow,
      region,
      from,
      to,
      range,
      stale: 'true',
      status: 'open',
      type: this.type || undefined,
      owner: this.owner,
      limit: String(this.limit),
    };
  }

  /** Query sent to the API: the filters plus the current page's cursor. */
  protected query(): Record<string, string | undefined> {
    return { ...this.filterQuery(), cursor: this.pages.at(-1)?.cursor };
  }

  get #label(): string {
    return this.label || 'Stale exceptions';
  }

  // ------------------------------------------------------------------ handlers

  #next(data: ExceptionListResponse): void {
    const shown = this.#shown;
    // A second Next before the asked page arrived would follow the old page's cursor again.
    if (!data.nextCursor || shown !== this.pages.at(-1)) return;
    this.pages = [
      ...this.pages,
      { cursor: data.nextCursor, start: shown.start + data.items.length },
    ];
  }

  #previous(): void {
    if (this.pages.length > 1) this.pages = this.pages.slice(0, -1);
  }

  #sortBy(key: SortKey): void {
    this.sort = nextSort(this.sort, key);
  }

  #select(item: ExceptionItem): void {
    const detail = { id: item.id, correlationId: item.correlationId, workflow: item.workflow };
    if (emit(this, 'cmdctr-select', detail, { cancelable: true })) this.selected = item.id;
  }

  // ------------------------------------------------------------------ render

  override render() {
    return renderState(this.#metric, {
      label: this.#label,
      emptyText: 'No stale exceptions — every open exception is within its timer.',
      content: (data) => this.#renderList(data),
      fmt: this.fmt,
    });
  }

  #renderList(data: ExceptionListResponse) {
    const sort = this.sort;
    const asOf = Date.parse(data.meta.asOf);
    const now = this.#clock.now();
    const ageOf = (item: ExceptionItem) => liveAgeMinutes(item, asOf, now);
    const page = this.#shown;
    const [first, last] = pageRange(page.start, data.items.length);
    const order = sort
      ? `this page by ${sort.key}, ${sort.key === 'age' ? (sort.direction === 'descending' ? 'oldest' : 'newest') : sort.direction === 'descending' ? 'most severe' : 'least severe'} first`
      : 'most urgent first';
    const header = (key: SortKey, text: string) =>
      html`<th scope="col" aria-sort=${sort?.key === key ? sort.direction : 'none'}>
        <button part="sort-button" type="button" @click=${() => this.#sortBy(key)}>
          ${text}<span class="visually-hidden">, sort this page only</span
          ><span class="arrow" aria-hidden="true"
            >${sort?.key === key ? (sort.direction === 'ascending' ? '↑' : '↓') : '↕'}</span
          >
        </button>
      </th>`;
    return html`<div
        part="table-wrap"
        class="wrap"
        role="region"
        aria-label="${this.#label}, table"
        tabindex="0"
      >
        <table part="table">
          <caption>
            ${this.#label}, ${order}
          </caption>
          <thead>
            <tr>
              <th scope="col">Exception</th>
              ${header('age', 'Age')}
              <th scope="col">Type</th>
              ${header('severity', 'Severity')}
              <th scope="col">Owner</th>
              <th scope="col">Escalates to</th>
              <th scope="col">Links</th>
            </tr>
          </thead>
          <tbody>
            ${sortPage(data.items, sort, ageOf).map((item) => {
              const age = ageOf(item);
              return html`<tr
                part="row"
                data-id=${item.id}
                aria-current=${this.selected === item.id ? 'true' : nothing}
              >
                <th scope="row">
                  <button part="id-button" type="button" @click=${() => this.#select(item)}>
                    ${clip(item.id)}
                  </button>
                  <span class="sub">${clip(item.workflow)} · ${clip(item.region)}</span>
                </th>
                <td>
                  <time datetime="PT${age}M" title="Raised ${this.fmt.dateTime(item.raisedAt)}"
                    >${this.fmt.minutes(age)}</time
                  >
                </td>
                <td>${clip(item.type)}</td>
                <td>
                  <span part="severity" class="sev ${item.severity}"
                    ><span aria-hidden="true">${SHAPES[item.severity]}</span> ${item.severity}</span
                  >
                </td>
                <td>
                  ${item.owner ? clip(item.owner) : html`<span part="unowned" class="un">unowned</span>`}
                </td>
                <td>${clip(item.escalationTarget)}</td>
                <td>
                  <div class="links">
                    ${LINKS.map(([key, name]) => link(name, item.links[key], item.id))}
                  </div>
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${pager({
        status: data.items.length
          ? `Showing ${this.fmt.number(first)}–${this.fmt.number(last)}`
          : 'No more stale exceptions on this page',
        atStart: this.pages.length < 2,
        atEnd: !data.nextCursor,
        previous: () => this.#previous(),
        next: () => this.#next(data),
      })}`;
  }
}

/** A server string in a bounded, direction-isolated box; the full text is in its title. */
function clip(text: string) {
  return html`<bdi class="clip" title=${text}>${text}</bdi>`;
}

/**
 * A link from data: only http(s) through `safeHref` becomes an anchor (a new tab, without
 * opener or referrer); any other value is shown as inert text so a person can still read it.
 */
function link(name: string, url: string | null, id: string) {
  if (url == null) return nothing;
  const href = safeHref(url);
  return href
    ? html`<a part="link" href=${href} target="_blank" rel="noopener noreferrer"
        >${name}<span class="visually-hidden"> of ${id} (opens in new tab)</span></a
      >`
    : html`<span class="unsafe">${name}: ${clip(url)}</span>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-stale-exceptions': CmdctrStaleExceptions;
  }
}
