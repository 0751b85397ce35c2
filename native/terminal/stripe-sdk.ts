import { createRequire } from 'node:module';
import type Stripe from 'stripe';

/**
 * The Stripe SDK, loaded when the kiosk first sets up a Stripe reader or Checkout, not when it starts: it takes
 * about a seventh of a second to load, which a site without Stripe (and every start of the CLI) need not pay.
 */
export function stripeSdk(): typeof Stripe {
  return createRequire(import.meta.url)('stripe') as typeof Stripe;
}
