// Visual regression for the Storybook stories: a deterministic page setup, a screenshot that is
// only taken once the story has stopped changing, and a tolerant comparison against the PNG
// baselines committed in test/storybook/__baselines__/. See docs/dev/visual-regression.md.
//
//   UPDATE_BASELINES=1  rewrite every baseline whose pixels changed (and delete orphans)
/* global document, requestAnimationFrame, scrollX, scrollY */ // page.evaluate() callbacks run in the browser.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const BASELINE_DIR = join(root, 'test/storybook/__baselines__');
export const DIFF_DIR = join(root, 'test/storybook/__diffs__');
export const UPDATE = /^(1|true)$/i.test(process.env.UPDATE_BASELINES ?? '');

/** Fixed viewport and pixel ratio: a baseline is only comparable with one taken the same way. */
export const VISUAL_CONTEXT = {
  viewport: { width: 1000, height: 700 },
  deviceScaleFactor: 1,
  reducedMotion: /** @type {const} */ ('reduce'),
  colorScheme: /** @type {const} */ ('light'),
  locale: 'en-US',
  timezoneId: 'UTC',
};

/**
 * The instant every page believes it is: the fixtures' `asOf` (listApprovals.json), on a whole
 * second so the Date header MSW sends (one-second resolution) gives the ClockController an
 * offset of exactly zero. Without it, SLA countdowns, ages and "stale since" times would change
 * the picture every second.
 */
export const FROZEN_NOW = new Date('2025-12-05T09:42:17Z');

/**
 * The one font the screenshots use. `system-ui` resolves through fontconfig, so a machine with
 * one more font package installed would draw every story differently; DejaVu Sans ships with
 * Debian's fontconfig (fonts-dejavu-core) wherever Chromium is installed, and has Latin, Greek,
 * Cyrillic and Arabic glyphs.
 */
export const PINNED_FONT = 'DejaVu Sans';

/** Per pixel: YIQ colour distance above which a pixel differs (pixelmatch's `threshold`). */
export const PIXEL_THRESHOLD = 0.1;
/** Per picture: share of differing pixels above which the story has changed. */
export const MAX_DIFF_RATIO = 0.005;

// Stops what still moves once prefers-reduced-motion is on: the text caret blinks (and a
// document-level rule cannot reach into shadow roots, but caret-color inherits into them), and
// Storybook's own chrome may animate. The font is pinned for the elements (token) and the page.
const STABILISING_CSS = `
  :root { --cmdctr-font-family: '${PINNED_FONT}'; }
  html, body { font-family: '${PINNED_FONT}' !important; }
  *, *::before, *::after {
    caret-color: transparent !important;
    animation-duration: 0s !important;
    animation-delay: 0s !important;
    transition: none !important;
  }
`;

/** Fails early, with the package to install, when the pinned font is not on this machine. */
export function assertPinnedFont() {
  let families = '';
  try {
    families = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  } catch {
    return `fc-list is not available: cannot check that "${PINNED_FONT}" is installed`;
  }
  return families.split('\n').some((line) => line.split(',').includes(PINNED_FONT))
    ? undefined
    : `font "${PINNED_FONT}" is not installed (Debian: apt-get install -y fonts-dejavu-core)`;
}

/**
 * Freezes the clock of every page of the context, before any of their scripts runs. Call it
 * once, before the first page opens: Playwright's clock belongs to the context, and setting it
 * again while other pages are navigating or closing throws inside those pages.
 * `setFixedTime` fixes `Date` only, while timers keep running in real time: MSW delays, the
 * client's retry backoff and refresh intervals still happen, so loading, error and stale states
 * are reached as a reader sees them.
 * @param {import('playwright-core').BrowserContext} context
 */
export async function freezeClock(context) {
  await context.clock.setFixedTime(FROZEN_NOW);
}

/**
 * What the story must show before its picture is taken, from its id: a loading story is busy
 * on purpose; an error story waits out the client's retries; a stale story waits for its first
 * failed refresh. Every other story waits until nothing is `aria-busy`.
 * @param {string} id
 */
export function settleTarget(id) {
  if (id.endsWith('--loading')) return { busy: true, selector: '[part="skeleton"]' };
  if (id.endsWith('--error-state') || id.endsWith('--missing-token'))
    return { busy: false, selector: '[part="error"]' };
  if (id.endsWith('--stale')) return { busy: false, selector: '[part="stale"]' };
  return { busy: false, selector: undefined };
}

// Runs in the page: the story root's elements, shadow roots included.
function storyProbe(args) {
  const found = [];
  let busy = 0;
  const pending = [];
  const walk = (node) => {
    if (args.selector) found.push(...node.querySelectorAll(args.selector));
    busy += node.querySelectorAll('[aria-busy="true"]').length;
    for (const element of node.querySelectorAll('*')) {
      if (element.localName.includes('-') && 'updateComplete' in element && element.isUpdatePending)
        pending.push(element.localName);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  const start = document.querySelector('#storybook-root');
  if (start) walk(start);
  const selectorOk = !args.selector || found.length > 0;
  const busyOk = args.busy ? busy > 0 : busy === 0;
  return { ok: selectorOk && busyOk && pending.length === 0, busy, found: found.length };
}

/**
 * Whether the story still shows its target state (checked again after a loading story's
 * screenshot: if the response arrived meanwhile, the picture is a race, not a state).
 * @param {import('playwright-core').Page} page
 * @param {string} id
 */
export async function inTargetState(page, id) {
  const call = `(${storyProbe.toString()})(${JSON.stringify(settleTarget(id))})`;
  return (await page.evaluate(call)).ok;
}

/**
 * Waits until the story shows its target state, its Lit updates are done, fonts are loaded and
 * two animation frames have passed (layout → paint of the last update).
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {number} timeout
 */
export async function settleStory(page, id, timeout) {
  await page.addStyleTag({ content: STABILISING_CSS });
  const target = settleTarget(id);
  const call = `(${storyProbe.toString()})(${JSON.stringify(target)})`;
  try {
    await page.waitForFunction(`${call}.ok`, undefined, { timeout, polling: 100 });
  } catch {
    const state = await page.evaluate(call);
    throw new Error(
      `story did not settle in ${timeout} ms: wanted ${target.selector ?? 'no selector'}` +
        ` (found ${state.found}), ${target.busy ? 'busy' : 'not busy'} (aria-busy ×${state.busy})`,
    );
  }
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
}

/**
 * The page area the story's elements cover: the union of every `cmdctr-*` element in the story
 * root's light DOM (`<cmdctr-config>` excepted: it is a full-width block), grown by a few pixels
 * for focus rings and shadows, in whole page pixels. Not the whole root: a 240 px tile in a
 * 1000 px root would make a changed sparkline a small share of mostly blank pixels, and slip
 * under the tolerance. Falls back to the root when the story has no such element.
 */
function storyBox() {
  const root = document.querySelector('#storybook-root');
  if (!root) throw new Error('no #storybook-root');
  const rects = [...root.querySelectorAll('*')]
    .filter((el) => el.localName.startsWith('cmdctr-') && el.localName !== 'cmdctr-config')
    .map((el) => el.getBoundingClientRect())
    .filter((rect) => rect.width > 0 && rect.height > 0);
  const outer = root.getBoundingClientRect();
  if (rects.length === 0) rects.push(outer);
  const margin = 4;
  const left = Math.max(outer.left, Math.min(...rects.map((r) => r.left)) - margin);
  const top = Math.max(outer.top, Math.min(...rects.map((r) => r.top)) - margin);
  const right = Math.min(outer.right, Math.max(...rects.map((r) => r.right)) + margin);
  const bottom = Math.min(outer.bottom, Math.max(...rects.map((r) => r.bottom)) + margin);
  const x = Math.floor(left + scrollX);
  const y = Math.floor(top + scrollY);
  return {
    x,
    y,
    width: Math.ceil(right + scrollX) - x,
    height: Math.ceil(bottom + scrollY) - y,
  };
}

/**
 * A screenshot of the story's elements, taken again until two in a row are identical, so a
 * picture is never caught mid-update (a late ResizeObserver pass, a stream event).
 * @param {import('playwright-core').Page} page
 */
export async function stableScreenshot(page, attempts = 8) {
  const shoot = async () =>
    page.screenshot({
      clip: await page.evaluate(storyBox),
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
    });
  let previous = await shoot();
  for (let i = 1; i < attempts; i++) {
    // The command center page has nine elements loading at once; on a busy machine they
    // settle over a second or two.
    await page.waitForTimeout(250);
    const next = await shoot();
    if (next.equals(previous)) return next;
    previous = next;
  }
  throw new Error(`the story kept changing over ${attempts} screenshots`);
}

/** @param {PNG} image @param {number} width @param {number} height */
function padTo(image, width, height) {
  if (image.width === width && image.height === height) return image;
  const padded = new PNG({ width, height });
  padded.data.fill(0);
  PNG.bitblt(image, padded, 0, 0, image.width, image.height, 0, 0);
  return padded;
}

/** @param {string} name */
const baselinePath = (name) => join(BASELINE_DIR, `${name}.png`);

/**
 * Compares a screenshot with its baseline. Missing baseline: written (status `new`). With
 * UPDATE_BASELINES=1: rewritten when any pixel differs (`updated`). Otherwise a picture over the
 * tolerance, or of another size, is `changed`, and `<name>.actual.png` and `<name>.diff.png`
 * are written to __diffs__ (red: differing pixels over a faded copy of the baseline).
 * @param {string} name file name without `.png`, e.g. `elements-kpi--default.dark`
 * @param {Buffer} screenshot PNG bytes
 * @returns {{ status: 'match' | 'new' | 'updated' | 'changed', message: string }}
 */
export function compareWithBaseline(name, screenshot) {
  const file = baselinePath(name);
  const shown = relative(root, file);
  rmSync(join(DIFF_DIR, `${name}.actual.png`), { force: true });
  rmSync(join(DIFF_DIR, `${name}.diff.png`), { force: true });
  if (!existsSync(file)) {
    mkdirSync(BASELINE_DIR, { recursive: true });
    writeFileSync(file, screenshot);
    return { status: 'new', message: `new baseline ${shown}` };
  }
  const expected = PNG.sync.read(readFileSync(file));
  const actual = PNG.sync.read(screenshot);
  const sameSize = expected.width === actual.width && expected.height === actual.height;
  if (UPDATE) {
    if (sameSize && expected.data.equals(actual.data))
      return { status: 'match', message: `${shown} unchanged` };
    writeFileSync(file, screenshot);
    return { status: 'updated', message: `updated baseline ${shown}` };
  }
  const width = Math.max(expected.width, actual.width);
  const height = Math.max(expected.height, actual.height);
  const diff = new PNG({ width, height });
  const differing = pixelmatch(
    padTo(expected, width, height).data,
    padTo(actual, width, height).data,
    diff.data,
    width,
    height,
    // includeAA: pixelmatch would otherwise skip pixels it takes for anti-aliasing, and a
    // recoloured 1.5 px sparkline or axis line is almost nothing but such pixels: with it off,
    // changing the accent token went unnoticed. Same browser, same fonts: AA is deterministic.
    { threshold: PIXEL_THRESHOLD, includeAA: true },
  );
  const ratio = differing / (width * height);
  if (sameSize && ratio <= MAX_DIFF_RATIO) {
    return {
      status: 'match',
      message: `${shown}: ${differing} px differ (${(ratio * 100).toFixed(3)} %)`,
    };
  }
  mkdirSync(DIFF_DIR, { recursive: true });
  const actualFile = join(DIFF_DIR, `${name}.actual.png`);
  const diffFile = join(DIFF_DIR, `${name}.diff.png`);
  writeFileSync(actualFile, screenshot);
  writeFileSync(diffFile, PNG.sync.write(diff));
  const size = sameSize
    ? ''
    : ` size ${expected.width}×${expected.height} → ${actual.width}×${actual.height};`;
  return {
    status: 'changed',
    message:
      `${name} changed:${size} ${differing} px differ (${(ratio * 100).toFixed(3)} %, limit ` +
      `${MAX_DIFF_RATIO * 100} %)\n  baseline ${shown}\n  actual   ${relative(root, actualFile)}` +
      `\n  diff     ${relative(root, diffFile)}\n  accept with: UPDATE_BASELINES=1 npm test -- --from storybook`,
  };
}

/**
 * Baselines no story produces any more (renamed or deleted stories). Under UPDATE_BASELINES=1
 * they are deleted.
 * @param {Set<string>} expectedNames
 */
export function orphanBaselines(expectedNames) {
  if (!existsSync(BASELINE_DIR)) return [];
  const orphans = readdirSync(BASELINE_DIR)
    .filter((file) => file.endsWith('.png'))
    .map((file) => file.slice(0, -'.png'.length))
    .filter((name) => !expectedNames.has(name));
  if (UPDATE) orphans.forEach((name) => rmSync(baselinePath(name)));
  return orphans;
}
