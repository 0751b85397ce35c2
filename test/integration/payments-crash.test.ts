/**
 * kill -9 of the kiosk at each step of a card payment, then a restart: the real `stripe` SDK against the loopback
 * Stripe server (which outlives the kiosk, as Stripe does), a real SQLite file, a real SIGKILL of a real process.
 * After start-up reconciliation: never two charges, never a charge without its payment, the session's state right.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeServer, type StripeServer } from '../support/stripe-server';
import { runCrashChild, type ChildRun } from '../support/crash-child';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const CHILD = join(import.meta.dirname, 'payments-crash-child.ts');
let server: StripeServer;
const DAY_MS = 86_400_000;
/** Every child's kiosk reads 11:00 UTC today when the file starts: the 6.50 of a 1 h 55 min stay is a daytime price. */
const CLOCK_SHIFT_MS = Math.floor(Date.now() / DAY_MS) * DAY_MS + 11 * 3_600_000 - Date.now();

beforeAll(async () => {
  server = await startStripeServer({ readers: ['tmr_lane1'] });
});
afterAll(async () => server.close());

/** Runs the child; with `killAt`, this test kills it (-9) the moment the kiosk's request to that Stripe path arrives. */
function runChild(args: string[], killAt?: RegExp, jumpMs = 0): Promise<ChildRun> {
  const seenBefore = server.requests.length;
  return runCrashChild(CHILD, args, {
    env: { ...process.env, CRASH_TEST_CLOCK_SHIFT_MS: String(CLOCK_SHIFT_MS), CRASH_TEST_JUMP_MS: String(jumpMs) },
    started: (child) => {
      const watch = killAt && setInterval(() => server.requests.slice(seenBefore).some((r) => killAt.test(r.path)) && child.kill('SIGKILL'), 20);
      child.on('exit', () => clearInterval(watch));
    },
  });
}

interface State {
  attempts: { key: string; state: string; pi: string | null }[];
  payments: { amount: number; pi: string | null }[];
  sessions: { status: string; paid: number }[];
  charges: { event: string; total: number; paid: number }[];
  receipts: number;
}

const capturedCharges = () => [...server.ledger.charges.values()].filter((c) => c.captured);
const readerIdle = () => server.readers.reader('tmr_lane1').action?.status !== 'in_progress';

async function crashAndRestart(crashAt: string, options: { presentBeforeCrash: boolean; tapWhileDown?: boolean; killAt?: RegExp; jumpMs?: number }): Promise<State> {
  const dataDir = tempDir();
  const chargesBefore = capturedCharges().length;
  const paid = await runChild(['pay', dataDir, String(server.port), crashAt, options.presentBeforeCrash ? '1' : '0'], options.killAt, options.jumpMs);
  expect(paid.signal, paid.stderr).toBe('SIGKILL');
  if (options.tapWhileDown) {
    const pending = [...server.ledger.intents.values()].at(-1)!;
    server.readers.present('tmr_lane1', { card_present: { number: '4242424242424242' } });
    expect(server.ledger.intent(pending.id).status).toBe('requires_capture');
  }
  const restarted = await runChild(['reconcile', dataDir, String(server.port)], undefined, options.jumpMs);
  expect(restarted.code, restarted.stderr).toBe(0);
  const again = await runChild(['reconcile', dataDir, String(server.port)], undefined, options.jumpMs);
  expect(again.last!['payments'], 'a second restart changes nothing').toEqual(restarted.last!['payments']);
  const state = restarted.last as unknown as State;
  // The invariants that hold whatever the step: each captured charge is exactly one recorded payment.
  const newCharges = capturedCharges().length - chargesBefore;
  expect(state.payments).toHaveLength(newCharges);
  expect(newCharges).toBeLessThanOrEqual(1);
  expect(state.attempts.every((a) => a.state !== 'created' && a.state !== 'sent_to_reader')).toBe(true);
  expect(readerIdle()).toBe(true);
  return state;
}

describe('kill -9 at each step of a card payment, then restart', () => {
  it('before the attempt is committed: nothing at Stripe, nothing owed is lost', async () => {
    const state = await crashAndRestart('quoted', { presentBeforeCrash: false });
    expect(state.attempts).toEqual([]);
    expect(state.sessions).toEqual([expect.objectContaining({ status: 'open', paid: 0 })]);
  });

  it('after the attempt is committed, before any Stripe call: the attempt is closed as never sent', async () => {
    const intents = server.ledger.intents.size;
    const state = await crashAndRestart('attempt_committed', { presentBeforeCrash: false });
    expect(server.ledger.intents.size).toBe(intents);
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'failed', pi: null })]);
    expect(state.sessions[0]).toMatchObject({ status: 'open', paid: 0 });
  });

  it('after process_payment_intent, no card presented: the PaymentIntent is cancelled and the reader cleared', async () => {
    const state = await crashAndRestart('sent_to_reader', { presentBeforeCrash: false });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'cancelled' })]);
    expect(server.ledger.intent(state.attempts[0]!.pi!).status).toBe('canceled');
    expect(state.sessions[0]).toMatchObject({ status: 'open', paid: 0 });
  });

  it('after process_payment_intent, the driver taps while the kiosk is down: captured once and recorded', async () => {
    const state = await crashAndRestart('sent_to_reader', { presentBeforeCrash: false, tapWhileDown: true });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect(state.payments).toEqual([expect.objectContaining({ amount: 650, pi: state.attempts[0]!.pi })]);
    expect(state.sessions[0]).toMatchObject({ status: 'paid', paid: 650 });
    expect(state.receipts).toBe(1);
  });

  it('after capture, before the payment is committed: recorded from Stripe, charged once', async () => {
    const state = await crashAndRestart('captured', { presentBeforeCrash: true });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect(server.ledger.intent(state.attempts[0]!.pi!).status).toBe('succeeded');
    expect(state.sessions[0]).toMatchObject({ status: 'paid', paid: 650 });
  });

  // The fault campaign's doubled payments and mispriced stays: reconciliation priced the payment with a jump the
  // restarted kiosk had forgotten, so the stay owed (forward) or was charged less than it paid (back).
  for (const jumpMs of [2 * 3_600_000, -2 * 3_600_000]) {
    it(`after capture, with the wall clock jumped ${jumpMs > 0 ? 'forward' : 'back'} 2 h before the kill: recorded at the stay's own price, owing nothing`, async () => {
      const state = await crashAndRestart('captured', { presentBeforeCrash: true, jumpMs });
      expect(state.sessions[0]).toMatchObject({ status: 'paid', paid: 650 });
      expect(state.charges).toEqual([{ event: 'payment', total: 650, paid: 650 }]);
    });
  }

  it('after the PaymentIntent is created, while it is being handed to the reader: found by its key and cancelled', async () => {
    server.faults.inject({ mode: 'hang', method: 'POST', path: /\/process_payment_intent$/ }); // killed before the reader gets it
    const state = await crashAndRestart('none', { presentBeforeCrash: false, killAt: /\/process_payment_intent$/ });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'cancelled' })]);
    const intent = server.ledger.intent(state.attempts[0]!.pi!);
    expect(intent.metadata['lotkeeper_attempt']).toBe(state.attempts[0]!.key);
    expect(intent.status).toBe('canceled');
    expect(state.sessions[0]).toMatchObject({ status: 'open', paid: 0 });
  });

  it('during capture, before Stripe captured: the authorisation the stay still owes is captured once on restart', async () => {
    server.faults.inject({ mode: 'hang', method: 'POST', path: /\/capture$/ });
    const state = await crashAndRestart('none', { presentBeforeCrash: true, killAt: /\/capture$/ });
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect(state.payments).toEqual([expect.objectContaining({ amount: 650, pi: state.attempts[0]!.pi })]);
    expect(state.sessions[0]).toMatchObject({ status: 'paid', paid: 650 });
  });

  it('during capture, after Stripe captured but before the kiosk heard: recorded from Stripe, charged once', async () => {
    server.faults.inject({ mode: 'hang_after', method: 'POST', path: /\/capture$/ });
    const state = await crashAndRestart('none', { presentBeforeCrash: true, killAt: /\/capture$/ });
    expect(server.ledger.intent(state.attempts[0]!.pi!).status).toBe('succeeded');
    expect(state.attempts).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    expect(state.sessions[0]).toMatchObject({ status: 'paid', paid: 650 });
    expect(state.receipts).toBe(1);
  });

  it('no crash: paid in one run, and a restart changes nothing', async () => {
    const dataDir = tempDir();
    const paid = await runChild(['pay', dataDir, String(server.port), 'none', '1']);
    expect(paid.last, paid.stderr).toMatchObject({ outcome: 'succeeded' });
    const restarted = await runChild(['reconcile', dataDir, String(server.port)]);
    expect(restarted.last).toMatchObject({ reconciled: { recorded: 0, closed: 0, unfinished: 0 }, sessions: [{ status: 'paid', paid: 650 }], receipts: 1 });
  });
}, 120_000);
