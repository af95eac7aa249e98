import { expect } from '@open-wc/testing';
import { clientFor } from '@cmdctr/contract';
import { openStreamCount } from '../src/base/index.js';

// Shared by the elements' mount/unmount tests: count what an element leaves running. Each probe
// replaces a browser global for the duration of `body` and always puts the real one back.

/**
 * Runs `body` while counting ResizeObservers that observe something and have not been
 * disconnected since; `count()` reads the number. Also collects each observer's callback, so a
 * test in a background tab (where observers never report) can deliver a resize by hand.
 */
export async function withResizeObserverProbe<T>(
  body: (probe: { count: () => number; callbacks: ResizeObserverCallback[] }) => Promise<T>,
): Promise<T> {
  const original = window.ResizeObserver;
  let active = 0;
  const callbacks: ResizeObserverCallback[] = [];
  window.ResizeObserver = class extends original {
    #live = false;
    constructor(callback: ResizeObserverCallback) {
      super(callback);
      callbacks.push(callback);
    }
    override observe(target: Element, options?: ResizeObserverOptions) {
      if (!this.#live) active++;
      this.#live = true;
      super.observe(target, options);
    }
    override disconnect() {
      if (this.#live) active--;
      this.#live = false;
      super.disconnect();
    }
  };
  try {
    return await body({ count: () => active, callbacks });
  } finally {
    window.ResizeObserver = original;
  }
}

/**
 * Runs `body` while tracking `setInterval` timers that were started and not cleared; returns
 * how many are still running when it ends.
 */
export async function intervalsLeftBy(body: () => Promise<void>): Promise<number> {
  const realSet = window.setInterval;
  const realClear = window.clearInterval;
  const live = new Set<unknown>();
  window.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const id = realSet(...args);
    live.add(id);
    return id;
  }) as typeof setInterval;
  window.clearInterval = ((id?: number) => {
    live.delete(id);
    realClear(id);
  }) as typeof clearInterval;
  try {
    await body();
  } finally {
    window.setInterval = realSet;
    window.clearInterval = realClear;
  }
  return live.size;
}

/** An element whose render can be awaited (every cmdctr element is a LitElement). */
type Updating = HTMLElement & { readonly updateComplete: Promise<unknown> };

export interface MountCycleOptions {
  /** The element's tag; each cycle creates it with `src=""` and `live`. */
  tag: string;
  times: number;
  /** Where each element is appended. */
  host: HTMLElement;
  /** Inline width for the element itself, when the host does not size it. */
  width?: string;
  /**
   * On every `every`-th mount (from the first), `run` replaces the wait for the first render:
   * e.g. wait for the drawing and open the tooltip, so unmounting an open popover is covered.
   */
  engage?: { every: number; run: (el: Updating) => Promise<void> };
  /** The element's tooltip, checked closed once the element is removed. */
  tooltip?: (el: Updating) => Element | null;
  /** Time to let updates requested just before removal run before the final count. */
  settleMs?: number;
}

/**
 * Mounts and unmounts a live element `times` times and asserts each mount holds exactly one
 * observing ResizeObserver and one open stream, and that nothing is left once all are gone.
 */
export async function expectNoLeaksAcrossMounts(options: MountCycleOptions): Promise<void> {
  const { tag, times, host, width, engage, tooltip, settleMs } = options;
  // Streams are shared per base URL, so a client on the same URL reads the elements' count.
  const client = clientFor({ baseUrl: '' });
  await withResizeObserverProbe(async ({ count }) => {
    for (let i = 0; i < times; i++) {
      const el = document.createElement(tag) as Updating;
      el.setAttribute('src', '');
      el.setAttribute('live', '');
      if (width) el.style.width = width;
      host.append(el);
      if (engage && i % engage.every === 0) await engage.run(el);
      else await el.updateComplete;
      expect(count(), `observers at mount ${i}`).to.equal(1);
      expect(openStreamCount(client), `streams at mount ${i}`).to.equal(1);
      const tip = tooltip?.(el) ?? null;
      el.remove();
      expect(tip?.matches(':popover-open') ?? false, `tooltip open after unmount ${i}`).to.equal(
        false,
      );
    }
    if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
    expect(count(), 'observers left').to.equal(0);
    expect(openStreamCount(client), 'streams left').to.equal(0);
  });
}
