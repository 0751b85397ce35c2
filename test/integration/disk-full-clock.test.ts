/**
 * A wall clock that jumps while the disk is full, on a real small filesystem (a tmpfs mounted for the test): the
 * jump's audit row waits in memory with the other records and is written once space returns, and a kiosk killed
 * before then finds the jump again at its next start (its journal), so stays that began before it are never priced
 * across it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { runCrashChild } from '../support/crash-child';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { ifAvailable } from '../support/requires';
import { fillEmptyingTheWal, SMALL_DISK, useSmallDisks, type SmallDisk } from '../support/small-disk';
import { arrive, driveThrough, useLaneRigs } from './lane-rig';

const smallDisk = useSmallDisks();
const startRig = useLaneRigs();
const MB = 1024 * 1024;

ifAvailable(SMALL_DISK).describe('a clock jump on a full disk', () => {
  describe('seen with a stay in progress', () => {
    const START = Date.UTC(2026, 10, 23, 10, 0);
    const MIN = 60_000;
    let wall = START;
    let monotonic = 0;
    /** Time passing: both clocks move; a jump moves the wall clock alone. */
    const wait = (ms: number) => {
      wall += ms;
      monotonic += ms;
    };
    const startOn = (disk: SmallDisk) => startTestKiosk(disk.dir, { clock: () => wall, monotonic: () => monotonic, disk: { lowBytes: 4 * MB, everyMs: 600_000 } });
    /** A new process: its monotonic clock starts again. */
    const restartOn = async (kiosk: Kiosk, disk: SmallDisk) => {
      await kiosk.close();
      monotonic = 0;
      wait(5 * MIN);
      return startOn(disk);
    };
    const pricedAt = async (kiosk: Kiosk, sessionId: number) => (await expectOk(await loggedIn(kiosk, ...DEMO.attendant), 'payments.quote', { sessionId })).quote.pricedAt;

    /** A stay in progress, ten minutes old, when the disk fills and the wall clock jumps two hours forward. */
    async function jumpOnFullDisk(disk: SmallDisk): Promise<{ kiosk: Kiosk; sessionId: number }> {
      wall = START;
      monotonic = 0;
      const kiosk = await startOn(disk);
      const booth = await loggedIn(kiosk, ...DEMO.attendant);
      const { session } = await expectOk(booth, 'sessions.manualEntry', { plate: 'CL0 CKF', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
      wait(10 * MIN);
      fillEmptyingTheWal(kiosk, disk);
      wall += 120 * MIN;
      expect(kiosk.services.clock.check()).toMatchObject({ jumpMs: 120 * MIN });
      expect(kiosk.services.core.unrecorded.list().map((item) => item.what)).toContainEqual(`clock jump forward 2 h 0 min at ${new Date(wall).toISOString()}`);
      expect(await pricedAt(kiosk, session.id)).toBe(START + 10 * MIN);
      return { kiosk, sessionId: session.id };
    }

    it('waits in memory with the other records, is audited once space returns, and a restart still takes it out of the stay', async () => {
      const disk = smallDisk(48 * 1024);
      const { kiosk, sessionId } = await jumpOnFullDisk(disk);
      disk.free();
      expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
      expect(kiosk.store.audit.detailsOf('clock.jumped')).toEqual([{ at: START + 130 * MIN, jumpMs: 120 * MIN, lastSessionId: sessionId }]);
      const again = await restartOn(kiosk, disk);
      expect(await pricedAt(again, sessionId)).toBe(START + 15 * MIN);
      await again.close();
    });

    it('is not forgotten when the kiosk stops before space returns: the next start raises the alarm again, audits it and prices the stay without it', async () => {
      const disk = smallDisk(48 * 1024);
      const { kiosk, sessionId } = await jumpOnFullDisk(disk);
      // The process ends with the audit row still in memory (a kill: close() writes none of it either).
      expect(kiosk.store.audit.detailsOf('clock.jumped')).toEqual([]);
      await kiosk.close();
      disk.free();
      monotonic = 0;
      wait(5 * MIN);
      const again = await startOn(disk);
      expect(again.services.devices.get('clock')).toMatchObject({ healthy: false, detail: expect.stringMatching(/^wall clock found at start to have jumped forward 2 h 0 min .*disk was full/) });
      expect(again.store.audit.detailsOf('clock.jumped')).toEqual([{ at: START + 130 * MIN, jumpMs: 120 * MIN, lastSessionId: sessionId }]);
      expect(await pricedAt(again, sessionId)).toBe(START + 15 * MIN);
      // Audited now: the start after this one finds it in the audit, not again in the journal.
      const third = await restartOn(again, disk);
      expect(third.store.audit.detailsOf('clock.jumped')).toHaveLength(1);
      expect(await pricedAt(third, sessionId)).toBe(START + 20 * MIN);
      await third.close();
    });
  });

  it('a clock jump whose audit row was only in memory when the kiosk was killed (SIGKILL) is found again at the next start: alarmed, audited, taken out of the stay', async () => {
    const disk = smallDisk(48 * 1024);
    const killed = await runCrashChild(join(import.meta.dirname, 'clock-jump-child.ts'), [disk.dir]);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const { sessionId, entryAt, waiting } = killed.last as { sessionId: number; entryAt: number; waiting: string[] };
    expect(waiting).toContainEqual(expect.stringMatching(/^clock jump forward 2 h 0 min at /));
    disk.free();
    // The wall clock is still two hours ahead, as the killed kiosk left it.
    const kiosk = await startTestKiosk(disk.dir, { clock: () => Date.now() + 2 * 3_600_000, monotonic: () => Date.now(), disk: { lowBytes: 4 * MB, everyMs: 600_000 } });
    try {
      expect(kiosk.services.devices.get('clock')).toMatchObject({ healthy: false, detail: expect.stringMatching(/^wall clock found at start to have jumped forward 2 h 0 min .*disk was full/) });
      expect(kiosk.store.audit.detailsOf('clock.jumped')).toEqual([expect.objectContaining({ jumpMs: expect.closeTo(2 * 3_600_000, -3), lastSessionId: sessionId })]);
      const { quote } = await expectOk(await loggedIn(kiosk, ...DEMO.attendant), 'payments.quote', { sessionId });
      expect(quote.pricedAt - entryAt).toBeLessThan(60_000);
    } finally {
      await kiosk.close();
    }
  });

  it('a car held in memory before a clock jump on a full disk is priced without the jump once both are written', async () => {
    const disk = smallDisk(48 * 1024);
    let jumped = 0;
    const rig = await startRig({ dataDir: disk.dir, clock: () => Date.now() + jumped, config: { monotonic: () => Date.now(), disk: { lowBytes: 4 * MB, everyMs: 600_000 } } });
    const { kiosk } = rig;
    fillEmptyingTheWal(kiosk, disk);
    expect((await arrive(rig, 'in1', 0, 'HELD1N', 0.97)).decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    await driveThrough(rig, 'in1', 0, 1);
    jumped = 120 * 60_000;
    expect(kiosk.services.clock.check()).toMatchObject({ lastSessionId: 0 });

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    const [held] = kiosk.store.sessions.inside();
    expect(held).toMatchObject({ plateKey: 'HELD1N' });
    // Written after the car it came after: the car is one of the stays that began before it.
    expect(kiosk.store.audit.detailsOf('clock.jumped')).toEqual([expect.objectContaining({ jumpMs: expect.closeTo(jumped, -3), lastSessionId: held!.id })]);
    const { quote } = await expectOk(rig.console, 'payments.quote', { sessionId: held!.id });
    expect(quote.pricedAt - kiosk.store.sessions.get(held!.id)!.entryAt).toBeLessThan(60_000);
  });

});
