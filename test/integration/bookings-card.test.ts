/**
 * A booking paid by card on the booth's reader, through the real `stripe` SDK against the loopback Stripe server:
 * the booking, its hold and its card attempt commit before Stripe is called; a card taken records the charge once;
 * a declined card releases the place; cancelling (or a cheaper change) refunds the card through Stripe under a
 * committed key; an attempt whose answer was lost (Stripe gone while the reader showed the amount) is settled by
 * reconciliation from the PaymentIntent: captured while the booking still wants it, released once it does not.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { CallResult } from '../../electron/kiosk/contract';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import type { PaymentsConfig } from '../../electron/kiosk/payments/setup';
import { verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { startStripeServer, type StripeServer } from '../support/stripe-server';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const READER = 'tmr_booth';
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 23, 10, 0);
const DAY_AFTER_9 = Date.UTC(2026, 10, 25, 9, 0); // well before the free-cancellation limit
const clock = manualClock(START);
let server: StripeServer;
let kiosk: Kiosk;
let anna: KioskConnection;

beforeEach(async () => {
  clock.set(START);
  server = await startStripeServer({ readers: [READER] });
  await startKiosk({});
});
afterEach(async () => {
  await kiosk.close();
  await server.close();
});

async function startKiosk(options: PaymentsConfig): Promise<void> {
  const endpoint = { host: '127.0.0.1', port: server.port, protocol: 'http' as const };
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, payments: { reconcileEveryMs: 3_600_000, ...options, terminals: [{ id: 'booth-reader', laneId: null, driver: 'stripe', readerId: READER, secretKey: server.apiKey, endpoint }] } });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
}

const key = () => `k-${randomUUID()}`;
const db = () => kiosk.store.db;
const heldTotal = () => db().prepare('SELECT coalesce(sum(site_held + ho_held), 0) FROM booking_holds').pluck().get() as number;
const captured = () => [...server.ledger.charges.values()].filter((c) => c.captured);
const attempts = () => db().prepare('SELECT state, failure_code AS code, stripe_payment_intent AS pi FROM booking_card_attempts').all() as { state: string; code: string | null; pi: string }[];

async function driver(): Promise<number> {
  const { driver } = await expectOk(anna, 'drivers.create', { name: 'Jane Driver', phone: '+447700900123', smsConsent: false, vehicles: [{ plate: 'AB12 CDE', vehicleClass: 'car' }], withWallet: false });
  return driver.id;
}

/** Resolves at a step of the card attempt `attemptKey` ('finished' once it ended). */
function reached(attemptKey: string, step: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const off = anna.onEvent((name, p) => {
      const progress = p as { idempotencyKey: string; step: string };
      if (name === 'payments.progress' && progress.idempotencyKey === attemptKey && progress.step === step) {
        off();
        resolve();
      }
    });
  });
}

/** Books tomorrow-but-one 09:00-17:00 by card; the driver taps `card` once the reader shows the amount. */
async function bookByCard(card: string | null, k = key()): Promise<{ first: CallResult<'bookings.create'>; end: CallResult<'bookings.cardStatus'>; k: string }> {
  const attemptKey = `${k}-card`;
  const onReader = reached(attemptKey, 'sent_to_reader');
  const finished = reached(attemptKey, 'finished');
  const driverId = await driver();
  const calling = anna.call('bookings.create', { driverId, plate: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: DAY_AFTER_9, endsAt: DAY_AFTER_9 + 8 * HOUR, payment: { method: 'card', terminalId: 'booth-reader' }, idempotencyKey: k }) as Promise<CallResult<'bookings.create'>>;
  // A booking refused before the reader (or a reader never reached) ends here with the call's error.
  const early = await Promise.race([onReader.then(() => null), calling]);
  if (early && !early.ok) throw new Error(early.error.message);
  if (card) server.readers.present(READER, { card_present: { number: card } });
  const first = await calling;
  await finished;
  return { first, end: (await anna.call('bookings.cardStatus', { idempotencyKey: attemptKey })) as CallResult<'bookings.cardStatus'>, k };
}

describe('bookings paid by card at the booth', () => {
  it('holds the place while the reader shows the amount, then records the charge once', async () => {
    const { first, end, k } = await bookByCard('5555555555554444');
    expect(first).toMatchObject({ ok: true, value: { card: { outcome: 'pending' }, booking: { status: 'booked', paidMinor: 0 } } });
    if (!end.ok) throw new Error(end.error.message);
    const { booking, card } = end.value;
    expect(card).toMatchObject({ outcome: 'succeeded', message: expect.stringMatching(/4444/) });
    expect(booking).toMatchObject({ status: 'booked', payMode: 'prepaid', paidMinor: booking.priceMinor });
    expect(booking.priceMinor).toBeGreaterThan(0);
    expect(captured().map((c) => c.amount)).toEqual([booking.priceMinor]);
    expect(heldTotal()).toBe(8);
    expect(attempts()).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect((await expectOk(anna, 'bookings.get', { id: booking.id })).money).toEqual([expect.objectContaining({ kind: 'charge', method: 'card', amountMinor: booking.priceMinor })]);
    expect(db().prepare("SELECT count(*) FROM audit_log WHERE action = 'booking.paid'").pluck().get()).toBe(1);
    // The console's resend of the same request books and charges nothing again.
    const again = await expectOk(anna, 'bookings.create', { driverId: booking.driverId, plate: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: DAY_AFTER_9, endsAt: DAY_AFTER_9 + 8 * HOUR, payment: { method: 'card', terminalId: 'booth-reader' }, idempotencyKey: k });
    expect(again).toMatchObject({ booking: { id: booking.id }, card: { outcome: 'succeeded' } });
    expect(captured()).toHaveLength(1);
    expect(db().prepare('SELECT count(*) FROM bookings').pluck().get()).toBe(1);
  });

  it('a declined card releases the place, charges nothing, and is audited', async () => {
    const { end } = await bookByCard('4000000000000002');
    expect(end).toMatchObject({ ok: true, value: { card: { outcome: 'declined' }, booking: { status: 'cancelled', paidMinor: 0 } } });
    expect(heldTotal()).toBe(0);
    expect(captured()).toEqual([]);
    const detail = db().prepare("SELECT detail FROM audit_log WHERE action = 'booking.cancelled'").pluck().get() as string;
    expect(JSON.parse(detail)).toMatchObject({ reason: expect.stringMatching(/card was not taken/), refundedMinor: 0 });
  });

  it('cancelling refunds the card through Stripe under a committed key, once', async () => {
    const { end } = await bookByCard('4242424242424242');
    if (!end.ok) throw new Error(end.error.message);
    const { booking } = end.value;
    const cancelled = await expectOk(anna, 'bookings.cancel', { id: booking.id, reason: 'plans changed', idempotencyKey: key() });
    expect(cancelled).toMatchObject({ feeMinor: 0, refundedMinor: booking.priceMinor, booking: { status: 'cancelled', paidMinor: 0 } });
    await expect.poll(() => db().prepare("SELECT stripe_refund FROM booking_payments WHERE kind = 'refund'").pluck().get()).toMatch(/^re_/);
    expect([...server.ledger.refunds.values()].map((r) => r.amount)).toEqual([booking.priceMinor]);
    expect((await expectOk(anna, 'bookings.get', { id: booking.id })).money.map((m) => [m.kind, m.method, m.amountMinor])).toEqual([['charge', 'card', booking.priceMinor], ['refund', 'card', booking.priceMinor]]);
    expect(await kiosk.services.bookingCards.reconcile()).toMatchObject({ refunds: 0 });
    expect(server.ledger.refunds.size).toBe(1);
    expect(verifyAuditChain(kiosk.store.audit.iterate())).toMatchObject({ ok: true });
  });

  it('a refund while Stripe is away is kept and sent when it is back', async () => {
    const { end } = await bookByCard('4242424242424242');
    if (!end.ok) throw new Error(end.error.message);
    await server.down();
    await expectOk(anna, 'bookings.cancel', { id: end.value.booking.id, reason: 'plans changed', idempotencyKey: key() });
    expect(await kiosk.services.bookingCards.reconcile()).toMatchObject({ refunds: 0 });
    expect(db().prepare("SELECT stripe_refund FROM booking_payments WHERE kind = 'refund'").pluck().get()).toBeNull();
    await server.up();
    expect(await kiosk.services.bookingCards.reconcile()).toMatchObject({ refunds: 1 });
    expect([...server.ledger.refunds.values()].map((r) => r.amount)).toEqual([end.value.booking.priceMinor]);
  });
});

describe('a booking card attempt whose answer was lost', () => {
  /** The reader shows the amount, Stripe goes away, the driver taps anyway: authorised where the kiosk cannot see. */
  async function authorisedUnseen(): Promise<{ bookingId: number; paymentIntentId: string }> {
    await kiosk.close();
    await startKiosk({ followTimeoutMs: 200 });
    const k = key();
    const onReader = reached(`${k}-card`, 'sent_to_reader');
    const driverId = await driver();
    const calling = anna.call('bookings.create', { driverId, plate: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: DAY_AFTER_9, endsAt: DAY_AFTER_9 + 8 * HOUR, payment: { method: 'card', terminalId: 'booth-reader' }, idempotencyKey: k }) as Promise<CallResult<'bookings.create'>>;
    await onReader;
    const first = await calling;
    if (!first.ok) throw new Error(first.error.message);
    await server.down();
    await expect.poll(() => kiosk.services.bookingCards.status(`${k}-card`).outcome, { timeout: 15_000 }).toBe('unavailable');
    const { pi } = attempts()[0]!;
    server.readers.present(READER, { card_present: { number: '4242424242424242' } });
    expect(server.ledger.intent(pi).status).toBe('requires_capture');
    expect(heldTotal()).toBe(8); // the place stays held while the money is unknown
    return { bookingId: first.value.booking.id, paymentIntentId: pi };
  }

  it('captures it once when the booking still wants the money', async () => {
    const { bookingId, paymentIntentId } = await authorisedUnseen();
    await server.up();
    expect(await kiosk.services.bookingCards.reconcile()).toMatchObject({ recorded: 1, closed: 0, unfinished: 0 });
    expect(captured().map((c) => c.paymentIntent)).toEqual([paymentIntentId]);
    const { booking } = await expectOk(anna, 'bookings.get', { id: bookingId });
    expect(booking).toMatchObject({ status: 'booked', paidMinor: booking.priceMinor });
    expect(await kiosk.services.bookingCards.reconcile()).toMatchObject({ recorded: 0, closed: 0, unfinished: 0 });
    expect(captured()).toHaveLength(1);
  });

  it('releases the authorisation when the booking was cancelled meanwhile: never charged', async () => {
    const { bookingId, paymentIntentId } = await authorisedUnseen();
    await expectOk(anna, 'bookings.cancel', { id: bookingId, reason: 'driver went elsewhere', idempotencyKey: key() });
    expect(heldTotal()).toBe(0);
    await server.up();
    expect(await kiosk.services.bookingCards.reconcile()).toMatchObject({ recorded: 0, closed: 1, unfinished: 0 });
    expect(server.ledger.intent(paymentIntentId).status).toBe('canceled');
    expect(captured()).toEqual([]);
    expect(attempts()).toEqual([expect.objectContaining({ state: 'cancelled' })]);
    expect(db().prepare('SELECT count(*) FROM booking_payments').pluck().get()).toBe(0);
  });
});

describe('a dearer booking change paid by card at the booth', () => {
  const LONGER = { startsAt: DAY_AFTER_9, endsAt: DAY_AFTER_9 + 30 * HOUR }; // into the next day: dearer than 09:00-17:00

  /** 09:00-17:00 paid in cash (the card only takes the change's difference). */
  async function bookInCash() {
    await expectOk(anna, 'shifts.open', { floatMinor: 0 });
    const driverId = await driver();
    const { booking } = await expectOk(anna, 'bookings.create', { driverId, plate: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: DAY_AFTER_9, endsAt: DAY_AFTER_9 + 8 * HOUR, payment: { method: 'cash', tenderedMinor: 100_000 }, idempotencyKey: key() });
    return booking;
  }

  /** A booking paid in cash, then changed to LONGER by card; the driver taps `card` once the reader shows the difference. */
  async function changeByCard(card: string | null, options: { stripeGoneAfterReader?: boolean } = {}) {
    const before = await bookInCash();
    const k = key();
    const onReader = reached(`${k}-card`, 'sent_to_reader');
    const finished = reached(`${k}-card`, 'finished');
    const calling = anna.call('bookings.modify', { id: before.id, version: before.version, ...LONGER, plate: 'AB12CDE', zoneId: 'ground', spaceType: 'regular', payment: { method: 'card', terminalId: 'booth-reader' }, idempotencyKey: k }) as Promise<CallResult<'bookings.modify'>>;
    const early = await Promise.race([onReader.then(() => null), calling]);
    if (early && !early.ok) throw new Error(early.error.message);
    const first = await calling;
    if (options.stripeGoneAfterReader) await server.down();
    if (card) server.readers.present(READER, { card_present: { number: card } });
    await finished;
    return { before, first, k, end: (await anna.call('bookings.cardStatus', { idempotencyKey: `${k}-card` })) as CallResult<'bookings.cardStatus'> };
  }

  it('takes the difference on the reader, then changes the booking and lets the old place go, once', async () => {
    const { before, first, end, k } = await changeByCard('5555555555554444');
    expect(first).toMatchObject({ ok: true, value: { card: { outcome: 'pending' }, booking: { id: before.id, endsAt: before.endsAt, version: before.version } } });
    if (!end.ok) throw new Error(end.error.message);
    const { booking, card } = end.value;
    expect(card).toMatchObject({ outcome: 'succeeded', message: expect.stringMatching(/4444/) });
    expect(booking).toMatchObject({ ...LONGER, status: 'booked', paidMinor: booking.priceMinor, version: before.version + 1 });
    expect(booking.priceMinor).toBeGreaterThan(before.priceMinor);
    expect(captured().map((c) => c.amount)).toEqual([booking.priceMinor - before.priceMinor]);
    expect(heldTotal()).toBe(30);
    const modified = db().prepare("SELECT detail FROM audit_log WHERE action = 'booking.modified'").pluck().all() as string[];
    expect(modified.map((d) => JSON.parse(d) as unknown)).toEqual([expect.objectContaining({ method: 'card', chargedMinor: booking.priceMinor - before.priceMinor, priceBefore: before.priceMinor })]);
    // The console's resend of the same change charges nothing again.
    const again = await expectOk(anna, 'bookings.modify', { id: before.id, version: before.version, ...LONGER, plate: 'AB12CDE', zoneId: 'ground', spaceType: 'regular', payment: { method: 'card', terminalId: 'booth-reader' }, idempotencyKey: k });
    expect(again).toMatchObject({ booking: { version: booking.version }, card: { outcome: 'succeeded' } });
    expect(captured()).toHaveLength(1);
    // Cancelled, each part goes back the way it came: the difference to the card, the rest from the drawer.
    const diff = booking.priceMinor - before.priceMinor;
    await expectOk(anna, 'bookings.cancel', { id: before.id, reason: 'plans changed', idempotencyKey: key() });
    expect((await expectOk(anna, 'bookings.get', { id: before.id })).money.map((m) => [m.kind, m.method, m.amountMinor])).toEqual([
      ['charge', 'cash', before.priceMinor], ['charge', 'card', diff], ['refund', 'card', diff], ['refund', 'cash', before.priceMinor],
    ]);
    await expect.poll(() => [...server.ledger.refunds.values()].map((r) => r.amount)).toEqual([diff]);
    expect(verifyAuditChain(kiosk.store.audit.iterate())).toMatchObject({ ok: true });
  });

  it('a declined card leaves the booking exactly as it was, holding only its old place', async () => {
    const { before, end } = await changeByCard('4000000000000002');
    expect(end).toMatchObject({ ok: true, value: { card: { outcome: 'declined', message: expect.stringMatching(/stays as it was/) } } });
    if (!end.ok) throw new Error(end.error.message);
    expect(end.value.booking).toEqual(before);
    expect(heldTotal()).toBe(8);
    expect(captured()).toEqual([]);
    expect(db().prepare("SELECT count(*) FROM audit_log WHERE action = 'booking.modified'").pluck().get()).toBe(0);
  });

  it('while the difference is on the reader, the booking cannot change again', async () => {
    const before = await bookInCash();
    const k = key();
    const onReader = reached(`${k}-card`, 'sent_to_reader');
    const change = { id: before.id, version: before.version, ...LONGER, plate: 'AB12CDE', zoneId: 'ground', spaceType: 'regular' as const };
    void anna.call('bookings.modify', { ...change, payment: { method: 'card', terminalId: 'booth-reader' }, idempotencyKey: k });
    await onReader;
    expect(heldTotal()).toBe(8 + 30); // old and staged places both held until the card decides
    const second = await anna.call('bookings.modify', { ...change, payment: { method: 'cash', tenderedMinor: 100_000 }, idempotencyKey: key() });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/card payment .* has not ended/) } });
    const finished = reached(`${k}-card`, 'finished');
    await expectOk(anna, 'bookings.cancelCard', { idempotencyKey: `${k}-card` });
    await finished;
    expect(heldTotal()).toBe(8);
    expect((await expectOk(anna, 'bookings.get', { id: before.id })).booking).toEqual(before);
  });

  it('a lost answer is reconciled from Stripe: captured and applied while the booking is as it was', async () => {
    await kiosk.close();
    await startKiosk({ followTimeoutMs: 200 });
    const { before, end } = await changeByCard('4242424242424242', { stripeGoneAfterReader: true });
    expect(end).toMatchObject({ ok: true, value: { card: { outcome: 'unavailable' }, booking: { version: before.version, endsAt: before.endsAt } } });
    expect(heldTotal()).toBe(8 + 30);
    await server.up();
    expect(await kiosk.services.bookingCards.reconcile()).toMatchObject({ recorded: 1, closed: 0, unfinished: 0 });
    const { booking } = await expectOk(anna, 'bookings.get', { id: before.id });
    expect(booking).toMatchObject({ ...LONGER, paidMinor: booking.priceMinor });
    expect(captured()).toHaveLength(1);
    expect(heldTotal()).toBe(30);
  });

  it('a lost answer for a booking cancelled meanwhile is released, never charged, and the staged place goes', async () => {
    await kiosk.close();
    await startKiosk({ followTimeoutMs: 200 });
    const { before } = await changeByCard('4242424242424242', { stripeGoneAfterReader: true });
    await expectOk(anna, 'bookings.cancel', { id: before.id, reason: 'driver went elsewhere', idempotencyKey: key() });
    expect(heldTotal()).toBe(30); // the staged place, until the card's outcome is known
    await server.up();
    expect(await kiosk.services.bookingCards.reconcile()).toMatchObject({ recorded: 0, closed: 1, unfinished: 0 });
    expect(captured()).toEqual([]);
    expect(heldTotal()).toBe(0);
  });
});

describe('a shift with a booking card payment in flight', () => {
  it('cannot close until the card on the reader has ended; then closes with the count unchanged by it', async () => {
    await expectOk(anna, 'shifts.open', { floatMinor: 1_000 });
    const driverId = await driver();
    const k = key();
    const onReader = reached(`${k}-card`, 'sent_to_reader');
    const finished = reached(`${k}-card`, 'finished');
    void anna.call('bookings.create', { driverId, plate: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: DAY_AFTER_9, endsAt: DAY_AFTER_9 + 8 * HOUR, payment: { method: 'card', terminalId: 'booth-reader' }, idempotencyKey: k });
    await onReader;
    const counted = { '1000': 1 };
    expect(await anna.call('shifts.close', { counted })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/card payment is still in flight on this shift \(1\): let it finish or cancel it on the reader/) } });
    expect((await expectOk(anna, 'shifts.current', {})).shift).toMatchObject({ closedAt: null });
    await expectOk(anna, 'bookings.cancelCard', { idempotencyKey: `${k}-card` });
    await finished;
    const { shift } = await expectOk(anna, 'shifts.close', { counted });
    expect(shift).toMatchObject({ expectedMinor: 1_000, varianceMinor: 0 });
  });
});
