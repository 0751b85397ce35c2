/**
 * QR pay through Stripe Checkout (issue 18), the real `stripe` SDK against the loopback Stripe: the code opens a
 * hosted page for exactly what the stay owes, the kiosk finds the payment by polling while the code is shown (and by
 * its sweep later), records it once, replaces a code whose amount went stale (the old one expired at Stripe first),
 * and refunds a payment made on a code that had already ended.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { MemoryHeadOffice } from '../../native/headoffice';
import { StripeCheckout, type HostedCheckout } from '../../native/terminal';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { startStripeServer, type StripeServer } from '../support/stripe-server';
import { useTempDirs } from '../support/temp-dir';
import { attempt } from './payments-helpers';

const tempDir = useTempDirs();
const clock = manualClock(Date.UTC(2026, 10, 23, 10, 0));
let server: StripeServer;
let kiosk: Kiosk;
let anna: KioskConnection;
let kioskClosed: boolean;
/** While set, Stripe's answers to retrieve wait here (an answer still on its way while the kiosk stops). */
let heldAnswers: (() => void)[] | null;

beforeEach(async () => {
  clock.set(Date.UTC(2026, 10, 23, 10, 0));
  server = await startStripeServer();
  heldAnswers = null;
  kioskClosed = false;
  const stripe = new StripeCheckout({ secretKey: server.apiKey, endpoint: { host: '127.0.0.1', port: server.port, protocol: 'http' } });
  const checkout: HostedCheckout = {
    create: (request) => stripe.create(request),
    retrieve: async (id) => {
      const answer = await stripe.retrieve(id);
      if (heldAnswers) await new Promise<void>((resolve) => heldAnswers!.push(resolve));
      return answer;
    },
    expire: (id, key) => stripe.expire(id, key),
    refund: (paymentIntentId, amountMinor, key) => stripe.refund(paymentIntentId, amountMinor, key),
  };
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, payments: { checkout, qrPollMs: 25, qrSweepMs: 3_600_000 } });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
});
afterEach(async () => {
  if (!kioskClosed) await kiosk.close();
  await server.close();
});

async function parked(plate: string): Promise<number> {
  const { session } = await expectOk(anna, 'sessions.manualEntry', { plate, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
  clock.advance(115 * 60_000);
  return session.id;
}
async function waitFor(condition: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const checkoutIdOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const row = (id: string) => kiosk.store.db.prepare('SELECT state, void_reason AS voidReason, void_confirmed AS voidConfirmed, payment_id AS paymentId FROM qr_checkouts WHERE id = ?').get(id) as { state: string; voidReason: string | null; voidConfirmed: number; paymentId: number | null };
const qrPayments = (sessionId: number) => kiosk.store.db.prepare(`SELECT method, amount_minor AS amountMinor, idempotency_key AS idempotencyKey, stripe_payment_intent AS paymentIntentId FROM payments WHERE session_id = ?`).all(sessionId);

describe('QR pay through Stripe Checkout', () => {
  it('opens a Stripe page for exactly what the stay owes, and records the payment once when the phone pays', async () => {
    const sessionId = await parked('AB12CDE');
    expect((await expectOk(anna, 'payments.methods', {})).qr).toEqual({ available: true, reason: null, via: 'stripe_checkout' });
    const code = await expectOk(anna, 'payments.qrLink', { sessionId });
    expect(code).toMatchObject({ amountMinor: 650, currency: 'GBP', url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/), svg: expect.stringContaining('<svg') });
    const id = checkoutIdOf(code.url);
    expect(server.checkout.get(id)).toMatchObject({ amountTotal: 650, currency: 'gbp', productName: expect.stringMatching(/^Parking AB12CDE at /), metadata: { session: String(sessionId), plate: 'AB12CDE' } });
    expect((await expectOk(anna, 'payments.qrLink', { sessionId })).url).toBe(code.url); // the same code while it still asks the same

    server.checkout.pay(id);
    await waitFor(() => row(id).state === 'paid');
    await kiosk.services.payments.qrCheckout!.sweep();
    expect(qrPayments(sessionId)).toEqual([{ method: 'qr', amountMinor: 650, idempotencyKey: `checkout-${id}`, paymentIntentId: server.checkout.get(id).paymentIntent }]);
    expect((await expectOk(anna, 'payments.quote', { sessionId })).quote).toMatchObject({ dueMinor: 0 });
    expect(kiosk.store.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'payment.qr'`).pluck().get()).toBe(1);
  });

  it('records a code paid after the site was renamed: the Checkout Session names the old name, still this site', async () => {
    const sessionId = await parked('AB12CDE');
    const id = checkoutIdOf((await expectOk(anna, 'payments.qrLink', { sessionId })).url);
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    const { site } = await expectOk(admin, 'settings.site', {});
    await expectOk(admin, 'settings.saveSite', { site: { name: 'Harbour Street North', timeZone: site.timeZone, locale: site.locale, taxRateBp: site.taxRateBp }, reason: 'renamed' });
    server.checkout.pay(id);
    await waitFor(() => row(id).state === 'paid');
    expect(qrPayments(sessionId)).toHaveLength(1);
  });

  it('gives a stay that grew a new code, the old one expired at Stripe first so it can no longer be paid', async () => {
    const sessionId = await parked('AB12CDE');
    const first = checkoutIdOf((await expectOk(anna, 'payments.qrLink', { sessionId })).url);
    clock.advance(10 * 60_000); // into the next hour of the tariff, while the code (15 minutes) is still on screen
    const second = await expectOk(anna, 'payments.qrLink', { sessionId });
    expect(second.amountMinor).toBeGreaterThan(650);
    expect(server.checkout.get(first).status).toBe('expired');
    expect(row(first)).toMatchObject({ state: 'void', voidReason: 'superseded', voidConfirmed: 1 });
    expect(() => server.checkout.pay(first)).toThrow(/expired/);
    expect(server.requests.filter((r) => r.path === `/v1/checkout/sessions/${first}/expire`)).toHaveLength(1);
  });

  it('ends a code at its expiry, at Stripe too', async () => {
    const sessionId = await parked('AB12CDE');
    const { url, expiresAt } = await expectOk(anna, 'payments.qrLink', { sessionId });
    clock.set(expiresAt + 1);
    await waitFor(() => row(checkoutIdOf(url)).voidConfirmed === 1);
    expect(row(checkoutIdOf(url))).toMatchObject({ state: 'void', voidReason: 'expired' });
    expect(server.checkout.get(checkoutIdOf(url)).status).toBe('expired');
  });

  it('refunds a payment made on a code that ended while Stripe could not be told, audited, the stay not credited', async () => {
    const sessionId = await parked('AB12CDE');
    const { url, expiresAt } = await expectOk(anna, 'payments.qrLink', { sessionId });
    const id = checkoutIdOf(url);
    server.faults.inject({ mode: 'drop_before', path: /\/expire$/, times: Infinity });
    clock.set(expiresAt + 1);
    await waitFor(() => row(id).state === 'void');
    expect(row(id).voidConfirmed).toBe(0);
    expect((await expectOk(anna, 'payments.methods', {})).qr).toMatchObject({ available: false, reason: expect.stringMatching(/offline/) });

    server.checkout.pay(id); // the driver's phone was still on the page
    server.faults.clear();
    await kiosk.services.payments.qrCheckout!.sweep();
    expect(row(id).state).toBe('refunded');
    expect(qrPayments(sessionId)).toEqual([]);
    const refunds = [...server.ledger.refunds.values()];
    expect(refunds).toEqual([expect.objectContaining({ amount: 650, paymentIntent: server.checkout.get(id).paymentIntent })]);
    expect(JSON.parse(kiosk.store.db.prepare(`SELECT detail FROM audit_log WHERE action = 'payment.qr_refunded'`).pluck().get() as string)).toMatchObject({ checkoutId: id, amountMinor: 650, reason: 'paid after the code was expired' });
    await kiosk.services.payments.qrCheckout!.sweep();
    expect(server.ledger.refunds.size).toBe(1);
    expect((await expectOk(anna, 'payments.methods', {})).qr.available).toBe(true);
  });

  it('keeps polling through Stripe 5xx while the driver waits, and never records a payment for another amount', async () => {
    const sessionId = await parked('AB12CDE');
    const { url } = await expectOk(anna, 'payments.qrLink', { sessionId });
    const id = checkoutIdOf(url);
    server.faults.inject({ mode: 'error500', method: 'GET', path: /checkout\/sessions/, times: 3 });
    server.checkout.get(id).amountTotal = 100; // a session that does not match the code: refused and refunded
    server.checkout.pay(id);
    await waitFor(() => row(id).state === 'refunded');
    expect(qrPayments(sessionId)).toEqual([]);
    expect(kiosk.store.db.prepare(`SELECT detail FROM audit_log WHERE action = 'payment.qr_refunded'`).pluck().get()).toMatch(/paid 100 GBP where the code asked 650 GBP/);
  });

  it('refuses a code for a stay that owes nothing, and a session that is not inside', async () => {
    const sessionId = await parked('AB12CDE');
    await expectOk(anna, 'shifts.open', { floatMinor: 0 });
    await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: `k-${randomUUID()}`, amountMinor: 650, currency: 'GBP', tenderedMinor: 1000 });
    expect(await attempt(anna, 'payments.qrLink', { sessionId })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/owes nothing/) } });
    expect(await attempt(anna, 'payments.qrLink', { sessionId: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(server.checkout.byId.size).toBe(0);
  });

  it('makes no code for less than Stripe’s minimum charge, and says how the site takes it instead', async () => {
    const sessionId = await parked('AB12CDE');
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    await expectOk(sam, 'payments.discount', { sessionId, valueOffMinor: 630, reasonCode: 'goodwill', reason: 'regular driver' });
    expect(await attempt(anna, 'payments.qrLink', { sessionId })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'QR pay starts at £0.30 (Stripe’s minimum charge) and this stay owes £0.20: take it in cash or from the wallet' } });
    const { settings } = await expectOk(sam, 'payments.settings', {});
    await expectOk(sam, 'payments.saveSettings', { settings: { ...settings, belowCardMinimum: 'waive' }, reason: 'not worth the queue' });
    expect(await attempt(anna, 'payments.qrLink', { sessionId })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/owes £0\.20: waive it \(the site’s policy\), or take it in cash or from the wallet$/) } });
    expect(server.checkout.byId.size).toBe(0);
    expect((await expectOk(anna, 'payments.quote', { sessionId })).quote.dueMinor).toBe(20);
  });

  it('waives what a stay owes under the minimum only where the site says so, exactly that amount, once, audited', async () => {
    const sessionId = await parked('AB12CDE');
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    await expectOk(sam, 'payments.discount', { sessionId, valueOffMinor: 630, reasonCode: 'goodwill', reason: 'regular driver' });
    const waive = (amountMinor: number) => attempt(anna, 'payments.waiveBelowMinimum', { sessionId, amountMinor, currency: 'GBP' });
    expect((await expectOk(anna, 'payments.methods', {})).cardMinimum).toEqual({ minimumMinor: 30, policy: 'cash_or_wallet' });
    expect(await waive(20)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/takes amounts under £0\.30 in cash or from the wallet/) } });
    const { settings } = await expectOk(sam, 'payments.settings', {});
    await expectOk(sam, 'payments.saveSettings', { settings: { ...settings, belowCardMinimum: 'waive' }, reason: 'not worth the queue' });
    expect((await expectOk(anna, 'payments.methods', {})).cardMinimum).toEqual({ minimumMinor: 30, policy: 'waive' });
    expect(await waive(30)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/not under Stripe’s minimum/) } });
    expect(await waive(10)).toMatchObject({ ok: false }); // only exactly what the stay owes
    expect(await waive(20)).toEqual({ ok: true, value: { message: '£0.20 is under Stripe’s minimum card charge of £0.30: waived by the site’s policy, nothing is left to pay' } });
    expect((await expectOk(anna, 'payments.quote', { sessionId })).quote.dueMinor).toBe(0);
    expect(await waive(20)).toMatchObject({ ok: false }); // once
    const waivers = kiosk.store.audit.list({ limit: 10 }).filter((row) => row.action === 'payment.discount' && row.actor === 'anna');
    expect(waivers.map((row) => row.detail)).toEqual([expect.objectContaining({ valueOffMinor: 20, reasonCode: 'below_card_minimum' })]);
    expect(server.checkout.byId.size).toBe(0);
  });

  it("records a payment Stripe's webhook told head office about, relayed through sync twice and out of order, once", async () => {
    await kiosk.close();
    const headOffice = new MemoryHeadOffice();
    const checkout = new StripeCheckout({ secretKey: server.apiKey, endpoint: { host: '127.0.0.1', port: server.port, protocol: 'http' } });
    // The code is no longer on screen and the sweep is an hour away: only the relayed webhook can tell the kiosk now.
    kiosk = await startTestKiosk(tempDir(), { clock: clock.now, headOffice: { client: headOffice, batchSize: 50 }, sync: { idleMs: 10, pullEveryMs: 3_600_000 }, payments: { checkout, qrPollMs: 3_600_000, qrSweepMs: 3_600_000 } });
    anna = await loggedIn(kiosk, ...DEMO.attendant);
    const sessionId = await parked('AB12CDE');
    const id = checkoutIdOf((await expectOk(anna, 'payments.qrLink', { sessionId })).url);
    server.checkout.pay(id);
    const relayed = (type: 'checkout.session.completed' | 'checkout.session.expired', n: number) => ({ id: `evt_test_${n}`, type, checkoutSessionId: id });
    headOffice.ledger.publish({ stripeEvents: [relayed('checkout.session.expired', 3), relayed('checkout.session.completed', 1)] }); // an older event after a newer one
    headOffice.ledger.publish({ stripeEvents: [relayed('checkout.session.completed', 1), { id: 'evt_test_9', type: 'checkout.session.completed', checkoutSessionId: 'cs_test_not_ours' }] }); // again, and one that is not ours
    await kiosk.services.sync.syncNow();
    await waitFor(() => row(id).state === 'paid');
    await kiosk.services.sync.syncNow();
    expect(qrPayments(sessionId)).toEqual([{ method: 'qr', amountMinor: 650, idempotencyKey: `checkout-${id}`, paymentIntentId: server.checkout.get(id).paymentIntent }]);
    expect(kiosk.store.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'payment.qr'`).pluck().get()).toBe(1);
    const pulls = kiosk.store.audit.list({ limit: 50 }).filter((a) => a.action === 'sync.pull').map((a) => (a.detail as { conflicts: { type: string; id: string }[] }).conflicts).flat();
    expect(pulls).toEqual([expect.objectContaining({ type: 'stripeEvent', id: 'evt_test_9', reason: expect.stringMatching(/not one of this site's QR codes/) })]);
  });

  it("drops Stripe's answer about a code on screen that arrives after the kiosk stopped, and records it at the next start's sweep", async () => {
    const sessionId = await parked('AB12CDE');
    const id = checkoutIdOf((await expectOk(anna, 'payments.qrLink', { sessionId })).url);
    server.checkout.pay(id);
    heldAnswers = [];
    await waitFor(() => heldAnswers!.length > 0); // the poll asked Stripe; its answer (paid) is on its way
    const dataDir = kiosk.dataDir;
    await kiosk.close();
    kioskClosed = true;
    for (const answer of heldAnswers) answer();
    heldAnswers = null;
    // Vitest fails the file on an unhandled rejection: the answer must not reach the closed database.
    await new Promise((resolve) => setTimeout(resolve, 100));
    kiosk = await startTestKiosk(dataDir, { clock: clock.now, payments: { checkout: new StripeCheckout({ secretKey: server.apiKey, endpoint: { host: '127.0.0.1', port: server.port, protocol: 'http' } }), qrPollMs: 25, qrSweepMs: 3_600_000 } });
    kioskClosed = false;
    await waitFor(() => row(id).state === 'paid');
    expect(qrPayments(sessionId)).toHaveLength(1);
  });
});
