/**
 * Pay on the phone through Stripe Checkout (https://docs.stripe.com/api/checkout/sessions): a Stripe-hosted page for
 * exactly one amount, shown as a QR code. The kiosk needs no web server of its own: it creates the Checkout
 * Session, polls it while the code is on screen, expires it when the code does, and refunds a payment that came too
 * late. Every answer is checked with zod before it is believed; every call is bounded in time like the reader's.
 */
import type Stripe from 'stripe';
import { stripeSdk } from './stripe-sdk';
import { z } from 'zod';
import { cardMinimum, TerminalError } from './card-terminal';
import { withDeadline } from './stripe-calls';

export interface HostedCheckoutSession {
  id: string;
  /** The page the QR code opens; null once the session is no longer open. */
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  paid: boolean;
  amountMinor: number;
  /** Upper case, as the kiosk keeps currencies. */
  currency: string;
  paymentIntentId: string | null;
  metadata: Record<string, string>;
}

export interface CheckoutRequest {
  /** The idempotency key of the create call. */
  key: string;
  amountMinor: number;
  currency: string;
  /** What the driver sees on the page and the statement: the plate and the site. */
  productName: string;
  metadata: Record<string, string>;
  /** Epoch ms; Stripe takes 30 minutes to 24 hours from now, so the kiosk also expires it itself when its code does. */
  expiresAt: number;
}

export interface HostedCheckout {
  create(request: CheckoutRequest): Promise<HostedCheckoutSession>;
  retrieve(id: string): Promise<HostedCheckoutSession>;
  /** Ends the session so it can no longer be paid; one that completed meanwhile is returned as it is, paid. */
  expire(id: string, key: string): Promise<HostedCheckoutSession>;
  refund(paymentIntentId: string, amountMinor: number, idempotencyKey: string): Promise<{ refundId: string }>;
}

export interface StripeCheckoutConfig {
  secretKey: string;
  networkTimeoutMs?: number;
  callDeadlineMs?: number;
  endpoint?: { host: string; port: number; protocol: 'http' | 'https' };
}

// Stripe takes 30 minutes to 24 hours from creation, on its clock: a minute inside each bound for the request's way there.
const MIN_EXPIRY_MS = 31 * 60_000;
const MAX_EXPIRY_MS = 23 * 60 * 60_000 + 59 * 60_000;

const sessionSchema = z.looseObject({
  id: z.string().regex(/^cs_[A-Za-z0-9_]{4,250}$/),
  object: z.literal('checkout.session'),
  url: z.string().startsWith('https://').nullable(),
  status: z.enum(['open', 'complete', 'expired']),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  amount_total: z.int().min(0).nullable(),
  currency: z.string().regex(/^[a-z]{3}$/).nullable(),
  payment_intent: z.union([z.string(), z.looseObject({ id: z.string() })]).nullable(),
  metadata: z.record(z.string(), z.string()).nullable(),
});

export class StripeCheckout implements HostedCheckout {
  private readonly stripe: Stripe;
  private readonly deadlineMs: number;

  constructor(config: StripeCheckoutConfig) {
    this.stripe = new (stripeSdk())(config.secretKey, { timeout: config.networkTimeoutMs ?? 1_000, maxNetworkRetries: 1, telemetry: false, ...(config.endpoint ?? {}) });
    this.deadlineMs = config.callDeadlineMs ?? 2_500;
  }

  async create(request: CheckoutRequest): Promise<HostedCheckoutSession> {
    const minimum = cardMinimum(request.currency);
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor < minimum) {
      throw new TerminalError('below_minimum', `Stripe takes card payments of at least ${minimum} minor units of ${request.currency}`);
    }
    const expiresAtS = Math.floor(Math.min(Math.max(request.expiresAt, Date.now() + MIN_EXPIRY_MS), Date.now() + MAX_EXPIRY_MS) / 1000);
    const session = await this.call('create the Checkout Session', () =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [{ quantity: 1, price_data: { currency: request.currency.toLowerCase(), unit_amount: request.amountMinor, product_data: { name: request.productName } } }],
          metadata: request.metadata,
          payment_intent_data: { metadata: request.metadata },
          expires_at: expiresAtS,
        },
        { idempotencyKey: request.key },
      ),
    );
    return parseSession(session);
  }

  async retrieve(id: string): Promise<HostedCheckoutSession> {
    return parseSession(await this.call('read the Checkout Session', () => this.stripe.checkout.sessions.retrieve(id)));
  }

  async expire(id: string, key: string): Promise<HostedCheckoutSession> {
    try {
      return parseSession(await this.call('expire the Checkout Session', () => this.stripe.checkout.sessions.expire(id, {}, { idempotencyKey: key })));
    } catch (error) {
      // Refused because it is no longer open (paid at the last moment, or expired already): say how it ended.
      if (error instanceof TerminalError && error.code === 'invalid_request') return this.retrieve(id);
      throw error;
    }
  }

  async refund(paymentIntentId: string, amountMinor: number, idempotencyKey: string): Promise<{ refundId: string }> {
    const refund = await this.call('refund', () => this.stripe.refunds.create({ payment_intent: paymentIntentId, amount: amountMinor }, { idempotencyKey }));
    return { refundId: refund.id };
  }

  private call<T>(context: string, fn: () => Promise<T>): Promise<T> {
    return withDeadline(this.deadlineMs, context, fn);
  }
}

function parseSession(raw: unknown): HostedCheckoutSession {
  const parsed = sessionSchema.safeParse(raw);
  if (!parsed.success) throw new TerminalError('stripe_error', `Stripe's Checkout Session is not as documented: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const s = parsed.data;
  return {
    id: s.id,
    url: s.url,
    status: s.status,
    paid: s.status === 'complete' && s.payment_status === 'paid',
    amountMinor: s.amount_total ?? 0,
    currency: (s.currency ?? '').toUpperCase(),
    paymentIntentId: typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? null),
    metadata: s.metadata ?? {},
  };
}
