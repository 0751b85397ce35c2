/**
 * A rate table turned into the numbers the engine works with (milliseconds, minutes of the day, weekday masks,
 * receipt labels), once per table object: quoting then does no parsing. Everything is put in a canonical order
 * here (schedule by start, bands by name, offers by price), so how a table stores its arrays never changes a quote.
 */
import {
  formatMinutes,
  isoWeekday,
  minutesOfDay,
  scheduleRanges,
  type ScheduleRange,
  windowMinutes,
} from './tariff-rules';
import type { Band, EarlyBird, RateTable, TariffEvent } from './tariff-schema';
import { epochDayOfDate, MINUTE_MS } from './zoned-time';

/** Where a quote line goes: lines are listed by rank, so receipts always read in the same order. */
export interface LineSlot {
  readonly rank: number;
  readonly code: string;
  readonly label: string;
}

export interface CompiledStep {
  readonly line: LineSlot;
  readonly fromMs: number;
  readonly toMs: number; // Infinity when open-ended
  readonly periodMs: number;
  readonly priceMinor: number;
}

export interface CompiledBand {
  readonly line: LineSlot;
  readonly capLine: LineSlot;
  readonly dayMask: number; // bit n set: occurs on ISO weekday n
  readonly startMinute: number;
  readonly lengthMinutes: number;
  readonly periodMs: number | null; // null: flat per occurrence
  readonly priceMinor: number;
  readonly capMinor: number | null;
}

export interface CompiledOffer {
  readonly kind: 'early_bird' | 'event';
  readonly code: string;
  readonly line: LineSlot;
  readonly priceMinor: number;
  readonly dayMask: number; // early birds
  readonly dates: ReadonlySet<number>; // events: local epoch days
  readonly entryFromMinute: number;
  /** Minutes from the window's opening to the first entry it refuses (one more when entryTo is inclusive). */
  readonly entryWindowMinutes: number;
  /** Minutes from the window's opening to flatUntil. */
  readonly coverMinutes: number;
  /** A later exit voids the offer: the whole stay is then charged normally. */
  readonly voidIfLate: boolean;
  /** A stay longer than this pays the offer even where the meter is cheaper; null: only when cheaper (or events). */
  readonly requiredAfterMs: number | null;
}

export interface CompiledLongStayCap {
  readonly days: number;
  readonly capMinor: number;
  readonly laterDailyMaxMinor: number;
  readonly line: LineSlot;
}

export interface CompiledTable {
  readonly table: RateTable;
  readonly steps: readonly CompiledStep[];
  readonly bands: readonly CompiledBand[];
  readonly earlyBirds: readonly CompiledOffer[];
  readonly events: readonly CompiledOffer[];
  readonly freeLabel: string;
  readonly dailyCapLine: LineSlot;
  readonly longStayCap: CompiledLongStayCap | null;
}

const OFFER_RANK = 0;
const compiled = new WeakMap<RateTable, CompiledTable>();

export function compileRateTable(table: RateTable): CompiledTable {
  const known = compiled.get(table);
  if (known) return known;
  let rank = OFFER_RANK + 1;
  const steps = scheduleRanges(table).map((range) => compileStep(range, table.cycleMinutes, rank++));
  const bands = [...table.bands].sort(byName).map((band) => {
    const result = compileBand(band, rank);
    rank += 2;
    return result;
  });
  const result: CompiledTable = {
    table,
    steps,
    bands,
    earlyBirds: table.earlyBirds.map(compileEarlyBird).sort(byPriceThenCode),
    events: table.events.map(compileEvent).sort(byPriceThenCode),
    freeLabel: `Free stay (up to ${formatMinutes(table.freeMinutes)})`,
    dailyCapLine: {
      rank,
      code: 'daily_cap',
      label: table.dailyMaxMode === 'rolling24h' ? 'Maximum per 24 h applied' : 'Daily maximum applied',
    },
    longStayCap: table.longStayCap && {
      ...table.longStayCap,
      line: { rank: rank + 1, code: 'long_stay_cap', label: `Maximum for the first ${table.longStayCap.days} days applied` },
    },
  };
  compiled.set(table, result);
  return result;
}

function compileStep(range: ScheduleRange, cycleMinutes: number | null, rank: number): CompiledStep {
  const restarts = cycleMinutes === null || range.fromMinutes > 0 ? '' : `, again every ${formatMinutes(cycleMinutes)}`;
  return {
    line: { rank, code: range.code, label: stepLabel(range) + restarts },
    fromMs: range.fromMinutes * MINUTE_MS,
    toMs: range.toMinutes === null ? Infinity : range.toMinutes * MINUTE_MS,
    periodMs: range.periodMinutes * MINUTE_MS,
    priceMinor: range.priceMinor,
  };
}

function stepLabel(range: ScheduleRange): string {
  const each = `each ${formatMinutes(range.periodMinutes)} or part`;
  if (range.code === 'first_period') return `First ${formatMinutes(range.periodMinutes)}`;
  if (range.code === 'period') {
    // Without a first period the further-period rate is the whole schedule, from the first minute.
    const further = range.fromMinutes === 0 ? '' : 'further ';
    return `Each ${further}${formatMinutes(range.periodMinutes)} or part`;
  }
  if (range.toMinutes === null) return `After ${formatMinutes(range.fromMinutes)}: ${each}`;
  if (range.fromMinutes === 0) return `Up to ${formatMinutes(range.toMinutes)}: ${each}`;
  return `${formatMinutes(range.fromMinutes)} to ${formatMinutes(range.toMinutes)}: ${each}`;
}

function compileBand(band: Band, rank: number): CompiledBand {
  const perPeriod = band.charge.kind === 'perPeriod' ? band.charge.periodMinutes : null;
  const label = perPeriod === null
    ? `${band.name} ${band.from}-${band.to} (flat)`
    : `${band.name} ${band.from}-${band.to} (each ${formatMinutes(perPeriod)} or part)`;
  return {
    line: { rank, code: 'band', label },
    capLine: { rank: rank + 1, code: 'band_cap', label: `${band.name} maximum applied` },
    dayMask: dayMask(band.days),
    startMinute: minutesOfDay(band.from),
    lengthMinutes: windowMinutes(band.from, band.to),
    periodMs: perPeriod === null ? null : perPeriod * MINUTE_MS,
    priceMinor: band.charge.priceMinor,
    capMinor: band.capMinor,
  };
}

function compileEarlyBird(offer: EarlyBird): CompiledOffer {
  return {
    ...offerWindow(offer),
    kind: 'early_bird',
    code: offer.label,
    line: offerLine('early_bird', offer.label),
    dayMask: dayMask(offer.days),
    dates: new Set(),
    requiredAfterMs: offer.requiredAfterMinutes === null ? null : offer.requiredAfterMinutes * MINUTE_MS,
  };
}

function compileEvent(event: TariffEvent): CompiledOffer {
  const dates = new Set(
    event.dates.map((date) => {
      const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
      return epochDayOfDate({ year, month, day });
    }),
  );
  const line = offerLine('event', event.label);
  return { ...offerWindow(event), kind: 'event', code: event.code, line, dayMask: 0, dates, requiredAfterMs: null };
}

function offerWindow(offer: EarlyBird | TariffEvent) {
  return {
    priceMinor: offer.priceMinor,
    entryFromMinute: minutesOfDay(offer.entryFrom),
    entryWindowMinutes: windowMinutes(offer.entryFrom, offer.entryTo) + (offer.entryToInclusive ? 1 : 0),
    coverMinutes: windowMinutes(offer.entryFrom, offer.flatUntil),
    voidIfLate: offer.lateExit === 'void',
  };
}

function offerLine(code: 'early_bird' | 'event', label: string): LineSlot {
  return { rank: OFFER_RANK, code, label };
}

function dayMask(days: readonly Band['days'][number][]): number {
  return days.reduce((mask, day) => mask | (1 << isoWeekday(day)), 0);
}

function byName(a: Band, b: Band): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Cheapest first; then by code, then by window, so equal offers resolve the same way whatever their stored order. */
function byPriceThenCode(a: CompiledOffer, b: CompiledOffer): number {
  if (a.priceMinor !== b.priceMinor) return a.priceMinor - b.priceMinor;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return (
    a.entryFromMinute - b.entryFromMinute ||
    a.entryWindowMinutes - b.entryWindowMinutes ||
    a.coverMinutes - b.coverMinutes ||
    (a.requiredAfterMs ?? Infinity) - (b.requiredAfterMs ?? Infinity)
  );
}
