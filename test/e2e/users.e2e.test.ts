import { describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { UsersPage } from './pages/UsersPage';
import { openConsole, useE2E } from './support/harness';

const e2e = useE2E();

describe('users (admin)', () => {
  it('admin creates an attendant who can then log in', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    const login = new LoginPage(c.page);
    await login.loginAs('admin');
    const users = new UsersPage(c.page);
    await users.open();
    expect(await users.usernames()).toEqual(expect.arrayContaining(['anna', 'sam', 'admin']));
    await users.shot('users-list');
    await users.create({ username: 'bob', displayName: 'Bob Booth', role: 'Attendant', kind: 'PIN (digits)', secret: '9753' });
    expect(await users.notice()).toContain('bob');
    await users.shot('users-created');
    await users.logout();

    await login.login('bob', '9753');
    const dash = new DashboardPage(c.page);
    expect(await dash.currentUser()).toContain('Bob Booth');
    expect(await dash.currentUser()).toContain('Attendant');
    expect(await dash.navScreens()).not.toContain('users');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('a locked-out user is told until when (site time); an admin unlocks them', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    const login = new LoginPage(c.page);
    // A booth that has been used before knows its site's time zone (the first login caches it).
    await login.loginAs('attendant');
    await new DashboardPage(c.page).logout();
    for (let i = 0; i < 5; i++) {
      await login.fill('sam', '0000');
      await login.submit();
      await c.page.getByTestId('login-error').waitFor();
      await c.page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
    }
    const text = await login.error();
    expect(text).toMatch(/locked for [45] more minutes/i);
    const until = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const candidates = [0, 1, 2].map((m) => until.format(Date.now() + (5 - 1 + m) * 60_000));
    expect(candidates.some((hm) => text.includes(hm)), `${text} names none of ${candidates}`).toBe(true);
    expect(text).toContain('site time');
    await login.shot('login-locked-out');
    // even the right PIN is refused while locked
    await login.fill('sam', '2468');
    await login.submit();
    expect(await login.error()).toMatch(/locked/i);

    const admin = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(admin.page).loginAs('admin');
    const users = new UsersPage(admin.page);
    await users.open();
    await admin.page.locator('tr[data-user="sam"]').getByRole('button', { name: 'Unlock' }).click();
    expect(await users.notice()).toContain('sam is unlocked');
    await admin.context.close();

    await login.login('sam', '2468');
    expect(await new DashboardPage(c.page).currentUser()).toContain('Sam');
    await c.context.close();
  });

  it('a too-short PIN is refused with the field named, before sending', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('admin');
    const users = new UsersPage(c.page);
    await users.open();
    await c.page.getByRole('button', { name: 'New user…' }).click();
    const form = c.page.getByTestId('create-user-form');
    await form.getByLabel('Username').fill('x');
    await form.getByLabel('PIN', { exact: true }).fill('12');
    await form.getByRole('button', { name: 'Create user' }).click();
    const errors = await form.locator('.field-error').allInnerTexts();
    expect(errors.join(' ')).toMatch(/username is 2 to 32/i);
    expect(errors.join(' ')).toMatch(/PIN is 4 to 8 digits/);
    await users.shot('users-create-errors');
    await c.page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await c.context.close();
  });
});
