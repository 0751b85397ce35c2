import { describe, expect, it } from 'vitest';
import { consoleAs } from './pages/LoginPage';
import { callOnOwnSocket, DEMO, useE2E } from './support/harness';

const e2e = useE2E();

/** The header's "N waiting" (changes for head office) while cars come in on another console: live, not frozen at login. */
describe('header counters', () => {
  it('counts the changes waiting for head office as cars arrive while the console stays open', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant');
    const shown = async (): Promise<number> => Number(/(\d+) waiting/.exec(await c.page.getByTestId('sync-waiting').innerText())?.[1] ?? 0);
    const kiosk = async (): Promise<number> => {
      const status = await callOnOwnSocket(c.page, DEMO.attendant, 'sync.status', {});
      return (status as unknown as { value: { waiting: number } }).value.waiting;
    };
    await c.page.getByTestId('sync-waiting').waitFor();
    const atLogin = await shown();
    for (const plate of ['HC10AAA', 'HC10BBB', 'HC10CCC']) {
      const entered = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate, laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'barrier fault' });
      expect(entered.ok).toBe(true);
    }
    const expected = await kiosk();
    expect(expected).toBeGreaterThanOrEqual(atLogin + 3);
    // What a fresh login would see, without reloading: the count follows the pushed sync.changed events.
    await expect.poll(shown, { timeout: 3_000 }).toBe(expected);
    await c.page.getByTestId('sync-badge').screenshot({ path: 'test-results/screenshots/header-sync-waiting.png' });
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
