import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { callOnOwnSocket, DEMO, openConsole, screenshot, useE2E } from './support/harness';

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
    // Plate regions: none ticked is refused by the kiosk at the field; British and European plates are kept, at home in Slovakia.
    for (const region of ['United Kingdom', 'Europe', 'United States', 'Brazil']) await screen.getByLabel(new RegExp(`^${region}`)).uncheck();
    await screen.getByLabel('Reason').press('Enter');
    await expect.poll(() => screen.locator('.plate-regions .field-error').innerText()).toMatch(/at least one plate region/);
    await screen.getByLabel(/^United Kingdom/).check();
    // A home country whose plates are not ticked is refused at its field.
    await screen.getByLabel('Where most cars come from').selectOption('sk');
    await screen.getByLabel('Reason').press('Enter');
    const home = screen.locator('.field', { has: c.page.getByLabel('Where most cars come from') });
    await expect.poll(() => home.locator('.field-error').innerText()).toMatch(/tick the home country's plates \(eu\) among/);
    await home.scrollIntoViewIfNeeded();
    await screenshot(c.page, 'site-settings-plates');
    await screen.getByLabel(/^Europe/).check();
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
    expect(await screen.getByLabel(/^United Kingdom/).isChecked()).toBe(true);
    expect(await screen.getByLabel(/^United States/).isChecked()).toBe(false);
    expect(await screen.getByLabel('Where most cars come from').inputValue()).toBe('sk');
    expect(await screen.innerText()).toContain('Last saved by admin');
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);

  it("changes the site's name, tax rate and time zone at once (warning first while a car is inside) and the booking policy", async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('admin');
    const entry = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate: 'TZ12CAR', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'car inside' });
    expect(entry.ok).toBe(true);
    await c.page.keyboard.press('Shift+F12');
    const site = c.page.getByTestId('site-identity');
    await site.getByLabel('Site name').waitFor();
    await site.getByLabel('Site name').fill('Harbour Street North');
    await site.getByLabel('Tax rate (%)').fill('17.5');
    await site.getByLabel('Time zone').fill('America/New_York');
    await site.getByTestId('zone-warning').waitFor();
    expect(await site.getByTestId('zone-warning').innerText()).toMatch(/1 car\(s\) are inside.*entry times stay exactly as recorded/s);
    await site.getByLabel('Why the site changes').fill('Booth PC moved to the New York office');
    await site.getByLabel('Why the site changes').press('Enter');
    const acknowledge = site.locator('.field', { has: c.page.getByLabel(/I understand/) });
    await expect.poll(() => acknowledge.locator('.field-error').innerText()).toMatch(/Tick this/);
    await site.getByLabel(/I understand/).check();
    await site.getByLabel('Why the site changes').press('Enter');
    await site.getByTestId('site-saved').waitFor();
    // No restart and no reload: the header and the kiosk both use the new site at once.
    await expect.poll(() => c.page.getByTestId('site-name').innerText()).toBe('Harbour Street North');
    await screenshot(c.page, 'site-settings-site');

    const policy = c.page.getByTestId('booking-policy');
    await policy.getByLabel('Later cancellation fee').fill('2.5');
    await policy.getByLabel('Free cancellation up to (hours before)').fill('x');
    await policy.getByLabel('Why the policy changes').fill('Winter policy');
    await policy.getByLabel('Why the policy changes').press('Enter');
    const hours = policy.locator('.field', { has: c.page.getByLabel('Free cancellation up to (hours before)') });
    await expect.poll(() => hours.locator('.field-error').innerText()).not.toBe('');
    await policy.getByLabel('Free cancellation up to (hours before)').fill('48');
    await policy.getByLabel('Why the policy changes').press('Enter');
    await policy.getByTestId('policy-saved').waitFor();
    const reread = await callOnOwnSocket(c.page, DEMO.admin, 'bookings.policy', {});
    expect(reread).toMatchObject({ ok: true, value: { freeCancelHours: 48, cancelFeeMinor: 250 } });
    const siteNow = await callOnOwnSocket(c.page, DEMO.admin, 'settings.site', {});
    expect(siteNow).toMatchObject({ ok: true, value: { site: { name: 'Harbour Street North', timeZone: 'America/New_York', taxRateBp: 1750 }, carsInside: 1 } });
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
