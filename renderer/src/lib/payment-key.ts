/**
 * One key per payment the attendant means to take: a double press or a resend after a dropped link reuses it, so
 * the kiosk takes the money once. A new key after a payment ends (paid, declined, cancelled).
 */
export function newPaymentKey(): string {
  return `con-${crypto.randomUUID()}`;
}
