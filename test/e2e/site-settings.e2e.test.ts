import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { openConsole, screenshot, useE2E } from './support/harness';

const e2e = useE2E();

describe('site settings (admin)', () => {
  it('opens by key with the focus on the first field, names a bad value at its field, and saves with a reason', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('admin');
    await c.page.keyboard.press('Shift+F12');
    const screen = c.page.getByTestId('site-settings');
    await screen.waitFor();
    await expect.poll(() => c.page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await c.page.keyboard.type('Harbour Street Car Park\nVAT no. GB 123 4567 89');

    // The kiosk's own limits come back by field: 5000 days is more than it keeps photos.
    await screen.getByLabel('Keep plate photos (days)').fill('5000');
    await screen.getByLabel('Attendant: log out after idle (minutes)').fill('15');
    await screen.getByLabel('Reason').fill('Privacy review');
    await screen.getByLabel('Reason').press('Enter');
    const retention = screen.locator('.field', { has: c.page.getByLabel('Keep plate photos (days)') });
    await expect.poll(() => retention.locator('.field-error').innerText()).toMatch(/3650/);

    await screen.getByLabel('Keep plate photos (days)').fill('7');
    // The console's own check names a quiet-hours value it cannot read, with what to type.
    await screen.getByLabel('Quiet hours').fill('nights');
    await screen.getByLabel('Reason').press('Enter');
    const quiet = screen.locator('.field', { has: c.page.getByLabel('Quiet hours') });
    await expect.poll(() => quiet.locator('.field-error').innerText()).toMatch(/21:00-08:00/);
    await screen.getByLabel('Quiet hours').fill('22:00-07:00');
    await screen.getByLabel('Reason').press('Enter');
    await screen.getByTestId('settings-saved').waitFor();
    await expect.poll(() => c.page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await screenshot(c.page, 'site-settings');

    // Read back from the kiosk: away to the dashboard and back.
    await c.page.keyboard.press('F1');
    await c.page.keyboard.press('Shift+F12');
    await expect.poll(() => screen.getByLabel('Keep plate photos (days)').inputValue()).toBe('7');
    expect(await screen.getByLabel('Receipt header').inputValue()).toBe('Harbour Street Car Park\nVAT no. GB 123 4567 89');
    expect(await screen.getByLabel('Attendant: log out after idle (minutes)').inputValue()).toBe('15');
    expect(await screen.getByLabel('Quiet hours').inputValue()).toBe('22:00-07:00');
    expect(await screen.innerText()).toContain('Last saved by admin');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('is not offered to a supervisor', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('supervisor');
    await c.page.keyboard.press('Shift+F12');
    expect(await c.page.getByTestId('site-settings').count()).toBe(0);
    await c.context.close();
  });
});
