/**
 * A kiosk in its own process, for the kill -9 tests (payments-crash.test.ts), which runs its esbuild bundle
 * (test/support/crash-child.ts); by hand, node --import tsx on this file:
 *   pay <dataDir> <stripePort> <crashAt|none> <presentCard 0|1>: opens a session 1 h 55 min ago and pays it by card on
 *     the loopback Stripe reader, killing itself with SIGKILL the moment the payment reaches step <crashAt>;
 *   reconcile <dataDir> <stripePort>: starts the kiosk (start-up reconciliation) and prints the database's view.
 * The last stdout line is one JSON object.
 */
import Stripe from 'stripe';
import { createKiosk } from '../../electron/kiosk/kiosk';

const [mode, dataDir, portText, crashAt = 'none', present = '0'] = process.argv.slice(2);
const port = Number(portText);
const READER = 'tmr_lane1';
const endpoint = { host: '127.0.0.1', port, protocol: 'http' as const };
let offsetMs = mode === 'pay' ? -115 * 60_000 : 0; // in 1 h 55 min ago: owes 6.50
// The test sets every child's clock to the same late morning: the demo tariff's evening rates would change the price.
const clockShiftMs = Number(process.env['CRASH_TEST_CLOCK_SHIFT_MS'] ?? 0);
// A wall clock jump (CRASH_TEST_JUMP_MS): in pay mode once the session is open; a kill leaves the clock as it was.
const jumpMs = Number(process.env['CRASH_TEST_JUMP_MS'] ?? 0);
let jump = mode === 'pay' ? 0 : jumpMs;

const kiosk = await createKiosk({
  dataDir: dataDir!,
  logToFile: false,
  // No lane devices: this child is killed with -9, and the demo world's socat would outlive it.
  devices: 'none',
  clock: () => Date.now() + clockShiftMs + offsetMs + jump,
  monotonic: () => Date.now() + clockShiftMs + offsetMs,
  payments: { qrSecret: 'crash-test', searchLagMs: 0, followTimeoutMs: 15_000, terminals: [{ id: 'lane1', laneId: 'out1', driver: 'stripe', readerId: READER, secretKey: 'sk_test_loopback', endpoint }] },
});
const { services, store } = kiosk;

if (mode === 'pay') {
  const anna = store.db.prepare("SELECT id, username, role FROM users WHERE username = 'anna'").get() as { id: number; username: string; role: 'attendant' };
  const session = services.sessions.open({ plateRaw: 'CR45HED', plateConfidence: null, plateImage: null, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: 'crash test' }, anna);
  offsetMs = 0;
  jump = jumpMs;
  services.clock.check();
  const due = services.payments.quote(session.id).dueMinor;
  const customer = new Stripe('sk_test_loopback', { ...endpoint, telemetry: false });
  services.core.bus.subscribe((name, payload) => {
    if (name !== 'payments.progress') return;
    const step = (payload as { step: string }).step;
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
    if (step === 'sent_to_reader' && present === '1') void customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: '4242424242424242' } });
  });
  const result = await services.payments.payCard({ sessionId: session.id, terminalId: 'lane1', idempotencyKey: `crash-${process.pid}-${Date.now()}`, amountMinor: due, currency: 'GBP' }, anna);
  await kiosk.close();
  console.log(JSON.stringify({ sessionId: session.id, outcome: result.outcome, message: result.message }));
} else {
  const reconciled = await services.payments.reconcile();
  const state = {
    reconciled,
    attempts: store.db.prepare('SELECT idempotency_key AS key, state, stripe_payment_intent AS pi FROM payment_attempts').all(),
    payments: store.db.prepare('SELECT id, amount_minor AS amount, method, receipt_no AS receiptNo, stripe_payment_intent AS pi FROM payments').all(),
    sessions: store.db.prepare('SELECT id, status, paid_minor AS paid FROM sessions').all(),
    charges: store.db.prepare('SELECT event, total_minor AS total, paid_minor AS paid FROM session_charges ORDER BY id').all(),
    receipts: store.db.prepare('SELECT count(*) FROM receipts').pluck().get(),
  };
  await kiosk.close();
  console.log(JSON.stringify(state));
}
