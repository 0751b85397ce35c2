import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { TariffEditorPage } from './pages/TariffEditorPage';
import { openConsole, useE2E } from './support/harness';

const e2e = useE2E();

describe('rate tables (supervisor)', () => {
  it('editing a price changes the preview quote, and saving makes the next version', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('supervisor');
    const editor = new TariffEditorPage(c.page);
    await editor.open();
    const ids = await editor.tableIds();
    expect(ids.length).toBeGreaterThan(0);
    const id = ids[0]!;
    const versionBefore = Number(/v(\d+)/.exec(await editor.tabText(id))?.[1]);
    await editor.select(id);
    await editor.setStay(3, 0);
    const before = await editor.previewTotal();
    expect(before).toMatch(/£\d/);
    await editor.shot('tariff-editor-before');
    await c.page.locator('[data-row="band-0"]').scrollIntoViewIfNeeded().catch(() => undefined);
    await editor.shot('tariff-editor-bands');
    await c.page.locator('.tariff-section').last().scrollIntoViewIfNeeded();
    await editor.shot('tariff-editor-sections');

    // Dearer further periods: a 3 h stay must cost more than before.
    await editor.setField('furtherPeriod.priceMinor', '9.99');
    await expect.poll(() => editor.previewTotal(), { timeout: 3000 }).not.toBe(before);
    expect(await editor.compareText()).toMatch(/more with your changes/);
    await editor.shot('tariff-editor-after');

    // A bad amount is named at the field and does not reach the draft.
    await editor.setField('lostTicketMinor', '12.345');
    await expect(c.page.locator('[data-testid="tariff-form"] .field-invalid').first().innerText()).resolves.toMatch(/amount/i);
    await editor.setField('lostTicketMinor', '30');

    const done = await editor.save('Winter prices');
    expect(done).toContain(`version ${versionBefore + 1}`);
    await expect.poll(() => editor.tabText(id)).toContain(`v${versionBefore + 1}`);
    await editor.shot('tariff-editor-saved');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('a schedule that starts again every 24 h and an offer void on a late exit show in the preview as receipt lines', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('supervisor');
    const editor = new TariffEditorPage(c.page);
    await editor.open();
    await editor.select((await editor.tableIds())[0]!);
    await editor.setStay(25, 30);
    const before = await editor.previewTotal();
    const form = c.page.getByTestId('tariff-form');
    await form.getByLabel('Schedule starts again').check();
    await expect.poll(() => editor.preview.innerText(), { timeout: 5000 }).toMatch(/again every 24 h/);
    expect(await editor.previewTotal()).not.toBe(before);

    // An early bird whose late exit voids it: the row offers the rule, saved with the table like any field.
    const section = c.page.locator('details.tariff-section', { has: c.page.getByText(/^Early bird offers/) });
    if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
    await section.getByRole('button', { name: '+ Add early bird' }).click();
    const row = c.page.locator('[data-row^="early-"]').last();
    await row.locator('select[data-path$="lateExit"]').selectOption('void');
    await row.locator('input[data-path$="entryToInclusive"]').check();
    await editor.shot('tariff-editor-published-rules');
    expect(await row.locator('select[data-path$="lateExit"]').inputValue()).toBe('void');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
