/**
 * Wall-clock arithmetic in an IANA time zone, for code that must agree with the clock on the wall of the site
 * (tariff bands, calendar days) while every instant stays a UTC epoch millisecond.
 *
 * Intl.DateTimeFormat is the only source of zone data. It costs about 5 µs a call, so offsets are memoised per
 * zone and per UTC day: each day is measured once at both ends, and a day whose offset changes is bisected once
 * to the second of the change. That relies on a zone changing its offset at most once in any UTC day, which holds
 * for every zone in tzdata from 1980 to 2040 (checked by scanning all of them).
 *
 * "Local ms" below means a wall-clock reading written as if it were a UTC epoch ms (local midnight of 2025-03-30
 * is Date.UTC(2025, 2, 30)); it makes calendar arithmetic plain integer arithmetic.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** ISO 8601 weekday: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface LocalDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

export interface LocalDateTime extends LocalDate {
  readonly hour: number; // 0-23
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: IsoWeekday;
}

/** The offset in force for the whole UTC day, or the one change inside it. */
type DayOffsets = number | { readonly changeAt: number; readonly before: number; readonly after: number };

interface ZoneData {
  readonly format: Intl.DateTimeFormat;
  readonly days: Map<number, DayOffsets>;
}

/** Beyond this many memoised days per zone the memo is dropped: bounded memory for a process that runs for years. */
const MAX_MEMO_DAYS = 20_000;
/** Real offsets lie within UTC-12 and UTC+14; 15 h either side of a local time brackets every instant it can mean. */
const OFFSET_REACH_MS = 15 * HOUR_MS;

const zones = new Map<string, ZoneData>();

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  if (zones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Throws a RangeError that names the zone, instead of Intl's terse one, when the zone is unknown. */
export function assertValidTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`unknown IANA time zone "${String(timeZone)}" (expected a name such as "Europe/London")`);
  }
}

function zoneData(timeZone: string): ZoneData {
  const known = zones.get(timeZone);
  if (known) return known;
  assertValidTimeZone(timeZone);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23', // never "24" for midnight
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const data: ZoneData = { format, days: new Map() };
  zones.set(timeZone, data);
  return data;
}

/** Offset (local minus UTC) at an instant, straight from Intl. Zone data has whole-second precision. */
function measureOffset(format: Intl.DateTimeFormat, instant: number): number {
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  for (const part of format.formatToParts(instant)) {
    const value = Number(part.value);
    if (part.type === 'year') year = value;
    else if (part.type === 'month') month = value;
    else if (part.type === 'day') day = value;
    else if (part.type === 'hour') hour = value;
    else if (part.type === 'minute') minute = value;
    else if (part.type === 'second') second = value;
  }
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond;
}

function measureDay(format: Intl.DateTimeFormat, utcDay: number): DayOffsets {
  let low = utcDay * DAY_MS;
  let high = low + DAY_MS - 1000;
  const before = measureOffset(format, low);
  const after = measureOffset(format, high);
  if (before === after) return before;
  // Bisect to the first whole second that has the new offset (tzdata changes happen on whole seconds).
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (measureOffset(format, middle) === before) low = middle;
    else high = middle;
  }
  return { changeAt: high, before, after };
}

/** Local time minus UTC, in ms, at an instant (e.g. 3_600_000 for London in summer). */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const data = zoneData(timeZone);
  const utcDay = Math.floor(instant / DAY_MS);
  let offsets = data.days.get(utcDay);
  if (offsets === undefined) {
    if (data.days.size >= MAX_MEMO_DAYS) data.days.clear();
    offsets = measureDay(data.format, utcDay);
    data.days.set(utcDay, offsets);
  }
  if (typeof offsets === 'number') return offsets;
  return instant < offsets.changeAt ? offsets.before : offsets.after;
}

/** The wall-clock reading at an instant, as local ms. */
export function localMsOf(timeZone: string, instant: number): number {
  return instant + zoneOffsetMs(timeZone, instant);
}

/**
 * The instant a wall-clock reading (local ms) denotes. A reading that does not exist (the hour skipped when
 * clocks go forward) is read with the offset from before the change, so it lands as far after the gap as it was
 * into it: 01:30 on London's spring-forward night is 02:30 BST. A reading that happens twice (clocks go back)
 * means the first time it happens. Both come from one rule: use the offset in force before the change.
 */
export function instantOfLocalMs(timeZone: string, localMs: number): number {
  const offsetBefore = zoneOffsetMs(timeZone, localMs - OFFSET_REACH_MS);
  const offsetAfter = zoneOffsetMs(timeZone, localMs + OFFSET_REACH_MS);
  const readAsBefore = localMs - offsetBefore;
  if (offsetBefore === offsetAfter) return readAsBefore;
  const readAsAfter = localMs - offsetAfter;
  const beforeHolds = zoneOffsetMs(timeZone, readAsBefore) === offsetBefore;
  const afterHolds = zoneOffsetMs(timeZone, readAsAfter) === offsetAfter;
  if (beforeHolds && afterHolds) return Math.min(readAsBefore, readAsAfter);
  if (afterHolds) return readAsAfter;
  return readAsBefore; // valid before the change, or inside the gap
}

/** Days since 1970-01-01 of the local calendar date at an instant. */
export function localEpochDay(timeZone: string, instant: number): number {
  return Math.floor(localMsOf(timeZone, instant) / DAY_MS);
}

export function epochDayOfDate(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

export function dateOfEpochDay(epochDay: number): LocalDate {
  const midnight = new Date(epochDay * DAY_MS);
  return { year: midnight.getUTCFullYear(), month: midnight.getUTCMonth() + 1, day: midnight.getUTCDate() };
}

export function weekdayOfEpochDay(epochDay: number): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return (((((epochDay + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

/** Local wall-clock parts of an instant. */
export function localDateTime(timeZone: string, instant: number): LocalDateTime {
  const localMs = localMsOf(timeZone, instant);
  const epochDay = Math.floor(localMs / DAY_MS);
  let rest = localMs - epochDay * DAY_MS;
  const hour = Math.floor(rest / HOUR_MS);
  rest -= hour * HOUR_MS;
  const minute = Math.floor(rest / MINUTE_MS);
  rest -= minute * MINUTE_MS;
  const second = Math.floor(rest / 1000);
  return {
    ...dateOfEpochDay(epochDay),
    hour,
    minute,
    second,
    millisecond: rest - second * 1000,
    weekday: weekdayOfEpochDay(epochDay),
  };
}

/** The instant of hour:minute on a local date (gap and repeat rules as in instantOfLocalMs). */
export function instantOfLocal(timeZone: string, date: LocalDate, hour: number, minute = 0): number {
  return instantOfLocalMs(timeZone, epochDayOfDate(date) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS);
}

/** The instant a local day begins (its midnight, or the first minute after midnight if midnight is skipped). */
export function startOfLocalDay(timeZone: string, instant: number): number {
  return instantOfLocalMs(timeZone, localEpochDay(timeZone, instant) * DAY_MS);
}

export function startOfNextLocalDay(timeZone: string, instant: number): number {
  return instantOfLocalMs(timeZone, (localEpochDay(timeZone, instant) + 1) * DAY_MS);
}

/** The same wall-clock time a number of local days later (or earlier): 23, 24 or 25 real hours per day. */
export function addLocalDays(timeZone: string, instant: number, days: number): number {
  return instantOfLocalMs(timeZone, localMsOf(timeZone, instant) + days * DAY_MS);
}
