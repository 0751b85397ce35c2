/**
 * The kiosk of the fault campaign (bench/lib/fault-campaign.ts), in its own process so that it can be killed with
 * SIGKILL at any moment. It drives vehicles 0..N-1 through the demo site's lanes, resuming from what the database
 * holds after each restart: entry (session, then the barrier), payment at the exit (cash, card on the loopback
 * Stripe reader or the campaign's wallet, by the vehicle's number), exit (session closed, then the barrier); every
 * tenth car stays inside. Each step the kiosk has committed is told on stdout as one JSON line ({"ack": ...}) at the
 * moment its barrier would lift, and each barrier pulse is told ({"pulse": ...}) before it goes to the relay board
 * (a real serial line whose cable the campaign pulls): the campaign checks them against the database and the board.
 * On a full disk the kiosk refuses what it cannot record and the attendant tries again once there is room; some
 * stays see the wall clock jump two hours (forward or back) between their entry and their exit.
 *   fault-kiosk.ts '<JSON FaultKioskSetup>'
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import Stripe from 'stripe';
import { isDiskFull } from '../../electron/kiosk/disk/unrecorded';
import { KioskError } from '../../electron/kiosk/errors';
import { lostClockJumps, readClockJournal } from '../../electron/kiosk/clock-jumps';
import { databaseFile } from '../../electron/kiosk/data-dir';
import { createKiosk } from '../../electron/kiosk/kiosk';
import { OutboxRepo } from '../../electron/kiosk/store/outbox-repo';
import { createRelayBoard } from '../../native/relay';
import { BARRIER_CHANNEL, JUMP_EVERY, JUMP_MS, START, STAY_MS, type FaultKioskSetup } from './fault-setup';

const setup = JSON.parse(process.argv[2] ?? 'null') as FaultKioskSetup | null;
if (!setup) throw new Error("usage: fault-kiosk.ts '<JSON FaultKioskSetup>'");
const { dataDir, vehicles } = setup;
const READER = 'tmr_lane1';
const endpoint = { host: '127.0.0.1', port: setup.stripePort, protocol: 'http' as const };
/**
 * Where this life starts: the wall clock as the last life left it, set before the kiosk starts, since its start-up
 * already prices stays (a card captured before the kill is reconciled then). That is every jump the last kiosk saw
 * (audited, or kept in its clock journal when the disk was full) on top of the campaign's time of its newest record.
 * A life that began with the clock set right again would be a jump forward made while the kiosk was stopped, which
 * no kiosk can see (clock-guard.ts): a stay priced after it would be wrong by design, not by a defect.
 */
function whereTheLastLifeLeft(): { campaignAt: number; jump: number } {
  const file = databaseFile(dataDir);
  if (!existsSync(file)) return { campaignAt: START, jump: 0 };
  const db = new Database(file, { readonly: true });
  try {
    const audited = (db.prepare("SELECT detail FROM audit_log WHERE action = 'clock.jumped'").pluck().all() as string[]).map((detail) => JSON.parse(detail) as { at: number; jumpMs: number });
    const lost = lostClockJumps(audited, readClockJournal(dataDir));
    const seen = [...audited, ...lost].reduce((sum, { jumpMs }) => sum + jumpMs, 0);
    // Each jump also holds the milliseconds between the two clocks' readings: the campaign's jumps are whole ones.
    const jump = Math.round(seen / JUMP_MS) * JUMP_MS;
    // Nothing was recorded after a lost jump (the disk stayed full until the kill).
    const newest = new OutboxRepo(db).newestAt() ?? START + jump;
    return { campaignAt: newest + lost.reduce((sum, { jumpMs }) => sum + jumpMs, 0) - jump, jump };
  } finally {
    db.close();
  }
}

const lastLife = whereTheLastLifeLeft();
/** The campaign's time: each car's entry and exit at their own minutes. It never jumps (the guard's monotonic clock). */
let shift = lastLife.campaignAt - Date.now();
/** The wall clock's jump on top of it: a kill leaves it as it was. */
let jump = lastLife.jump;

const kiosk = await createKiosk({
  dataDir,
  logToFile: false,
  devices: 'none',
  clock: () => Date.now() + shift + jump,
  monotonic: () => Date.now() + shift,
  headOffice: { ...setup.headOffice, timeoutMs: 2_000, batchSize: 200 },
  sync: { idleMs: 20, backoff: { baseMs: 20, maxMs: 200 } },
  payments: { qrSecret: 'fault-campaign', searchLagMs: 0, followTimeoutMs: 15_000, terminals: [{ id: 'lane1', laneId: 'out1', driver: 'stripe', readerId: READER, secretKey: 'sk_test_loopback', endpoint }] },
});
const { services, store } = kiosk;
const ack = (what: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ack: what })}\n`);
const attendant = store.db.prepare("SELECT id, username, role FROM users WHERE username = 'anna'").get() as { id: number; username: string; role: 'attendant' };
const relay = createRelayBoard({ protocol: 'modbus', channels: 4, modbusAddress: 1, id: 'campaign', port: setup.relayPort }, { reconnect: { initialMs: 20, maxMs: 200 } });
const customer = new Stripe('sk_test_loopback', { ...endpoint, telemetry: false });
services.core.bus.subscribe((name, payload) => {
  if (name === 'payments.progress' && (payload as { step: string }).step === 'sent_to_reader') {
    void customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: '4242424242424242' } }).catch(() => undefined);
  }
});
/**
 * What an attendant does when the kiosk says the disk is full: waits for room and does it again. The kiosk wrote
 * nothing for a step it refused (its promise), so the step is simply done again.
 */
async function whenRoom<T>(step: () => T | Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!isDiskFull(error) && !(error instanceof KioskError && error.code === 'disk_full')) throw error;
      await services.disk.check();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

await whenRoom(() => services.payments.reconcile());
// Cash goes into the attendant's drawer: a shift is opened once (a kill may land between two starts: open only if none).
if (!services.shifts.current(attendant)) await whenRoom(() => services.shifts.open(10_000, attendant));
const WALLET_HOLDER = 'Fault campaign';
const wallet = store.db.prepare('SELECT id, balance_minor AS balance FROM wallets WHERE holder = ?');
const walletId = ((wallet.get(WALLET_HOLDER) as { id: number } | undefined) ?? (await whenRoom(() => services.payments.accounts.create(WALLET_HOLDER, [], attendant)))).id;

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
    const opened = await whenRoom(() => services.sessions.open({ plateRaw: plate, plateConfidence: 0.97, plateImage: null, ...lane, vehicleClass: 'car', spaceType: 'regular', manualReason: null, decision: { code: 'open_transient', ref: null } }, null));
    ack({ step: 'entry', vehicle: i, sessionId: opened.id, laneId: lane.laneId });
    await lift(i, 'entry');
    session = { id: opened.id, status: opened.status };
  }
  // Inside is 'open' or 'paid' (paid, then killed before the barrier).
  if ((session.status !== 'open' && session.status !== 'paid') || i % 10 === 0) return;
  shift = entryAt + STAY_MS - Date.now();
  if (i % JUMP_EVERY === 3) jump = (i % 2 === 0 ? 1 : -1) * JUMP_MS;
  const owed = await whenRoom(() => settleEarlierAttempts(session.id));
  if (owed > 0) await pay(i, session.id, owed);
  const { session: closed } = await whenRoom(() => services.sessions.close(session.id, { laneId: 'out1', manualReason: null, code: 'paid' }, null));
  ack({ step: 'exit', vehicle: i, sessionId: closed.id });
  await lift(i, 'exit');
  if (jump !== 0) {
    // The clock is set right again; the guard sees that step back before the next car comes in.
    jump = 0;
    services.clock.check();
  }
}

/**
 * The barrier lifts after the decision is on record. A pulse the board did not answer (the cable pulled) is tried
 * again once it is back; each try is told first, so every relay that moved had a recorded decision behind it.
 */
async function lift(i: number, step: 'entry' | 'exit'): Promise<void> {
  for (let tries = 1; ; tries++) {
    process.stdout.write(`${JSON.stringify({ pulse: { vehicle: i, step } })}\n`);
    try {
      await relay.pulse(BARRIER_CHANNEL[step], 20);
      return;
    } catch (error) {
      if (tries >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
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
  if (i % 3 === 2) return payByWallet(i, sessionId, due);
  const { payment } = await whenRoom(() => services.payments.payCash({ sessionId, idempotencyKey: `fault-${i}-cash`, amountMinor: due, tenderedMinor: due, currency: 'GBP' }, attendant));
  ack({ step: 'paid', vehicle: i, sessionId, method: 'cash', amountMinor: due, paymentId: payment.id });
}

/** The campaign's wallet, topped up (each top-up on record, so its balance can be checked) when it runs low. */
async function payByWallet(i: number, sessionId: number, due: number): Promise<void> {
  const { balance } = wallet.get(WALLET_HOLDER) as { balance: number };
  if (balance < due) await whenRoom(() => services.payments.accounts.topUp(walletId, 100_000, 'fault campaign', attendant));
  const { payment } = await whenRoom(() => services.payments.payWallet({ sessionId, idempotencyKey: `fault-${i}-wallet`, amountMinor: due, currency: 'GBP', walletId }, attendant));
  ack({ step: 'paid', vehicle: i, sessionId, method: 'wallet', amountMinor: due, paymentId: payment.id });
}

/** False when the reader could not be reached before anything was sent (a loaded machine): the attendant takes cash. */
async function payByCard(i: number, sessionId: number, due: number): Promise<boolean> {
  const key = `fault-${i}-card-${Number(attempts.get(sessionId))}`;
  const result = await whenRoom(() => services.payments.payCard({ sessionId, terminalId: 'lane1', idempotencyKey: key, amountMinor: due, currency: 'GBP' }, attendant));
  if (result.outcome === 'unavailable') return false;
  if (result.outcome !== 'succeeded') throw new Error(`card payment for vehicle ${i}: ${result.outcome} (${result.message})`);
  // Charged while the disk filled: the kiosk keeps the payment in memory and writes it once there is room.
  const paymentId = result.payment?.id ?? (await recordedCard(key));
  ack({ step: 'paid', vehicle: i, sessionId, method: 'card', amountMinor: due, paymentId });
  return true;
}

async function recordedCard(key: string): Promise<number> {
  const byKey = store.db.prepare('SELECT id FROM payments WHERE idempotency_key = ?').pluck();
  for (;;) {
    await services.disk.check();
    const id = byKey.get(key) as number | undefined;
    if (id !== undefined) return id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const first = Number(store.db.prepare("SELECT count(*) FROM sessions WHERE plate_key LIKE 'FC%'").pluck().get());
// Resume a little before the first vehicle never seen: the one in progress when the kiosk was killed.
for (let i = Math.max(0, first - 2); i < vehicles; i++) await drive(i);
await relay.close();
await kiosk.close();
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
