import { describe, expect, it } from 'vitest';
import { consoleAs } from './pages/LoginPage';
import { SessionsPage } from './pages/SessionsPage';
import { callOnOwnSocket, DEMO, useE2E } from './support/harness';

const e2e = useE2E();

/** Esc in the session window's inline panels closes the panel, not the window, and never drops a typed reason unasked. */
describe('session window panels, by keyboard', () => {
  it('Esc closes the Void panel only, and asks before dropping a typed reason', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const entered = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate: 'ES12CAP', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'barrier fault' });
    expect(entered.ok).toBe(true);
    const sessions = new SessionsPage(c.page);
    const keys = c.page.keyboard;
    await keys.press('F2');
    await sessions.plateSearch.waitFor();
    expect(await sessions.plateSearch.evaluate((el) => el === document.activeElement)).toBe(true);
    await keys.type('ES12CAP');
    await keys.press('Enter');
    const row = c.page.locator('[data-testid="search-results"] tbody tr[data-plate="ES12CAP"]');
    await row.waitFor();
    await row.focus();
    await keys.press('Enter');
    await sessions.detail.waitFor();

    // Void… then Esc with nothing typed: the panel closes, the session window stays.
    await sessions.detail.getByRole('button', { name: 'Void…' }).focus();
    await keys.press('Enter');
    const voidForm = c.page.getByTestId('void-form');
    await voidForm.waitFor();
    await keys.press('Escape');
    await voidForm.waitFor({ state: 'detached' });
    expect(await sessions.detail.isVisible()).toBe(true);

    // With a reason typed, Esc asks; "no" keeps the panel and the reason, "yes" closes the panel only.
    await sessions.detail.getByRole('button', { name: 'Void…' }).focus();
    await keys.press('Enter');
    await voidForm.waitFor();
    await keys.type('entered twice by mistake');
    const answers = [false, true];
    const asked: string[] = [];
    c.page.on('dialog', (d) => {
      asked.push(d.message());
      void (answers.shift() ? d.accept() : d.dismiss());
    });
    await keys.press('Escape');
    expect(asked).toEqual(['Drop what you typed and close this panel?']);
    expect(await voidForm.getByLabel('Reason').inputValue()).toBe('entered twice by mistake');
    await keys.press('Escape');
    await voidForm.waitFor({ state: 'detached' });
    expect(asked).toHaveLength(2);
    expect(await sessions.detail.isVisible()).toBe(true);
    await sessions.shot('session-panel-escaped');
    // Esc once more, on the window itself, closes the window.
    await keys.press('Escape');
    await sessions.detail.waitFor({ state: 'detached' });
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('a supervisor reopens a stay closed by mistake, with a reason: the car counts as inside again', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const entered = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate: 'RE12OPN', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'barrier fault' });
    expect(entered.ok).toBe(true);
    const sessionId = (entered as { ok: true; value: { session: { id: number } } }).value.session.id;
    const left = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualExit', { sessionId, laneId: null, reason: 'closed the wrong car' });
    expect(left.ok).toBe(true);
    const sessions = new SessionsPage(c.page);
    await sessions.open();
    await sessions.search('RE12OPN');
    await sessions.openSession('RE12OPN');
    await sessions.detail.locator('.detail-head .badge-closed').waitFor();
    // A stay that left cannot be voided (the kiosk refuses it): only reopened.
    expect(await sessions.detail.getByRole('button', { name: 'Void…' }).count()).toBe(0);

    await sessions.detail.getByTestId('reopen').focus();
    await c.page.keyboard.press('Enter');
    const form = c.page.getByTestId('reopen-form');
    await form.waitFor();
    await c.page.keyboard.type('closed at the booth by mistake: the car is still parked');
    await c.page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await sessions.detail.locator('.detail-head .badge-open').waitFor();
    expect(await sessions.detail.locator('.detail-head .badge-open').innerText()).toContain('Inside');
    expect(await sessions.detail.getByTestId('reopen').count()).toBe(0);
    expect(await sessions.detail.getByRole('button', { name: 'Void…' }).count()).toBe(1);
    // Focus goes to the next step: the stay's first action now, its manual exit.
    expect(await c.page.evaluate(() => document.activeElement?.textContent)).toBe('Manual exit…');
    await sessions.shot('session-reopened');
    const audit = await callOnOwnSocket(c.page, DEMO.supervisor, 'audit.list', { subject: `session:${sessionId}`, limit: 5 });
    expect(JSON.stringify(audit)).toContain('session.reopened');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
