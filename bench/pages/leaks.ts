/**
 * Mount/unmount of every element (all `src/<name>/define.ts` except the config element, which
 * fetches nothing and renders nothing): the runner (bench/run.mjs) has the page mount and
 * remove one element many times, each time waiting until it has loaded from the fixture
 * server, and between rounds reads the heap after forced GC, the leftover counts and how many
 * element instances are still alive. The instrumentation is imported first so it wraps the
 * platform before Lit and the elements load (ES modules evaluate in import order).
 */
import { counts, originals, requestCount } from './lib/instrument.js';
// The same Lit instance the elements use (one bundle): its prototype is what every Lit element,
// ours and any nested one, inherits, so the runner can count the live ones.
import { LitElement } from 'lit';
import '../../packages/elements/src/approval/define.js';
import '../../packages/elements/src/approvals/define.js';
import '../../packages/elements/src/automation/define.js';
import '../../packages/elements/src/command-center/define.js';
import '../../packages/elements/src/heatmap/define.js';
import '../../packages/elements/src/kpi/define.js';
import '../../packages/elements/src/ledger/define.js';
import '../../packages/elements/src/mttr/define.js';
import '../../packages/elements/src/ownership/define.js';
import '../../packages/elements/src/pareto/define.js';
import '../../packages/elements/src/stale-exceptions/define.js';
import '../../packages/elements/src/throughput/define.js';
import approvalFixture from '../../packages/contract/fixtures/getApproval.json';
import { whenSettled } from './lib/ready.js';

/** Attributes each element needs beyond the shared ones (the approval card needs an id). */
const TAGS: Record<string, Record<string, string>> = {
  'bench-leaky': {},
  'cmdctr-approval': { 'approval-id': approvalFixture.approval.id },
  'cmdctr-approvals': {},
  'cmdctr-automation': {},
  'cmdctr-command-center': {},
  'cmdctr-heatmap': {},
  'cmdctr-kpi': { kpi: 'exceptionRate' },
  'cmdctr-ledger': {},
  'cmdctr-mttr': {},
  'cmdctr-ownership': {},
  'cmdctr-pareto': {},
  'cmdctr-stale-exceptions': {},
  'cmdctr-throughput': {},
};

/**
 * A deliberately leaky element, run first as the calibration case: it leaves one window
 * listener, one observed target, one interval and one pending timeout per mount and keeps
 * about 80 kB reachable per mount. If the runner does not see all of that, the instrumentation
 * or the heap reading is blind and the run fails, rather than reporting clean elements.
 */
const retained: number[][] = [];
class BenchLeaky extends HTMLElement {
  connectedCallback(): void {
    window.addEventListener('resize', () => this.remove());
    new ResizeObserver(() => {}).observe(this);
    setInterval(() => {}, 3_600_000);
    setTimeout(() => {}, 3_600_000);
    // Doubles, so each array is 80 kB whatever the pointer size.
    retained.push(Array.from({ length: 10_000 }, (_, i) => i + retained.length + 0.5));
  }
}
customElements.define('bench-leaky', BenchLeaky);
export const CALIBRATION = 'bench-leaky';

const frame = () => new Promise<number>((resolve) => originals.requestAnimationFrame(resolve));

declare global {
  interface Window {
    __leaks: {
      tags: string[];
      counts: typeof counts;
      /**
       * The prototype whose live instances (CDP `Runtime.queryObjects`) are elements that a
       * removal left reachable: LitElement's for ours, the calibration class's for it.
       */
      retainedPrototype(tag: string): object;
      cycle(tag: string, times: number): Promise<{ requests: number }>;
    };
  }
}

window.__leaks = {
  tags: Object.keys(TAGS),
  counts,
  retainedPrototype(tag) {
    const ctor = customElements.get(tag);
    if (!ctor) throw new Error(`${tag} is not defined`);
    return ctor.prototype instanceof LitElement ? LitElement.prototype : ctor.prototype;
  },
  async cycle(tag, times) {
    const extra = TAGS[tag];
    if (!extra) throw new Error(`No leak case for ${tag}`);
    const before = requestCount();
    for (let i = 0; i < times; i++) {
      const el = document.createElement(tag);
      for (const [k, v] of Object.entries({
        src: location.origin,
        tz: 'UTC',
        locale: 'en-US',
        ...extra,
      }))
        el.setAttribute(k, v);
      document.body.append(el);
      await whenSettled(el, originals.requestAnimationFrame);
      el.remove();
    }
    // Let what removal started finish: aborted fetches reject in a later task, and an update
    // requested before removal runs in a microtask.
    await frame();
    await frame();
    await new Promise((resolve) => originals.setTimeout(resolve, 50));
    return { requests: requestCount() - before };
  },
};
