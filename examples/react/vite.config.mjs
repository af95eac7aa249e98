// React 19 example: Vite's own esbuild JSX transform (the automatic runtime) is all JSX needs;
// @vitejs/plugin-react would only add Fast Refresh, which a built example does not use.
//   npx vite build examples/react        (or `npx vite examples/react` to develop against /v1)
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built app works from whatever folder a host serves it.
  base: './',
  esbuild: { jsx: 'automatic' },
  build: { target: 'es2022' },
});
