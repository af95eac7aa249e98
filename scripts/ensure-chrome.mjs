#!/usr/bin/env node
// Makes sure a Chromium/Chrome is installed before any browser test runs. Test tools never
// download browsers on our machines, so the only route to a browser is the system package
// manager: as root on Debian/Ubuntu we install the `chromium` package ourselves (CI runs as root
// in a clean container); otherwise we stop and print the one command that would do it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChrome, INSTALL_HINT } from './find-chrome.mjs';

const APT_GET = '/usr/bin/apt-get';

/** @param {string} path */
function report(path) {
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' });
  const label = version.status === 0 ? version.stdout.trim() : 'version unknown';
  console.log(`ensure-chrome: using ${path} (${label})`);
}

/** @param {string} command */
function run(command) {
  console.log(`ensure-chrome: $ ${command}`);
  const result = spawnSync('sh', ['-c', command], {
    stdio: 'inherit',
    // No debconf prompts: there is nobody to answer them in CI.
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`ensure-chrome: \`${command}\` exited with ${result.status ?? result.signal}`);
    process.exit(1);
  }
}

let found;
try {
  found = findChrome();
} catch (error) {
  // CHROME_PATH points at nothing: installing a package would not fix the user's setting.
  console.error(`ensure-chrome: ${/** @type {Error} */ (error).message}`);
  process.exit(1);
}
// The visual-regression baselines (test/storybook/__baselines__) are drawn in DejaVu Sans.
const FONT_PACKAGE = 'fonts-dejavu-core';
function hasBaselineFont() {
  const fonts = spawnSync('fc-list', [':family=DejaVu Sans'], { encoding: 'utf8' });
  return fonts.status === 0 && fonts.stdout.trim() !== '';
}
const canInstall = existsSync(APT_GET) && process.getuid?.() === 0;

if (found) {
  report(found);
  if (!hasBaselineFont()) {
    if (canInstall) run(`apt-get update && apt-get install -y ${FONT_PACKAGE}`);
    else console.error(`ensure-chrome: DejaVu Sans is missing; install ${FONT_PACKAGE}.`);
  }
  process.exit(0);
}

const install = `apt-get update && apt-get install -y chromium ${FONT_PACKAGE}`;
if (!existsSync(APT_GET)) {
  console.error(`ensure-chrome: ${INSTALL_HINT}`);
  process.exit(1);
}
if (process.getuid?.() !== 0) {
  console.error('ensure-chrome: no Chromium or Chrome found. Install it with:');
  console.error(`  sudo sh -c '${install}'`);
  console.error('or set CHROME_PATH to a Chrome/Chromium binary.');
  process.exit(1);
}

console.log('ensure-chrome: no Chromium or Chrome found; installing the Debian/Ubuntu package.');
run(install);
const installed = findChrome();
if (!installed) {
  // Ubuntu's `chromium` package is a snap wrapper that cannot run inside most containers.
  console.error(`ensure-chrome: apt-get finished but there is still no browser. ${INSTALL_HINT}`);
  process.exit(1);
}
report(installed);
