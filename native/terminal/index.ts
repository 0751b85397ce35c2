/** The card terminal driver: the interface the core uses, the Stripe Terminal driver, and the simulator. */
export * from './card-terminal';
export { StripeTerminal, outcomeOf, ATTEMPT_METADATA_KEY, type StripeTerminalConfig } from './stripe-terminal';
export { SimulatedTerminal, type SimulatedTerminalOptions } from './simulated-terminal';
export { StripeCheckout, type HostedCheckout, type HostedCheckoutSession, type CheckoutRequest, type StripeCheckoutConfig } from './stripe-checkout';
