/**
 * What a driver owes to leave now: the tariff's quote for the stay, then the session's adjustments (validation
 * codes, supervisor discounts and free time, a lost ticket), debts left on the plate, and what was already paid.
 * Pure: the caller passes the rate tables, the session, the adjustments and the clock reading.
 *
 * - Time off (a time validation, free time) prices the stay as if it had ended that much earlier; the receipt shows
 *   the saving as its own negative line, so the lines still sum to the total.
 * - Value off never takes the stay below zero.
 * - After paying, the driver has the tariff's grace period to leave: inside it the stay is priced as it ended when it
 *   was paid (an adjustment or a refund then still counts, the minutes after the payment do not); an overstay is
 *   the fresh quote minus what was paid (priced from entry again, so the extra time costs what the tariff says).
 * - What was paid beyond the charge is an overpayment, said as such (overpaidMinor), never a negative amount due.
 */
import { includedTaxMinor } from '../domain/money';
import { quoteStay, type QuoteLine, type RateTable } from '../domain/tariff';

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

/** An overpayment the driver left with the site: a line of the charge, so the charge equals what was paid. */
export interface PricingKept {
  amountMinor: number;
}

export interface PricingDebt {
  id: number;
  amountMinor: number;
  createdAt: number;
}

export interface ExitQuote {
  /** The stay's lines (tariff, adjustments, debts): they sum to totalMinor; what was paid is apart. */
  lines: QuoteLine[];
  /** What the stay costs after adjustments and debts, before what was paid. */
  totalMinor: number;
  paidMinor: number;
  /** What to take now: never negative. */
  dueMinor: number;
  /** What was paid beyond the charge (to refund or keep): never negative, 0 whenever dueMinor is not. */
  overpaidMinor: number;
  taxMinor: number;
  currency: string;
  /** The debts this payment settles. */
  debtIds: number[];
  /** While paid and inside: when the grace period to leave ends. */
  graceUntil: number | null;
  pricedAt: number;
}

const MINUTE_MS = 60_000;

export function priceExit(tables: readonly RateTable[], site: PricingSite, session: PricingSession, adjustments: readonly PricingAdjustment[], debts: readonly PricingDebt[], at: number, kept: readonly PricingKept[] = []): ExitQuote {
  const lostTicket = adjustments.some((a) => a.kind === 'lost_ticket');
  const quoteAt = (exitAt: number) => quoteStay(tables, { entryAt: session.entryAt, exitAt, vehicleClass: session.vehicleClass, lostTicket, timeZone: site.timeZone, taxRateBp: site.taxRateBp, currency: site.currency });
  const graceUntil = session.status === 'paid' && session.paidAt !== null ? session.paidAt + quoteAt(Math.max(session.paidAt, session.entryAt)).graceMinutes * MINUTE_MS : null;
  const withinGrace = graceUntil !== null && at <= graceUntil;
  const exitAt = Math.max(withinGrace ? session.paidAt! : at, session.entryAt);
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
  for (const keep of kept) lines.push({ code: 'overpayment_kept', label: 'Overpayment kept', quantity: 1, amountMinor: keep.amountMinor });
  const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  return { lines, ...owing(totalMinor, session.paidMinor, site.taxRateBp), currency: full.currency, debtIds: debts.map((d) => d.id), graceUntil, pricedAt: exitAt };
}

/** A charge against what was paid (net of refunds): what is still due, or what was paid beyond it. */
export function owing(totalMinor: number, paidMinor: number, taxRateBp: number): Pick<ExitQuote, 'totalMinor' | 'paidMinor' | 'dueMinor' | 'overpaidMinor' | 'taxMinor'> {
  const dueMinor = Math.max(0, totalMinor - paidMinor);
  return { totalMinor, paidMinor, dueMinor, overpaidMinor: Math.max(0, paidMinor - totalMinor), taxMinor: includedTaxMinor(dueMinor, taxRateBp) };
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
