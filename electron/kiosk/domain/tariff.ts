/**
 * The tariff engine: what a stay costs under the site's rate tables. Pure: instants come in, a quote goes out.
 *
 * How a stay is charged (the receipt lists each part as a line; the lines always sum to the total):
 * 1. Lost ticket or unknown entry: the table's flat lostTicketMinor. When the entry time is known (the plate was
 *    read on the way in) the driver pays the higher of that and the normal fee: a lost ticket never saves money.
 * 2. A stay no longer than freeMinutes costs nothing. A longer stay is charged from the moment of entry (the free
 *    minutes are a threshold, not a deduction, as on most car park signs).
 * 3. Offers, matched on the entry time (entryTo is exclusive unless entryToInclusive). An event (listed in
 *    table.events, on one of its dates or when the caller names its code in activeEvents) replaces normal charging
 *    with its flat price until its flatUntil time. An early bird does the same, but only when it is cheaper than
 *    the normal fee for that stay, until the stay passes its requiredAfterMinutes ("all day" prices by arrival
 *    time after 4 h): then normal charging is no longer on offer and the cheapest early bird that holds is paid. After flatUntil, by the offer's lateExit: 'resumeNormal' charges on from that
 *    instant as if the vehicle had just come in (the schedule starts again at 0); 'void' ("out by 18:30") drops
 *    the offer, and the whole stay is charged as if it had never applied.
 * 4. Bands (night, weekend): the part of the stay inside a band occurrence is charged by the band's rule (flat per
 *    occurrence, or per started period counted from when the stay entered the band), capped per occurrence.
 * 5. The rest of the stay runs on a meter that pauses inside bands: the schedule (first period, further periods,
 *    tiers) charges each started period of metered time, and a tier is a range of metered time. With cycleMinutes
 *    the meter goes back to 0 every cycleMinutes from entry, so the first period is charged again in each cycle.
 * 6. The daily maximum caps what is charged inside each 24 h from entry, or each local calendar day. A charge
 *    belongs to the window in which its period starts. A window holding an event's flat price is capped at the
 *    higher of the daily maximum and that price: the event price is never cut. With a longStayCap, the first `days`
 *    windows together cost at most its capMinor, and each later window at most its laterDailyMaxMinor.
 * Caps never shrink a line: each line is quantity x unit price, and a cap is its own negative line ('band_cap',
 * 'daily_cap', 'long_stay_cap'), so an operator can check every line by hand.
 *
 * Durations are real elapsed time, to the millisecond: a 2 h stay across the night the clocks go back is 2 hours.
 * Tables are treated as immutable: each table object is compiled once (see tariff-compile.ts).
 */
import { includedTaxMinor } from './money';
import { type CompiledOffer, type CompiledTable, compileRateTable } from './tariff-compile';
import { Ledger, type Priced } from './tariff-ledger';
import { capBoundaries, chargeTime, type Stay } from './tariff-meter';
import { isoInstant, MAX_EPOCH_MS } from './tariff-rules';
import { type RateTable, TariffError } from './tariff-schema';
import {
  DAY_MS,
  instantOfLocalMs,
  isValidTimeZone,
  localEpochDay,
  MINUTE_MS,
  weekdayOfEpochDay,
} from './zoned-time';

export { checkRateTables, type TariffProblem } from './tariff-check';
export type { TariffProblemCode } from './tariff-rules';
export {
  parseRateTable,
  rateTableSchema,
  TariffError,
  type RateTable,
  type RateTableInput,
  type TariffErrorCode,
} from './tariff-schema';

export interface QuoteRequest {
  /** null: unknown entry (charged the lost-ticket price). */
  entryAt: number | null;
  exitAt: number;
  vehicleClass: string;
  lostTicket?: boolean;
  /** The site's IANA zone, e.g. "Europe/London". */
  timeZone: string;
  /** Tax included in the price, in basis points (2000 = 20 %). */
  taxRateBp: number;
  /** Codes of table.events switched on for this stay (e.g. by the attendant), on top of their listed dates. */
  activeEvents?: readonly string[];
  /** The site's currency; when given, a table in another currency is an error rather than a wrong charge. */
  currency?: string;
}

export interface QuoteLine {
  /**
   * Stable machine code: 'free', 'first_period', 'period', 'tier', 'band', 'band_cap', 'early_bird', 'event',
   * 'daily_cap', 'long_stay_cap' or 'lost_ticket'.
   */
  code: string;
  /** English receipt text. */
  label: string;
  /** Periods, occurrences or capped windows the line counts. */
  quantity: number;
  /** Negative for caps. */
  amountMinor: number;
}

export interface Quote {
  totalMinor: number;
  currency: string;
  /** Tax included in totalMinor. */
  taxMinor: number;
  lines: QuoteLine[];
  tableId: string;
  tableVersion: number;
  /** Whole minutes (rounded up) of the stay that were charged: 0 for a free stay or an unknown entry. */
  chargeableMinutes: number;
  /** Minutes the driver has to leave after paying. */
  graceMinutes: number;
  entryAt: number | null;
  exitAt: number;
}

/**
 * The version of a vehicle class's table in effect at an instant (effectiveFrom inclusive, effectiveTo exclusive).
 * quoteStay asks for the entry instant: a driver pays the rates in force when they came in, even if a new table
 * starts during the stay. Overlapping versions are a configuration error (checkRateTables reports them); the
 * choice is still deterministic: the latest effectiveFrom, then the highest version, then the smallest id.
 */
export function selectRateTable(tables: readonly RateTable[], vehicleClass: string, at: number): RateTable | undefined {
  let chosen: RateTable | undefined;
  for (const table of tables) {
    if (table.vehicleClass !== vehicleClass || at < table.effectiveFrom) continue;
    if (table.effectiveTo !== null && at >= table.effectiveTo) continue;
    if (!chosen || takesPrecedence(table, chosen)) chosen = table;
  }
  return chosen;
}

function takesPrecedence(table: RateTable, other: RateTable): boolean {
  if (table.effectiveFrom !== other.effectiveFrom) return table.effectiveFrom > other.effectiveFrom;
  if (table.version !== other.version) return table.version > other.version;
  return table.id < other.id;
}

/** The fee for a stay. Throws TariffError for a request that cannot be priced. */
export function quoteStay(tables: readonly RateTable[], request: QuoteRequest): Quote {
  checkRequest(request);
  const { entryAt, exitAt } = request;
  const pricedAt = entryAt ?? exitAt;
  const table = selectRateTable(tables, request.vehicleClass, pricedAt);
  if (!table) {
    const which = entryAt === null ? 'exit (the entry time is unknown)' : 'entry';
    throw new TariffError(
      'no_rate_table',
      `no rate table for vehicle class "${request.vehicleClass}" is in effect at ${isoInstant(pricedAt)}, the ${which}`,
    );
  }
  if (request.currency !== undefined && request.currency !== table.currency) {
    throw new TariffError(
      'currency_mismatch',
      `rate table ${table.id} v${table.version} charges in ${table.currency}, but the site uses ${request.currency}`,
    );
  }
  const charge = chargeRequest(compileRateTable(table), request);
  return {
    totalMinor: charge.totalMinor,
    currency: table.currency,
    taxMinor: includedTaxMinor(charge.totalMinor, request.taxRateBp),
    lines: charge.lines,
    tableId: table.id,
    tableVersion: table.version,
    chargeableMinutes: charge.chargeableMinutes,
    graceMinutes: table.graceMinutes,
    entryAt,
    exitAt,
  };
}

function checkRequest(request: QuoteRequest): void {
  const isInstant = (value: number) => Number.isSafeInteger(value) && Math.abs(value) < MAX_EPOCH_MS - 2 * DAY_MS;
  if (!isInstant(request.exitAt)) throw invalidRequest(`exitAt must be epoch milliseconds, got ${request.exitAt}`);
  if (request.entryAt !== null && !isInstant(request.entryAt)) {
    throw invalidRequest(`entryAt must be epoch milliseconds or null, got ${request.entryAt}`);
  }
  if (!Number.isSafeInteger(request.taxRateBp) || request.taxRateBp < 0) {
    throw invalidRequest(`taxRateBp must be a whole number of basis points >= 0, got ${request.taxRateBp}`);
  }
  if (!isValidTimeZone(request.timeZone)) {
    throw new TariffError('invalid_time_zone', `unknown IANA time zone "${request.timeZone}" (e.g. "Europe/London")`);
  }
  if (request.entryAt !== null && request.exitAt < request.entryAt) {
    throw new TariffError(
      'exit_before_entry',
      `exit ${isoInstant(request.exitAt)} is before entry ${isoInstant(request.entryAt)}`,
    );
  }
}

function invalidRequest(message: string): TariffError {
  return new TariffError('invalid_request', message);
}

interface Charge extends Priced {
  readonly chargeableMinutes: number;
}

function chargeRequest(table: CompiledTable, request: QuoteRequest): Charge {
  const lost: Charge = {
    totalMinor: table.table.lostTicketMinor,
    lines: [{ code: 'lost_ticket', label: 'Lost ticket', quantity: 1, amountMinor: table.table.lostTicketMinor }],
    chargeableMinutes: 0,
  };
  if (request.entryAt === null) return lost;
  const stay = chargeStay(table, request.timeZone, request.entryAt, request.exitAt, new Set(request.activeEvents));
  return request.lostTicket && lost.totalMinor > stay.totalMinor ? lost : stay;
}

function chargeStay(
  table: CompiledTable,
  timeZone: string,
  entryAt: number,
  exitAt: number,
  activeEvents: ReadonlySet<string>,
): Charge {
  const stayMs = exitAt - entryAt;
  const { freeMinutes } = table.table;
  if (stayMs <= freeMinutes * MINUTE_MS) {
    const lines = freeMinutes > 0 ? [{ code: 'free', label: table.freeLabel, quantity: 1, amountMinor: 0 }] : [];
    return { totalMinor: 0, lines, chargeableMinutes: 0 };
  }
  const stay: Stay = { table, timeZone, entryAt, exitAt };
  const chargeableMinutes = Math.ceil(stayMs / MINUTE_MS);
  // Events come sorted cheapest first, so the driver gets the best of several at once.
  for (const event of table.events) {
    const coverEnd = offerCoverEnd(event, stay, activeEvents);
    if (coverEnd !== null) return { ...charge(stay, { offer: event, coverEnd }), chargeableMinutes };
  }
  const offers = table.earlyBirds.flatMap((offer) => {
    const coverEnd = offerCoverEnd(offer, stay, activeEvents);
    return coverEnd === null ? [] : [{ offer, coverEnd }];
  });
  // Once the stay passes an offer's requiredAfter, the meter is no longer on offer: the cheapest offer that holds.
  const meterOnOffer = !offers.some(({ offer }) => offer.requiredAfterMs !== null && stayMs > offer.requiredAfterMs);
  const candidates = [...(meterOnOffer ? [charge(stay, null)] : []), ...offers.map((applied) => charge(stay, applied))];
  const best = candidates.reduce((cheapest, candidate) => (candidate.totalMinor < cheapest.totalMinor ? candidate : cheapest));
  return { ...best, chargeableMinutes };
}

interface AppliedOffer {
  readonly offer: CompiledOffer;
  readonly coverEnd: number;
}

/**
 * When the offer's flat price stops covering the stay, or null if the offer does not hold: the entry is outside
 * its window, or the offer is void because the car left after flatUntil.
 */
function offerCoverEnd(offer: CompiledOffer, stay: Stay, activeEvents: ReadonlySet<string>): number | null {
  const entryDay = localEpochDay(stay.timeZone, stay.entryAt);
  // A window that runs past midnight may have opened on the previous local day.
  for (const day of [entryDay - 1, entryDay]) {
    const runs = offer.kind === 'event'
      ? offer.dates.has(day) || activeEvents.has(offer.code)
      : (offer.dayMask & (1 << weekdayOfEpochDay(day))) !== 0;
    if (!runs) continue;
    const opensLocal = day * DAY_MS + offer.entryFromMinute * MINUTE_MS;
    const opens = instantOfLocalMs(stay.timeZone, opensLocal);
    const closes = instantOfLocalMs(stay.timeZone, opensLocal + offer.entryWindowMinutes * MINUTE_MS);
    if (stay.entryAt < opens || stay.entryAt >= closes) continue;
    const coverEnd = Math.max(stay.entryAt, instantOfLocalMs(stay.timeZone, opensLocal + offer.coverMinutes * MINUTE_MS));
    return offer.voidIfLate && stay.exitAt > coverEnd ? null : coverEnd;
  }
  return null;
}

/** The charge for a stay, with or without an offer at its start. */
function charge(stay: Stay, applied: AppliedOffer | null): Priced {
  const { table, entryAt, exitAt } = stay;
  const ledger = new Ledger(capBoundaries(stay));
  let meterFrom = entryAt;
  if (applied) {
    const { offer } = applied;
    ledger.addLine(offer.line, 1, offer.priceMinor);
    ledger.addToWindow(0, offer.priceMinor);
    if (offer.kind === 'event') ledger.protectInFirstWindow(offer.priceMinor);
    meterFrom = Math.min(applied.coverEnd, exitAt);
  }
  chargeTime(ledger, stay, meterFrom);
  return ledger.settle(table.table.dailyMaxMinor, table.dailyCapLine, table.longStayCap);
}
