// Vue 3 example.   npx vite build examples/vue      (or `npx vite examples/vue` to develop)
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [
    vue({
      template: {
        // Without this Vue tries to resolve <cmdctr-*> as Vue components and warns.
        compilerOptions: { isCustomElement: (tag) => tag.startsWith('cmdctr-') },
      },
    }),
  ],
  build: { target: 'es2022' },
});
