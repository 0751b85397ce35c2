/**
 * Checkout Sessions (https://docs.stripe.com/api/checkout/sessions) as a hosted payment page: created open for one
 * line item, paid by the driver on the phone (pay(): what the hosted page does, there is no API for it), expired by
 * the API or by time. A completed session has a succeeded PaymentIntent and charge in the ledger, so it can be
 * refunded through /v1/refunds like any payment.
 */
import { invalid, missing } from './errors';
import type { FormObject, FormValue } from './form';
import type { Ledger } from './ledger';

export interface CheckoutSession {
  id: string;
  amountTotal: number;
  currency: string;
  expiresAt: number;
  metadata: Record<string, string>;
  clientReferenceId: string | null;
  productName: string;
  status: 'open' | 'complete' | 'expired';
  paymentIntent: string | null;
  created: number;
}

const MIN_EXPIRY_S = 30 * 60;
const MAX_EXPIRY_S = 24 * 60 * 60;

const hash = (value: FormValue | undefined, param: string): Record<string, FormValue> => {
  if (value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('Invalid hash', { param });
  return value;
};

export class CheckoutSessions {
  readonly byId = new Map<string, CheckoutSession>();

  constructor(private readonly ledger: Ledger, private readonly now: () => number) {}

  create(params: FormObject): CheckoutSession {
    if (params['mode'] !== 'payment') throw invalid('The loopback server takes mode=payment Checkout Sessions only.', { param: 'mode' });
    const items = params['line_items'];
    if (!Array.isArray(items) || items.length !== 1) throw invalid('line_items must hold exactly one item here.', { param: 'line_items' });
    const item = hash(items[0], 'line_items[0]');
    const price = hash(item['price_data'], 'line_items[0][price_data]');
    if (item['quantity'] !== '1') throw invalid('Quantity must be 1 here.', { param: 'line_items[0][quantity]' });
    const currency = price['currency'];
    if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) throw invalid('Missing required param: line_items[0][price_data][currency].', { code: 'parameter_missing', param: 'line_items[0][price_data][currency]' });
    const productName = hash(price['product_data'], 'line_items[0][price_data][product_data]')['name'];
    if (typeof productName !== 'string' || productName === '') throw invalid('Missing required param: line_items[0][price_data][product_data][name].', { code: 'parameter_missing', param: 'line_items[0][price_data][product_data][name]' });
    // The same checks as a PaymentIntent's amount (positive, under the maximum, at least the currency's minimum).
    const amountTotal = this.ledger.checkAmount(price['unit_amount'], 'line_items[0][price_data][unit_amount]', currency);
    const nowS = Math.floor(this.now() / 1000);
    const expiresAt = params['expires_at'] === undefined ? nowS + MAX_EXPIRY_S : Number(params['expires_at']);
    if (!Number.isInteger(expiresAt) || expiresAt < nowS + MIN_EXPIRY_S || expiresAt > nowS + MAX_EXPIRY_S) {
      throw invalid('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', { param: 'expires_at' });
    }
    const metadata = this.ledger.parseMetadata(params['metadata']);
    const reference = params['client_reference_id'];
    const session: CheckoutSession = {
      id: this.ledger.newId('cs_test'),
      amountTotal,
      currency,
      expiresAt,
      metadata,
      clientReferenceId: typeof reference === 'string' ? reference : null,
      productName,
      status: 'open',
      paymentIntent: null,
      created: nowS,
    };
    this.byId.set(session.id, session);
    return session;
  }

  get(id: string): CheckoutSession {
    const session = this.byId.get(id);
    if (!session) throw missing('checkout.session', id, 'session');
    if (session.status === 'open' && Math.floor(this.now() / 1000) >= session.expiresAt) session.status = 'expired';
    return session;
  }

  expire(id: string): CheckoutSession {
    const session = this.get(id);
    if (session.status !== 'open') throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`, { code: 'checkout_session_not_expirable' });
    session.status = 'expired';
    return session;
  }

  /** The driver pays on the hosted page: only an open session takes money. */
  pay(id: string, card = '4242424242424242'): CheckoutSession {
    const session = this.get(id);
    if (session.status !== 'open') throw new Error(`the hosted page refuses: Checkout Session ${id} is ${session.status}`);
    session.paymentIntent = this.ledger.paidOnline(session.amountTotal, session.currency, session.metadata, card);
    session.status = 'complete';
    return session;
  }
}
