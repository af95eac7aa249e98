// Drop-in everywhere, framework edition: the React 19, Vue 3 and Angular examples in
// examples/ built with their own tooling, served with the contract's fixture API and driven in
// real Chromium; and each typechecked against the typings generated from the manifest.
//   node --test test/frameworks/frameworks.node.test.mjs     (builds dist/ first when missing)
//   CMDCTR_FRAMEWORKS=vue,react node --test …               (only those examples)
// Per framework it checks what a host app relies on:
//   - the elements upgrade and draw data (not an error, empty or skeleton state);
//   - `headers`, set as a PROPERTY on <cmdctr-config> by the framework, reaches the API
//     (the fixture server logs request headers);
//   - an attribute bound to app state re-queries when the state changes (the URL carries the
//     new workflow);
//   - a `cmdctr-drill` from a real click on a heatmap cell updates the app's state on screen,
//     and the app's preventDefault() reaches the element (no runbook tab opens).
// The typecheck of each example includes a file of @ts-expect-error / @vue-expect-error lines:
// if the generated types stop rejecting a wrong attribute value, the typecheck fails.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
// Functions passed to page.evaluate/waitForFunction run in the page, with its globals.
/* global document, customElements */
import { CHROME_FLAGS, requireChrome } from '../../scripts/find-chrome.mjs';
import { generateFrameworkTypes } from '../../scripts/gen-framework-types.mjs';
import { DEFAULT_DIST, ROOT, startHostServer } from '../hosts/server.mjs';

const RENDER_TIMEOUT_MS = 20_000;
const WORKFLOW_A = 'p2p_invoice_matching';
const WORKFLOW_B = 'order_fulfillment_hold';
const CHARTS = ['cmdctr-heatmap', 'cmdctr-approvals'];
// The host server serves one build folder at this path (it is where the bundle usually sits);
// the examples are built with relative asset URLs, so they run from any folder.
const APP_PATH = '/packages/elements/dist/index.html';

/**
 * @typedef {{ name: string, header: string, build: (outDir: string) => Promise<unknown>,
 *   typecheck: string[] }} Example
 */

/** @param {string} dir */
const viteBuild = (dir) => async (/** @type {string} */ outDir) => {
  const { build } = await import('vite');
  await build({
    root: join(ROOT, 'examples', dir),
    configFile: join(ROOT, 'examples', dir, 'vite.config.mjs'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
};

/** @type {Example[]} */
const EXAMPLES = [
  {
    name: 'react',
    header: 'react-example',
    build: viteBuild('react'),
    typecheck: ['node_modules/typescript/bin/tsc', '-p', 'examples/react'],
  },
  {
    name: 'vue',
    header: 'vue-example',
    build: viteBuild('vue'),
    typecheck: ['node_modules/vue-tsc/bin/vue-tsc.js', '-p', 'examples/vue'],
  },
  {
    name: 'angular',
    header: 'angular-example',
    build: async (outDir) => {
      const { buildAngularExample } = await import('../../examples/angular/build.mjs');
      await buildAngularExample(outDir);
    },
    typecheck: ['node_modules/typescript/bin/tsc', '-p', 'examples/angular'],
  },
];

const only = process.env.CMDCTR_FRAMEWORKS?.split(',').map((s) => s.trim());
const SELECTED = only ? EXAMPLES.filter((ex) => only.includes(ex.name)) : EXAMPLES;
if (!SELECTED.length) throw new Error(`CMDCTR_FRAMEWORKS=${only}: no such example`);

/** @type {import('playwright-core').Browser} */
let browser;
const scratch = mkdtempSync(join(tmpdir(), 'cmdctr-frameworks-'));
/** @type {Map<string, Promise<{ code: number | null, output: string }>>} */
const typechecks = new Map();

/** Runs a node script in the background, keeping its output for the assertion message. */
function runNode(/** @type {string[]} */ args) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => resolveRun({ code, output }));
  });
}

before(async () => {
  // The examples import the package's per-element modules from dist/ and its typings.
  if (!existsSync(join(DEFAULT_DIST, 'heatmap/define.js'))) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    assert.equal(built.status, 0, 'node scripts/build.mjs failed');
  }
  // Always from the current manifest, so the typecheck below tests what the generator writes.
  generateFrameworkTypes();
  // Typechecks start now and run beside the builds and browser work (they are separate
  // processes); each framework's typecheck test awaits its own.
  for (const ex of SELECTED) typechecks.set(ex.name, runNode(ex.typecheck));
  browser = await chromium.launch({ executablePath: requireChrome(), args: CHROME_FLAGS });
});

after(async () => {
  await browser?.close();
  await Promise.allSettled(typechecks.values());
  rmSync(scratch, { recursive: true, force: true });
});

for (const ex of SELECTED) {
  describe(`${ex.name} example`, () => {
    /** @type {Awaited<ReturnType<typeof startHostServer>>} */
    let server;
    /** @type {import('playwright-core').Page} */
    let page;
    /** @type {string[]} */
    const problems = [];
    let popups = 0;

    before(async () => {
      const outDir = join(scratch, ex.name);
      await ex.build(outDir);
      assert.ok(existsSync(join(outDir, 'index.html')), `${ex.name} build wrote no index.html`);
      server = await startHostServer({ distDir: outDir });
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      context.on('page', () => (popups += 1));
      page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${server.origin}${APP_PATH}`, { waitUntil: 'load' });
      popups = 0;
    });

    after(async () => {
      await page?.context().close();
      await server?.close();
    });

    /** Resolves when every chart shows data; fails with what they show instead. */
    async function waitForData() {
      const ok = await page
        .waitForFunction(
          (tags) =>
            tags.every((tag) => {
              const root = document.querySelector(tag)?.shadowRoot;
              return (
                root?.querySelector('[part~="cell"], [part~="item"]') &&
                !root.querySelector('[part~="error"], [part~="empty"], [part~="skeleton"]')
              );
            }),
          CHARTS,
          { timeout: RENDER_TIMEOUT_MS, polling: 100 },
        )
        .then(
          () => true,
          () => false,
        );
      if (ok) return;
      const states = await page.evaluate(
        (tags) =>
          tags.map(
            (tag) =>
              `<${tag}>: ${(document.querySelector(tag)?.shadowRoot?.innerHTML ?? '(no element or shadow root)').replace(/<!--[^]*?-->/g, '').slice(0, 300)}`,
          ),
        CHARTS,
      );
      assert.fail(
        `no data within ${RENDER_TIMEOUT_MS} ms:\n${states.join('\n')}\n${problems.join('\n')}`,
      );
    }

    /** Waits for an API request to `path` whose query names `workflow`. */
    async function waitForRequest(/** @type {string} */ path, /** @type {string} */ workflow) {
      const deadline = Date.now() + RENDER_TIMEOUT_MS;
      const matches = () =>
        server.apiRequests.filter(
          (r) => r.path === path && new URLSearchParams(r.query).get('workflow') === workflow,
        );
      while (!matches().length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      assert.ok(
        matches().length,
        `no ${path} request for workflow=${workflow}; requests: ${server.apiRequests.map((r) => r.path + r.query).join(', ')}`,
      );
    }

    it('upgrades the elements and draws fixture data', async () => {
      const defined = await page.evaluate(() =>
        ['cmdctr-config', 'cmdctr-heatmap', 'cmdctr-approvals'].map((t) =>
          Boolean(customElements.get(t)),
        ),
      );
      assert.deepEqual(defined, [true, true, true]);
      await waitForData();
      await waitForRequest('/v1/metrics/exceptions', WORKFLOW_A);
      await waitForRequest('/v1/approvals', WORKFLOW_A);
      assert.deepEqual(problems, []);
    });

    it('passes `headers` to <cmdctr-config> as a property, and it reaches the API', async () => {
      const onElement = await page.evaluate(() => {
        const config = /** @type {any} */ (document.querySelector('cmdctr-config'));
        return {
          headers: config.headers,
          // A framework that fell back to setAttribute would leave "[object Object]" here.
          attribute: config.getAttribute('headers'),
        };
      });
      assert.deepEqual(onElement, { headers: { 'X-Cmdctr-Host': ex.header }, attribute: null });
      const metricRequests = server.apiRequests.filter((r) => r.path.startsWith('/v1/'));
      assert.ok(metricRequests.length >= 2, 'the elements made no API requests');
      for (const r of metricRequests)
        assert.equal(r.headers['x-cmdctr-host'], ex.header, `${r.path}${r.query} lacks the header`);
    });

    it('re-queries when app state changes a bound attribute', async () => {
      await page.click(`button[data-workflow="${WORKFLOW_B}"]`);
      await waitForRequest('/v1/metrics/exceptions', WORKFLOW_B);
      await waitForRequest('/v1/approvals', WORKFLOW_B);
      const workflows = await page.evaluate(
        (tags) => tags.map((t) => /** @type {any} */ (document.querySelector(t)).workflow),
        CHARTS,
      );
      assert.deepEqual(workflows, [WORKFLOW_B, WORKFLOW_B]);
      await waitForData();
      const last = server.apiRequests.filter((r) => r.path === '/v1/metrics/exceptions').at(-1);
      assert.equal(last?.headers['x-cmdctr-host'], ex.header, 'the header was lost on re-query');
    });

    it('updates app state from a cmdctr-drill the element dispatches', async () => {
      const drill = page.locator('output[data-testid="drill"]');
      assert.equal(await drill.textContent(), 'none');
      // Record what the element sends, to compare with what the app shows. This listener is on
      // the document, so it runs after the app's listener on the element: `defaultPrevented`
      // tells whether the app's preventDefault() reached the element's event.
      await page.evaluate(() => {
        document.addEventListener(
          'cmdctr-drill',
          (e) => {
            const { rowDimension, rowKey, workflow } = /** @type {CustomEvent} */ (e).detail;
            document.body.dataset.sentDrill = `${rowDimension}=${rowKey} (${workflow ?? 'all'})`;
            document.body.dataset.drillPrevented = String(e.defaultPrevented);
          },
          { once: true },
        );
      });
      // A real click on a drawn cell (Playwright's locator pierces the open shadow root).
      await page.locator('cmdctr-heatmap [part~="cell"]').first().click();
      await page.waitForFunction(
        () => document.querySelector('output[data-testid="drill"]')?.textContent !== 'none',
        undefined,
        { timeout: 5_000 },
      );
      const sent = await page.evaluate(() => document.body.dataset.sentDrill);
      assert.match(sent ?? '', /^\w+=\S+ \(\w+\)$/);
      assert.equal(await drill.textContent(), sent);
      assert.equal(await page.evaluate(() => document.body.dataset.drillPrevented), 'true');
      // And so the heatmap must not have opened the row's runbook (the fixture's first rows have one).
      await page.waitForTimeout(300);
      assert.equal(popups, 0, 'the drill was not cancelled: a runbook tab opened');
      assert.deepEqual(problems, []);
    });

    it('typechecks against the generated types (and rejects wrong attribute types)', async () => {
      const result = await typechecks.get(ex.name);
      assert.equal(
        result?.code,
        0,
        `${ex.typecheck.slice(1).join(' ')} failed:\n${result?.output}`,
      );
    });
  });
}
