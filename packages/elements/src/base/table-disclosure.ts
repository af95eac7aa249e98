import { html, nothing, render, type TemplateResult } from 'lit';

// Apart from chart-parts.ts on purpose: its style sheet is a module side effect, so an element
// that needs only these templates (heatmap, with styles of its own) would ship it too.

/**
 * The "Table" button of a chart whose table exists only while open (see `lazyTableRegion`): a
 * disclosure, so it says `aria-expanded` and names the region it opens with `aria-controls`.
 */
export const tableDisclosure = (
  open: boolean,
  toggle: () => void,
  controls: string,
): TemplateResult =>
  html`<button
    part="table-toggle"
    type="button"
    aria-expanded=${open}
    aria-controls=${controls}
    @click=${toggle}
  >
    Table
  </button>`;

/**
 * The data table's wrapper for a chart whose table is too big to keep in the DOM unseen (a
 * 400-row table is most of a chart's first render, and of every live update). Open, it is a
 * labelled, focusable, scrollable region holding the table. Closed, it holds only a sentence for
 * screen readers saying where the table is, plus `table` when the caller still passes one (an
 * export reads it): the caller decides, so it builds no rows nobody asked for.
 */
export const lazyTableRegion = (
  open: boolean,
  label: string,
  id: string,
  table: TemplateResult | typeof nothing,
): TemplateResult =>
  html`<div
    id=${id}
    class="table-wrap ${open ? 'open' : 'visually-hidden'}"
    role=${open ? 'region' : nothing}
    aria-label=${open ? label : nothing}
    tabindex=${open ? '0' : nothing}
  >
    ${open ? nothing : html`<p>The data table opens with the Table button.</p>`}${table}
  </div>`;

/**
 * The table for a CSV export of a chart whose table is closed: rendered into a detached node, so
 * the export lists every row without building them in the shadow root and re-rendering the chart
 * twice (once to add them, once to drop them). The CSV reads only text, which needs no layout.
 */
export const detachedTable = (table: TemplateResult): HTMLTableElement | null => {
  const box = document.createElement('div');
  render(table, box);
  return box.querySelector('table');
};
