/**
 * The card terminals the contract test runs against, each with the "customer" side a test needs: presenting a card
 * on the reader. Stripe's test helper present_payment_method plays the customer for a real or loopback Stripe.
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import type { CardTerminal } from '../../native/terminal/card-terminal';
import { SimulatedTerminal } from '../../native/terminal/simulated-terminal';
import { StripeTerminal } from '../../native/terminal/stripe-terminal';
import { requirement, type Requirement } from '../support/requires';
import { startStripeServer } from '../support/stripe-server';

export interface TerminalHarness {
  terminal: CardTerminal;
  /** The customer taps a card: a Stripe card_present test number. */
  present(cardNumber: string): Promise<void>;
  /** True when the reader runs no action (nothing waits for a card). */
  readerIdle(): Promise<boolean>;
  /** PaymentIntents carrying this attempt key, where the peer can count them at once (not real Stripe: search lags). */
  intentCount: ((attemptKey: string) => number) | null;
  close(): Promise<void>;
}

export interface TerminalTarget {
  name: string;
  /** What the target needs to run: Stripe's test mode needs the team's credentials (a vendor's, so it may skip). */
  needs: Requirement;
  /** Its PaymentIntent search answers at once (not real Stripe's, which lags by up to a minute). */
  searchesAtOnce: boolean;
  setup(): Promise<TerminalHarness>;
}

export const attemptKey = (): string => `att_${randomUUID()}`;

function stripeCustomer(stripe: Stripe, readerId: string): Pick<TerminalHarness, 'present' | 'readerIdle'> {
  return {
    present: async (number) => {
      await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId, { type: 'card_present', card_present: { number } });
    },
    readerIdle: async () => {
      const reader = (await stripe.terminal.readers.retrieve(readerId)) as Stripe.Terminal.Reader;
      return reader.action?.status !== 'in_progress';
    },
  };
}

const loopbackStripe: TerminalTarget = {
  name: 'StripeTerminal + stripe SDK -> loopback Stripe server',
  needs: requirement('installed', () => null),
  searchesAtOnce: true,
  async setup() {
    const server = await startStripeServer({ readers: ['tmr_lane1'] });
    const endpoint = { host: '127.0.0.1', port: server.port, protocol: 'http' as const };
    const terminal = new StripeTerminal({ secretKey: server.apiKey, readerId: 'tmr_lane1', endpoint, pollIntervalMs: 20 });
    const customer = stripeCustomer(new Stripe(server.apiKey, { ...endpoint, telemetry: false }), 'tmr_lane1');
    const intentCount = (key: string) => [...server.ledger.intents.values()].filter((pi) => pi.metadata['lotkeeper_attempt'] === key).length;
    return { terminal, ...customer, intentCount, close: () => server.close() };
  },
};

const secretKey = process.env['STRIPE_SECRET_KEY'];
const realStripe: TerminalTarget = {
  name: "StripeTerminal + stripe SDK -> Stripe's test mode",
  needs: requirement('vendor', () =>
    !secretKey ? 'set STRIPE_SECRET_KEY (sk_test_...) to run against Stripe test mode: the test makes its own location and simulated reader' : secretKey.startsWith('sk_test_') ? null : 'STRIPE_SECRET_KEY must be a test-mode key (sk_test_...)',
  ),
  searchesAtOnce: false,
  async setup() {
    const stripe = new Stripe(secretKey!, { telemetry: false });
    // A simulated reader of the test's own, at a location of its own, both deleted afterwards.
    const location = await stripe.terminal.locations.create({ display_name: `Lotkeeper contract ${randomUUID().slice(0, 8)}`, address: { line1: '1 Harbour Street', city: 'London', postal_code: 'E1 6AN', country: 'GB' } });
    const reader = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: location.id, label: 'Lotkeeper contract test' });
    // Real latencies: a longer network timeout than the kiosk's 2-second rule; that rule is tested on the loopback.
    const terminal = new StripeTerminal({ secretKey: secretKey!, readerId: reader.id, pollIntervalMs: 500, networkTimeoutMs: 15_000, callDeadlineMs: 30_000 });
    return {
      terminal,
      ...stripeCustomer(stripe, reader.id),
      intentCount: null,
      close: async () => {
        await stripe.terminal.readers.del(reader.id);
        await stripe.terminal.locations.del(location.id);
      },
    };
  },
};

const simulated: TerminalTarget = {
  name: 'SimulatedTerminal',
  needs: requirement('installed', () => null),
  searchesAtOnce: true,
  async setup() {
    const terminal = new SimulatedTerminal({ pollIntervalMs: 10 });
    return {
      terminal,
      present: async (number) => terminal.presentCard(number),
      readerIdle: async () => !terminal.readerBusy(),
      intentCount: (key) => terminal.intentCount(key),
      close: async () => undefined,
    };
  },
};

export const terminalTargets: TerminalTarget[] = [loopbackStripe, realStripe, simulated];
