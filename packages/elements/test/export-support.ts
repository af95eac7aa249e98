import { expect, waitUntil } from '@open-wc/testing';

// Shared by the chart elements' tests: catch downloads and drive the export menu.

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Runs `action` with downloads caught at the anchor click; returns the files it would save. */
export async function downloads(action: () => Promise<void> | void): Promise<Map<string, Blob>> {
  const pending: Array<Promise<[string, Blob]>> = [];
  const original = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    // Read while the object URL is alive: download() revokes it afterwards.
    const name = this.download;
    pending.push(fetch(this.href).then(async (r) => [name, await r.blob()]));
  };
  try {
    await action();
    await waitUntil(() => pending.length > 0, 'nothing was downloaded', { timeout: 8000 });
  } finally {
    HTMLAnchorElement.prototype.click = original;
  }
  return new Map(await Promise.all(pending));
}

/** Opens the export menu and picks `label`, as a keyboard user would. */
export async function exportAs(el: HTMLElement, label: string): Promise<Map<string, Blob>> {
  const shadow = el.shadowRoot!;
  const button = shadow.querySelector<HTMLButtonElement>('[part=export-menu]')!;
  button.click();
  await waitUntil(() => shadow.activeElement?.getAttribute('role') === 'menuitem', 'menu not open');
  const item = [...shadow.querySelectorAll<HTMLElement>('[role=menuitem]')].find(
    (i) => i.textContent?.trim() === label,
  );
  if (!item) throw new Error(`no menu item ${label}`);
  return downloads(() => {
    item.click();
    expect(shadow.activeElement).to.equal(button);
  });
}

export const pngSignature = async (blob: Blob) => [
  ...new Uint8Array(await blob.slice(0, 8).arrayBuffer()),
];

/**
 * Exports CSV while the data table is closed: asserts no table exists before, and that the table
 * built for the file is taken down again after. Returns the file's lines for the element's own
 * checks.
 */
export async function exportCsvWhileClosed(el: HTMLElement): Promise<string[]> {
  const shadow = el.shadowRoot!;
  expect(shadow.querySelector('table')).to.equal(null);
  const csv = await exportAs(el, 'Download CSV');
  const lines = (await [...csv.values()][0]!.text()).trimEnd().split('\r\n');
  await waitUntil(() => !shadow.querySelector('table'), 'the exported table stayed');
  return lines;
}
