/**
 * What a rate table can say, as a zod schema. A parsed table is always internally consistent: the schema runs the
 * same per-table rules (tariff-rules.ts) as checkRateTables, so the engine never has to guess.
 *
 * Tables are plain JSON (head office sends them, SQLite stores them): local times stay "HH:MM" strings and
 * dates "YYYY-MM-DD"; the engine compiles them once per table object.
 */
import { z } from 'zod';
import { CURRENCY_CODE } from './money';
import { formatPath, MAX_EPOCH_MS, tableIssues, WEEKDAYS } from './tariff-rules';

export type TariffErrorCode =
  | 'invalid_rate_table'
  | 'invalid_request'
  | 'invalid_time_zone'
  | 'exit_before_entry'
  | 'no_rate_table'
  | 'currency_mismatch';

export class TariffError extends Error {
  readonly code: TariffErrorCode;

  constructor(code: TariffErrorCode, message: string) {
    super(message);
    this.name = 'TariffError';
    this.code = code;
  }
}

/** Large enough for any real tariff, small enough that weeks of periods stay far below 2^53. */
export const MAX_PRICE_MINOR = 100_000_000;
/** Ten years, in minutes: the longest range a table may mention. */
export const MAX_MINUTES = 10 * 366 * 24 * 60;

const LOCAL_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const LOCAL_TIME_OR_END_OF_DAY = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** zod's wrong-type message: "is required" when the field is missing, otherwise what the field must be. */
const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what),
});

const text = z.string(expected('must be text')).trim().min(1, 'must not be empty');
const priceMinor = z
  .number(expected('must be a number of minor units (e.g. pence)'))
  .int('must be a whole number of minor units (e.g. pence)')
  .min(0, 'must not be negative')
  .max(MAX_PRICE_MINOR, `must be at most ${MAX_PRICE_MINOR} minor units`);
const wholeMinutes = z
  .number(expected('must be a number of minutes'))
  .int('must be a whole number of minutes')
  .min(0, 'must not be negative')
  .max(MAX_MINUTES, `must be at most ${MAX_MINUTES} minutes`);
const periodMinutes = wholeMinutes.min(1, 'must be at least 1 minute');
const epochMs = z
  .number(expected('must be epoch milliseconds'))
  .int('must be whole epoch milliseconds')
  .min(-MAX_EPOCH_MS, 'must be a representable date')
  .max(MAX_EPOCH_MS, 'must be a representable date');
const localTime = z
  .string(expected('must be a local time "HH:MM"'))
  .regex(LOCAL_TIME, 'must be a local time "HH:MM" from 00:00 to 23:59');
const localEndTime = z
  .string(expected('must be a local time "HH:MM"'))
  .regex(LOCAL_TIME_OR_END_OF_DAY, 'must be a local time "HH:MM" from 00:00 to 24:00');
const localDate = z
  .string(expected('must be a local date "YYYY-MM-DD"'))
  .regex(LOCAL_DATE, 'must be a local date "YYYY-MM-DD"')
  .refine(isRealDate, 'must be a real calendar date');
const weekdays = z
  .array(z.enum(WEEKDAYS, 'must be one of mon, tue, wed, thu, fri, sat, sun'), expected('must be a list of weekdays'))
  .min(1, 'must list at least one weekday');

export const periodSchema = z.strictObject({ minutes: periodMinutes, priceMinor });

/** A range [fromMinutes, toMinutes) of metered stay cut into periods; each period started costs priceMinor. */
export const tierSchema = z.strictObject({
  fromMinutes: wholeMinutes,
  toMinutes: wholeMinutes.nullable(), // null: open-ended
  periodMinutes,
  priceMinor,
});

export const bandChargeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('flat'), priceMinor }),
    z.strictObject({ kind: z.literal('perPeriod'), periodMinutes, priceMinor }),
  ],
  'must be { kind: "flat", priceMinor } or { kind: "perPeriod", periodMinutes, priceMinor }',
);

/** A local time window on given weekdays (starting on that day; to <= from runs past midnight, from == to is 24 h). */
export const bandSchema = z.strictObject({
  name: text, // printed on the receipt, unique in the table
  days: weekdays,
  from: localTime,
  to: localEndTime,
  charge: bandChargeSchema,
  capMinor: priceMinor.nullable().default(null), // most one occurrence of the band can cost
});

/**
 * What happens when a car with an offer leaves after flatUntil: 'resumeNormal' charges normally from flatUntil on
 * (the flat price covers the day); 'void' is "out by 18:30": the offer no longer holds and the whole stay is charged
 * at the normal rate, with its cap.
 */
export const LATE_EXIT_RULES = ['resumeNormal', 'void'] as const;

/** The entry window and flat price that early birds and events share. */
const offerFields = {
  entryFrom: localTime,
  entryTo: localEndTime,
  /** true: an entry during the minute entryTo names is still in the window ("in 06:30-09:00" taking 09:00:40). */
  entryToInclusive: z.boolean(expected('must be true or false')).default(false),
  flatUntil: localEndTime,
  lateExit: z.enum(LATE_EXIT_RULES, 'must be "resumeNormal" or "void"').default('resumeNormal'),
  priceMinor,
};

/**
 * Entry in [entryFrom, entryTo) on one of the days: flat price until flatUntil, then lateExit decides. The driver
 * gets it when it is cheaper than the meter; a stay longer than requiredAfterMinutes pays it whatever the meter says
 * ("up to 4 hours by the hour, then all day £4/£6/£5 by arrival time": the meter is no longer on offer).
 */
export const earlyBirdSchema = z.strictObject({
  label: text.default('Early bird'),
  days: weekdays,
  ...offerFields,
  requiredAfterMinutes: wholeMinutes.nullable().default(null),
});

/**
 * A cap over the first `days` daily-maximum windows of one stay together, and a lower daily maximum for each window
 * after them ("1st to 4th day €43 a day, 5-7 days €180, each further day €9"). It counts one stay from its entry:
 * the rule as airports publish it is about how long the car stays, so no earlier stay of the plate is needed.
 */
export const longStayCapSchema = z.strictObject({
  days: z.number(expected('must be a number of days')).int('must be a whole number of days').min(2, 'must be 2 or more').max(366, 'must be at most 366'),
  capMinor: priceMinor,
  laterDailyMaxMinor: priceMinor,
});

/** Like an early bird, on listed local dates or whenever the caller names the code in QuoteRequest.activeEvents. */
export const eventSchema = z.strictObject({
  code: text,
  label: text,
  dates: z.array(localDate).default([]),
  ...offerFields,
});

const rateTableShape = z.strictObject({
  id: text,
  name: text,
  vehicleClass: text,
  version: z.number(expected('must be a number')).int('must be a whole number').min(1, 'must be 1 or more'),
  effectiveFrom: epochMs,
  effectiveTo: epochMs.nullable().default(null), // exclusive; null: until replaced
  currency: z
    .string(expected('must be an ISO 4217 code'))
    .regex(CURRENCY_CODE, 'must be an ISO 4217 code of three capital letters, e.g. "GBP"'),
  freeMinutes: wholeMinutes.default(0),
  firstPeriod: periodSchema.nullable().default(null),
  furtherPeriod: periodSchema.nullable().default(null),
  tiers: z.array(tierSchema).default([]),
  /** The schedule starts again every cycleMinutes from entry (1440: hour 25 costs the first hour again); null: never. */
  cycleMinutes: periodMinutes.nullable().default(null),
  dailyMaxMinor: priceMinor.nullable().default(null),
  dailyMaxMode: z.enum(['rolling24h', 'calendarDay'], 'must be "rolling24h" or "calendarDay"').default('rolling24h'),
  longStayCap: longStayCapSchema.nullable().default(null),
  bands: z.array(bandSchema).default([]),
  earlyBirds: z.array(earlyBirdSchema).default([]),
  events: z.array(eventSchema).default([]),
  lostTicketMinor: priceMinor,
  graceMinutes: wholeMinutes.default(0),
});

export type RateTable = z.infer<typeof rateTableShape>;
export type RateTableInput = z.input<typeof rateTableShape>;
export type Tier = z.infer<typeof tierSchema>;
export type Band = z.infer<typeof bandSchema>;
export type EarlyBird = z.infer<typeof earlyBirdSchema>;
export type LongStayCap = z.infer<typeof longStayCapSchema>;
export type TariffEvent = z.infer<typeof eventSchema>;

export const rateTableSchema = rateTableShape.superRefine((table, context) => {
  for (const { path, message } of tableIssues(table)) context.addIssue({ code: 'custom', path, message });
});

/** A problem with one field of a rate table, at its path ("tiers[1].fromMinutes"; "" for the table itself). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** A parsed table, or every problem in it by field; an unknown field is reported at its own path. */
export function safeParseRateTable(input: unknown): { table: RateTable; problems: [] } | { table: null; problems: FieldProblem[] } {
  const result = rateTableSchema.safeParse(input);
  if (result.success) return { table: result.data, problems: [] };
  const problems = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a rate table field' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
  return { table: null, problems };
}

/** rateTableSchema.parse with one readable TariffError listing every bad field, e.g. "tiers[1].fromMinutes: ...". */
export function parseRateTable(input: unknown): RateTable {
  const { table, problems } = safeParseRateTable(input);
  if (table) return table;
  const id = typeof input === 'object' && input !== null && 'id' in input ? String(input.id) : '(no id)';
  const details = problems.map((problem) => `${problem.path || '(table)'}: ${problem.message}`);
  throw new TariffError('invalid_rate_table', `rate table ${id} is invalid: ${details.join('; ')}`);
}

function isRealDate(value: string): boolean {
  const [year = 0, month = 0, day = 0] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
