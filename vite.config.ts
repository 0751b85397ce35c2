/**
 * The attendant console. Built to dist/renderer and loaded from file:// inside Electron (hence base './'), or
 * served by `lotkeeper serve` to a browser. Everything it needs ships in the bundle: the booth PC is often
 * offline and the window's CSP forbids remote content and inline scripts, so no web fonts, no CDNs.
 *
 * Dev: `LOTKEEPER_BRIDGE=http://127.0.0.1:PORT npx vite` proxies /ws to a running kiosk bridge.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

const bridge = process.env.LOTKEEPER_BRIDGE;

/**
 * The built page carries the same policy as the Electron window (own files only, no inline scripts, no remote
 * anything) as a meta tag, so it holds even where no header sets it. Build only: Vite's dev server injects an
 * inline preamble for React refresh that this policy would block.
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'";
function cspMeta(): Plugin {
  return {
    name: 'lotkeeper-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig(({ command }) => {
  // A build is the production console whatever NODE_ENV the shell or a test runner set ("test" would ship React's
  // development build, whose StrictMode mounts every screen twice): Vite reads it once this config is loaded.
  if (command === 'build') process.env['NODE_ENV'] = 'production';
  return config;
});

const config = {
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), cspMeta()],
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
} satisfies UserConfig;
