/**
 * A booked car at the lanes, through the real lane rules on a real kiosk: the entry lane admits the booked plate
 * (read with an OCR confusion) within its arrival window even when the zone is full, the session carries the
 * booking and its class; the booked window is already paid, the overstay is priced by the tariff; leaving ends the
 * booking's hold.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Actor } from '../../electron/kiosk/core';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import { LaneDecider } from '../../electron/kiosk/lanes/lane-decider';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 23, 8, 0);
const clock = manualClock(START);
let kiosk: Kiosk;
let anna: KioskConnection;
let decider: LaneDecider;

beforeEach(async () => {
  clock.set(START);
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
  decider = new LaneDecider(kiosk.services.core, kiosk.services.sessions, (id, at) => kiosk.services.payments.quote(id, at));
});
afterEach(async () => kiosk.close());

function readAt(laneId: string, plate: string) {
  const lane = kiosk.services.core.layout().lanes.find((l) => l.id === laneId)!;
  return decider.decide(lane, kiosk.store.lanes.settingsFor(laneId)!, { key: plate, confidence: 0.97, voteAgreed: true });
}

describe('arriving on a booking', () => {
  it('admits the booked plate into a full zone, prices only the overstay, and releases the hold on leaving', async () => {
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Van Owner', vehicles: [{ plate: 'VN12ABC', vehicleClass: 'van' }], withWallet: true });
    await expectOk(sam, 'wallets.topUp', { walletId: driver.walletId!, amountMinor: 50_000, reason: 'prepaid' });
    const { booking } = await expectOk(anna, 'bookings.create', { driverId: driver.id, plate: 'VN12ABC', vehicleClass: 'van', zoneId: 'ground', spaceType: 'regular', startsAt: START + HOUR, endsAt: START + 3 * HOUR, payment: { method: 'wallet' }, idempotencyKey: `k-${randomUUID()}` });
    // The zone fills up with visitors (every non-reserved space of the ground floor).
    const visitors = kiosk.store.db.prepare("SELECT sum(capacity) FROM zone_spaces WHERE zone_id = 'ground'").pluck().get() as number;
    for (let i = 0; i < visitors; i++) expect(readAt('in1', `FL${String(i).padStart(4, '0')}`).decision.outcome).toBe('open');
    expect(readAt('in1', 'ZZ99ZZZ').decision).toMatchObject({ outcome: 'deny', code: 'full' });

    clock.set(START + HOUR - 10 * 60_000); // 10 minutes early: inside the arrival window
    const entered = readAt('in1', 'VN1ZA8C'); // 2/Z and B/8 misread
    expect(entered.decision).toMatchObject({ outcome: 'open', code: 'open_reservation' });
    const { session } = await expectOk(anna, 'sessions.get', { id: entered.sessionId! });
    expect(session).toMatchObject({ vehicleClass: 'van', entryRef: booking.ref });
    expect((await expectOk(anna, 'bookings.get', { id: booking.id })).booking).toMatchObject({ status: 'arrived', sessionId: session.id });

    clock.set(START + 3 * HOUR - 5 * 60_000); // inside the booked window: nothing to pay
    expect((await expectOk(anna, 'payments.quote', { sessionId: session.id })).quote.dueMinor).toBe(0);
    clock.set(START + 5 * HOUR); // two hours over
    const due = (await expectOk(anna, 'payments.quote', { sessionId: session.id })).quote;
    const overstay = await expectOk(anna, 'tariffs.quote', { entryAt: START + 3 * HOUR, exitAt: START + 5 * HOUR, vehicleClass: 'van' });
    expect(due.dueMinor).toBe(overstay.quote.totalMinor);
    expect(due.dueMinor).toBeGreaterThan(0);
    await expectOk(anna, 'payments.payWallet', { sessionId: session.id, walletId: driver.walletId!, idempotencyKey: `k-${randomUUID()}`, amountMinor: due.dueMinor, currency: 'GBP' });
    expect(readAt('out1', 'VN12ABC').decision.outcome).toBe('open');
    expect((await expectOk(anna, 'bookings.get', { id: booking.id })).booking.status).toBe('completed');
    expect(kiosk.store.db.prepare('SELECT coalesce(sum(site_held + ho_held), 0) FROM booking_holds').pluck().get()).toBe(0);

    // Erased afterwards: the stay on the booking keeps its times and money, not the plate; the audit chain verifies.
    const paidBefore = (await expectOk(anna, 'sessions.get', { id: session.id })).session.paidMinor;
    await expectOk(sam, 'drivers.erase', { id: driver.id, reason: 'asked to be forgotten' });
    expect((await expectOk(anna, 'sessions.get', { id: session.id })).session).toMatchObject({ plateKey: 'ERASED', plateRaw: 'ERASED', paidMinor: paidBefore, status: 'closed' });
    expect(kiosk.store.db.prepare("SELECT count(*) FROM sessions WHERE plate_key = 'VN12ABC'").pluck().get()).toBe(0);
    expect(verifyAuditChain(kiosk.store.audit.iterate())).toMatchObject({ ok: true });
  });

  it('a stay voided as a mistake gives its booking back: the booked car arrives later and is admitted on it', async () => {
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Prepaid Driver', vehicles: [{ plate: 'BK12LOT', vehicleClass: 'car' }] });
    const { booking } = await expectOk(anna, 'bookings.create', { driverId: driver.id, plate: 'BK12LOT', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: START + HOUR, endsAt: START + 3 * HOUR, payment: { method: 'on_arrival' }, idempotencyKey: `k-${randomUUID()}` });
    clock.set(START + HOUR);
    const misread = readAt('in1', 'BK12L0T'); // another car, read close enough to the booked plate
    expect(misread.decision).toMatchObject({ outcome: 'open', code: 'open_reservation' });
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    await expectOk(sam, 'sessions.void', { sessionId: misread.sessionId!, reason: 'not the booked car' });
    expect((await expectOk(anna, 'bookings.get', { id: booking.id })).booking).toMatchObject({ status: 'booked', sessionId: null });
    expect(kiosk.store.audit.list({ limit: 5 }).map((a) => a.action)).toContain('booking.arrival_withdrawn');

    clock.set(START + HOUR + 20 * 60_000);
    const booked = readAt('in1', 'BK12LOT');
    expect(booked.decision).toMatchObject({ outcome: 'open', code: 'open_reservation' });
    expect((await expectOk(anna, 'bookings.get', { id: booking.id })).booking).toMatchObject({ status: 'arrived', sessionId: booked.sessionId });
  });

  it('a stay let out and then reopened (its car never passed) holds its booked place again, and a reopen is refused for a stay inside', async () => {
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Booked Driver', vehicles: [{ plate: 'BK34LOT', vehicleClass: 'car' }] });
    const { booking } = await expectOk(anna, 'bookings.create', { driverId: driver.id, plate: 'BK34LOT', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: START + HOUR, endsAt: START + 3 * HOUR, payment: { method: 'on_arrival' }, idempotencyKey: `k-${randomUUID()}` });
    const held = () => kiosk.store.db.prepare('SELECT coalesce(sum(site_held + ho_held), 0) FROM booking_holds').pluck().get() as number;
    const holding = held();
    clock.set(START + HOUR);
    const sessionId = readAt('in1', 'BK34LOT').sessionId!;
    clock.set(START + HOUR + 5 * 60_000); // inside the free minutes
    expect(readAt('out1', 'BK34LOT').decision.outcome).toBe('open');
    expect([(await expectOk(anna, 'bookings.get', { id: booking.id })).booking.status, held()]).toEqual(['completed', 0]);

    const attendant = kiosk.store.db.prepare("SELECT id, username, role FROM users WHERE username = ?").get(DEMO.attendant[0]) as Actor;
    const reopened = kiosk.services.sessions.reopen(sessionId, 'barrier did not open: another car was read', attendant);
    expect(reopened).toMatchObject({ status: 'open', exitAt: null });
    expect([(await expectOk(anna, 'bookings.get', { id: booking.id })).booking.status, held()]).toEqual(['arrived', holding]);
    expect(kiosk.store.audit.list({ limit: 5 }).map((a) => a.action)).toEqual(expect.arrayContaining(['session.reopened', 'booking.returned']));
    expect(() => kiosk.services.sessions.reopen(sessionId, 'again', attendant)).toThrow(/is open: only a closed stay can be reopened/);
    expect(readAt('out1', 'BK34LOT')).toMatchObject({ decision: { outcome: 'open' }, sessionId });
    expect((await expectOk(anna, 'bookings.get', { id: booking.id })).booking.status).toBe('completed');
    // Back in on a stay of its own: the old stay may not be reopened beside it.
    clock.set(START + 2 * HOUR);
    const again = readAt('in1', 'BK34LOT').sessionId!;
    expect(() => kiosk.services.sessions.reopen(sessionId, 'closed by mistake', attendant)).toThrow(`BK34LOT is inside again (session ${again})`);
  });

  it('does not admit a booked plate outside its arrival window, nor at another zone', async () => {
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Early Bird', vehicles: [{ plate: 'EB12CDE', vehicleClass: 'car' }] });
    await expectOk(anna, 'bookings.create', { driverId: driver.id, plate: 'EB12CDE', vehicleClass: 'car', zoneId: 'upper', spaceType: 'regular', startsAt: START + 3 * HOUR, endsAt: START + 5 * HOUR, payment: { method: 'on_arrival' }, idempotencyKey: `k-${randomUUID()}` });
    expect(readAt('in2', 'EB12CDE').decision.code).toBe('open_transient'); // two hours early: a visitor
    clock.set(START + 3 * HOUR);
    expect(readAt('in1', 'EB12CDX').decision.code).toBe('open_transient'); // the ground floor: not its zone
  });

  it('takes the class of a registered vehicle at the lane, and the attendant re-prices a session as another class, audited', async () => {
    await expectOk(anna, 'drivers.create', { name: 'Van Fleet', vehicles: [{ plate: 'VF12VAN', vehicleClass: 'van' }] });
    const van = readAt('in1', 'VF12VAN');
    expect((await expectOk(anna, 'sessions.get', { id: van.sessionId! })).session.vehicleClass).toBe('van');

    const car = readAt('in1', 'CR12CAR');
    clock.advance(3 * HOUR);
    const asCar = (await expectOk(anna, 'payments.quote', { sessionId: car.sessionId! })).quote.dueMinor;
    const changed = await expectOk(anna, 'sessions.changeClass', { sessionId: car.sessionId!, vehicleClass: 'van', reason: 'it is a van' });
    const asVan = (await expectOk(anna, 'tariffs.quote', { entryAt: START, exitAt: START + 3 * HOUR, vehicleClass: 'van' })).quote.totalMinor;
    expect(changed).toMatchObject({ vehicleClass: 'van', dueMinor: asVan });
    expect(asVan).not.toBe(asCar);
    expect(kiosk.store.audit.list({ subject: `session:${car.sessionId!}`, limit: 5 })[0]).toMatchObject({ action: 'session.class_changed', detail: { from: 'car', to: 'van', dueBeforeMinor: asCar, dueAfterMinor: asVan } });
    expect(await anna.call('sessions.changeClass', { sessionId: car.sessionId!, vehicleClass: 'tank', reason: 'it is a tank' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it("gives a car nothing else classifies the lane's default class (a motorcycle lane), refusing a class the site lacks", async () => {
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    const settings = kiosk.store.lanes.settingsFor('in2')!;
    expect(await admin.call('lanes.saveSettings', { settings: { ...settings, defaultVehicleClass: 'tram' }, reason: 'motorcycle lane' })).toMatchObject({ ok: false, error: { message: "vehicle class tram is not one of this site's" } });
    expect(kiosk.store.lanes.settingsFor('in2')!.defaultVehicleClass).toBeNull();
    await expectOk(admin, 'lanes.saveSettings', { settings: { ...settings, defaultVehicleClass: 'motorcycle' }, reason: 'motorcycle lane' });
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Van Owner', vehicles: [{ plate: 'VN12ABC', vehicleClass: 'van' }] });
    expect(driver.id).toBeGreaterThan(0);
    const rider = readAt('in2', 'MC12ABC');
    const registered = readAt('in2', 'VN12ABC');
    const elsewhere = readAt('in1', 'CR12ABC');
    const classOf = async (id: number | null) => (await expectOk(anna, 'sessions.get', { id: id! })).session.vehicleClass;
    expect([await classOf(rider.sessionId), await classOf(registered.sessionId), await classOf(elsewhere.sessionId)]).toEqual(['motorcycle', 'van', 'car']);
    expect((await expectOk(admin, 'devices.configs', {})).lanes.find((l) => l.laneId === 'in2')).toMatchObject({ defaultVehicleClass: 'motorcycle' });
  });
});
