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
  captureMethod: 'automatic' | 'manual';
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

  intent(id: string): PaymentIntent {
    const pi = this.intents.get(id);
    if (!pi) throw missing('payment_intent', id, 'intent');
    return pi;
  }

  createIntent(params: FormObject, apiVersion: string): PaymentIntent {
    const amount = parseAmount(params['amount'], 'amount', true)!;
    const currency = str(params['currency']);
    if (currency === undefined) throw invalid('Missing required param: currency.', { code: 'parameter_missing', param: 'currency' });
    if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}.`, { code: 'parameter_invalid_string', param: 'currency' });
    // API 2026-09-30.endive renamed the create parameter payment_method_types to allowed_payment_method_types
    // (stripe-node 23 CHANGELOG, "Remove support for payment_method_types on PaymentIntentCreateParams").
    const typesParam = apiVersion >= '2026-09-30' ? 'allowed_payment_method_types' : 'payment_method_types';
    const stale = typesParam === 'allowed_payment_method_types' ? 'payment_method_types' : 'allowed_payment_method_types';
    if (params[stale] !== undefined) throw invalid(`Received unknown parameter: ${stale}`, { code: 'parameter_unknown', param: stale });
    const types = params[typesParam] ?? ['card'];
    if (!Array.isArray(types) || types.some((t) => typeof t !== 'string')) throw invalid('Invalid array', { param: typesParam });
    const captureMethod = str(params['capture_method']) ?? 'automatic';
    if (captureMethod !== 'automatic' && captureMethod !== 'manual') {
      throw invalid(`Invalid capture_method: must be one of automatic, automatic_async, or manual`, { param: 'capture_method' });
    }
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
    const charge: Charge = { id: this.newId('ch'), paymentIntent: pi.id, amount: pi.amount, currency: pi.currency, captured: false, status: 'succeeded', brand, last4, amountRefunded: 0, created: Math.floor(this.now() / 1000) };
    this.charges.set(charge.id, charge);
    pi.latestCharge = charge.id;
    pi.lastPaymentError = null;
    if (pi.captureMethod === 'automatic') this.settle(pi, charge);
    else pi.status = 'requires_capture';
    return charge;
  }

  /** The issuer declined: a failed charge, the error on the intent, and the intent back to requires_payment_method. */
  decline(pi: PaymentIntent, brand: string, last4: string, error: { code: string; decline_code: string; message: string }): Record<string, unknown> {
    const charge: Charge = { id: this.newId('ch'), paymentIntent: pi.id, amount: pi.amount, currency: pi.currency, captured: false, status: 'failed', brand, last4, amountRefunded: 0, created: Math.floor(this.now() / 1000) };
    this.charges.set(charge.id, charge);
    pi.latestCharge = charge.id;
    pi.lastPaymentError = { type: 'card_error', charge: charge.id, ...error, doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll('_', '-')}` };
    pi.status = 'requires_payment_method';
    return pi.lastPaymentError;
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
