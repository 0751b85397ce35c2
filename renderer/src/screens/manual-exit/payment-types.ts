import type { CallOutput } from '../../api';

/** The exit quote and a recorded payment, as the contract's payments calls return them (types only). */
export type ExitQuote = CallOutput<'payments.quote'>['quote'];
export type PaymentDone = CallOutput<'payments.payCash'>['payment'];
export type Method = 'cash' | 'card' | 'wallet' | 'qr';
export const METHODS: readonly Method[] = ['cash', 'card', 'wallet', 'qr'];

export interface PayResult {
  payment: PaymentDone;
  receipt: string[];
  note?: string;
}
