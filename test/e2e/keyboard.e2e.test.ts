import { describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/DashboardPage';
import { ManualEntryPage } from './pages/ManualEntryPage';
import { SessionsPage } from './pages/SessionsPage';
import { DEMO, openConsole, useE2E } from './support/harness';

const e2e = useE2E();

const focused = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return { tag: el?.tagName ?? '', id: el?.id ?? '', name: el?.getAttribute('name') ?? '' };
  });

describe('keyboard only', () => {
  it('logs in, records a manual entry, finds it with /, and closes the detail with Esc', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    const { page } = c;
    const kb = page.keyboard;
    await page.locator('[data-screen="login"]').waitFor();

    // The username field has focus on arrival.
    expect((await focused(page)).name).toBe('username');
    await kb.type(DEMO.attendant.username);
    await kb.press('Tab');
    await kb.type(DEMO.attendant.secret);
    await kb.press('Enter');
    await page.getByTestId('current-user').waitFor();

    // F3: manual entry, the plate field focused.
    await kb.press('F3');
    const entry = new ManualEntryPage(page);
    await entry.screen('entry').waitFor();
    await expect.poll(async () => (await focused(page)).name).toBe('plate');
    await kb.type('LK24 KBD');
    await kb.press('Tab'); // zone
    await kb.press('ArrowDown'); // Upper deck
    await kb.press('Tab'); // vehicle class
    await kb.press('ArrowDown'); // Motorcycle
    await kb.press('Tab'); // space type
    await kb.press('Tab'); // lane
    await kb.press('Tab'); // reason
    expect((await focused(page)).name).toBe('reason');
    await kb.type('Visitor let in at the booth');
    await entry.shot('keyboard-entry-focus');
    await kb.press('Enter');
    await expect.poll(() => entry.done()).toMatch(/Upper deck/);
    // Focus is back on the plate for the next car.
    expect((await focused(page)).name).toBe('plate');

    // F1 goes to the dashboard even from inside a field.
    await kb.press('F1');
    const dash = new DashboardPage(page);
    await dash.screen('dashboard').waitFor();
    await expect.poll(() => dash.insidePlates()).toContain('LK24KBD');

    // "/" jumps to the plate search with focus.
    await kb.press('/');
    const sessions = new SessionsPage(page);
    await sessions.screen('sessions').waitFor();
    await expect.poll(async () => (await focused(page)).id).toBe('plate-search');
    await kb.type('LK24KBD');
    await kb.press('Enter');
    await expect.poll(() => sessions.resultPlates()).toEqual(['LK24KBD']);

    // Tab into the results, Enter opens the row, Esc closes the dialog.
    await page.locator('[data-testid="search-results"] tbody tr').first().focus();
    await kb.press('Enter');
    await sessions.detail.waitFor();
    await sessions.shot('keyboard-session-detail');
    await kb.press('Escape');
    await sessions.detail.waitFor({ state: 'detached' });
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
