/**
 * The payment service on the real `stripe` SDK against the loopback Stripe server (its wire format, idempotency
 * keys, test cards): card success and decline, "unavailable" within 2 s when Stripe is down, refunds through
 * Stripe (never above the payment), and a replayed key with another amount refused before Stripe is called.
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import type { PaymentsConfig } from '../../electron/kiosk/payments/setup';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { startStripeServer, type StripeServer } from '../support/stripe-server';
import { useTempDirs } from '../support/temp-dir';
import { attempt, payCardToEnd } from './payments-helpers';

const tempDir = useTempDirs();
const READER = 'tmr_out1';
const clock = manualClock(Date.UTC(2026, 10, 23, 10, 0));
let server: StripeServer;
let kiosk: Kiosk;
let anna: KioskConnection;
let sam: KioskConnection;
let customer: Stripe;

beforeEach(async () => {
  clock.set(Date.UTC(2026, 10, 23, 10, 0));
  server = await startStripeServer({ readers: [READER] });
  const endpoint = { host: '127.0.0.1', port: server.port, protocol: 'http' as const };
  customer = new Stripe(server.apiKey, { ...endpoint, telemetry: false, maxNetworkRetries: 0 });
  await startKiosk({});
});

/** The kiosk on the out1 reader of the loopback server; `options` tune the payment service (a short follow, say). */
async function startKiosk(options: PaymentsConfig): Promise<void> {
  const endpoint = { host: '127.0.0.1', port: server.port, protocol: 'http' as const };
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, payments: { ...options, terminals: [{ id: 'out1-reader', laneId: 'out1', driver: 'stripe', readerId: READER, secretKey: server.apiKey, endpoint }] } });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
  sam = await loggedIn(kiosk, ...DEMO.supervisor);
}
afterEach(async () => {
  await kiosk.close();
  await server.close();
});

const key = () => `k-${randomUUID()}`;
async function parked(plate: string): Promise<number> {
  const { session } = await expectOk(anna, 'sessions.manualEntry', { plate, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
  clock.advance(115 * 60_000);
  return session.id;
}
/** Resolves when a card payment reaches `step` (the reader shows the amount at 'sent_to_reader'). */
function reached(step: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const off = anna.onEvent((name, p) => {
      if (name === 'payments.progress' && (p as { step: string }).step === step) {
        off();
        resolve();
      }
    });
  });
}
/** Pays by card; the driver taps `card` once the reader shows the amount. */
async function payByCard(sessionId: number, card: string, k = key()) {
  const onReader = reached('sent_to_reader');
  const paying = payCardToEnd(anna, { sessionId, terminalId: 'out1-reader', idempotencyKey: k, amountMinor: 650, currency: 'GBP' });
  await onReader;
  await customer.testHelpers.terminal.readers.presentPaymentMethod(READER, { card_present: { number: card } });
  return paying;
}
const captured = () => [...server.ledger.charges.values()].filter((c) => c.captured);

describe('card payments through the stripe SDK', () => {
  it('captures once and records the brand and last four', async () => {
    const sessionId = await parked('AB12CDE');
    const result = await payByCard(sessionId, '5555555555554444');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'succeeded', payment: { cardBrand: 'mastercard', last4: '4444', amountMinor: 650 } } });
    expect(captured()).toHaveLength(1);
    const intent = [...server.ledger.intents.values()][0]!;
    expect(intent.metadata).toMatchObject({ session: String(sessionId) });
    const kioskPosts = server.requests.filter((r) => r.method === 'POST' && !r.path.includes('/test_helpers/'));
    expect(kioskPosts.length).toBeGreaterThanOrEqual(3); // create, process, capture
    expect(kioskPosts.every((r) => r.idempotencyKey?.startsWith('lotkeeper:'))).toBe(true);
  });

  it('a declined test card leaves the stay unpaid and the attempt declined', async () => {
    const sessionId = await parked('AB12CDE');
    expect(await payByCard(sessionId, '4000000000009995')).toMatchObject({ ok: true, value: { outcome: 'declined', message: 'Your card has insufficient funds.' } });
    expect(kiosk.store.db.prepare('SELECT state, failure_code FROM payment_attempts').get()).toEqual({ state: 'declined', failure_code: 'insufficient_funds' });
    expect((await expectOk(anna, 'payments.quote', { sessionId })).quote).toMatchObject({ status: 'open', dueMinor: 650 });
  });

  it('shows card as unavailable within 2 s when Stripe is down, and cash still works', async () => {
    const sessionId = await parked('AB12CDE');
    await server.down();
    const started = performance.now();
    expect(await attempt(anna, 'payments.payCard', { sessionId, terminalId: 'out1-reader', idempotencyKey: key(), amountMinor: 650, currency: 'GBP' })).toMatchObject({ ok: true, value: { outcome: 'unavailable' } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await expectOk(anna, 'dashboard.get', {})).devices.find((d) => d.id === 'out1-reader')).toMatchObject({ kind: 'terminal', healthy: false });
    await expectOk(anna, 'shifts.open', { floatMinor: 0 });
    await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 1000 });
  });

  it('offers card while Stripe answers though the reader says "offline" (Stripe: status is not reliable enough to block on)', async () => {
    server.readers.reader(READER).status = 'offline';
    await kiosk.services.payments.terminals.probeAll();
    expect((await expectOk(anna, 'payments.methods', {})).card).toEqual({ available: true, reason: null });
    await server.down();
    await kiosk.services.payments.terminals.probeAll();
    expect((await expectOk(anna, 'payments.methods', {})).card).toMatchObject({ available: false, reason: expect.stringMatching(/unreachable/) });
  });

  it('sends nothing under Stripe’s minimum charge to the reader: cash or wallet, with the reason', async () => {
    const sessionId = await parked('AB12CDE');
    await expectOk(sam, 'payments.discount', { sessionId, valueOffMinor: 630, reasonCode: 'goodwill', reason: 'regular driver' });
    const result = await attempt(anna, 'payments.payCard', { sessionId, terminalId: 'out1-reader', idempotencyKey: key(), amountMinor: 20, currency: 'GBP' });
    expect(result).toMatchObject({ ok: true, value: { outcome: 'unavailable', message: 'card payments start at £0.30 (Stripe’s minimum charge): take £0.20 in cash or from the wallet' } });
    expect(server.requests.filter((r) => r.path.startsWith('/v1/payment_intents'))).toEqual([]);
    expect(kiosk.store.db.prepare('SELECT count(*) FROM payment_attempts').pluck().get()).toBe(0);
  });

  it('waives an amount under Stripe’s minimum charge where the site says so: an audited discount, nothing sent to Stripe', async () => {
    const sessionId = await parked('AB12CDE');
    await expectOk(sam, 'payments.discount', { sessionId, valueOffMinor: 630, reasonCode: 'goodwill', reason: 'regular driver' });
    const { settings } = await expectOk(sam, 'payments.settings', {});
    expect(settings.belowCardMinimum).toBe('cash_or_wallet');
    expect(await attempt(anna, 'payments.saveSettings', { settings: { ...settings, belowCardMinimum: 'waive' }, reason: 'not worth the queue' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expectOk(sam, 'payments.saveSettings', { settings: { ...settings, belowCardMinimum: 'waive' }, reason: 'not worth the queue' });
    expect(kiosk.store.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'payment.settings', detail: { before: { belowCardMinimum: 'cash_or_wallet' }, after: { belowCardMinimum: 'waive' } } });
    const stale = await attempt(anna, 'payments.payCard', { sessionId, terminalId: 'out1-reader', idempotencyKey: key(), amountMinor: 10, currency: 'GBP' });
    expect(stale).toMatchObject({ ok: false }); // only exactly what the stay owes is waived
    const result = await attempt(anna, 'payments.payCard', { sessionId, terminalId: 'out1-reader', idempotencyKey: key(), amountMinor: 20, currency: 'GBP' });
    expect(result).toMatchObject({ ok: true, value: { outcome: 'waived', payment: null, message: '£0.20 is under Stripe’s minimum card charge of £0.30: waived by the site’s policy, nothing is left to pay (the card was not used)' } });
    expect((await expectOk(anna, 'payments.quote', { sessionId })).quote).toMatchObject({ dueMinor: 0 });
    const waiver = kiosk.store.audit.list({ limit: 5 }).find((row) => row.action === 'payment.discount' && row.actor === 'anna');
    expect(waiver?.detail).toMatchObject({ valueOffMinor: 20, reasonCode: 'below_card_minimum', reason: expect.stringMatching(/waived by the site’s policy/) });
    expect(server.requests.filter((r) => r.path.startsWith('/v1/payment_intents'))).toEqual([]);
  });

  it('refuses a replayed key with another amount before any Stripe call', async () => {
    const sessionId = await parked('AB12CDE');
    const k = key();
    await payByCard(sessionId, '4000000000000002', k); // declined: the key is spent on this attempt
    const posts = server.requests.length;
    expect(await attempt(anna, 'payments.payCard', { sessionId, terminalId: 'out1-reader', idempotencyKey: k, amountMinor: 651, currency: 'GBP' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/was used for another payment/) } });
    expect(await attempt(anna, 'payments.payCard', { sessionId, terminalId: 'out1-reader', idempotencyKey: k, amountMinor: 650, currency: 'GBP' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/new key/) } });
    expect(server.requests.length).toBe(posts);
  });

  it('refunds through Stripe, and refuses a refund above what is left, writing nothing', async () => {
    const sessionId = await parked('AB12CDE');
    const paid = await payByCard(sessionId, '4242424242424242');
    if (!paid.ok || !paid.value.payment) throw new Error('card payment failed');
    const paymentId = paid.value.payment.id;
    expect(await expectOk(sam, 'payments.refund', { paymentId, amountMinor: 200, idempotencyKey: key(), reason: 'short stay' })).toMatchObject({ refund: { state: 'succeeded', amountMinor: 200 }, payment: { refundedMinor: 200 } });
    expect([...server.ledger.refunds.values()].map((r) => r.amount)).toEqual([200]);
    const refunds = kiosk.store.db.prepare('SELECT count(*) FROM refunds').pluck().get();
    expect(await attempt(sam, 'payments.refund', { paymentId, amountMinor: 451, idempotencyKey: key(), reason: 'too much' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/above what is left/) } });
    expect(kiosk.store.db.prepare('SELECT count(*) FROM refunds').pluck().get()).toBe(refunds);
    expect(server.ledger.refunds.size).toBe(1);
  });
});

describe('card network lost mid-payment', () => {
  const attempts = () => kiosk.store.db.prepare('SELECT state, failure_code AS code, stripe_payment_intent AS pi FROM payment_attempts').all() as { state: string; code: string | null; pi: string }[];
  /** The reader shows the amount, then Stripe goes away: the console hears 'unavailable', the attempt stays open. */
  async function cardCutOff(sessionId: number, k: string): Promise<string> {
    const onReader = reached('sent_to_reader');
    const paying = payCardToEnd(anna, { sessionId, terminalId: 'out1-reader', idempotencyKey: k, amountMinor: 650, currency: 'GBP' });
    await onReader;
    await server.down();
    expect(await paying).toMatchObject({ ok: true, value: { outcome: 'unavailable' } });
    expect(attempts()).toEqual([expect.objectContaining({ state: 'sent_to_reader' })]);
    return attempts()[0]!.pi;
  }
  /** The driver tapped anyway: Stripe authorised the card while the kiosk could not see it. */
  function tappedDuringOutage(paymentIntentId: string): void {
    server.readers.present(READER, { card_present: { number: '4242424242424242' } });
    expect(server.ledger.intent(paymentIntentId).status).toBe('requires_capture');
  }

  it('never charges twice: an authorisation for a stay paid in cash meanwhile is released, not captured', async () => {
    await kiosk.close();
    await startKiosk({ followTimeoutMs: 200 });
    const sessionId = await parked('AB12CDE');
    const k = key();
    const paymentIntentId = await cardCutOff(sessionId, k);
    await expectOk(anna, 'shifts.open', { floatMinor: 0 });
    await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 650 }); // the lane never jams
    tappedDuringOutage(paymentIntentId);
    await server.up();

    expect(await kiosk.services.payments.reconcile()).toMatchObject({ recorded: 0, closed: 1, unfinished: 0 });
    expect(server.ledger.intent(paymentIntentId).status).toBe('canceled');
    expect(captured()).toEqual([]);
    const cancel = server.requests.find((r) => r.method === 'POST' && r.path === `/v1/payment_intents/${paymentIntentId}/cancel` && r.status === 200);
    expect(cancel?.idempotencyKey).toBe(`lotkeeper:${k}:cancel`);
    expect(attempts()).toEqual([{ state: 'cancelled', code: 'not_owed', pi: paymentIntentId }]);
    expect(kiosk.store.db.prepare('SELECT method, amount_minor AS amount FROM payments').all()).toEqual([{ method: 'cash', amount: 650 }]);
    expect((await expectOk(anna, 'sessions.get', { id: sessionId })).session).toMatchObject({ status: 'paid', paidMinor: 650 });
    const released = kiosk.store.db.prepare("SELECT detail FROM audit_log WHERE action = 'payment.card_released'").pluck().all() as string[];
    expect(released.map((d) => JSON.parse(d) as unknown)).toEqual([expect.objectContaining({ paymentIntentId, amountMinor: 650, dueMinor: 0, cancelIdempotencyKey: `lotkeeper:${k}:cancel` })]);
    expect(kiosk.store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'payment.card' ").pluck().get()).toBe(0);
    expect(await kiosk.services.payments.reconcile()).toMatchObject({ recorded: 0, closed: 0, unfinished: 0 });
  });

  it('captures, once, an authorisation found after the outage while the stay still owes it', async () => {
    await kiosk.close();
    await startKiosk({ followTimeoutMs: 200 });
    const sessionId = await parked('AB12CDE');
    const paymentIntentId = await cardCutOff(sessionId, key());
    tappedDuringOutage(paymentIntentId);
    await server.up();

    expect(await kiosk.services.payments.reconcile()).toMatchObject({ recorded: 1, closed: 0, unfinished: 0 });
    expect(captured().map((c) => c.paymentIntent)).toEqual([paymentIntentId]);
    expect(attempts()).toEqual([{ state: 'succeeded', code: null, pi: paymentIntentId }]);
    expect((await expectOk(anna, 'sessions.get', { id: sessionId })).session).toMatchObject({ status: 'paid', paidMinor: 650 });
    expect(await kiosk.services.payments.reconcile()).toMatchObject({ recorded: 0, closed: 0, unfinished: 0 });
    expect(captured()).toHaveLength(1);
  });
});
