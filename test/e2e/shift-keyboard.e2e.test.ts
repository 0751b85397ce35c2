import { describe, expect, it } from 'vitest';
import { ShiftPage } from './pages/ShiftPage';
import { callOnOwnSocket, DEMO, downloadedText, openConsole, useE2E } from './support/harness';

const e2e = useE2E();

/** Every step by keyboard: the attendant's hands never leave it from login to the saved cash-up. */
describe('a shift by keyboard only', () => {
  it('starts level, asks before closing, wants a note for a count that is off, closes once and saves the cash-up', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    const shift = new ShiftPage(c.page);
    const keys = c.page.keyboard;
    await c.page.getByLabel('Username').waitFor();
    await keys.type(DEMO.attendant.username);
    await keys.press('Tab');
    await keys.type(DEMO.attendant.secret);
    await keys.press('Enter');
    await c.page.getByTestId('current-user').waitFor();
    // After login, focus is on the first screen, not on nothing.
    expect(await c.page.evaluate(() => document.activeElement?.closest('main.screen') !== null)).toBe(true);

    await keys.press('F6');
    await c.page.getByTestId('open-shift-form').waitFor();
    expect(await shift.focused()).toMatch(/^Float in the drawer/);
    await keys.type('50.00');
    await keys.press('Enter');
    await c.page.getByTestId('close-shift-form').waitFor();
    // The drawer starts level: nothing counted is not "Short by £50.00".
    expect(await shift.variance()).toBe('Not counted yet');
    expect(await shift.focused()).toBe('Number of £50.00');
    await shift.shot('shift-keyboard-opened');

    await keys.type('1');
    expect(await shift.variance()).toBe('Balanced');
    await keys.press('Tab');
    await keys.type('1'); // a £20 note nobody can explain yet
    expect(await shift.variance()).toBe('Over by £20.00');
    await keys.press('Enter');
    expect(await shift.confirmation()).toMatch(/Close the shift\?.*Expected in the drawer £50\.00.*Over by £20\.00/);
    expect(await shift.focused()).toMatch(/^Why the count is off/);
    await keys.press('Enter');
    expect(await shift.confirmation()).toMatch(/The count is off: say why in a few words\./);
    await shift.shot('shift-keyboard-confirm');

    await keys.type('driver paid twenty for a lost ticket');
    const saved = c.page.waitForEvent('download');
    await keys.press('Enter');
    await keys.press('Enter'); // the double press of a hurried attendant
    expect(await shift.result()).toMatch(/Counted £70\.00.*Expected £50\.00.*Over by £20\.00.*driver paid twenty/);
    expect(await shift.focused()).toBe('Save cash-up');
    await keys.press('Enter'); // Save cash-up
    const file = await downloadedText(await saved);
    expect(file).toMatch(/Cash-up: .*\n/);
    expect(file).toMatch(/Counted\s+£70\.00/);
    expect(file).toMatch(/Note\s+driver paid twenty for a lost ticket/);
    await shift.shot('shift-keyboard-closed');

    const audit = await callOnOwnSocket(c.page, DEMO.supervisor, 'audit.list', { limit: 50 });
    const closes = (audit as unknown as { value: { entries: { action: string }[] } }).value.entries.filter((e) => e.action === 'shift.close');
    expect(closes).toHaveLength(1);
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
