/**
 * PaymentIntents, charges and refunds, with the state machine of https://docs.stripe.com/payments/paymentintents/lifecycle
 * as it applies to card_present: requires_payment_method -> (reader authorises) requires_capture -> capture ->
 * succeeded, or straight to succeeded with capture_method=automatic; cancel from any state before succeeded.
 */
import { invalid, missing, unexpectedState } from './errors';
import type { FormObject, FormValue } from './form';

export type PiStatus = 'requires_payment_method' | 'requires_capture' | 'succeeded' | 'canceled';
export interface PaymentIntent {
  id: string;
  amount: number;
  currency: string;
  description: string | null;
  captureMethod: 'automatic' | 'automatic_async' | 'manual';
  paymentMethodTypes: string[];
  metadata: Record<string, string>;
  status: PiStatus;
  created: number;
  amountReceived: number;
  latestCharge: string | null;
  lastPaymentError: Record<string, unknown> | null;
  canceledAt: number | null;
  cancellationReason: string | null;
}
export interface Charge {
  id: string;
  paymentIntent: string;
  amount: number;
  currency: string;
  captured: boolean;
  status: 'succeeded' | 'failed';
  brand: string;
  last4: string;
  amountRefunded: number;
  created: number;
  /** A failed charge's decline, as Stripe keeps it on the charge: it outlives the intent's last_payment_error. */
  failureCode: string | null;
  failureMessage: string | null;
  declineCode: string | null;
}
export interface Refund {
  id: string;
  amount: number;
  charge: string;
  paymentIntent: string;
  currency: string;
  created: number;
  metadata: Record<string, string>;
}

/**
 * Stripe's minimum charge per currency, in minor units (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts);
 * a PaymentIntent for less is refused with amount_too_small.
 */
const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50, aud: 50, brl: 50, cad: 50, chf: 50, eur: 50, inr: 50, nzd: 50, sgd: 50, gbp: 30,
  bgn: 100, aed: 200, myr: 200, pln: 200, ron: 200, dkk: 250, nok: 300, sek: 300, hkd: 400,
  mxn: 1000, thb: 1000, czk: 1500, jpy: 50,
};

const str = (v: FormValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseAmount(value: FormValue | undefined, param: string, required: boolean): number | undefined {
  if (value === undefined && !required) return undefined;
  if (value === undefined) throw invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw invalid(`Invalid integer: ${String(value)}`, { code: 'parameter_invalid_integer', param });
  const amount = Number(value);
  if (amount < 1) throw invalid('This value must be greater than or equal to 1.', { code: 'amount_too_small', param });
  if (amount > 99_999_999) throw invalid('Amount must be no more than 999,999.99', { code: 'amount_too_large', param });
  return amount;
}

function parseMetadata(value: FormValue | undefined): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('Invalid hash', { param: 'metadata' });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw invalid('Metadata values must be strings.', { param: `metadata[${k}]` });
    out[k] = v;
  }
  return out;
}

export class Ledger {
  readonly intents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  newId(prefix: string): string {
    this.seq += 1;
    return `${prefix}_${this.seq.toString(36).padStart(6, '0')}${Math.random().toString(36).slice(2, 12)}`;
  }

  /** A charge amount as Stripe checks it: a whole number from the currency's minimum charge to 99,999,999. */
  checkAmount(value: FormValue | undefined, param: string, currency: string): number {
    const amount = parseAmount(value, param, true)!;
    const minimum = MINIMUM_CHARGE[currency];
    if (minimum !== undefined && amount < minimum) throw invalid(`Amount must be at least ${(minimum / 100).toFixed(2)} ${currency}`, { code: 'amount_too_small', param });
    return amount;
  }

  parseMetadata(value: FormValue | undefined): Record<string, string> {
    return parseMetadata(value);
  }

  /** A card payment taken online (a Checkout Session's hosted page): a succeeded PaymentIntent with its charge. */
  paidOnline(amount: number, currency: string, metadata: Record<string, string>, card: string): string {
    const pi: PaymentIntent = {
      id: this.newId('pi'), amount, currency, description: null, captureMethod: 'automatic', paymentMethodTypes: ['card'], metadata, status: 'requires_payment_method',
      created: Math.floor(this.now() / 1000), amountReceived: 0, latestCharge: null, lastPaymentError: null, canceledAt: null, cancellationReason: null,
    };
    this.intents.set(pi.id, pi);
    this.authorise(pi, card.startsWith('4') ? 'visa' : 'mastercard', card.slice(-4));
    return pi.id;
  }

  intent(id: string): PaymentIntent {
    const pi = this.intents.get(id);
    if (!pi) throw missing('payment_intent', id, 'intent');
    return pi;
  }

  createIntent(params: FormObject, apiVersion: string): PaymentIntent {
    const currency = str(params['currency']);
    if (currency === undefined) throw invalid('Missing required param: currency.', { code: 'parameter_missing', param: 'currency' });
    if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}.`, { code: 'parameter_invalid_string', param: 'currency' });
    const amount = this.checkAmount(params['amount'], 'amount', currency);
    // API 2026-09-30.endive renamed the create parameter payment_method_types to allowed_payment_method_types
    // (stripe-node 23 CHANGELOG, "Remove support for payment_method_types on PaymentIntentCreateParams").
    const typesParam = apiVersion >= '2026-09-30' ? 'allowed_payment_method_types' : 'payment_method_types';
    const stale = typesParam === 'allowed_payment_method_types' ? 'payment_method_types' : 'allowed_payment_method_types';
    if (params[stale] !== undefined) throw invalid(`Received unknown parameter: ${stale}`, { code: 'parameter_unknown', param: stale });
    const types = params[typesParam] ?? ['card'];
    if (!Array.isArray(types) || types.some((t) => typeof t !== 'string')) throw invalid('Invalid array', { param: typesParam });
    // The enum itself is checked against Stripe's definition before any handler runs (params.ts).
    const captureMethod = (str(params['capture_method']) ?? 'automatic') as PaymentIntent['captureMethod'];
    const pi: PaymentIntent = {
      id: this.newId('pi'),
      amount,
      currency,
      description: str(params['description']) ?? null,
      captureMethod,
      paymentMethodTypes: types as string[],
      metadata: parseMetadata(params['metadata']),
      status: 'requires_payment_method',
      created: Math.floor(this.now() / 1000),
      amountReceived: 0,
      latestCharge: null,
      lastPaymentError: null,
      canceledAt: null,
      cancellationReason: null,
    };
    this.intents.set(pi.id, pi);
    return pi;
  }

  /** The reader read a card that the issuer approved: authorise (manual) or authorise and capture (automatic). */
  authorise(pi: PaymentIntent, brand: string, last4: string): Charge {
    const charge: Charge = { ...this.newCharge(pi, brand, last4), status: 'succeeded' };
    this.charges.set(charge.id, charge);
    pi.latestCharge = charge.id;
    pi.lastPaymentError = null;
    if (pi.captureMethod !== 'manual') this.settle(pi, charge);
    else pi.status = 'requires_capture';
    return charge;
  }

  /** The issuer declined: a failed charge, the error on the intent, and the intent back to requires_payment_method. */
  decline(pi: PaymentIntent, brand: string, last4: string, error: { code: string; decline_code: string; message: string }): Record<string, unknown> {
    const charge: Charge = { ...this.newCharge(pi, brand, last4), status: 'failed', failureCode: error.code, failureMessage: error.message, declineCode: error.decline_code };
    this.charges.set(charge.id, charge);
    pi.latestCharge = charge.id;
    pi.lastPaymentError = { type: 'card_error', charge: charge.id, ...error, doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll('_', '-')}` };
    pi.status = 'requires_payment_method';
    return pi.lastPaymentError;
  }

  private newCharge(pi: PaymentIntent, brand: string, last4: string): Omit<Charge, 'status'> {
    return { id: this.newId('ch'), paymentIntent: pi.id, amount: pi.amount, currency: pi.currency, captured: false, brand, last4, amountRefunded: 0, created: Math.floor(this.now() / 1000), failureCode: null, failureMessage: null, declineCode: null };
  }

  capture(id: string, params: FormObject): PaymentIntent {
    const pi = this.intent(id);
    if (pi.status !== 'requires_capture') {
      throw unexpectedState(`This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`);
    }
    const amount = parseAmount(params['amount_to_capture'], 'amount_to_capture', false) ?? pi.amount;
    if (amount > pi.amount) throw invalid('The amount to capture must be less than or equal to the authorized amount.', { code: 'amount_too_large', param: 'amount_to_capture' });
    const charge = this.charges.get(pi.latestCharge!)!;
    charge.amount = amount;
    this.settle(pi, charge);
    return pi;
  }

  private settle(pi: PaymentIntent, charge: Charge): void {
    charge.captured = true;
    pi.amountReceived = charge.amount;
    pi.status = 'succeeded';
  }

  cancel(id: string, params: FormObject): PaymentIntent {
    const pi = this.intent(id);
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      throw unexpectedState(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`);
    }
    pi.status = 'canceled';
    // Stripe clears last_payment_error whenever the PaymentIntent is updated, a cancel included: the decline stays
    // on the failed charge (latest_charge), which is where a client must read it.
    pi.lastPaymentError = null;
    pi.canceledAt = Math.floor(this.now() / 1000);
    pi.cancellationReason = str(params['cancellation_reason']) ?? null;
    return pi;
  }

  refund(params: FormObject): Refund {
    const piId = str(params['payment_intent']);
    if (piId === undefined) throw invalid('Missing required param: payment_intent.', { code: 'parameter_missing', param: 'payment_intent' });
    const pi = this.intent(piId);
    const charge = pi.latestCharge ? this.charges.get(pi.latestCharge) : undefined;
    if (pi.status !== 'succeeded' || !charge) throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { code: 'charge_not_refundable' });
    const left = charge.amount - charge.amountRefunded;
    if (left === 0) throw invalid(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    const amount = parseAmount(params['amount'], 'amount', false) ?? left;
    if (amount > left) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, { code: 'amount_too_large', param: 'amount' });
    }
    charge.amountRefunded += amount;
    const refund: Refund = { id: this.newId('re'), amount, charge: charge.id, paymentIntent: pi.id, currency: pi.currency, created: Math.floor(this.now() / 1000), metadata: parseMetadata(params['metadata']) };
    this.refunds.set(refund.id, refund);
    return refund;
  }
}
