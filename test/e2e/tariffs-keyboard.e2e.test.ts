import { describe, expect, it } from 'vitest';
import { consoleAs } from './pages/LoginPage';
import { TariffEditorPage } from './pages/TariffEditorPage';
import { useE2E } from './support/harness';

const e2e = useE2E();

/** F7's list of rate tables answers the arrow keys, and Enter opens the table that has focus. */
describe('rate tables by keyboard', () => {
  it('moves between tables with the arrows and opens one with Enter', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const editor = new TariffEditorPage(c.page);
    await c.page.keyboard.press('F7');
    await editor.screen('tariffs').waitFor();
    await c.page.locator('.table-tabs .tab').first().waitFor();
    const ids = await editor.tableIds();
    expect(ids.length).toBeGreaterThan(1);
    const focusedTable = () => c.page.evaluate(() => document.activeElement?.getAttribute('data-table') ?? '');
    await c.page.locator(`.table-tabs [data-table="${ids[0]}"]`).focus();
    await c.page.keyboard.press('ArrowRight');
    expect(await focusedTable()).toBe(ids[1]);
    await c.page.keyboard.press('ArrowLeft');
    expect(await focusedTable()).toBe(ids[0]);
    await c.page.keyboard.press('ArrowDown');
    await c.page.keyboard.press('Enter');
    await expect.poll(() => c.page.locator(`.table-tabs [data-table="${ids[1]}"]`).getAttribute('aria-selected')).toBe('true');
    await editor.shot('tariffs-keyboard');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
