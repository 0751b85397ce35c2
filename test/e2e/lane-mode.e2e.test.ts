import { describe, expect, it } from 'vitest';
import { LanesPage } from './pages/LanesPage';
import { consoleAs } from './pages/LoginPage';
import { screenshot, useE2E } from './support/harness';

const e2e = useE2E();

/** Lanes → Mode…: the arrows pick a mode and Enter saves it (Chromium would reopen the list). */
describe('lane mode, by keyboard', () => {
  it('picks a mode with the arrows and saves it with Enter, saying what the threshold means', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const lanes = new LanesPage(c.page);
    const keys = c.page.keyboard;
    await keys.press('F11');
    await lanes.tile('in1').waitFor();
    await lanes.tile('in1').locator('button[data-action="setMode"]').focus();
    await keys.press('Enter');
    const form = lanes.dialog.getByTestId('lane-mode-form');
    await form.waitFor();
    const select = form.getByLabel('Mode');
    expect(await select.evaluate((el) => el === document.activeElement)).toBe(true);
    // What the threshold means, from the reader's calibration, follows what is typed.
    const meaning = form.getByTestId('threshold-meaning');
    await expect.poll(() => meaning.innerText()).toMatch(/^At 85%: about \d+ in 100 cars are let through on the read alone, and about \d+ in 100 of those reads were wrong\..*validation part/);
    // Beside it, what the threshold buys per 1,000 cars, from the calibration and from the lane's own cars (none yet here).
    const table = form.getByTestId('threshold-table');
    await expect.poll(() => table.locator('tr[data-source="calibration"]').innerText()).toMatch(/^The reader’s calibration\s+\d+%\s+\d+\s+.*validation part/);
    expect(await table.locator('tr[data-source="lane"]').innerText()).toMatch(/^This lane, last 7 days\s+No read with a confidence in this period yet\./);
    await form.getByLabel('Read must be at least (%)').fill('95');
    await expect.poll(() => meaning.innerText()).toMatch(/^At 95%: about \d+ in 100/);
    await expect.poll(() => table.locator('caption').innerText()).toBe('What 95% buys');
    await screenshot(c.page, 'lane-mode-threshold');
    await form.getByLabel('Read must be at least (%)').fill('85');
    await select.focus();
    await keys.press('ArrowDown');
    expect(await select.inputValue()).toBe('attendant-confirms-every-car');
    await keys.press('Enter');
    await lanes.waitDialogClosed();
    await expect.poll(async () => lanes.tile('in1').innerText(), { timeout: 5_000 }).toMatch(/Confirm every car/);
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);
});
