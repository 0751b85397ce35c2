import { describe, expect, it } from 'vitest';
import { consoleAs } from './pages/LoginPage';
import { SessionsPage } from './pages/SessionsPage';
import { callOnOwnSocket, DEMO, useE2E } from './support/harness';

const e2e = useE2E();

/** Keys pressed in the wrong place: a function key inside a dialog holding typed text, Ctrl+Enter in a multi-line field. */
describe('keys in dialogs and multi-line fields', () => {
  it('asks before a function key drops what was typed in a dialog, and goes at once when nothing was', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const entered = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate: 'FK12KEY', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'barrier fault' });
    expect(entered.ok).toBe(true);
    const asked: string[] = [];
    c.page.on('dialog', (d) => asked.push(d.message()));
    const sessions = new SessionsPage(c.page);
    const keys = c.page.keyboard;
    const openDetail = async (): Promise<void> => {
      await keys.press('F2');
      await expect.poll(() => sessions.focused()).toBe('plate-search');
      await keys.type('FK12KEY');
      await keys.press('Enter');
      await expect.poll(() => sessions.resultPlates()).toEqual(['FK12KEY']);
      await keys.press('ArrowDown');
      await keys.press('Enter');
      await sessions.detail.waitFor();
    };
    await openDetail();
    await sessions.detail.getByTestId('fix-plate').focus();
    await keys.press('Enter');
    const form = c.page.getByTestId('fix-plate-form');
    await form.waitFor();
    await keys.type('FK12KEZ');

    // F3 with a plate typed: asked; "no" keeps the window and the text.
    c.page.once('dialog', (d) => void d.dismiss());
    await keys.press('F3');
    await expect.poll(() => asked).toEqual(['Leave this window? What you typed here has not been saved.']);
    expect(await sessions.detail.isVisible()).toBe(true);
    expect(await form.getByLabel('The right plate').inputValue()).toBe('FK12KEZ');

    // "yes": the window closes and F3's screen opens.
    c.page.once('dialog', (d) => void d.accept());
    await keys.press('F3');
    await sessions.screen('entry').waitFor();
    await sessions.detail.waitFor({ state: 'detached' });
    expect(asked).toHaveLength(2);

    // Nothing typed: F1 leaves the window without asking.
    await openDetail();
    await keys.press('F1');
    await sessions.screen('dashboard').waitFor();
    await sessions.detail.waitFor({ state: 'detached' });
    expect(asked).toHaveLength(2);
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('saves with Ctrl+Enter in a multi-line field, where Enter is a new line', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'admin');
    await c.page.keyboard.press('Shift+F12');
    const screen = c.page.getByTestId('site-settings');
    await screen.waitFor();
    await screen.getByLabel('Reason').fill('new receipt header');
    const header = screen.getByLabel('Receipt header');
    await header.fill('');
    await header.focus();
    await c.page.keyboard.type('Harbour Street');
    await c.page.keyboard.press('Enter');
    await c.page.keyboard.type('Open 24 hours');
    await c.page.keyboard.press('Control+Enter');
    await screen.getByTestId('settings-saved').waitFor();
    expect(await header.inputValue()).toBe('Harbour Street\nOpen 24 hours');
    const read = await callOnOwnSocket(c.page, DEMO.admin, 'settings.get', {});
    expect(JSON.stringify(read)).toContain('Open 24 hours');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
