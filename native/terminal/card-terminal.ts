/**
 * The card terminal as the payments core sees it: one card-present payment per attempt, followed to a final state.
 * The core never talks to Stripe itself; it stores an attempt key BEFORE calling startPayment, so that a crash at
 * any point can be reconciled with `lookup` at start-up and nothing is ever charged twice.
 */

/** What the console and the lane display show while a payment runs. */
export type TerminalStep =
  | { step: 'created'; paymentIntentId: string }
  | { step: 'waiting_for_card'; paymentIntentId: string }
  | { step: 'authorized'; paymentIntentId: string }
  | { step: 'capturing'; paymentIntentId: string }
  | { step: 'cancelling'; paymentIntentId: string; reason: 'requested' | 'timeout' };

/** A final state. `succeeded` is only ever reported for a PaymentIntent that Stripe says is succeeded (captured). */
export type PaymentOutcome =
  | { state: 'succeeded'; paymentIntentId: string; amountMinor: number; currency: string; cardBrand: string | null; last4: string | null }
  | { state: 'declined'; paymentIntentId: string; declineCode: string; message: string }
  | { state: 'cancelled'; paymentIntentId: string }
  | { state: 'timed_out'; paymentIntentId: string };

/** An attempt that start-up reconciliation finds unfinished: authorised but not captured, or still on the reader. */
export type PendingOutcome = { state: 'pending'; paymentIntentId: string; status: 'requires_payment_method' | 'requires_capture' | 'processing' | 'requires_confirmation' | 'requires_action' };

export type LookupResult = PaymentOutcome | PendingOutcome | { state: 'not_found' };

export interface StartPaymentRequest {
  /** The core's key for this attempt, stored durably before this call; every Stripe call derives its key from it. */
  attemptKey: string;
  amountMinor: number;
  /** ISO 4217, lower or upper case; sent lower case as Stripe expects. */
  currency: string;
  description: string;
  metadata: Record<string, string>;
}

export interface TerminalHealth {
  reachable: boolean;
  readerOnline: boolean;
  detail: string;
}

export interface CardTerminal {
  /** Creates the card_present PaymentIntent and hands it to the reader. Same attemptKey + same request: same PaymentIntent. */
  startPayment(request: StartPaymentRequest): Promise<{ paymentIntentId: string }>;
  /** Follows a started payment to a final state; captures when the reader authorised it; cancels on timeout or abort. */
  follow(paymentIntentId: string, options: { timeoutMs: number; onStep?: (step: TerminalStep) => void; signal?: AbortSignal }): Promise<PaymentOutcome>;
  /** Clears the reader and cancels the PaymentIntent. A payment that already succeeded stays succeeded (follow/lookup tell). */
  cancel(paymentIntentId: string): Promise<void>;
  /** Start-up reconciliation: the PaymentIntent of an attempt (by saved id, else by the attempt key in its metadata). */
  lookup(attemptKey: string, paymentIntentId: string | null): Promise<LookupResult>;
  /** Refunds part or all of a succeeded payment; above what is left to refund is refused (TerminalError 'refund_too_large'). */
  refund(paymentIntentId: string, amountMinor: number, idempotencyKey: string): Promise<{ refundId: string }>;
  /** The last known state, without I/O: the console shows card payment as unavailable when `reachable` is false. */
  health(): TerminalHealth;
  /** Asks Stripe now (bounded by the network timeout) and updates health(). */
  probe(): Promise<TerminalHealth>;
}

export type TerminalErrorCode =
  | 'unreachable' // Stripe did not answer in time or refused the connection: card payment unavailable
  | 'idempotency_conflict' // the attempt key was used before with a different amount or request
  | 'refund_too_large'
  | 'invalid_request' // bad amount, currency, unknown PaymentIntent, wrong state
  | 'reader_busy' // the reader is running another action
  | 'reader_offline'
  | 'reader_timeout' // the reader did not answer Stripe in time (terminal_reader_timeout)
  | 'reader_fault' // the reader reported a hardware fault (terminal_reader_hardware_fault)
  | 'rate_limited' // 429: too many requests (rate_limit) or the object is locked (lock_timeout); wait and ask again
  | 'below_minimum' // less than Stripe's minimum charge in that currency: take it another way
  | 'authentication' // wrong API key
  | 'stripe_error'; // anything else Stripe said

/** Every failure of a terminal driver, with a code the core can switch on and Stripe's own code when there is one. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  constructor(
    readonly code: TerminalErrorCode,
    message: string,
    readonly stripeCode: string | null = null,
    options?: { cause?: unknown; paymentIntentId?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.paymentIntentId = options?.paymentIntentId ?? null;
  }
  /** Set when a PaymentIntent exists for the attempt although the call failed: the core cancels or reconciles it. */
  paymentIntentId: string | null;
}

/** The key derived from an attempt key for one step: the same step of the same attempt always sends the same key. */
export function stepKey(attemptKey: string, step: 'create' | 'process' | 'capture' | 'cancel' | 'cancel_action'): string {
  return `lotkeeper:${attemptKey}:${step}`;
}

/**
 * Stripe's minimum charge per currency in minor units (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 * A stay that owes less is taken in cash or from the wallet, or waived, never sent to a reader that would refuse it.
 */
const STRIPE_MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  USD: 50, AUD: 50, BRL: 50, CAD: 50, CHF: 50, EUR: 50, INR: 50, NZD: 50, SGD: 50, GBP: 30,
  BGN: 100, AED: 200, MYR: 200, PLN: 200, RON: 200, DKK: 250, NOK: 300, SEK: 300, HKD: 400,
  MXN: 1000, THB: 1000, CZK: 1500, JPY: 50,
};

/** The smallest card payment Stripe takes in this currency (minor units); 1 where Stripe lists none. */
export function cardMinimum(currency: string): number {
  return STRIPE_MINIMUM_CHARGE[currency.toUpperCase()] ?? 1;
}

/** Refuses what Stripe would refuse anyway, before any call: a clear error and nothing sent. */
export function validateStartRequest(request: StartPaymentRequest): void {
  if (!/^[A-Za-z0-9:_-]{8,200}$/.test(request.attemptKey)) throw new TerminalError('invalid_request', 'attemptKey must be 8..200 characters of A-Z a-z 0-9 : _ -');
  if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor < 1 || request.amountMinor > 99_999_999) {
    throw new TerminalError('invalid_request', `amountMinor must be a whole number of minor units from 1 to 99999999, got ${request.amountMinor}`);
  }
  if (!/^[A-Za-z]{3}$/.test(request.currency)) throw new TerminalError('invalid_request', `currency must be an ISO 4217 code, got "${request.currency}"`);
  const minimum = cardMinimum(request.currency);
  if (request.amountMinor < minimum) {
    throw new TerminalError('below_minimum', `card payments start at ${minimum} minor units of ${request.currency.toUpperCase()} (Stripe's minimum charge): take this amount in cash or from the wallet`);
  }
}
