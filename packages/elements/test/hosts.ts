// Sized hosts for the elements' tests. They are made by hand: open-wc's fixture() waits a frame,
// and a test page in a background tab (the runner opens two at once) gets no frames.

const made: HTMLElement[] = [];

/** A block `width` pixels wide, appended to the page; `removeWrappers()` takes it down. */
export function wrapper(width: number): HTMLDivElement {
  const div = document.createElement('div');
  div.style.width = `${width}px`;
  document.body.append(div);
  made.push(div);
  return div;
}

/** Removes every host `wrapper()` made (call it from afterEach). */
export function removeWrappers(): void {
  for (const div of made.splice(0)) div.remove();
}
