/**
 * kill -9 of the kiosk at each step of a booking's card payment (a new booking, and a dearer change's difference),
 * then a restart: the real `stripe` SDK against the loopback Stripe server (which outlives the kiosk, as Stripe
 * does), a real SQLite file, a real SIGKILL of a real process. After start-up reconciliation: each captured charge is
 * exactly one recorded charge, no attempt is left unfinished, the place is held exactly while the booking wants it,
 * and a change applies only if its card was taken. One kill per distinct state; LOTKEEPER_CRASH_FULL=1 adds the kills
 * inside Stripe calls (a hung capture, before and after Stripe captured).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeServer, type StripeServer } from '../support/stripe-server';
import { killOnStripeRequest, runCrashChild, type ChildRun } from '../support/crash-child';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const CHILD = join(import.meta.dirname, 'bookings-crash-child.ts');
const FULL = process.env['LOTKEEPER_CRASH_FULL'] === '1';
/** The kills kept out of npm test are defined only when asked for, so a run without them counts no skipped test. */
const itWhenFull = (name: string, body: () => Promise<void>): void => {
  if (FULL) it(name, body);
};
let server: StripeServer;

beforeAll(async () => {
  server = await startStripeServer({ readers: ['tmr_booth'] });
});
afterAll(async () => server.close());

/** Runs the child; with `killAt`, it is killed (-9) the moment the kiosk's request to that Stripe path arrives. */
function runChild(args: string[], killAt?: RegExp): Promise<ChildRun> {
  return runCrashChild(CHILD, args, { started: killOnStripeRequest(server, killAt) });
}

interface State {
  attempts: { key: string; state: string; pi: string | null; change: number }[];
  money: { kind: string; method: string; amount: number; pi: string | null }[];
  bookings: { status: string; paid: number; price: number; hours: number }[];
  held: number;
}

const capturedCharges = () => [...server.ledger.charges.values()].filter((c) => c.captured);
const readerIdle = () => server.readers.reader('tmr_booth').action?.status !== 'in_progress';

async function crashAndRestart(crashAt: string, options: { present: boolean; change?: boolean; tapWhileDown?: boolean; killAt?: RegExp }): Promise<State> {
  const dataDir = tempDir();
  const chargesBefore = capturedCharges().length;
  const run = await runChild(['book', dataDir, String(server.port), crashAt, options.present ? '1' : '0', options.change ? '1' : '0'], options.killAt);
  expect(run.signal, run.stderr).toBe('SIGKILL');
  if (options.tapWhileDown) {
    const pending = [...server.ledger.intents.values()].at(-1)!;
    server.readers.present('tmr_booth', { card_present: { number: '4242424242424242' } });
    expect(server.ledger.intent(pending.id).status).toBe('requires_capture');
  }
  const restarted = await runChild(['reconcile', dataDir, String(server.port)]);
  expect(restarted.code, restarted.stderr).toBe(0);
  const again = await runChild(['reconcile', dataDir, String(server.port)]);
  expect(again.last!['money'], 'a second restart changes nothing').toEqual(restarted.last!['money']);
  const state = restarted.last as unknown as State;
  // Whatever the step: each captured charge is exactly one recorded card charge, nothing is left unfinished.
  const newCharges = capturedCharges().length - chargesBefore;
  expect(state.money.filter((m) => m.kind === 'charge' && m.method === 'card')).toHaveLength(newCharges);
  expect(newCharges).toBeLessThanOrEqual(1);
  expect(state.attempts.every((a) => a.state !== 'created' && a.state !== 'sent_to_reader')).toBe(true);
  // Every booking pays what it holds (no money lost): paid is its price when it is live and prepaid.
  for (const b of state.bookings) if (b.status === 'booked') expect(b.paid).toBe(b.price);
  expect(readerIdle()).toBe(true);
  return state;
}

const released = { status: 'cancelled', paid: 0 };

describe('kill -9 at each step of a new booking paid by card, then restart', () => {
  it('after the booking and its attempt are committed, before Stripe: closed as never sent, the place released', async () => {
    const intents = server.ledger.intents.size;
    const state = await crashAndRestart('attempt_committed', { present: false });
    expect(server.ledger.intents.size).toBe(intents);
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'failed', pi: null })]);
    expect(state.bookings).toEqual([expect.objectContaining(released)]);
    expect(state.held).toBe(0);
  });

  it('on the reader, no card: the PaymentIntent cancelled, the reader cleared, the place released', async () => {
    const state = await crashAndRestart('sent_to_reader', { present: false });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'cancelled' })]);
    expect(server.ledger.intent(state.attempts[0]!.pi!).status).toBe('canceled');
    expect(state.bookings).toEqual([expect.objectContaining(released)]);
    expect(state.held).toBe(0);
  });

  it('on the reader, the driver taps while the kiosk is down: captured once, recorded, the place held', async () => {
    const state = await crashAndRestart('sent_to_reader', { present: false, tapWhileDown: true });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect(state.bookings).toEqual([expect.objectContaining({ status: 'booked', hours: 8 })]);
    expect(state.held).toBe(8);
  });

  it('after Stripe captured, before the charge is committed: recorded from Stripe, charged once', async () => {
    const state = await crashAndRestart('captured', { present: true });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect(server.ledger.intent(state.attempts[0]!.pi!).status).toBe('succeeded');
    expect(state.money).toEqual([expect.objectContaining({ kind: 'charge', method: 'card', pi: state.attempts[0]!.pi })]);
    expect(state.held).toBe(8);
  });

  itWhenFull('during capture, before Stripe captured: the authorisation the booking still wants is captured once', async () => {
    server.faults.inject({ mode: 'hang', method: 'POST', path: /\/capture$/ });
    const state = await crashAndRestart('none', { present: true, killAt: /\/capture$/ });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect(state.held).toBe(8);
  });

  itWhenFull('during capture, after Stripe captured but before the kiosk heard: recorded from Stripe, once', async () => {
    server.faults.inject({ mode: 'hang_after', method: 'POST', path: /\/capture$/ });
    const state = await crashAndRestart('none', { present: true, killAt: /\/capture$/ });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect(state.held).toBe(8);
  });
}, 180_000);

describe('kill -9 at each step of a dearer change paid by card, then restart', () => {
  it('after the change is staged, before Stripe: the booking stays as it was, the staged place released', async () => {
    const state = await crashAndRestart('attempt_committed', { present: false, change: true });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'failed', change: 1 })]);
    expect(state.bookings).toEqual([expect.objectContaining({ status: 'booked', hours: 8 })]);
    expect(state.money.map((m) => [m.kind, m.method])).toEqual([['charge', 'cash']]);
    expect(state.held).toBe(8);
  });

  it('on the reader, the driver taps while the kiosk is down: captured once, the change applied, the old place released', async () => {
    const state = await crashAndRestart('sent_to_reader', { present: false, change: true, tapWhileDown: true });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded', change: 1 })]);
    expect(state.bookings).toEqual([expect.objectContaining({ status: 'booked', hours: 30 })]);
    expect(state.money.map((m) => [m.kind, m.method])).toEqual([['charge', 'cash'], ['charge', 'card']]);
    expect(state.held).toBe(30);
  });

  itWhenFull('after Stripe captured, before the change is committed: applied from Stripe, charged once', async () => {
    const state = await crashAndRestart('captured', { present: true, change: true });
    expect(state.bookings).toEqual([expect.objectContaining({ status: 'booked', hours: 30 })]);
    expect(state.held).toBe(30);
  });

  itWhenFull('on the reader, no card: cancelled, the booking as it was', async () => {
    const state = await crashAndRestart('sent_to_reader', { present: false, change: true });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'cancelled', change: 1 })]);
    expect(state.bookings).toEqual([expect.objectContaining({ status: 'booked', hours: 8 })]);
    expect(state.held).toBe(8);
  });
}, 180_000);
