/**
 * The kiosk of the fault campaign (bench/lib/fault-campaign.ts), in its own process so that it can be killed with
 * SIGKILL at any moment. It drives vehicles 0..N-1 through the demo site's lanes, resuming from what the database
 * holds after each restart: entry (session, then the barrier), payment at the exit (cash or card on the loopback
 * Stripe reader, by the vehicle's number), exit (session closed, then the barrier); every tenth car stays inside.
 * Each step the kiosk has committed is told on stdout as one JSON line ({"ack": ...}) at the moment its barrier
 * would lift: the campaign checks each one against the database after the next restart.
 *   fault-kiosk.ts <dataDir> <vehicles> <headOfficeUrl> <token> <stripePort>
 */
import Stripe from 'stripe';
import { createKiosk } from '../../electron/kiosk/kiosk';

const [dataDir, vehiclesText, url, token, portText] = process.argv.slice(2);
if (!dataDir || !vehiclesText || !url || !token || !portText) throw new Error('usage: fault-kiosk.ts <dataDir> <vehicles> <headOfficeUrl> <token> <stripePort>');
const vehicles = Number(vehiclesText);
const READER = 'tmr_lane1';
const endpoint = { host: '127.0.0.1', port: Number(portText), protocol: 'http' as const };
/** Vehicle i comes in at START + i minutes and leaves 2 h 10 min later (a daytime stay that owes money). */
const START = Date.UTC(2026, 10, 2, 8);
const STAY_MS = 130 * 60_000;
let shift = 0;

const kiosk = await createKiosk({
  dataDir,
  logToFile: false,
  devices: 'none',
  clock: () => Date.now() + shift,
  headOffice: { url, token, timeoutMs: 2_000, batchSize: 200 },
  sync: { idleMs: 20, backoff: { baseMs: 20, maxMs: 200 } },
  payments: { qrSecret: 'fault-campaign', searchLagMs: 0, followTimeoutMs: 15_000, terminals: [{ id: 'lane1', laneId: 'out1', driver: 'stripe', readerId: READER, secretKey: 'sk_test_loopback', endpoint }] },
});
const { services, store } = kiosk;
const ack = (what: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ack: what })}\n`);
const attendant = store.db.prepare("SELECT id, username, role FROM users WHERE username = 'anna'").get() as { id: number; username: string; role: 'attendant' };
const customer = new Stripe('sk_test_loopback', { ...endpoint, telemetry: false });
services.core.bus.subscribe((name, payload) => {
  if (name === 'payments.progress' && (payload as { step: string }).step === 'sent_to_reader') {
    void customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: '4242424242424242' } }).catch(() => undefined);
  }
});
await services.payments.reconcile();
// Cash goes into the attendant's drawer: a shift is opened once (a kill may land between two starts: open only if none).
if (!services.shifts.current(attendant)) services.shifts.open(10_000, attendant);

const plateOf = (i: number): string => `FC${String(i).padStart(5, '0')}X`;
const latest = store.db.prepare('SELECT id, status FROM sessions WHERE plate_key = ? ORDER BY id DESC LIMIT 1');
const attempts = store.db.prepare('SELECT count(*) FROM payment_attempts WHERE session_id = ?').pluck();

async function drive(i: number): Promise<void> {
  const plate = plateOf(i);
  const entryAt = START + i * 60_000;
  let session = latest.get(plate) as { id: number; status: string } | undefined;
  if (!session) {
    shift = entryAt - Date.now();
    const lane = i % 2 === 0 ? { laneId: 'in1', zoneId: 'ground' } : { laneId: 'in2', zoneId: 'upper' };
    const opened = services.sessions.open({ plateRaw: plate, plateConfidence: 0.97, plateImage: null, ...lane, vehicleClass: 'car', spaceType: 'regular', manualReason: null, decision: { code: 'open_transient', ref: null } }, null);
    ack({ step: 'entry', vehicle: i, sessionId: opened.id, laneId: lane.laneId });
    session = { id: opened.id, status: opened.status };
  }
  // Inside is 'open' or 'paid' (paid, then killed before the barrier).
  if ((session.status !== 'open' && session.status !== 'paid') || i % 10 === 0) return;
  shift = entryAt + STAY_MS - Date.now();
  const owed = await settleEarlierAttempts(session.id);
  if (owed > 0) await pay(i, session.id, owed);
  const { session: closed } = services.sessions.close(session.id, { laneId: 'out1', manualReason: null, code: 'paid' }, null);
  ack({ step: 'exit', vehicle: i, sessionId: closed.id });
}

/**
 * What the car owes once an earlier card attempt (cut by a kill) is settled: the kiosk refuses a second one while
 * Stripe is still asked about the first, so the attendant waits, as the kiosk tells them to, rather than double it.
 */
async function settleEarlierAttempts(sessionId: number): Promise<number> {
  for (let wait = 0; wait < 60 && services.payments.repo.unfinishedAttempts({ sessionId }).length > 0; wait++) {
    await services.payments.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return services.payments.dueAtExit(sessionId);
}

async function pay(i: number, sessionId: number, due: number): Promise<void> {
  if (i % 3 === 1 && (await payByCard(i, sessionId, due))) return;
  const { payment } = services.payments.payCash({ sessionId, idempotencyKey: `fault-${i}-cash`, amountMinor: due, tenderedMinor: due, currency: 'GBP' }, attendant);
  ack({ step: 'paid', vehicle: i, sessionId, method: 'cash', amountMinor: due, paymentId: payment.id });
}

/** False when the reader could not be reached before anything was sent (a loaded machine): the attendant takes cash. */
async function payByCard(i: number, sessionId: number, due: number): Promise<boolean> {
  const key = `fault-${i}-card-${Number(attempts.get(sessionId))}`;
  const result = await services.payments.payCard({ sessionId, terminalId: 'lane1', idempotencyKey: key, amountMinor: due, currency: 'GBP' }, attendant);
  if (result.outcome === 'unavailable') return false;
  if (result.outcome !== 'succeeded') throw new Error(`card payment for vehicle ${i}: ${result.outcome} (${result.message})`);
  ack({ step: 'paid', vehicle: i, sessionId, method: 'card', amountMinor: due, paymentId: result.payment!.id });
  return true;
}

process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const first = Number(store.db.prepare("SELECT count(*) FROM sessions WHERE plate_key LIKE 'FC%'").pluck().get());
// Resume a little before the first vehicle never seen: the one in progress when the kiosk was killed.
for (let i = Math.max(0, first - 2); i < vehicles; i++) await drive(i);
await kiosk.close();
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
