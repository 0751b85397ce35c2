/**
 * The Stripe driver when the network or Stripe misbehaves, against the loopback server's fault injection: Stripe
 * unreachable is known within the 2 seconds and never hangs the caller, and no retry ever charges twice.
 */
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerminalError } from '../../native/terminal/card-terminal';
import { SimulatedTerminal } from '../../native/terminal/simulated-terminal';
import { StripeTerminal } from '../../native/terminal/stripe-terminal';
import { startStripeServer, type StripeServer } from '../support/stripe-server';
import { attemptKey } from './terminal-targets';

const READER = 'tmr_lane1';
/** The bound; the driver aims at 1.5 s worst case (500 ms socket timeout, one retry after 500 ms). */
const UNAVAILABLE_WITHIN_MS = 2_000;
const request = (key: string) => ({ attemptKey: key, amountMinor: 700, currency: 'eur', description: 'Parking', metadata: {} });

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function timed<T>(promise: Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then(() => null, (e: unknown) => e);
  return { error, ms: performance.now() - started };
}

describe('StripeTerminal when Stripe is unreachable or flaky (loopback server faults)', () => {
  let server: StripeServer;
  let terminal: StripeTerminal;
  let customer: Stripe;
  beforeEach(async () => {
    server = await startStripeServer({ readers: [READER] });
    const endpoint = { host: '127.0.0.1', port: server.port, protocol: 'http' as const };
    terminal = new StripeTerminal({ secretKey: server.apiKey, readerId: READER, endpoint, pollIntervalMs: 20 });
    customer = new Stripe(server.apiKey, { ...endpoint, telemetry: false, maxNetworkRetries: 0 });
  });
  afterEach(async () => {
    await server.close();
  });

  it.each([
    ['is down (connection refused)', async () => server.down()],
    ['accepts connections and never answers', async () => server.faults.inject({ mode: 'hang', times: Infinity })],
  ])('reports card payment unavailable within 2 s when Stripe %s', async (_name, breakIt) => {
    expect((await terminal.probe()).reachable).toBe(true);
    await breakIt();
    const start = await timed(terminal.startPayment(request(attemptKey())));
    expect(start.error).toBeInstanceOf(TerminalError);
    expect((start.error as TerminalError).code).toBe('unreachable');
    expect(start.ms).toBeLessThan(UNAVAILABLE_WITHIN_MS);
    expect(terminal.health()).toMatchObject({ reachable: false, readerOnline: false });

    const probe = await timed(terminal.probe());
    expect(probe.ms).toBeLessThan(UNAVAILABLE_WITHIN_MS);
    expect(terminal.health().reachable).toBe(false);
  });

  it('is reachable again as soon as Stripe is back', async () => {
    await server.down();
    expect((await terminal.probe()).reachable).toBe(false);
    await server.up();
    expect(await terminal.probe()).toEqual({ reachable: true, readerOnline: true, detail: 'reader online' });
  });

  it('a lost answer to "create" is retried under the same key: one PaymentIntent, the saved answer replayed', async () => {
    server.faults.inject({ mode: 'drop_after', method: 'POST', path: /^\/v1\/payment_intents$/ });
    const key = attemptKey();
    const { paymentIntentId } = await terminal.startPayment(request(key));
    const creates = server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');
    expect(creates).toHaveLength(2);
    expect(creates[1]!.idempotencyKey).toBe(creates[0]!.idempotencyKey);
    expect(creates[1]!.replayed).toBe(true);
    expect([...server.ledger.intents.values()].map((pi) => pi.id)).toEqual([paymentIntentId]);
  });

  it('a lost answer to "capture" and a 500 on the reader call never charge twice', async () => {
    server.faults.inject({ mode: 'error500', path: /process_payment_intent$/ });
    server.faults.inject({ mode: 'drop_after', path: /\/capture$/ });
    const { paymentIntentId } = await terminal.startPayment(request(attemptKey()));
    const outcome = terminal.follow(paymentIntentId, { timeoutMs: 10_000 });
    await customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: '4242424242424242' } });
    expect(await outcome).toMatchObject({ state: 'succeeded', amountMinor: 700 });
    expect(server.requests.filter((r) => r.path.endsWith('/capture')).map((r) => r.replayed)).toEqual([false, true]);
    expect([...server.ledger.charges.values()].filter((c) => c.captured)).toHaveLength(1);
  });

  it('Stripe lost mid-payment: follow gives up with the PaymentIntent id, and start-up reconciliation finishes it', async () => {
    const key = attemptKey();
    const { paymentIntentId } = await terminal.startPayment(request(key));
    await server.down();
    const follow = await timed(terminal.follow(paymentIntentId, { timeoutMs: 200 }));
    expect(follow.error).toMatchObject({ code: 'unreachable' });
    expect(follow.ms).toBeLessThan(200 + 2 * UNAVAILABLE_WITHIN_MS); // the last poll plus the cancel attempt
    await server.up();
    // What the core does at start-up for an unfinished attempt: look it up by key, cancel what never got a card.
    expect(await terminal.lookup(key, null)).toEqual({ state: 'pending', paymentIntentId, status: 'requires_payment_method' });
    await terminal.cancel(paymentIntentId);
    expect(await terminal.lookup(key, paymentIntentId)).toEqual({ state: 'cancelled', paymentIntentId });
  });

  it('a wrong API key is an authentication error, not "unreachable"', async () => {
    const wrong = new StripeTerminal({ secretKey: 'sk_test_wrong', readerId: READER, endpoint: { host: '127.0.0.1', port: server.port, protocol: 'http' } });
    await expect(wrong.startPayment(request(attemptKey()))).rejects.toMatchObject({ code: 'authentication' });
  });

  it('a reader timeout after the reader took the payment goes on waiting for the card; before, it is refused and closed', async () => {
    server.readers.reader(READER).fault = 'timeout_after_taking';
    const { paymentIntentId } = await terminal.startPayment(request(attemptKey()));
    const outcome = terminal.follow(paymentIntentId, { timeoutMs: 10_000 });
    await customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: '4242424242424242' } });
    expect(await outcome).toMatchObject({ state: 'succeeded', paymentIntentId });

    server.readers.reader(READER).fault = 'timeout_before_taking';
    const error = (await timed(terminal.startPayment(request(attemptKey())))).error as TerminalError;
    expect([error.code, error.stripeCode]).toEqual(['reader_timeout', 'terminal_reader_timeout']);
    expect(server.ledger.intent(error.paymentIntentId!).status).toBe('canceled');
  });

  it('a reader hardware fault is refused with reader_fault, and the PaymentIntent is closed', async () => {
    server.readers.reader(READER).fault = 'hardware_fault';
    const error = (await timed(terminal.startPayment(request(attemptKey())))).error as TerminalError;
    expect([error.code, error.stripeCode]).toEqual(['reader_fault', 'terminal_reader_hardware_fault']);
    expect(server.ledger.intent(error.paymentIntentId!).status).toBe('canceled');
  });

  it('429 rate_limit while waiting for the card slows the polling down instead of ending the payment', async () => {
    const { paymentIntentId } = await terminal.startPayment(request(attemptKey()));
    server.faults.inject({ mode: 'rate_limit', method: 'GET', path: /^\/v1\/terminal\/readers\//, times: 4 });
    const outcome = terminal.follow(paymentIntentId, { timeoutMs: 20_000 });
    await waitFor(() => server.requests.filter((r) => r.status === 429).length === 4);
    await customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: '4242424242424242' } });
    expect(await outcome).toMatchObject({ state: 'succeeded', amountMinor: 700 });
    const limited = server.requests.filter((r) => r.status === 429).map((r) => r.at);
    // Each wait after a 429 is at least double the one before, from the 20 ms poll: 250, 500, 1000 ms.
    expect(limited[3]! - limited[0]!).toBeGreaterThanOrEqual(250 + 500 + 1_000 - 50);
  });

  it('429 lock_timeout on capture is retried by the SDK as Stripe-Should-Retry says: captured once', async () => {
    server.faults.inject({ mode: 'lock_timeout', path: /\/capture$/ });
    const { paymentIntentId } = await terminal.startPayment(request(attemptKey()));
    const outcome = terminal.follow(paymentIntentId, { timeoutMs: 10_000 });
    await customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: '4242424242424242' } });
    expect(await outcome).toMatchObject({ state: 'succeeded' });
    expect(server.requests.filter((r) => r.path.endsWith('/capture')).map((r) => r.status)).toEqual([429, 200]);
  });

  it('a 500 Stripe saved for the key is replayed for it: the attempt failed for good, not "unreachable", and nothing was created', async () => {
    server.faults.inject({ mode: 'error500_saved', method: 'POST', path: /^\/v1\/payment_intents$/ });
    const key = attemptKey();
    expect(((await timed(terminal.startPayment(request(key)))).error as TerminalError).code).toBe('unreachable');
    const replay = (await timed(terminal.startPayment(request(key)))).error as TerminalError;
    expect(replay.code).toBe('stripe_error');
    expect(server.requests.filter((r) => r.path === '/v1/payment_intents').map((r) => [r.status, r.replayed])).toEqual([[500, false], [500, true]]);
    expect(server.ledger.intents.size).toBe(0);
  });

  it('an amount under Stripe\'s minimum charge is refused before anything is sent', async () => {
    const error = (await timed(terminal.startPayment({ ...request(attemptKey()), amountMinor: 29, currency: 'gbp' }))).error as TerminalError;
    expect(error.code).toBe('below_minimum');
    expect(server.requests).toEqual([]);
    await expect(terminal.startPayment({ ...request(attemptKey()), amountMinor: 30, currency: 'gbp' })).resolves.toMatchObject({ paymentIntentId: expect.any(String) });
  });

  it('a reader that is offline is refused with reader_offline, and the PaymentIntent is closed', async () => {
    server.readers.reader(READER).status = 'offline';
    const error = (await timed(terminal.startPayment(request(attemptKey())))).error as TerminalError;
    expect(error.code).toBe('reader_offline');
    expect(server.ledger.intent(error.paymentIntentId!).status).toBe('canceled');
  });
});

describe('SimulatedTerminal offline', () => {
  it('reports unavailable at once and recovers', async () => {
    const terminal = new SimulatedTerminal();
    terminal.setOffline(true);
    await expect(terminal.startPayment(request(attemptKey()))).rejects.toMatchObject({ code: 'unreachable' });
    expect(terminal.health().reachable).toBe(false);
    terminal.setOffline(false);
    expect((await terminal.probe()).reachable).toBe(true);
  });

  it('demo mode approves, and declines amounts ending in 02', async () => {
    const terminal = new SimulatedTerminal({ autoPresentMs: 10, pollIntervalMs: 5 });
    const ok = await terminal.startPayment({ ...request(attemptKey()), amountMinor: 1000 });
    expect(await terminal.follow(ok.paymentIntentId, { timeoutMs: 5_000 })).toMatchObject({ state: 'succeeded' });
    const no = await terminal.startPayment({ ...request(attemptKey()), amountMinor: 1002 });
    expect(await terminal.follow(no.paymentIntentId, { timeoutMs: 5_000 })).toMatchObject({ state: 'declined', declineCode: 'generic_decline' });
  });
});
