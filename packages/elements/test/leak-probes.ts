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
