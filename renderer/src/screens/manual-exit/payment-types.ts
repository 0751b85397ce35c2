import type { CallOutput } from '../../api';

/** The exit quote and a recorded payment, as the contract's payments calls return them (types only). */
export type ExitQuote = CallOutput<'payments.quote'>['quote'];
export type PaymentDone = CallOutput<'payments.payCash'>['payment'];
export type Method = 'cash' | 'card' | 'wallet' | 'qr';
export const METHODS: readonly Method[] = ['cash', 'card', 'wallet', 'qr'];

/**
 * One key per payment the attendant means to take: a double press or a resend after a dropped link reuses it, so
 * the kiosk takes the money once. A new key after a payment ends (paid, declined, cancelled).
 */
export function newPaymentKey(): string {
  return `con-${crypto.randomUUID()}`;
}

export interface PayResult {
  payment: PaymentDone;
  receipt: string[];
  note?: string;
}
