/**
 * The card terminal on a Stripe Terminal reader, server-driven
 * (https://docs.stripe.com/terminal/payments/collect-card-payment?terminal-sdk-platform=server-driven):
 * create a card_present PaymentIntent, hand it to the reader with process_payment_intent, poll until the reader
 * action ends, capture (capture_method=manual: the kiosk captures only what it is about to record), and on timeout
 * or cancel clear the reader with cancel_action and cancel the PaymentIntent.
 *
 * Never a double charge: money moves only when a card is presented to a PaymentIntent, and one PaymentIntent is
 * charged at most once. So the only risk is two PaymentIntents for one attempt; every POST carries an idempotency
 * key derived from the core's attempt key (stepKey), so a retry (by the SDK after a dropped connection, by us, or by
 * the core after a crash) replays Stripe's saved answer instead of creating anything new. That is what makes the
 * SDK's maxNetworkRetries safe here.
 */
import type Stripe from 'stripe';
import { stripeSdk } from './stripe-sdk';
import {
  stepKey,
  TerminalError,
  validateStartRequest,
  type CardTerminal,
  type LookupResult,
  type PaymentOutcome,
  type PendingOutcome,
  type StartPaymentRequest,
  type TerminalHealth,
  type TerminalStep,
} from './card-terminal';
import { isRateLimited, isUnreachable, sleep, withDeadline } from './stripe-calls';

/** The metadata key that ties a PaymentIntent to the core's attempt, for reconciliation by search. */
export const ATTEMPT_METADATA_KEY = 'lotkeeper_attempt';

/** The longest wait between two polls while Stripe answers 429. */
const MAX_RATE_LIMITED_POLL_MS = 2_000;

export interface StripeTerminalConfig {
  secretKey: string;
  readerId: string;
  /** manual (default): the reader authorises, the kiosk captures. automatic: the reader's success is the charge. */
  captureMethod?: 'manual' | 'automatic';
  /** Socket idle timeout of one HTTP try. With one retry and the SDK's 0.5 s back-off: 2 x 500 + 500 = 1.5 s worst case. */
  networkTimeoutMs?: number;
  maxNetworkRetries?: number;
  /** No call keeps the caller waiting longer than this, whatever the SDK does (the bound is 2 s). */
  callDeadlineMs?: number;
  /**
   * process_payment_intent answers only once Stripe has reached the reader (Stripe gives up with
   * terminal_reader_timeout), so it gets its own, longer timeout. It only runs right after "create" has proved
   * Stripe reachable within the short bound.
   */
  readerTimeoutMs?: number;
  pollIntervalMs?: number;
  /** For the loopback test server: { host: '127.0.0.1', port, protocol: 'http' }. */
  endpoint?: { host: string; port: number; protocol: 'http' | 'https' };
}

type Intent = Stripe.PaymentIntent;

export class StripeTerminal implements CardTerminal {
  private readonly stripe: Stripe;
  private readonly deadlineMs: number;
  private readonly pollMs: number;
  private readonly captureMethod: 'manual' | 'automatic';
  private lastHealth: TerminalHealth = { reachable: false, readerOnline: false, detail: 'not checked yet' };

  constructor(private readonly config: StripeTerminalConfig) {
    this.stripe = new (stripeSdk())(config.secretKey, {
      timeout: config.networkTimeoutMs ?? 500,
      maxNetworkRetries: config.maxNetworkRetries ?? 1,
      telemetry: false,
      ...(config.endpoint ?? {}),
    });
    this.deadlineMs = config.callDeadlineMs ?? 1_500;
    this.pollMs = config.pollIntervalMs ?? 500;
    this.captureMethod = config.captureMethod ?? 'manual';
  }

  health(): TerminalHealth {
    return this.lastHealth;
  }

  async probe(): Promise<TerminalHealth> {
    try {
      const reader = await this.call('check the reader', () => this.stripe.terminal.readers.retrieve(this.config.readerId));
      const online = !('deleted' in reader && reader.deleted) && 'status' in reader && reader.status === 'online';
      this.lastHealth = { reachable: true, readerOnline: online, detail: online ? 'reader online' : `reader ${this.config.readerId} is offline` };
    } catch (error) {
      if (!(error instanceof TerminalError) || error.code !== 'unreachable') this.lastHealth = { reachable: true, readerOnline: false, detail: String(error) };
    }
    return this.lastHealth;
  }

  async startPayment(request: StartPaymentRequest): Promise<{ paymentIntentId: string }> {
    validateStartRequest(request);
    const intent = await this.call('create the PaymentIntent', () =>
      this.stripe.paymentIntents.create(
        {
          amount: request.amountMinor,
          currency: request.currency.toLowerCase(),
          // API 2026-09-30+ (stripe 23): allowed_payment_method_types; older API versions called it payment_method_types.
          allowed_payment_method_types: ['card_present'],
          capture_method: this.captureMethod,
          description: request.description,
          metadata: { ...request.metadata, [ATTEMPT_METADATA_KEY]: request.attemptKey },
        },
        { idempotencyKey: stepKey(request.attemptKey, 'create') },
      ),
    );
    try {
      const timeout = this.config.readerTimeoutMs ?? 10_000;
      await this.call(
        'hand the payment to the reader',
        () => this.stripe.terminal.readers.processPaymentIntent(this.config.readerId, { payment_intent: intent.id }, { idempotencyKey: stepKey(request.attemptKey, 'process'), timeout }),
        2 * timeout + 1_000,
      );
    } catch (error) {
      const failure = error as TerminalError;
      failure.paymentIntentId = intent.id;
      // terminal_reader_timeout: Stripe could not tell whether the reader took the action. It did if it shows it.
      if (failure.code === 'reader_timeout' && (await this.readerAction(intent.id).catch(() => null)) === 'in_progress') return { paymentIntentId: intent.id };
      // The reader refused for sure (offline, busy): close the PaymentIntent now. If Stripe was unreachable we
      // cannot know whether the reader got it: the core cancels or reconciles it by failure.paymentIntentId.
      if (failure.code !== 'unreachable') await this.cancel(intent.id).catch(() => undefined);
      throw failure;
    }
    return { paymentIntentId: intent.id };
  }

  async follow(paymentIntentId: string, options: { timeoutMs: number; onStep?: (step: TerminalStep) => void; signal?: AbortSignal }): Promise<PaymentOutcome> {
    const giveUpAt = Date.now() + options.timeoutMs;
    options.onStep?.({ step: 'waiting_for_card', paymentIntentId });
    let pollMs = this.pollMs;
    for (;;) {
      if (options.signal?.aborted || Date.now() >= giveUpAt) {
        const reason = options.signal?.aborted ? 'requested' : 'timeout';
        options.onStep?.({ step: 'cancelling', paymentIntentId, reason });
        await this.cancel(paymentIntentId);
        const final = await this.settle(await this.retrieve(paymentIntentId), options.onStep);
        if (final.state === 'cancelled' && reason === 'timeout') return { state: 'timed_out', paymentIntentId };
        if (final.state === 'pending') throw new TerminalError('stripe_error', `PaymentIntent ${paymentIntentId} is still ${final.status} after cancelling`, null, { paymentIntentId });
        return final;
      }
      try {
        const action = await this.readerAction(paymentIntentId);
        if (action !== 'in_progress') {
          const intent = await this.retrieve(paymentIntentId);
          // The reader gave up on this payment (declined card, customer cancelled on the reader): close the
          // PaymentIntent so that no later tap can charge it, and report why.
          if (action === 'failed' && intent.status === 'requires_payment_method') {
            await this.cancel(paymentIntentId);
            return outcomeOf(await this.retrieve(paymentIntentId)) as PaymentOutcome;
          }
          const outcome = await this.settle(intent, options.onStep);
          if (outcome.state !== 'pending') return outcome;
        }
        pollMs = this.pollMs;
      } catch (error) {
        // Stripe unreachable for a moment: keep trying until the timeout, then cancel (which says if it still is).
        // Told to slow down (429): ask less often, doubling up to 2 s, still within the driver's wait.
        if (isRateLimited(error)) pollMs = Math.min(Math.max(2 * pollMs, 250), MAX_RATE_LIMITED_POLL_MS);
        else if (!isUnreachable(error)) throw error;
      }
      await sleep(Math.min(pollMs, Math.max(0, giveUpAt - Date.now())), options.signal);
    }
  }

  async cancel(paymentIntentId: string): Promise<void> {
    const intent = await this.retrieve(paymentIntentId);
    const attemptKey = intent.metadata[ATTEMPT_METADATA_KEY] ?? paymentIntentId;
    if ((await this.readerAction(paymentIntentId)) === 'in_progress') {
      await this.call('clear the reader', () => this.stripe.terminal.readers.cancelAction(this.config.readerId, {}, { idempotencyKey: stepKey(attemptKey, 'cancel_action') })).catch((error: unknown) => {
        if (isUnreachable(error)) throw error; // else the action ended meanwhile: nothing to clear
      });
    }
    if (intent.status === 'succeeded' || intent.status === 'canceled') return;
    await this.call('cancel the PaymentIntent', () => this.stripe.paymentIntents.cancel(paymentIntentId, {}, { idempotencyKey: stepKey(attemptKey, 'cancel') })).catch(async (error: unknown) => {
      if (isUnreachable(error)) throw error;
      // Refused because it succeeded in the meantime (a card was tapped at the last moment): that is not an error.
      const now = await this.retrieve(paymentIntentId);
      if (now.status !== 'succeeded' && now.status !== 'canceled') throw error;
    });
  }

  async lookup(attemptKey: string, paymentIntentId: string | null): Promise<LookupResult> {
    let intent: Intent | undefined;
    if (paymentIntentId) {
      intent = await this.retrieve(paymentIntentId);
      if (intent.metadata[ATTEMPT_METADATA_KEY] !== attemptKey) throw new TerminalError('invalid_request', `PaymentIntent ${paymentIntentId} belongs to another attempt`);
    } else {
      // Stripe's search is eventually consistent (about a minute): a PaymentIntent created seconds before a crash
      // may not show yet. The core then retries the lookup later rather than concluding "not found" too early.
      const found = await this.call('search the attempt', () => this.stripe.paymentIntents.search({ query: `metadata['${ATTEMPT_METADATA_KEY}']:'${attemptKey}'` }));
      const first = found.data[0];
      if (!first) return { state: 'not_found' };
      intent = await this.retrieve(first.id);
    }
    return outcomeOf(intent);
  }

  async refund(paymentIntentId: string, amountMinor: number, idempotencyKey: string): Promise<{ refundId: string }> {
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 1) throw new TerminalError('invalid_request', `refund amount must be a positive whole number of minor units, got ${amountMinor}`);
    try {
      const refund = await this.call('refund', () => this.stripe.refunds.create({ payment_intent: paymentIntentId, amount: amountMinor }, { idempotencyKey }));
      return { refundId: refund.id };
    } catch (error) {
      const failure = error as TerminalError;
      if (failure.stripeCode === 'amount_too_large' || failure.stripeCode === 'charge_already_refunded') {
        throw new TerminalError('refund_too_large', failure.message, failure.stripeCode, { cause: failure });
      }
      throw failure;
    }
  }

  /** Captures an authorised intent; anything else is turned into its outcome. */
  private async settle(intent: Intent, onStep?: (step: TerminalStep) => void): Promise<PaymentOutcome | PendingOutcome> {
    if (intent.status !== 'requires_capture') return outcomeOf(intent);
    onStep?.({ step: 'authorized', paymentIntentId: intent.id });
    onStep?.({ step: 'capturing', paymentIntentId: intent.id });
    const attemptKey = intent.metadata[ATTEMPT_METADATA_KEY] ?? intent.id;
    const captured = await this.call('capture', () => this.stripe.paymentIntents.capture(intent.id, { expand: ['latest_charge'] }, { idempotencyKey: stepKey(attemptKey, 'capture') }));
    return outcomeOf(captured);
  }

  /** The status of the reader's action for this PaymentIntent; null when the reader runs none for it. */
  private async readerAction(paymentIntentId: string): Promise<'in_progress' | 'succeeded' | 'failed' | null> {
    const reader = await this.call('check the reader', () => this.stripe.terminal.readers.retrieve(this.config.readerId));
    if ('deleted' in reader && reader.deleted) return null;
    const action = (reader as Stripe.Terminal.Reader).action;
    const target = action?.process_payment_intent?.payment_intent;
    const targetId = typeof target === 'string' ? target : target?.id;
    return action && targetId === paymentIntentId ? (action.status as 'in_progress' | 'succeeded' | 'failed') : null;
  }

  private retrieve(paymentIntentId: string): Promise<Intent> {
    return this.call('read the PaymentIntent', () => this.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }));
  }

  /** Every Stripe call goes through here: bounded by the deadline, errors mapped, health kept up to date. */
  private async call<T>(context: string, fn: () => Promise<T>, deadlineMs = this.deadlineMs): Promise<T> {
    try {
      const result = await withDeadline(deadlineMs, context, fn);
      if (!this.lastHealth.reachable) this.lastHealth = { reachable: true, readerOnline: true, detail: 'Stripe reachable' };
      return result;
    } catch (error) {
      if (isUnreachable(error)) this.lastHealth = { reachable: false, readerOnline: false, detail: `Stripe unreachable: ${(error as Error).message}` };
      throw error;
    }
  }
}

/**
 * A PaymentIntent's state as the core sees it; success only for a succeeded (captured) intent. A cancelled intent
 * was declined when its last charge failed: Stripe clears last_payment_error when the intent is updated (the cancel
 * itself does), so the decline is read from the charge, which keeps it.
 */
export function outcomeOf(intent: Intent): PaymentOutcome | PendingOutcome {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  switch (intent.status) {
    case 'succeeded': {
      const card = charge?.payment_method_details?.card_present;
      return { state: 'succeeded', paymentIntentId: intent.id, amountMinor: intent.amount_received, currency: intent.currency, cardBrand: card?.brand ?? null, last4: card?.last4 ?? null };
    }
    case 'canceled':
      return charge?.status === 'failed' ? declined(intent.id, charge) : { state: 'cancelled', paymentIntentId: intent.id };
    default:
      return { state: 'pending', paymentIntentId: intent.id, status: intent.status as PendingOutcome['status'] };
  }
}

const declined = (paymentIntentId: string, charge: Stripe.Charge): PaymentOutcome => ({
  state: 'declined',
  paymentIntentId,
  declineCode: charge.outcome?.reason ?? charge.failure_code ?? 'card_declined',
  message: charge.failure_message ?? 'The card was declined.',
});
