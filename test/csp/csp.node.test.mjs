// The script-tag bundle must work on a page with a strict Content-Security-Policy and Trusted
// Types: no inline styles or scripts, no eval, same-origin fetches only, HTML only through the
// `lit-html` policy. Unit tests cannot show this (the test runner's page has no CSP), so this
// loads the built bundle in real Chromium behind the real header and records every violation.
//   node --test test/csp/csp.node.test.mjs      (needs `npm run build` first)
// CMDCTR_CSP_DIST=/some/dir points it at another cmdctr.bundle.js (used to test the harness).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_FLAGS, requireChrome } from '../../scripts/find-chrome.mjs';
import { CSP, DEFAULT_DIST, startCspServer } from './server.mjs';

const DIST = process.env.CMDCTR_CSP_DIST || DEFAULT_DIST;
const RENDER_TIMEOUT_MS = 10_000;
// Every element that draws data is on the page; a new element missing from it fails the test
// 'puts every element on the page' rather than going unchecked.
const CHARTS = [
  'cmdctr-heatmap',
  'cmdctr-throughput',
  'cmdctr-mttr',
  'cmdctr-kpi',
  'cmdctr-pareto',
  'cmdctr-ownership',
  'cmdctr-stale-exceptions',
  'cmdctr-approval',
  'cmdctr-approvals',
  'cmdctr-automation',
  'cmdctr-ledger',
  'cmdctr-command-center',
];
// How long the page may keep running after the first render: late work (the tooltip, a resize,
// a refetch) can still trip the policy, and a violation report is dispatched asynchronously.
const SETTLE_MS = 500;

// Runs in the page before any of its scripts. Injected through the DevTools protocol, so the
// page's own script-src does not apply to it. It records violations from the document and from
// inside every shadow root (the event is composed, so the document sees them all).
const RECORD_VIOLATIONS = () => {
  /** @type {Array<Record<string, unknown>>} */
  const seen = [];
  Object.defineProperty(window, '__cspViolations', { value: seen });
  document.addEventListener('securitypolicyviolation', (event) => {
    seen.push({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      source: event.sourceFile
        ? `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`
        : '',
      sample: event.sample,
    });
  });
};

/**
 * Maps `…/dist/file.js:line:col` to the original source through the bundle's source map, so a
 * failure names the module to fix rather than a column in minified code.
 * @param {string} location
 */
function original(location) {
  const match = /\/packages\/elements\/dist\/([^:]+):(\d+):(\d+)$/.exec(location);
  const mapFile = match && join(DIST, `${match[1]}.map`);
  if (!match || !mapFile || !existsSync(mapFile)) return location;
  const entry = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))).findEntry(
    Number(match[2]) - 1,
    Number(match[3]) - 1,
  );
  if (!entry || !('originalSource' in entry)) return location;
  const source = entry.originalSource.replace(/^.*?(node_modules|packages)\//, '$1/');
  return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1} (${match[1]}:${match[2]}:${match[3]})`;
}

/** Groups identical violations: one broken template in a loop reports once per cell. */
const describeViolations = (/** @type {Array<Record<string, unknown>>} */ list) => {
  /** @type {Map<string, number>} */
  const groups = new Map();
  for (const v of list) {
    const where = original(String(v.source));
    const key = `${v.directive} blocked ${v.blocked || '(inline)'} at ${where}${v.sample ? ` ${v.sample}` : ''}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([key, n]) => `  - ${n} × ${key}`).join('\n');
};

// A deadline for the whole suite, so a wedged browser fails the run instead of hanging it.
describe('strict CSP page with the script-tag bundle', { timeout: 60_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {{ origin: string, close: () => Promise<void> }} */
  let server;
  /** @type {string[]} */
  const consoleErrors = [];
  /** @type {string[]} */
  const pageErrors = [];
  /** @type {string[]} */
  const failedRequests = [];
  /** @type {string | undefined} */
  let cspHeader;

  before(async () => {
    const bundle = join(DIST, 'cmdctr.bundle.js');
    assert.ok(existsSync(bundle), `${bundle} does not exist: run \`npm run build\` first.`);
    server = await startCspServer({ distDir: DIST });
    browser = await chromium.launch({
      executablePath: requireChrome(),
      args: CHROME_FLAGS,
      headless: true,
    });
    page = await browser.newPage();
    await page.addInitScript(RECORD_VIOLATIONS);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    page.on('requestfailed', (request) =>
      failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
    });
    const response = await page.goto(`${server.origin}/`, { waitUntil: 'load' });
    cspHeader = response?.headers()['content-security-policy'];
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('puts every element on the page', () => {
    const src = new URL('../../packages/elements/src/', import.meta.url);
    const tags = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(new URL(`${d.name}/define.ts`, src)))
      .map((d) => `cmdctr-${d.name}`)
      .filter((tag) => tag !== 'cmdctr-config');
    assert.deepEqual([...tags].sort(), [...CHARTS].sort());
    const html = readFileSync(new URL('index.html', import.meta.url), 'utf8');
    for (const tag of CHARTS) assert.ok(html.includes(`<${tag} `), `index.html lacks <${tag}>`);
  });

  it('is served with the strict policy', () => {
    assert.equal(cspHeader, CSP);
  });

  it('registers the elements from the bundle', async () => {
    // whenDefined never settles for a tag the bundle failed to register, so race a deadline.
    const defined = await page.evaluate(
      ({ ms, tags }) =>
        Promise.race([
          Promise.all(tags.map((tag) => customElements.whenDefined(tag))).then(() => true),
          new Promise((resolve) => setTimeout(() => resolve(false), ms)),
        ]),
      { ms: RENDER_TIMEOUT_MS, tags: ['cmdctr-config', ...CHARTS] },
    );
    assert.equal(defined, true, `the bundle did not define every tag: ${pageErrors.join('\n')}`);
  });

  for (const tag of CHARTS)
    it(`renders <${tag}>'s data from the API`, async () => {
      const rendered = await page
        .waitForFunction(
          (name) => {
            const root = document.querySelector(name)?.shadowRoot;
            const base = root?.querySelector('[part~="base"]');
            // Loaded: not busy, no skeleton or error in its place, and drawn content inside.
            if (!base || base.getAttribute('aria-busy') === 'true') return false;
            if (root.querySelector('[part~="skeleton"], [part~="error"]')) return false;
            return base.querySelector('rect, path, td, canvas, [part~="cell"], li, button, dl')
              ? base.tagName
              : false;
          },
          tag,
          { timeout: RENDER_TIMEOUT_MS, polling: 100 },
        )
        .then(
          (handle) => handle.jsonValue(),
          () => undefined,
        );
      const state = await page.evaluate((name) => {
        const root = document.querySelector(name)?.shadowRoot;
        return root
          ? root.innerHTML.replace(/<!--[^]*?-->/g, '').slice(0, 600)
          : '(no shadow root)';
      }, tag);
      assert.ok(
        rendered,
        `no chart within ${RENDER_TIMEOUT_MS} ms.\nShadow root: ${state}\n` +
          `Page errors: ${pageErrors.join('\n') || 'none'}\nFailed requests: ${failedRequests.join('\n') || 'none'}`,
      );
    });

  it('survives interaction (hover and keyboard focus on the chart)', async () => {
    // The tooltip and focus styles are code paths a static render never reaches.
    const cell = page.locator('cmdctr-heatmap [part~="cell"]').first();
    if ((await cell.count()) > 0) {
      await cell.hover({ timeout: 5_000 });
      await page.keyboard.press('Tab');
    }
    await page.waitForTimeout(SETTLE_MS);
    assert.deepEqual(pageErrors, [], `uncaught errors:\n${pageErrors.join('\n')}`);
  });

  it('triggers no CSP or Trusted Types violation', async () => {
    const violations = await page.evaluate(() => /** @type {any} */ (window).__cspViolations);
    assert.ok(
      violations.length === 0,
      `${violations.length} violation(s):\n${describeViolations(violations)}`,
    );
  });

  it('logs no console errors and makes no failed requests', () => {
    assert.deepEqual(consoleErrors, [], `console errors:\n${consoleErrors.join('\n')}`);
    assert.deepEqual(failedRequests, [], `failed requests:\n${failedRequests.join('\n')}`);
  });

  // Proves the harness can fail: the same page must report an inline style attribute and an
  // HTML string assigned without a Trusted Types policy. Runs last, as it adds violations.
  it('detects violations when they happen (harness self-check)', async () => {
    const before = await page.evaluate(() => /** @type {any} */ (window).__cspViolations.length);
    const threw = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.setAttribute('style', 'color: red');
      document.body.append(probe);
      try {
        probe.innerHTML = '<b>not trusted</b>';
        return false;
      } catch {
        return true;
      }
    });
    await page.waitForFunction(
      (count) => /** @type {any} */ (window).__cspViolations.length >= count + 2,
      before,
      {
        timeout: 2_000,
      },
    );
    const directives = await page.evaluate(
      (from) =>
        /** @type {any} */ (window).__cspViolations
          .slice(from)
          .map((/** @type {{ directive: string }} */ v) => v.directive),
      before,
    );
    assert.equal(threw, true, 'innerHTML with a plain string must throw under Trusted Types');
    assert.ok(directives.includes('style-src-attr'), `got ${directives.join(', ')}`);
    assert.ok(directives.includes('require-trusted-types-for'), `got ${directives.join(', ')}`);
  });
});
