import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ConsolePage, type ScreenId } from './pages/ConsolePage';
import { LoginPage } from './pages/LoginPage';
import { ManualEntryPage } from './pages/ManualEntryPage';
import { SessionsPage } from './pages/SessionsPage';
import { bridgeCalls, bridgeQuiet } from './support/bridge-watch';
import { openConsole, VIEWPORTS, useE2E } from './support/harness';

const e2e = useE2E();

const CARS = [
  { plate: 'AB12 CDE', zone: 'Ground floor · G', vehicleClass: 'Car' },
  { plate: 'LK70 OXF', zone: 'Ground floor · G', vehicleClass: 'Van' },
  { plate: 'MC19 BKE', zone: 'Ground floor · G', vehicleClass: 'Motorcycle', spaceType: 'Motorcycle' },
  { plate: 'WV68 ZZT', zone: 'Upper deck · 1', vehicleClass: 'Car', spaceType: 'VIP' },
];

/** How long of the page's own time each screen is left alone: longer than any refresh a screen could have. */
const IDLE_WATCH_MS = 60_000;

/** Page-level overflow means something is cut off or the layout does not fit the booth screen. */
async function overflow(page: Page): Promise<{ x: boolean; y: boolean }> {
  return page.evaluate(() => ({
    x: document.documentElement.scrollWidth > window.innerWidth,
    y: document.documentElement.scrollHeight > window.innerHeight,
  }));
}

describe('every screen at booth sizes', () => {
  it('seeds a few cars', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('attendant');
    const entry = new ManualEntryPage(c.page);
    await entry.open();
    for (const car of CARS) {
      await entry.fill({ ...car, reason: 'Camera could not read the plate' });
      await entry.submit();
      // Typed with its space, kept and shown as the plate's key.
      await c.page.getByTestId('entry-done').filter({ hasText: car.plate.replace(' ', '') }).waitFor();
    }
    await c.context.close();
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    it(`admin tour at ${viewport.width}x${viewport.height}`, async () => {
      // The page's timers on a clock the test moves: a minute of a screen left alone passes in an instant.
      const c = await openConsole(e2e.browser, e2e.kiosk.url, viewport, (page) => page.clock.install());
      const login = new LoginPage(c.page);
      await login.waitVisible();
      await login.shot(`tour-${size}-login`);
      await login.loginAs('admin');
      const con = new ConsolePage(c.page);
      const screens: ScreenId[] = ['dashboard', 'sessions', 'entry', 'exit', 'shift', 'tariffs', 'audit', 'users', 'access', 'lanes', 'drivers', 'bookings', 'devices'];
      for (const id of screens) {
        await con.go(id);
        if (id === 'tariffs') await c.page.locator('.table-tabs [data-table]').first().click();
        await bridgeQuiet(c.page);
        await con.shot(`tour-${size}-${id}`);
        expect(await overflow(c.page), id).toEqual({ x: false, y: false });
        // Idle means idle: no polling and no request loops (only pushed events refresh a screen), over a minute of
        // the page's timers. Watched at the booth's own size only: the size changes what fits, not what a screen
        // asks for (the one call that depends on what is in view, a lane's picture, is made only while a car is at
        // the lane, and none is here).
        if (size !== 'small') continue;
        const before = (await bridgeCalls(c.page)).length;
        await c.page.clock.runFor(IDLE_WATCH_MS);
        expect((await bridgeCalls(c.page)).slice(before), `${id} kept calling the kiosk while idle`).toEqual([]);
      }
      const sessions = new SessionsPage(c.page);
      await sessions.open();
      await sessions.search('AB12CDE');
      await sessions.openSession('AB12CDE');
      await bridgeQuiet(c.page);
      await sessions.shot(`tour-${size}-session-detail`);
      await sessions.closeDetail();
      expect(c.errors).toEqual([]);
      await c.context.close();
    }, 90_000);
  }
});
