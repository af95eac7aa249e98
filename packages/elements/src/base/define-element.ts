/**
 * This copy of the library's own registry, where the browser has scoped custom element
 * registries (`new CustomElementRegistry()`): every tag this copy defines is also defined here,
 * so a host whose own copy lost the race for the global tags can still use it, in a shadow root
 * created with `attachShadow({ mode: 'open', customElementRegistry: cmdctrRegistry })`.
 * `undefined` in browsers without scoped registries.
 */
export const cmdctrRegistry: CustomElementRegistry | undefined = (() => {
  try {
    return new CustomElementRegistry();
  } catch {
    // Not constructible (no scoped registries): only the global registry exists.
    return undefined;
  }
})();

/**
 * Registers a tag once. Two copies of the library on one page (say, a portal widget and a BI
 * page both loading their own bundle) must not throw on `customElements.define`: the first
 * registration of the global tag wins and the second copy says so in the console; each copy's
 * classes stay reachable through its own scoped registry where the browser has one.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (cmdctrRegistry && !cmdctrRegistry.get(tag)) cmdctrRegistry.define(tag, constructor);
  const existing = customElements.get(tag);
  if (existing === undefined) {
    customElements.define(tag, constructor);
  } else if (existing !== constructor) {
    console.warn(
      `cmdctr: <${tag}> is already defined by another copy of the library; keeping the first one.` +
        (cmdctrRegistry ? ' This copy is still available through its cmdctrRegistry export.' : ''),
    );
  }
}
