import { describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { openConsole, useE2E } from './support/harness';

const e2e = useE2E();

describe('connection lost and back', () => {
  it('shows a banner while down, then asks for login again with the username kept', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    const login = new LoginPage(c.page);
    await login.loginAs('supervisor');
    const dash = new DashboardPage(c.page);
    await dash.open();

    await e2e.kiosk.stop();
    const banner = c.page.getByTestId('connection-lost');
    await banner.waitFor({ timeout: 3000 });
    expect(await banner.innerText()).toMatch(/Connection to the kiosk lost/);
    expect(await dash.connectionState()).toMatch(/lost/i);
    await dash.shot('connection-lost');

    await e2e.kiosk.restart();
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
