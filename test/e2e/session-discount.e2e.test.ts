import { describe, expect, it } from 'vitest';
import { consoleAs } from './pages/LoginPage';
import { SessionsPage } from './pages/SessionsPage';
import { callOnOwnSocket, DEMO, useE2E } from './support/harness';

const e2e = useE2E();

/** Discounts are reached from the session, not only from the exit: supervisor only (the kiosk checks), with a reason, audited. */
describe('a discount from the session window', () => {
  it('is given by keyboard with a reason code and a reason, lowers what is due and shows in the session’s audit trail', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const entered = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate: 'DS12CNT', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'barrier fault' });
    expect(entered.ok).toBe(true);
    const sessionId = (entered as unknown as { value: { session: { id: number } } }).value.session.id;
    // A lost ticket gives the stay something to discount at any hour.
    expect((await callOnOwnSocket(c.page, DEMO.attendant, 'payments.lostTicket', { sessionId, reason: 'ticket lost' })).ok).toBe(true);

    const sessions = new SessionsPage(c.page);
    const keys = c.page.keyboard;
    await keys.press('F2');
    await expect.poll(() => sessions.focused()).toBe('plate-search');
    await keys.type('DS12CNT');
    await keys.press('Enter');
    await expect.poll(() => sessions.resultPlates()).toEqual(['DS12CNT']);
    await keys.press('ArrowDown');
    await keys.press('Enter');
    await sessions.detail.waitFor();
    const dueBefore = await sessions.dueMinor();
    expect(dueBefore).toBeGreaterThan(250);

    await sessions.detail.getByTestId('discount').focus();
    await keys.press('Enter');
    const form = c.page.getByTestId('discount-form');
    await form.waitFor();
    await expect.poll(() => sessions.focused()).toBe('discount');

    // Nothing typed right: both fields say so and nothing is sent.
    await keys.press('Enter');
    await expect.poll(() => form.locator('.field-error[role="alert"]').allInnerTexts()).toEqual([
      'Type an amount above zero with at most 2 decimal places, such as 20.00.',
      'Give a reason of at least 3 characters.',
    ]);

    // Esc with typed text asks; "no" keeps the panel and what was typed.
    await keys.type('2.50');
    c.page.once('dialog', (d) => void d.dismiss());
    await keys.press('Escape');
    expect(await form.getByLabel('Amount off (GBP)').inputValue()).toBe('2.50');

    await keys.press('Tab'); // reason code
    await keys.press('ArrowDown'); // Staff (from Goodwill)
    await keys.press('Tab');
    await keys.type('queue at the pay machine');
    // Each field's message went as it was edited.
    expect(await form.locator('.field-error[role="alert"]').count()).toBe(0);
    await sessions.shot('session-discount-form');
    await keys.press('Enter');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => sessions.dueMinor()).toBe(dueBefore - 250);
    await expect.poll(() => sessions.detail.getByTestId('session-audit').innerText()).toMatch(/sam gave a discount/);
    await sessions.shot('session-discount-given');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('is not offered to an attendant, and the kiosk refuses one sent anyway', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant');
    const entered = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate: 'DS12ATT', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'barrier fault' });
    const sessionId = (entered as unknown as { value: { session: { id: number } } }).value.session.id;
    const sessions = new SessionsPage(c.page);
    await sessions.open();
    await sessions.search('DS12ATT');
    await sessions.openSession('DS12ATT');
    expect(await sessions.detail.getByTestId('discount').count()).toBe(0);
    const sent = await callOnOwnSocket(c.page, DEMO.attendant, 'payments.discount', { sessionId, valueOffMinor: 100, reasonCode: 'goodwill', reason: 'friend of mine' });
    expect(sent).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
