/**
 * Reports on their worker thread, with real concurrency: a lane on a real relay board (socat pty) decides a car
 * while reports over ten busy years are being computed; a console that leaves the Reports screen, or closes,
 * cancels its reports; a worker that dies or runs past its watchdog fails its report with a clear error and the
 * next report gets a fresh worker.
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../electron/kiosk/contract';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { arrive, relayPulses, useLaneRigs } from './lane-rig';
import { waitFor } from './relay-socat';

const startRig = useLaneRigs();
const tempDir = useTempDirs();

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);
/** The longest range a report takes (ten years), ending yesterday. */
const tenYears = (now: number) => ({ from: isoDay(now - 3_652 * DAY_MS), to: isoDay(now - DAY_MS) });

/**
 * Ten years of the hourly traffic rollup, every hour a car in and one out of each zone: 350,000 rows, written
 * straight into the rollup because the test needs the worker busy for a few seconds, not their meaning
 * (reports-agreement.test.ts checks the rollups against the sessions).
 */
function seedBusyYears(db: Database, now: number): void {
  const last = Math.floor(now / HOUR_MS) - 24;
  db.exec(`WITH RECURSIVE hours(h) AS (SELECT ${last - 3_652 * 24} UNION ALL SELECT h + 1 FROM hours WHERE h < ${last})
    INSERT INTO report_traffic (hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum)
    SELECT h, zone, 'regular', lane, direction, how, '', 'lane', 1, 1, 1, 0.95
    FROM hours, (SELECT 'ground' AS zone UNION ALL SELECT 'upper'),
      (SELECT 'in1' AS lane, 'entry' AS direction, 'open_transient' AS how UNION ALL SELECT 'out1', 'exit', 'open_paid_within_grace')`);
}

const failed = (result: CallResult<CallName>, code: string) => expect(result).toMatchObject({ ok: false, error: { code } });

describe('reports on a worker thread', () => {
  it('a lane decides and pulses its barrier while reports over ten busy years are computed', async () => {
    const rig = await startRig();
    const now = rig.kiosk.services.core.now();
    seedBusyYears(rig.kiosk.store.db, now);
    // A first small report starts the worker, so what follows overlaps the reports themselves, not the thread's start.
    await expectOk(rig.console, 'reports.money', { from: isoDay(now - DAY_MS), to: isoDay(now) });
    const reports = rig.kiosk.services.reports;

    const asked = ['occupancy', 'traffic', 'occupancy', 'traffic', 'occupancy', 'traffic'].map((name) => rig.console.call(`reports.${name}` as 'reports.occupancy', tenYears(now)));
    let answered = 0;
    for (const report of asked) void report.then(() => answered++);
    await waitFor(() => reports.busy, 5_000, 'the worker computing a report');

    const decided = await arrive(rig, 'in1', 0, 'AB12CDE');
    expect(decided.decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'relay 1 pulsed on the board');
    // The lane was answered, and its barrier pulsed over the serial line, while the worker still had reports to do.
    expect(answered).toBeLessThan(asked.length);
    expect(reports.busy).toBe(true);

    const results = await Promise.all(asked);
    for (const result of results) expect(result.ok).toBe(true);
    const occupancy = results[0] as CallResult<'reports.occupancy'>;
    if (!occupancy.ok) throw new Error('unreachable');
    expect(occupancy.value.zones.map((z) => z.zoneId)).toEqual(['ground', 'upper']);
    expect(occupancy.value.range.from).toBe(tenYears(now).from);
  }, 120_000);

  it('leaving the Reports screen or closing the console cancels its reports; the next report is answered', async () => {
    const kiosk = await startTestKiosk(tempDir());
    const now = kiosk.services.core.now();
    seedBusyYears(kiosk.store.db, now);
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    await expectOk(sam, 'reports.money', { from: isoDay(now - DAY_MS), to: isoDay(now) }); // the worker is started
    const running = sam.call('reports.occupancy', tenYears(now));
    const waiting = sam.call('reports.export', { report: 'traffic', format: 'pdf', ...tenYears(now) });
    const dashboard = sam.call('reports.fillToday', {});
    await waitFor(() => kiosk.services.reports.busy, 5_000, 'the worker computing a report');
    expect(await expectOk(sam, 'reports.cancel', {})).toEqual({ cancelled: 2 });
    failed(await running, 'cancelled');
    const export_ = await waiting;
    failed(export_, 'cancelled');
    if (!export_.ok) expect(export_.error.message).toBe('the traffic export was cancelled: the console that asked for it left the screen');
    // The dashboard's fill time is not the Reports screen's: it is still answered, by a fresh worker.
    expect((await dashboard).ok).toBe(true);

    const other = await loggedIn(kiosk, ...DEMO.supervisor);
    const orphan = other.call('reports.traffic', tenYears(now));
    await waitFor(() => kiosk.services.reports.busy, 5_000, 'the worker computing the other console\'s report');
    other.close();
    failed(await orphan, 'cancelled');

    const after = await expectOk(sam, 'reports.money', { from: isoDay(now - 7 * DAY_MS), to: isoDay(now) });
    expect(after.range.from).toBe(isoDay(now - 7 * DAY_MS));
    await kiosk.close();
  }, 60_000);

  it('a worker that dies or outruns its watchdog fails its report with the reason; the kiosk carries on', async () => {
    // A heap too small for the worker to load its code: the thread dies of it (ERR_WORKER_OUT_OF_MEMORY).
    const starved = await startTestKiosk(tempDir(), { reports: { maxHeapMb: 2 } });
    const sam = await loggedIn(starved, ...DEMO.supervisor);
    const now = starved.services.core.now();
    const died = await sam.call('reports.money', { from: isoDay(now - DAY_MS), to: isoDay(now) });
    failed(died, 'unavailable');
    if (!died.ok) expect(died.error.message).toMatch(/^the report worker (failed|exited).* while computing the money report: nothing was changed; ask again/);
    expect((await sam.call('dashboard.get', {})).ok).toBe(true);
    await starved.close();

    const slow = await startTestKiosk(tempDir(), { reports: { timeoutMs: 300 } });
    seedBusyYears(slow.store.db, now);
    const supervisor = await loggedIn(slow, ...DEMO.supervisor);
    const late = await supervisor.call('reports.occupancy', tenYears(now));
    failed(late, 'unavailable');
    if (!late.ok) expect(late.error.message).toBe('the occupancy report took longer than 0.3 s and was stopped: ask for a shorter range');
    await slow.close();
  }, 60_000);
});
