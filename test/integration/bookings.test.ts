/**
 * Drivers and bookings through the contract as the console calls them, on a real kiosk with a real SQLite file:
 * register, search by plate (fuzzy), book and pay (wallet, cash, on arrival), modify with the price difference,
 * cancel under the policy with a refund, no-shows, privacy export/erase/merge, and bad input that changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { CallResult } from '../../electron/kiosk/contract';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import { WalletsRepo } from '../../electron/kiosk/store/wallets-repo';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { demoSiteWithDrivers } from './bookings-helpers';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 23, 10, 0); // a Monday morning
const TOMORROW_9 = Date.UTC(2026, 10, 24, 9, 0);
const clock = manualClock(START);
let kiosk: Kiosk;
let anna: KioskConnection;
let sam: KioskConnection;

beforeEach(async () => {
  clock.set(START);
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
  sam = await loggedIn(kiosk, ...DEMO.supervisor);
});
afterEach(async () => kiosk.close());

const key = () => `k-${randomUUID()}`;
const count = (table: string) => kiosk.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const TABLES = ['drivers', 'driver_vehicles', 'bookings', 'booking_payments', 'booking_holds', 'audit_log', 'outbox', 'wallet_movements', 'cash_movements', 'debts'];
const snapshot = () => Object.fromEntries(TABLES.map((t) => [t, count(t)]));
const wallet = (id: number) => new WalletsRepo(kiosk.store.db).get(id)!;
const heldTotal = () => kiosk.store.db.prepare('SELECT coalesce(sum(site_held + ho_held), 0) FROM booking_holds').pluck().get() as number;

async function register(name = 'Jane Driver', plate = 'AB12 CDE', withWallet = true, phone = '+44 7700 900123') {
  const { driver } = await expectOk(anna, 'drivers.create', { name, phone, email: `${name.split(' ')[0]!.toLowerCase()}@example.com`, smsConsent: true, vehicles: [{ plate, vehicleClass: 'car', make: 'Ford', colour: 'blue' }], withWallet });
  return driver;
}
async function topUp(walletId: number, amountMinor: number) {
  await expectOk(sam, 'wallets.topUp', { walletId, amountMinor, reason: 'prepaid at the booth' });
}
const book = (driverId: number, extra: Record<string, unknown> = {}): Promise<CallResult<'bookings.create'>> =>
  anna.call('bookings.create', { driverId, plate: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: TOMORROW_9, endsAt: TOMORROW_9 + 8 * HOUR, payment: { method: 'wallet' }, idempotencyKey: key(), ...extra }) as Promise<CallResult<'bookings.create'>>;

describe('drivers', () => {
  it('registers a driver with a car and a wallet, finds them by name, phone, email and a misread plate', async () => {
    const jane = await register();
    expect(jane).toMatchObject({ name: 'Jane Driver', phone: '+447700900123', vehicles: [{ plateKey: 'AB12CDE', vehicleClass: 'car' }] });
    expect(jane.walletId).not.toBeNull();
    await register('John Other', 'XY99 ZZZ', false, '+447700900999');
    const byPlate = await expectOk(anna, 'drivers.search', { plate: 'A8I2CDE' }); // 8/B and I/1 confusions
    expect(byPlate.drivers.map((d) => d.id)).toEqual([jane.id]);
    expect((await expectOk(anna, 'drivers.search', { plate: 'AB12CD' })).drivers[0]!.id).toBe(jane.id); // one character missing
    for (const text of ['jane', 'JANE@exa', '900123']) expect((await expectOk(anna, 'drivers.search', { text })).drivers.map((d) => d.id)).toEqual([jane.id]);
    expect(kiosk.store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'driver'").pluck().get()).toBe(2);
  });

  it('edits with a version check and audits the fields changed, never their values', async () => {
    const jane = await register();
    const { driver } = await expectOk(anna, 'drivers.update', { id: jane.id, version: jane.version, name: 'Jane Doe', phone: '+447700900123', email: 'jane@example.com', smsConsent: true });
    expect(driver).toMatchObject({ name: 'Jane Doe', version: 2 });
    expect(await anna.call('drivers.update', { id: jane.id, version: jane.version, name: 'Stale' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const audit = kiosk.store.audit.list({ subject: `driver:${jane.id}`, limit: 10 });
    expect(audit[0]).toMatchObject({ action: 'driver.updated', detail: { fields: ['name'] } });
    expect(JSON.stringify(audit)).not.toMatch(/Jane|AB12CDE|example\.com|900123/);
  });

  it('exports (supervisor), refuses to erase while a booking is open, then erases: fields gone, plates pseudonymised, audit chain intact', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 10_000);
    const booked = await book(jane.id);
    expect(booked.ok).toBe(true);
    expect(await anna.call('drivers.export', { id: jane.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const { data } = await expectOk(sam, 'drivers.export', { id: jane.id });
    expect(data).toMatchObject({ driver: { name: 'Jane Driver' }, bookings: [{ plateKey: 'AB12CDE' }], wallet: { balanceMinor: expect.any(Number) } });

    expect(await sam.call('drivers.erase', { id: jane.id, reason: 'asked to be forgotten' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/open booking/) } });
    if (!booked.ok) throw new Error('unreachable');
    await expectOk(anna, 'bookings.cancel', { id: booked.value.booking.id, reason: 'driver asked', idempotencyKey: key() });
    const { driver } = await expectOk(sam, 'drivers.erase', { id: jane.id, reason: 'asked to be forgotten' });
    expect(driver).toMatchObject({ name: null, phone: null, email: null, erased: true, vehicles: [] });
    const leftovers = kiosk.store.db.prepare("SELECT count(*) FROM driver_vehicles WHERE plate_key = 'AB12CDE'").pluck().get();
    expect(leftovers).toBe(0);
    expect(kiosk.store.db.prepare('SELECT plate_key FROM bookings WHERE driver_id = ?').pluck().all(jane.id)).toEqual(['ERASED']);
    // The wallet keeps its money but names no plate of hers any more: the exit finds no wallet for AB12CDE.
    expect(kiosk.store.db.prepare('SELECT count(*) FROM wallet_plates WHERE wallet_id = ?').pluck().get(jane.walletId)).toBe(0);
    expect((await expectOk(anna, 'wallets.list', { plate: 'AB12CDE' })).wallets).toEqual([]);
    expect(verifyAuditChain(kiosk.store.audit.iterate())).toMatchObject({ ok: true });
    expect(await book(jane.id)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/erased/) } });
    expect((await expectOk(anna, 'drivers.search', { plate: 'AB12CDE' })).drivers).toEqual([]);
  });

  it("puts a vehicle added later on the driver's wallet and takes a removed one off it", async () => {
    const jane = await register();
    const { driver } = await expectOk(anna, 'drivers.addVehicle', { driverId: jane.id, plate: 'VN 07 ABC', vehicleClass: 'van' });
    expect((await expectOk(anna, 'wallets.list', { plate: 'VN07ABC' })).wallets.map((w) => w.id)).toEqual([jane.walletId]);
    const van = driver.vehicles.find((v) => v.plateKey === 'VN07ABC')!;
    await expectOk(anna, 'drivers.removeVehicle', { driverId: jane.id, vehicleId: van.id });
    expect((await expectOk(anna, 'wallets.list', { plate: 'VN07ABC' })).wallets).toEqual([]);
    expect((await expectOk(anna, 'wallets.list', { plate: 'AB12CDE' })).wallets.map((w) => w.id)).toEqual([jane.walletId]);
  });

  it('merges two records of one person (supervisor), against the versions read: vehicles, bookings and the wallet move, audited', async () => {
    const a = await register('Jane Driver', 'AB12CDE');
    const b = await register('Jo Driver', 'XY99ZZZ', true, '+447700900999');
    await topUp(b.walletId!, 2_500);
    const booked = await book(b.id, { plate: 'XY99ZZZ' });
    if (!booked.ok) throw new Error(booked.error.message);
    const balanceB = wallet(b.walletId!).balanceMinor;
    const merge = { fromId: b.id, fromVersion: b.version, intoId: a.id, intoVersion: a.version, reason: 'same person' };
    expect(await anna.call('drivers.merge', merge)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Another console edited Jane meanwhile: the merge is refused and nothing moves.
    await expectOk(anna, 'drivers.update', { id: a.id, version: a.version, name: 'Jane Doe', phone: '+447700900123', email: 'jane@example.com', smsConsent: true });
    const before = snapshot();
    expect(await sam.call('drivers.merge', merge)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/changed meanwhile/) } });
    expect(snapshot()).toEqual(before);

    const { driver } = await expectOk(sam, 'drivers.merge', { ...merge, intoVersion: a.version + 1 });
    expect(driver).toMatchObject({ id: a.id, version: a.version + 2, walletId: a.walletId });
    expect(driver.vehicles.map((v) => v.plateKey).sort()).toEqual(['AB12CDE', 'XY99ZZZ']);
    expect((await expectOk(anna, 'bookings.forDriver', { driverId: a.id })).bookings.map((x) => x.id)).toEqual([booked.value.booking.id]);
    expect((await expectOk(anna, 'drivers.get', { id: b.id })).driver.mergedInto).toBe(a.id);
    const wallets = { a: wallet(a.walletId!), b: wallet(b.walletId!) };
    expect(wallets.b).toMatchObject({ balanceMinor: 0, plates: [] });
    expect(wallets.a.balanceMinor).toBe(balanceB);
    expect(wallets.a.plates.sort()).toEqual(['AB12CDE', 'XY99ZZZ']);
    const audited = kiosk.store.audit.list({ subject: `driver:${a.id}`, limit: 1 })[0]!;
    expect(audited).toMatchObject({ action: 'driver.merged_into', actor: 'sam', detail: { from: b.id, reason: 'same person', vehicles: 1, bookings: 1, walletMovedMinor: balanceB } });
    expect(await sam.call('drivers.merge', { ...merge, intoVersion: a.version + 2, fromVersion: b.version + 1 })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/merged into/) } });
  });

  it('refuses a plate that normalises to nothing and an unknown class, writing nothing', async () => {
    const before = snapshot();
    expect(await anna.call('drivers.create', { name: 'X', vehicles: [{ plate: '-- --', vehicleClass: 'car' }] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await anna.call('drivers.create', { name: 'X', vehicles: [{ plate: 'AB12CDE', vehicleClass: 'tank' }] })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/tank/) } });
    expect(await anna.call('drivers.create', { name: 'X', phone: '0770' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(snapshot()).toEqual(before);
  });
});

describe('bookings', () => {
  it('quotes by the tariff, books from the wallet and commits booking, money, hold, audit, outbox and SMS together', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 10_000);
    const found = await expectOk(anna, 'bookings.search', { startsAt: TOMORROW_9, endsAt: TOMORROW_9 + 8 * HOUR, vehicleClass: 'car', zoneId: 'ground' });
    expect(found.priceMinor).toBeGreaterThan(0);
    expect(found.options.find((o) => o.spaceType === 'regular')).toMatchObject({ capacity: 120, free: 96 }); // 20% is head office's allotment
    const before = snapshot();
    const result = await book(jane.id);
    if (!result.ok) throw new Error(result.error.message);
    const { booking } = result.value;
    expect(booking).toMatchObject({ status: 'booked', payMode: 'prepaid', priceMinor: found.priceMinor, paidMinor: found.priceMinor });
    expect(snapshot()).toMatchObject({ bookings: before['bookings']! + 1, booking_payments: before['booking_payments']! + 1, wallet_movements: before['wallet_movements']! + 1 });
    expect(heldTotal()).toBe(8);
    expect((await expectOk(anna, 'drivers.get', { id: jane.id })).walletBalanceMinor).toBe(10_000 - found.priceMinor);
    expect(kiosk.store.db.prepare("SELECT template FROM sms_outbox WHERE event_key LIKE 'booking:%' ORDER BY id").pluck().all()).toEqual(['reservation.confirmed', 'reservation.reminder']);
    const again = await anna.call('bookings.create', { driverId: jane.id, plate: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: TOMORROW_9, endsAt: TOMORROW_9 + 8 * HOUR, payment: { method: 'wallet' }, idempotencyKey: booking.ref });
    expect(again).toMatchObject({ ok: true, value: { booking: { id: booking.id } } });
    expect(count('booking_payments')).toBe(before['booking_payments']! + 1); // a retry never charges twice
  });

  it('takes cash into the drawer with change, or leaves it to pay on arrival per the policy', async () => {
    const jane = await register('Jane', 'AB12CDE', false);
    expect(await book(jane.id, { payment: { method: 'cash', tenderedMinor: 100_000 } })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/open your shift/) } });
    await expectOk(anna, 'shifts.open', { floatMinor: 0 });
    const cash = await book(jane.id, { payment: { method: 'cash', tenderedMinor: 100_000 } });
    if (!cash.ok) throw new Error(cash.error.message);
    expect(cash.value.changeMinor).toBe(100_000 - cash.value.booking.priceMinor);
    expect((await expectOk(anna, 'shifts.drawer', {})).drawer?.expectedMinor).toBe(cash.value.booking.priceMinor);
    const later = await book(jane.id, { payment: { method: 'on_arrival' } });
    expect(later).toMatchObject({ ok: true, value: { booking: { payMode: 'on_arrival', paidMinor: 0 } } });
    const policy = await expectOk(anna, 'bookings.policy', {});
    await expectOk(sam, 'bookings.savePolicy', { policy: { ...policy, payOnArrival: false }, reason: 'prepaid only' });
    expect(await book(jane.id, { payment: { method: 'on_arrival' } })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/paid in advance/) } });
  });

  it('never sells past the site share: the last place goes once, then a clear conflict', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 1_000_000);
    const accessible = { spaceType: 'accessible', startsAt: TOMORROW_9, endsAt: TOMORROW_9 + 2 * HOUR };
    for (let i = 0; i < 7; i++) expect((await book(jane.id, accessible)).ok).toBe(true); // 8 places, 1 is head office's
    const before = snapshot();
    expect(await book(jane.id, accessible)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/no accessible place left/) } });
    expect(snapshot()).toEqual(before);
    expect(await book(jane.id, { ...accessible, startsAt: TOMORROW_9 + 2 * HOUR, endsAt: TOMORROW_9 + 3 * HOUR })).toMatchObject({ ok: true });
  });

  it('refuses bad windows, plates, places and classes, writing nothing', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 10_000);
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    await expectOk(admin, 'spaces.saveFloor', { floor: { id: 'g', name: 'Ground' }, reason: 'layout set-up' });
    const { space: bay } = await expectOk(admin, 'spaces.save', { space: { zoneId: 'ground', floorId: 'g', label: 'EV1', spaceType: 'ev', classes: ['car'] }, reason: 'layout set-up' });
    const { space: broken } = await expectOk(admin, 'spaces.save', { space: { zoneId: 'ground', floorId: 'g', label: 'EV2', spaceType: 'ev', classes: ['car'], inService: false, outReason: 'charger broken' }, reason: 'layout set-up' });
    expect(kiosk.store.db.prepare("SELECT capacity FROM zone_spaces WHERE zone_id = 'ground' AND space_type = 'ev'").pluck().get()).toBe(1);
    const before = snapshot();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ endsAt: TOMORROW_9 - HOUR }, 'invalid_input', /ends before it starts/],
      [{ startsAt: START - 5 * HOUR, endsAt: START - HOUR }, 'invalid_input', /past/],
      [{ plate: '-- --' }, 'invalid_input', /plate/],
      [{ zoneId: 'nowhere' }, 'not_found', /zone nowhere/],
      [{ spaceType: 'ev', spaceId: 9999 }, 'not_found', /space 9999/],
      [{ spaceType: 'ev', spaceId: broken.id }, 'conflict', /out of service: charger broken/],
      [{ spaceType: 'ev', spaceId: bay.id, vehicleClass: 'van' }, 'invalid_input', /does not take a van/],
      [{ vehicleClass: 'tank' }, 'invalid_input', /tank/],
    ];
    for (const [extra, code, message] of cases) expect(await book(jane.id, extra)).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
    expect(snapshot()).toEqual(before);
    expect(await book(jane.id, { spaceType: 'ev', spaceId: bay.id })).toMatchObject({ ok: true });
    expect(await book(jane.id, { spaceType: 'ev', spaceId: bay.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('modifies with the price difference charged, then refunded to the wallet', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 100_000);
    const created = await book(jane.id, { endsAt: TOMORROW_9 + 2 * HOUR });
    if (!created.ok) throw new Error(created.error.message);
    const { booking } = created.value;
    const change = { id: booking.id, plate: 'AB12CDE', zoneId: 'upper', spaceType: 'regular', startsAt: TOMORROW_9, payment: { method: 'wallet' } };
    const longer = await expectOk(anna, 'bookings.modify', { ...change, version: booking.version, endsAt: TOMORROW_9 + 8 * HOUR, idempotencyKey: key() });
    expect(longer.chargedMinor).toBe(longer.booking.priceMinor - booking.priceMinor);
    expect(longer.booking).toMatchObject({ zoneId: 'upper', paidMinor: longer.booking.priceMinor });
    const shorter = await expectOk(anna, 'bookings.modify', { ...change, version: longer.booking.version, endsAt: TOMORROW_9 + 2 * HOUR, idempotencyKey: key() });
    expect(shorter.refundedMinor).toBe(longer.booking.priceMinor - booking.priceMinor);
    expect((await expectOk(anna, 'drivers.get', { id: jane.id })).walletBalanceMinor).toBe(100_000 - booking.priceMinor);
    expect(heldTotal()).toBe(2);
    expect(await anna.call('bookings.modify', { ...change, version: booking.version, endsAt: TOMORROW_9 + 3 * HOUR, idempotencyKey: key() })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/changed meanwhile/) } });
  });

  it('cancels free well before the start, with the fee close to it, refunding the rest to the wallet; a cancellation SMS goes out', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 100_000);
    const early = await book(jane.id, { startsAt: TOMORROW_9 + 24 * HOUR, endsAt: TOMORROW_9 + 32 * HOUR }); // 47 hours ahead: free
    const late = await book(jane.id, { startsAt: START + 2 * HOUR, endsAt: START + 10 * HOUR });
    if (!early.ok || !late.ok) throw new Error('booking failed');
    const free = await expectOk(anna, 'bookings.cancel', { id: early.value.booking.id, reason: 'plans changed', idempotencyKey: key() });
    expect(free).toMatchObject({ feeMinor: 0, refundedMinor: early.value.booking.priceMinor, booking: { status: 'cancelled', paidMinor: 0 } });
    const fee = await expectOk(anna, 'bookings.cancel', { id: late.value.booking.id, reason: 'plans changed', idempotencyKey: key() });
    expect(fee.feeMinor).toBe(500);
    expect(fee.refundedMinor).toBe(late.value.booking.priceMinor - 500);
    expect((await expectOk(anna, 'drivers.get', { id: jane.id })).walletBalanceMinor).toBe(100_000 - 500);
    expect(heldTotal()).toBe(0);
    expect(kiosk.store.db.prepare("SELECT count(*) FROM sms_outbox WHERE template = 'reservation.cancelled'").pluck().get()).toBe(2);
    expect(await anna.call('bookings.cancel', { id: early.value.booking.id, reason: 'again', idempotencyKey: key() })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/cancelled/) } });
  });

  it('releases a no-show after the grace; a pay-on-arrival booking leaves its fee as a debt on the plate', async () => {
    const jane = await register('Jane', 'AB12CDE', false);
    const created = await book(jane.id, { startsAt: START + HOUR, endsAt: START + 5 * HOUR, payment: { method: 'on_arrival' } });
    if (!created.ok) throw new Error(created.error.message);
    expect(kiosk.services.bookings.releaseNoShows()).toBe(0);
    clock.advance(2 * HOUR + 1);
    expect(kiosk.services.bookings.releaseNoShows()).toBe(1);
    expect((await expectOk(anna, 'bookings.get', { id: created.value.booking.id })).booking.status).toBe('no_show');
    expect(kiosk.store.db.prepare("SELECT amount_minor FROM debts WHERE plate_key = 'AB12CDE' AND status = 'open'").pluck().all()).toEqual([1000]);
    expect(heldTotal()).toBe(0);
  });

  it('previews the cancellation fee and refund before cancelling, and the cancel keeps exactly that', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 100_000);
    const late = await book(jane.id, { startsAt: START + 2 * HOUR, endsAt: START + 10 * HOUR });
    if (!late.ok) throw new Error(late.error.message);
    const before = snapshot();
    const preview = await expectOk(anna, 'bookings.cancelPreview', { id: late.value.booking.id });
    expect(snapshot()).toEqual(before);
    expect(preview).toEqual({ feeMinor: 500, refundMinor: late.value.booking.priceMinor - 500, currency: late.value.booking.currency });
    const done = await expectOk(anna, 'bookings.cancel', { id: late.value.booking.id, reason: 'plans changed', idempotencyKey: key() });
    expect({ feeMinor: done.feeMinor, refundMinor: done.refundedMinor }).toEqual({ feeMinor: preview.feeMinor, refundMinor: preview.refundMinor });
    expect(await anna.call('bookings.cancelPreview', { id: late.value.booking.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('records a no-show at the booth only once the grace is over, with the fee kept and the rest refunded', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 100_000);
    const created = await book(jane.id, { startsAt: START + HOUR, endsAt: START + 5 * HOUR });
    if (!created.ok) throw new Error(created.error.message);
    const before = snapshot();
    expect(await anna.call('bookings.noShow', { id: created.value.booking.id, reason: 'car never came', idempotencyKey: key() })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/grace/) } });
    expect(snapshot()).toEqual(before);
    clock.advance(2 * HOUR + 1);
    const done = await expectOk(anna, 'bookings.noShow', { id: created.value.booking.id, reason: 'car never came', idempotencyKey: key() });
    expect(done).toMatchObject({ feeMinor: 1000, refundedMinor: created.value.booking.priceMinor - 1000, booking: { status: 'no_show' } });
    expect((await expectOk(anna, 'drivers.get', { id: jane.id })).walletBalanceMinor).toBe(100_000 - 1000);
    expect(heldTotal()).toBe(0);
    expect(kiosk.store.db.prepare("SELECT actor FROM audit_log WHERE action = 'booking.no_show'").pluck().all()).toEqual(['anna']);
  });

  it('shows the day view of held capacity and availability now with bookings apart', async () => {
    const jane = await register();
    await topUp(jane.walletId!, 100_000);
    await book(jane.id, { startsAt: START + HOUR, endsAt: START + 3 * HOUR });
    const { held, bookings } = await expectOk(anna, 'bookings.calendar', { from: START, to: START + 86_400_000 });
    expect(bookings).toHaveLength(1);
    expect(held.find((h) => h.zoneId === 'ground' && h.spaceType === 'regular')).toMatchObject({ held: 1, capacity: 120 });
    const cancelled = await book(jane.id, { startsAt: START + 4 * HOUR, endsAt: START + 5 * HOUR });
    if (!cancelled.ok) throw new Error(cancelled.error.message);
    await expectOk(anna, 'bookings.cancel', { id: cancelled.value.booking.id, reason: 'plans changed', idempotencyKey: key() });
    // The booth's day list has every arrival of the day, the cancelled one too; the calendar only what still holds.
    const arriving = await expectOk(anna, 'bookings.arriving', { from: START, to: START + 86_400_000 });
    expect(arriving.bookings.map((b) => [b.startsAt - START, b.status])).toEqual([[HOUR, 'booked'], [4 * HOUR, 'cancelled']]);
    expect((await expectOk(anna, 'bookings.calendar', { from: START, to: START + 86_400_000 })).bookings).toHaveLength(1);
    expect(await anna.call('bookings.arriving', { from: START, to: START + 9 * 86_400_000 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    clock.advance(HOUR + 1);
    const { rows } = await expectOk(anna, 'spaces.availability', {});
    expect(rows.find((r) => r.zoneId === 'ground' && r.spaceType === 'regular')).toMatchObject({ capacity: 120, occupied: 0, heldForBookings: 1, free: 119 });
  });
});

describe('the demo site', () => {
  it('starts with regular drivers, their vehicles and bookings for the coming days', async () => {
    const demo = await startTestKiosk(tempDir(), { clock: clock.now, siteFile: demoSiteWithDrivers(tempDir()) });
    try {
      const connection = await loggedIn(demo, ...DEMO.attendant);
      const found = await expectOk(connection, 'drivers.search', { plate: 'PS21KAR' });
      expect(found.drivers[0]).toMatchObject({ name: 'Priya Shah', vehicles: [{ plateKey: 'PS21KAR', vehicleClass: 'car' }] });
      const { bookings } = await expectOk(connection, 'bookings.calendar', { from: START - HOUR, to: START + 4 * 86_400_000 });
      expect(bookings).toHaveLength(8);
      expect(bookings.find((b) => b.plateKey === 'HE24BUS')).toMatchObject({ vehicleClass: 'van', spaceType: 'regular', zoneId: 'upper' });
      const priya = (await expectOk(connection, 'drivers.get', { id: found.drivers[0]!.id })).walletBalanceMinor;
      const paid = bookings.filter((b) => b.plateKey === 'PS21KAR').reduce((n, b) => n + b.paidMinor, 0);
      expect(priya).toBe(30_000 - paid);
    } finally {
      await demo.close();
    }
  });
});
