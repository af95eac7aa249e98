import { expect } from '@open-wc/testing';

// Shared by the chart elements' tests: the data table behind the Table button. Every chart
// builds its table only while the button is expanded; closed, the region the button controls
// holds one visually hidden sentence saying where the table is.

/** An element whose render can be awaited (every cmdctr element is a LitElement). */
export type Updating = HTMLElement & { readonly updateComplete: Promise<unknown> };

export const CLOSED_SENTENCE = 'The data table opens with the Table button.';

const toggleOf = (shadow: ShadowRoot) => {
  const toggle = shadow.querySelector<HTMLButtonElement>('[part=table-toggle]');
  expect(toggle, 'no Table button').to.not.equal(null);
  return toggle!;
};

/** The regions the Table button names in `aria-controls` (one per table it opens). */
export function tableRegions(shadow: ShadowRoot, toggle: HTMLButtonElement): HTMLElement[] {
  const ids = (toggle.getAttribute('aria-controls') ?? '').split(' ').filter(Boolean);
  expect(ids, 'the Table button controls no region').to.not.have.length(0);
  return ids.map((id) => {
    const region = shadow.getElementById(id);
    expect(region, `no region #${id}`).to.not.equal(null);
    return region!;
  });
}

/**
 * Asserts the closed state: a collapsed disclosure button (not a pressed toggle) whose regions
 * are visually hidden, are no landmarks and only say where the table is. Which tables may
 * exist while closed is the element's own business (see `expectNoTableBuilt`).
 */
export function expectTableClosed(shadow: ShadowRoot): {
  toggle: HTMLButtonElement;
  regions: HTMLElement[];
} {
  const toggle = toggleOf(shadow);
  expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  expect(toggle.hasAttribute('aria-pressed')).to.equal(false);
  const regions = tableRegions(shadow, toggle);
  for (const region of regions) {
    expect(region.classList.contains('visually-hidden')).to.equal(true);
    expect(region.hasAttribute('role')).to.equal(false);
    expect(region.textContent?.trim()).to.equal(CLOSED_SENTENCE);
  }
  return { toggle, regions };
}

/** Asserts that no table, not even an empty row, is built in `shadow`. */
export function expectNoTableBuilt(shadow: ShadowRoot): void {
  expect(shadow.querySelector('table')).to.equal(null);
  expect(shadow.querySelectorAll('tr')).to.have.length(0);
}

/**
 * Focuses the Table button and presses it, as a keyboard user would, then asserts it is
 * expanded. Returns the button and the regions it now shows.
 */
export async function openTableFromButton(
  el: Updating,
): Promise<{ toggle: HTMLButtonElement; regions: HTMLElement[] }> {
  const shadow = el.shadowRoot!;
  const toggle = toggleOf(shadow);
  toggle.focus();
  expect(shadow.activeElement).to.equal(toggle);
  toggle.click();
  await el.updateComplete;
  expect(toggle.getAttribute('aria-expanded')).to.equal('true');
  return { toggle, regions: tableRegions(shadow, toggle) };
}

/**
 * Asserts an open region: a labelled, visible, focusable landmark that no longer carries the
 * closed sentence. Returns the table inside it.
 */
export function expectOpenRegion(
  region: HTMLElement,
  label: string,
  tableSelector = 'table[part=table]',
): HTMLTableElement {
  expect(region.getAttribute('role')).to.equal('region');
  expect(region.getAttribute('aria-label')).to.equal(label);
  expect(region.getAttribute('tabindex')).to.equal('0');
  expect(region.classList.contains('visually-hidden')).to.equal(false);
  expect(region.textContent).to.not.contain(CLOSED_SENTENCE);
  // Keyboard users scroll a wide table by focusing its region.
  region.focus();
  expect((region.getRootNode() as ShadowRoot).activeElement).to.equal(region);
  const table = region.querySelector<HTMLTableElement>(tableSelector);
  expect(table, `no table in region "${label}"`).to.not.equal(null);
  return table!;
}

/** Presses the Table button again and asserts the table is taken down, not just hidden. */
export async function closeTableFromButton(el: Updating, toggle: HTMLButtonElement) {
  toggle.click();
  await el.updateComplete;
  expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  expect(el.shadowRoot!.querySelector('table')).to.equal(null);
}
