/**
 * The attendant console. Built to dist/renderer and loaded from file:// inside Electron (hence base './'), or
 * served by `lotkeeper serve` to a browser. Everything it needs ships in the bundle: the booth PC is often
 * offline and the window's CSP forbids remote content and inline scripts, so no web fonts, no CDNs.
 *
 * Dev: `LOTKEEPER_BRIDGE=http://127.0.0.1:PORT npx vite` proxies /ws to a running kiosk bridge.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const bridge = process.env.LOTKEEPER_BRIDGE;

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline <script>/data: modules: the CSP allows only 'self' scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'chrome130',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
    proxy: bridge ? { '/ws': { target: bridge, ws: true, changeOrigin: false } } : undefined,
  },
});
