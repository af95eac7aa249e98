/// <reference types="node" />
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';

const root = fileURLToPath(new URL('..', import.meta.url));

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  // The MSW service worker (`npx msw init .storybook/public --no-save`) must be served from the
  // same directory as iframe.html so its scope covers the stories' fetches.
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import('vite');
    return mergeConfig(viteConfig, {
      esbuild: {
        // Lit's legacy decorators need both flags. Vite reads them from the nearest tsconfig,
        // but a package tsconfig that forgets them would silently break every @property (with
        // define semantics the class fields shadow Lit's accessors), so they are pinned here.
        target: 'es2022',
        tsconfigRaw: {
          compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false },
        },
      },
      build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
      optimizeDeps: {
        // Pre-bundle every Lit entry point up front. Storybook's renderer imports
        // lit/directive-helpers.js, which otherwise loads unbundled beside the pre-bundled lit
        // in `storybook dev`: two lit-html copies ("Multiple versions of Lit loaded"), and
        // templates from one are not recognised by the other.
        include: [
          'lit',
          'lit/decorators.js',
          'lit/directive.js',
          'lit/directive-helpers.js',
          'lit/async-directive.js',
          'lit/directives/*.js',
          '@lit/context',
          'msw',
          'msw/browser',
          'msw-storybook-addon',
        ],
      },
      // Fixtures and the manifest live in the workspace packages, outside .storybook.
      server: { fs: { allow: [root] } },
    });
  },
};

export default config;
