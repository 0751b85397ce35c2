/**
 * Composition root of the desktop shell: config -> kiosk -> window -> IPC, and a clean shutdown. Nothing else lives
 * here; the product is in kiosk/, the window's security rules in window-policy.ts.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, dialog, ipcMain, safeStorage, session, type BrowserWindow } from 'electron';
import { bindKioskIpc } from './ipc';
import { createKiosk, payLinkSettings, secretStores, smsSetupFrom } from './kiosk/kiosk';
import { createConsoleWindow, hardenAllWebContents, hardenSession } from './window';
import { kioskModeRequested, rendererTarget } from './window-policy';

function start(): void {
  const env = process.env;
  const target = rendererTarget({
    indexFileUrl: pathToFileURL(join(app.getAppPath(), 'dist', 'renderer', 'index.html')).href,
    devUrl: env.LOTKEEPER_DEV_URL,
    packaged: app.isPackaged,
  });
  // The same folder as the headless kiosk's (kiosk/data-dir.ts): userData of "Lotkeeper", or LOTKEEPER_DATA_DIR.
  const dataDir = env.LOTKEEPER_DATA_DIR || app.getPath('userData');
  // After ready: safeStorage (which seals the tokens with the OS keychain) only works once the app is ready. Where it
  // would only obfuscate (Linux basic_text) the tokens stay in 0600 files and the console says so.
  const kioskReady = app.whenReady().then(() => {
    const secrets = secretStores(dataDir, safeStorage);
    return createKiosk({
      dataDir,
      siteFile: env.LOTKEEPER_SITE_FILE,
      // The demo site starts with three months of generated past, so reports and the forecast show something.
      demoHistoryDays: 90,
      logLevel: env.LOTKEEPER_LOG_LEVEL,
      headOffice: env.LOTKEEPER_HEAD_OFFICE ? { url: env.LOTKEEPER_HEAD_OFFICE, token: env.LOTKEEPER_SITE_TOKEN || undefined, pinnedSha256: env.LOTKEEPER_HEAD_OFFICE_PIN || null } : undefined,
      sync: { tokenStore: secrets.siteToken },
      payments: payLinkSettings(env),
      // LOTKEEPER_TWILIO_* (notify/config.ts); the auth token, given once, is kept as the site token is.
      sms: smsSetupFrom(env, secrets.twilioToken),
      secretsAtRest: secrets.atRest,
    });
  });
  let window: BrowserWindow | undefined;
  let exitCode = 0;

  // The second launch (a double-click at the booth) brings the running console forward instead of a second kiosk.
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());

  // Quit waits for the kiosk to close (database checkpoint, devices released), then quits for real.
  let closing: Promise<void> | undefined;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= kioskReady
      .then(
        (kiosk) => kiosk.close(),
        () => undefined, // a kiosk that failed to start has been reported already
      )
      .catch((error: unknown) => console.error('lotkeeper: the kiosk did not close cleanly:', error))
      .finally(() => {
        closed = true;
        if (exitCode === 0) app.quit();
        else app.exit(exitCode);
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  hardenAllWebContents();
  Promise.all([kioskReady, app.whenReady()])
    .then(([kiosk]) => {
      hardenSession(session.defaultSession, target);
      bindKioskIpc(ipcMain, kiosk, target);
      window = createConsoleWindow({
        target,
        preload: join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'),
        devTools: !app.isPackaged,
        kiosk: kioskModeRequested(process.argv, env),
      });
    })
    .catch((error: unknown) => {
      // Said on screen too: in kiosk mode nobody at the booth reads a console.
      console.error('lotkeeper: cannot start:', error);
      dialog.showErrorBox('Lotkeeper cannot start', error instanceof Error ? error.message : String(error));
      exitCode = 1;
      app.quit();
    });
}

if (app.requestSingleInstanceLock()) start();
else app.quit();
