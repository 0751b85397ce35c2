import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { ManualEntryPage } from './pages/ManualEntryPage';
import { ManualExitPage } from './pages/ManualExitPage';
import { SessionsPage } from './pages/SessionsPage';
import { launchChromium, openConsole, startKiosk, stopKiosk, type Console, type Kiosk } from './support/harness';

let kiosk: Kiosk;
let browser: Browser;
/** Two consoles, each its own connection: the booth watching the dashboard, a second one doing the work. */
let watcher: Console;
let worker: Console;

beforeAll(async () => {
  [kiosk, browser] = await Promise.all([startKiosk(), launchChromium()]);
  watcher = await openConsole(browser, kiosk.url);
  worker = await openConsole(browser, kiosk.url);
  await new LoginPage(watcher.page).loginAs('attendant');
  await new LoginPage(worker.page).loginAs('attendant');
});
afterAll(async () => {
  expect(watcher?.errors ?? []).toEqual([]);
  expect(worker?.errors ?? []).toEqual([]);
  await browser?.close();
  await stopKiosk(kiosk);
});

// The plate has an O where the exit camera will read a 0.
/** As an attendant types it; the kiosk keeps and shows it as its key, as the form promises. */
const PLATE = 'ko51 nrt';
const KEY = 'KO51NRT';
const MISREAD = 'K051NRT';

describe('a car in and out by hand', () => {
  it('manual entry shows up on another console within a second (occupancy +1)', async () => {
    const dash = new DashboardPage(watcher.page);
    await dash.open();
    const before = await dash.insideCount();
    const groundBefore = await dash.zoneCount('ground');

    const entry = new ManualEntryPage(worker.page);
    await entry.open();
    await entry.fill({ plate: PLATE, zone: 'Ground floor · G', vehicleClass: 'Car', reason: 'Camera could not read the plate' });
    await entry.shot('manual-entry-filled');
    const submitted = Date.now();
    await entry.submit();
    await expect.poll(() => entry.done()).toContain(KEY);
    await entry.shot('manual-entry-done');

    await expect.poll(() => dash.insideCount(), { timeout: 1000, interval: 50 }).toBe(before + 1);
    expect(Date.now() - submitted).toBeLessThan(1500);
    expect(await dash.zoneCount('ground')).not.toBe(groundBefore);
    await expect.poll(() => dash.insidePlates(), { timeout: 1000 }).toContain(KEY);
    await dash.shot('dashboard-after-entry');
  });

  it('a plate search with an O/0 misread still finds it, and the detail shows raw vs key in site time', async () => {
    const sessions = new SessionsPage(worker.page);
    await sessions.open();
    await sessions.search(MISREAD);
    await expect.poll(() => sessions.resultPlates()).toContain(KEY);
    await sessions.shot('sessions-fuzzy-search');
    await sessions.openSession(KEY);
    expect(await sessions.detailField('plate-raw')).toBe(KEY);
    expect(await sessions.detailField('plate-key')).toBe(KEY);
    await sessions.shot('session-detail');
    await sessions.closeDetail();
  });

  it('a bad plate is refused with the field named', async () => {
    const entry = new ManualEntryPage(worker.page);
    await entry.open();
    await entry.fill({ plate: 'X', reason: 'ok' });
    await entry.submit();
    expect(await entry.fieldError('Plate')).toMatch(/2 to 10/);
    expect(await entry.fieldError('Reason')).toMatch(/at least 3/);
    await entry.shot('manual-entry-errors');
  });

  it('a supervisor voids a session with a reason; an attendant is not offered it', async () => {
    const entry = new ManualEntryPage(worker.page);
    await entry.open();
    await entry.fill({ plate: 'VD11 OID', reason: 'Camera could not read the plate' });
    await entry.submit();
    await entry.done();
    const sessions = new SessionsPage(worker.page);
    await sessions.open();
    await sessions.search('VD11OID');
    await sessions.openSession('VD11OID');
    expect(await sessions.detail.getByRole('button', { name: 'Void…' }).count()).toBe(0);
    await sessions.closeDetail();

    const sup = await openConsole(browser, kiosk.url);
    await new LoginPage(sup.page).loginAs('supervisor');
    const supSessions = new SessionsPage(sup.page);
    await supSessions.open();
    await supSessions.search('VD11OID');
    await supSessions.openSession('VD11OID');
    await supSessions.detail.getByRole('button', { name: 'Void…' }).click();
    const form = sup.page.getByTestId('void-form');
    await form.getByLabel('Reason').fill('Test vehicle, not a customer');
    await supSessions.shot('session-void');
    await form.getByRole('button', { name: 'Void this session' }).click();
    await supSessions.detail.locator('.badge-voided').waitFor();
    expect(await supSessions.detail.getByTestId('session-audit').innerText()).toContain('voided session');
    expect(sup.errors).toEqual([]);
    await sup.context.close();
    // The watching console settles on the void before the next test counts the cars inside from it.
    await expect.poll(() => new DashboardPage(watcher.page).insidePlates()).not.toContain('VD11OID');
  });

  it('manual exit finds the car by the misread, shows the quote, and occupancy goes back', async () => {
    const dash = new DashboardPage(watcher.page);
    const before = await dash.insideCount();
    const exit = new ManualExitPage(worker.page);
    await exit.open();
    await exit.find(MISREAD);
    expect((await exit.candidatePlates())[0]).toBe(KEY);
    await exit.pick(KEY);
    expect(await exit.quoteTotal()).toMatch(/£\d/);
    await exit.shot('manual-exit-quote');
    await exit.confirm('Exit camera could not read the plate');
    expect(await exit.finalTotal()).toMatch(/£\d/);
    await exit.shot('manual-exit-done');
    await expect.poll(() => dash.insideCount(), { timeout: 1000, interval: 50 }).toBe(before - 1);
    await expect.poll(() => dash.insidePlates(), { timeout: 1000 }).not.toContain(KEY);
  });
});
