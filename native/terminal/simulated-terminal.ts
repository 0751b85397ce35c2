/**
 * A card terminal without Stripe, for the demo site and for tests of the core. It keeps the same promises as
 * StripeTerminal (the shared contract test proves it): one PaymentIntent per attempt key, a different request under
 * the same key refused, success only once captured, refunds not above the payment, "unreachable" when offline.
 *
 * Demo behaviour: with `autoPresentMs` set, a card is "tapped" that long after the payment starts; it is declined
 * when the amount's last two digits are `declineWhenAmountEndsWith` (default "02": 10.02 declines), else approved.
 */
import { TerminalError, validateStartRequest, type CardTerminal, type LookupResult, type PaymentOutcome, type StartPaymentRequest, type TerminalHealth, type TerminalStep } from './card-terminal';
import { sleep } from './stripe-calls';

export interface SimulatedTerminalOptions {
  autoPresentMs?: number | null;
  declineWhenAmountEndsWith?: string;
  pollIntervalMs?: number;
}

interface SimIntent {
  id: string;
  attemptKey: string;
  fingerprint: string;
  amount: number;
  currency: string;
  status: 'waiting' | 'succeeded' | 'cancelled' | 'declined';
  onReader: boolean;
  decline: { code: string; message: string } | null;
  card: { brand: string; last4: string } | null;
  refunded: number;
}

/** The same test card numbers as Stripe's card_present test cards, so tests read the same against both. */
const DECLINES: Record<string, { code: string; message: string }> = {
  '4000000000000002': { code: 'generic_decline', message: 'Your card was declined.' },
  '4000000000009995': { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  '4000000000000069': { code: 'expired_card', message: 'Your card has expired.' },
};

export class SimulatedTerminal implements CardTerminal {
  private readonly intents = new Map<string, SimIntent>();
  private readonly byAttempt = new Map<string, SimIntent>();
  private readonly refundKeys = new Map<string, { fingerprint: string; refundId: string }>();
  private offline = false;
  private seq = 0;

  constructor(private readonly options: SimulatedTerminalOptions = {}) {}

  /** The network (or Stripe) goes away / comes back. */
  setOffline(offline: boolean): void {
    this.offline = offline;
  }

  /** A customer taps a card on the reader (Stripe's present_payment_method test helper, here). */
  presentCard(number = '4242424242424242'): void {
    const intent = [...this.intents.values()].find((i) => i.onReader);
    if (!intent) throw new TerminalError('invalid_request', 'the reader has no payment waiting for a card');
    intent.onReader = false;
    const decline = DECLINES[number];
    if (decline) Object.assign(intent, { status: 'declined', decline });
    else Object.assign(intent, { status: 'succeeded', card: { brand: number.startsWith('4') ? 'visa' : 'mastercard', last4: number.slice(-4) } });
  }

  health(): TerminalHealth {
    return this.offline ? { reachable: false, readerOnline: false, detail: 'simulated: offline' } : { reachable: true, readerOnline: true, detail: 'simulated reader' };
  }

  async probe(): Promise<TerminalHealth> {
    return this.health();
  }

  async startPayment(request: StartPaymentRequest): Promise<{ paymentIntentId: string }> {
    validateStartRequest(request);
    this.ensureOnline();
    const fingerprint = JSON.stringify([request.amountMinor, request.currency.toLowerCase(), request.description, request.metadata]);
    const prior = this.byAttempt.get(request.attemptKey);
    if (prior) {
      if (prior.fingerprint !== fingerprint) throw new TerminalError('idempotency_conflict', `attempt ${request.attemptKey} was started with other parameters`, 'idempotency_error');
      return { paymentIntentId: prior.id };
    }
    if (this.readerBusy()) throw new TerminalError('reader_busy', 'the reader is busy with another payment', 'terminal_reader_busy');
    this.seq += 1;
    const intent: SimIntent = { id: `pi_sim_${this.seq}`, attemptKey: request.attemptKey, fingerprint, amount: request.amountMinor, currency: request.currency.toLowerCase(), status: 'waiting', onReader: true, decline: null, card: null, refunded: 0 };
    this.intents.set(intent.id, intent);
    this.byAttempt.set(request.attemptKey, intent);
    const autoMs = this.options.autoPresentMs;
    if (autoMs !== undefined && autoMs !== null) {
      const declineSuffix = this.options.declineWhenAmountEndsWith ?? '02';
      setTimeout(() => {
        if (intent.onReader) this.presentCard(String(intent.amount).endsWith(declineSuffix) ? '4000000000000002' : '4242424242424242');
      }, autoMs).unref();
    }
    return { paymentIntentId: intent.id };
  }

  async follow(paymentIntentId: string, options: { timeoutMs: number; onStep?: (step: TerminalStep) => void; signal?: AbortSignal }): Promise<PaymentOutcome> {
    const intent = this.intent(paymentIntentId);
    const giveUpAt = Date.now() + options.timeoutMs;
    options.onStep?.({ step: 'waiting_for_card', paymentIntentId });
    while (intent.status === 'waiting') {
      if (options.signal?.aborted || Date.now() >= giveUpAt) {
        const reason = options.signal?.aborted ? 'requested' : 'timeout';
        options.onStep?.({ step: 'cancelling', paymentIntentId, reason });
        await this.cancel(paymentIntentId);
        return reason === 'timeout' && (intent.status as SimIntent['status']) === 'cancelled' ? { state: 'timed_out', paymentIntentId } : this.outcome(intent);
      }
      await sleep(Math.min(this.options.pollIntervalMs ?? 20, Math.max(0, giveUpAt - Date.now())), options.signal);
    }
    if (intent.status === 'succeeded') {
      options.onStep?.({ step: 'authorized', paymentIntentId });
      options.onStep?.({ step: 'capturing', paymentIntentId });
    }
    return this.outcome(intent);
  }

  async cancel(paymentIntentId: string): Promise<void> {
    this.ensureOnline();
    const intent = this.intent(paymentIntentId);
    intent.onReader = false;
    if (intent.status === 'waiting') intent.status = 'cancelled';
  }

  async lookup(attemptKey: string, paymentIntentId: string | null): Promise<LookupResult> {
    this.ensureOnline();
    const intent = paymentIntentId ? this.intent(paymentIntentId) : this.byAttempt.get(attemptKey);
    if (!intent) return { state: 'not_found' };
    if (intent.attemptKey !== attemptKey) throw new TerminalError('invalid_request', `PaymentIntent ${intent.id} belongs to another attempt`);
    return intent.status === 'waiting' ? { state: 'pending', paymentIntentId: intent.id, status: 'requires_payment_method' } : this.outcome(intent);
  }

  async refund(paymentIntentId: string, amountMinor: number, idempotencyKey: string): Promise<{ refundId: string }> {
    this.ensureOnline();
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 1) throw new TerminalError('invalid_request', `refund amount must be a positive whole number of minor units, got ${amountMinor}`);
    const fingerprint = `${paymentIntentId}:${amountMinor}`;
    const prior = this.refundKeys.get(idempotencyKey);
    if (prior) {
      if (prior.fingerprint !== fingerprint) throw new TerminalError('idempotency_conflict', `refund key ${idempotencyKey} was used with other parameters`, 'idempotency_error');
      return { refundId: prior.refundId };
    }
    const intent = this.intent(paymentIntentId);
    if (intent.status !== 'succeeded') throw new TerminalError('invalid_request', `PaymentIntent ${paymentIntentId} has no successful charge to refund`, 'charge_not_refundable');
    const left = intent.amount - intent.refunded;
    if (amountMinor > left) throw new TerminalError('refund_too_large', `Refund amount (${amountMinor}) is greater than unrefunded amount on charge (${left})`, 'amount_too_large');
    intent.refunded += amountMinor;
    this.seq += 1;
    const refundId = `re_sim_${this.seq}`;
    this.refundKeys.set(idempotencyKey, { fingerprint, refundId });
    return { refundId };
  }

  /** True while a payment waits for a card on the reader. */
  readerBusy(): boolean {
    return [...this.intents.values()].some((i) => i.onReader);
  }

  /** How many PaymentIntents exist for an attempt: tests check that a replay never makes a second one. */
  intentCount(attemptKey: string): number {
    return [...this.intents.values()].filter((i) => i.attemptKey === attemptKey).length;
  }

  private outcome(intent: SimIntent): PaymentOutcome {
    const paymentIntentId = intent.id;
    if (intent.status === 'succeeded') return { state: 'succeeded', paymentIntentId, amountMinor: intent.amount, currency: intent.currency, cardBrand: intent.card?.brand ?? null, last4: intent.card?.last4 ?? null };
    if (intent.status === 'declined') return { state: 'declined', paymentIntentId, declineCode: intent.decline!.code, message: intent.decline!.message };
    return { state: 'cancelled', paymentIntentId };
  }

  private intent(id: string): SimIntent {
    const intent = this.intents.get(id);
    if (!intent) throw new TerminalError('invalid_request', `No such payment_intent: '${id}'`, 'resource_missing');
    return intent;
  }

  private ensureOnline(): void {
    if (this.offline) throw new TerminalError('unreachable', 'simulated terminal: Stripe unreachable');
  }
}
