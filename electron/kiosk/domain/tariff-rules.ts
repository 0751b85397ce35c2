/**
 * How to read a rate table: its elapsed-stay schedule, its daily windows, and the rules that make one table
 * consistent. Shared by the schema (which refuses an inconsistent table), checkRateTables (which reports on tables
 * however they were made) and the engine. Imports only types from tariff-schema, so nothing here runs in a cycle.
 */
import type { Band, RateTable } from './tariff-schema';

export const MINUTES_PER_DAY = 24 * 60;
/** The range of a JavaScript Date. */
export const MAX_EPOCH_MS = 8.64e15;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];

/** ['tiers', 1, 'fromMinutes'] -> "tiers[1].fromMinutes" */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** "HH:MM" (or "24:00") as minutes after local midnight. */
export function minutesOfDay(localTimeText: string): number {
  const [hours = '0', minutes = '0'] = localTimeText.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** Length of a daily window from one local time to another: past midnight when to <= from, a whole day if equal. */
export function windowMinutes(from: string, to: string): number {
  const span = (((minutesOfDay(to) - minutesOfDay(from)) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return span === 0 ? MINUTES_PER_DAY : span;
}

/** ISO weekday (1 = Monday) of a weekday name. */
export function isoWeekday(day: WeekdayName): number {
  return WEEKDAYS.indexOf(day) + 1;
}

/** One range of the elapsed-stay schedule, whichever field it came from. */
export interface ScheduleRange {
  readonly code: 'first_period' | 'period' | 'tier';
  readonly path: readonly (string | number)[];
  readonly fromMinutes: number;
  readonly toMinutes: number | null;
  readonly periodMinutes: number;
  readonly priceMinor: number;
}

/**
 * firstPeriod, furtherPeriod and tiers as one list of ranges, ordered by where they start (so storage order never
 * matters). firstPeriod is one period from 0; furtherPeriod is open-ended from the end of firstPeriod (or 0).
 */
export function scheduleRanges(table: RateTable): ScheduleRange[] {
  const ranges: ScheduleRange[] = [];
  const first = table.firstPeriod;
  if (first) {
    const { minutes, priceMinor } = first;
    const range = { fromMinutes: 0, toMinutes: minutes, periodMinutes: minutes, priceMinor };
    ranges.push({ code: 'first_period', path: ['firstPeriod'], ...range });
  }
  const further = table.furtherPeriod;
  if (further) {
    const fromMinutes = first?.minutes ?? 0;
    const { minutes: periodMinutes, priceMinor } = further;
    ranges.push({ code: 'period', path: ['furtherPeriod'], fromMinutes, toMinutes: null, periodMinutes, priceMinor });
  }
  table.tiers.forEach((tier, index) => ranges.push({ code: 'tier', path: ['tiers', index], ...tier }));
  return ranges.sort(
    (a, b) =>
      a.fromMinutes - b.fromMinutes ||
      (a.toMinutes ?? Infinity) - (b.toMinutes ?? Infinity) ||
      a.periodMinutes - b.periodMinutes ||
      a.priceMinor - b.priceMinor,
  );
}

/** 90 -> "1 h 30 min"; hours are not folded into days because operators think of "the 24 h maximum". */
export function formatMinutes(totalMinutes: number): string {
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

export type TariffProblemCode =
  | 'effective_range'
  | 'empty_table'
  | 'tier_range'
  | 'schedule_overlap'
  | 'schedule_gap'
  | 'schedule_open_end'
  | 'schedule_beyond_cycle'
  | 'duplicate_band'
  | 'duplicate_day'
  | 'band_overlap'
  | 'offer_window'
  | 'long_stay_cap'
  | 'duplicate_event'
  | 'duplicate_version'
  | 'version_overlap'
  | 'version_gap'
  | 'mixed_currency';

/** A problem inside one table, at the path of the field to fix. */
export interface TableIssue {
  readonly code: TariffProblemCode;
  readonly path: (string | number)[];
  readonly message: string;
}

/** Everything that can be wrong inside one table once each field is well-formed. */
export function tableIssues(table: RateTable): TableIssue[] {
  return [
    ...effectiveRangeIssues(table),
    ...scheduleIssues(table),
    ...cycleIssues(table),
    ...longStayCapIssues(table),
    ...bandIssues(table.bands),
    ...offerIssues(table),
  ];
}

function effectiveRangeIssues(table: RateTable): TableIssue[] {
  if (table.effectiveTo === null || table.effectiveTo > table.effectiveFrom) return [];
  const from = isoInstant(table.effectiveFrom);
  const message = `must be after effectiveFrom (${from}), got ${isoInstant(table.effectiveTo)}`;
  return [{ code: 'effective_range', path: ['effectiveTo'], message }];
}

function scheduleIssues(table: RateTable): TableIssue[] {
  const issues: TableIssue[] = [];
  const ranges = scheduleRanges(table).filter((range) => {
    if (range.toMinutes === null || range.toMinutes > range.fromMinutes) return true;
    const message = `must be greater than fromMinutes (${range.fromMinutes}), got ${range.toMinutes}`;
    issues.push({ code: 'tier_range', path: [...range.path, 'toMinutes'], message });
    return false;
  });
  if (ranges.length === 0) {
    if (table.freeMinutes === 0 && issues.length === 0) {
      const message = 'a table needs free minutes or a charge: set freeMinutes, firstPeriod, furtherPeriod or tiers';
      issues.push({ code: 'empty_table', path: ['freeMinutes'], message });
    }
    return issues;
  }
  let coveredTo = 0;
  let furthest: ScheduleRange | undefined;
  for (const range of ranges) {
    const path = startPath(range);
    const start = formatMinutes(range.fromMinutes);
    if (range.fromMinutes > coveredTo) {
      const message = `starts at ${start}, so nothing charges from ${formatMinutes(coveredTo)} to ${start}: ${NO_GAPS}`;
      issues.push({ code: 'schedule_gap', path, message });
    } else if (furthest && range.fromMinutes < coveredTo) {
      const message = `starts at ${start}, inside ${describeRange(furthest)}: ranges must not overlap`;
      issues.push({ code: 'schedule_overlap', path, message });
    }
    const end = range.toMinutes ?? Infinity;
    if (end > coveredTo || !furthest) [coveredTo, furthest] = [end, range];
  }
  if (furthest && coveredTo !== Infinity) {
    const message =
      `the schedule ends at ${formatMinutes(coveredTo)}: make the last range open-ended (toMinutes: null) ` +
      'or add furtherPeriod, so that longer stays are charged';
    issues.push({ code: 'schedule_open_end', path: endPath(furthest), message });
  }
  return issues;
}

/** A range that starts once the schedule has already started again can never charge anything. */
function cycleIssues(table: RateTable): TableIssue[] {
  const cycle = table.cycleMinutes;
  // The refinement also runs on a table whose fields failed: a cycle the schema refused is reported there.
  if (cycle === null || !Number.isSafeInteger(cycle) || cycle < 1) return [];
  return scheduleRanges(table)
    .filter((range) => range.fromMinutes >= cycle)
    .map((range) => ({
      code: 'schedule_beyond_cycle' as const,
      path: startPath(range),
      message:
        `starts at ${formatMinutes(range.fromMinutes)}, but the schedule starts again every ` +
        `${formatMinutes(cycle)} (cycleMinutes), so it never charges`,
    }));
}

/** The long-stay cap works on the daily maximum's windows, and later days may only get cheaper. */
function longStayCapIssues(table: RateTable): TableIssue[] {
  const cap = table.longStayCap;
  if (cap === null) return [];
  if (table.dailyMaxMinor === null) {
    const message = 'needs a daily maximum (dailyMaxMinor): its days are the daily maximum\'s windows';
    return [{ code: 'long_stay_cap', path: ['longStayCap'], message }];
  }
  if (cap.laterDailyMaxMinor > table.dailyMaxMinor) {
    const message = `must not be more than the daily maximum (${table.dailyMaxMinor}), got ${cap.laterDailyMaxMinor}`;
    return [{ code: 'long_stay_cap', path: ['longStayCap', 'laterDailyMaxMinor'], message }];
  }
  return [];
}

const NO_GAPS = 'ranges must follow on without a gap';

function startPath(range: ScheduleRange): (string | number)[] {
  return range.code === 'tier' ? [...range.path, 'fromMinutes'] : [...range.path];
}

function endPath(range: ScheduleRange): (string | number)[] {
  if (range.code === 'tier') return [...range.path, 'toMinutes'];
  return range.code === 'first_period' ? [...range.path, 'minutes'] : [...range.path];
}

function describeRange(range: ScheduleRange): string {
  const start = formatMinutes(range.fromMinutes);
  const span = range.toMinutes === null ? `from ${start} on` : `${start} to ${formatMinutes(range.toMinutes)}`;
  return `${formatPath(range.path)} (${span})`;
}

function bandIssues(bands: readonly Band[]): TableIssue[] {
  const issues: TableIssue[] = [];
  const firstIndexByName = new Map<string, number>();
  bands.forEach((band, index) => {
    const earlier = firstIndexByName.get(band.name);
    if (earlier === undefined) firstIndexByName.set(band.name, index);
    else {
      const message = `"${band.name}" is already the name of bands[${earlier}]`;
      issues.push({ code: 'duplicate_band', path: ['bands', index, 'name'], message });
    }
    issues.push(...duplicateDayIssues(band.days, ['bands', index, 'days']));
    for (let other = 0; other < index; other += 1) {
      const clash = firstWeeklyClash(bands[other]!, band);
      if (clash === null) continue;
      const message =
        `"${band.name}" overlaps bands[${other}] "${bands[other]!.name}" from ${describeMinuteOfWeek(clash)} ` +
        '(local): band windows must not overlap';
      issues.push({ code: 'band_overlap', path: ['bands', index, 'from'], message });
    }
  });
  return issues;
}

function duplicateDayIssues(days: readonly WeekdayName[], path: (string | number)[]): TableIssue[] {
  const repeated = days.filter((day, index) => days.indexOf(day) !== index);
  if (repeated.length === 0) return [];
  return [{ code: 'duplicate_day', path, message: `lists ${[...new Set(repeated)].join(', ')} more than once` }];
}

const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** A band's occurrences as wall-clock minute ranges of the week (Monday 00:00 = 0), split where they wrap. */
function weeklyWindows(band: Band): [number, number][] {
  const windows: [number, number][] = [];
  const length = windowMinutes(band.from, band.to);
  for (const day of new Set(band.days)) {
    const start = (isoWeekday(day) - 1) * MINUTES_PER_DAY + minutesOfDay(band.from);
    const end = start + length;
    if (end <= MINUTES_PER_WEEK) windows.push([start, end]);
    else windows.push([start, MINUTES_PER_WEEK], [0, end - MINUTES_PER_WEEK]);
  }
  return windows;
}

/** The first minute of the week both bands cover, or null. Compared in wall-clock time, as an operator reads them. */
function firstWeeklyClash(a: Band, b: Band): number | null {
  let first: number | null = null;
  for (const [startA, endA] of weeklyWindows(a)) {
    for (const [startB, endB] of weeklyWindows(b)) {
      const start = Math.max(startA, startB);
      if (start < Math.min(endA, endB) && (first === null || start < first)) first = start;
    }
  }
  return first;
}

function describeMinuteOfWeek(minuteOfWeek: number): string {
  const day = WEEKDAYS[Math.floor(minuteOfWeek / MINUTES_PER_DAY)] ?? '?';
  const minuteOfDay = minuteOfWeek % MINUTES_PER_DAY;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${day} ${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

function offerIssues(table: RateTable): TableIssue[] {
  const issues: TableIssue[] = [];
  const offers = [
    ...table.earlyBirds.map((offer, index) => ({ offer, path: ['earlyBirds', index] })),
    ...table.events.map((offer, index) => ({ offer, path: ['events', index] })),
  ];
  for (const { offer, path } of offers) {
    if (windowMinutes(offer.entryFrom, offer.flatUntil) < windowMinutes(offer.entryFrom, offer.entryTo)) {
      const message =
        `must not come before entryTo (${offer.entryTo}): the flat price has to cover every entry it accepts`;
      issues.push({ code: 'offer_window', path: [...path, 'flatUntil'], message });
    }
  }
  table.earlyBirds.forEach((offer, index) => {
    issues.push(...duplicateDayIssues(offer.days, ['earlyBirds', index, 'days']));
  });
  const firstIndexByCode = new Map<string, number>();
  table.events.forEach((event, index) => {
    const earlier = firstIndexByCode.get(event.code);
    if (earlier === undefined) firstIndexByCode.set(event.code, index);
    else {
      const message = `"${event.code}" is already the code of events[${earlier}]`;
      issues.push({ code: 'duplicate_event', path: ['events', index, 'code'], message });
    }
  });
  return issues;
}

export function isoInstant(instant: number): string {
  return Math.abs(instant) <= MAX_EPOCH_MS ? new Date(instant).toISOString() : String(instant);
}
