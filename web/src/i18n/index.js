import {createI18n} from 'vue-i18n';

import en from './en.js';
import zhCN from './zh-CN.js';

const KEY = 'civicgrid.locale';
const saved = (() => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
})();

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: {'zh-CN': zhCN, en},
});

export function setLocale(locale) {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    /* ignore */
  }
}

document.documentElement.lang = i18n.global.locale.value;
