// Regenerates packages/elements/custom-elements.json before Storybook starts or builds. The
// manifest is git-ignored build output, and Storybook's controls, argTypes and docs tables are
// generated from it, so a stale or missing one silently drops controls for new properties.
// Only the analyzer runs here (a few seconds), not the whole `npm run build`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = join(root, 'packages/elements/custom-elements.json');
const config = [
  join(root, 'packages/elements/custom-elements-manifest.config.mjs'),
  join(root, 'custom-elements-manifest.config.mjs'),
].find((path) => existsSync(path));

if (config) {
  const cwd = dirname(config);
  const started = performance.now();
  const result = spawnSync(
    'npx',
    ['--no-install', 'cem', 'analyze', '--litelement', '--config', relative(cwd, config)],
    { cwd, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) {
    console.error(`[ensure-manifest] cem analyze failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`[ensure-manifest] ${relative(root, manifest)} regenerated in ${seconds} s.`);
} else if (existsSync(manifest)) {
  console.warn(
    '[ensure-manifest] No custom-elements-manifest.config.mjs; using the existing manifest.',
  );
} else {
  // Not fatal: the preview globs the manifest, so Storybook still builds, without controls.
  console.warn(
    '[ensure-manifest] No custom-elements-manifest.config.mjs and no manifest: Storybook will ' +
      'have no generated controls. Run `npm run build` first.',
  );
}
