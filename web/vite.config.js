import vue from '@vitejs/plugin-vue';
import {defineConfig} from 'vite';

// The server's Content-Security-Policy forbids eval: vue-i18n must compile messages with its
// JIT (AST) compiler, never with new Function.
export default defineConfig({
  plugins: [vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  server: {
    // `npm run dev` proxies the API to a running civicgrid (CIVICGRID_URL, default :8080).
    proxy: {'/api': process.env.CIVICGRID_URL || 'http://127.0.0.1:8080'},
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // The workbench, and the API reference served at /api/docs.
      input: {main: 'index.html', 'api-docs': 'api-docs.html'},
      output: {
        manualChunks: {
          'element-plus': ['element-plus'],
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
          leaflet: ['leaflet'],
        },
      },
    },
  },
});
