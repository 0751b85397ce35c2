/**
 * The hardened console window. Every decision lives in window-policy.ts (tested without Electron); this file only
 * attaches those decisions to Electron's hooks.
 */
import { app, BrowserWindow, type Session, type WebContents } from 'electron';
import {
  contentSecurityPolicy,
  navigationAllowed,
  permissionAllowed,
  requestAllowed,
  windowOptions,
  withCsp,
  type RendererTarget,
} from './window-policy';

/** Session-wide rules: CSP header, no remote requests, camera-only permissions, no USB/HID/serial from the page. */
export function hardenSession(session: Session, target: RendererTarget): void {
  const csp = contentSecurityPolicy(target);
  // Covers the dev server. Whether Chromium routes file:// through webRequest varies by Electron version, so
  // renderer/index.html also carries the production policy as a <meta> tag.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, csp) });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !requestAllowed(details.url, target) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(permissionAllowed({ permission, requestingUrl: details.requestingUrl, mediaTypes }, target));
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permissionAllowed({ permission, requestingUrl: details.requestingUrl, mediaTypes: [details.mediaType ?? 'unknown'] }, target),
  );
  session.setDevicePermissionHandler(() => false);
}

/** For every webContents the app ever creates (devtools included): no pop-ups, no <webview>. */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

function guardNavigation(contents: WebContents, target: RendererTarget): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!navigationAllowed(event.url, target)) event.preventDefault();
  });
  // will-navigate sees only the main frame; this covers iframes and redirects too.
  contents.on('will-frame-navigate', (event) => {
    if (!navigationAllowed(event.url, target)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!navigationAllowed(event.url, target)) event.preventDefault();
  });
}

export function createConsoleWindow(opts: {
  target: RendererTarget;
  preload: string;
  devTools: boolean;
  kiosk: boolean;
}): BrowserWindow {
  const window = new BrowserWindow(windowOptions(opts));
  if (opts.kiosk || !opts.devTools) window.removeMenu(); // the default menu offers reload, devtools, zoom
  guardNavigation(window.webContents, opts.target);
  window.once('ready-to-show', () => window.show());
  window.loadURL(opts.target.url).catch((error: unknown) => {
    console.error(`lotkeeper: cannot load the console from ${opts.target.url}:`, error);
  });
  return window;
}
