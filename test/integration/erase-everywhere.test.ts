/**
 * Erasing a driver leaves their plates nowhere the site keeps them: after a driver booked, arrived by hand, paid in
 * cash with a receipt (a camera still and plate crop kept of the stay), left, and left a no-show debt, erasure is followed by a byte search of the database file (and
 * its WAL) and every file under the data folder for the plate, as typed and as its key.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { recordPlateCorrection } from '../../electron/kiosk/core';
import { verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const START = Date.UTC(2026, 10, 23, 10, 0);
const clock = manualClock(START);
let dir: string;
let kiosk: Kiosk;
let anna: KioskConnection;
let sam: KioskConnection;

beforeEach(async () => {
  clock.set(START);
  dir = tempDir();
  kiosk = await startTestKiosk(dir, { clock: clock.now });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
  sam = await loggedIn(kiosk, ...DEMO.supervisor);
});
afterEach(async () => kiosk.close());

const key = () => `k-${randomUUID()}`;
function filesUnder(path: string): string[] {
  return readdirSync(path).flatMap((name) => (statSync(join(path, name)).isDirectory() ? filesUnder(join(path, name)) : [join(path, name)]));
}
/** Every file under the data folder holding one of `needles`, with the needle found. */
function holding(needles: string[]): string[] {
  return filesUnder(dir).flatMap((file) => {
    const bytes = readFileSync(file);
    return needles.filter((n) => bytes.includes(Buffer.from(n, 'latin1'))).map((n) => `${file.slice(dir.length + 1)}: ${n}`);
  });
}

describe('erasing a driver', () => {
  it('leaves the plate in no file of the data folder, database and WAL included', async () => {
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Erin Erase', phone: '+447700900555', vehicles: [{ plate: 'ER45 ASE', vehicleClass: 'car' }], withWallet: false });
    await expectOk(anna, 'shifts.open', { floatMinor: 0 });
    const { session } = await expectOk(anna, 'sessions.manualEntry', { plate: 'ER45 ASE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    const frame = { width: 32, height: 16, data: new Uint8Array(32 * 16 * 3).fill(128), capturedAt: clock.now() };
    const photo = (await kiosk.services.evidence.keep({ laneId: 'in1', stage: 'entry', frame, box: { x: 4, y: 4, width: 10, height: 4 }, sessionId: session.id }))!;
    expect(await kiosk.services.evidence.image(photo.id, 'plate')).not.toBeNull();
    clock.advance(95 * 60_000);
    const { quote } = await expectOk(anna, 'payments.quote', { sessionId: session.id });
    await expectOk(anna, 'payments.payCash', { sessionId: session.id, idempotencyKey: key(), amountMinor: quote.dueMinor, currency: quote.currency, tenderedMinor: quote.dueMinor });
    await expectOk(anna, 'sessions.manualExit', { sessionId: session.id, laneId: 'out1', reason: 'barrier stuck' });
    // The exit set its anti-passback state; an earlier lane read of the car was corrected to its plate.
    expect(kiosk.store.access.antiPassback('ER45ASE')).toBe('outside');
    const correction = { at: clock.now(), laneId: 'in1', stage: 'lane' as const, sessionId: null, readKey: 'ER45A5E', readConfidence: 0.7, correctedKey: 'ER45ASE', evidenceId: null, by: 'anna', reason: 'plate misread' };
    kiosk.store.change(() => recordPlateCorrection(kiosk.services.core, correction));
    // And a misread that is no spelling of the plate (R read as P): it quotes this car all the same.
    kiosk.store.change(() => recordPlateCorrection(kiosk.services.core, { ...correction, readKey: 'EP45ASE' }));
    const soon = START + 3 * 3_600_000;
    const booked = await expectOk(anna, 'bookings.create', { driverId: driver.id, plate: 'ER45ASE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: soon, endsAt: soon + 3_600_000, payment: { method: 'on_arrival' }, idempotencyKey: key() });
    clock.advance(6 * 3_600_000);
    kiosk.services.bookings.releaseNoShows(); // the no-show fee is a debt on the plate
    expect(booked.booking.plateKey).toBe('ER45ASE');
    expect(holding(['ER45ASE', 'ER45 ASE']).length).toBeGreaterThan(0);

    await expectOk(sam, 'drivers.erase', { id: driver.id, reason: 'erasure request' });
    // The audit log keeps the plate where a row quoted it as typed (its hash chain covers the row): the only place.
    const db = kiosk.store.db;
    const quoting: string[] = [];
    for (const table of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]) {
      for (const { name } of db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]) {
        if ((db.prepare(`SELECT count(*) FROM "${table}" WHERE instr(CAST("${name}" AS TEXT), 'ER45') > 0 OR instr(CAST("${name}" AS TEXT), 'A5E') > 0 OR instr(CAST("${name}" AS TEXT), 'EP45') > 0`).pluck().get() as number) > 0) quoting.push(`${table}.${name}`);
      }
    }
    expect(quoting).toEqual(['audit_log.detail']);
    // Byte for byte: the database file holds the plate exactly as often as those audit rows do (no stale copy in a
    // page's free space or in the WAL), and no other file of the data folder holds it at all.
    const inAudit = (db.prepare("SELECT group_concat(detail, '') FROM audit_log WHERE instr(detail, 'ER45') > 0").pluck().get() as string).split('ER45').length - 1;
    const file = readFileSync(join(dir, 'lotkeeper.db'));
    let inFile = 0;
    for (let at = file.indexOf('ER45'); at >= 0; at = file.indexOf('ER45', at + 1)) inFile += 1;
    expect(inFile).toBe(inAudit);
    expect(holding(['ER45ASE', 'ER45 ASE', 'ER45A5E', 'EP45ASE']).filter((hit) => !hit.startsWith('lotkeeper.db:'))).toEqual([]);
    expect(verifyAuditChain(kiosk.store.audit.iterate())).toMatchObject({ ok: true });
    // The money stays: the stay's payment, the receipt and the no-show debt keep their amounts.
    expect(db.prepare("SELECT plate_key, amount_minor > 0 AS owed FROM debts").all()).toEqual([{ plate_key: 'ERASED', owed: 1 }]);
    expect(db.prepare('SELECT count(*) FROM receipts').pluck().get()).toBe(1);
    // The stay's camera still and plate crop are deleted with it.
    expect(await kiosk.services.evidence.image(photo.id, 'frame')).toBeNull();
    expect(filesUnder(join(dir, 'evidence'))).toEqual([]);
  });
});
