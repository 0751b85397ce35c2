/**
 * Leaving the Reports screen stops the report it is still computing, in the core: the screen calls reports.cancel
 * as it goes, and the kiosk answers that it cancelled the running report, which itself answers 'cancelled'. Read
 * from the bridge's own answers (what the core did), not from how long anything took.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseFile } from '../../electron/kiosk/data-dir';
import { LoginPage } from './pages/LoginPage';
import { ReportsPage } from './pages/ReportsPage';
import { VIEWPORTS, openConsole, ukTyped, useE2E } from './support/harness';

const e2e = useE2E();
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Ten busy years of the hourly traffic rollup (as reports-worker.test.ts seeds them): a traffic report over them
 * keeps the report worker busy for seconds, so it is still running when the supervisor leaves.
 */
function seedBusyYears(dataDir: string): void {
  const db = new Database(databaseFile(dataDir));
  try {
    db.pragma('busy_timeout = 10000');
    const last = Math.floor(Date.now() / HOUR_MS) - 24;
    db.exec(`WITH RECURSIVE hours(h) AS (SELECT ${last - 3_652 * 24} UNION ALL SELECT h + 1 FROM hours WHERE h < ${last})
      INSERT INTO report_traffic (hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum)
      SELECT h, zone, 'regular', lane, direction, how, '', 'lane', 1, 1, 1, 0.95
      FROM hours, (SELECT 'ground' AS zone UNION ALL SELECT 'upper'),
        (SELECT 'in1' AS lane, 'entry' AS direction, 'open_transient' AS how UNION ALL SELECT 'out1', 'exit', 'open_paid_within_grace')`);
  } finally {
    db.close();
  }
}

type Answer = { ok: boolean; value?: unknown; error?: { code: string } };

describe('reports: leaving the screen', { timeout: 120_000 }, () => {
  it('cancels the report still being computed: the core answers that it stopped it', async () => {
    seedBusyYears(e2e.kiosk.dataDir);
    const c = await openConsole(e2e.browser, e2e.kiosk.url, VIEWPORTS.large);
    // The bridge's frames, by request id: what the console asked, and what the core answered.
    const asked = new Map<number, string>();
    const answers = new Map<number, Answer>();
    c.page.on('websocket', (ws) => {
      ws.on('framesent', (f) => {
        const frame = JSON.parse(String(f.payload)) as { id: number; call: string };
        asked.set(frame.id, frame.call);
      });
      ws.on('framereceived', (f) => {
        const frame = JSON.parse(String(f.payload)) as { type: string; id: number; result: Answer };
        if (frame.type === 'result') answers.set(frame.id, frame.result);
      });
    });
    const answerTo = (call: string): Answer | null => {
      const id = [...asked].find(([, name]) => name === call)?.[0];
      return id === undefined ? null : (answers.get(id) ?? null);
    };
    const askedFor = (call: string): boolean => [...asked.values()].includes(call);

    await new LoginPage(c.page).loginAs('supervisor');
    const reports = new ReportsPage(c.page);
    await reports.open();
    // The forecast the screen asks for first has been answered: the worker is free for the report.
    await expect.poll(() => answerTo('reports.forecast')?.ok, { timeout: 30_000 }).toBe(true);
    await reports.form.getByLabel('Report').selectOption('traffic');
    // The fields are typed in the site's locale (dd/mm/yyyy on the demo's en-GB site).
    const [day, month, year] = (await reports.form.getByLabel('To').inputValue()).split('/');
    const from = reports.form.getByLabel('From');
    await from.fill(ukTyped(new Date(Date.parse(`${year}-${month}-${day}T12:00:00Z`) - 3_650 * DAY_MS).toISOString().slice(0, 10)));
    await from.press('Enter');
    await expect.poll(() => askedFor('reports.traffic')).toBe(true);

    // Away to the dashboard with its function key while the ten years are computed (not answered yet).
    expect(answerTo('reports.traffic')).toBeNull();
    await c.page.keyboard.press('F1');
    await expect.poll(() => answerTo('reports.cancel')).toEqual({ ok: true, value: { cancelled: 1 } });
    await expect.poll(() => answerTo('reports.traffic')).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await c.page.getByTestId('kpi-fill').waitFor();
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
