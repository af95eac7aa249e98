import { expect } from '@open-wc/testing';
import { LitElement, css, html, svg } from 'lit';
import {
  canvasToPngBlob,
  download,
  exportChart,
  exportFilename,
  svgToPng,
  svgWithResolvedColors,
  tableToCsv,
} from './export.js';
import { themeStyles } from './theme.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function signature(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.slice(0, 8).arrayBuffer())];
}

/** Replaces the anchor click that would start a download; returns what would have been saved. */
function interceptDownloads(): {
  saved: Array<{ name: string; blob: Promise<Blob> }>;
  restore: () => void;
} {
  const saved: Array<{ name: string; blob: Promise<Blob> }> = [];
  const original = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    // Read while the object URL is alive: download() revokes it later.
    saved.push({ name: this.download, blob: fetch(this.href).then((r) => r.blob()) });
  };
  return { saved, restore: () => (HTMLAnchorElement.prototype.click = original) };
}

class ExportProbe extends LitElement {
  static override styles = [
    themeStyles,
    css`
      .bar {
        fill: var(--_color-accent);
        stroke: var(--_color-border);
      }
      text {
        fill: var(--_color-text-muted);
        font-weight: 600;
      }
    `,
  ];
  protected override render() {
    return html`<svg width="120" height="40" aria-hidden="true">
      ${svg`<rect class="bar" x="0" y="0" width="60" height="20"></rect>
        <rect x="60" y="0" width="60" height="20" fill="var(--_color-critical)"></rect>
        <text x="4" y="34">Label</text>`}
    </svg>`;
  }
}
customElements.define('export-probe', ExportProbe);

function table(rows: string[][]): HTMLTableElement {
  const t = document.createElement('table');
  t.createCaption().textContent = 'Caption is not data';
  for (const cells of rows) {
    const tr = t.insertRow();
    for (const text of cells) tr.insertCell().textContent = text;
  }
  return t;
}

describe('export helpers', () => {
  const mounted: Element[] = [];
  afterEach(() => mounted.splice(0).forEach((e) => e.remove()));

  it('tableToCsv quotes per RFC 4180 and leaves the caption out', () => {
    const csv = tableToCsv(
      table([
        ['Type', 'Count'],
        ['Match, price', '1,204'],
        ['Said "hold"', ' 12 \n '],
      ]),
    );
    expect(csv).to.equal('Type,Count\r\n"Match, price","1,204"\r\n"Said ""hold""",12\r\n');
  });

  it('tableToCsv neutralises spreadsheet formulas but keeps negative numbers', () => {
    const csv = tableToCsv(
      table([['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '-42', '-1,204.5', 'ok']]),
    );
    expect(csv).to.equal(`"'=HYPERLINK(""http://x"")",'+1+1,'-2+3,'@SUM(A1),-42,"-1,204.5",ok\r\n`);
  });

  it('svgWithResolvedColors inlines computed colours: no var( left, namespace and size set', async () => {
    const probe = document.createElement('export-probe') as ExportProbe;
    probe.setAttribute('data-theme', 'dark');
    document.body.append(probe);
    mounted.push(probe);
    await probe.updateComplete;
    const source = probe.shadowRoot!.querySelector('svg')!;
    const copy = svgWithResolvedColors(source, probe);
    const text = new XMLSerializer().serializeToString(copy);
    expect(text).to.not.include('var(');
    expect(copy.getAttribute('xmlns')).to.equal('http://www.w3.org/2000/svg');
    expect(copy.getAttribute('width')).to.equal('120');
    expect(copy.getAttribute('height')).to.equal('40');
    // Dark theme defaults: accent #6cb0ff, critical #ff6b6b, muted text #a3acb7, surface #16181d.
    const rects = copy.querySelectorAll('rect');
    expect(rects[0]?.getAttribute('fill')).to.equal('#16181d');
    expect(rects[1]?.getAttribute('fill')).to.equal('rgb(108, 176, 255)');
    expect(rects[2]?.getAttribute('fill')).to.equal('rgb(255, 107, 107)');
    expect(copy.querySelector('text')?.getAttribute('fill')).to.equal('rgb(163, 172, 183)');
    expect(copy.querySelector('text')?.getAttribute('font-weight')).to.equal('600');
    expect(copy.getAttribute('font-family')).to.include('system-ui');
    // The live chart is untouched.
    expect(source.querySelector('rect')?.hasAttribute('fill')).to.equal(false);
  });

  it('svgToPng and canvasToPngBlob produce PNG files', async () => {
    const probe = document.createElement('export-probe') as ExportProbe;
    document.body.append(probe);
    mounted.push(probe);
    await probe.updateComplete;
    const copy = svgWithResolvedColors(probe.shadowRoot!.querySelector('svg')!, probe);
    const png = await svgToPng(copy, 2);
    expect(await signature(png)).to.deep.equal(PNG_SIGNATURE);
    const bitmap = await createImageBitmap(png);
    expect([bitmap.width, bitmap.height]).to.deep.equal([240, 80]);
    // The critical half is painted in the light theme's critical colour, not left transparent.
    const canvas = document.createElement('canvas');
    canvas.width = 240;
    canvas.height = 80;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    expect([...ctx.getImageData(180, 20, 1, 1).data]).to.deep.equal([196, 38, 46, 255]);
    const fromCanvas = await canvasToPngBlob(canvas);
    expect(fromCanvas.size).to.be.greaterThan(0);
    expect(await signature(fromCanvas)).to.deep.equal(PNG_SIGNATURE);
  });

  it('download() clicks a temporary anchor with the file name and a live object URL', async () => {
    const { saved, restore } = interceptDownloads();
    try {
      download(new Blob(['a,b\r\n'], { type: 'text/csv' }), 'x.csv');
    } finally {
      restore();
    }
    expect(saved.map((s) => s.name)).to.deep.equal(['x.csv']);
    expect(await (await saved[0]!.blob).text()).to.equal('a,b\r\n');
    expect(document.querySelector('a[download]')).to.equal(null);
  });

  it('exportFilename names the range in UTC without characters file systems refuse', () => {
    expect(
      exportFilename('heatmap', '2026-11-01T00:00:00.000Z', '2026-11-08T00:00:00+01:00', 'csv'),
    ).to.equal('cmdctr-heatmap-2026-11-01T000000Z-2026-11-07T230000Z.csv');
  });

  it('exportChart writes a UTF-8 CSV with a byte-order mark, and PNG from a canvas without SVG', async () => {
    const { saved, restore } = interceptDownloads();
    const canvas = document.createElement('canvas');
    canvas.width = 4;
    canvas.height = 4;
    try {
      const source = {
        tag: 'probe',
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-02T00:00:00Z',
        table: () =>
          table([
            ['Région', 'Zählung'],
            ['NA – East', '3'],
          ]),
        canvas: () => canvas,
      };
      await exportChart(document.body, 'csv', source);
      await exportChart(document.body, 'png', source);
      // Nothing to draw an SVG from: no file rather than an empty one.
      await exportChart(document.body, 'svg', source);
    } finally {
      restore();
    }
    expect(saved.map((s) => s.name)).to.deep.equal([
      'cmdctr-probe-2026-11-01T000000Z-2026-11-02T000000Z.csv',
      'cmdctr-probe-2026-11-01T000000Z-2026-11-02T000000Z.png',
    ]);
    const csv = new Uint8Array(await (await saved[0]!.blob).arrayBuffer());
    expect([...csv.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csv)).to.equal('Région,Zählung\r\nNA – East,3\r\n');
    expect(await signature(await saved[1]!.blob)).to.deep.equal(PNG_SIGNATURE);
  });
});
