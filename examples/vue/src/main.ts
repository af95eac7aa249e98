import { createApp } from 'vue';
// eslint-disable-next-line no-restricted-syntax -- a single-file component has no emitted .js name: @vitejs/plugin-vue resolves the .vue file itself
import App from './App.vue';

createApp(App).mount('#app');
