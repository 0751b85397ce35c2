/**
 * The Audit log screen by keyboard: entries read as sentences (no action codes, JSON or epoch numbers), the filters
 * ask the kiosk (user and action), ↑/↓ move between entries and Enter opens one in full, Escape goes back to it.
 */
import { describe, expect, it } from 'vitest';
import { ConsolePage } from './pages/ConsolePage';
import { LoginPage } from './pages/LoginPage';
import { screenshotTo, showScreen } from './support/every-screen';
import { openConsole, useE2E } from './support/harness';

const e2e = useE2E();

describe('audit log screen', () => {
  it('reads as sentences, filters by user and action, and opens an entry from the keyboard', async () => {
    const anna = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(anna.page).loginAs('attendant');
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('supervisor');
    await showScreen(c.page, 'audit');
    const con = new ConsolePage(c.page);
    const rows = await con.tableRows('audit-table');
    expect(rows.join('\n')).toContain('anna logged in');
    expect(rows.join('\n')).toContain('setup created Standard (car), reason: site set-up');
    for (const row of rows) expect(row).not.toMatch(/[a-z]+\.[a-z_]+ |[{}"]|\b1\d{12}\b/);

    await c.page.getByLabel('User').fill('anna');
    await c.page.getByLabel('Action').selectOption({ label: 'Someone logged in' });
    await c.page.getByLabel('User').press('Enter');
    await expect.poll(() => con.tableRows('audit-table')).toEqual([expect.stringMatching(/anna logged in$/)]);
    await c.page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => (await con.tableRows('audit-table')).length).toBeGreaterThan(3);

    const first = c.page.locator('[data-testid="audit-table"] tbody tr').first();
    await first.focus();
    await c.page.keyboard.press('ArrowDown');
    const second = c.page.locator('[data-testid="audit-table"] tbody tr').nth(1);
    expect(await second.evaluate((el) => el === document.activeElement)).toBe(true);
    await c.page.keyboard.press('Enter');
    await con.dialog.waitFor();
    expect(await c.page.getByTestId('audit-detail-sentence').innerText()).toBe(await second.locator('.audit-sentence').innerText());
    await screenshotTo(c.page, 'audit', 'entry-detail');
    await c.page.keyboard.press('Escape');
    await con.dialog.waitFor({ state: 'detached' });
    expect(await second.evaluate((el) => el === document.activeElement)).toBe(true);
    expect([...c.errors, ...anna.errors]).toEqual([]);
    await Promise.all([c.context.close(), anna.context.close()]);
  }, 60_000);
});
