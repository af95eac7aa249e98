import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import {
  CmdctrError,
  LedgerListResponseSchema,
  LedgerVerifyResponseSchema,
  type LedgerEntry,
  type LedgerListResponse,
  type LedgerVerifyResponse,
} from '@cmdctr/contract';
import {
  CmdctrElement,
  MetricController,
  download,
  emit,
  exportFilename,
  listTableStyles,
  pagerStyles,
  renderState,
} from '../base/index.js';
import { ledgerStyles } from './cmdctr-ledger.styles.js';
import {
  ACTIONS,
  diffEntry,
  ledgerCsv,
  ledgerJson,
  normaliseList,
  shortHash,
} from './ledger-view.js';

/** One page: the cursor that fetched it and how many entries came before it. */
interface Page {
  cursor: string | undefined;
  start: number;
}

type Check =
  | { busy: true; data?: undefined; error?: undefined }
  | { busy?: false; data: LedgerVerifyResponse; error?: undefined }
  | { busy?: false; data?: undefined; error: CmdctrError };

/** An export under way: its format and how many entries have arrived. */
interface Job {
  kind: 'csv' | 'json';
  count: number;
}

const PATH = '/v1/ledger';
const FIRST: Page = { cursor: undefined, start: 0 };
/** Exports and "Show entry" searches stop here: a browser tab should not hold more. */
export const EXPORT_CAP = 10_000;
/** The contract's largest page: fewest round trips when walking every entry. */
const WALK_LIMIT = 200;
const COPIED_MS = 4000;
const CHANGE_MARK = { changed: '≠', added: '+', removed: '−', unchanged: '=' } as const;

const problemText = (error: CmdctrError) => error.problem?.title || error.message;

/**
 * The auditor's view of the decision ledger, newest first: who did what, when and why, under
 * which policy version, with each entry's hash. Entries filter by action and exception type (the
 * filter bar sets `action` and `type`) and by the common workflow and time range. Each row opens
 * to show its before/after as a diff of keys, with the full previous and own hashes.
 * "Verify chain" asks the server to recompute the hash chain and names the first broken entry.
 * "Export CSV"/"Export JSON" download every entry the filters match (up to 10,000), the JSON
 * with every field exactly as received so an auditor can recompute each hash.
 *
 * @summary Hash-chained decision ledger with filters, chain verification and evidence export.
 *
 * @slot - Nothing is slotted; the ledger renders from the API.
 *
 * @csspart toolbar - The filter bar and action buttons.
 * @csspart filters - The fieldset of action checkboxes.
 * @csspart type-input - The exception types text input.
 * @csspart verify-button - The "Verify chain" button.
 * @csspart export-button - The "Export CSV" and "Export JSON" buttons.
 * @csspart cancel-button - Cancels an export or entry search under way.
 * @csspart status - Progress and results of verification, search and export.
 * @csspart verify-alert - The broken-chain (or failed verification) alert.
 * @csspart show-button - "Show entry #N" of a broken chain.
 * @csspart base - The region wrapping the entries.
 * @csspart table-wrap - The scrollable, focusable region around the table.
 * @csspart table - The table of entries.
 * @csspart row - One entry's row; carries `data-broken` when the chain breaks there.
 * @csspart disclosure - The seq button that opens an entry's before/after.
 * @csspart hash - An entry's shortened hash (full value in its title).
 * @csspart copy-button - Copies an entry's full hash.
 * @csspart diff - The before/after of an opened entry (scrolls when tall).
 * @csspart pager - The paging controls and "Showing 1–50".
 * @csspart previous-button - The "Previous" page button.
 * @csspart next-button - The "Next" page button.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-color-surface - Background.
 * @cssproperty --cmdctr-color-surface-raised - Header row, buttons and the opened entry.
 * @cssproperty --cmdctr-color-text - Text.
 * @cssproperty --cmdctr-color-text-muted - Hints, "all workflows", unchanged keys.
 * @cssproperty --cmdctr-color-border - Rules.
 * @cssproperty --cmdctr-color-focus - Focus ring.
 * @cssproperty --cmdctr-color-ok - The intact-chain result.
 * @cssproperty --cmdctr-color-warn - Changed keys of a before/after.
 * @cssproperty --cmdctr-color-critical - The broken chain and its entry.
 * @cssproperty --cmdctr-ledger-text-max - Widest an actor, subject or reason cell grows before it ends in an ellipsis (default 16em).
 * @cssproperty --cmdctr-ledger-diff-max - Tallest an opened entry's before/after grows before it scrolls (default 18.286em).
 *
 * @event cmdctr-error - Loading, verifying or exporting failed; `detail.error` is the typed error.
 */
export class CmdctrLedger extends CmdctrElement {
  static override styles = [CmdctrElement.styles, listTableStyles, pagerStyles, ledgerStyles];

  static override get properties(): PropertyDeclarations {
    return {
      action: { reflect: true },
      type: { reflect: true },
      limit: { type: Number },
      label: {},
      pages: { state: true, attribute: false },
      opened: { state: true, attribute: false },
      check: { state: true, attribute: false },
      job: { state: true, attribute: false },
      message: { state: true, attribute: false },
      copied: { state: true, attribute: false },
    };
  }

  /**
   * Entry actions to show, comma-separated: `decision`, `escalation`, `policy_change`,
   * `auto_actions_switch`, `retention`. Unset shows all. The filter bar's checkboxes set it.
   */
  action?: string;

  /** Exception type codes, comma-separated (e.g. `MISSING_PO`). The filter bar's input sets it. */
  type?: string;

  /** Page size: entries per page (1–200). */
  limit = 50;

  /** Accessible name and table caption; defaults to "Decision ledger". */
  label?: string;

  /** Pages visited, last is shown: Previous pops back to the cursor before. */
  private pages: Page[] = [FIRST];

  /** Seqs of the entries whose before/after is open. */
  private opened: ReadonlySet<number> = new Set();

  /** The last chain verification, or one under way. */
  private check?: Check;

  private job?: Job;

  /** The outcome of the last export or entry search, in words. */
  private message = '';

  /** The entry whose hash was just copied, and whether the clipboard took it. */
  private copied?: { seq: number; ok: boolean };

  readonly #metric: MetricController<LedgerListResponse> = new MetricController(this, {
    path: PATH,
    schema: LedgerListResponseSchema,
    query: () => {
      this.#asked = this.pages.at(-1) ?? FIRST;
      return { ...this.filterQuery(), cursor: this.#asked.cursor };
    },
    // A later page can come back empty: it keeps its pager so Previous stays in reach.
    isEmpty: (d) => d.items.length === 0 && this.pages.length < 2,
    metric: 'ledger',
  });
  #filters = '';
  /** The page last asked for, and the page the data on screen belongs to. */
  #asked = FIRST;
  #shown = FIRST;
  #seen: unknown;
  #focus: { seq: string; part: string } | undefined;
  /** An entry to bring into view and focus after the next render ("Show entry #N"). */
  #target: number | undefined;
  #verifying: AbortController | undefined;
  #walking: AbortController | undefined;
  #copyTimer: ReturnType<typeof setTimeout> | undefined;

  // ------------------------------------------------------------------ lifecycle

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#verifying?.abort();
    this.#walking?.abort();
    clearTimeout(this.#copyTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // New filters start again at the first page: a cursor belongs to the query that made it.
    const filters = JSON.stringify(this.filterQuery());
    if (filters !== this.#filters) {
      if (this.#filters) this.pages = [FIRST];
      this.#filters = filters;
    }
    // While another page loads, the old one stays on screen: its range and Next must stay its own.
    if (this.#metric.data !== this.#seen) {
      this.#seen = this.#metric.data;
      this.#shown = this.#asked;
    }
    // Remember which control of which entry had focus, to find it again if a refresh moved rows.
    const active = (this.renderRoot as ShadowRoot | undefined)?.activeElement;
    const seq = active?.closest('tr')?.dataset.seq;
    this.#focus = seq ? { seq, part: active.getAttribute('part') ?? '' } : undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const rowOf = (seq: string | number) =>
      this.renderRoot.querySelector<HTMLElement>(`tr[data-seq="${seq}"]`);
    const target = this.#target;
    if (target !== undefined && rowOf(target)) {
      this.#target = undefined;
      const button = rowOf(target)!.querySelector<HTMLElement>('[part="disclosure"]')!;
      button.focus();
      button.scrollIntoView?.({ block: 'nearest' });
      return;
    }
    const focus = this.#focus;
    const active = (this.renderRoot as ShadowRoot).activeElement;
    if (focus && active?.closest('tr')?.dataset.seq !== focus.seq) {
      rowOf(focus.seq)?.querySelector<HTMLElement>(`[part="${focus.part}"]`)?.focus();
    }
  }

  // ------------------------------------------------------------------ data

  /** The list's filters: the common ones the operation takes, action, type and page size. */
  protected filterQuery(): Record<string, string | undefined> {
    const { workflow, from, to, range } = this.commonQuery();
    return {
      workflow,
      from,
      to,
      range,
      action: normaliseList(this.action),
      type: normaliseList(this.type),
      limit: String(this.limit),
    };
  }

  get #label(): string {
    return this.label || 'Decision ledger';
  }

  /**
   * Every page the filters match, newest first, `limit` entries a request, following the cursor
   * until the server has no more (or the caller stops iterating).
   */
  async *#walk(signal: AbortSignal, limit: number): AsyncGenerator<LedgerListResponse> {
    let cursor: string | undefined;
    do {
      const { data } = await this.client.get<LedgerListResponse>(PATH, {
        query: { ...this.filterQuery(), limit: String(limit), cursor },
        schema: LedgerListResponseSchema,
        signal,
      });
      yield data;
      cursor = data.nextCursor ?? undefined;
    } while (cursor);
  }

  #failed(error: unknown): CmdctrError | undefined {
    const e = error instanceof CmdctrError ? error : new CmdctrError('network', String(error));
    if (e.kind === 'aborted') return undefined;
    emit(this, 'cmdctr-error', { error: e, stale: false });
    return e;
  }

  // ------------------------------------------------------------------ handlers

  #setAction(event: Event): void {
    const boxes = (event.currentTarget as HTMLElement).querySelectorAll('input');
    this.action = normaliseList(
      [...boxes]
        .filter((b) => b.checked)
        .map((b) => b.value)
        .join(','),
    );
  }

  #setType(event: Event): void {
    this.type = normaliseList((event.target as HTMLInputElement).value);
  }

  #next(data: LedgerListResponse): void {
    const shown = this.#shown;
    if (data.nextCursor && shown === this.pages.at(-1)) {
      this.pages = [
        ...this.pages,
        { cursor: data.nextCursor, start: shown.start + data.items.length },
      ];
    }
  }

  #previous(): void {
    if (this.pages.length > 1) this.pages = this.pages.slice(0, -1);
  }

  #toggle(seq: number): void {
    const opened = new Set(this.opened);
    if (!opened.delete(seq)) opened.add(seq);
    this.opened = opened;
  }

  async #copy(entry: LedgerEntry): Promise<void> {
    let ok = true;
    try {
      await navigator.clipboard.writeText(entry.hash);
    } catch {
      // No clipboard (insecure context, denied permission): the hash stays readable in the row.
      ok = false;
    }
    this.copied = { seq: entry.seq, ok };
    clearTimeout(this.#copyTimer);
    this.#copyTimer = setTimeout(() => (this.copied = undefined), COPIED_MS);
  }

  async #verify(): Promise<void> {
    if (this.check?.busy) return;
    this.#verifying = new AbortController();
    this.check = { busy: true };
    try {
      const { data } = await this.client.get<LedgerVerifyResponse>(`${PATH}/verify`, {
        schema: LedgerVerifyResponseSchema,
        signal: this.#verifying.signal,
        // A verification is only worth something when it ran now, not from a cached answer.
        fresh: true,
      });
      this.check = { data };
    } catch (cause) {
      const error = this.#failed(cause);
      this.check = error ? { error } : undefined;
    }
  }

  /**
   * Brings entry `seq` into view: opened and focused on the current page, else found by walking
   * the filtered pages from the first (newest first, so a smaller seq means it is not there).
   */
  async #show(seq: number): Promise<void> {
    this.opened = new Set(this.opened).add(seq);
    this.#target = seq;
    if (this.#metric.data?.items.some((e) => e.seq === seq)) return this.requestUpdate();
    if (this.#walking) return;
    const walking = (this.#walking = new AbortController());
    this.message = `Looking for entry #${seq}…`;
    const stack: Page[] = [];
    let start = 0;
    let cursor: string | undefined;
    let found = false;
    try {
      for await (const page of this.#walk(walking.signal, this.limit)) {
        stack.push({ cursor, start });
        if (page.items.some((e) => e.seq === seq)) {
          found = true;
          break;
        }
        start += page.items.length;
        cursor = page.nextCursor ?? undefined;
        if (page.items.some((e) => e.seq < seq) || start >= EXPORT_CAP) break;
      }
      this.message = found ? '' : `Entry #${seq} is not among the entries these filters match.`;
      if (found) this.pages = stack;
    } catch (cause) {
      const error = this.#failed(cause);
      this.message = error ? `Could not look for entry #${seq}: ${problemText(error)}` : '';
    } finally {
      this.#walking = undefined;
      if (!found) this.#target = undefined;
    }
  }

  async #export(kind: Job['kind']): Promise<void> {
    if (this.#walking) return;
    const walking = (this.#walking = new AbortController());
    this.job = { kind, count: 0 };
    this.message = '';
    const items: LedgerEntry[] = [];
    let filters: unknown;
    let truncated = false;
    try {
      for await (const page of this.#walk(walking.signal, WALK_LIMIT)) {
        filters ??= page.meta.filters;
        items.push(...page.items);
        if (items.length >= EXPORT_CAP) {
          truncated = items.length > EXPORT_CAP || page.nextCursor != null;
          items.length = EXPORT_CAP;
          break;
        }
        this.job = { kind, count: items.length };
      }
      const body =
        kind === 'csv'
          ? ['\ufeff', ledgerCsv(items)]
          : [ledgerJson({ apiVersion: '1.0', filters, truncated, count: items.length, items })];
      const { from = '', to = '' } = (filters ?? {}) as { from?: string; to?: string };
      download(
        new Blob(body, { type: kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' }),
        exportFilename('ledger', from, to, kind),
      );
      const n = this.fmt.number(items.length);
      this.message = truncated
        ? `Exported the newest ${n} entries as ${kind.toUpperCase()}: an export stops at ${n}. Narrow the filters to export the rest.`
        : `Exported ${n} ${items.length === 1 ? 'entry' : 'entries'} as ${kind.toUpperCase()}.`;
    } catch (cause) {
      const error = this.#failed(cause);
      this.message = error ? `Export failed: ${problemText(error)}` : 'Export cancelled.';
    } finally {
      this.#walking = undefined;
      this.job = undefined;
    }
  }

  #cancel(): void {
    this.#walking?.abort();
  }

  // ------------------------------------------------------------------ render

  override render() {
    const chosen = new Set(normaliseList(this.action)?.split(','));
    const busy = Boolean(this.#walking);
    return html`<div part="toolbar" class="bar">
        <fieldset part="filters" @change=${this.#setAction}>
          <legend>Actions <span class="hint">(none checked: all)</span></legend>
          ${ACTIONS.map(
            ([value, words]) =>
              html`<label
                ><input type="checkbox" value=${value} .checked=${chosen.has(value)} />
                ${words}</label
              >`,
          )}
        </fieldset>
        <label class="type"
          >Exception types <span class="hint">(comma-separated)</span>
          <input
            part="type-input"
            type="text"
            spellcheck="false"
            .value=${this.type ?? ''}
            @change=${this.#setType}
        /></label>
        <div class="actions">
          <button
            part="verify-button"
            type="button"
            aria-disabled=${this.check?.busy ? 'true' : 'false'}
            @click=${this.#verify}
          >
            Verify chain
          </button>
          ${(['csv', 'json'] as const).map(
            (kind) =>
              html`<button
                part="export-button"
                type="button"
                aria-disabled=${busy ? 'true' : 'false'}
                @click=${() => this.#export(kind)}
              >
                Export ${kind.toUpperCase()}
              </button>`,
          )}
        </div>
      </div>
      ${this.#renderCheck()}
      <div class="status">
        <p part="status" role="status">${this.#renderProgress()}</p>
        ${
          busy
            ? html`<button part="cancel-button" type="button" @click=${this.#cancel}>
                Cancel
              </button>`
            : nothing
        }
      </div>
      ${renderState(this.#metric, {
        label: this.#label,
        emptyText: 'No ledger entries match these filters.',
        content: (data) => this.#renderTable(data),
        fmt: this.fmt,
      })}`;
  }

  #renderProgress() {
    const { check, job } = this;
    const data = check?.data;
    const parts: unknown[] = [];
    if (check?.busy) parts.push('Verifying the chain…');
    if (data?.ok) {
      const cp = data.checkpoint;
      parts.push(
        html`<span class="ok"
          >Chain intact: ${this.fmt.number(data.entriesChecked)}
          entries${
            data.headHash
              ? html`, head hash <code title=${data.headHash}>${shortHash(data.headHash)}</code>`
              : nothing
          },
          ${
            cp
              ? html`last signed checkpoint #${cp.seq} at ${this.fmt.dateTime(cp.at)} (<code
                    title=${cp.hash}
                    >${shortHash(cp.hash)}</code
                  >)`
              : 'no signed checkpoint yet'
          }.</span
        >`,
      );
    }
    if (job)
      parts.push(`Exporting ${job.kind.toUpperCase()}… ${this.fmt.number(job.count)} entries`);
    if (this.message) parts.push(this.message);
    return parts.map((p) => html`<span class="line">${p}</span>`);
  }

  #renderCheck() {
    const { data, error } = this.check ?? {};
    if (error) {
      return html`<div part="verify-alert" class="alert" role="alert">
        Could not verify the chain: ${problemText(error)}
      </div>`;
    }
    if (!data || data.ok) return nothing;
    const seq = data.firstBrokenSeq;
    return html`<div part="verify-alert" class="alert" role="alert">
      <p>
        <strong>${seq ? `Broken at entry #${seq}` : 'Chain broken'}:</strong>
        <bdi>${data.reason ?? 'no reason given'}</bdi>
        <span class="hint"
          >(${this.fmt.number(data.entriesChecked)} entries
          checked${data.headSeq ? `, head #${data.headSeq}` : ''})</span
        >
      </p>
      ${
        seq
          ? html`<button part="show-button" type="button" @click=${() => this.#show(seq)}>
              Show entry #${seq}
            </button>`
          : nothing
      }
    </div>`;
  }

  #renderTable(data: LedgerListResponse) {
    const page = this.#shown;
    const count = data.items.length;
    const atStart = this.pages.length < 2;
    return html`<div
        part="table-wrap"
        class="wrap"
        role="region"
        aria-label="${this.#label}, table"
        tabindex="0"
      >
        <table part="table">
          <caption>
            ${this.#label}, newest first
          </caption>
          <thead>
            <tr>
              ${[
                'Seq',
                'Time',
                'Actor',
                'Action',
                'Workflow',
                'Subject',
                'Reason',
                'Policy',
                'Hash',
              ].map((h) => html`<th scope="col">${h}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${data.items.map((entry) => this.#renderEntry(entry))}
          </tbody>
        </table>
      </div>
      <div part="pager" class="pager">
        <button
          part="previous-button"
          type="button"
          aria-disabled=${atStart ? 'true' : 'false'}
          @click=${this.#previous}
        >
          Previous
        </button>
        <span role="status"
          >${
            count
              ? `Showing ${this.fmt.number(page.start + 1)}–${this.fmt.number(page.start + count)}`
              : 'No more entries'
          }</span
        >
        <button
          part="next-button"
          type="button"
          aria-disabled=${data.nextCursor ? 'false' : 'true'}
          @click=${() => this.#next(data)}
        >
          Next
        </button>
      </div>`;
  }

  #renderEntry(entry: LedgerEntry) {
    const { seq } = entry;
    const open = this.opened.has(seq);
    const broken = this.check?.data?.firstBrokenSeq === seq;
    const copied = this.copied?.seq === seq ? this.copied : undefined;
    const id = `entry-${seq}`;
    const word = ACTIONS.find(([a]) => a === entry.action)?.[1] ?? entry.action;
    return html`<tr part="row" data-seq=${seq} ?data-broken=${broken}>
        <th scope="row">
          <button
            part="disclosure"
            type="button"
            aria-expanded=${open ? 'true' : 'false'}
            aria-controls=${open ? id : nothing}
            @click=${() => this.#toggle(seq)}
          >
            <span aria-hidden="true">${open ? '▾' : '▸'}</span> ${seq}<span class="visually-hidden">
              before and after</span
            >
          </button>
          ${broken ? html`<span class="flag">Chain breaks here</span>` : nothing}
        </th>
        <td><time datetime=${entry.at} title=${entry.at}>${this.fmt.dateTime(entry.at)}</time></td>
        <td>${clip(entry.actor)}</td>
        <td class="nowrap">${word}</td>
        <td>${entry.workflow ? clip(entry.workflow) : html`<span class="hint">all</span>`}</td>
        <td>${clip(entry.subject)}</td>
        <td>${entry.reason ? clip(entry.reason) : '—'}</td>
        <td>
          <bdi class="clip" title="${entry.policyVersion}, policy hash ${entry.policyHash}"
            >${entry.policyVersion}</bdi
          >
        </td>
        <td class="nowrap">
          <code part="hash" title=${entry.hash}>${shortHash(entry.hash)}</code>
          <button part="copy-button" type="button" @click=${() => this.#copy(entry)}>
            Copy<span class="visually-hidden"> hash of entry #${seq}</span>
          </button>
          <span role="status" class="copied"
            >${copied ? (copied.ok ? 'Copied' : 'Copy failed') : ''}</span
          >
        </td>
      </tr>
      ${
        open
          ? html`<tr class="detail" id=${id}>
              <td colspan="9">${this.#renderDiff(entry)}</td>
            </tr>`
          : nothing
      }`;
  }

  #renderDiff(entry: LedgerEntry) {
    const rows = diffEntry(entry.before, entry.after);
    const value = (v: string | undefined) => (v === undefined ? html`<i>absent</i>` : v);
    const hash = (name: string, v: string) =>
      html`<dt>${name}</dt>
        <dd><code>${v}</code></dd>`;
    return html`<div
      part="diff"
      class="diff"
      role="region"
      aria-label="Entry #${entry.seq}, before and after"
      tabindex="0"
    >
      ${
        rows.length
          ? html`<table>
              <thead>
                <tr>
                  ${['Field', 'Before', 'After', 'Change'].map((h) => html`<th scope="col">${h}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr class=${r.change}>
                      <th scope="row"><bdi>${r.key}</bdi></th>
                      <td><code>${value(r.before)}</code></td>
                      <td><code>${value(r.after)}</code></td>
                      <td class="nowrap">
                        <span aria-hidden="true">${CHANGE_MARK[r.change]}</span> ${r.change}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p>No before or after recorded.</p>`
      }
      <dl>
        ${hash('Hash', entry.hash)} ${hash('Previous hash', entry.prevHash)}
        ${hash('Policy hash', entry.policyHash)}
      </dl>
    </div>`;
  }
}

/** A server string in a bounded, direction-isolated box; the full text is in its title. */
function clip(text: string) {
  return html`<bdi class="clip" title=${text}>${text}</bdi>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-ledger': CmdctrLedger;
  }
}
