// Browser tests run in the real, system-installed Chromium (see scripts/find-chrome.mjs).
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { requireChrome, CHROME_FLAGS } from './scripts/find-chrome.mjs';

const plugins = [
  esbuildPlugin({ ts: true, json: true, tsconfig: './tsconfig.json', target: 'es2022' }),
];
const middleware = [];

// The fixture API answers /v1/* from the contract fixtures over real HTTP, so elements under
// test fetch exactly as they do in a page. Client tests add their scenario routes beside it.
for (const path of [
  './packages/contract/fixture-server.mjs',
  './test/server/client-scenarios.mjs',
  './test/server/element-scenarios.mjs',
]) {
  if (existsSync(new URL(path, import.meta.url))) {
    const mod = await import(path);
    // Registered as test-runner middleware (not in the plugin's serverStart), because middleware
    // runs before the dev server's static handler, which would otherwise answer 404 first.
    const plugin = mod.testRunnerPlugin();
    if (plugin.serverStart) plugin.serverStart({ app: { use: (fn) => middleware.push(fn) } });
    else plugins.push(plugin);
  }
}

const HOSTILE_SUITE = 'test/browser/hostile-strings.test.ts';
const HOSTILE = process.env.CMDCTR_WTR_HOSTILE === '1';

export default {
  rootDir: '.',
  // The hostile-strings suite (every element, 13 renders each) runs on its own, in a tab that
  // stays in front (concurrency 1): beside other files its tab is backgrounded, gets no
  // animation frames and stalls. `npm test` runs it as a step of its own (CMDCTR_WTR_HOSTILE=1).
  files: HOSTILE
    ? [HOSTILE_SUITE]
    : [
        'packages/*/src/**/*.test.ts',
        'test/browser/**/*.test.ts',
        'stories/support/*.test.ts',
        `!${HOSTILE_SUITE}`,
      ],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins,
  middleware,
  concurrency: HOSTILE ? 1 : 2,
  testFramework: { config: { timeout: 10000 } },
  // The hostile-strings suite alone renders every element 13 times at two widths (~1 min).
  testsFinishTimeout: 600000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: requireChrome(),
        headless: true,
        args: [...CHROME_FLAGS, '--js-flags=--expose-gc'],
      },
    }),
  ],
  coverageConfig: {
    include: ['packages/*/src/**/*.ts'],
    exclude: ['**/*.test.ts', '**/generated/**', '**/node_modules/**'],
    threshold: { statements: 80, branches: 70, functions: 75, lines: 80 },
    report: true,
    reportDir: 'coverage',
  },
};
