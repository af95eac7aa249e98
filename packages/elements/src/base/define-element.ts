/**
 * Registers a tag once. Two copies of the library on one page (say, a portal widget and a BI
 * page both loading their own bundle) must not throw on `customElements.define`: the first
 * registration wins and the second copy says so in the console.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing === undefined) {
    customElements.define(tag, constructor);
  } else if (existing !== constructor) {
    console.warn(
      `cmdctr: <${tag}> is already defined by another copy of the library; keeping the first one.`,
    );
  }
}
