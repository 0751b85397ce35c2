/**
 * Several consoles (separate processes, each its own SQLite connection) booking the last places of a slot at once:
 * exactly as many bookings as places, none overbooked, each charged once, and the wallet reconciles to the cent.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/kiosk/store/store';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const run = promisify(execFile);
const tempDir = useTempDirs();
const WORKER = join(import.meta.dirname, 'bookings-worker.ts');
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');
const HOUR = 3_600_000;

describe('booking the last places from concurrent processes', () => {
  it('4 processes x 5 tries at the 7 accessible places the site sells: 7 bookings, 0 overbooked, 0 double-charged', async () => {
    const dataDir = tempDir();
    const kiosk = await startTestKiosk(dataDir);
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Fleet', vehicles: [{ plate: 'AB12CDE', vehicleClass: 'car' }], withWallet: true });
    await expectOk(sam, 'wallets.topUp', { walletId: driver.walletId!, amountMinor: 1_000_000, reason: 'fleet account' });
    await kiosk.close();

    const startsAt = Math.ceil(Date.now() / HOUR) * HOUR + 24 * HOUR;
    const file = join(dataDir, 'lotkeeper.db');
    const args = [WORKER, file, String(driver.id), '5', 'ground', 'accessible', String(startsAt), String(startsAt + 3 * HOUR)];
    const results = await Promise.all([1, 2, 3, 4].map(() => run(TSX, args)));
    const counts = results.map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ok: number; refused: number });
    expect(counts.reduce((n, c) => n + c.ok, 0)).toBe(7);
    expect(counts.reduce((n, c) => n + c.refused, 0)).toBe(13);

    const after = openStore(file, { now: 0, readonly: true });
    const { db } = after;
    expect(db.prepare("SELECT count(*) FROM bookings WHERE status = 'booked'").pluck().get()).toBe(7);
    expect(db.prepare("SELECT max(site_held) FROM booking_holds WHERE zone_id = 'ground' AND space_type = 'accessible'").pluck().get()).toBe(7);
    // Each booking charged exactly once, for its price; the wallet paid for exactly those.
    expect(db.prepare("SELECT count(*) FROM bookings b WHERE (SELECT count(*) FROM booking_payments p WHERE p.booking_id = b.id AND p.kind = 'charge') <> 1 OR paid_minor <> price_minor").pluck().get()).toBe(0);
    const charged = db.prepare('SELECT sum(price_minor) FROM bookings').pluck().get() as number;
    expect(db.prepare('SELECT balance_minor FROM wallets WHERE id = ?').pluck().get(driver.walletId)).toBe(1_000_000 - charged);
    expect(db.prepare("SELECT -sum(amount_minor) FROM wallet_movements WHERE kind = 'debit'").pluck().get()).toBe(charged);
    await after.close();
  }, 120_000);
});
