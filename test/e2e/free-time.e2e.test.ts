import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { ManualEntryPage } from './pages/ManualEntryPage';
import { SessionsPage } from './pages/SessionsPage';
import { openConsole, useE2E } from './support/harness';

const e2e = useE2E();

describe('extend free time (supervisor)', () => {
  it('adds free minutes to a stay from the session view, with a reason, audited and priced at once', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('supervisor');
    const entry = new ManualEntryPage(c.page);
    await entry.open();
    await entry.fill({ plate: 'FT24 XTR', reason: 'Barrier left open by the contractor' });
    await entry.submit();
    await entry.done();

    const sessions = new SessionsPage(c.page);
    await sessions.open();
    await sessions.search('FT24XTR');
    await sessions.openSession('FT24XTR');
    await sessions.detail.getByTestId('extend-free-time').click();
    const form = c.page.getByTestId('extend-free-time-form');
    // Keyboard first: the minutes field has the focus as soon as the form opens.
    await expect.poll(() => c.page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('numeric');
    await c.page.keyboard.press('Control+A');
    await c.page.keyboard.type('0');
    await form.getByLabel('Reason', { exact: true }).fill('Lift out of order for an hour');
    await form.getByLabel('Reason', { exact: true }).press('Enter');
    expect(await form.locator('.field-error').first().innerText()).toMatch(/minutes from 1 to/);

    await form.getByLabel('Free minutes to add').fill('45');
    await sessions.shot('session-extend-free-time');
    await form.getByLabel('Reason', { exact: true }).press('Enter');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => sessions.detail.getByTestId('session-audit').innerText()).toContain('gave free time on session');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('is not offered to an attendant', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('attendant');
    const sessions = new SessionsPage(c.page);
    await sessions.open();
    await sessions.search('FT24XTR');
    await sessions.openSession('FT24XTR');
    expect(await sessions.detail.getByTestId('extend-free-time').count()).toBe(0);
    await c.context.close();
  });
});
