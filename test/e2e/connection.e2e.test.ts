import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { launchChromium, openConsole, startKiosk, stopKiosk, type Kiosk } from './support/harness';

let kiosk: Kiosk;
let browser: Browser;

beforeAll(async () => {
  [kiosk, browser] = await Promise.all([startKiosk(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stopKiosk(kiosk);
});

describe('connection lost and back', () => {
  it('shows a banner while down, then asks for login again with the username kept', async () => {
    const c = await openConsole(browser, kiosk.url);
    const login = new LoginPage(c.page);
    await login.loginAs('supervisor');
    const dash = new DashboardPage(c.page);
    await dash.open();

    await kiosk.stop();
    const banner = c.page.getByTestId('connection-lost');
    await banner.waitFor({ timeout: 3000 });
    expect(await banner.innerText()).toMatch(/Connection to the kiosk lost/);
    expect(await dash.connectionState()).toMatch(/lost/i);
    await dash.shot('connection-lost');

    await kiosk.restart();
    await c.page.getByRole('button', { name: 'Retry now' }).click().catch(() => undefined);
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await login.notice()).toMatch(/Log in again/);
    expect(await login.username()).toBe('sam');
    await login.shot('login-after-reconnect');
    await login.login('sam', '2468');
    expect(await dash.currentUser()).toContain('Sam');
    await c.context.close();
  });
});
