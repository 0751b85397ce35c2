/**
 * Money is always an integer count of the currency's minor unit (cents, pence) plus its ISO 4217 code:
 * floating point never touches an amount.
 */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export const CURRENCY_CODE = /^[A-Z]{3}$/;

export function money(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`amount must be a whole number of minor units, got ${amountMinor}`);
  }
  if (!CURRENCY_CODE.test(currency)) throw new RangeError(`currency must be an ISO 4217 code, got "${currency}"`);
  return { amountMinor, currency };
}

/** The tax contained in a tax-inclusive amount, rounded half up to the minor unit. Rate in basis points. */
export function includedTaxMinor(grossMinor: number, taxRateBp: number): number {
  if (taxRateBp <= 0) return 0;
  return Math.round((grossMinor * taxRateBp) / (10_000 + taxRateBp));
}
