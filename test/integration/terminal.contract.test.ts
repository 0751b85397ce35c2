/**
 * One contract for every card terminal: the Stripe driver against the loopback Stripe server (always), against
 * Stripe's test mode (when STRIPE_SECRET_KEY and STRIPE_TEST_READER are set), and the simulator. What the core relies
 * on: success only when captured, declines with their code, one PaymentIntent per attempt key, a changed request
 * under the same key refused, cancel and timeout clear the reader, refunds not above the payment.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TerminalError, type StartPaymentRequest, type TerminalStep } from '../../native/terminal/card-terminal';
import { ifAvailable, requirement } from '../support/requires';
import { attemptKey, terminalTargets, type TerminalHarness } from './terminal-targets';

const request = (key: string, amountMinor = 1250): StartPaymentRequest => ({ attemptKey: key, amountMinor, currency: 'EUR', description: 'Parking, lane 1', metadata: { session: 'ses_1', lane: 'exit-1' } });

/** Card tapped shortly after the payment reached the reader, as a driver would. */
async function payWith(h: TerminalHarness, card: string, amountMinor = 1250, steps: TerminalStep[] = []) {
  const key = attemptKey();
  const { paymentIntentId } = await h.terminal.startPayment(request(key, amountMinor));
  const outcome = h.terminal.follow(paymentIntentId, { timeoutMs: 15_000, onStep: (s) => steps.push(s) });
  await h.present(card);
  return { key, paymentIntentId, outcome: await outcome };
}

const expectTerminalError = async (promise: Promise<unknown>, code: TerminalError['code']) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TerminalError);
  expect((error as TerminalError).code).toBe(code);
  return error as TerminalError;
};

for (const target of terminalTargets) {
  const searchAtOnce = ifAvailable(requirement('vendor', () => (target.searchesAtOnce ? null : "Stripe's PaymentIntent search lags by up to a minute")));
  ifAvailable(target.needs).describe(`card terminal contract: ${target.name}`, () => {
    let h: TerminalHarness;
    beforeEach(async () => {
      h = await target.setup();
    });
    afterEach(async () => {
      await h.close();
    });

    it('takes a card payment, captures it and reports the card', async () => {
      const steps: TerminalStep[] = [];
      const { key, paymentIntentId, outcome } = await payWith(h, '4242424242424242', 1250, steps);
      expect(outcome).toEqual({ state: 'succeeded', paymentIntentId, amountMinor: 1250, currency: 'eur', cardBrand: 'visa', last4: '4242' });
      expect(steps.map((s) => s.step)).toEqual(['waiting_for_card', 'authorized', 'capturing']);
      expect(await h.terminal.lookup(key, paymentIntentId)).toEqual(outcome);
      expect(await h.readerIdle()).toBe(true);
    });

    it.each([
      ['4000000000000002', 'generic_decline'],
      ['4000000000009995', 'insufficient_funds'],
    ])('reports a decline of card %s with its code %s, and charges nothing', async (card, code) => {
      const { key, paymentIntentId, outcome } = await payWith(h, card);
      expect(outcome).toMatchObject({ state: 'declined', paymentIntentId, declineCode: code });
      expect(outcome.state === 'declined' && outcome.message.length).toBeGreaterThan(0);
      // The declined attempt is closed: reconciliation sees it declined, never pending or paid.
      expect(await h.terminal.lookup(key, paymentIntentId)).toMatchObject({ state: 'declined', declineCode: code });
    });

    it('never creates a second PaymentIntent for a replayed attempt key', async () => {
      const key = attemptKey();
      const first = await h.terminal.startPayment(request(key));
      const again = await h.terminal.startPayment(request(key)); // the core retrying after a crash or a lost answer
      expect(again.paymentIntentId).toBe(first.paymentIntentId);
      if (h.intentCount) expect(h.intentCount(key)).toBe(1);
      await h.terminal.cancel(first.paymentIntentId);
    });

    it('refuses a different amount under the same attempt key', async () => {
      const key = attemptKey();
      const { paymentIntentId } = await h.terminal.startPayment(request(key, 1250));
      await expectTerminalError(h.terminal.startPayment(request(key, 9999)), 'idempotency_conflict');
      if (h.intentCount) expect(h.intentCount(key)).toBe(1);
      await h.terminal.cancel(paymentIntentId);
    });

    it('refuses bad input before calling anyone', async () => {
      await expectTerminalError(h.terminal.startPayment(request(attemptKey(), -5)), 'invalid_request');
      await expectTerminalError(h.terminal.startPayment(request(attemptKey(), 12.5)), 'invalid_request');
      await expectTerminalError(h.terminal.startPayment({ ...request(attemptKey()), currency: 'euro' }), 'invalid_request');
    });

    it('cancels a payment waiting for a card: reader cleared, the card can no longer pay it', async () => {
      const key = attemptKey();
      const { paymentIntentId } = await h.terminal.startPayment(request(key));
      await h.terminal.cancel(paymentIntentId);
      expect(await h.readerIdle()).toBe(true);
      expect(await h.terminal.lookup(key, paymentIntentId)).toEqual({ state: 'cancelled', paymentIntentId });
      await expect(h.present('4242424242424242')).rejects.toThrow();
    });

    it('cancels when the caller aborts the follow', async () => {
      const { paymentIntentId } = await h.terminal.startPayment(request(attemptKey()));
      const controller = new AbortController();
      const outcome = h.terminal.follow(paymentIntentId, { timeoutMs: 15_000, signal: controller.signal });
      controller.abort();
      expect(await outcome).toEqual({ state: 'cancelled', paymentIntentId });
      expect(await h.readerIdle()).toBe(true);
    });

    it('on timeout cancels the reader action and the PaymentIntent', async () => {
      const key = attemptKey();
      const steps: TerminalStep[] = [];
      const { paymentIntentId } = await h.terminal.startPayment(request(key));
      const outcome = await h.terminal.follow(paymentIntentId, { timeoutMs: 300, onStep: (s) => steps.push(s) });
      expect(outcome).toEqual({ state: 'timed_out', paymentIntentId });
      expect(steps.at(-1)).toEqual({ step: 'cancelling', paymentIntentId, reason: 'timeout' });
      expect(await h.readerIdle()).toBe(true);
      expect(await h.terminal.lookup(key, paymentIntentId)).toEqual({ state: 'cancelled', paymentIntentId });
      // The reader is free for the next driver.
      const next = await h.terminal.startPayment(request(attemptKey()));
      await h.terminal.cancel(next.paymentIntentId);
    });

    it('refunds up to the amount paid and refuses more', async () => {
      const { paymentIntentId } = await payWith(h, '4242424242424242', 1000);
      await expectTerminalError(h.terminal.refund(paymentIntentId, 1001, attemptKey()), 'refund_too_large');
      const refundKey = attemptKey(); // fresh per run: Stripe keeps keys for 24 h
      const first = await h.terminal.refund(paymentIntentId, 400, refundKey);
      expect(await h.terminal.refund(paymentIntentId, 400, refundKey)).toEqual(first); // replay: no second refund
      await h.terminal.refund(paymentIntentId, 600, attemptKey());
      await expectTerminalError(h.terminal.refund(paymentIntentId, 1, attemptKey()), 'refund_too_large');
    });

    searchAtOnce.it('finds an attempt by its key alone after a crash lost the PaymentIntent id', async () => {
      const key = attemptKey();
      expect(await h.terminal.lookup(key, null)).toEqual({ state: 'not_found' });
      const { paymentIntentId } = await h.terminal.startPayment(request(key));
      expect(await h.terminal.lookup(key, null)).toEqual({ state: 'pending', paymentIntentId, status: 'requires_payment_method' });
      await h.terminal.cancel(paymentIntentId);
    });
  });
}
