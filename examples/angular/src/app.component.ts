// The cmdctr elements in an Angular app. CUSTOM_ELEMENTS_SCHEMA lets the template use tags
// Angular does not know; `[headers]` sets the JS-only property, `[attr.workflow]` the attribute,
// and `(cmdctr-drill)` listens for the element's event by its exact name.
import '@cmdctr/elements/cmdctr-config/define.js';
import '@cmdctr/elements/cmdctr-heatmap/define.js';
import '@cmdctr/elements/cmdctr-approvals/define.js';
import { ChangeDetectionStrategy, Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { CmdctrCustomEvent, CmdctrEventDetail } from '@cmdctr/elements/types/angular';

const WORKFLOWS = [
  { id: 'p2p_invoice_matching', label: 'Invoice matching (P2P)' },
  { id: 'order_fulfillment_hold', label: 'Order fulfillment holds' },
] as const;
type WorkflowId = (typeof WORKFLOWS)[number]['id'];

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="app">
      <h1>Exceptions — Angular</h1>
      <div role="group" aria-label="Workflow">
        @for (w of workflows; track w.id) {
          <button
            type="button"
            [attr.data-workflow]="w.id"
            [attr.aria-pressed]="workflow() === w.id"
            (click)="workflow.set(w.id)"
          >
            {{ w.label }}
          </button>
        }
      </div>
      <cmdctr-config src="" [headers]="headers">
        <cmdctr-heatmap
          [attr.workflow]="workflow()"
          range="P7D"
          measure="count"
          (cmdctr-drill)="onDrill($event)"
        ></cmdctr-heatmap>
        <cmdctr-approvals
          [attr.workflow]="workflow()"
          status="pending,overdue"
          (cmdctr-decision)="decisions.set(decisions() + 1)"
        ></cmdctr-approvals>
      </cmdctr-config>
      <p>
        Drill-through:
        <output data-testid="drill">{{ drillText() }}</output>
      </p>
      <p>
        Decisions: <output data-testid="decisions">{{ decisions() }}</output>
      </p>
    </main>
  `,
})
export class AppComponent {
  protected readonly workflows = WORKFLOWS;
  protected readonly workflow = signal<WorkflowId>('p2p_invoice_matching');
  protected readonly drill = signal<CmdctrEventDetail<'cmdctr-drill'> | null>(null);
  protected readonly decisions = signal(0);
  // One object for the component's life: a new one would count as a config change and refetch.
  protected readonly headers: Record<string, string> = { 'X-Cmdctr-Host': 'angular-example' };

  protected drillText(): string {
    const d = this.drill();
    return d ? `${d.rowDimension}=${d.rowKey} (${d.workflow ?? 'all'})` : 'none';
  }

  // Angular types `$event` of an unknown element's event as Event.
  protected onDrill(event: Event): void {
    const drill = event as CmdctrCustomEvent<'cmdctr-drill'>;
    // The app shows the drill-through itself, so the heatmap must not open the runbook tab.
    drill.preventDefault();
    this.drill.set(drill.detail);
  }
}
