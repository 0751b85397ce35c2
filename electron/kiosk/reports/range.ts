/**
 * A report's range: local dates in the site's zone turned into instants and UTC hours (the rollups' key), with the
 * days whose length DST changed and what the range asks beyond the site's history.
 */
import type { Database } from 'better-sqlite3';
import type { ReportRangeInput } from '../contract/reports';
import { invalid } from '../errors';
import { DAY_MS, HOUR_MS, dateOfEpochDay, epochDayOfDate, instantOfLocalMs, localMsOf, zoneOffsetMs } from '../domain/zoned-time';

/** Ten years of days: a range beyond it is a typing mistake, and it bounds the work one report can ask for. */
export const MAX_RANGE_DAYS = 3_653;

export interface ReportRange {
  readonly from: string;
  readonly to: string;
  readonly fromAt: number;
  readonly toAt: number;
  readonly fromHour: number;
  readonly toHour: number;
  readonly timeZone: string;
  /** Local epoch days of the range, in order. */
  readonly days: readonly number[];
  readonly dstDays: string[];
  readonly historyFrom: number | null;
  readonly historyTo: number | null;
  readonly notes: string[];
}

export const isoDate = (epochDay: number): string => {
  const { year, month, day } = dateOfEpochDay(epochDay);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

function parseDate(text: string, field: string): number {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const epochDay = epochDayOfDate({ year, month, day });
  if (month < 1 || month > 12 || isoDate(epochDay) !== text) throw invalid(`${field}: ${text} is not a calendar date`);
  return epochDay;
}

/**
 * The site's first and last recorded hour (sessions and payments), from the rollups' leading key and the entries of
 * the cars inside (report_traffic_live's other half, read apart so the rollup's min and max stay one index seek).
 */
export function historyBounds(db: Database): { from: number | null; to: number | null } {
  const row = db
    .prepare(`SELECT min(low) AS low, max(high) AS high FROM (
        SELECT min(hour) AS low, max(hour) AS high FROM report_traffic UNION ALL SELECT min(hour), max(hour) FROM report_money
        UNION ALL SELECT min(hour), max(hour) FROM report_traffic_inside)`)
    .get() as { low: number | null; high: number | null };
  return { from: row.low === null ? null : row.low * HOUR_MS, to: row.high === null ? null : (row.high + 1) * HOUR_MS };
}

export function resolveRange(db: Database, timeZone: string, input: ReportRangeInput): ReportRange {
  const first = parseDate(input.from, 'from');
  const last = parseDate(input.to, 'to');
  if (last < first) throw invalid(`the range ends (${input.to}) before it starts (${input.from})`);
  if (last - first + 1 > MAX_RANGE_DAYS) throw invalid(`a report covers at most ${MAX_RANGE_DAYS} days (ten years); ${input.from} to ${input.to} is ${last - first + 1}`);
  const startOf = (epochDay: number) => instantOfLocalMs(timeZone, epochDay * DAY_MS);
  const days: number[] = [];
  const dstDays: string[] = [];
  // Offsets are memoised per UTC day: one look per day finds the few days whose offset moves, and only those are
  // measured exactly (a local day lies within 14 hours of its UTC namesake either way).
  for (let day = first; day <= last; day++) {
    days.push(day);
    const moves = zoneOffsetMs(timeZone, day * DAY_MS - 14 * HOUR_MS) !== zoneOffsetMs(timeZone, (day + 1) * DAY_MS + 14 * HOUR_MS);
    if (moves && startOf(day + 1) - startOf(day) !== DAY_MS) dstDays.push(isoDate(day));
  }
  const fromAt = startOf(first);
  const toAt = startOf(last + 1);
  const history = historyBounds(db);
  const notes: string[] = [];
  if (history.from === null) notes.push('the site has no history yet: every figure is zero');
  else {
    if (fromAt < history.from) notes.push(`the site's history starts ${isoDate(Math.floor(localMsOf(timeZone, history.from) / DAY_MS))}: days before it are empty`);
    if (toAt > history.to!) notes.push(`the site's history ends ${isoDate(Math.floor(localMsOf(timeZone, history.to! - 1) / DAY_MS))}: days after it are empty`);
  }
  if (dstDays.length > 0) notes.push(`clocks changed on ${dstDays.join(', ')}: those days have 23 or 25 hours, counted as they were`);
  return {
    from: input.from,
    to: input.to,
    fromAt,
    toAt,
    // Local midnight is on a whole UTC hour in every zone the site can be in bar a few half-hour ones, where the
    // hour holding midnight is counted with the day it starts.
    fromHour: Math.floor(fromAt / HOUR_MS),
    toHour: Math.ceil(toAt / HOUR_MS),
    timeZone,
    days,
    dstDays,
    historyFrom: history.from,
    historyTo: history.to,
    notes,
  };
}

/** Where a UTC hour falls in the site's calendar: its local epoch day and hour of day. */
export function localHour(timeZone: string, hour: number): { day: number; hourOfDay: number } {
  const local = localMsOf(timeZone, hour * HOUR_MS);
  const day = Math.floor(local / DAY_MS);
  return { day, hourOfDay: Math.floor((local - day * DAY_MS) / HOUR_MS) };
}

export function publicRange(range: ReportRange) {
  const { from, to, fromAt, toAt, timeZone, dstDays, historyFrom, historyTo, notes } = range;
  return { from, to, fromAt, toAt, timeZone, dstDays, historyFrom, historyTo, notes };
}
