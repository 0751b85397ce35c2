/** The JSON objects the API returns, shaped like Stripe's (the fields the SDK's types declare that our callers read). */
import type { Charge, Ledger, PaymentIntent, Refund } from './ledger';
import type { CheckoutSession } from './checkout';
import type { Reader } from './readers';

export function chargeJson(c: Charge): Record<string, unknown> {
  return {
    id: c.id,
    object: 'charge',
    amount: c.amount,
    amount_captured: c.captured ? c.amount : 0,
    amount_refunded: c.amountRefunded,
    captured: c.captured,
    created: c.created,
    currency: c.currency,
    failure_code: c.failureCode,
    failure_message: c.failureMessage,
    livemode: false,
    outcome: c.status === 'failed'
      ? { network_status: 'declined_by_network', reason: c.declineCode, risk_level: 'normal', seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' }
      : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: c.status === 'succeeded',
    payment_intent: c.paymentIntent,
    payment_method_details: { type: 'card_present', card_present: { brand: c.brand, last4: c.last4, read_method: 'contactless_emv' } },
    refunded: c.amountRefunded === c.amount,
    status: c.status,
  };
}

/** `expand` is honoured for latest_charge only: the one expansion our driver asks for. */
export function intentJson(pi: PaymentIntent, ledger: Ledger, expand: string[] = []): Record<string, unknown> {
  const charge = pi.latestCharge ? ledger.charges.get(pi.latestCharge) : undefined;
  return {
    id: pi.id,
    object: 'payment_intent',
    allowed_payment_method_types: pi.paymentMethodTypes,
    amount: pi.amount,
    amount_capturable: pi.status === 'requires_capture' ? pi.amount : 0,
    amount_received: pi.amountReceived,
    canceled_at: pi.canceledAt,
    cancellation_reason: pi.cancellationReason,
    capture_method: pi.captureMethod,
    client_secret: `${pi.id}_secret_loopback`,
    confirmation_method: 'automatic',
    created: pi.created,
    currency: pi.currency,
    customer: null,
    description: pi.description,
    last_payment_error: pi.lastPaymentError,
    latest_charge: charge && expand.includes('latest_charge') ? chargeJson(charge) : (pi.latestCharge ?? null),
    livemode: false,
    metadata: pi.metadata,
    next_action: null,
    payment_method: null,
    payment_method_types: pi.paymentMethodTypes,
    status: pi.status,
  };
}

export function refundJson(r: Refund): Record<string, unknown> {
  return { id: r.id, object: 'refund', amount: r.amount, charge: r.charge, created: r.created, currency: r.currency, metadata: r.metadata, payment_intent: r.paymentIntent, reason: null, status: 'succeeded' };
}

export function readerJson(r: Reader): Record<string, unknown> {
  return {
    id: r.id,
    object: 'terminal.reader',
    action: r.action,
    device_sw_version: '2.37.2.0',
    device_type: 'simulated_wisepos_e',
    ip_address: '0.0.0.0',
    label: r.label,
    last_seen_at: r.status === 'online' ? Date.now() : null,
    livemode: false,
    location: 'tml_loopback',
    metadata: {},
    serial_number: `SIM-${r.id}`,
    status: r.status,
  };
}

export function checkoutSessionJson(c: CheckoutSession): Record<string, unknown> {
  return {
    id: c.id,
    object: 'checkout.session',
    amount_subtotal: c.amountTotal,
    amount_total: c.amountTotal,
    client_reference_id: c.clientReferenceId,
    created: c.created,
    currency: c.currency,
    expires_at: c.expiresAt,
    livemode: false,
    metadata: c.metadata,
    mode: 'payment',
    payment_intent: c.paymentIntent,
    payment_method_types: ['card'],
    payment_status: c.status === 'complete' ? 'paid' : 'unpaid',
    status: c.status,
    ui_mode: 'hosted',
    url: c.status === 'open' ? `https://checkout.stripe.com/c/pay/${c.id}` : null,
  };
}
