import { html, type PropertyDeclarations, type TemplateResult } from 'lit';
import {
  ApprovalListResponseSchema,
  type Approval,
  type ApprovalListResponse,
  type StreamEvent,
} from '@cmdctr/contract';
import {
  ClockController,
  CmdctrElement,
  MetricController,
  ResizeController,
  focusMove,
  renderState,
  subscribeStream,
} from '../base/index.js';
// The inbox opens approvals in the card, so it must be able to rely on the tag being defined.
import '../approval/define.js';
import type { DecisionDetail } from '../approval/cmdctr-approval.js';
import { countdown } from '../approval/approval-view.js';
import { approvalsStyles } from './cmdctr-approvals.styles.js';

/** Stream events come in bursts (a batch of new proposals); one refetch serves a burst. */
const LIVE_DEBOUNCE_MS = 250;
/** Below this width (px) the card opens in a modal dialog instead of beside the list. */
const NARROW_PX = 640;

/**
 * The approvals inbox: pending and overdue approvals in the server's order (overdue first,
 * soonest due first), each with its type, workflow, confidence and an SLA countdown on the
 * server's clock. Choosing one opens `<cmdctr-approval>` beside the list, or in a modal dialog when
 * the inbox is narrower than 640 px. With `live`, new approvals arrive from the stream and decided ones leave.
 *
 * @summary Inbox of pending approvals, overdue first, opening the approval card.
 *
 * @slot - Nothing is slotted; the inbox renders from the API.
 *
 * @csspart base - The region wrapping the element.
 * @csspart list - The list of approvals.
 * @csspart item - One approval's button in the list.
 * @csspart due - An item's SLA countdown.
 * @csspart detail - The pane holding the open approval card (wide layout).
 * @csspart dialog - The modal dialog holding the open approval card (narrow layout).
 * @csspart close-button - The dialog's Close button.
 * @csspart card - The `<cmdctr-approval>` of the chosen approval.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-color-critical - Overdue countdowns.
 * @cssproperty --cmdctr-color-accent - The chosen item's marker.
 * @cssproperty --cmdctr-color-border - List and pane borders.
 *
 * @event cmdctr-decision - Bubbles up from the open card (see `<cmdctr-approval>`); the inbox
 * drops the item once it is decided and refetches.
 * @event cmdctr-error - Loading the list failed (see CmdctrElement).
 */
export class CmdctrApprovals extends CmdctrElement {
  static override styles = [CmdctrElement.styles, approvalsStyles];

  static override get properties(): PropertyDeclarations {
    return {
      status: {},
      label: {},
      selected: { state: true, attribute: false },
    };
  }

  /** Approval statuses to list, comma-separated (`pending`, `overdue`, …). */
  status = 'pending,overdue';

  /** Accessible name of the inbox; defaults to "Approvals". */
  label?: string;

  /** Id of the approval open in the detail pane. */
  private selected = '';

  readonly #clock = new ClockController(this, 5_000);
  readonly #resize = new ResizeController(this);
  readonly #metric = new MetricController<ApprovalListResponse>(this, {
    path: '/v1/approvals',
    schema: ApprovalListResponseSchema,
    query: () => {
      // The endpoint takes the workflow and time filters, not region, bucket or tz.
      const { workflow, from, to, range } = this.commonQuery();
      return { workflow, from, to, range, status: this.status || undefined };
    },
    isEmpty: (d) => this.#pending(d).length === 0,
    metric: 'approvals',
  });
  /** Decided here or by others (stream) since the last answer that still listed them. */
  readonly #gone = new Set<string>();
  #unsubscribe: (() => void) | undefined;
  #liveTimer: ReturnType<typeof setTimeout> | undefined;

  // ------------------------------------------------------------------ lifecycle

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listen(false);
  }

  protected override updated(): void {
    this.#clock.sync(this.#metric.response);
    this.#listen(this.isConnected && this.config.live);
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  // ------------------------------------------------------------------ data

  /** What the inbox lists, in the server's order; decided ones never show. */
  #pending(data: ApprovalListResponse): Approval[] {
    return data.items.filter(
      (a) =>
        !a.decision && (a.status === 'pending' || a.status === 'overdue') && !this.#gone.has(a.id),
    );
  }

  #listen(on: boolean): void {
    if (on === !!this.#unsubscribe) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#liveTimer);
    if (on) this.#unsubscribe = subscribeStream(this.client, (e) => this.#onStream(e));
  }

  // ------------------------------------------------------------------ handlers

  #onStream(event: StreamEvent): void {
    if (event.event !== 'approval-created' && event.event !== 'approval-decided') return;
    const data = event.data as { approvalId?: unknown; workflow?: unknown };
    const shown = this.config.workflow;
    if (shown && typeof data.workflow === 'string' && !shown.split(',').includes(data.workflow))
      return;
    if (event.event === 'approval-decided' && typeof data.approvalId === 'string') {
      this.#gone.add(data.approvalId);
      this.requestUpdate();
    }
    clearTimeout(this.#liveTimer);
    this.#liveTimer = setTimeout(() => void this.#metric.refresh(), LIVE_DEBOUNCE_MS);
  }

  #onDecision = (event: CustomEvent<DecisionDetail>) => {
    const { approvalId, status } = event.detail;
    if (status === 'recorded' || status === 'already-decided') this.#gone.add(approvalId);
    void this.#metric.refresh();
  };

  // Bound to the Close button's submit as well as to the dialog's close: submit comes before
  // the dialog closes, while Chromium queues close for the next rendering opportunity, which a
  // hidden page may not get for a long time. Escape still arrives as close.
  #onDialogClose = () => {
    const id = this.selected;
    if (!id) return;
    this.selected = '';
    // Back to where the user was, so the list reads on from the approval just looked at.
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`)?.focus(),
    );
  };

  // Roving tabindex: the list is one Tab stop; arrows move within it.
  #onKeyDown = (event: KeyboardEvent) =>
    focusMove(event, [...this.renderRoot.querySelectorAll<HTMLElement>('[part="item"]')], true);

  // ------------------------------------------------------------------ render

  #item(a: Approval, first: string): TemplateResult {
    const fmt = this.fmt;
    const [, overdue, due] = countdown(a, this.#clock.now(), fmt);
    const chosen = a.id === this.selected;
    return html`<li>
      <button
        part="item"
        type="button"
        class="item"
        data-id=${a.id}
        tabindex=${(this.selected ? chosen : a.id === first) ? 0 : -1}
        aria-current=${chosen ? 'true' : 'false'}
        @click=${() => (this.selected = a.id)}
      >
        <span class="type" dir="auto">${a.exception.type}</span>
        <span part="due" class=${overdue ? 'due overdue' : 'due'}>${due}</span>
        <span class="meta" dir="auto">${a.workflow} · ${fmt.percent(a.confidence)} confidence</span>
      </button>
    </li>`;
  }

  #content(data: ApprovalListResponse): TemplateResult {
    const items = this.#pending(data);
    const first = items[0]?.id ?? '';
    const card = html`<cmdctr-approval
      part="card"
      approval-id=${this.selected}
      .src=${this.src}
      .locale=${this.locale}
      .tz=${this.tz}
      .theme=${this.theme}
    ></cmdctr-approval>`;
    return html`<div class="inbox" @cmdctr-decision=${this.#onDecision}>
      <ul part="list" class="list" aria-label="Pending approvals" @keydown=${this.#onKeyDown}>
        ${items.map((a) => this.#item(a, first))}
      </ul>
      ${
        !this.selected
          ? html`<p class="detail hint">Choose an approval to see its evidence and decide.</p>`
          : (this.#resize.width || this.clientWidth) < NARROW_PX
            ? html`<dialog
                part="dialog"
                aria-label=${`Approval ${this.selected}`}
                @close=${this.#onDialogClose}
              >
                <form method="dialog" @submit=${this.#onDialogClose}>
                  <button part="close-button" type="submit">Close</button>
                </form>
                ${card}
              </dialog>`
            : html`<div part="detail" class="detail">${card}</div>`
      }
    </div>`;
  }

  protected override render(): TemplateResult {
    return renderState(this.#metric, {
      label: this.label || 'Approvals',
      emptyText: 'No approvals waiting for a decision',
      content: (data) => this.#content(data),
      fmt: this.fmt,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-approvals': CmdctrApprovals;
  }
}
