/**
 * A kiosk in its own process, for the booking card kill -9 tests (bookings-crash.test.ts). Run with tsx:
 *   book <dataDir> <stripePort> <crashAt|none> <presentCard 0|1> <change 0|1>: books 09:00-17:00 the day after
 *     tomorrow by card on the loopback Stripe reader (with change=1: books it in cash, then changes it to end at 15:00
 *     the next day, the difference by card), killing itself with SIGKILL the moment the card reaches step <crashAt>;
 *   reconcile <dataDir> <stripePort>: starts the kiosk, settles the booking card attempts and prints the database's view.
 * The last stdout line is one JSON object.
 */
import Stripe from 'stripe';
import { createKiosk } from '../../electron/kiosk/kiosk';

const [mode, dataDir, portText, crashAt = 'none', present = '0', change = '0'] = process.argv.slice(2);
const port = Number(portText);
const READER = 'tmr_booth';
const HOUR = 3_600_000;
const endpoint = { host: '127.0.0.1', port, protocol: 'http' as const };
const STARTS = Math.floor(Date.now() / 86_400_000 + 2) * 86_400_000 + 9 * HOUR;

const kiosk = await createKiosk({
  dataDir: dataDir!,
  logToFile: false,
  devices: 'none',
  payments: { qrSecret: 'crash-test', searchLagMs: 0, followTimeoutMs: 15_000, reconcileEveryMs: 3_600_000, terminals: [{ id: 'booth-reader', laneId: null, driver: 'stripe', readerId: READER, secretKey: 'sk_test_loopback', endpoint }] },
});
const { services, store } = kiosk;

if (mode === 'book') {
  const anna = store.db.prepare("SELECT id, username, role FROM users WHERE username = 'anna'").get() as { id: number; username: string; role: 'attendant' };
  const driver = services.drivers.create({ name: 'Crash Driver', phone: null, email: null, smsConsent: false, notes: '', vehicles: [{ plate: 'CR45HED', vehicleClass: 'car', make: '', colour: '' }], withWallet: false }, anna);
  const customer = new Stripe('sk_test_loopback', { ...endpoint, telemetry: false });
  services.core.bus.subscribe((name, payload) => {
    if (name !== 'payments.progress') return;
    const step = (payload as { step: string }).step;
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
    if (step === 'sent_to_reader' && present === '1') void customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: '4242424242424242' } });
  });
  const place = { plate: 'CR45HED', zoneId: 'ground', spaceType: 'regular' as const, spaceId: null };
  const key = `crash-${process.pid}-${Date.now()}`;
  const card = { method: 'card' as const, terminalId: 'booth-reader' };
  let result: { card?: { outcome: string } };
  if (change === '1') {
    services.shifts.open(0, anna);
    const { booking } = services.bookings.create({ ...place, driverId: driver.id, vehicleClass: 'car', startsAt: STARTS, endsAt: STARTS + 8 * HOUR, payment: { method: 'cash', tenderedMinor: 100_000 }, idempotencyKey: `${key}-cash` }, anna);
    result = await services.bookingCards.modify(booking.id, booking.version, { ...place, startsAt: STARTS, endsAt: STARTS + 30 * HOUR, payment: card, idempotencyKey: key }, anna);
  } else {
    result = await services.bookingCards.book({ ...place, driverId: driver.id, vehicleClass: 'car', startsAt: STARTS, endsAt: STARTS + 8 * HOUR, payment: card, idempotencyKey: key }, anna);
  }
  await kiosk.close();
  console.log(JSON.stringify({ outcome: result.card?.outcome }));
} else {
  const reconciled = await services.bookingCards.reconcile();
  const state = {
    reconciled,
    attempts: store.db.prepare('SELECT idempotency_key AS key, state, stripe_payment_intent AS pi, pending_change IS NOT NULL AS change FROM booking_card_attempts').all(),
    money: store.db.prepare('SELECT kind, method, amount_minor AS amount, stripe_payment_intent AS pi FROM booking_payments ORDER BY id').all(),
    bookings: store.db.prepare('SELECT status, paid_minor AS paid, price_minor AS price, (ends_at - starts_at) / 3600000 AS hours FROM bookings').all(),
    held: store.db.prepare('SELECT coalesce(sum(site_held + ho_held), 0) FROM booking_holds').pluck().get(),
  };
  await kiosk.close();
  console.log(JSON.stringify(state));
}
