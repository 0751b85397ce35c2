import { describe, expect, it } from 'vitest';
import { consoleAs } from './pages/LoginPage';
import { SessionsPage } from './pages/SessionsPage';
import { callOnOwnSocket, DEMO, useE2E } from './support/harness';

const e2e = useE2E();

/** A day in the demo site's zone written as a UK attendant writes it: "07/12/2026". */
const ukDate = (ms: number): string => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms);
const DAY = 86_400_000;

/**
 * Sessions by keyboard: ↓ from the plate reaches the results past the filters, ↑/↓ move, Enter opens; dates are
 * typed and read in the site's locale (en-GB) while the browser itself is en-US in Los Angeles.
 */
describe('sessions by keyboard, dates in the site’s locale', () => {
  it('moves through results with arrows, opens one with Enter, and filters by dates typed as the site writes them', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    for (const plate of ['KB12ARA', 'KB12ARB', 'KB12ARC']) {
      const entered = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate, laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'barrier fault' });
      expect(entered.ok).toBe(true);
    }
    const sessions = new SessionsPage(c.page);
    const keys = c.page.keyboard;
    await keys.press('F2');
    await expect.poll(() => sessions.focused()).toBe('plate-search');
    await keys.type('KB12AR');
    await keys.press('Enter');
    await expect.poll(() => sessions.resultPlates()).toHaveLength(3);
    const plates = await sessions.resultPlates();

    // ↓ from the plate: the first result; ↓ again: the second; ↑ twice: back in the plate field.
    await keys.press('ArrowDown');
    expect(await sessions.focused()).toBe(plates[0]);
    await keys.press('ArrowDown');
    expect(await sessions.focused()).toBe(plates[1]);
    await keys.press('ArrowUp');
    await keys.press('ArrowUp');
    expect(await sessions.focused()).toBe('plate-search');

    // Enter on the third row opens that session.
    await keys.press('ArrowDown');
    await keys.press('ArrowDown');
    await keys.press('ArrowDown');
    expect(await sessions.focused()).toBe(plates[2]);
    await sessions.shot('sessions-arrow-keys');
    await keys.press('Enter');
    await sessions.detail.waitFor();
    expect(await sessions.detailField('plate-key')).toBe(plates[2]);
    await keys.press('Escape');
    await sessions.detail.waitFor({ state: 'detached' });

    // One Tab from the plate to "Entered from", which asks for the site's order (day first), not the browser's.
    await sessions.plateSearch.focus();
    await keys.press('Tab');
    expect(await sessions.focused()).toBe('entered-from');
    expect(await sessions.dateField('Entered from').getAttribute('placeholder')).toBe('dd/mm/yyyy hh:mm');

    // From tomorrow: none; from yesterday 00:00: the three. The hint reads the date back with its month in words.
    const tomorrow = ukDate(Date.now() + DAY);
    await keys.type(`${tomorrow} 00:00`);
    await expect.poll(() => sessions.resultCount()).toMatch(/^No sessions found/);
    const [day, month, year] = tomorrow.split('/');
    const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(Date.UTC(Number(year), Number(month) - 1, 1));
    expect(await sessions.fieldNote('Entered from').innerText()).toBe(`Read as ${Number(day)} ${monthName} ${year}, 00:00`);
    await sessions.dateField('Entered from').fill(ukDate(Date.now() - DAY));
    await expect.poll(() => sessions.resultPlates()).toHaveLength(3);
    await sessions.shot('sessions-date-filter');

    // A date that cannot be (31 February) says how to write one once the field is left.
    await sessions.dateField('Entered until').fill('31/02/2026');
    await keys.press('Tab');
    await expect.poll(() => sessions.fieldNote('Entered until').innerText()).toBe('Write it as dd/mm/yyyy hh:mm.');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('asks for month first once the site is set to en-US', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const current = await callOnOwnSocket(c.page, DEMO.admin, 'settings.site', {});
    expect(current.ok).toBe(true);
    const { currency: _currency, ...site } = (current as unknown as { value: { site: Record<string, unknown> } }).value.site;
    const saved = await callOnOwnSocket(c.page, DEMO.admin, 'settings.saveSite', { site: { ...site, locale: 'en-US' }, reason: 'US owner', carsInsideAcknowledged: true });
    expect(saved.ok).toBe(true);
    const sessions = new SessionsPage(c.page);
    await c.page.keyboard.press('F2');
    await expect.poll(() => sessions.dateField('Entered from').getAttribute('placeholder')).toBe('mm/dd/yyyy hh:mm');
    await sessions.dateField('Entered from').fill('12/24/2026 14:05');
    await expect.poll(() => sessions.fieldNote('Entered from').innerText()).toBe('Read as Dec 24, 2026, 14:05');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
