/**
 * A full disk on a real small filesystem (a tmpfs mounted for the test): the kiosk stays up, the attendant still
 * logs in and opens the barrier, what could not be recorded is named and written once space returns; the low-disk
 * alarm comes before the disk is full, and room is made from old logs and evidence, never the database or backups.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { databaseFile } from '../../electron/kiosk/kiosk';
import { DEMO, expectOk, startTestKiosk } from '../support/kiosk-harness';
import { ifAvailable } from '../support/requires';
import { SMALL_DISK, useSmallDisks } from '../support/small-disk';
import { arrive, relayPulses, useLaneRigs } from './lane-rig';
import { waitFor } from './relay-socat';

const smallDisk = useSmallDisks();
const startRig = useLaneRigs();
const MB = 1024 * 1024;

const outboxKeys = (kiosk: { store: { db: { prepare(sql: string): { all(): unknown[] } } } }, kind: string) =>
  (kiosk.store.db.prepare(`SELECT key FROM outbox WHERE kind = '${kind}' ORDER BY seq`).all() as { key: string }[]).map((row) => row.key);

ifAvailable(SMALL_DISK).describe('a full disk', () => {
  it('keeps the kiosk up: login and a manual open still work, and what was not recorded is named, then written once space returns', async () => {
    const disk = smallDisk(48 * 1024);
    const rig = await startRig({ dataDir: disk.dir, config: { logToFile: true, disk: { lowBytes: 4 * MB, everyMs: 600_000 } } });
    const { kiosk } = rig;
    expect(await kiosk.services.disk.check()).toMatchObject({ low: false, unrecorded: 0 });
    const waiting = await arrive(rig, 'in1', 0, 'AB12CDF', 0.6);
    expect(waiting.decision).toMatchObject({ outcome: 'attendant' });

    // An empty WAL: the next commit needs new blocks, which the full disk cannot give.
    kiosk.store.db.pragma('wal_checkpoint(TRUNCATE)');
    disk.fill();
    const openedAt = Date.now();
    const booth = kiosk.connect('booth-2');
    await expectOk(booth, 'auth.login', { username: DEMO.attendant[0], secret: DEMO.attendant[1] });
    await expectOk(booth, 'lanes.command', { laneId: 'in1', action: 'open', reasonCode: 'driver_assistance', note: 'disk full test' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'the barrier pulsed on a full disk');

    expect(kiosk.store.sessions.inside()).toHaveLength(0);
    const notRecorded = kiosk.services.core.unrecorded.list().map((item) => item.what);
    expect(notRecorded).toEqual(expect.arrayContaining(['login of anna', expect.stringMatching(/^manual entry of AB12CDF at lane in1 by anna/)]));
    await waitFor(() => kiosk.services.devices.get('disk')?.healthy === false, 3_000, 'the disk alarm');
    const { devices, events } = await expectOk(booth, 'dashboard.get', null);
    expect(devices.find((device) => device.id === 'disk')?.detail).toMatch(/^disk full: \d+ not recorded yet .*manual entry of AB12CDF/);
    expect(events.map((event) => event.text)).toContainEqual(expect.stringMatching(/^Disk full: not recorded yet: manual entry of AB12CDF/));

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ low: false, unrecorded: 0 });
    const [inside] = kiosk.store.sessions.inside();
    const session = kiosk.store.sessions.get(inside!.id);
    expect(session).toMatchObject({ plateKey: 'AB12CDF', entryLane: 'in1', entryManualReason: 'helped the driver: disk full test' });
    // Recorded at the time the barrier opened, not when space came back.
    expect(session!.entryAt).toBeGreaterThanOrEqual(openedAt);
    expect(session!.entryAt).toBeLessThan(openedAt + 2_000);
    const actions = kiosk.store.audit.list({ limit: 20 }).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'session.manual_entry', 'lane.manual_open']));
    expect(kiosk.services.devices.get('disk')).toMatchObject({ healthy: true });
    // Head office hears of both: the alarm row waited in memory and went in once there was room.
    expect(outboxKeys(kiosk, 'device_alarm').filter((key) => key.startsWith('device:disk:'))).toEqual([expect.stringMatching(/^device:disk:unhealthy/), expect.stringMatching(/^device:disk:healthy/)]);
    expect((kiosk.store.db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
  });

  it('raises the low-disk alarm before the disk is full, then makes room from the oldest logs and evidence, never the database or backups', async () => {
    const disk = smallDisk(32 * MB / 1024);
    const kiosk = await startTestKiosk(disk.dir, { disk: { lowBytes: 8 * MB, everyMs: 600_000 } });
    const ballast = join(disk.dir, 'ballast.bin');
    writeFileSync(ballast, Buffer.alloc(26 * MB));

    const alarmed = await kiosk.services.disk.check();
    expect(alarmed).toMatchObject({ low: true, trimmed: 0 });
    expect(kiosk.services.devices.get('disk')).toMatchObject({ healthy: false, detail: expect.stringMatching(/^low disk: \d+ MB free of 32 MB \(alarm below 8 MB\)/) });
    // Still room to write: the alarm came ahead of SQLITE_FULL, and it is queued for head office.
    expect(outboxKeys(kiosk, 'device_alarm')).toContainEqual(expect.stringMatching(/^device:disk:unhealthy/));
    rmSync(ballast);

    const logs = join(disk.dir, 'logs');
    mkdirSync(logs, { recursive: true });
    for (const n of [1, 2, 3]) writeFileSync(join(logs, `lotkeeper.${n}.log`), Buffer.alloc(2 * MB, 0x7b));
    writeFileSync(join(logs, 'lotkeeper.4.log'), '{"msg":"current"}\n');
    mkdirSync(join(disk.dir, 'evidence', '2026-12-01'), { recursive: true });
    const evidenceIds = [1, 2, 3, 4, 5].map((n) => {
      const frameFile = `2026-12-01/in1-${n}-frame.jpg`;
      writeFileSync(join(disk.dir, 'evidence', frameFile), Buffer.alloc(MB, n));
      return kiosk.store.change(() => kiosk.store.evidence.insert({ laneId: 'in1', stage: 'entry', capturedAt: Date.UTC(2026, 11, 1, 8, n), frameFile, cropFile: null }, null)).id;
    });
    mkdirSync(join(disk.dir, 'backups'), { recursive: true });
    writeFileSync(join(disk.dir, 'backups', 'lotkeeper.db.nightly.bak'), Buffer.alloc(MB, 1));
    writeFileSync(ballast, Buffer.alloc(15 * MB));

    const trimmed = await kiosk.services.disk.check();
    expect(trimmed).toMatchObject({ low: false });
    expect(trimmed.trimmed).toBeGreaterThanOrEqual(4);
    expect(readdirSync(logs)).toEqual(['lotkeeper.4.log']);
    expect(evidenceIds.map((id) => kiosk.store.evidence.require(id).purgedAt !== null)).toEqual([true, true, true, true, true]);
    expect(readdirSync(join(disk.dir, 'evidence', '2026-12-01'))).toEqual([]);
    expect(existsSync(databaseFile(disk.dir))).toBe(true);
    expect(existsSync(join(disk.dir, 'backups', 'lotkeeper.db.nightly.bak'))).toBe(true);
    expect(kiosk.services.devices.get('disk')).toMatchObject({ healthy: true });
    await kiosk.close();
  });
});
