import 'element-plus/dist/index.css';
import 'leaflet/dist/leaflet.css';
import './styles.css';

import ElementPlus from 'element-plus';
import {createApp} from 'vue';

import App from './App.vue';
import {i18n} from './i18n/index.js';
import {router} from './router.js';

createApp(App).use(i18n).use(router).use(ElementPlus).mount('#app');
