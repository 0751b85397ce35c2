/**
 * A booking paid by card on a full disk (a real small tmpfs), against the loopback Stripe server: nothing goes to
 * the reader unless its attempt is on record; a card Stripe took while the disk filled is said to the attendant as
 * charged and waits in memory, then is recorded once (space returned), or, if the kiosk stopped meanwhile,
 * reconciled from Stripe at the next start: the money is never lost and never taken twice.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { ifAvailable } from '../support/requires';
import { SMALL_DISK, useSmallDisks, type SmallDisk } from '../support/small-disk';
import { startStripeServer, type StripeServer } from '../support/stripe-server';

const smallDisk = useSmallDisks();
const READER = 'tmr_booth';
const HOUR = 3_600_000;
const MB = 1024 * 1024;
const START = Date.UTC(2026, 10, 23, 10, 0);
const DAY_AFTER_9 = Date.UTC(2026, 10, 25, 9, 0);
const clock = manualClock(START);
let server: StripeServer;
let disk: SmallDisk;
let kiosk: Kiosk | null = null;
let anna: KioskConnection;

beforeEach(async () => {
  clock.set(START);
  server = await startStripeServer({ readers: [READER] });
});
afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
  await server.close();
});

async function start(): Promise<Kiosk> {
  const endpoint = { host: '127.0.0.1', port: server.port, protocol: 'http' as const };
  kiosk = await startTestKiosk(disk.dir, { clock: clock.now, disk: { lowBytes: 4 * MB, everyMs: 600_000 }, payments: { reconcileEveryMs: 3_600_000, terminals: [{ id: 'booth-reader', laneId: null, driver: 'stripe', readerId: READER, secretKey: server.apiKey, endpoint }] } });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
  return kiosk;
}

/** An empty WAL, then a full disk: the next commit needs blocks the filesystem cannot give. */
function fill(k: Kiosk): void {
  k.store.db.pragma('wal_checkpoint(TRUNCATE)');
  disk.fill();
}

const bookByCard = (driverId: number, idempotencyKey: string) =>
  anna.call('bookings.create', { driverId, plate: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: DAY_AFTER_9, endsAt: DAY_AFTER_9 + 8 * HOUR, payment: { method: 'card', terminalId: 'booth-reader' }, idempotencyKey });
const captured = () => [...server.ledger.charges.values()].filter((c) => c.captured);

/** Books by card, the reader shows the amount, the disk fills, the driver taps: charged by Stripe, not on record. */
async function chargedOnAFullDisk(k: Kiosk): Promise<{ attemptKey: string; driverId: number }> {
  const { driver } = await expectOk(anna, 'drivers.create', { name: 'Jane Driver', phone: '+447700900123', smsConsent: false, vehicles: [{ plate: 'AB12 CDE', vehicleClass: 'car' }], withWallet: false });
  const key = `k-${randomUUID()}`;
  const first = await bookByCard(driver.id, key);
  expect(first).toMatchObject({ ok: true, value: { card: { outcome: 'pending' } } });
  fill(k);
  server.readers.present(READER, { card_present: { number: '4242424242424242' } });
  const attemptKey = `${key}-card`;
  await expect.poll(() => k.services.bookingCards.status(attemptKey).outcome, { timeout: 15_000 }).toBe('succeeded');
  return { attemptKey, driverId: driver.id };
}

ifAvailable(SMALL_DISK).describe('a booking card payment on a full disk', () => {
  it('is refused before the reader when its attempt cannot be recorded: no booking, nothing sent to Stripe', async () => {
    disk = smallDisk(48 * 1024);
    const k = await start();
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Jane Driver', phone: '+447700900123', smsConsent: false, vehicles: [{ plate: 'AB12 CDE', vehicleClass: 'car' }], withWallet: false });
    fill(k);
    expect(await bookByCard(driver.id, `k-${randomUUID()}`)).toMatchObject({ ok: false, error: { code: 'disk_full', message: expect.stringMatching(/disk is full: the booking was not made; the card was not charged \(nothing was sent to the reader\)/) } });
    disk.free();
    expect(server.ledger.intents.size).toBe(0);
    expect(k.store.db.prepare('SELECT count(*) FROM bookings').pluck().get()).toBe(0);
  });

  it('a card taken while the disk filled is said as charged, waits in memory, and is recorded once when space returns', async () => {
    disk = smallDisk(48 * 1024);
    const k = await start();
    const { attemptKey } = await chargedOnAFullDisk(k);
    const said = k.services.bookingCards.status(attemptKey).message;
    expect(said).toMatch(/^charged \(pi_\w+\), but the disk is full: the booking's payment is not on record yet and is recorded once space returns \(nothing to take again\)$/);
    expect(k.services.core.unrecorded.list().map((item) => item.what)).toContainEqual(expect.stringMatching(/^card payment of \d+ GBP for booking k-[\w-]+ \(pi_\w+\)$/));
    expect(k.store.db.prepare('SELECT paid_minor FROM bookings').pluck().get()).toBe(0);

    disk.free();
    await k.services.disk.check();
    const booking = k.services.bookingCards.bookingOf(attemptKey);
    expect(booking).toMatchObject({ status: 'booked', paidMinor: booking.priceMinor });
    expect(k.services.bookingCards.status(attemptKey)).toMatchObject({ outcome: 'succeeded', message: expect.stringMatching(/paid by card ending 4242/) });
    expect(await k.services.bookingCards.reconcile()).toMatchObject({ recorded: 0, unfinished: 0 });
    expect(k.store.db.prepare("SELECT count(*) FROM booking_payments WHERE kind = 'charge'").pluck().get()).toBe(1);
    expect(captured().map((c) => c.amount)).toEqual([booking.priceMinor]);
  });

  it('if the kiosk stops before space returns, the next start records the charge from Stripe, once', async () => {
    disk = smallDisk(48 * 1024);
    const k = await start();
    const { attemptKey } = await chargedOnAFullDisk(k);
    await k.close();
    kiosk = null;
    disk.free();
    const again = await start();
    await expect.poll(() => again.services.bookingCards.status(attemptKey).outcome, { timeout: 15_000 }).toBe('succeeded');
    const booking = again.services.bookingCards.bookingOf(attemptKey);
    expect(booking).toMatchObject({ status: 'booked', paidMinor: booking.priceMinor });
    expect(again.store.db.prepare("SELECT count(*) FROM booking_payments WHERE kind = 'charge'").pluck().get()).toBe(1);
    expect(captured()).toHaveLength(1);
  });
});
