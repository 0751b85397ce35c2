/**
 * A full disk on a real small filesystem (a tmpfs mounted for the test): the kiosk stays up, the attendant still
 * logs in and opens the barrier, what could not be recorded is named and written once space returns; the low-disk
 * alarm comes before the disk is full, and room is made from old logs and evidence, never the database or backups.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { databaseFile } from '../../electron/kiosk/data-dir';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { EvidenceKeeper } from '../../electron/kiosk/lanes/evidence';
import { encodeJpeg } from '../../native/camera';
import type { SimulatedTerminal } from '../../native/terminal/simulated-terminal';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { ifAvailable } from '../support/requires';
import { fillEmptyingTheWal, SMALL_DISK, useSmallDisks } from '../support/small-disk';
import { arrive, arriveWithBarrierFault, driveThrough, relayPulses, useLaneRigs, waitForLane, type Rig } from './lane-rig';
import { payCardToEnd } from './payments-helpers';
import { waitFor } from './relay-socat';

const smallDisk = useSmallDisks();
const startRig = useLaneRigs();
const MB = 1024 * 1024;

const moneyTables = ['payments', 'payment_attempts', 'receipts', 'cash_movements', 'audit_log', 'outbox'];
const moneyRows = (kiosk: Kiosk) => Object.fromEntries(moneyTables.map((table) => [table, kiosk.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()]));

const outboxKeys = (kiosk: { store: { db: { prepare(sql: string): { all(): unknown[] } } } }, kind: string) =>
  (kiosk.store.db.prepare(`SELECT key FROM outbox WHERE kind = '${kind}' ORDER BY seq`).all() as { key: string }[]).map((row) => row.key);

/** A site with its lane rig on a 48 KiB tmpfs (filled by each test), the disk watch left to the test's own calls. */
async function rigOnSmallDisk(): Promise<{ disk: ReturnType<typeof smallDisk>; rig: Rig }> {
  const disk = smallDisk(48 * 1024);
  return { disk, rig: await startRig({ dataDir: disk.dir, config: { disk: { lowBytes: 4 * MB, everyMs: 600_000 } } }) };
}

/** Cars in through in1 one after the other, each let in by the rules and driven through. */
async function driveIn(rig: Rig, plates: readonly string[]): Promise<void> {
  for (const plate of plates) {
    expect((await arrive(rig, 'in1', 0, plate, 0.97)).decision).toMatchObject({ outcome: 'open' });
    await driveThrough(rig, 'in1', 0, 1);
    await waitForLane(rig, 'in1', (l) => l.phase === 'idle' && l.decision === null, 'the entry ready for the next car');
  }
}

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

  it('counts a wrong PIN on a full disk: the lock still holds, the failures are written once space returns', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    const [username] = DEMO.attendant;
    fillEmptyingTheWal(kiosk, disk);
    const booth = kiosk.connect('booth-2');
    for (const left of [4, 3, 2, 1]) {
      expect(await booth.call('auth.login', { username, secret: '0000' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: expect.stringContaining(`(${left} ${left === 1 ? 'try' : 'tries'} left`) } });
    }
    expect(await booth.call('auth.login', { username, secret: '0000' })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    // The right PIN now meets the lock, full disk or not.
    expect(await booth.call('auth.login', { username, secret: DEMO.attendant[1] })).toMatchObject({ ok: false, error: { code: 'locked_out' } });

    disk.free();
    await kiosk.services.disk.check();
    expect(kiosk.store.users.byUsername(username)).toMatchObject({ failedAttempts: 5, lockedUntil: expect.any(Number) });
    const actions = kiosk.store.audit.list({ limit: 20 }).map((row) => row.action);
    expect(actions.filter((action) => action === 'auth.login_failed')).toHaveLength(4);
    expect(actions).toContain('auth.locked_out');
    expect(await booth.call('auth.login', { username, secret: DEMO.attendant[1] })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
  });

  it('refuses cash on a full disk with what to do, writing nothing; the payment goes in once there is room', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    const booth = await loggedIn(kiosk, ...DEMO.attendant);
    await expectOk(booth, 'shifts.open', { floatMinor: 5000 });
    const { session } = await expectOk(booth, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    await expectOk(booth, 'payments.lostTicket', { sessionId: session.id, reason: 'lost it' });
    const { quote } = await expectOk(booth, 'payments.quote', { sessionId: session.id });
    const before = moneyRows(kiosk);

    fillEmptyingTheWal(kiosk, disk);
    const cash = { sessionId: session.id, idempotencyKey: 'cash-disk-full', amountMinor: quote.dueMinor, currency: 'GBP', tenderedMinor: quote.dueMinor };
    expect(await booth.call('payments.payCash', cash)).toMatchObject({ ok: false, error: { code: 'disk_full', message: expect.stringMatching(/disk is full.*cash payment was not recorded.*give the cash back/i) } });
    disk.free();
    expect(moneyRows(kiosk)).toEqual(before);
    expect(kiosk.store.sessions.get(session.id)).toMatchObject({ status: 'open', paidMinor: 0 });
    expect((await expectOk(booth, 'payments.payCash', cash)).payment).toMatchObject({ amountMinor: quote.dueMinor, method: 'cash' });
  });

  it('a card the disk had no room for: refused before the reader; one captured while the disk filled is said, then recorded once', async () => {
    const disk = smallDisk(48 * 1024);
    const rig = await startRig({ dataDir: disk.dir, config: { disk: { lowBytes: 4 * MB, everyMs: 600_000 }, payments: { terminals: [{ id: 'booth', laneId: null, driver: 'simulated', autoPresentMs: null }] } } });
    const { kiosk } = rig;
    const booth = await loggedIn(kiosk, ...DEMO.attendant);
    const { session } = await expectOk(booth, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    await expectOk(booth, 'payments.lostTicket', { sessionId: session.id, reason: 'lost it' });
    const { quote } = await expectOk(booth, 'payments.quote', { sessionId: session.id });
    const reader = kiosk.services.payments.terminals.get('booth')!.terminal as SimulatedTerminal;
    const card = (idempotencyKey: string) => ({ sessionId: session.id, terminalId: 'booth', idempotencyKey, amountMinor: quote.dueMinor, currency: 'GBP' });
    const before = moneyRows(kiosk);

    fillEmptyingTheWal(kiosk, disk);
    expect(await booth.call('payments.payCard', card('card-refused'))).toMatchObject({ ok: false, error: { code: 'disk_full', message: expect.stringMatching(/disk is full.*card was not charged/i) } });
    expect(reader.intentCount('card-refused')).toBe(0);
    disk.free();
    expect(moneyRows(kiosk)).toEqual(before);

    const ended = payCardToEnd(booth, card('card-captured'));
    await waitFor(() => reader.readerBusy(), 3_000, 'the reader shows the amount');
    fillEmptyingTheWal(kiosk, disk);
    reader.presentCard('4242424242424242');
    expect(await ended).toMatchObject({ ok: true, value: { outcome: 'succeeded', payment: null, message: expect.stringMatching(/charged.*disk is full.*recorded once space returns/i) } });
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what)).toContainEqual(expect.stringMatching(new RegExp(`^card payment of ${quote.dueMinor} GBP for session ${session.id} \\(pi_`)));

    disk.free();
    await kiosk.services.disk.check();
    await kiosk.services.payments.reconcile();
    expect(kiosk.store.db.prepare("SELECT count(*) FROM payments WHERE idempotency_key = 'card-captured'").pluck().get()).toBe(1);
    expect(kiosk.store.sessions.get(session.id)).toMatchObject({ status: 'paid', paidMinor: quote.dueMinor });
    expect((await expectOk(booth, 'payments.cardStatus', { idempotencyKey: 'card-captured' })).outcome).toBe('succeeded');
  });

  it('the lanes still decide on their own on a full disk: the barrier opens and the sessions are written once space returns', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    expect((await arrive(rig, 'in1', 0, 'LEAV3R', 0.97)).decision).toMatchObject({ outcome: 'open' });
    await driveThrough(rig, 'in1', 0, 1);

    fillEmptyingTheWal(kiosk, disk);
    expect((await arrive(rig, 'in1', 0, 'NEW1CAR', 0.97)).decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    await waitFor(() => relayPulses(rig, 1) === 2, 3_000, 'the entry barrier pulsed on a full disk');
    await driveThrough(rig, 'in1', 0, 1);
    expect((await arrive(rig, 'out1', 4, 'LEAV3R', 0.97)).decision).toMatchObject({ outcome: 'open' });
    await waitFor(() => relayPulses(rig, 3) === 1, 3_000, 'the exit barrier pulsed on a full disk');
    await driveThrough(rig, 'out1', 4, 5);
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^entry of NEW1CAR at lane in1/), expect.stringMatching(/^exit of session \d+ \(LEAV3R\) at lane out1/)]));

    disk.free();
    await kiosk.services.disk.check();
    expect(kiosk.store.sessions.inside().map((session) => session.plateKey)).toEqual(['NEW1CAR']);
    const left = kiosk.store.db.prepare("SELECT status, exit_lane FROM sessions WHERE plate_key = 'LEAV3R'").get();
    expect(left).toEqual({ status: 'closed', exit_lane: 'out1' });
    expect((kiosk.store.db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
  });

  it("a correction at an exit whose barrier failed on a full disk takes back the held close of the stay let out, and lets the right car out", async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    await driveIn(rig, ['AB12CDE', 'KX70PLM']);
    const stayOf = (plate: string) => kiosk.store.sessions.inside().find((s) => s.plateKey === plate)!.id;
    const [other, right] = [stayOf('AB12CDE'), stayOf('KX70PLM')];

    fillEmptyingTheWal(kiosk, disk);
    // KX70PLM at the exit read surely as AB12CDE: the rules let AB12CDE's stay out (its close held in memory), and
    // the barrier stays down.
    const faulted = await arriveWithBarrierFault(rig, 'out1', 4, 'AB12CDE');
    expect(faulted).toMatchObject({ sessionId: other, decision: { outcome: 'open' } });
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^exit of session \d+ \(AB12CDE\) at lane out1/)]));

    const corrected = await expectOk(rig.console, 'lanes.command', { laneId: 'out1', action: 'correct', plate: 'KX70PLM', car: faulted.car!, reasonCode: 'plate_misread', note: 'read the car behind' });
    expect(corrected.lane).toMatchObject({ phase: 'barrier_opening', sessionId: right, decision: { outcome: 'open' } });
    await waitFor(() => relayPulses(rig, 3) === 1, 3_000, 'exit relay pulsed');
    // AB12CDE's close is no longer waiting to be written: only KX70PLM's exit and the correction's records are.
    const waiting = kiosk.services.core.unrecorded.list().map((item) => item.what);
    expect(waiting.filter((what) => what.includes('AB12CDE') && what.startsWith('exit of'))).toEqual([]);
    expect(waiting).toEqual(expect.arrayContaining([expect.stringMatching(/^exit of session \d+ \(KX70PLM\) at lane out1/)]));
    expect(kiosk.store.access.antiPassback('AB12CDE')).toBe('inside');

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    expect(kiosk.store.sessions.get(other)).toMatchObject({ status: 'open', exitAt: null, exitLane: null });
    expect(kiosk.store.sessions.get(right)).toMatchObject({ status: 'closed', exitLane: 'out1' });
    expect([kiosk.store.access.antiPassback('AB12CDE'), kiosk.store.access.antiPassback('KX70PLM')]).toEqual(['inside', 'outside']);
    const [withdrawn] = kiosk.store.audit.list({ subject: `session:${other}`, action: 'session.exit_withdrawn', limit: 5 });
    expect(withdrawn?.detail).toMatchObject({ plate: 'AB12CDE', lane: 'out1', reason: expect.stringContaining('plate corrected to KX70PLM at lane out1') });
    expect(kiosk.store.db.prepare("SELECT corrected_key FROM plate_corrections WHERE read_key = 'AB12CDE'").pluck().all()).toEqual(['KX70PLM']);
    expect(kiosk.store.db.prepare("SELECT sum(vehicles) FROM report_traffic WHERE direction = 'exit'").pluck().get()).toBe(1);
    expect((kiosk.store.db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
  }, 60_000);

  it('a correction at an entry whose barrier failed on a full disk takes back the held stay of the misread plate', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    await expectOk(rig.console, 'lanes.setMode', { laneId: 'in1', mode: 'attendant-confirms-every-car', reason: 'event traffic' });
    fillEmptyingTheWal(kiosk, disk);
    // The attendant confirms the read (its note waits for the stay's row), the barrier fails, then the plate is seen
    // to be another.
    const waiting = await arrive(rig, 'in1', 0, 'AB12CDE', 0.97);
    rig.simulator.fault = 'silent';
    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'confirm', car: waiting.car!, reasonCode: 'plate_misread', note: '' });
    const faulted = await waitForLane(rig, 'in1', (l) => l.phase === 'decided' && l.alarms.length > 0, 'the barrier fault');
    rig.simulator.fault = 'none';
    expect(faulted.decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    expect(kiosk.services.lanes.held.unrecordedInside().map((car) => car.plateKey)).toEqual(['AB12CDE']);

    const corrected = await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'correct', plate: 'AB12CDF', car: faulted.car!, reasonCode: 'plate_misread', note: 'last letter' });
    expect(corrected.lane).toMatchObject({ phase: 'barrier_opening', decision: { outcome: 'open', code: 'open_transient' } });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'the entry relay pulsed');
    await driveThrough(rig, 'in1', 0, 1);
    // Only the typed plate is inside, in memory as in the rules: the misread's entry no longer waits to be written.
    expect(kiosk.services.lanes.held.unrecordedInside().map((car) => car.plateKey)).toEqual(['AB12CDF']);
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what).filter((what) => /^entry of AB12CDE/.test(what))).toEqual([]);

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    expect(kiosk.store.db.prepare('SELECT plate_key, status FROM sessions').all()).toEqual([{ plate_key: 'AB12CDF', status: 'open' }]);
    expect([kiosk.store.access.antiPassback('AB12CDE'), kiosk.store.access.antiPassback('AB12CDF')]).toEqual(['unknown', 'inside']);
    const [withdrawn] = kiosk.store.audit.list({ subject: 'lane:in1', action: 'lane.entry_withdrawn', limit: 5 });
    expect(withdrawn?.detail).toMatchObject({ plate: 'AB12CDE', lane: 'in1', reason: expect.stringContaining('plate corrected to AB12CDF at lane in1') });
    // The confirmation's note had no stay left to name: the lane keeps it, at the time it was made.
    const [confirmed] = kiosk.store.audit.list({ action: 'session.plate_confirmed', limit: 5 });
    expect(confirmed).toMatchObject({ actor: 'sam', subject: 'lane:in1' });
    expect(confirmed!.at).toBeLessThan(withdrawn!.at + 1);
    // The misread's pictures are kept, as evidence of a passage with no stay; the typed plate's stay has its own.
    expect(kiosk.store.db.prepare("SELECT count(*) FROM evidence WHERE stage = 'entry' AND session_id IS NULL").pluck().get()).toBeGreaterThan(0);
    expect(kiosk.services.core.bus.recent().map((event) => event.text)).not.toContainEqual(expect.stringMatching(/^Could not record/));
    expect((kiosk.store.db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
  }, 60_000);

  it('a correction at an entry takes back the held stay of the misread plate with the exit an attendant let out by it since', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    const booth = await loggedIn(kiosk, ...DEMO.attendant);
    fillEmptyingTheWal(kiosk, disk);
    // AB12CDF read surely as AB12CDE at the entry: the rules let AB12CDE in (held in memory); the barrier stays down.
    const faulted = await arriveWithBarrierFault(rig, 'in1', 0, 'AB12CDE');
    expect(faulted.decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    // Meanwhile at the exit, a doubtful read: the attendant lets that car out by the one car memory has inside.
    await arrive(rig, 'out1', 4, 'AB12CDE', 0.5);
    const exit = (await expectOk(booth, 'lanes.list', {})).lanes.find((lane) => lane.laneId === 'out1')!;
    await expectOk(booth, 'lanes.command', { laneId: 'out1', action: 'choose', reasonCode: 'plate_misread', unrecordedRef: exit.candidates[0]!.unrecorded!.ref, car: exit.car! });
    await driveThrough(rig, 'out1', 4, 5);
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^exit of AB12CDE \(its entry not yet recorded\) at lane out1/)]));

    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'correct', plate: 'AB12CDF', car: faulted.car!, reasonCode: 'plate_misread', note: 'last letter' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'the entry relay pulsed');
    await driveThrough(rig, 'in1', 0, 1);
    // The misread stay never began, so it never ended: neither its entry nor that exit waits to be written.
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what).filter((what) => /^(entry|exit) of AB12CDE/.test(what))).toEqual([]);
    expect(kiosk.services.lanes.held.unrecordedInside().map((car) => car.plateKey)).toEqual(['AB12CDF']);

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    expect(kiosk.store.db.prepare('SELECT plate_key, status FROM sessions').all()).toEqual([{ plate_key: 'AB12CDF', status: 'open' }]);
    expect([kiosk.store.access.antiPassback('AB12CDE'), kiosk.store.access.antiPassback('AB12CDF')]).toEqual(['unknown', 'inside']);
    const [withdrawn] = kiosk.store.audit.list({ subject: 'lane:in1', action: 'lane.entry_withdrawn', limit: 5 });
    expect(withdrawn?.detail).toMatchObject({ plate: 'AB12CDE', lane: 'in1', exitWithdrawn: { lane: 'out1' }, reason: expect.stringMatching(/plate corrected to AB12CDF at lane in1 .*; the exit by that stay at lane out1 is taken back with it$/) });
    // The attendant's choice at the exit stays in the audit log: the car that left there is someone's to look into.
    expect(kiosk.store.audit.list({ action: 'lane.session_chosen', limit: 5 })[0]?.detail).toMatchObject({ plate: 'AB12CDE', entryRecorded: false });
    expect((kiosk.store.db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
  }, 60_000);

  it('a correction that must reopen a recorded stay is refused whole while the disk is full, and goes through once there is room', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    await driveIn(rig, ['AB12CDE', 'KX70PLM']);
    const other = kiosk.store.sessions.inside().find((s) => s.plateKey === 'AB12CDE')!.id;
    // The close is written, then the disk fills before the attendant corrects the plate.
    const faulted = await arriveWithBarrierFault(rig, 'out1', 4, 'AB12CDE');
    expect(kiosk.store.sessions.get(other)).toMatchObject({ status: 'closed', exitLane: 'out1' });
    fillEmptyingTheWal(kiosk, disk);
    const correction = { laneId: 'out1', action: 'correct', plate: 'KX70PLM', car: faulted.car!, reasonCode: 'plate_misread', note: '' } as const;
    expect(await rig.console.call('lanes.command', correction)).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(kiosk.store.sessions.get(other)).toMatchObject({ status: 'closed' });
    expect(kiosk.services.lanes.list().find((lane) => lane.laneId === 'out1')).toMatchObject({ phase: 'decided', sessionId: other });

    disk.free();
    await expectOk(rig.console, 'lanes.command', correction);
    expect(kiosk.store.sessions.get(other)).toMatchObject({ status: 'open', exitLane: null });
    expect(kiosk.store.audit.list({ subject: `session:${other}`, action: 'session.reopened', limit: 5 })).toHaveLength(1);
  });

  it('a supervisor still opens for a deny-listed car on a full disk; the override and the refused try are audited once space returns', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    fillEmptyingTheWal(kiosk, disk);
    expect((await arrive(rig, 'in1', 0, 'DN19XYZ')).decision).toMatchObject({ outcome: 'deny', code: 'deny_list' });
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const byAttendant = await anna.call('lanes.command', { laneId: 'in1', action: 'open', reasonCode: 'driver_assistance', note: '' });
    expect(byAttendant).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'open', reasonCode: 'emergency_vehicle', note: 'police escort' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'manual pulse on a full disk');

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    const audited = kiosk.store.audit.list({ subject: 'lane:in1', limit: 10 }).map((row) => `${row.actor} ${row.action}`);
    expect(audited).toEqual(expect.arrayContaining(['anna lane.deny_list_open_refused', 'sam lane.deny_list_override', 'sam lane.manual_open']));
    expect(kiosk.store.sessions.inside().map((session) => session.plateKey)).toEqual(['DN19XYZ']);
  });

  it('the lane rules see the cars held in memory on a full disk: anti-passback holds, and an exit matches a held entry', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    /** A car through the entry; the lane then waits for the next (a plate read twice in a row is one car: the vote). */
    const enter = async (plate: string, decision: object) => {
      expect((await arrive(rig, 'in1', 0, plate, 0.97)).decision).toMatchObject(decision);
      if ('outcome' in decision && decision.outcome === 'open') await driveThrough(rig, 'in1', 0, 1);
      else rig.simulator.inputs[0] = false;
      await waitForLane(rig, 'in1', (l) => l.phase === 'idle' && l.decision === null, 'the entry ready for the next car');
    };
    fillEmptyingTheWal(kiosk, disk);
    await enter('HELD1N', { outcome: 'open', code: 'open_transient' });
    await enter('OTH3R2', { outcome: 'open', code: 'open_transient' });
    // Inside already, though only memory knows it.
    await enter('HELD1N', { outcome: 'deny', code: 'anti_passback' });
    // At the exit it matches its held entry, within the free minutes.
    expect((await arrive(rig, 'out1', 4, 'HELD1N', 0.97)).decision).toMatchObject({ outcome: 'open', code: 'open_free' });
    await driveThrough(rig, 'out1', 4, 5);
    // Out again (held too): the entry lets it back in.
    await enter('THRD3R', { outcome: 'open', code: 'open_transient' });
    await enter('HELD1N', { outcome: 'open', code: 'open_transient' });
    expect(kiosk.store.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    const stays = kiosk.store.db.prepare('SELECT plate_key, status, entry_lane, exit_lane FROM sessions ORDER BY id').all();
    expect(stays).toEqual([
      { plate_key: 'HELD1N', status: 'closed', entry_lane: 'in1', exit_lane: 'out1' },
      { plate_key: 'OTH3R2', status: 'open', entry_lane: 'in1', exit_lane: null },
      { plate_key: 'THRD3R', status: 'open', entry_lane: 'in1', exit_lane: null },
      { plate_key: 'HELD1N', status: 'open', entry_lane: 'in1', exit_lane: null },
    ]);
    expect(kiosk.store.access.antiPassback('HELD1N')).toBe('inside');
    expect((kiosk.store.db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
  }, 60_000); // five cars through the lanes' loops and barrier over the simulated board: 10 s on CI alone, 20 s was too close

  it('names a car held in memory by its plate, lane and time, never by a stand-in session id: lane card, Sessions, exit lookup, events', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    const booth = await loggedIn(kiosk, ...DEMO.attendant);
    fillEmptyingTheWal(kiosk, disk);
    expect((await arrive(rig, 'in1', 0, 'HELD1N', 0.97)).decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    await driveThrough(rig, 'in1', 0, 1);
    const car = { ref: expect.any(Number), plateKey: 'HELD1N', laneId: 'in1', since: expect.any(Number) };

    // A doubtful read at the exit: the attendant is asked, and the candidate is the car kept in memory, not "session -1".
    await arrive(rig, 'out1', 4, 'HELD1N', 0.5);
    const { lanes } = await expectOk(booth, 'lanes.list', {});
    const exit = lanes.find((lane) => lane.laneId === 'out1')!;
    expect(exit.candidates).toEqual([expect.objectContaining({ sessionId: null, unrecorded: car, plateKey: 'HELD1N' })]);
    const { ref } = exit.candidates[0]!.unrecorded!;
    expect((await expectOk(booth, 'sessions.search', { plate: 'HELD1N' })).unrecorded).toEqual([car]);
    expect((await expectOk(booth, 'sessions.matchExit', { plate: 'HELD1N' })).unrecorded).toEqual([car]);
    // A stand-in id is no session id: refused at the edge, not looked up.
    expect(await booth.call('lanes.command', { laneId: 'out1', action: 'choose', reasonCode: 'plate_misread', sessionId: -ref, car: exit.car! })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const chosen = await expectOk(booth, 'lanes.command', { laneId: 'out1', action: 'choose', reasonCode: 'plate_misread', unrecordedRef: ref, car: exit.car! });
    expect(chosen.lane).toMatchObject({ sessionId: null, unrecorded: car, decision: { outcome: 'open', code: 'open_free' } });
    await driveThrough(rig, 'out1', 4, 5);
    expect((await expectOk(booth, 'sessions.matchExit', { plate: 'HELD1N' })).unrecorded).toEqual([]);
    const { events } = await expectOk(booth, 'dashboard.get', {});
    expect(events.every((event) => event.sessionId === null || event.sessionId > 0)).toBe(true);
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^entry of HELD1N at lane in1/), expect.stringMatching(/^exit of HELD1N \(its entry not yet recorded\) at lane out1/)]),
    );

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    expect(kiosk.store.db.prepare("SELECT status, exit_lane FROM sessions WHERE plate_key = 'HELD1N'").get()).toEqual({ status: 'closed', exit_lane: 'out1' });
    const chosenAudit = kiosk.store.audit.list({ limit: 50 }).find((entry) => entry.action === 'lane.session_chosen');
    expect(chosenAudit?.detail).toMatchObject({ plate: 'HELD1N', entryRecorded: false });
  });

  it('keeps the evidence of a car let through on a full disk in memory, and writes it with its session once space returns', async () => {
    const { disk, rig } = await rigOnSmallDisk();
    const { kiosk } = rig;
    fillEmptyingTheWal(kiosk, disk);
    expect((await arrive(rig, 'in1', 0, 'PH0T0S', 0.97)).decision).toMatchObject({ outcome: 'open' });
    await driveThrough(rig, 'in1', 0, 1);
    await waitFor(() => kiosk.services.evidence.waitingInMemory === 1, 5_000, 'the entry images kept in memory');
    expect((await arrive(rig, 'out1', 4, 'PH0T0S', 0.97)).decision).toMatchObject({ outcome: 'open', code: 'open_free' });
    await driveThrough(rig, 'out1', 4, 5);
    await waitFor(() => kiosk.services.evidence.waitingInMemory === 2, 5_000, 'the exit images kept in memory');
    // The attendant is told what is not on disk yet, image by image.
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what)).toEqual(
      expect.arrayContaining(['frame and plate images of the entry of PH0T0S at lane in1', 'frame and plate images of the exit of PH0T0S at lane out1']),
    );
    expect(kiosk.store.db.prepare('SELECT count(*) FROM evidence').pluck().get()).toBe(0);

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    expect(kiosk.services.evidence.waitingInMemory).toBe(0);
    const session = kiosk.store.db.prepare("SELECT id, status FROM sessions WHERE plate_key = 'PH0T0S'").get() as { id: number; status: string };
    expect(session.status).toBe('closed');
    const kept = kiosk.store.evidence.forSession(session.id);
    expect(kept.map((evidence) => evidence.stage).sort()).toEqual(['entry', 'exit']);
    for (const evidence of kept) expect(await kiosk.services.evidence.image(evidence.id, 'plate')).not.toBeNull();
  });

  it('keeps evidence in memory up to its limit: past it the alarm and the audit name the car and lane whose images were lost, and room comes back as the kept ones are written', async () => {
    const disk = smallDisk(48 * 1024);
    const kiosk = await startTestKiosk(disk.dir, { disk: { lowBytes: 4 * MB, everyMs: 600_000 } });
    const booth = await loggedIn(kiosk, ...DEMO.attendant);
    const LIMIT = 2;
    const keeper = new EvidenceKeeper(kiosk.services.core, join(disk.dir, 'evidence'), encodeJpeg, null, LIMIT);
    const frame = (shade: number) => ({ width: 64, height: 48, data: new Uint8Array(64 * 48 * 3).fill(shade), capturedAt: Date.now() });
    const keep = (plate: string, laneId: string) => keeper.keep({ laneId, stage: 'entry', frame: frame(plate.charCodeAt(6)), box: null, sessionId: null, plate });
    fillEmptyingTheWal(kiosk, disk);

    expect(await keep('CAP0001', 'in1')).toBeNull();
    expect(await keep('CAP0002', 'in2')).toBeNull();
    expect(keeper.waitingInMemory).toBe(LIMIT);
    expect(await keep('CAP0003', 'in1')).toBeNull();
    expect(keeper.waitingInMemory).toBe(LIMIT);
    const { events } = await expectOk(booth, 'dashboard.get', null);
    expect(events.map((event) => event.text)).toContainEqual('Disk full: not kept (no room left in memory either): frame image of the entry of CAP0003 at lane in1');
    expect(kiosk.services.core.unrecorded.list().map((item) => item.what)).toEqual(
      expect.arrayContaining(['frame image of the entry of CAP0001 at lane in1', 'frame image of the entry of CAP0002 at lane in2', 'record that the images of the entry of CAP0003 at lane in1 were lost']),
    );

    disk.free();
    expect(await kiosk.services.disk.check()).toMatchObject({ unrecorded: 0 });
    expect(keeper.waitingInMemory).toBe(0);
    expect(kiosk.store.db.prepare('SELECT lane_id FROM evidence ORDER BY id').pluck().all()).toEqual(['in1', 'in2']);
    const lost = kiosk.store.audit.list({ limit: 20 }).filter((row) => row.action === 'evidence.not_kept');
    expect(lost).toEqual([expect.objectContaining({ actor: 'kiosk', subject: 'lane:in1', detail: expect.objectContaining({ plate: 'CAP0003', stage: 'entry', laneId: 'in1' }) })]);
    // The kept ones written, the memory is free again: the next car's images on a full disk are kept.
    fillEmptyingTheWal(kiosk, disk);
    expect(await keep('CAP0004', 'in1')).toBeNull();
    expect(keeper.waitingInMemory).toBe(1);
    disk.free();
    await kiosk.services.disk.check();
    await keeper.stop();
    await kiosk.close();
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

  it('takes each evidence image once on a full disk: with records waiting to be written, making room ends, then the rows are marked', async () => {
    const disk = smallDisk(16 * MB / 1024);
    const kiosk = await startTestKiosk(disk.dir, { disk: { lowBytes: 8 * MB, everyMs: 600_000 } });
    mkdirSync(join(disk.dir, 'evidence', '2026-12-01'), { recursive: true });
    const evidenceIds = [1, 2].map((n) => {
      const frameFile = `2026-12-01/in1-${n}-frame.jpg`;
      writeFileSync(join(disk.dir, 'evidence', frameFile), Buffer.alloc(MB, n));
      return kiosk.store.change(() => kiosk.store.evidence.insert({ laneId: 'in1', stage: 'entry', capturedAt: Date.UTC(2026, 11, 1, 8, n), frameFile, cropFile: null }, null)).id;
    });
    fillEmptyingTheWal(kiosk, disk);
    // A failed login waits in memory, so the rows' marks queue behind it while the images' files are deleted: the
    // database still lists them as kept, and a look that took them again would never end (nor would the kiosk close).
    expect(await kiosk.connect('booth-2').call('auth.login', { username: DEMO.attendant[0], secret: '0000' })).toMatchObject({ ok: false });

    expect(await kiosk.services.disk.check()).toMatchObject({ low: true, unrecorded: 0 });
    expect(readdirSync(join(disk.dir, 'evidence', '2026-12-01'))).toEqual([]);
    expect(evidenceIds.map((id) => kiosk.store.evidence.require(id).purgedAt !== null)).toEqual([true, true]);
    expect(kiosk.store.users.byUsername(DEMO.attendant[0])).toMatchObject({ failedAttempts: 1 });
    expect(kiosk.services.devices.get('disk')).toMatchObject({ healthy: false, detail: expect.stringMatching(/^low disk: /) });
    await kiosk.close();
  });
});
