import {
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import {
  ApprovalResponseSchema,
  CmdctrError,
  type Approval,
  type ApprovalDecision,
  type ApprovalResponse,
  type CmdctrErrorKind,
  type DecisionRequest,
} from '@cmdctr/contract';
import {
  ClockController,
  CmdctrElement,
  MetricController,
  emit,
  renderState,
  safeHref,
  type MetricOptions,
} from '../base/index.js';
import { cssText } from '../base/css-text.js';
import { approvalStyles } from './cmdctr-approval.styles.js';
import { MINUTE, countdown } from './approval-view.js';

/** How the server answered one decision attempt. */
export type DecisionStatus =
  'recorded' | 'already-decided' | 'forbidden' | 'changed' | 'unconfirmed' | 'failed';

export interface DecisionDetail {
  approvalId: string;
  /** What the user chose. */
  outcome: DecisionRequest['outcome'];
  status: DecisionStatus;
  /** The recorded decision with its ledger receipt; only when `status` is `recorded`. */
  decision: ApprovalDecision | null;
  /** The error behind any other status. */
  error: CmdctrError | null;
}

// Module augmentation keeps the event typed for `emit()` and listeners without a base change.
declare module '../base/events.js' {
  interface CmdctrEventMap {
    'cmdctr-decision': DecisionDetail;
  }
}
declare global {
  interface HTMLElementEventMap {
    'cmdctr-decision': CustomEvent<DecisionDetail>;
  }
  interface HTMLElementTagNameMap {
    'cmdctr-approval': CmdctrApproval;
  }
}

/** One intended decision: its key is reused for every retry of that same decision. */
interface Intent {
  key: string;
  body: DecisionRequest;
}

type Failure = Exclude<DecisionStatus, 'recorded'>;

const STATUS_BY_KIND: Partial<Record<CmdctrErrorKind, Failure>> = {
  conflict: 'already-decided',
  forbidden: 'forbidden',
  'precondition-failed': 'changed',
  // No answer, or a server failure: the decision may or may not have been recorded.
  network: 'unconfirmed',
  timeout: 'unconfirmed',
  server: 'unconfirmed',
  'rate-limited': 'unconfirmed',
};

const MESSAGES: Record<Failure, string> = {
  'already-decided': 'Already decided by someone else; showing its current state.',
  forbidden: 'Not allowed for your role.',
  changed:
    'This approval changed since you opened it. It was reloaded: review it and decide again.',
  unconfirmed:
    'The server did not confirm the decision. Retrying is safe: it cannot be recorded twice.',
  failed: 'The decision was not recorded.',
};

/**
 * Server text longer than this many characters starts clamped to a few lines with a "Show all"
 * toggle: a 10,000-character evidence value must not push the decision form off the page.
 */
const LONG_TEXT = 280;

/**
 * One human-in-the-loop approval of an AI auto-resolve proposal: the exception it resolves, the
 * proposed action, model confidence against the threshold it had to clear, the redacted
 * evidence and an SLA countdown on the server's clock. Approve and Reject send the decision with
 * an `Idempotency-Key` (reused when retrying) and `If-Match`; the card shows only what the
 * server confirmed, with the ledger receipt.
 *
 * @summary Approval card: evidence, confidence vs threshold, SLA countdown, approve/reject.
 *
 * @slot - Nothing is slotted; the card renders from the API.
 *
 * @csspart base - The region wrapping the element.
 * @csspart header - Title row: proposed action summary and status.
 * @csspart status - The approval status badge (text, not only colour).
 * @csspart due - The SLA countdown ("Due in …" / "Overdue by …").
 * @csspart facts - Workflow, type, severity, correlation id and links.
 * @csspart link - A ticket, document or runbook link.
 * @csspart confidence - Confidence against threshold (text and bar).
 * @csspart evidence - The evidence list, redacted by the server.
 * @csspart decision - The recorded decision and its ledger receipt.
 * @csspart receipt - Ledger sequence number and hash.
 * @csspart not-allowed - Why the current user may not decide.
 * @csspart form - The decision form (reason and buttons).
 * @csspart reason - The reason textarea.
 * @csspart reason-error - The message shown when a rejection has no reason.
 * @csspart approve-button - The Approve button.
 * @csspart reject-button - The Reject button.
 * @csspart result - The server's answer to the last decision attempt.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error, stale and unconfirmed states.
 * @csspart long-text - Server text over 280 characters, clamped to four lines until expanded.
 * @csspart show-all - The "Show all"/"Show less" toggle of a long text.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-color-ok - Confidence bar above the threshold; approved badge.
 * @cssproperty --cmdctr-color-warn - Due-soon countdown.
 * @cssproperty --cmdctr-color-critical - Overdue countdown, rejected badge, error text.
 * @cssproperty --cmdctr-color-accent - Links and the Approve button.
 * @cssproperty --cmdctr-color-border - Card and evidence borders.
 *
 * @event cmdctr-decision - A decision attempt got its answer (or none). `detail` has
 * `approvalId`; `outcome` (`approve` or `reject`); `status` (`recorded`, `already-decided`,
 * `forbidden`, `changed`, `unconfirmed` or `failed`); `decision`, with `ledgerSeq` and
 * `ledgerHash`, only when recorded; and `error` when the server refused or never answered.
 * @event cmdctr-error - Loading the approval failed (see CmdctrElement).
 */
export class CmdctrApproval extends CmdctrElement {
  static override styles = [CmdctrElement.styles, approvalStyles];

  static override get properties(): PropertyDeclarations {
    return {
      approvalId: { attribute: 'approval-id' },
      label: {},
      sending: { state: true, attribute: false },
      result: { state: true, attribute: false },
      reasonMissing: { state: true, attribute: false },
      expanded: { state: true, attribute: false },
    };
  }

  /** Id of the approval to show (e.g. `APR-7301`); required. */
  approvalId = '';

  /** Accessible name of the card; defaults to "Approval <id>". */
  label?: string;

  private sending = false;
  private result: { status: DecisionStatus; text: string } | undefined;
  private reasonMissing = false;
  /** Keys of the long texts the user expanded. */
  private expanded: ReadonlySet<string> = new Set();

  readonly #clock = new ClockController(this);
  readonly #metric = new MetricController<ApprovalResponse>(this, approvalOptions(this));
  /** The server's answer to our own recorded decision: shown in place of the loaded copy. */
  #decided: ApprovalResponse | undefined;
  #intent: Intent | undefined;
  #shownId = '';

  // ------------------------------------------------------------------ lifecycle

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.approvalId !== this.#shownId) {
      // Another approval: nothing about the previous one's decision may carry over.
      this.#shownId = this.approvalId;
      this.#decided = undefined;
      this.#intent = undefined;
      this.result = undefined;
      this.reasonMissing = false;
      this.expanded = new Set();
    }
    this.#clock.sync(this.#metric.response);
  }

  // ------------------------------------------------------------------ handlers

  #reasonField(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  #onDecide(outcome: DecisionRequest['outcome']): void {
    const reason = this.#reasonField()?.value.trim() ?? '';
    if (outcome === 'reject' && !reason) {
      this.reasonMissing = true;
      this.#reasonField()?.focus();
      return;
    }
    this.reasonMissing = false;
    const body: DecisionRequest = reason ? { outcome, reason } : { outcome };
    const same = this.#intent?.body.outcome === outcome && this.#intent.body.reason === body.reason;
    // A changed decision is a new intent; the same one keeps its key so the server replays it.
    if (!same) this.#intent = { key: crypto.randomUUID(), body };
    void this.#send();
  }

  async #send(): Promise<void> {
    const intent = this.#intent;
    const loaded = this.#metric.response;
    if (!intent || !loaded || this.sending) return;
    const id = loaded.data.approval.id;
    this.sending = true;
    this.result = undefined;
    let status: DecisionStatus = 'recorded';
    let decision: ApprovalDecision | null = null;
    let error: CmdctrError | null = null;
    try {
      const answer = await this.client.decideApproval(id, intent.body, {
        idempotencyKey: intent.key,
        ifMatch: loaded.etag ?? '',
        schema: ApprovalResponseSchema,
      });
      this.#decided = answer.data;
      this.#clock.sync(answer);
      this.#intent = undefined;
      decision = answer.data.approval.decision;
      this.result = {
        status,
        text: `${decision?.outcome === 'rejected' ? 'Rejected' : 'Approved'} and recorded in the ledger.`,
      };
    } catch (cause) {
      error = cause instanceof CmdctrError ? cause : new CmdctrError('network', String(cause));
      const failure = STATUS_BY_KIND[error.kind] ?? 'failed';
      status = failure;
      // Only an unanswered attempt may be retried under the same key; any answer ends the intent.
      if (failure !== 'unconfirmed') this.#intent = undefined;
      const why = error.problem?.detail ?? error.problem?.title ?? '';
      this.result = { status, text: why ? `${MESSAGES[failure]} ${why}` : MESSAGES[failure] };
      if (failure === 'already-decided' || failure === 'changed') void this.#metric.refresh();
    } finally {
      this.sending = false;
    }
    // Switched to another approval meanwhile: the answer belongs to the one it was sent for.
    if (this.approvalId !== id) this.result = undefined;
    emit(this, 'cmdctr-decision', {
      approvalId: id,
      outcome: intent.body.outcome,
      status,
      decision,
      error,
    });
    await this.updateComplete;
    // The answer is what the user needs next; screen readers hear it from where focus lands.
    this.renderRoot.querySelector<HTMLElement>('[part="result"]')?.focus();
  }

  #toggle(key: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(key)) next.add(key);
    this.expanded = next;
  }

  // ------------------------------------------------------------------ render

  /**
   * Server text, clamped to four lines with a disclosure when long. The clamp is visual only: the
   * whole text stays in the accessibility tree; expanded, it scrolls inside a bounded box.
   */
  #long(key: string, text: string): TemplateResult | string {
    if (text.length <= LONG_TEXT) return text;
    const open = this.expanded.has(key);
    const id = `long-${key}`;
    return html`<span
        id=${id}
        part="long-text"
        class=${open ? 'long open' : 'long'}
        dir="auto"
        tabindex=${open ? '0' : nothing}
        >${text}</span
      ><button
        part="show-all"
        class="show-all"
        type="button"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${id}
        @click=${() => this.#toggle(key)}
      >
        ${open ? 'Show less' : 'Show all'}
      </button>`;
  }

  /** Term/description pairs of a `<dl>`; server text, so each keeps its own direction. */
  #pairs(list: string, rows: Array<[string, string]>): TemplateResult[] {
    return rows.map(
      ([term, value], i) =>
        html`<dt dir="auto" title=${term.length > 40 ? term : nothing}>${term}</dt>
          <dd dir="auto">${this.#long(`${list}-${i}`, value)}</dd>`,
    );
  }

  #link(name: string, url: string | null): TemplateResult | typeof nothing {
    if (!url) return nothing;
    const href = safeHref(url);
    return html`<li>
      ${
        href
          ? html`<a part="link" href=${href} target="_blank" rel="noopener noreferrer">${name}</a>`
          : html`${name}: <span class="clip" dir="auto" title=${url}>${url}</span>`
      }
    </li>`;
  }

  #due(a: Approval): TemplateResult | typeof nothing {
    if (a.decision || (a.status !== 'pending' && a.status !== 'overdue')) return nothing;
    const [left, overdue, text] = countdown(a, this.#clock.now(), this.fmt);
    return html`<p
      part="due"
      class=${overdue ? 'due overdue' : left < 5 * MINUTE ? 'due soon' : 'due'}
    >
      ${text}
      <span class="muted">(${this.fmt.dateTime(a.dueAt)})</span>
    </p>`;
  }

  #decision(d: ApprovalDecision): TemplateResult {
    const fmt = this.fmt;
    return html`<div part="decision" class="decision">
      <p>
        <strong>${d.outcome[0]!.toUpperCase() + d.outcome.slice(1)}</strong> by
        <span class="clip" dir="auto" title=${d.by}>${d.by}</span>, ${fmt.dateTime(d.at)}
      </p>
      ${
        d.reason
          ? html`<p class="text" dir="auto">Reason: ${this.#long('reason', d.reason)}</p>`
          : nothing
      }
      <p part="receipt" class="receipt">
        Ledger entry #${d.ledgerSeq}, hash <code>${d.ledgerHash}</code>
      </p>
    </div>`;
  }

  #form(): TemplateResult {
    const missing = this.reasonMissing;
    return html`<form
      part="form"
      class="form"
      aria-busy=${this.sending ? 'true' : 'false'}
      @submit=${(e: Event) => e.preventDefault()}
    >
      <label for="reason">Reason <span class="muted">(required to reject)</span></label>
      <textarea
        id="reason"
        part="reason"
        rows="2"
        maxlength="2000"
        ?readonly=${this.sending}
        aria-invalid=${missing ? 'true' : 'false'}
        aria-describedby=${missing ? 'reason-error' : nothing}
        @input=${() => (this.reasonMissing = false)}
      ></textarea>
      ${
        missing
          ? html`<p id="reason-error" part="reason-error" class="reason-error">
              Enter a reason to reject.
            </p>`
          : nothing
      }
      <div class="buttons">
        ${(['approve', 'reject'] as const).map(
          (outcome) =>
            html`<button
              part="${outcome}-button"
              class=${outcome}
              type="button"
              ?disabled=${this.sending}
              @click=${() => this.#onDecide(outcome)}
            >
              ${outcome === 'approve' ? 'Approve' : 'Reject'}
            </button>`,
        )}
        ${this.sending ? html`<span role="status">Sending…</span>` : nothing}
      </div>
    </form>`;
  }

  #result(): TemplateResult | typeof nothing {
    const r = this.result;
    if (!r) return nothing;
    const ok = r.status === 'recorded';
    return html`<div
      part="result"
      class=${ok ? 'result' : 'result bad'}
      role=${ok ? 'status' : 'alert'}
      tabindex="-1"
    >
      <span class="text" dir="auto">${this.#long('result', r.text)}</span>
      ${
        r.status === 'unconfirmed'
          ? html`<button part="retry-button" type="button" @click=${() => void this.#send()}>
              Retry
            </button>`
          : nothing
      }
    </div>`;
  }

  #card(loaded: ApprovalResponse): TemplateResult {
    const a =
      this.#decided?.approval.id === loaded.approval.id ? this.#decided.approval : loaded.approval;
    const { exception: x, proposedAction: p } = a;
    const fmt = this.fmt;
    // The bars' `.style` bindings write through the CSSOM (see cssText), CSP-safe and much
    // smaller than a directive.
    return html`<article class="card">
      <header part="header" class="header">
        <h3 dir="auto" title=${p.summary.length > 80 ? p.summary : nothing}>${p.summary}</h3>
        <span part="status" class="badge ${a.status}">${a.status}</span>
      </header>
      ${this.#due(a)}
      <p class="text" dir="auto">${this.#long('detail', p.detail)}</p>
      <dl part="facts" class="facts">
        ${this.#pairs('facts', [
          ['Workflow', a.workflow],
          ['Exception', `${x.type} · ${x.severity} · ${x.id}`],
          ['Correlation id', x.correlationId],
          ['Proposed by', a.proposedBy],
          ['Approver roles', a.approverRoles.join(', ')],
          ['Requested', fmt.dateTime(a.requestedAt)],
        ])}
      </dl>
      <ul class="links">
        ${this.#link('Ticket', x.links.ticket)} ${this.#link('ERP document', x.links.erpDocument)}
        ${this.#link('Runbook', x.links.runbook)}
      </ul>
      <div part="confidence" class="confidence">
        <p>
          Confidence <strong>${fmt.percent(a.confidence)}</strong>, threshold
          ${fmt.percent(a.threshold)}
          (${a.confidence >= a.threshold ? 'cleared' : 'below threshold'})
        </p>
        <div class="track" aria-hidden="true">
          <div class="fill" .style=${cssText(`width:${a.confidence * 100}%`)}></div>
          <div class="mark" .style=${cssText(`left:${a.threshold * 100}%`)}></div>
        </div>
      </div>
      <h4>Evidence <span class="muted">(redacted by the server)</span></h4>
      <dl part="evidence" class="evidence">
        ${this.#pairs(
          'evidence',
          a.evidence.map((e) => [e.label, e.value]),
        )}
      </dl>
      ${a.decision ? this.#decision(a.decision) : nothing}
      ${
        a.canDecide.allowed
          ? this.#form()
          : html`<p part="not-allowed" class="not-allowed" dir="auto">
              You cannot decide this approval:
              ${this.#long('not-allowed', a.canDecide.reason ?? 'not allowed')}.
            </p>`
      }
      ${this.#result()}
    </article>`;
  }

  protected override render(): TemplateResult {
    return renderState(this.#metric, {
      label: this.label || `Approval ${this.approvalId}`,
      emptyText: 'No approval',
      content: (data) => this.#card(data),
      fmt: this.fmt,
    });
  }
}

/**
 * The controller reads `path` before every update, so a getter makes a new `approval-id`
 * fetch anew without the base having to know paths can change.
 */
function approvalOptions(host: CmdctrApproval): MetricOptions<ApprovalResponse> {
  return {
    get path() {
      return `/v1/approvals/${encodeURIComponent(host.approvalId)}`;
    },
    schema: ApprovalResponseSchema,
    query: () => ({}),
    // A 200 always carries one approval; a missing one is a 404 error, not an empty state.
    isEmpty: () => false,
    metric: 'approvals',
  };
}
