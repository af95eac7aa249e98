import { resolveTokens } from './theme.js';

/**
 * Chart export: a chart's data as CSV (read from its accessible data table, so the file says what
 * a screen reader hears) and its picture as SVG or PNG with the theme's colours resolved.
 * Pure DOM helpers with no element state; the elements decide what to export.
 */

export type ExportKind = 'csv' | 'svg' | 'png';

/** Properties copied from the computed style onto every exported SVG node. */
const SVG_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'opacity',
  'fill-opacity',
  'font-size',
  'font-weight',
];

/**
 * One CSV field (RFC 4180). A text field opening with `=`, `+`, `-` or `@` is prefixed with `'`,
 * so a spreadsheet does not run it as a formula (data here includes free-text labels from the
 * server); plain numbers such as `-5` are left alone because no spreadsheet evaluates them.
 * Whitespace is collapsed (table cells carry layout whitespace) unless `exact` is set, which
 * keeps the value as the server sent it (line breaks inside quotes, as RFC 4180 allows): audit
 * evidence must not be reworded.
 */
export function csvField(text: string | null, exact = false): string {
  let value = text ?? '';
  if (!exact) value = value.replace(/\s+/g, ' ').trim();
  if (/^[=+\-@]/.test(value) && !/^-[\d.,]+$/.test(value)) value = `'${value}`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The table's header, body and footer rows as CSV with CRLF line ends (caption left out). */
export function tableToCsv(table: HTMLTableElement): string {
  let out = '';
  for (const row of table.rows)
    out += `${[...row.cells].map((c) => csvField(c.textContent)).join(',')}\r\n`;
  return out;
}

/**
 * A standalone copy of an SVG drawn inside a shadow root: every node gets its computed paint and
 * font as attributes (class rules and `var(--…)` tokens do not travel with the file), the root gets
 * the namespace, its size, the host's font and a background in the host's surface colour.
 */
export function svgWithResolvedColors(svg: SVGSVGElement, host: Element): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = svg.querySelectorAll('*');
  const to = copy.querySelectorAll('*');
  from.forEach((node, i) => {
    const style = getComputedStyle(node);
    for (const prop of SVG_PROPS) {
      const value = style.getPropertyValue(prop);
      // Pattern fills keep their `url(#id)` reference; the pattern travels inside the copy.
      if (value && !value.startsWith('url(')) to[i]?.setAttribute(prop, value);
    }
  });
  const box = svg.getBoundingClientRect();
  const { fontFamily, fontSize, color } = getComputedStyle(host);
  const attrs = {
    xmlns: 'http://www.w3.org/2000/svg',
    width: Math.round(box.width),
    height: Math.round(box.height),
    'font-family': fontFamily,
    'font-size': fontSize,
    color,
  };
  for (const [name, value] of Object.entries(attrs)) copy.setAttribute(name, String(value));
  const background = document.createElementNS(attrs.xmlns, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', resolveTokens(host, ['--_color-surface'])[0] || '#fff');
  copy.prepend(background);
  return copy;
}

export function canvasToPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    ),
  );
}

const svgBlob = (svg: SVGSVGElement) =>
  new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });

/** Rasterises a standalone SVG (see `svgWithResolvedColors`) at the device pixel ratio. */
export async function svgToPng(svg: SVGSVGElement, scale = devicePixelRatio || 1): Promise<Blob> {
  const url = URL.createObjectURL(svgBlob(svg));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(Number(svg.getAttribute('width')) * scale);
    canvas.height = Math.ceil(Number(svg.getAttribute('height')) * scale);
    canvas.getContext('2d')?.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await canvasToPngBlob(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves `blob` through a temporary `<a download>`; the object URL is revoked once the click ran. */
export function download(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  // The download reads the URL asynchronously; revoking in the same task can cancel it.
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/**
 * `cmdctr-<tag>-<from>-<to>.<ext>`, the instants in UTC without `:` (which Windows forbids in
 * file names), e.g. `cmdctr-heatmap-2025-11-28T100000Z-2025-12-05T100000Z.csv`.
 */
export function exportFilename(
  tag: string,
  from: string,
  to: string,
  ext: ExportKind | 'json',
): string {
  const clean = (instant: string) => new Date(instant).toISOString().replace(/\.\d+|:/g, '');
  return `cmdctr-${tag}-${clean(from)}-${clean(to)}.${ext}`;
}

/** What a chart hands over to export; each getter runs only for the format chosen. */
export interface ExportSource {
  tag: string;
  from: string;
  to: string;
  table: () => HTMLTableElement | null | Promise<HTMLTableElement | null>;
  svg?: () => SVGSVGElement | null | undefined;
  canvas?: () => HTMLCanvasElement | null | undefined;
}

/** Builds the file of `kind` from `source` and downloads it. PNG prefers the SVG (crisp text). */
export async function exportChart(
  host: Element,
  kind: ExportKind,
  source: ExportSource,
): Promise<void> {
  let blob: Blob | undefined;
  if (kind === 'csv') {
    const table = await source.table();
    // A byte-order mark, so spreadsheet programs read the file as UTF-8 (labels carry "–", "é").
    if (table) blob = new Blob(['\ufeff', tableToCsv(table)], { type: 'text/csv;charset=utf-8' });
  } else {
    const svg = source.svg?.();
    const resolved = svg && svgWithResolvedColors(svg, host);
    if (kind === 'svg') blob = resolved ? svgBlob(resolved) : undefined;
    else if (resolved) blob = await svgToPng(resolved);
    else {
      const canvas = source.canvas?.();
      if (canvas) blob = await canvasToPngBlob(canvas);
    }
  }
  if (blob) download(blob, exportFilename(source.tag, source.from, source.to, kind));
}
