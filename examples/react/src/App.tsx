// The cmdctr elements in a React 19 app. React 19 supports custom elements natively: a prop the
// element has as a property (`headers`, `workflow`) is set as that property, anything else as an
// attribute, and `on<event-name>` props listen for that exact event name (`oncmdctr-drill`).
import '@cmdctr/elements/cmdctr-config/define.js';
import '@cmdctr/elements/cmdctr-heatmap/define.js';
import '@cmdctr/elements/cmdctr-approvals/define.js';
// Types every cmdctr tag in JSX from the Custom Elements Manifest (props, events, refs).
import type { CmdctrCustomEvent, CmdctrEventDetail } from '@cmdctr/elements/types/react';
import { useMemo, useState } from 'react';

const WORKFLOWS = [
  { id: 'p2p_invoice_matching', label: 'Invoice matching (P2P)' },
  { id: 'order_fulfillment_hold', label: 'Order fulfillment holds' },
] as const;
type WorkflowId = (typeof WORKFLOWS)[number]['id'];

export function App() {
  const [workflow, setWorkflow] = useState<WorkflowId>('p2p_invoice_matching');
  const [drill, setDrill] = useState<CmdctrEventDetail<'cmdctr-drill'> | null>(null);
  const [decisions, setDecisions] = useState(0);
  // Stable identity: a new object every render would hand <cmdctr-config> a "changed" value and
  // make every element inside refetch.
  const headers = useMemo(() => ({ 'X-Cmdctr-Host': 'react-example' }), []);

  const onDrill = (event: CmdctrCustomEvent<'cmdctr-drill'>) => {
    // The app shows the drill-through itself, so the heatmap must not open the runbook tab.
    event.preventDefault();
    setDrill(event.detail);
  };

  return (
    <main className="app">
      <h1>Exceptions — React 19</h1>
      <div role="group" aria-label="Workflow">
        {WORKFLOWS.map((w) => (
          <button
            key={w.id}
            type="button"
            data-workflow={w.id}
            aria-pressed={workflow === w.id}
            onClick={() => setWorkflow(w.id)}
          >
            {w.label}
          </button>
        ))}
      </div>
      <cmdctr-config src="" headers={headers}>
        <cmdctr-heatmap workflow={workflow} range="P7D" measure="count" oncmdctr-drill={onDrill} />
        <cmdctr-approvals
          workflow={workflow}
          status="pending,overdue"
          oncmdctr-decision={() => setDecisions((n) => n + 1)}
        />
      </cmdctr-config>
      <p>
        Drill-through:{' '}
        <output data-testid="drill">
          {drill ? `${drill.rowDimension}=${drill.rowKey} (${drill.workflow ?? 'all'})` : 'none'}
        </output>
      </p>
      <p>
        Decisions: <output data-testid="decisions">{decisions}</output>
      </p>
    </main>
  );
}
