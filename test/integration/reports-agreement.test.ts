import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import type { KioskConnection } from '../../electron/kiosk/connection';
import { useFileTempDir } from '../support/temp-dir';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';

/**
 * The demo site's generated 90 days: the money report, the payments table, the sessions and the shift cash-ups
 * must tell the same story, and the traffic and occupancy reports the same count of cars.
 */
const dataDir = useFileTempDir();
const NOW = Date.UTC(2026, 10, 23, 12, 0);
let kiosk: Kiosk;
let sam: KioskConnection;
const range = { from: '2026-08-01', to: '2026-11-22' };

beforeAll(async () => {
  kiosk = await startTestKiosk(dataDir, { clock: () => NOW, demoHistoryDays: 90 });
  sam = await loggedIn(kiosk, ...DEMO.supervisor);
}, 120_000);
afterAll(async () => kiosk.close());

const one = (sql: string, ...params: unknown[]) => kiosk.store.db.prepare(sql).pluck().get(...params) as number;

describe('reports agree with each other and with the store on the demo history', () => {
  it('has about 90 days of plausible traffic: busier on weekdays at 8, a full upper deck on event nights', async () => {
    const traffic = await expectOk(sam, 'reports.traffic', range);
    const days = traffic.byDay.filter((d) => d.entries > 0);
    expect(days.length).toBeGreaterThanOrEqual(89);
    expect(days.length).toBeLessThanOrEqual(91);
    const entries = traffic.byHour.filter((l) => l.laneId.startsWith('in')).map((l) => l.hours).reduce((sum, h) => sum.map((n, i) => n + h[i]!));
    expect(entries[8]!).toBeGreaterThan(entries[3]! * 10);
    const occupancy = await expectOk(sam, 'reports.occupancy', range);
    expect(occupancy.zones.find((z) => z.zoneId === 'upper')!.hoursFull).toBeGreaterThan(0);
    expect(occupancy.stays.medianMinutes).toBeGreaterThan(30);
  });

  it('takes the same money from the payments table, the sessions and the rollup, and the cash from the shifts', async () => {
    const money = await expectOk(sam, 'reports.money', range);
    const fromPayments = one('SELECT sum(amount_minor - refunded_minor) FROM payments WHERE taken_at >= ? AND taken_at < ?', money.range.fromAt, money.range.toAt);
    const fromSessions = one('SELECT sum(paid_minor) FROM sessions WHERE paid_at >= ? AND paid_at < ?', money.range.fromAt, money.range.toAt);
    expect(money.payments).toBeGreaterThan(10_000);
    expect(money.netMinor).toBe(fromPayments);
    expect(money.netMinor).toBe(fromSessions);
    expect(money.byDay.reduce((n, d) => n + d.takenMinor, 0)).toBe(money.takenMinor);
    expect(money.byMethod.reduce((n, m) => n + m.takenMinor, 0)).toBe(money.takenMinor);
    const cash = money.byMethod.find((m) => m.method === 'cash')!.takenMinor;
    expect(money.shifts.reduce((n, s) => n + s.cashSalesMinor, 0)).toBe(cash);
    for (const shift of money.shifts) expect(shift.expectedMinor).toBe(10_000 + shift.cashSalesMinor);
    expect(money.shifts.filter((s) => s.varianceMinor !== 0).length).toBeGreaterThan(0);
    expect(money.card.successRate).toBeGreaterThan(0.9);
    expect(money.card.successRate).toBeLessThan(1);
  });

  it('counts every session once in traffic, once in stays and nets the cars inside to those in the sessions table', async () => {
    const traffic = await expectOk(sam, 'reports.traffic', range);
    const occupancy = await expectOk(sam, 'reports.occupancy', range);
    const sessions = one('SELECT count(*) FROM sessions WHERE entry_at >= ? AND entry_at < ?', traffic.range.fromAt, traffic.range.toAt);
    expect(traffic.byDay.reduce((n, d) => n + d.entries, 0)).toBe(sessions);
    const exits = one('SELECT count(*) FROM sessions WHERE exit_at >= ? AND exit_at < ?', traffic.range.fromAt, traffic.range.toAt);
    expect(occupancy.stays.total).toBe(exits);
    const reader = await expectOk(sam, 'reports.reader', range);
    expect(reader.lanes.filter((l) => l.laneId.startsWith('in')).reduce((n, l) => n + l.reads, 0)).toBe(sessions);
    expect(reader.lanes.find((l) => l.laneId === 'in1')!.confirmed).toBeGreaterThan(0);
  });

  it('forecasts the coming week from the history: busier at 11 on a weekday than at 3, and says when a zone fills today', async () => {
    const forecast = await expectOk(sam, 'reports.forecast', {});
    const ground = forecast.zones.find((z) => z.zoneId === 'ground')!;
    expect(ground.hours).toHaveLength(7 * 24);
    const tuesday = ground.hours.slice(24, 48); // 2026-11-24, no clock change that week
    expect(tuesday[11]!.occupancy.mean).toBeGreaterThan(tuesday[3]!.occupancy.mean * 3);
    for (const h of ground.hours) expect(h.occupancy.low <= h.occupancy.mean && h.occupancy.mean <= h.occupancy.high).toBe(true);
    expect(tuesday[8]!.arrivals.basis).toBe(6);
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const today = await expectOk(anna, 'reports.fillToday', {});
    expect(today.zones.map((z) => z.zoneId)).toEqual(['ground', 'upper']);
    expect(today.zones.map((z) => z.fullFromToday)).toEqual(forecast.zones.map((z) => z.fullFromToday));
  });

  it("raises no false anomaly about the generated traffic: a regular's plate is never inside twice", async () => {
    const { anomalies } = await expectOk(sam, 'anomalies.list', { status: 'all', limit: 500 });
    expect(anomalies.filter((a) => a.kind === 'plate_inside_twice')).toEqual([]);
    // Each visit of a plate starts after the one before it ended.
    const overlapping = one(`SELECT count(*) FROM (SELECT entry_at, lag(coalesce(exit_at, 1e15)) OVER (PARTITION BY plate_key ORDER BY entry_at) AS before_ends FROM sessions)
      WHERE entry_at < before_ends`);
    expect(overlapping).toBe(0);
  });
});
