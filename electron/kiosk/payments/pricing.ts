/**
 * What a driver owes to leave now: the tariff's quote for the stay, then the session's adjustments (validation
 * codes, supervisor discounts and free time, a lost ticket), debts left on the plate, and what was already paid.
 * Pure: the caller passes the rate tables, the session, the adjustments and the clock reading.
 *
 * - Time off (a time validation, free time) prices the stay as if it had ended that much earlier; the receipt shows
 *   the saving as its own negative line, so the lines still sum to the total.
 * - Value off never takes the stay below zero.
 * - After paying, the driver has the tariff's grace period to leave; an overstay is the fresh quote minus what was
 *   paid (the stay is priced from entry again, so the extra time costs what the tariff says, not more).
 */
import { includedTaxMinor } from '../domain/money';
import { quoteStay, type Quote, type QuoteLine, type RateTable } from '../domain/tariff';

export interface PricingSite {
  timeZone: string;
  taxRateBp: number;
  currency: string;
}

export interface PricingSession {
  entryAt: number;
  vehicleClass: string;
  status: 'open' | 'paid' | 'closed' | 'voided';
  paidMinor: number;
  paidAt: number | null;
}

export interface PricingAdjustment {
  kind: 'validation' | 'discount' | 'free_time' | 'lost_ticket';
  code: string | null;
  minutesOff: number | null;
  valueOffMinor: number | null;
}

export interface PricingDebt {
  id: number;
  amountMinor: number;
  createdAt: number;
}

export interface ExitQuote {
  /** The tariff's own quote for the stay (with time off applied), as the receipt's source. */
  tariff: Quote;
  /** The stay's lines (tariff, adjustments, debts): they sum to totalMinor; what was paid is apart. */
  lines: QuoteLine[];
  /** What the stay costs after adjustments and debts, before what was paid. */
  totalMinor: number;
  paidMinor: number;
  /** What to take now: never negative. */
  dueMinor: number;
  taxMinor: number;
  currency: string;
  /** The debts this payment settles. */
  debtIds: number[];
  /** While paid and inside: when the grace period to leave ends. */
  graceUntil: number | null;
  pricedAt: number;
}

const MINUTE_MS = 60_000;

export function priceExit(tables: readonly RateTable[], site: PricingSite, session: PricingSession, adjustments: readonly PricingAdjustment[], debts: readonly PricingDebt[], at: number): ExitQuote {
  const lostTicket = adjustments.some((a) => a.kind === 'lost_ticket');
  const quoteAt = (exitAt: number) => quoteStay(tables, { entryAt: session.entryAt, exitAt, vehicleClass: session.vehicleClass, lostTicket, timeZone: site.timeZone, taxRateBp: site.taxRateBp, currency: site.currency });
  const exitAt = Math.max(at, session.entryAt);
  const full = quoteAt(exitAt);
  const minutesOff = adjustments.reduce((sum, a) => sum + (a.kind !== 'lost_ticket' && a.valueOffMinor === null ? (a.minutesOff ?? 0) : 0), 0);
  const tariff = minutesOff > 0 ? quoteAt(Math.max(session.entryAt, exitAt - minutesOff * MINUTE_MS)) : full;
  const lines: QuoteLine[] = [...full.lines];
  if (tariff.totalMinor !== full.totalMinor) lines.push({ code: 'time_off', label: `${minutesOff} min off`, quantity: 1, amountMinor: tariff.totalMinor - full.totalMinor });
  let stayMinor = tariff.totalMinor;
  for (const adjustment of adjustments) {
    if (adjustment.valueOffMinor === null) continue;
    const off = Math.min(adjustment.valueOffMinor, stayMinor);
    stayMinor -= off;
    if (off > 0) lines.push({ code: adjustment.kind, label: adjustment.code ? `Validation ${adjustment.code}` : 'Discount', quantity: 1, amountMinor: -off });
  }
  for (const debt of debts) lines.push({ code: 'debt', label: 'Unpaid earlier stay', quantity: 1, amountMinor: debt.amountMinor });
  const totalMinor = stayMinor + debts.reduce((sum, d) => sum + d.amountMinor, 0);
  const graceUntil = session.status === 'paid' && session.paidAt !== null ? session.paidAt + full.graceMinutes * MINUTE_MS : null;
  const withinGrace = graceUntil !== null && at <= graceUntil;
  const dueMinor = withinGrace ? 0 : Math.max(0, totalMinor - session.paidMinor);
  return { tariff, lines, totalMinor, paidMinor: session.paidMinor, dueMinor, taxMinor: includedTaxMinor(dueMinor, site.taxRateBp), currency: full.currency, debtIds: debts.map((d) => d.id), graceUntil, pricedAt: exitAt };
}

/** Change for cash tendered: refuses underpayment and amounts that are not whole minor units. */
export function changeDue(dueMinor: number, tenderedMinor: number): number {
  if (!Number.isSafeInteger(dueMinor) || !Number.isSafeInteger(tenderedMinor)) throw new RangeError('amounts are whole minor units');
  if (tenderedMinor < dueMinor) throw new RangeError(`tendered ${tenderedMinor} is less than the ${dueMinor} due`);
  return tenderedMinor - dueMinor;
}

/** The value of a count by denomination (keys are minor units), and how it differs from what was expected. */
export function countDrawer(counted: Readonly<Record<string, number>>, expectedMinor: number): { countedMinor: number; varianceMinor: number } {
  let countedMinor = 0;
  for (const [denomination, count] of Object.entries(counted)) {
    if (!/^\d+$/.test(denomination) || !Number.isSafeInteger(count) || count < 0) throw new RangeError(`bad count ${count} of ${denomination}`);
    countedMinor += Number(denomination) * count;
  }
  if (!Number.isSafeInteger(countedMinor)) throw new RangeError('the counted total is too large');
  return { countedMinor, varianceMinor: countedMinor - expectedMinor };
}
