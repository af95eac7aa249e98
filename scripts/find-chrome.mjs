// Finds the Chromium/Chrome binary that the tests, the CSP check, Storybook checks and the
// benchmarks drive. Test tools cannot download browsers on our machines, so we only ever use
// a browser that is already installed: CHROME_PATH first, then the usual install paths.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Flags every headless launch uses: our machines have no sandbox, GPU or outside network. */
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  // Test files run side by side in background tabs; without these, a background page gets no
  // animation frames, resize notifications or timely timers, and element tests stall.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

export const INSTALL_HINT =
  'No Chromium or Chrome found. Install one (Debian/Ubuntu: `apt-get install -y chromium`) ' +
  'or point CHROME_PATH at a Chrome/Chromium binary.';

/** @returns {string | undefined} */
export function findChrome() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file is there.`);
  }
  for (const candidate of CANDIDATES) if (existsSync(candidate)) return candidate;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  return undefined;
}

/** Like findChrome, but throws the install hint when there is no browser. */
export function requireChrome() {
  const path = findChrome();
  if (!path) throw new Error(INSTALL_HINT);
  return path;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = findChrome();
  if (!path) {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
  console.log(path);
}
