import { html, nothing, svg, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ParetoResponseSchema, type components } from '@cmdctr/contract';
import {
  CmdctrElement,
  MetricController,
  ResizeController,
  Tooltip,
  chartPartStyles,
  emit,
  exportChart,
  exportMenu,
  exportMenuStyles,
  factsTip,
  moveIndex,
  renderState,
  safeHref,
  tooltipStyles,
} from '../base/index.js';
import { detachedTable, lazyTableRegion, tableDisclosure } from '../base/table-disclosure.js';
import { cssText } from '../base/css-text.js';
import { computeLayout, type ParetoLayout } from './pareto-chart.js';
import { paretoStyles } from './cmdctr-pareto.styles.js';

/** One canvas measures every pareto's labels; widths are cached by font and text. */
let measureContext: CanvasRenderingContext2D | null | undefined;
const labelWidths = new Map<string, number>();
const MAX_CACHED_WIDTHS = 1000;

function labelMeasurer(font: string): ((text: string) => number) | undefined {
  measureContext ??= document.createElement('canvas').getContext('2d');
  const context = measureContext;
  if (!context) return undefined;
  return (text) => {
    const key = `${font}\n${text}`;
    let width = labelWidths.get(key);
    if (width === undefined) {
      context.font = font;
      width = context.measureText(text).width;
      // A bounded cache: hostile 10,000-character labels must not accumulate.
      if (labelWidths.size >= MAX_CACHED_WIDTHS) labelWidths.clear();
      labelWidths.set(key, width);
    }
    return width;
  };
}

/** Column headings of the data table, in order. */
const COLUMNS = [
  'Rank',
  'Type',
  'Code',
  'Workflows',
  'Exceptions',
  'Open',
  'Hours',
  'Mean hours',
  'Share',
  'Cumulative share',
  'Vital few',
  'Runbook',
];

// Straight from the generated schema types: the friendly aliases may not name these yet.
type ParetoResponse = components['schemas']['ParetoResponse'];
type ParetoItem = components['schemas']['ParetoItem'];

let instances = 0;

/**
 * "Which exceptions matter": exception types ranked by the hours they consume (count × time to
 * resolve, as the server computes it), as bars in the server's order with the cumulative share
 * of all hours as a line on a second axis and the cutoff (80 %) marked. The "vital few" types
 * that make up the first `cutoff` of the hours carry a hatch and a heavy outline, and say so in
 * words, so the marking never rests on colour. Below 480 px the bars turn horizontal.
 *
 * The bars are a list of buttons: Tab reaches the list, arrow keys, Home and End move between
 * bars, hover or focus shows the figures, Enter or a click drills through. A data table lists
 * every type, including those past `limit`.
 *
 * @summary Pareto of exception hours by type, with cumulative share, cutoff and drill-through.
 *
 * @csspart base - The region wrapping the element.
 * @csspart chart - The chart area (summary, toolbar, plot, table).
 * @csspart summary - The line of totals above the chart.
 * @csspart toolbar - The row holding the legend and the actions.
 * @csspart legend - The key to bars, vital few, cumulative line and cutoff.
 * @csspart table-toggle - The "Table" button (`aria-expanded` tells whether the table is open).
 * @csspart export-menu - The "Export" menu button (CSV, SVG, PNG).
 * @csspart export-menu-list - The export menu (in the top layer).
 * @csspart plot - The drawing with the bar list over it.
 * @csspart bars - The list of focusable bars.
 * @csspart bar - One bar's button.
 * @csspart note - The notice that types past `limit` are only in the table.
 * @csspart table - The data table, built only while "Table" is expanded.
 * @csspart tooltip - The hover and focus tooltip (in the top layer).
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty-state message.
 * @csspart error - Error message.
 * @csspart retry-button - Retry button of the error and stale states.
 * @csspart stale - Notice shown when a refresh failed and older data is kept.
 *
 * @cssproperty --cmdctr-pareto-bar-color - Fill of the bars outside the vital few.
 * @cssproperty --cmdctr-pareto-vital-color - Fill of the vital-few bars (under their hatch).
 * @cssproperty --cmdctr-pareto-line-color - The cumulative-share line and its points.
 * @cssproperty --cmdctr-pareto-cutoff-color - The cutoff line and its label.
 * @cssproperty --cmdctr-color-surface - Background, and the hatch of vital-few bars.
 * @cssproperty --cmdctr-color-text - Labels and the outline of vital-few bars.
 * @cssproperty --cmdctr-color-text-muted - Axis labels and the outline of other bars.
 * @cssproperty --cmdctr-color-border - Grid lines and table borders.
 * @cssproperty --cmdctr-color-focus - Focus ring and the active bar's outline.
 * @cssproperty --cmdctr-color-accent - Pressed "Table" button and runbook links.
 *
 * @event cmdctr-drill - A bar was clicked or activated with Enter/Space. Cancelable; when not
 * cancelled the type's runbook (if it is a safe http(s) link) opens in a new tab. `detail`:
 * `{ workflow, workflows, rowDimension: 'type', rowKey, type, from, to }`: the type code, the
 * workflows its exceptions came from (`workflow` set when that is exactly one) and the window.
 * @event cmdctr-error - A request failed (see the base element).
 */
export class CmdctrPareto extends CmdctrElement {
  static override styles = [
    CmdctrElement.styles,
    tooltipStyles,
    exportMenuStyles,
    chartPartStyles,
    paretoStyles,
  ];

  static override get properties(): PropertyDeclarations {
    return {
      limit: { type: Number },
      chartHeight: { type: Number, attribute: 'chart-height' },
      label: {},
      tableOpen: { state: true },
    };
  }

  /**
   * Draw at most this many bars, the first in the server's ranking; the table still lists every
   * type. 0 draws them all.
   */
  limit = 10;

  /** Height of the plot in CSS pixels when the bars stand upright (wide hosts). */
  chartHeight = 300;

  /** Accessible name and table caption; defaults to "Exception hours by type". */
  label?: string;

  private tableOpen = false;

  readonly #metric = new MetricController<ParetoResponse>(this, {
    path: '/v1/metrics/pareto',
    schema: ParetoResponseSchema,
    // The Pareto has no buckets: an inherited `bucket` would only be refused.
    query: () => ({ ...this.commonQuery(), bucket: undefined }),
    isEmpty: (d) => d.items.length === 0,
    metric: 'pareto',
  });
  readonly #resize = new ResizeController(this);
  readonly #tooltip = new Tooltip(this);
  readonly #menu = exportMenu(this, (kind) => {
    const data = this.#metric.data;
    if (!data) return;
    void exportChart(this, kind, {
      tag: 'pareto',
      from: data.meta.filters.from,
      to: data.meta.filters.to,
      // Every type, open or closed: the file never depends on what is on screen.
      table: () => detachedTable(this.#renderRows(data)),
      svg: () => this.renderRoot.querySelector<SVGSVGElement>('.plot svg'),
    });
  });
  readonly #uid = `p${++instances}`;
  // Roving focus and hover: plain fields, the handlers request the updates they need.
  #active = 0;
  #tip: number | null = null;

  // ------------------------------------------------------------------ lifecycle

  protected override firstUpdated(): void {
    this.#tooltip.attach(this.renderRoot);
  }

  protected override updated(): void {
    // A zero-height strip as wide as the plot, not the host: the host's and the plot's heights
    // follow the width (wrapping text, bars turning into rows), and a redraw that resizes the
    // observed box in the same frame is a "ResizeObserver loop" error.
    this.#resize.observe(this.renderRoot.querySelector('.sizer') ?? this);
    // A live refresh replaced the figures under an open tooltip: show the new ones.
    if (this.#tip !== null && this.#tooltip.open) this.#showTip(this.#tip);
  }

  // ------------------------------------------------------------------ handlers

  get #name(): string {
    return this.label || 'Exception hours by type';
  }

  #shown(data: ParetoResponse): ParetoItem[] {
    return this.limit > 0 ? data.items.slice(0, this.limit) : data.items;
  }

  #indexOf(event: Event): number {
    const button = (event.target as HTMLElement).closest?.<HTMLElement>('[data-index]');
    return button ? Number(button.dataset.index) : NaN;
  }

  #button(index: number): HTMLElement | null {
    return this.renderRoot.querySelector(`[data-index="${index}"]`);
  }

  #showTip(index: number): void {
    const item = this.#metric.data?.items[index];
    const button = this.#button(index);
    if (!item || !button) return this.#hideTip();
    if (this.#tip !== index) this.requestUpdate();
    this.#tip = index;
    const f = this.fmt;
    const rows: Array<[string, string]> = [
      ['Exceptions', f.number(item.count)],
      ['Still open', f.number(item.openCount)],
      ['Hours', this.#hours(item.hours)],
      ['Mean per exception', f.hours(item.meanHours)],
      ['Share of hours', f.percent(item.share)],
      ['Cumulative share', f.percent(item.cumulativeShare)],
    ];
    this.#tooltip.show(
      html`<div class="tip">
        ${factsTip(item.label, rows)}
        ${item.vital ? html`<p>Vital few: within the first ${f.percent(this.#metric.data?.cutoff)} of hours</p>` : nothing}
      </div>`,
      button.getBoundingClientRect(),
    );
  }

  #hideTip(): void {
    if (this.#tip !== null) this.requestUpdate();
    this.#tip = null;
    this.#tooltip.hide();
  }

  #hours(value: number): string {
    return `${this.fmt.number(value, value < 10 ? 1 : 0)} h`;
  }

  #drill(index: number): void {
    const data = this.#metric.data;
    const item = data?.items[index];
    if (!data || !item) return;
    const { from, to, workflow } = data.meta.filters;
    const only = item.workflows.length === 1 ? item.workflows : workflow;
    const proceed = emit(
      this,
      'cmdctr-drill',
      {
        workflow: only?.length === 1 ? (only[0] ?? null) : null,
        workflows: item.workflows,
        rowDimension: 'type',
        rowKey: item.type,
        type: item.type,
        from,
        to,
      },
      { cancelable: true },
    );
    const href = safeHref(item.runbookUrl);
    if (proceed && href) window.open(href, '_blank', 'noopener,noreferrer');
  }

  #onKeyDown = (event: KeyboardEvent) => {
    const data = this.#metric.data;
    const at = this.#indexOf(event);
    if (event.key === 'Escape') return this.#hideTip();
    const next = data ? moveIndex(at, event.key, this.#shown(data).length) : null;
    if (next === null) return;
    event.preventDefault();
    this.#active = next;
    this.requestUpdate();
    this.#button(next)?.focus();
    // Focus events wait while the page is in the background; the figures should not.
    this.#showTip(next);
  };

  #onFocusIn = (event: FocusEvent) => {
    const index = this.#indexOf(event);
    if (Number.isNaN(index)) return;
    if (index !== this.#active) {
      this.#active = index;
      this.requestUpdate();
    }
    this.#showTip(index);
  };

  #onPointer = (event: PointerEvent) => {
    const index = event.type === 'pointerleave' ? NaN : this.#indexOf(event);
    if (Number.isNaN(index)) this.#hideTip();
    else if (index !== this.#tip || !this.#tooltip.open) this.#showTip(index);
  };

  #onClick = (event: MouseEvent) => {
    const index = this.#indexOf(event);
    if (!Number.isNaN(index)) this.#drill(index);
  };

  /**
   * Labels are shortened to their measured width, not a character count: 'W', CJK and emoji are
   * far wider than an average character. The font is read from the label's computed style (its
   * size follows the root font size), or from the host before the first chart exists.
   */
  #labelMeasure(): ((text: string) => number) | undefined {
    const drawn = this.renderRoot.querySelector('.plot .label');
    const style = getComputedStyle(drawn ?? this);
    const size = drawn
      ? style.fontSize
      : `${0.75 * parseFloat(getComputedStyle(document.documentElement).fontSize)}px`;
    return labelMeasurer(`${style.fontStyle} ${style.fontWeight} ${size} ${style.fontFamily}`);
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    return renderState(this.#metric, {
      label: this.#name,
      emptyText: 'No exceptions in this range',
      fmt: this.fmt,
      content: (data) => this.#renderChart(data),
    });
  }

  #renderChart(data: ParetoResponse): TemplateResult {
    const f = this.fmt;
    const shown = this.#shown(data);
    const layout = computeLayout(shown, {
      width: this.#resize.width || this.clientWidth || 640,
      height: this.chartHeight,
      cutoff: data.cutoff,
      measure: this.#labelMeasure(),
    });
    if (this.#active >= shown.length) this.#active = 0;
    const cutoff = f.percent(data.cutoff);
    const vital = data.items.filter((i) => i.vital).length;
    const hidden = data.items.length - shown.length;
    const line = (cls: string, dash?: string) =>
      svg`<svg class="swatch" width="22" height="10" aria-hidden="true"><line class=${cls} x1="0" y1="5" x2="22" y2="5" stroke-dasharray=${dash ?? nothing}></line></svg>`;
    return html`<div part="chart" class="chart">
      <p part="summary" class="summary">
        ${this.#hours(data.totalHours)} across ${f.number(data.totalCount)} exceptions in
        ${f.number(data.items.length)} types
      </p>
      <div part="toolbar" class="toolbar">
        <ul part="legend" class="legend" aria-label="Legend">
          <li>
            <svg class="swatch" width="14" height="14" aria-hidden="true">
              <rect class="bar" x="1" y="1" width="12" height="12"></rect></svg
            >Hours
          </li>
          <li>
            <svg class="swatch" width="14" height="14" aria-hidden="true">
              ${this.#hatch(`${this.#uid}-key`)}
              <rect class="bar vital" x="1" y="1" width="12" height="12"></rect>
              <rect x="1" y="1" width="12" height="12" fill="url(#${this.#uid}-key)"></rect></svg
            >Vital few (${f.number(vital)}): first ${cutoff} of hours
          </li>
          <li>${line('cumulative')}Cumulative share</li>
          <li>${line('cutoff', '5 3')}${cutoff} cutoff</li>
        </ul>
        <div class="actions">
          ${tableDisclosure(this.tableOpen, () => (this.tableOpen = !this.tableOpen), `${this.#uid}-table`)}
          ${this.#menu(['csv', 'svg', 'png'])}
        </div>
      </div>
      <div
        part="plot"
        class="plot ${layout.orientation}"
        .style=${cssText(`height:${layout.height}px`)}
      >
        <div class="sizer"></div>
        ${this.#renderSvg(layout, shown, cutoff)}
        <ol
          part="bars"
          class="bars"
          role="list"
          aria-label="${this.#name}, ranked by hours"
          aria-describedby="${this.#uid}-help"
          @keydown=${this.#onKeyDown}
          @focusin=${this.#onFocusIn}
          @focusout=${() => this.#hideTip()}
          @pointerover=${this.#onPointer}
          @pointerleave=${this.#onPointer}
          @click=${this.#onClick}
        >
          ${layout.bars.map((bar, i) => {
            const item = shown[i] as ParetoItem;
            const { x, y, width, height } = bar.band;
            // Through the CSSOM (see cssText): the directive styleProps() would cost this entry
            // lit/directive.js for the same writes.
            return html`<li
              .style=${cssText(`left:${x}px;top:${y}px;width:${width}px;height:${height}px`)}
            >
              <button
                part="bar"
                type="button"
                data-index=${i}
                tabindex=${i === this.#active ? '0' : '-1'}
              >
                <span class="visually-hidden"
                  ><span dir="auto">${item.label}</span>: ${this.#hours(item.hours)},
                  ${f.percent(item.share)} of hours, cumulative
                  ${f.percent(item.cumulativeShare)}${item.vital ? ', vital few' : ''}</span
                >
              </button>
            </li>`;
          })}
        </ol>
      </div>
      <p id="${this.#uid}-help" class="visually-hidden">
        Arrow keys move between types; Enter opens the type's runbook.
      </p>
      ${
        hidden > 0
          ? html`<p part="note" class="note">
              Showing the top ${f.number(shown.length)} of ${f.number(data.items.length)} types; the
              table lists all ${f.number(data.items.length)}.
            </p>`
          : nothing
      }
      ${this.#renderTable(data)}
    </div>`;
  }

  #hatch(id: string) {
    return svg`<defs><pattern id=${id} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line class="hatch" x1="0" y1="0" x2="0" y2="5"></line></pattern></defs>`;
  }

  #renderSvg(layout: ParetoLayout, shown: ParetoItem[], cutoff: string): TemplateResult {
    const { plot, width, height } = layout;
    const cols = layout.orientation === 'columns';
    const f = this.fmt;
    const end = cols ? plot.x + plot.width : plot.y + plot.height;
    const base = cols ? plot.y + plot.height : plot.x;
    // A value-axis line across the plot at `at` (horizontal for columns, vertical for rows).
    const across = (at: number, cls: string, dash?: string) =>
      svg`<line class=${cls} x1=${cols ? plot.x : at} x2=${cols ? end : at} y1=${cols ? at : plot.y} y2=${cols ? at : end} stroke-dasharray=${dash ?? nothing}></line>`;
    const id = `${this.#uid}-hatch`;
    return html`<svg width=${width} height=${height} aria-hidden="true" focusable="false">
      ${this.#hatch(id)} ${layout.hoursTicks.map((t) => across(t.at, 'grid'))}
      ${layout.hoursTicks.map((t) =>
        cols
          ? svg`<text class="axis" x=${plot.x - 6} y=${t.at} text-anchor="end" dominant-baseline="middle">${f.compact(t.value)} h</text>`
          : svg`<text class="axis" x=${t.at} y=${end + 16} text-anchor="middle">${f.compact(t.value)} h</text>`,
      )}
      ${layout.shareTicks.map((t) =>
        cols
          ? svg`<text class="axis" x=${end + 6} y=${t.at} dominant-baseline="middle">${f.percent(t.value, 0)}</text>`
          : svg`<text class="axis" x=${t.at} y=${plot.y - 8} text-anchor="middle">${f.percent(t.value, 0)}</text>`,
      )}
      ${layout.bars.map((b, i) => {
        const item = shown[i] as ParetoItem;
        const cls = `bar${item.vital ? ' vital' : ''}${i === this.#tip ? ' active' : ''}`;
        const { x, y, width: w, height: h } = b.bar;
        return svg`<rect class=${cls} x=${x} y=${y} width=${Math.max(0, w)} height=${Math.max(0, h)}></rect>
          ${item.vital ? svg`<rect x=${x} y=${y} width=${Math.max(0, w)} height=${Math.max(0, h)} fill="url(#${id})"></rect>` : nothing}
          <text class="label" x=${b.labelX} y=${b.labelY}
            text-anchor=${cols && !layout.rotated ? 'middle' : 'end'}
            dominant-baseline=${cols ? 'auto' : 'middle'}
            transform=${layout.rotated ? `rotate(-40 ${b.labelX} ${b.labelY - 6})` : nothing}>${b.label}</text>`;
      })}
      ${across(base, 'grid')} ${across(layout.cutoffAt, 'cutoff', '5 3')}
      ${
        cols
          ? svg`<text class="cutoff-label" x=${end - 4} y=${layout.cutoffAt + 14} text-anchor="end">${cutoff}</text>`
          : svg`<text class="cutoff-label" x=${layout.cutoffAt + 4} y=${end - 4}>${cutoff}</text>`
      }
      <path class="cumulative" d=${layout.line}></path>
      ${layout.bars.map((b) => svg`<circle class="point" cx=${b.point.x} cy=${b.point.y} r="3.5"></circle>`)}
    </svg>`;
  }

  #renderTable(data: ParetoResponse): TemplateResult {
    return lazyTableRegion(
      this.tableOpen,
      `${this.#name}, data table`,
      `${this.#uid}-table`,
      // Rows only while open: unseen, they cost every live update.
      this.tableOpen ? this.#renderRows(data) : nothing,
    );
  }

  #renderRows(data: ParetoResponse): TemplateResult {
    const f = this.fmt;
    return html`<table part="table">
      <caption>
        ${this.#name}, ranked by hours; vital few: the first ${f.percent(data.cutoff)} of hours
      </caption>
      <thead>
        <tr>
          ${COLUMNS.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${data.items.map((item, i) => {
          const href = safeHref(item.runbookUrl);
          return html`<tr>
            <td>${i + 1}</td>
            <th scope="row" dir="auto">${item.label}</th>
            <td class="text" dir="auto">${item.type}</td>
            <td class="text">${item.workflows.join(', ')}</td>
            <td>${f.number(item.count)}</td>
            <td>${f.number(item.openCount)}</td>
            <td>${f.number(item.hours, 1)}</td>
            <td>${f.number(item.meanHours, 1)}</td>
            <td>${f.percent(item.share)}</td>
            <td>${f.percent(item.cumulativeShare)}</td>
            <td>${item.vital ? 'Yes' : 'No'}</td>
            <td class="text">
              ${
                href
                  ? html`<a href=${href} target="_blank" rel="noopener noreferrer">Runbook</a>`
                  : (item.runbookUrl ?? '')
              }
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-pareto': CmdctrPareto;
  }
}
