import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isAppUrl,
  isTrustedSender,
  kioskModeRequested,
  navigationAllowed,
  permissionAllowed,
  rendererTarget,
  requestAllowed,
  webPreferences,
  windowOptions,
  withCsp,
  type RendererTarget,
} from './window-policy';

const INDEX = 'file:///opt/Lotkeeper/resources/app.asar/dist/renderer/index.html';
const file = rendererTarget({ indexFileUrl: INDEX, packaged: true });
const dev = rendererTarget({ indexFileUrl: INDEX, devUrl: 'http://localhost:5173/', packaged: false });

describe('rendererTarget', () => {
  it('uses the dev server only when not packaged, and only on loopback over http', () => {
    expect(dev).toEqual({ kind: 'dev', url: 'http://localhost:5173/', origin: 'http://localhost:5173' });
    expect(rendererTarget({ indexFileUrl: INDEX, devUrl: 'http://localhost:5173/', packaged: true })).toEqual({ kind: 'file', url: INDEX });
    expect(rendererTarget({ indexFileUrl: INDEX, devUrl: '', packaged: false }).kind).toBe('file');
    for (const bad of ['https://evil.example/', 'http://10.0.0.5:5173/', 'file:///tmp/x.html', 'not a url']) {
      expect(() => rendererTarget({ indexFileUrl: INDEX, devUrl: bad, packaged: false })).toThrow(/LOTKEEPER_DEV_URL/);
    }
  });
});

describe('isAppUrl / navigationAllowed', () => {
  it('accepts only our index file (any hash or query) for a file target', () => {
    expect(isAppUrl(INDEX, file)).toBe(true);
    expect(isAppUrl(`${INDEX}#/sessions/4`, file)).toBe(true);
    expect(isAppUrl(`${INDEX}?x=1`, file)).toBe(true);
    for (const other of [
      'file:///opt/Lotkeeper/resources/app.asar/dist/renderer/other.html',
      'file:///tmp/index.html',
      'file://evil-host/opt/Lotkeeper/resources/app.asar/dist/renderer/index.html',
      'https://example.com/',
      'about:blank',
      'garbage',
    ]) {
      expect(isAppUrl(other, file), other).toBe(false);
    }
    expect(isAppUrl(undefined, file)).toBe(false);
  });

  it('accepts any path on the dev origin, nothing else', () => {
    expect(navigationAllowed('http://localhost:5173/sessions', dev)).toBe(true);
    expect(navigationAllowed('http://localhost:5174/', dev)).toBe(false);
    expect(navigationAllowed('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(navigationAllowed(INDEX, dev)).toBe(false);
    expect(navigationAllowed('https://www.google.com/', file)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts our page in the main frame only', () => {
    expect(isTrustedSender({ url: INDEX, isMainFrame: true }, file)).toBe(true);
    expect(isTrustedSender({ url: INDEX, isMainFrame: false }, file)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, file)).toBe(false);
    expect(isTrustedSender({ url: undefined, isMainFrame: true }, file)).toBe(false);
    expect(isTrustedSender(null, file)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, file)).toBe(false);
  });
});

describe('requestAllowed', () => {
  it('refuses the network in production and allows files only from the console folder', () => {
    expect(requestAllowed('https://cdn.example/lib.js', file)).toBe(false);
    expect(requestAllowed('ws://localhost:5173/', file)).toBe(false);
    expect(requestAllowed('file:///opt/Lotkeeper/resources/app.asar/dist/renderer/assets/index-1.js', file)).toBe(true);
    expect(requestAllowed('file:///etc/passwd', file)).toBe(false);
    expect(requestAllowed('file:///opt/Lotkeeper/resources/app.asar/dist/renderer/../../../kiosk.db', file)).toBe(false);
    expect(requestAllowed('file:///opt/Lotkeeper/resources/app.asar/dist/renderer/%2e%2e/x', file)).toBe(false);
    expect(requestAllowed('data:image/png;base64,AAAA', file)).toBe(true);
    expect(requestAllowed('blob:file:///1234', file)).toBe(true);
  });

  it('allows only the dev server (page and HMR socket) in development', () => {
    expect(requestAllowed('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(requestAllowed('ws://localhost:5173/', dev)).toBe(true);
    expect(requestAllowed('http://localhost:8080/', dev)).toBe(false);
    expect(requestAllowed('https://fonts.example/', dev)).toBe(false);
    expect(requestAllowed(INDEX, dev)).toBe(false);
  });
});

describe('permissionAllowed', () => {
  const ask = (permission: string, mediaTypes: string[], requestingUrl: string | undefined = INDEX, target: RendererTarget = file) =>
    permissionAllowed({ permission, requestingUrl, mediaTypes }, target);

  it('grants the camera to our page', () => {
    expect(ask('media', ['video'])).toBe(true);
    expect(ask('media', ['unknown'])).toBe(true); // enumerateDevices check
    expect(ask('media', ['video'], 'http://localhost:5173/', dev)).toBe(true);
  });

  it('refuses the microphone, other pages and every other permission', () => {
    expect(ask('media', ['video', 'audio'])).toBe(false);
    expect(ask('media', ['audio'])).toBe(false);
    expect(ask('media', [])).toBe(false);
    expect(ask('media', ['video'], 'https://evil.example/')).toBe(false);
    expect(permissionAllowed({ permission: 'media', requestingUrl: undefined, mediaTypes: ['video'] }, file)).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'fullscreen', 'serial', 'hid', 'usb']) {
      expect(ask(permission, ['video']), permission).toBe(false);
    }
  });
});

describe('contentSecurityPolicy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

  it('is strict in production: no inline code, no remote origins', () => {
    const csp = directives(contentSecurityPolicy(file));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy(file)).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('lets the dev server run inline scripts, styles and its HMR socket', () => {
    const csp = directives(contentSecurityPolicy(dev));
    expect(csp.get('script-src')).toContain("'unsafe-inline'");
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
  });

  it('replaces a CSP header the server sent, whatever its case', () => {
    const headers = withCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }, "default-src 'self'");
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });
});

describe('window options', () => {
  it('isolates and sandboxes the renderer', () => {
    const prefs = webPreferences({ preload: '/app/dist/electron/preload.cjs', devTools: false });
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('goes full-screen kiosk only when asked', () => {
    expect(windowOptions({ preload: 'p', devTools: false, kiosk: true })).toMatchObject({ kiosk: true, fullscreen: true, show: false });
    expect(windowOptions({ preload: 'p', devTools: true, kiosk: false })).toMatchObject({ kiosk: false, fullscreen: false });
    expect(kioskModeRequested(['electron', '.', '--kiosk'], {})).toBe(true);
    expect(kioskModeRequested([], { LOTKEEPER_KIOSK: '1' })).toBe(true);
    expect(kioskModeRequested([], { LOTKEEPER_KIOSK: 'true' })).toBe(true);
    expect(kioskModeRequested([], { LOTKEEPER_KIOSK: '0' })).toBe(false);
    expect(kioskModeRequested([], {})).toBe(false);
  });
});
