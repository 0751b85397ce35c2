import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import type { KioskConnection } from '../../electron/kiosk/connection';
import { verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import { useTempDirs } from '../support/temp-dir';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';

const tempDir = useTempDirs();
const clock = manualClock(Date.UTC(2026, 10, 23, 8, 0));
let kiosk: Kiosk;
let anna: KioskConnection;

beforeEach(async () => {
  clock.set(Date.UTC(2026, 10, 23, 8, 0));
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, lockout: { maxFailures: 3, lockMinutes: 5 } });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
});
afterEach(async () => kiosk.close());

const enter = (connection: KioskConnection, plate: string, extra: Record<string, unknown> = {}) =>
  expectOk(connection, 'sessions.manualEntry', { plate, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down', ...extra });
const inside = async (connection: KioskConnection) => (await expectOk(connection, 'dashboard.get', {})).inside;

describe('logging in', () => {
  it('refuses every call but login before logging in', async () => {
    const anonymous = kiosk.connect('test:anonymous');
    expect(await anonymous.call('dashboard.get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('says the same thing for an unknown user and a wrong PIN', async () => {
    const connection = kiosk.connect('test');
    const unknown = await connection.call('auth.login', { username: 'nobody', secret: '1357' });
    const wrong = await connection.call('auth.login', { username: 'anna', secret: '0000' });
    expect(unknown).toEqual(wrong);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: 'wrong username or PIN/password (2 tries left before a 5-minute lock)', attemptsLeft: 2, lockMinutes: 5 } });
  });

  it('locks an account after repeated failures, even for the right PIN, until the lock expires', async () => {
    const connection = kiosk.connect('test');
    for (let i = 0; i < 3; i++) await connection.call('auth.login', { username: 'sam', secret: '0000' });
    expect(await connection.call('auth.login', { username: 'sam', secret: '2468' })).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    clock.advance(5 * 60_000 + 1);
    expect(await connection.call('auth.login', { username: 'sam', secret: '2468' })).toMatchObject({ ok: true });
  });
});

describe('roles are checked in the core', () => {
  it('refuses supervisor and admin calls to an attendant', async () => {
    expect(await anna.call('users.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anna.call('audit.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('applies a role change or a disabled account on the next call', async () => {
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    const { users } = await expectOk(admin, 'users.list', {});
    const samId = users.find((u) => u.username === 'sam')!.id;
    await expectOk(admin, 'users.update', { id: samId, active: false });
    expect(await sam.call('dashboard.get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});

describe('bad payloads', () => {
  it('rejects an unknown call, a wrong shape and a bad plate with messages naming the problem', async () => {
    expect(await anna.call('sessions.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await anna.call('sessions.get', { id: 'seven' })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'id' }] } });
    expect(await anna.call('sessions.get', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const long = await anna.call('sessions.manualEntry', { plate: 'A'.repeat(40), laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test' });
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const emoji = await anna.call('sessions.manualEntry', { plate: '🚗🚗🚗', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test' });
    expect(emoji).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('only letters A-Z and digits') } });
  });

  it('writes nothing for an entry into a zone or class the site does not have', async () => {
    expect(await anna.call('sessions.manualEntry', { plate: 'AB12CDE', laneId: null, zoneId: 'roof', vehicleClass: 'car', reason: 'test' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'zone "roof" is not part of this site' },
    });
    expect(kiosk.store.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });
});

describe('a car in and out by hand', () => {
  it('opens a session with its audit and outbox rows, and occupancy follows', async () => {
    const { session } = await enter(anna, 'ab12 cde');
    // Typed at manual entry: kept and shown as the form promised, never as typed.
    expect(session).toMatchObject({ plateRaw: 'AB12CDE', plateKey: 'AB12CDE', status: 'open', entryManualReason: 'camera down', openedBy: 'anna' });
    expect((await expectOk(anna, 'sessions.search', { plate: 'ab12cde' })).sessions.map((s) => s.plateRaw)).toEqual(['AB12CDE']);
    // A misread still finds the car inside, but not outside the entry range asked for.
    expect((await expectOk(anna, 'sessions.search', { plate: 'AB12CD8' })).sessions.map((s) => s.plateRaw)).toEqual(['AB12CDE']);
    expect((await expectOk(anna, 'sessions.search', { plate: 'AB12CD8', from: session.entryAt + 1 })).sessions).toEqual([]);
    expect((await expectOk(anna, 'sessions.search', { plate: 'AB12CD8', to: session.entryAt })).sessions).toEqual([]);
    const sent = kiosk.store.db.prepare('SELECT payload FROM outbox WHERE key = ?').pluck().get(`session:${session.id}:opened`) as string;
    expect(JSON.parse(sent)).toMatchObject({ plateRaw: 'AB12CDE' });
    const fixed = await expectOk(anna, 'sessions.fixPlate', { sessionId: session.id, plate: 'ab12 cdf', reason: 'typed wrong' });
    expect(fixed.session).toMatchObject({ plateRaw: 'AB12CDF', plateKey: 'AB12CDF' });
    expect(await inside(anna)).toBe(1);
    const audit = kiosk.store.audit.list({ subject: `session:${session.id}`, limit: 10 });
    expect(audit.map((a) => a.action)).toEqual(['session.plate_fixed', 'session.manual_entry']);
    const outboxKeys = kiosk.store.db.prepare('SELECT key FROM outbox ORDER BY seq').pluck().all();
    expect(outboxKeys).toContain(`session:${session.id}:opened`);
  });

  it('finds the car at the exit despite a misread, and closes it with a quote', async () => {
    const { session } = await enter(anna, 'AB12 CDE');
    const { candidates } = await expectOk(anna, 'sessions.matchExit', { plate: 'A812CDE' });
    expect(candidates[0]?.session.id).toBe(session.id);
    clock.advance(2 * 3_600_000);
    const exit = await expectOk(anna, 'sessions.manualExit', { sessionId: session.id, laneId: 'out1', reason: 'barrier fault' });
    expect(exit.session).toMatchObject({ status: 'closed', exitAt: clock.now(), exitManualReason: 'barrier fault' });
    expect(exit.charge.totalMinor).toBeGreaterThan(0);
    expect(exit.charge.lines.reduce((sum, line) => sum + line.amountMinor, 0)).toBe(exit.charge.totalMinor);
    expect(await inside(anna)).toBe(0);
    expect(await anna.call('sessions.manualExit', { sessionId: session.id, laneId: 'out1', reason: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('commits nothing of an entry when any part of its transaction fails', async () => {
    expect((await expectOk(anna, 'sessions.matchExit', { plate: 'ZZ99ZZZ' })).candidates).toEqual([]);
    // The last write of the entry's transaction fails (as a full disk would).
    kiosk.store.db.exec(`CREATE TEMP TRIGGER outbox_full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const result = await anna.call('sessions.manualEntry', { plate: 'AB12CDE', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test' });
    kiosk.store.db.exec('DROP TRIGGER outbox_full');
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(kiosk.store.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
    expect(kiosk.store.audit.list({ limit: 100 }).filter((a) => a.action === 'session.manual_entry')).toHaveLength(0);
    expect((await expectOk(anna, 'sessions.matchExit', { plate: 'AB12CDE' })).candidates).toEqual([]);
  });

  it('lets only a supervisor void a session, with a reason', async () => {
    const { session } = await enter(anna, 'XY99ZZZ');
    expect(await anna.call('sessions.void', { sessionId: session.id, reason: 'duplicate' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    expect((await expectOk(sam, 'sessions.void', { sessionId: session.id, reason: 'duplicate' })).session.status).toBe('voided');
    expect(await inside(sam)).toBe(0);
  });

  it('a stay ended at the booth or voided no longer holds its plate inside for anti-passback', async () => {
    const passback = (plate: string) => kiosk.store.access.antiPassback(plate);
    const { session: left } = await enter(anna, 'AB12CDE');
    kiosk.store.access.setAntiPassback('AB12CDE', 'inside', 'in1', clock.now()); // as the entry lane's read left it
    await expectOk(anna, 'sessions.manualExit', { sessionId: left.id, laneId: 'out1', reason: 'barrier fault' });
    expect(passback('AB12CDE')).toBe('outside');

    const { session: ghost } = await enter(anna, 'XY99ZZZ');
    kiosk.store.access.setAntiPassback('XY99ZZZ', 'inside', 'in1', clock.now());
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    await expectOk(sam, 'sessions.void', { sessionId: ghost.id, reason: 'read twice, one car' });
    expect(passback('XY99ZZZ')).toBe('unknown');
    expect(kiosk.store.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'session.void', subject: `session:${ghost.id}` });

    // Entered twice by mistake (read in, then typed in): voiding the duplicate leaves the car inside.
    const { session: first } = await enter(anna, 'DU12PLI');
    kiosk.store.access.setAntiPassback('DU12PLI', 'inside', 'in1', clock.now());
    const { session: duplicate } = await enter(anna, 'DU12PL1');
    await expectOk(sam, 'sessions.void', { sessionId: duplicate.id, reason: 'entered twice' });
    expect(passback('DU12PLI')).toBe('inside');
    await expectOk(anna, 'sessions.manualExit', { sessionId: first.id, laneId: 'out1', reason: 'barrier fault' });
    expect(passback('DU12PLI')).toBe('outside');
  });

  it('tells every logged-in console that the lot changed', async () => {
    const heard: string[] = [];
    anna.onEvent((name) => heard.push(name));
    await enter(anna, 'AB12CDE');
    expect(heard).toContain('lot.changed');
    expect(heard).toContain('event.logged');
  });
});

describe('shifts', () => {
  it('opens with a float and closes with a counted drawer and its variance', async () => {
    await expectOk(anna, 'shifts.open', { floatMinor: 10_000 });
    expect(await anna.call('shifts.open', { floatMinor: 10_000 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const counted = { '2000': 4, '1000': 1, '50': 3 };
    // A count that is off needs a note: refused without one, and nothing is closed.
    expect(await anna.call('shifts.close', { counted })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/note/) } });
    expect((await expectOk(anna, 'shifts.current', {})).shift).toMatchObject({ closedAt: null });
    const { shift } = await expectOk(anna, 'shifts.close', { counted, note: 'gave change from the wrong float' });
    expect(shift).toMatchObject({ countedMinor: 9_150, expectedMinor: 10_000, varianceMinor: -850 });
    const closeRow = [...kiosk.store.audit.iterate()].find((row) => row.action === 'shift.close');
    expect(closeRow?.detail).toMatchObject({ varianceMinor: -850, note: 'gave change from the wrong float' });
    // The second Enter of a double press finds the shift already closed: nothing is closed twice.
    expect(await anna.call('shifts.close', { counted, note: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('the audit log', () => {
  it('chains every override, login and config change', async () => {
    const { session } = await enter(anna, 'AB12CDE');
    await expectOk(anna, 'sessions.manualExit', { sessionId: session.id, laneId: null, reason: 'testing' });
    const verdict = verifyAuditChain(kiosk.store.audit.iterate());
    expect(verdict).toMatchObject({ ok: true });
    const actions = [...kiosk.store.audit.iterate()].map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'tariff.save', 'auth.login', 'session.manual_entry', 'session.manual_exit']));
  });
});

describe('setting up a site', () => {
  it('refuses a broken site file with its name and the bad field, and leaves no half-set-up database', async () => {
    const dir = tempDir();
    const siteFile = `${dir}/site.json`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(siteFile, JSON.stringify({ layout: { site: { name: 'X', timeZone: 'Mars/Olympus', currency: 'GBP', taxRateBp: 0, locale: 'en' }, zones: [{ id: 'a', name: 'A', level: null, spaces: {} }], lanes: [], vehicleClasses: [{ id: 'car', name: 'Car' }] }, rateTables: [] }));
    await expect(startTestKiosk(`${dir}/data`, { siteFile })).rejects.toThrow(/site\.json: layout\.site\.timeZone: "Mars\/Olympus" is not an IANA time zone/);
    writeFileSync(siteFile, '{"layout": ');
    await expect(startTestKiosk(`${dir}/data`, { siteFile })).rejects.toThrow(/not valid JSON/);
  });

  it('closes the database and frees the data folder when a device cannot start', async () => {
    const { existsSync } = await import('node:fs');
    const dataDir = tempDir();
    // The lanes' cameras are there, but their plate reader cannot load.
    const failing = { relay: () => null, camera: () => ({}) as never, readerFor: () => Promise.reject(new Error('reader model missing')) };
    await expect(startTestKiosk(dataDir, { devices: failing })).rejects.toThrow(/reader model missing/);
    // The last connection closed checkpoints and removes the WAL: nothing of the failed start holds the file.
    expect(existsSync(`${dataDir}/lotkeeper.db-wal`)).toBe(false);
    const again = await startTestKiosk(dataDir, { devices: 'none' });
    await again.close();
  });

  it('refuses to run twice on one data folder', async () => {
    await expect(startTestKiosk(kiosk.dataDir)).rejects.toThrow(/another Lotkeeper \(pid \d+\) is running/);
  });
});
