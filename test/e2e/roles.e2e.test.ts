import { describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { DEMO, openConsole, useE2E } from './support/harness';

const e2e = useE2E();

const EXPECTED = {
  attendant: ['dashboard', 'sessions', 'entry', 'exit', 'shift', 'access', 'lanes', 'payments', 'drivers', 'bookings'],
  supervisor: ['dashboard', 'sessions', 'entry', 'exit', 'shift', 'tariffs', 'audit', 'reports', 'access', 'lanes', 'payments', 'drivers', 'bookings', 'sync'],
  admin: ['dashboard', 'sessions', 'entry', 'exit', 'shift', 'tariffs', 'audit', 'reports', 'users', 'access', 'lanes', 'payments', 'drivers', 'bookings', 'sync', 'devices', 'siteSettings'],
} as const;

describe('login and roles', () => {
  for (const role of ['attendant', 'supervisor', 'admin'] as const) {
    it(`${role} sees only the screens the role allows`, async () => {
      const c = await openConsole(e2e.browser, e2e.kiosk.url);
      const login = new LoginPage(c.page);
      await login.waitVisible();
      await login.shot(`login-${role}`);
      await login.loginAs(role);
      const dash = new DashboardPage(c.page);
      await dash.open();
      expect(await dash.navScreens()).toEqual(EXPECTED[role]);
      expect(await dash.currentUser()).toContain(DEMO[role].name);
      expect(await dash.connectionState()).toContain('Connected');
      // The header clock is the site's (Europe/London), not the browser's (set to Los Angeles here).
      const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const shown = (await dash.siteClock()).slice(0, 5);
      // the clock ticks once a second: near a minute boundary it may still show the minute before
      expect([london.format(Date.now()), london.format(Date.now() - 2000)]).toContain(shown);
      await dash.shot(`dashboard-${role}`);
      await dash.logout();
      expect(c.errors).toEqual([]);
      await c.context.close();
    });
  }

  it('a wrong PIN says so, names nothing secret, and keeps the username', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    const login = new LoginPage(c.page);
    await login.waitVisible();
    await login.fill('anna', '0000');
    await login.submit();
    expect(await login.error()).toMatch(/wrong/i);
    expect(await login.username()).toBe('anna');
    await expect(c.page.getByLabel('PIN or password').inputValue()).resolves.toBe('');
    await login.shot('login-wrong-pin');
    // and the right PIN still works afterwards
    await login.login('anna', DEMO.attendant.secret);
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('empty fields are named before anything is sent', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    const login = new LoginPage(c.page);
    await login.waitVisible();
    await login.submit();
    await expect(c.page.locator('.field-error').first().innerText()).resolves.toMatch(/username/i);
    await c.context.close();
  });
});
