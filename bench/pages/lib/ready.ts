/**
 * "Loaded" for our elements, read from the outside the way a person would see it: every
 * `cmdctr-*` element in the subtree (through open shadow roots, so a composite's panels count)
 * has rendered, has no update pending, shows no busy region (`aria-busy="true"`) and no
 * skeleton. An error part means the fixture feed failed, which would make the timing
 * meaningless, so it throws instead of counting as loaded.
 */
type Reactive = HTMLElement & { hasUpdated?: boolean; isUpdatePending?: boolean };

/** Every cmdctr-* element at or below `root`, across shadow roots. */
export function cmdctrElements(root: Element): Reactive[] {
  const found: Reactive[] = [];
  const visit = (node: Element | ShadowRoot) => {
    for (const el of node.querySelectorAll<Reactive>('*')) {
      if (el.localName.startsWith('cmdctr-')) found.push(el);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  if (root.localName.startsWith('cmdctr-')) found.push(root as Reactive);
  if (root.shadowRoot) visit(root.shadowRoot);
  visit(root);
  return found;
}

/** Whether `root` and everything in it has left the loading state; throws on an error state. */
export function settled(root: Element): boolean {
  for (const el of cmdctrElements(root)) {
    if (!el.hasUpdated || el.isUpdatePending || !el.shadowRoot) return false;
    const shadow = el.shadowRoot;
    const error = shadow.querySelector('[part~="error"]');
    if (error) throw new Error(`${el.localName} shows an error: ${error.textContent?.trim()}`);
    if (shadow.querySelector('[aria-busy="true"], [part~="skeleton"]')) return false;
  }
  return true;
}

/**
 * Resolves once `root` is settled, checking at every animation frame (a frame is the finest
 * grain at which a person could see it anyway). `rAF` is passed in so an instrumented page can
 * use the untouched original. Gives up after `timeoutMs` so a stuck element fails the run.
 */
export async function whenSettled(
  root: Element,
  rAF: (cb: FrameRequestCallback) => number = requestAnimationFrame,
  timeoutMs = 30_000,
): Promise<void> {
  const start = performance.now();
  while (!settled(root)) {
    if (performance.now() - start > timeoutMs) {
      const busy = cmdctrElements(root)
        .filter((el) => !el.hasUpdated || el.shadowRoot?.querySelector('[aria-busy="true"]'))
        .map((el) => el.localName);
      throw new Error(`${root.localName} not loaded after ${timeoutMs} ms (busy: ${busy})`);
    }
    await new Promise<number>((resolve) => rAF(resolve));
  }
}
