/**
 * Cash denominations in minor units, largest first, for counting a drawer. Notes and coins are split so the count
 * form can show them in two columns. Unknown currencies get a generic 1-2-5 series for their fraction digits.
 */
export interface Denominations {
  readonly notes: readonly number[];
  readonly coins: readonly number[];
}

const KNOWN: Record<string, Denominations> = {
  GBP: { notes: [5000, 2000, 1000, 500], coins: [200, 100, 50, 20, 10, 5, 2, 1] },
  EUR: { notes: [20000, 10000, 5000, 2000, 1000, 500], coins: [200, 100, 50, 20, 10, 5, 2, 1] },
  USD: { notes: [10000, 5000, 2000, 1000, 500, 100], coins: [25, 10, 5, 1] },
  CHF: { notes: [20000, 10000, 5000, 2000, 1000], coins: [500, 200, 100, 50, 20, 10, 5] },
  JPY: { notes: [10000, 5000, 1000], coins: [500, 100, 50, 10, 5, 1] },
};

export function denominationsFor(currency: string, digits: number): Denominations {
  const known = KNOWN[currency];
  if (known) return known;
  const unit = 10 ** digits;
  return {
    notes: [100, 50, 20, 10, 5].map((n) => n * unit),
    coins: [2, 1].map((n) => n * unit).concat(digits >= 2 ? [50, 20, 10, 5, 2, 1].map((n) => (n * unit) / 100) : []),
  };
}

/** Counts by denomination -> total in minor units; blank or invalid counts are zero. */
export function countedTotal(counts: Readonly<Record<string, string>>): number {
  return Object.entries(counts).reduce((sum, [d, c]) => sum + Number(d) * (/^\d+$/.test(c) ? Number(c) : 0), 0);
}

/** Only the denominations with a count, as the contract wants them: { "2000": 3 }. */
export function countedPayload(counts: Readonly<Record<string, string>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [d, c] of Object.entries(counts)) if (/^\d+$/.test(c) && Number(c) > 0) out[d] = Number(c);
  return out;
}
