/**
 * Sync at a glance and on its screen, against the real kiosk and the loopback head office: offline with changes
 * waiting, then "sync now" catches up, and the nightly check matches; head office holds every change exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../electron/kiosk/serve';
import { dayChecksum } from '../../native/headoffice/checksum';
import { startHeadOfficeServer, type HeadOfficeServer } from '../support/head-office-server';
import { LoginPage } from './pages/LoginPage';
import { SyncPage } from './pages/SyncPage';
import { ensureConsoleBuilt } from './support/build';
import { launchChromium, openConsole } from './support/harness';

let headOffice: HeadOfficeServer;
let kiosk: Headless;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  await ensureConsoleBuilt();
  headOffice = await startHeadOfficeServer();
  await headOffice.down(); // the site starts with head office unreachable
  dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-e2e-sync-'));
  [kiosk, browser] = await Promise.all([
    startHeadless({ dataDir, port: 0, logToFile: false, devices: 'none', headOffice: { url: headOffice.url, token: headOffice.token, timeoutMs: 1_000 }, sync: { idleMs: 200, backoff: { baseMs: 200, maxMs: 1_000 } } }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  await headOffice?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sync to head office (supervisor)', () => {
  it('shows offline with changes waiting, then syncs now, checks the night, and head office has it all once', async () => {
    const c = await openConsole(browser, kiosk.url);
    await new LoginPage(c.page).loginAs('supervisor');
    const sync = new SyncPage(c.page);
    await expect.poll(() => sync.badgeState(), { timeout: 5_000 }).toBe('⚠ Head office offline');
    expect(await sync.badgeWaiting()).toMatch(/^\d+ waiting/);
    await sync.shot('sync-badge-offline');

    await headOffice.up();
    await sync.openByKey();
    expect(await sync.syncNow()).toBe('Sync finished: online.');
    await expect.poll(() => sync.badgeWaiting(), { timeout: 5_000 }).toMatch(/^up to date/);
    expect(await sync.badgeState()).toBe('⇅ Head office online');

    await sync.reconcileNow();
    expect(await sync.nightlyOutcomes()).toEqual(['matched']);
    await sync.shot('sync-screen');

    const site = await import('better-sqlite3').then(({ default: Database }) => {
      const db = new Database(join(dataDir, 'lotkeeper.db'), { readonly: true });
      try {
        return db.prepare('SELECT seq, key FROM outbox ORDER BY seq').all() as { seq: number; key: string }[];
      } finally {
        db.close();
      }
    });
    expect(headOffice.ledger.count()).toBe(site.length);
    expect(dayChecksum(headOffice.ledger.all())).toBe(dayChecksum(site));
    expect(c.errors).toEqual([]);
  });
});
