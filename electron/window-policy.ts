/**
 * The security decisions of the Electron shell, as pure functions: which URLs are ours, what the renderer may load,
 * which permissions it gets, which IPC senders are trusted. No runtime 'electron' import (types only), so vitest
 * covers all of it without an Electron binary; window.ts and ipc.ts only wire these into Electron's hooks.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** Where the console comes from: the built file (always, when packaged) or a Vite dev server on this machine. */
export type RendererTarget =
  | { readonly kind: 'file'; readonly url: string }
  | { readonly kind: 'dev'; readonly url: string; readonly origin: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

function parse(url: string | undefined): URL | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * A packaged kiosk ignores LOTKEEPER_DEV_URL: an environment variable must never be able to point the booth's
 * console (and its IPC access) at other content. In development the URL must be plain http on loopback.
 */
export function rendererTarget(opts: { indexFileUrl: string; devUrl?: string | undefined; packaged: boolean }): RendererTarget {
  if (opts.packaged || !opts.devUrl) return { kind: 'file', url: new URL(opts.indexFileUrl).href };
  const dev = parse(opts.devUrl);
  if (!dev || dev.protocol !== 'http:' || !LOOPBACK_HOSTS.has(dev.hostname)) {
    throw new Error(`LOTKEEPER_DEV_URL must be an http:// URL on localhost, got ${JSON.stringify(opts.devUrl)}`);
  }
  return { kind: 'dev', url: dev.href, origin: dev.origin };
}

/** The console's own page: the exact index file (any query or hash), or any path on the dev server's origin. */
export function isAppUrl(url: string | undefined, target: RendererTarget): boolean {
  const u = parse(url);
  if (!u) return false;
  if (target.kind === 'dev') return u.origin === target.origin;
  const index = new URL(target.url);
  return u.protocol === 'file:' && u.host === index.host && u.pathname === index.pathname;
}

/** The console is a single page: the only navigation it may start is back to itself (a reload). */
export function navigationAllowed(url: string, target: RendererTarget): boolean {
  return isAppUrl(url, target);
}

/** IPC is answered only for our page in the window's main frame; never for an iframe, even a same-origin one. */
export function isTrustedSender(frame: { url: string | undefined; isMainFrame: boolean } | null, target: RendererTarget): boolean {
  return frame !== null && frame.isMainFrame && isAppUrl(frame.url, target);
}

/**
 * Every request Chromium makes for the renderer. Network schemes are refused (the console reaches the kiosk over IPC
 * only; the core's own HTTP clients run in Node and are not seen here), except the dev server and its HMR socket.
 * file: is limited to the console's own folder, so a compromised page cannot read the disk through the file scheme.
 */
export function requestAllowed(url: string, target: RendererTarget): boolean {
  const u = parse(url);
  if (!u) return false;
  if (NETWORK_SCHEMES.has(u.protocol)) {
    return target.kind === 'dev' && LOOPBACK_HOSTS.has(u.hostname) && u.host === new URL(target.origin).host;
  }
  if (u.protocol === 'file:') {
    if (target.kind === 'dev') return false;
    const index = new URL(target.url);
    const folder = index.pathname.slice(0, index.pathname.lastIndexOf('/') + 1);
    // The URL parser has already resolved '..'; encoded dots and slashes could still smuggle one past it.
    return u.host === index.host && u.pathname.startsWith(folder) && !/%2e|%2f|%5c/i.test(u.pathname);
  }
  return true; // data:, blob:, devtools: (development only) carry no remote content
}

/**
 * Only the camera, only for our page. `mediaTypes` is what Chromium says the page asks for: a request lists
 * 'video'/'audio'; a check (enumerateDevices) may say 'unknown'. Anything mentioning audio (the microphone) is refused.
 */
export function permissionAllowed(
  req: { permission: string; requestingUrl: string | undefined; mediaTypes: readonly string[] },
  target: RendererTarget,
): boolean {
  return (
    req.permission === 'media' &&
    isAppUrl(req.requestingUrl, target) &&
    req.mediaTypes.length > 0 &&
    req.mediaTypes.every((t) => t === 'video' || t === 'unknown')
  );
}

/**
 * The policy for our page. Production has no inline script or style (Vite emits files; React sets styles through
 * the CSSOM, which CSP allows). The Vite dev server needs inline scripts and styles (React Refresh preamble,
 * injected <style>) and its HMR WebSocket, so only a development target gets those.
 * As a <meta> tag (for file://, where response headers may not reach the page) frame-ancestors is ignored; harmless.
 */
export function contentSecurityPolicy(target: RendererTarget): string {
  const dev = target.kind === 'dev';
  const hmr = dev ? [target.origin.replace(/^http/, 'ws')] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...hmr],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Response headers with our CSP replacing any the dev server sent (header names are case-insensitive). */
export function withCsp(headers: Record<string, string[]> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

export function webPreferences(opts: { preload: string; devTools: boolean }): WebPreferences {
  return {
    preload: opts.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false, // the spellchecker downloads dictionaries
    devTools: opts.devTools,
  };
}

export function windowOptions(opts: { preload: string; devTools: boolean; kiosk: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Lotkeeper',
    show: false, // shown on ready-to-show: no white flash at the booth
    backgroundColor: '#101418',
    autoHideMenuBar: true,
    kiosk: opts.kiosk,
    fullscreen: opts.kiosk,
    webPreferences: webPreferences(opts),
  };
}

/** `--kiosk` on the command line or LOTKEEPER_KIOSK=1 (or true) in the environment. */
export function kioskModeRequested(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  return argv.includes('--kiosk') || /^(1|true|yes)$/i.test(env.LOTKEEPER_KIOSK ?? '');
}
