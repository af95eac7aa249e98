// Screenshots one story of a built Storybook in the system Chromium:
//   node .storybook/screenshot.mjs <story-id> [out.png] [--width=1200] [--wait=3000]
//     [--globals=theme:dark;locale:ar] [--dir=storybook-static]
// Chromium's own `--headless --screenshot` cannot do this: in that mode the service worker
// never registers (navigator.serviceWorker.register() stays pending), so MSW never starts and
// the story waits in "preparing" forever. A Playwright-driven page registers it normally.
/* global document */ // page.waitForFunction() callbacks run in the browser.
import { chromium } from 'playwright-core';
import { requireChrome, CHROME_FLAGS } from '../scripts/find-chrome.mjs';
import { serveStatic } from './serve-static.mjs';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const option = (name, fallback) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const [id, out = `/tmp/${positional[0]}.png`] = positional;
if (!id) {
  console.error('usage: node .storybook/screenshot.mjs <story-id> [out.png] [--width=1200]');
  process.exit(2);
}

const server = await serveStatic(option('dir', 'storybook-static'));
const browser = await chromium.launch({ executablePath: requireChrome(), args: CHROME_FLAGS });
try {
  const page = await browser.newPage({
    viewport: { width: Number(option('width', 1200)), height: Number(option('height', 800)) },
  });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  const globals = option('globals', '');
  await page.goto(
    `${server.url}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story` +
      (globals ? `&globals=${encodeURIComponent(globals)}` : ''),
  );
  await page.waitForFunction(
    () => (document.querySelector('#storybook-root')?.childElementCount ?? 0) > 0,
  );
  await page.waitForTimeout(Number(option('wait', 3000)));
  await page.screenshot({ path: out, fullPage: option('full', 'false') === 'true' });
  console.log(out);
} finally {
  await browser.close();
  await server.close();
}
