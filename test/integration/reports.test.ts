import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { REPORT_NAMES } from '../../electron/kiosk/contract/reports';
import { useTempDirs } from '../support/temp-dir';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function supervisorAt(start: number, overrides = {}) {
  const clock = manualClock(start);
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, ...overrides });
  return { clock, sam: await loggedIn(kiosk, ...DEMO.supervisor) };
}

describe('reports: who may ask and what a range may be', () => {
  it('refuses every report and export to an attendant, in the core', async () => {
    kiosk = await startTestKiosk(tempDir());
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    for (const name of REPORT_NAMES) {
      expect(await anna.call(`reports.${name}`, { from: '2026-01-01', to: '2026-01-31' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await anna.call('reports.export', { report: 'money', format: 'csv', from: '2026-01-01', to: '2026-01-31' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses a range that ends before it starts, a date that is not one, and more than ten years', async () => {
    const { sam } = await supervisorAt(Date.UTC(2026, 10, 23, 8));
    expect(await sam.call('reports.money', { from: '2026-02-01', to: '2026-01-31' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'the range ends (2026-01-31) before it starts (2026-02-01)' } });
    expect(await sam.call('reports.money', { from: '2026-02-30', to: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'from: 2026-02-30 is not a calendar date' } });
    expect(await sam.call('reports.traffic', { from: '2010-01-01', to: '2026-01-01' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await sam.call('reports.traffic', { from: '2026-1-1', to: '2026-01-02' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('answers an empty site with zeros and says it has no history', async () => {
    const { sam } = await supervisorAt(Date.UTC(2026, 10, 23, 8));
    const money = await expectOk(sam, 'reports.money', { from: '2026-11-01', to: '2026-11-07' });
    expect(money).toMatchObject({ takenMinor: 0, payments: 0, card: { successRate: null } });
    expect(money.byDay).toHaveLength(7);
    expect(money.range.notes).toContain('the site has no history yet: every figure is zero');
    const occupancy = await expectOk(sam, 'reports.occupancy', { from: '2026-11-01', to: '2026-11-01' });
    expect(occupancy.stays).toMatchObject({ total: 0, medianMinutes: null });
    expect(occupancy.zones.map((z) => z.peak)).toEqual([0, 0]);
  });
});

describe('reports over what the lanes recorded', () => {
  it('counts entries, exits, stays and the cars inside by local hour across the spring DST change', async () => {
    // London, Sunday 2026-03-29: 01:00 GMT becomes 02:00 BST, so the local day has 23 hours and no 01:00.
    const { clock, sam } = await supervisorAt(Date.UTC(2026, 2, 28, 23, 30));
    const enter = (plate: string) => expectOk(sam, 'sessions.manualEntry', { plate, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    const first = await enter('AB12CDE'); // 23:30 GMT on the 28th
    clock.set(Date.UTC(2026, 2, 29, 0, 10)); // 00:10 GMT, local 00:10
    await enter('XY34ZZZ');
    clock.set(Date.UTC(2026, 2, 29, 2, 5)); // 03:05 BST
    await expectOk(sam, 'sessions.manualExit', { sessionId: first.session.id, laneId: 'out1', reason: '=HYPERLINK("http://x")' });

    const occupancy = await expectOk(sam, 'reports.occupancy', { from: '2026-03-28', to: '2026-03-29' });
    expect(occupancy.range.dstDays).toEqual(['2026-03-29']);
    expect(occupancy.range.toAt - occupancy.range.fromAt).toBe(47 * HOUR);
    const ground = occupancy.zones.find((z) => z.zoneId === 'ground')!;
    const [saturday, sunday] = ground.heat;
    expect(saturday!.hours[23]).toBe(1);
    expect(sunday!.hours.slice(0, 4)).toEqual([2, null, 2, 1]); // 01:00 never happened that night
    expect(ground.peak).toBe(2);
    expect(occupancy.stays).toMatchObject({ total: 1, bins: [{ fromMinutes: 120, stays: 1 }] }); // 2 h 35 min

    const traffic = await expectOk(sam, 'reports.traffic', { from: '2026-03-28', to: '2026-03-29' });
    expect(traffic.byDay).toEqual([{ date: '2026-03-28', entries: 1, exits: 0 }, { date: '2026-03-29', entries: 1, exits: 1 }]);
    expect(traffic.openings).toContainEqual({ laneId: 'out1', direction: 'exit', how: 'manual', reason: '=HYPERLINK("http://x")', actor: 'sam', vehicles: 1 });

    const csv = await expectOk(sam, 'reports.export', { report: 'traffic', format: 'csv', from: '2026-03-28', to: '2026-03-29' });
    expect(csv.mimeType).toBe('text/csv');
    expect(csv.content).toContain(`out1,exit,manual,"'=HYPERLINK(""http://x"")",sam,1`);
    expect(csv.content).not.toMatch(/(^|,)=HYPERLINK/m);
    const pdf = await expectOk(sam, 'reports.export', { report: 'traffic', format: 'pdf', from: '2026-03-28', to: '2026-03-29' });
    expect(Buffer.from(pdf.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('takes a voided session off the hour it came in, and keeps the autumn day at 25 hours', async () => {
    const { clock, sam } = await supervisorAt(Date.UTC(2026, 9, 25, 0, 30)); // 01:30 BST, the first of two 01:30s
    const entered = await expectOk(sam, 'sessions.manualEntry', { plate: 'VO1DED', laneId: 'in1', zoneId: 'upper', vehicleClass: 'car', reason: 'camera down' });
    clock.set(Date.UTC(2026, 9, 25, 1, 30)); // 01:30 GMT, the second
    const before = await expectOk(sam, 'reports.occupancy', { from: '2026-10-25', to: '2026-10-25' });
    expect(before.zones.find((z) => z.zoneId === 'upper')!.heat[0]!.hours[1]).toBe(1); // the mean of both 01:00 hours
    await expectOk(sam, 'sessions.void', { sessionId: entered.session.id, reason: 'test car' });
    const after = await expectOk(sam, 'reports.occupancy', { from: '2026-10-25', to: '2026-10-25' });
    expect(after.range.toAt - after.range.fromAt).toBe(25 * HOUR);
    expect(after.zones.find((z) => z.zoneId === 'upper')!.peak).toBe(0);
  });

  it('keeps a device fault with its duration, and ends one left open when the kiosk starts again', async () => {
    const { clock, sam } = await supervisorAt(Date.UTC(2026, 10, 20, 9, 0));
    const report = kiosk!.services.devices.register({ id: 'cam-spare', kind: 'camera', laneId: 'in1' });
    report({ healthy: true, detail: 'ok' });
    clock.advance(60_000);
    report({ healthy: false, detail: 'no frames for 10 s' });
    clock.advance(25 * 60_000);
    report({ healthy: true, detail: 'ok' });
    report({ healthy: false, detail: 'unplugged' });
    const traffic = await expectOk(sam, 'reports.traffic', { from: '2026-11-20', to: '2026-11-20' });
    expect(traffic.faults.filter((f) => f.deviceId === 'cam-spare')).toEqual([
      { deviceId: 'cam-spare', kind: 'camera', laneId: 'in1', detail: 'no frames for 10 s', from: Date.UTC(2026, 10, 20, 9, 1), to: Date.UTC(2026, 10, 20, 9, 26), minutes: 25 },
      { deviceId: 'cam-spare', kind: 'camera', laneId: 'in1', detail: 'unplugged', from: Date.UTC(2026, 10, 20, 9, 26), to: null, minutes: 14 * 60 + 34 },
    ]);
    const dataDir = kiosk!.dataDir;
    await kiosk!.close();
    clock.advance(5 * 60_000);
    kiosk = await startTestKiosk(dataDir, { clock: clock.now });
    const again = await loggedIn(kiosk, ...DEMO.supervisor);
    const after = await expectOk(again, 'reports.traffic', { from: '2026-11-20', to: '2026-11-20' });
    expect(after.faults.find((f) => f.detail === 'unplugged')).toMatchObject({ to: Date.UTC(2026, 10, 20, 9, 31), minutes: 5 });
  });
});
