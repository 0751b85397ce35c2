/**
 * The time-based part of a tariff's charge (steps 4-6 of tariff.ts): the daily-maximum windows a stay crosses, the
 * band occurrences it meets, and the meter that runs between them. Pure, like the rest of the engine.
 */
import type { CompiledBand, CompiledTable } from './tariff-compile';
import type { Ledger } from './tariff-ledger';
import { DAY_MS, instantOfLocalMs, localEpochDay, MINUTE_MS, startOfNextLocalDay, weekdayOfEpochDay } from './zoned-time';

export interface Stay {
  readonly table: CompiledTable;
  readonly timeZone: string;
  readonly entryAt: number;
  readonly exitAt: number;
}

/** Charges the stay from `meterFrom` to its exit: each band occurrence by its rule, the time between on the meter. */
export function chargeTime(ledger: Ledger, stay: Stay, meterFrom: number): void {
  const occurrences = bandOccurrences(stay, meterFrom);
  for (const occurrence of occurrences) chargeBand(ledger, occurrence);
  const segments = meteredSegments(occurrences, meterFrom, stay.exitAt);
  chargeMeter(ledger, stay.table, cycleSegments(segments, stay.entryAt, stay.table.table.cycleMinutes));
}

/** Instants inside the stay where a new daily-maximum window begins (none when the table has no maximum). */
export function capBoundaries({ table, timeZone, entryAt, exitAt }: Stay): number[] {
  const boundaries: number[] = [];
  if (table.table.dailyMaxMinor === null) return boundaries;
  if (table.table.dailyMaxMode === 'rolling24h') {
    for (let at = entryAt + DAY_MS; at < exitAt; at += DAY_MS) boundaries.push(at);
  } else {
    for (let at = startOfNextLocalDay(timeZone, entryAt); at < exitAt; at = startOfNextLocalDay(timeZone, at)) {
      boundaries.push(at);
    }
  }
  return boundaries;
}

interface Occurrence {
  readonly band: CompiledBand;
  readonly start: number;
  readonly end: number;
}

/**
 * The band occurrences met between `from` and the exit, clipped to the stay, in time order. Bands never overlap
 * on the wall clock (the schema refuses it), but a band ending inside a DST gap maps forward past the next one's
 * start: then the earlier occurrence ends where the later one starts. Cutting the earlier one (rather than
 * delaying the later one) leaves every occurrence independent of the exit time, so the fee grows with the stay.
 */
function bandOccurrences({ table, timeZone, exitAt }: Stay, from: number): Occurrence[] {
  if (table.bands.length === 0 || from >= exitAt) return [];
  const found: Occurrence[] = [];
  const lastDay = localEpochDay(timeZone, exitAt);
  // An occurrence lasts at most a day, so one that matters started no earlier than the day before `from`.
  for (let day = localEpochDay(timeZone, from) - 1; day <= lastDay; day += 1) {
    const weekdayBit = 1 << weekdayOfEpochDay(day);
    for (const band of table.bands) {
      if ((band.dayMask & weekdayBit) === 0) continue;
      const startLocal = day * DAY_MS + band.startMinute * MINUTE_MS;
      const start = instantOfLocalMs(timeZone, startLocal);
      const end = instantOfLocalMs(timeZone, startLocal + band.lengthMinutes * MINUTE_MS);
      if (start < end) found.push({ band, start, end });
    }
  }
  found.sort((a, b) => a.start - b.start || a.band.line.rank - b.band.line.rank);
  const clipped: Occurrence[] = [];
  found.forEach((occurrence, index) => {
    const nextStart = found[index + 1]?.start ?? Infinity;
    const start = Math.max(occurrence.start, from);
    const end = Math.min(occurrence.end, nextStart, exitAt);
    if (start < end) clipped.push({ band: occurrence.band, start, end });
  });
  return clipped;
}

function chargeBand(ledger: Ledger, { band, start, end }: Occurrence): void {
  let capLeft = band.capMinor ?? Infinity;
  let capped = false;
  ledger.forEachWindow(start, end, (pieceStart, pieceEnd, window) => {
    const periods = band.periodMs === null
      ? (pieceStart === start ? 1 : 0)
      : periodsStarting(pieceStart - start, pieceEnd - start, band.periodMs);
    if (periods === 0) return;
    const gross = periods * band.priceMinor;
    const net = Math.min(gross, capLeft);
    capLeft -= net;
    ledger.addLine(band.line, periods, gross);
    ledger.addToWindow(window, net);
    if (net < gross) {
      ledger.addLine(band.capLine, capped ? 0 : 1, net - gross);
      capped = true;
    }
  });
}

/** How many periods of a grid anchored at 0 start in [low, high): periods are charged when they start. */
function periodsStarting(low: number, high: number, periodMs: number): number {
  return Math.ceil(high / periodMs) - Math.ceil(low / periodMs);
}

/** The stretches of [from, to) outside every band occurrence, in time order. */
function meteredSegments(occurrences: readonly Occurrence[], from: number, to: number): [number, number][] {
  const segments: [number, number][] = [];
  let cursor = from;
  for (const { start, end } of occurrences) {
    if (start > cursor) segments.push([cursor, start]);
    cursor = Math.max(cursor, end);
  }
  if (to > cursor) segments.push([cursor, to]);
  return segments;
}

interface CycleSegment {
  readonly start: number;
  readonly end: number;
  /** Which cycle of the schedule (counted from entry) the segment lies in: the meter starts again with each. */
  readonly cycle: number;
}

/** Metered segments cut where the schedule starts again (every cycleMinutes from entry); all in cycle 0 without. */
function cycleSegments(segments: readonly [number, number][], entryAt: number, cycleMinutes: number | null): CycleSegment[] {
  if (cycleMinutes === null) return segments.map(([start, end]) => ({ start, end, cycle: 0 }));
  const cycleMs = cycleMinutes * MINUTE_MS;
  const cut: CycleSegment[] = [];
  for (const [segmentStart, end] of segments) {
    for (let start = segmentStart; start < end;) {
      const cycle = Math.floor((start - entryAt) / cycleMs);
      const cycleEnd = Math.min(end, entryAt + (cycle + 1) * cycleMs);
      cut.push({ start, end: cycleEnd, cycle });
      start = cycleEnd;
    }
  }
  return cut;
}

/** Charges each started schedule period of metered time, counting periods arithmetically per window piece. */
function chargeMeter(ledger: Ledger, table: CompiledTable, segments: readonly CycleSegment[]): void {
  let meter = 0;
  let currentCycle = 0;
  for (const { start: segmentStart, end: segmentEnd, cycle } of segments) {
    if (cycle !== currentCycle) [meter, currentCycle] = [0, cycle];
    ledger.forEachWindow(segmentStart, segmentEnd, (pieceStart, pieceEnd, window) => {
      const meterEnd = meter + (pieceEnd - pieceStart);
      for (const step of table.steps) {
        const low = Math.max(meter, step.fromMs);
        const high = Math.min(meterEnd, step.toMs);
        if (high <= low) continue;
        const periods = periodsStarting(low - step.fromMs, high - step.fromMs, step.periodMs);
        if (periods === 0) continue;
        ledger.addLine(step.line, periods, periods * step.priceMinor);
        ledger.addToWindow(window, periods * step.priceMinor);
      }
      meter = meterEnd;
    });
  }
}
