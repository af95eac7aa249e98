// Drop-in everywhere: the built bundle in real Chromium on host pages that fight it.
//   1. servicenow-portal.html — the example Service Portal widget on AngularJS 1.8 + Bootstrap 3
//      with a portal theme's global resets, fixed-height overflow:hidden columns and g_ck.
//   2. bi-page.html — a BI dashboard with "the new CSS reset", global button/table/svg rules
//      and its own Chart.js chart, compared against reference.html (same element, no host CSS).
//   3. two-copies.html — the bundle loaded twice from two URLs.
//   node --test test/hosts/hosts.node.test.mjs     (builds the bundle first when it is missing)
// Screenshots for review (never compared) go to test/hosts/__screenshots__/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
// Functions passed to page.evaluate/waitForFunction run in the page, with its globals.
/* global document, window, location, customElements, getComputedStyle, requestAnimationFrame, Node */
import { CHROME_FLAGS, requireChrome } from '../../scripts/find-chrome.mjs';
import { DEFAULT_DIST, ROOT, startHostServer } from './server.mjs';

const SHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));
const RENDER_TIMEOUT_MS = 15_000;
const G_CK = 'c0ffee5e55100000token0000000000000000000000000000000000000000g_ck';
// Text smaller than this is unreadable on a dashboard, whatever the host did to the root size.
const MIN_TEXT_PX = 10;

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startHostServer>>} */
let server;

before(() => {
  const bundle = join(DEFAULT_DIST, 'cmdctr.bundle.js');
  if (!existsSync(bundle)) {
    // The same build `npm start` uses: contract code, entry points and the script-tag bundle.
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--bundle-only'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    assert.equal(built.status, 0, 'node scripts/build.mjs --bundle-only failed');
  }
  mkdirSync(SHOTS, { recursive: true });
});

before(async () => {
  server = await startHostServer();
  browser = await chromium.launch({ executablePath: requireChrome(), args: CHROME_FLAGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Opens a host page and records what went wrong on it.
 * @param {string} path
 * @param {{ width?: number, height?: number }} [viewport]
 */
async function open(path, viewport = { width: 1400, height: 1000 }) {
  const page = await browser.newPage({ viewport });
  /** @type {{ errors: string[], warnings: string[], pageErrors: string[], failed: string[] }} */
  const log = { errors: [], warnings: [], pageErrors: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
    if (m.type() === 'warning') log.warnings.push(m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(e.stack ?? e.message));
  page.on('requestfailed', (r) => log.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) log.failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
  return { page, log };
}

/**
 * Waits until every element matching `selector` shows its data: a drawn chart (cells or a
 * canvas) or list items, and no error, empty or skeleton state.
 * @param {import('playwright-core').Page} page @param {string} selector
 */
async function waitForData(page, selector) {
  const ok = await page
    .waitForFunction(
      (sel) => {
        const hosts = [...document.querySelectorAll(sel)];
        return (
          hosts.length > 0 &&
          hosts.every((host) => {
            const root = host.shadowRoot;
            if (!root) return false;
            const drawn = root.querySelector(
              '[part~="cell"], canvas[part~="canvas"], [part~="item"], [part~="chart"] rect',
            );
            return (
              drawn && !root.querySelector('[part~="error"], [part~="empty"], [part~="skeleton"]')
            );
          })
        );
      },
      selector,
      { timeout: RENDER_TIMEOUT_MS, polling: 100 },
    )
    .then(
      () => true,
      () => false,
    );
  if (ok) return;
  const states = await page.evaluate(
    (sel) =>
      [...document.querySelectorAll(sel)].map(
        (h) =>
          `<${h.localName}>: ${(h.shadowRoot?.innerHTML ?? '(no shadow root)').replace(/<!--[^]*?-->/g, '').slice(0, 400)}`,
      ),
    selector,
  );
  assert.fail(`no data in ${selector} within ${RENDER_TIMEOUT_MS} ms:\n${states.join('\n')}`);
}

/**
 * Everything inside the element's shadow tree (nested shadow roots included) that sticks out of
 * the element's box horizontally. A scroll or clip container's content is its own business, as
 * are the top layer (dialogs, popovers) and visually hidden text.
 * @param {import('playwright-core').Page} page @param {string} selector
 */
function horizontalOverflow(page, selector) {
  return page.evaluate((sel) => {
    const out = [];
    for (const host of document.querySelectorAll(sel)) {
      const box = host.getBoundingClientRect();
      const parent = /** @type {HTMLElement} */ (host.parentElement);
      const pbox = parent.getBoundingClientRect();
      const pstyle = getComputedStyle(parent);
      const contentRight =
        pbox.right - parseFloat(pstyle.paddingRight) - parseFloat(pstyle.borderRightWidth);
      if (box.right > contentRight + 0.5)
        out.push(
          `<${host.localName}> ends at ${box.right}px, its container's content at ${contentRight}px`,
        );
      /** @param {Element | ShadowRoot} node */
      const walk = (node) => {
        for (const el of node.children) {
          const cs = getComputedStyle(el);
          if (el.matches('dialog, [popover], .visually-hidden') || cs.display === 'none') continue;
          const r = el.getBoundingClientRect();
          if (r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5))
            out.push(
              `<${host.localName}> ${el.localName}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''}.${el.className?.baseVal ?? el.className}: ${r.left}–${r.right} outside ${box.left}–${box.right}`,
            );
          if (['auto', 'scroll', 'hidden', 'clip'].includes(cs.overflowX)) continue;
          if (el.shadowRoot) walk(el.shadowRoot);
          walk(el);
        }
      };
      if (host.shadowRoot) walk(host.shadowRoot);
    }
    return out;
  }, selector);
}

/**
 * The computed font size of every visible piece of text in the elements' shadow trees.
 * @param {import('playwright-core').Page} page @param {string} selector
 * @returns {Promise<Array<{ host: string, where: string, text: string, px: number, hostPx: number }>>}
 */
function textSizes(page, selector) {
  return page.evaluate((sel) => {
    const out = [];
    for (const host of document.querySelectorAll(sel)) {
      const hostPx = parseFloat(getComputedStyle(host).fontSize);
      /** @param {Node} node */
      const walk = (node) => {
        for (const child of node.childNodes) {
          if (child.nodeType === Node.TEXT_NODE && child.textContent?.trim()) {
            const el = /** @type {Element} */ (
              child.parentElement ?? /** @type {ShadowRoot} */ (node).host
            );
            const r = el.getBoundingClientRect();
            if (r.width <= 1 || r.height <= 1 || el.closest('dialog:not([open]), .visually-hidden'))
              continue;
            out.push({
              host: host.localName,
              where: `${el.localName}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''}.${el.className?.baseVal ?? el.className}`,
              text: child.textContent.trim().slice(0, 24),
              px: parseFloat(getComputedStyle(el).fontSize),
              hostPx,
            });
          } else if (child.nodeType === Node.ELEMENT_NODE) {
            const el = /** @type {Element} */ (child);
            if (el.shadowRoot) walk(el.shadowRoot);
            if (el.localName !== 'style') walk(el);
          }
        }
      };
      if (host.shadowRoot) walk(host.shadowRoot);
    }
    return out;
  }, selector);
}

// Properties a host page can push into the element's shadow tree and that change what the user
// sees: inherited ones cross the shadow boundary, and an `all: unset` reset on the host box makes
// every inherited one come from the page. The host box itself is not compared: outer rules beat
// `:host`, so no element can keep a page from restyling its host (display, box-sizing).
const LOOK = [
  'display',
  'box-sizing',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-transform',
  'text-align',
  'white-space',
  'color',
  'background-color',
  'border-top-width',
  'padding-top',
  'width',
  'height',
];

/**
 * The computed look of the element's parts that every heatmap draws (frame, toolbar buttons,
 * row labels, axis ticks), keyed by part, for comparison with the reference page.
 * @param {import('playwright-core').Page} page @param {string} selector
 */
function look(page, selector) {
  return page.evaluate(
    ({ sel, props }) => {
      const host = /** @type {HTMLElement} */ (document.querySelector(sel));
      const root = /** @type {ShadowRoot} */ (host.shadowRoot);
      /** @type {Record<string, Record<string, string>>} */
      const out = {};
      const pick = (/** @type {string} */ name, /** @type {Element | null} */ el) => {
        if (!el) {
          out[name] = { missing: 'yes' };
          return;
        }
        const cs = getComputedStyle(el);
        out[name] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
      };
      pick('base', root.querySelector('[part~="base"]'));
      pick('table-toggle', root.querySelector('[part~="table-toggle"]'));
      pick('label', root.querySelector('.label'));
      pick('tick', root.querySelector('.tick'));
      pick('table', root.querySelector('[part~="table"]'));
      return out;
    },
    { sel: selector, props: LOOK },
  );
}

/** Differences between two `look()` results, one line each. */
function diffLook(
  /** @type {Record<string, Record<string, string>>} */ got,
  /** @type {Record<string, Record<string, string>>} */ want,
) {
  const lines = [];
  for (const [part, props] of Object.entries(want))
    for (const [prop, value] of Object.entries(props))
      if (got[part]?.[prop] !== value)
        lines.push(`  ${part} ${prop}: ${got[part]?.[prop]} (reference: ${value})`);
  return lines;
}

describe(
  'ServiceNow Service Portal (AngularJS 1.8, Bootstrap 3, portal theme)',
  { timeout: 90_000 },
  () => {
    /** @type {import('playwright-core').Page} */
    let page;
    /** @type {Awaited<ReturnType<typeof open>>['log']} */
    let log;

    before(async () => {
      server.apiRequests.length = 0;
      ({ page, log } = await open('/test/hosts/servicenow-portal.html', {
        width: 1280,
        height: 1300,
      }));
    });
    after(() => page?.close());

    it('runs the widget: AngularJS compiled the template and the elements are defined', async () => {
      const found = await page
        .waitForFunction(
          () =>
            document.querySelectorAll('sp-widget cmdctr-config').length === 2 &&
            customElements.get('cmdctr-heatmap') &&
            customElements.get('cmdctr-approvals'),
          undefined,
          { timeout: RENDER_TIMEOUT_MS },
        )
        .then(
          () => true,
          () => false,
        );
      assert.ok(found, `widgets not compiled or bundle not loaded: ${log.pageErrors.join('\n')}`);
      // ng-attr-* set the attributes from the server script's data; none is left as "{{…}}".
      const attrs = await page.evaluate(() =>
        [...document.querySelectorAll('cmdctr-config')].map((c) =>
          Object.fromEntries(
            [...c.attributes]
              .filter((a) => !a.name.startsWith('ng-'))
              .map((a) => [a.name, a.value]),
          ),
        ),
      );
      assert.equal(attrs[0]?.workflow, 'p2p_invoice_matching');
      assert.equal(attrs[0]?.tz, 'Europe/Berlin');
      assert.equal(attrs[0]?.auth, 'servicenow');
      assert.equal(attrs[1]?.workflow, undefined, 'an empty option must leave the attribute off');
      assert.ok(!JSON.stringify(attrs).includes('{{'), JSON.stringify(attrs));
    });

    it('renders the heatmaps and the approvals inbox with data, not an error state', async () => {
      await waitForData(page, 'cmdctr-heatmap');
      await waitForData(page, 'cmdctr-approvals');
      const items = await page.evaluate(
        () =>
          document.querySelector('cmdctr-approvals')?.shadowRoot?.querySelectorAll('[part~="item"]')
            .length,
      );
      assert.ok(items && items > 0, `approvals listed: ${items}`);
    });

    it('sends the portal session token as X-UserToken on every API request', () => {
      const paths = server.apiRequests.map((r) => r.path);
      assert.ok(paths.includes('/v1/metrics/exceptions'), paths.join(', '));
      assert.ok(paths.includes('/v1/approvals'), paths.join(', '));
      for (const r of server.apiRequests)
        assert.equal(r.headers['x-usertoken'], G_CK, `${r.method} ${r.path}${r.query}`);
    });

    it('turns a heatmap drill into portal navigation ($location), not the runbook tab', async () => {
      const popups = [];
      page.context().on('page', (p) => popups.push(p.url()));
      const cell = page.locator('#widget-heatmap cmdctr-heatmap [part~="cell"]').first();
      await cell.click();
      await page
        .waitForFunction(
          () => decodeURIComponent(location.hash).includes('id=cmdctr_exceptions'),
          undefined,
          {
            timeout: 5_000,
          },
        )
        .catch(() => undefined);
      const hash = await page.evaluate(() => location.hash);
      const params = new URLSearchParams(String(hash).replace(/^#!?\/?\??/, ''));
      assert.equal(params.get('id'), 'cmdctr_exceptions', String(hash));
      assert.equal(params.get('workflow'), 'p2p_invoice_matching');
      assert.equal(params.get('dimension'), 'type');
      assert.ok(params.get('key') && params.get('from') && params.get('to'), String(hash));
      assert.deepEqual(popups, [], 'the drill must not open the runbook in a new tab');
    });

    it('opens the approval card from the inbox and shows it inside the portal column', async () => {
      await page.locator('cmdctr-approvals [part~="item"]').first().click();
      // The column is narrower than 640 px, so the card opens in the inbox's modal dialog.
      const shown = await page
        .waitForFunction(
          () => {
            const root = document.querySelector('cmdctr-approvals')?.shadowRoot;
            const card = root?.querySelector('cmdctr-approval');
            const r = card?.getBoundingClientRect();
            return (
              r &&
              r.width > 200 &&
              r.height > 100 &&
              !!card?.shadowRoot?.querySelector('[part~="header"]')
            );
          },
          undefined,
          { timeout: RENDER_TIMEOUT_MS },
        )
        .then(
          () => true,
          () => false,
        );
      assert.ok(shown, 'the approval card did not render');
      const requests = server.apiRequests.filter((r) => /^\/v1\/approvals\/[^/]+$/.test(r.path));
      assert.ok(requests.length > 0, 'the card did not load its approval');
      for (const r of requests) assert.equal(r.headers['x-usertoken'], G_CK);
      // The dialog fades in; a screenshot in the middle of that shows a see-through card.
      await page.waitForFunction(() =>
        document
          .querySelector('cmdctr-approvals')
          ?.shadowRoot?.querySelector('dialog')
          ?.getAnimations()
          .every((a) => a.playState === 'finished'),
      );
      await page.screenshot({
        path: join(SHOTS, 'servicenow-portal-approval-open.png'),
        fullPage: true,
      });
      // Close the modal again: it makes the rest of the page inert.
      await page.keyboard.press('Escape');
      const closed = await page.evaluate(
        () =>
          !document.querySelector('cmdctr-approvals')?.shadowRoot?.querySelector('dialog[open]'),
      );
      assert.ok(closed, 'Escape did not close the approval dialog');
    });

    it('keeps every element inside its column (no horizontal overflow)', async () => {
      const overflow = await horizontalOverflow(page, 'cmdctr-heatmap, cmdctr-approvals');
      assert.deepEqual(overflow, [], overflow.join('\n'));
    });

    // Proves the overflow check can fail: a box wider than the element inside its shadow root.
    it('detects overflow when there is some (harness self-check)', async () => {
      await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.id = 'overflow-probe';
        probe.style.width = '5000px';
        probe.style.height = '1px';
        document.querySelector('cmdctr-approvals')?.shadowRoot?.append(probe);
      });
      const overflow = await horizontalOverflow(page, 'cmdctr-approvals');
      await page.evaluate(() =>
        document
          .querySelector('cmdctr-approvals')
          ?.shadowRoot?.getElementById('overflow-probe')
          ?.remove(),
      );
      assert.equal(overflow.length, 1, overflow.join('\n'));
      assert.match(overflow[0] ?? '', /div\./);
    });

    it("sizes text from the element's own font size, not the host's root font size", async () => {
      // The widget CSS pins --cmdctr-font-size in px, so nothing inside may move when the portal
      // (or Bootstrap 3's own html { font-size: 10px }) changes the root font size.
      const at20 = await textSizes(page, 'cmdctr-heatmap, cmdctr-approvals');
      await page.evaluate(() => document.documentElement.classList.add('root-10'));
      await page.evaluate(
        () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
      );
      const at10 = await textSizes(page, 'cmdctr-heatmap, cmdctr-approvals');
      await page.evaluate(() => document.documentElement.classList.remove('root-10'));
      assert.ok(at20.length > 20, `only ${at20.length} text nodes found`);
      assert.ok(
        at20.every((t) => t.hostPx === 14),
        'the widget CSS sets --cmdctr-font-size: 14px',
      );
      /** @type {Map<string, string>} */
      const moved = new Map();
      at20.forEach((t, i) => {
        const other = at10[i];
        if (other && other.px !== t.px)
          moved.set(
            `${t.host} ${t.where}`,
            `${t.px}px at html 20px, ${other.px}px at html 10px ("${t.text}")`,
          );
      });
      const tiny = [...at10, ...at20].filter((t) => t.px < MIN_TEXT_PX);
      assert.deepEqual(
        [...moved].map(([k, v]) => `${k}: ${v}`),
        [],
        "text that follows the host's root font size instead of the element's (rem in element styles):",
      );
      assert.deepEqual(
        tiny.map((t) => `${t.host} ${t.where} "${t.text}" ${t.px}px`),
        [],
      );
    });

    it('saves a screenshot for review and logs no errors', async () => {
      await page.screenshot({
        path: join(SHOTS, 'servicenow-portal.png'),
        fullPage: true,
        animations: 'disabled',
      });
      assert.deepEqual(log.pageErrors, []);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.failed, []);
    });
  },
);

describe('BI page with a global CSS reset and Chart.js', { timeout: 90_000 }, () => {
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {Awaited<ReturnType<typeof open>>['log']} */
  let log;
  /** @type {Record<string, Record<string, string>>} */
  let reference;
  /** @type {{ width: number, height: number }} */
  let referenceBox;

  before(async () => {
    const ref = await open('/test/hosts/reference.html');
    await waitForData(ref.page, 'cmdctr-heatmap');
    reference = await look(ref.page, 'cmdctr-heatmap');
    referenceBox = await ref.page.evaluate(() => {
      const r = /** @type {Element} */ (
        document.querySelector('cmdctr-heatmap')
      ).getBoundingClientRect();
      return { width: r.width, height: r.height };
    });
    await ref.page.screenshot({
      path: join(SHOTS, 'reference.png'),
      fullPage: true,
      animations: 'disabled',
    });
    await ref.page.close();
    ({ page, log } = await open('/test/hosts/bi-page.html'));
  });
  after(() => page?.close());

  it('renders the heatmap with data next to the Chart.js chart', async () => {
    await waitForData(page, 'cmdctr-heatmap');
  });

  it("leaves the page's Chart.js canvas as it drew it", async () => {
    const chart = await page.evaluate(() => {
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById('orders'));
      const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
      const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) painted++;
      const w = /** @type {any} */ (window);
      return {
        before: w.__chartBefore,
        now: { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight },
        chart: { w: w.ordersChart?.width, h: w.ordersChart?.height },
        painted,
      };
    });
    assert.deepEqual(chart.now, { w: 560, h: 280, cw: 560, ch: 280 });
    assert.deepEqual(chart.before, chart.now);
    assert.deepEqual(chart.chart, { w: 560, h: 280 });
    assert.ok(chart.painted > 1000, `Chart.js painted ${chart.painted} pixels`);
  });

  it('keeps the table toggle visible and working, and the table readable', async () => {
    const toggle = page.locator('cmdctr-heatmap [part~="table-toggle"]');
    const box = await toggle.boundingBox();
    assert.ok(box && box.width >= 24 && box.height >= 24, `toggle box ${JSON.stringify(box)}`);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const table = await page.evaluate(() => {
      const t = document
        .querySelector('cmdctr-heatmap')
        ?.shadowRoot?.querySelector('[part~="table"]');
      const r = t?.getBoundingClientRect();
      return {
        w: r?.width ?? 0,
        h: r?.height ?? 0,
        rows: t?.querySelectorAll('tbody tr').length ?? 0,
      };
    });
    assert.ok(table.w > 100 && table.h > 50 && table.rows > 0, JSON.stringify(table));
    await page.screenshot({
      path: join(SHOTS, 'bi-page-table.png'),
      fullPage: true,
      animations: 'disabled',
    });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  });

  it("draws the heatmap's own SVG and buttons although the page hides svg and restyles buttons", async () => {
    const own = await page.evaluate(() => {
      const root = document.querySelector('cmdctr-heatmap')?.shadowRoot;
      const svg = root?.querySelector('svg');
      const button = root?.querySelector('button');
      return {
        svgDisplay: svg ? getComputedStyle(svg).display : 'none (no svg)',
        buttonBg: button ? getComputedStyle(button).backgroundColor : '',
        pageButtonBg: getComputedStyle(
          /** @type {Element} */ (document.querySelector('.bi-button')),
        ).backgroundColor,
      };
    });
    assert.notEqual(own.svgDisplay, 'none');
    assert.equal(own.pageButtonBg, 'rgb(34, 34, 34)', "the page's own rule applies to its button");
    assert.notEqual(own.buttonBg, own.pageButtonBg);
  });

  it("looks exactly as on a page without CSS (the page's resets do not reach in)", async () => {
    const differences = diffLook(await look(page, 'cmdctr-heatmap'), reference);
    assert.equal(
      differences.length,
      0,
      `computed styles that differ from reference.html:\n${differences.join('\n')}`,
    );
  });

  it('has the same size as on a page without CSS, inside its card', async () => {
    const box = await page.evaluate(() => {
      const r = /** @type {Element} */ (
        document.querySelector('cmdctr-heatmap')
      ).getBoundingClientRect();
      return { width: r.width, height: r.height };
    });
    assert.deepEqual(box, referenceBox);
    const overflow = await horizontalOverflow(page, 'cmdctr-heatmap');
    assert.deepEqual(overflow, [], overflow.join('\n'));
  });

  it('saves a screenshot for review and logs no errors', async () => {
    await page.screenshot({
      path: join(SHOTS, 'bi-page.png'),
      fullPage: true,
      animations: 'disabled',
    });
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.failed, []);
  });
});

describe('two copies of the bundle on one page', { timeout: 60_000 }, () => {
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {Awaited<ReturnType<typeof open>>['log']} */
  let log;

  before(async () => {
    ({ page, log } = await open('/test/hosts/two-copies.html'));
  });
  after(() => page?.close());

  it('throws nothing', async () => {
    await waitForData(page, 'cmdctr-heatmap');
    await waitForData(page, 'cmdctr-approvals');
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.errors, []);
  });

  it('warns once per tag, naming it, that another copy already defined it', () => {
    const tags = ['cmdctr-config', 'cmdctr-heatmap', 'cmdctr-approvals', 'cmdctr-approval'];
    for (const tag of tags) {
      const warnings = log.warnings.filter(
        (w) => w.includes(`<${tag}>`) && /already defined/.test(w),
      );
      assert.equal(warnings.length, 1, `warnings for <${tag}>:\n${log.warnings.join('\n')}`);
    }
  });

  it('keeps the first registration: the classes exported by ?v=1, not ?v=2', async () => {
    const owner = await page.evaluate(async () => {
      const base = '/packages/elements/dist/cmdctr.bundle.js';
      const [v1, v2] = await Promise.all([import(`${base}?v=1`), import(`${base}?v=2`)]);
      const defined = customElements.get('cmdctr-heatmap');
      return {
        v1: defined === v1.CmdctrHeatmap,
        v2: defined === v2.CmdctrHeatmap,
        distinct: v1.CmdctrHeatmap !== v2.CmdctrHeatmap,
      };
    });
    assert.deepEqual(owner, { v1: true, v2: false, distinct: true });
  });

  it('keeps the second copy usable through its own scoped registry', async () => {
    const scoped = await page.evaluate(async () => {
      const base = '/packages/elements/dist/cmdctr.bundle.js';
      const v2 = await import(`${base}?v=2`);
      if (!v2.cmdctrRegistry) return { registry: false };
      // A widget that ships its own copy mounts it in a shadow root scoped to that copy.
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'open', customElementRegistry: v2.cmdctrRegistry });
      root.innerHTML = '<cmdctr-heatmap src="" workflow="p2p_invoice_matching"></cmdctr-heatmap>';
      const el = root.querySelector('cmdctr-heatmap');
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !el?.shadowRoot?.querySelector('[part~="grid"]'))
        await new Promise((r) => setTimeout(r, 100));
      return {
        registry: true,
        secondCopyClass: el instanceof v2.CmdctrHeatmap,
        globalIsFirstCopy: customElements.get('cmdctr-heatmap') !== v2.CmdctrHeatmap,
        rendered: !!el?.shadowRoot?.querySelector('[part~="grid"]'),
      };
    });
    // Chromium has scoped registries; browsers without them get `undefined` and the warning.
    assert.deepEqual(scoped, {
      registry: true,
      secondCopyClass: true,
      globalIsFirstCopy: true,
      rendered: true,
    });
  });

  it('still works across copies: the approval card opens from the inbox', async () => {
    await page.locator('cmdctr-approvals [part~="item"]').first().click();
    const ok = await page
      .waitForFunction(
        () =>
          !!document
            .querySelector('cmdctr-approvals')
            ?.shadowRoot?.querySelector('cmdctr-approval')
            ?.shadowRoot?.querySelector('[part~="header"]'),
        undefined,
        { timeout: RENDER_TIMEOUT_MS },
      )
      .then(
        () => true,
        () => false,
      );
    assert.ok(ok, 'the approval card did not render');
    await page.screenshot({
      path: join(SHOTS, 'two-copies.png'),
      fullPage: true,
      animations: 'disabled',
    });
    assert.deepEqual(log.pageErrors, []);
  });
});
