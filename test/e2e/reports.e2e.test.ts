import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { ReportsPage } from './pages/ReportsPage';
import { DEMO, VIEWPORTS, callOnOwnSocket, openConsole, screenshot, ukTyped, useE2E } from './support/harness';

// Three weeks of the demo site's generated past, so every chart has something to draw; anomalies scanned promptly.
const e2e = useE2E({ demoHistoryDays: 21, anomalies: { settleMs: 200 } });

describe('reports (supervisor)', { timeout: 120_000 }, () => {
  it('opens by key, shows a range as charts and tables, exports CSV, and acknowledges an anomaly with a note', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url, VIEWPORTS.large);
    await new LoginPage(c.page).loginAs('supervisor');
    // A car let out with no entry record: the detectors raise it as it happens.
    const anna = { username: DEMO.attendant.username, secret: DEMO.attendant.secret };
    expect(await callOnOwnSocket(c.page, anna, 'payments.noEntryRecord', { plate: 'LO57TKT', zoneId: 'ground', vehicleClass: 'car', reason: 'ticket lost' })).toMatchObject({ ok: true });

    const reports = new ReportsPage(c.page);
    await reports.open();
    await expect.poll(() => c.page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await c.page.keyboard.press('ArrowDown'); // Occupancy -> Traffic
    await c.page.keyboard.press('Tab');
    const from = reports.form.getByLabel('From');
    await expect.poll(() => reports.focusedId()).toBe(await from.getAttribute('id'));
    // The range is typed as the UK site writes dates (day first), whatever the browser's locale (en-US here).
    expect(await from.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    const to = await reports.form.getByLabel('To').inputValue();
    expect(to).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const [toDay, toMonth, toYear] = to.split('/');
    const back = new Date(Date.UTC(Number(toYear), Number(toMonth) - 1, Number(toDay), 12) - 13 * 86_400_000);
    const fromDay = back.toISOString().slice(0, 10);
    const twoWeeksBack = ukTyped(fromDay);
    await from.fill(twoWeeksBack);
    // Read back with its month in words, so a day/month swap would be seen before the report is asked.
    const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(back);
    expect(await reports.fieldNote('From')).toMatch(new RegExp(`^Read as \\w{3}, ${back.getUTCDate()} ${monthName} ${back.getUTCFullYear()}$`));
    await from.press('Enter');

    // Computed on the report worker, behind the forecast the screen asked for first (the worker starts with it).
    await expect.poll(() => reports.focusedId(), { timeout: 15_000 }).toBe('report-title');
    expect(await c.page.locator('#report-title').innerText()).toContain(`Traffic: ${twoWeeksBack} to ${to}`);
    const chart = reports.result.getByTestId('chart-traffic');
    await chart.locator('canvas').waitFor();
    // The chart's numbers as a table, for whoever would rather read them.
    await chart.locator('summary').click();
    const rows = chart.locator('.chart-table tbody tr');
    expect(await rows.count()).toBe(14);
    const entries = await rows.evaluateAll((trs) => trs.map((tr) => Number((tr.children[1] as HTMLElement).innerText.replace(/\D/g, ''))));
    expect(entries.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);

    const csv = await reports.exportCsv();
    expect(csv.name).toBe(`harbour-street-car-park-traffic-${fromDay}-to-${toYear}-${toMonth}-${toDay}.csv`);
    expect(csv.text).toMatch(/Entries and exits per day/);
    await expect.poll(() => c.page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);

    // The anomaly waits in the list; Enter in its note acknowledges it and the focus goes on.
    const anomaly = reports.anomalies.getByTestId('anomaly').filter({ hasText: 'LO57TKT' });
    await anomaly.waitFor();
    await screenshot(c.page, 'reports-traffic');
    await anomaly.getByLabel('Note').fill('Driver paid the lost-ticket charge');
    await anomaly.getByLabel('Note').press('Enter');
    await anomaly.waitFor({ state: 'detached' });
    await expect.poll(() => reports.anomalies.getByRole('status').innerText()).toMatch(/Acknowledged: LO57TKT/);
    await expect.poll(() => c.page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^(note-\d+|anomalies-title)$/);

    // The forecast of the coming week, with its interval and its table.
    await reports.page.getByTestId('forecast').locator('canvas').first().waitFor();
    await reports.page.getByTestId('forecast').scrollIntoViewIfNeeded();
    await screenshot(c.page, 'reports-forecast');

    // Occupancy: the heat map of hour by day, with the numbers in its cells.
    await reports.form.getByLabel('Report').selectOption('occupancy');
    await reports.form.getByLabel('Report').press('Enter');
    await expect.poll(() => reports.focusedId(), { timeout: 15_000 }).toBe('report-title');
    const heat = reports.result.getByTestId('heat-ground');
    expect(await heat.locator('tbody tr').count()).toBe(14);
    await reports.result.getByTestId('chart-stays').locator('canvas').waitFor();
    await heat.scrollIntoViewIfNeeded();
    await screenshot(c.page, 'reports-occupancy');

    // The dashboard says when the lot is expected to fill today.
    await c.page.keyboard.press('F1');
    await expect.poll(() => c.page.getByTestId('kpi-fill').innerText()).toMatch(/full in about \d+ min|expected full now|Not today/);
    await screenshot(c.page, 'dashboard-fill');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('is not offered to an attendant', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('attendant');
    await c.page.keyboard.press('Shift+F8');
    expect(await c.page.getByTestId('report-form').count()).toBe(0);
    await c.context.close();
  });
});
