// Opens every story and docs page of the built Storybook (storybook-static) in real Chromium,
// over real HTTP on 127.0.0.1 so the MSW service worker registers (it needs a secure context),
// and checks that each one renders without page errors. Stories are the documentation and
// the visual review surface: one that throws or renders nothing is a broken page for users.
// Every story is also compared with its committed screenshot (visual regression, see
// docs/dev/visual-regression.md and ./visual.mjs); each element's Default story additionally in
// the dark theme, under emulated `forced-colors: active` and in Arabic (right to left).
//
//   npm run build-storybook && node --test test/storybook/
//   UPDATE_BASELINES=1 node --test test/storybook/   accept the current pictures
//
// STORYBOOK_STATIC points at another build directory; CHROME_PATH at another browser;
// STORYBOOK_CONCURRENCY sets how many stories are open at once (default 3).
/* global document, getComputedStyle */ // page.evaluate() callbacks run in the browser.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { requireChrome, CHROME_FLAGS } from '../../scripts/find-chrome.mjs';
import { serveStatic } from '../../.storybook/serve-static.mjs';
import {
  VISUAL_CONTEXT,
  UPDATE,
  assertPinnedFont,
  compareWithBaseline,
  freezeClock,
  inTargetState,
  orphanBaselines,
  settleStory,
  stableScreenshot,
} from './visual.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const staticDir = process.env.STORYBOOK_STATIC ?? join(root, 'storybook-static');
const indexFile = join(staticDir, 'index.json');
const missing = existsSync(indexFile)
  ? false
  : `${indexFile} is missing: run \`npm run build-storybook\` first`;

/** @type {{ id: string, title: string, name: string, type: 'story' | 'docs', tags?: string[] }[]} */
const entries = missing ? [] : Object.values(JSON.parse(readFileSync(indexFile, 'utf8')).entries);

// How long a story may take to show its first content. Error stories wait out the client's
// retries with backoff, so this is generous; a story that renders nothing still fails.
const RENDER_TIMEOUT_MS = 20_000;
// After the first paint, keep listening a little: late errors (a failed refresh, a throwing
// resize handler) are page errors too.
const SETTLE_MS = 750;
// Stale stories reach their state only after a refresh interval (5 s) and the client's retries.
const VISUAL_SETTLE_TIMEOUT_MS = 30_000;
// Pages open at once. Most of a story's time is waiting (MSW delays, retries, settling), so
// three pages keep two cores busy without starving the renderer.
const CONCURRENCY = Number(process.env.STORYBOOK_CONCURRENCY ?? 3);
const fontProblem = missing ? undefined : assertPinnedFont();

// axe-core (bundled with @storybook/addon-a11y) checks each story against WCAG 2.2 A/AA, as
// the Accessibility panel does, but on every story and in CI rather than on demand.
const AXE = join(root, 'node_modules/axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Console errors a story may legitimately cause: the browser logs every non-2xx fetch. */
const EXPECTED_CONSOLE = [/Failed to load resource: the server responded with a status of/];

// What specific stories must show, beyond "something rendered": these prove the mock layer
// (fixtures, per-story overrides, counters, auth) reaches the elements. Each entry waits until
// its selector matches inside the story's shadow roots (count and text as given).
const matrix = JSON.parse(
  readFileSync(join(root, 'packages/contract/fixtures/getExceptionMatrix.json'), 'utf8'),
);
const severities = new Set(matrix.rows.map((row) => row.severity).filter(Boolean));
const throughput = JSON.parse(
  readFileSync(join(root, 'packages/contract/fixtures/getThroughput.json'), 'utf8'),
);
const hourly = JSON.parse(
  readFileSync(join(root, 'packages/contract/fixtures/getThroughput.hourly.json'), 'utf8'),
);
/** @type {Record<string, { selector: string, count?: number, min?: number, text?: string, timeout?: number, open?: string }>} */
const EXPECTATIONS = {
  // Every fixture cell is drawn: the default handler answered the fixture.
  'elements-heatmap--default': {
    selector: '[part="cell"]',
    count: matrix.rows.length * matrix.buckets.length,
  },
  'elements-heatmap--by-severity': {
    selector: '[role="rowheader"]',
    count: severities.size,
  },
  'elements-heatmap--loading': { selector: '[part="skeleton"]', count: 1 },
  'elements-heatmap--empty': { selector: '[part="empty"]', count: 1 },
  // The client retries a 503 with backoff before giving up, hence the longer wait.
  'elements-heatmap--error-state': {
    selector: '[part="error"]',
    text: 'Metrics store unavailable',
    timeout: 20_000,
  },
  // First answer OK, the refresh 5 s later fails (after retries): stale notice over the data.
  'elements-heatmap--stale': { selector: '[part="stale"]', count: 1, timeout: 25_000 },
  'elements-heatmap--large': { selector: 'canvas[part="canvas"]', count: 1 },
  // One stacked band per fixture series: the default handler answered the fixture.
  'elements-throughput--default': {
    selector: 'path.band',
    count: throughput.series.length,
  },
  'elements-throughput--lines': { selector: '.plot.line path.line.s1', count: 1 },
  'elements-throughput--compare-previous': { selector: 'path.line.previous', count: 1 },
  // Every hourly bucket is a row of the data table: the story's handler answered the variant.
  // The table exists only while open, so the check opens it (and closes it before the picture).
  'elements-throughput--hourly': {
    open: '[part="table-toggle"]',
    selector: '[part="table"] tbody tr',
    count: hourly.buckets.length,
  },
  'elements-throughput--loading': { selector: '[part="skeleton"]', count: 1 },
  'elements-throughput--empty': { selector: '[part="empty"]', count: 1 },
  'elements-throughput--error-state': {
    selector: '[part="error"]',
    text: 'Metrics store unavailable',
    timeout: 20_000,
  },
  'elements-throughput--dark': { selector: 'path.band', count: throughput.series.length },
  'elements-throughput--narrow': { selector: 'svg.overlay[width="320"]', count: 1 },
  'elements-config--bearer-token': { selector: '[part="cell"]', min: 1 },
  'elements-config--missing-token': { selector: '[part="error"]', count: 1, timeout: 20_000 },
  'elements-config--other-origin': { selector: '[part="cell"]', min: 1 },
};

let server;
let browser;
let context;

before(async () => {
  if (missing) return;
  server = await serveStatic(staticDir);
  browser = await chromium.launch({ executablePath: requireChrome(), args: CHROME_FLAGS });
  // One context for all pages: the service worker installs once, as it would for a reader. Its
  // viewport, pixel ratio, reduced motion, locale and time zone are the screenshots' fixed
  // conditions (./visual.mjs).
  context = await browser.newContext(VISUAL_CONTEXT);
  // "Now"-relative times (ages, SLA countdowns, "stale since") must not move pixels.
  await freezeClock(context);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/**
 * Opens one entry and returns what went wrong on the page.
 * @param {string} url
 * @param {(page: import('playwright-core').Page) => Promise<void>} check
 * @param {{ forcedColors?: boolean }} [options]
 */
async function visit(url, check, { forcedColors = false } = {}) {
  const page = await context.newPage();
  if (forcedColors) await page.emulateMedia({ forcedColors: 'active' });
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (!EXPECTED_CONSOLE.some((pattern) => pattern.test(text)))
      problems.push(`console.error: ${text}`);
  });
  try {
    await page.goto(url, { waitUntil: 'load' });
    await check(page);
    await page.waitForTimeout(SETTLE_MS);
  } finally {
    await page.close();
  }
  return problems;
}

/** Waits for every Lit element under `selector` (shadow roots included) to finish updating. */
async function settleElements(page, selector) {
  await page.evaluate(async (sel) => {
    const pending = [];
    const walk = (node) => {
      for (const element of node.querySelectorAll('*')) {
        if (element.localName.includes('-') && 'updateComplete' in element) {
          pending.push(element.updateComplete);
        }
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    const start = document.querySelector(sel);
    if (start) walk(start);
    await Promise.all(pending);
  }, selector);
}

/** Waits until `expectation` holds inside the story root's (nested) shadow roots. */
async function expectInStory(page, expectation) {
  const { selector, count, min, text, timeout = 10_000, open } = expectation;
  // `open`: a button (in the story's shadow roots) clicked before the check and again after it.
  // It appears once the element has its data, which may be after the page's load event: wait for
  // it as long as for the expectation itself.
  const toggle = (buttonSelector) =>
    page.evaluate(
      async ({ sel, ms }) => {
        const find = (node) => {
          const hit = node.querySelector(sel);
          if (hit) return hit;
          for (const element of node.querySelectorAll('*')) {
            const inner = element.shadowRoot && find(element.shadowRoot);
            if (inner) return inner;
          }
          return null;
        };
        const until = performance.now() + ms;
        let button;
        while (!(button = find(document.querySelector('#storybook-root') ?? document))) {
          if (performance.now() > until) throw new Error(`no ${sel} to click in the story`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        button.click();
      },
      { sel: buttonSelector, ms: timeout },
    );
  if (open) await toggle(open);
  const probe = (args) => {
    const found = [];
    const walk = (node) => {
      found.push(...node.querySelectorAll(args.selector));
      for (const element of node.querySelectorAll('*')) {
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    const start = document.querySelector('#storybook-root');
    if (start) walk(start);
    const texts = found.map((el) => el.textContent ?? '').join(' ');
    const countOk =
      args.count !== undefined ? found.length === args.count : found.length >= (args.min ?? 1);
    const textOk = args.text === undefined || texts.includes(args.text);
    return { ok: countOk && textOk, count: found.length, texts: texts.slice(0, 200) };
  };
  // The probe runs in the page, so it travels as source text with its arguments inlined.
  const call = `(${probe.toString()})(${JSON.stringify({ selector, count, min, text })})`;
  try {
    await page.waitForFunction(`${call}.ok`, undefined, { timeout });
  } catch {
    // Timed out: the assertion below says what was there instead.
  }
  const result = await page.evaluate(call);
  if (open) {
    await toggle(open);
    await settleElements(page, '#storybook-root');
  }
  assert.ok(
    result.ok,
    `expected ${selector} ${count !== undefined ? `×${count}` : `≥${min ?? 1}`}` +
      `${text ? ` with "${text}"` : ''}; found ${result.count} ("${result.texts}")`,
  );
}

/** WCAG violations in the story root (shadow roots included), one line per rule. */
async function axeViolations(page) {
  // The a11y addon may already have put its own axe on the page; ours is the same library.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    // The addon runs axe after every render too, and axe refuses concurrent runs: wait it out.
    for (let attempt = 0; ; attempt++) {
      try {
        // @ts-expect-error axe is the global the injected script defines.
        const result = await globalThis.axe.run('#storybook-root', {
          runOnly: { type: 'tag', values: tags },
        });
        return result.violations.map(
          (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, first ${v.nodes[0]?.target})`,
        );
      } catch (error) {
        if (attempt >= 50 || !String(error).includes('already running')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }, AXE_TAGS);
}

test('storybook-static lists stories', { skip: missing }, () => {
  assert.ok(
    entries.some((entry) => entry.type === 'story'),
    'index.json has no stories',
  );
});

test('every story with an expectation exists', { skip: missing }, () => {
  const ids = new Set(entries.map((entry) => entry.id));
  const absent = Object.keys(EXPECTATIONS).filter((id) => !ids.has(id));
  assert.deepEqual(absent, [], 'renamed or removed stories: update EXPECTATIONS');
});

/**
 * Screenshots the settled story root and compares it with the baseline `name`; a new baseline
 * is reported on the test, a changed picture fails it with the paths of the actual and diff.
 * @param {import('node:test').TestContext} t
 * @param {import('playwright-core').Page} page
 * @param {string} id @param {string} name
 */
async function checkPicture(t, page, id, name) {
  await settleStory(page, id, VISUAL_SETTLE_TIMEOUT_MS);
  const picture = await stableScreenshot(page);
  // A loading story's picture must be of the loading state: had the (6 s) response arrived
  // while the screenshots were taken, the picture would record a race, not a state. (A stale
  // story is busy again at its next refresh, which changes no pixel; it is not checked here.)
  if (id.endsWith('--loading'))
    assert.ok(await inTargetState(page, id), `${id} left its state while being pictured`);
  const result = compareWithBaseline(name, picture);
  pictures[result.status] += 1;
  if (result.status === 'changed') assert.fail(result.message);
  if (result.status !== 'match') t.diagnostic(result.message);
}

/** Tallies of the visual comparison, printed after the last story. */
const pictures = { match: 0, new: 0, updated: 0, changed: 0 };
/** Baseline names the run produces, to find baselines of stories that no longer exist. */
const pictureNames = new Set();

/** The checks one story page gets: renders its state, no errors, axe-clean, its picture. */
function storyCheck(t, entry, rootSelector, pictureName) {
  return async (/** @type {import('playwright-core').Page} */ page) => {
    // Storybook marks a story that threw with this class on <body> and shows its error.
    await page.waitForFunction(
      (sel) =>
        document.body.classList.contains('sb-show-errordisplay') ||
        (document.querySelector(sel)?.childElementCount ?? 0) > 0,
      rootSelector,
      { timeout: RENDER_TIMEOUT_MS },
    );
    const errorDisplay = await page.evaluate(() =>
      document.body.classList.contains('sb-show-errordisplay')
        ? (document.querySelector('#error-message')?.textContent ?? 'unknown error').trim()
        : null,
    );
    assert.equal(errorDisplay, null, `Storybook shows an error: ${errorDisplay}`);
    await settleElements(page, rootSelector);
    // "Renders something": the root has a visible box, not just an empty custom element.
    const height = await page.evaluate(
      (sel) => document.querySelector(sel)?.getBoundingClientRect().height ?? 0,
      rootSelector,
    );
    assert.ok(height > 0, `${rootSelector} is empty (height ${height})`);
    const expectation = EXPECTATIONS[entry.id];
    if (expectation) await expectInStory(page, expectation);
    // The picture comes before axe: a loading story's response is only 6 s away and axe on a
    // busy machine takes seconds; and an axe failure must not leave a story without a picture
    // (nor keep UPDATE_BASELINES=1 from refreshing it).
    if (pictureName) await checkPicture(t, page, entry.id, pictureName);
    if (entry.type === 'story') {
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], 'accessibility violations');
    }
  };
}

/**
 * The URL of an entry. `a11y.manual` stops the a11y addon's own axe run after every render:
 * this test runs axe itself, and the addon's run doubled the CPU time per story, kept elements
 * updating while they were being pictured, and made ours wait for "axe is already running".
 * @param {string} id @param {string} [globals] more globals, e.g. `theme:dark;locale:ar`
 */
const storyUrl = (id, viewMode = 'story', globals = '') =>
  `${server.url}/iframe.html?id=${encodeURIComponent(id)}&viewMode=${viewMode}` +
  `&globals=${encodeURIComponent(['a11y.manual:!true', globals].filter(Boolean).join(';'))}`;

// Each element's Default story is also pictured in the other themes and right to left; every
// story in every combination would take several times as long for little more coverage.
const VARIANTS = [
  { suffix: 'dark', label: 'dark theme', globals: 'theme:dark' },
  { suffix: 'forced-colors', label: 'emulated forced-colors: active', forcedColors: true },
  { suffix: 'ar', label: 'Arabic, right to left', globals: 'locale:ar' },
];
const stories = entries.filter((entry) => entry.type === 'story');
const defaults = stories.filter((entry) => entry.id.endsWith('--default'));

test('the screenshot font is installed', { skip: missing }, () => {
  assert.equal(fontProblem, undefined, fontProblem);
});

describe('every story and docs page', { concurrency: CONCURRENCY }, () => {
  for (const entry of entries) {
    const label = `${entry.type} ${entry.title} / ${entry.name} (${entry.id})`;
    const pictureName = entry.type === 'story' && !fontProblem ? entry.id : undefined;
    if (pictureName) pictureNames.add(pictureName);
    test(label, { skip: missing, timeout: RENDER_TIMEOUT_MS * 4 }, async (t) => {
      const viewMode = entry.type === 'docs' ? 'docs' : 'story';
      const url = storyUrl(entry.id, viewMode);
      const rootSelector = viewMode === 'docs' ? '#storybook-docs' : '#storybook-root';
      const problems = await visit(url, storyCheck(t, entry, rootSelector, pictureName));
      assert.deepEqual(problems, [], `problems on ${url}`);
    });
  }
  for (const entry of defaults) {
    for (const variant of VARIANTS) {
      const pictureName = fontProblem ? undefined : `${entry.id}.${variant.suffix}`;
      if (pictureName) pictureNames.add(pictureName);
      const label = `story ${entry.title} / ${entry.name}, ${variant.label} (${entry.id})`;
      test(label, { skip: missing, timeout: RENDER_TIMEOUT_MS * 4 }, async (t) => {
        const url = storyUrl(entry.id, 'story', variant.globals);
        const problems = await visit(url, storyCheck(t, entry, '#storybook-root', pictureName), {
          forcedColors: variant.forcedColors,
        });
        assert.deepEqual(problems, [], `problems on ${url}`);
      });
    }
  }
});

// Runs after the stories (node:test runs top-level tests in order). A baseline without a story
// is a renamed or deleted story whose picture nobody checks any more.
test('no baseline without a story', { skip: missing || fontProblem !== undefined }, (t) => {
  t.diagnostic(
    `pictures: ${pictures.match} match, ${pictures.new} new, ${pictures.updated} updated, ` +
      `${pictures.changed} changed`,
  );
  const orphans = orphanBaselines(pictureNames);
  if (UPDATE) {
    if (orphans.length) t.diagnostic(`deleted orphan baselines: ${orphans.join(', ')}`);
    return;
  }
  assert.deepEqual(orphans, [], 'delete these baselines, or run with UPDATE_BASELINES=1');
});

// The real `forced-colors: active` media feature (Windows contrast themes), which no toolbar
// theme can switch on: the elements' system-colour styles must apply and the chart still draw.
test('heatmap under emulated forced-colors: active', { skip: missing }, async () => {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.emulateMedia({ forcedColors: 'active' });
    await page.goto(storyUrl('elements-heatmap--default'));
    await expectInStory(page, EXPECTATIONS['elements-heatmap--default']);
    const surface = await page.evaluate(() =>
      getComputedStyle(document.querySelector('cmdctr-heatmap'))
        .getPropertyValue('--_color-surface')
        .trim(),
    );
    assert.equal(surface, 'Canvas', 'the forced-colors token block did not apply');
    assert.deepEqual(await axeViolations(page), [], 'accessibility violations');
  } finally {
    await page.close();
  }
  assert.deepEqual(errors, []);
});

// The locale toolbar's Arabic entry must turn the page right-to-left around the elements.
test('Arabic story renders right to left', { skip: missing }, async () => {
  const page = await context.newPage();
  try {
    await page.goto(storyUrl('elements-config--right-to-left'));
    await expectInStory(page, { selector: '[part="cell"]', min: 1 });
    const direction = await page.evaluate(
      () => getComputedStyle(document.querySelector('cmdctr-heatmap')).direction,
    );
    assert.equal(direction, 'rtl');
  } finally {
    await page.close();
  }
});
