import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from '@renderer/App.vue';
import { router } from '@renderer/router';
import '@renderer/styles/theme.css';
import '@renderer/styles/base.css';
import '@renderer/styles/controls.css';

createApp(App).use(createPinia()).use(router).mount('#app');
