// Properties of quoteStay over generated rate tables and stays, in zones with DST in either hemisphere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRateTable, quoteStay, rateTableSchema, type Quote, type QuoteRequest, type RateTable, type RateTableInput } from './tariff';
import { DAY_MS, HOUR_MS, localEpochDay } from './zoned-time';

const utc = (iso: string) => Date.parse(iso);
const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof ALL_DAYS)[number];
const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney'];
const YEAR_START = utc('2025-01-01T00:00:00Z');

const hhmm = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
const price = fc.integer({ min: 0, max: 2_000 });
const minutes = (max: number) => fc.integer({ min: 1, max });
const days = fc.subarray([...ALL_DAYS], { minLength: 1 });

const schedule = fc.oneof(
  fc.record({
    firstPeriod: fc.record({ minutes: minutes(180), priceMinor: price }),
    furtherPeriod: fc.record({ minutes: minutes(120), priceMinor: price }),
  }),
  fc.record({ furtherPeriod: fc.record({ minutes: minutes(120), priceMinor: price }) }),
  fc.array(fc.record({ length: minutes(600), period: minutes(120), price }), { minLength: 1, maxLength: 4 }).map((parts) => {
    let from = 0;
    const tiers = parts.map((part, index) => {
      const toMinutes = index === parts.length - 1 ? null : from + part.length;
      const tier = { fromMinutes: from, toMinutes, periodMinutes: part.period, priceMinor: part.price };
      from += part.length;
      return tier;
    });
    return { tiers };
  }),
);

const bandCharge = fc.oneof(
  fc.record({ kind: fc.constant('flat' as const), priceMinor: price }),
  fc.record({ kind: fc.constant('perPeriod' as const), periodMinutes: minutes(120), priceMinor: price }),
);
const band = (name: string, bandDays: fc.Arbitrary<Day[]>, from: string, to: string) =>
  fc.record({ days: bandDays, charge: bandCharge, capMinor: fc.option(price, { nil: null }) }).map((rest) => ({ name, from, to, ...rest }));
const anyTimeBand = fc
  .record({
    start: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 1, max: 1440 }),
    days,
    charge: bandCharge,
    capMinor: fc.option(price, { nil: null }),
  })
  .map(({ start, length, ...rest }) => ({ name: 'Special', from: hhmm(start), to: hhmm((start + length) % 1440), ...rest }));
const bandSets = fc.oneof(
  fc.constant([]),
  fc.tuple(band('Night', fc.constant([...ALL_DAYS]), '22:00', '06:00')),
  fc.tuple(band('Evening', days, '18:00', '22:00'), band('Night', fc.constant([...ALL_DAYS]), '22:00', '06:00')),
  fc.tuple(
    band('Weekend', fc.constant<Day[]>(['sat', 'sun']), '00:00', '24:00'),
    band('Weeknight', fc.constant<Day[]>(['mon', 'tue', 'wed', 'thu']), '22:00', '06:00'),
  ),
  fc.tuple(anyTimeBand),
);

/** Entry window and flatUntil as minutes from the window's opening, so flatUntil never precedes entryTo. */
const offerTimes = fc
  .record({ start: fc.integer({ min: 0, max: 1439 }), window: fc.integer({ min: 1, max: 1440 }), extra: fc.integer({ min: 0, max: 1440 }) })
  .map(({ start, window, extra }) => ({
    entryFrom: hhmm(start),
    entryTo: hhmm((start + window) % 1440),
    flatUntil: hhmm((start + Math.min(1440, window + extra)) % 1440),
  }));
const lateExit = fc.constantFrom('resumeNormal' as const, 'void' as const);
const entryToInclusive = fc.boolean();
const requiredAfterMinutes = fc.option(fc.integer({ min: 0, max: 1440 }), { nil: null });
const earlyBirds = fc.array(
  fc.record({ days, times: offerTimes, priceMinor: price, lateExit, entryToInclusive, requiredAfterMinutes }).map(({ times, ...rest }) => ({ ...rest, ...times })),
  { maxLength: 2 },
);
const eventDate = fc.integer({ min: 0, max: 364 }).map((day) => new Date(YEAR_START + day * DAY_MS).toISOString().slice(0, 10));
const events = fc.uniqueArray(
  fc
    .record({ code: fc.constantFrom('gig', 'match'), dates: fc.array(eventDate, { maxLength: 3 }), times: offerTimes, priceMinor: price, lateExit, entryToInclusive })
    .map(({ times, ...rest }) => ({ ...rest, label: 'Event', ...times })),
  { maxLength: 2, selector: (event) => event.code },
);

const tableInput: fc.Arbitrary<RateTableInput> = fc
  .record({
    schedule,
    freeMinutes: fc.integer({ min: 0, max: 30 }),
    dailyMaxMinor: fc.option(fc.integer({ min: 100, max: 5_000 }), { nil: null }),
    dailyMaxMode: fc.constantFrom('rolling24h' as const, 'calendarDay' as const),
    bands: bandSets.map((set) => [...set]),
    earlyBirds,
    events,
    cycleMinutes: fc.option(fc.constantFrom(720, 1440, 2880), { nil: null }),
    // As fractions of the daily maximum, so a later day never costs more than a day (the schema's rule).
    longStay: fc.option(fc.record({ days: fc.integer({ min: 2, max: 8 }), capPercent: fc.integer({ min: 100, max: 800 }), laterPercent: fc.integer({ min: 0, max: 100 }) }), { nil: null }),
  })
  .map(({ schedule: chosen, longStay, ...rest }) => ({
    id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, currency: 'GBP', lostTicketMinor: 3_000,
    ...chosen, ...rest,
    longStayCap: longStay && rest.dailyMaxMinor !== null
      ? { days: longStay.days, capMinor: Math.floor((rest.dailyMaxMinor * longStay.capPercent) / 100), laterDailyMaxMinor: Math.floor((rest.dailyMaxMinor * longStay.laterPercent) / 100) }
      : null,
  }))
  // A cycle shorter than the schedule's tiers is refused by the schema (a tier it never reaches).
  .filter((input) => rateTableSchema.safeParse(input).success);

const stayLength = fc.oneof(
  fc.integer({ min: 0, max: 6 * HOUR_MS }),
  fc.integer({ min: 0, max: 3 * DAY_MS }),
  fc.integer({ min: 0, max: 42 * DAY_MS }),
);
/** 2025's clock changes in London, New York and Sydney: stays that start near one cross it. */
const CLOCK_CHANGES = [
  ...['2025-03-30T01:00Z', '2025-10-26T01:00Z'], // London
  ...['2025-03-09T07:00Z', '2025-11-02T06:00Z'], // New York
  ...['2025-04-05T16:00Z', '2025-10-04T16:00Z'], // Sydney
].map(utc);
const stay = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  entryAt: fc.oneof(
    fc.integer({ min: YEAR_START, max: YEAR_START + 364 * DAY_MS }),
    fc.tuple(fc.constantFrom(...CLOCK_CHANGES), fc.integer({ min: -12 * HOUR_MS, max: 2 * HOUR_MS })).map(([at, shift]) => at + shift),
  ),
  activeEvents: fc.subarray(['gig', 'match']),
});

/** Found by this file in CI: out at 07:00:00.000 pays the required early bird (1p), a millisecond later the free meter. */
const requiredEarlyBirdDearerThanNormal: RateTableInput = {
  id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, currency: 'GBP', lostTicketMinor: 3_000,
  furtherPeriod: { minutes: 1, priceMinor: 0 }, freeMinutes: 0, dailyMaxMinor: null, dailyMaxMode: 'rolling24h', bands: [],
  earlyBirds: [{ days: ['sun'], priceMinor: 1, lateExit: 'void', entryToInclusive: true, requiredAfterMinutes: 0, entryFrom: '03:42', entryTo: '06:59', flatUntil: '07:00' }],
  events: [], cycleMinutes: null, longStayCap: null,
};

function quoteFor(table: RateTable, request: { timeZone: string; entryAt: number; activeEvents: string[] }, length: number): Quote {
  const full: QuoteRequest = { ...request, exitAt: request.entryAt + length, vehicleClass: 'car', taxRateBp: 2_000 };
  return quoteStay([table], full);
}

function expectWellFormed(quote: Quote): void {
  expect(Number.isSafeInteger(quote.totalMinor)).toBe(true);
  expect(quote.totalMinor).toBeGreaterThanOrEqual(0);
  expect(quote.lines.reduce((sum, line) => sum + line.amountMinor, 0)).toBe(quote.totalMinor);
  expect(quote.taxMinor).toBeGreaterThanOrEqual(0);
  expect(quote.taxMinor).toBeLessThanOrEqual(quote.totalMinor);
}

describe('quoteStay properties', () => {
  // An event price, or an early bird required after some time, may cost more than the normal fee; leaving after
  // its flatUntil voids it ('void'), and the normal fee of the longer stay can then be the lower one.
  it('a longer stay never costs less, unless a late exit voided a flat price, and every quote is well formed', () => {
    fc.assert(
      fc.property(tableInput, stay, stayLength, stayLength, (input, request, lengthA, lengthB) => {
        const table = parseRateTable(input);
        const shorter = quoteFor(table, request, Math.min(lengthA, lengthB));
        const longer = quoteFor(table, request, Math.max(lengthA, lengthB));
        expectWellFormed(shorter);
        expectWellFormed(longer);
        const voided = (code: string, offers: readonly { lateExit: string }[]) =>
          shorter.lines.some((line) => line.code === code) && !longer.lines.some((line) => line.code === code) &&
          offers.some((offer) => offer.lateExit === 'void');
        if (!voided('event', table.events) && !voided('early_bird', table.earlyBirds)) {
          expect(longer.totalMinor).toBeGreaterThanOrEqual(shorter.totalMinor);
        }
      }),
      { numRuns: 400, examples: [[requiredEarlyBirdDearerThanNormal, { timeZone: 'Europe/London', entryAt: utc('2025-03-09T06:59:59.999Z'), activeEvents: [] }, 1, 2]] },
    );
  });

  it('an offer void on a late exit: the late stay costs exactly what it would without the offer', () => {
    fc.assert(
      fc.property(tableInput, stay, stayLength, (input, request, length) => {
        const withOffers = parseRateTable(input);
        const quote = quoteFor(withOffers, request, length);
        if (quote.lines.some((line) => line.code === 'early_bird' || line.code === 'event')) return;
        const withoutVoidOffers = parseRateTable({
          ...input,
          earlyBirds: (input.earlyBirds ?? []).filter((offer) => offer.lateExit !== 'void'),
          events: (input.events ?? []).filter((offer) => offer.lateExit !== 'void'),
        });
        expect(quote).toEqual(quoteFor(withoutVoidOffers, request, length));
      }),
      { numRuns: 300 },
    );
  });

  it('with a 24 h cycle, a stay of n days and a bit costs n capped days and the bit charged from the start', () => {
    fc.assert(
      fc.property(tableInput.map((t) => ({ ...t, bands: [], earlyBirds: [], events: [], cycleMinutes: 1440, freeMinutes: 0, longStayCap: null }))
        .filter((t) => rateTableSchema.safeParse(t).success),
        stay, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: DAY_MS }), (input, request, days, bit) => {
          const table = parseRateTable({ ...input, dailyMaxMode: 'rolling24h' });
          const oneDay = quoteFor(table, request, DAY_MS).totalMinor;
          const firstBit = quoteFor(table, request, bit).totalMinor;
          expect(quoteFor(table, request, days * DAY_MS + bit).totalMinor).toBe(days * oneDay + firstBit);
        }),
      { numRuns: 200 },
    );
  });

  it('never exceeds the daily maximum per window, except for an event flat price', () => {
    fc.assert(
      fc.property(tableInput.filter((t) => t.dailyMaxMinor != null), stay, stayLength, (input, request, length) => {
        const table = parseRateTable(input);
        const quote = quoteFor(table, request, length);
        if (length === 0) return;
        const exitAt = request.entryAt + length;
        const windows = table.dailyMaxMode === 'rolling24h'
          ? Math.ceil(length / DAY_MS)
          : localEpochDay(request.timeZone, exitAt - 1) - localEpochDay(request.timeZone, request.entryAt) + 1;
        const eventPrice = quote.lines.find((line) => line.code === 'event')?.amountMinor ?? 0;
        expect(quote.totalMinor).toBeLessThanOrEqual(windows * table.dailyMaxMinor! + eventPrice);
      }),
      { numRuns: 300 },
    );
  });

  it('with a long-stay cap, the first days together never cost more than it, except for an event flat price', () => {
    fc.assert(
      fc.property(tableInput.filter((t) => t.longStayCap != null && t.dailyMaxMode === 'rolling24h'), stay, stayLength, (input, request, length) => {
        const table = parseRateTable(input);
        const { days, capMinor } = table.longStayCap!;
        const quote = quoteFor(table, request, Math.min(length, days * DAY_MS));
        const eventPrice = quote.lines.find((line) => line.code === 'event')?.amountMinor ?? 0;
        expect(quote.totalMinor).toBeLessThanOrEqual(Math.max(capMinor, eventPrice));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same quote whatever order the tables, tiers, bands and offers are stored in', () => {
    const shuffled = <T>(items: readonly T[]) => fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
    fc.assert(
      fc.property(tableInput, stay, stayLength, fc.nat(), (input, request, length, seed) => {
        const later = { ...input, version: 2, effectiveFrom: YEAR_START + 180 * DAY_MS, lostTicketMinor: 4_000 };
        const first = parseRateTable({ ...input, effectiveTo: later.effectiveFrom });
        const reordered = fc.sample(
          fc.record({
            tiers: shuffled(input.tiers ?? []),
            bands: shuffled((input.bands ?? []).map((b) => ({ ...b, days: [...b.days].reverse() }))),
            earlyBirds: shuffled(input.earlyBirds ?? []),
            events: shuffled(input.events ?? []),
          }),
          { seed, numRuns: 1 },
        )[0]!;
        const tablesA = [first, parseRateTable(later)];
        const tablesB = [parseRateTable(later), parseRateTable({ ...input, ...reordered, effectiveTo: later.effectiveFrom })];
        const full: QuoteRequest = { ...request, exitAt: request.entryAt + length, vehicleClass: 'car', taxRateBp: 2_000 };
        expect(quoteStay(tablesB, full)).toEqual(quoteStay(tablesA, full));
      }),
      { numRuns: 200 },
    );
  });

  it('an unknown entry always pays the lost-ticket price; a lost ticket never pays less than the stay', () => {
    fc.assert(
      fc.property(tableInput, stay, stayLength, (input, request, length) => {
        const table = parseRateTable(input);
        const unknown = quoteStay([table], { ...request, entryAt: null, exitAt: request.entryAt + length, vehicleClass: 'car', taxRateBp: 0 });
        expect(unknown.totalMinor).toBe(3_000);
        const lost = quoteStay([table], { ...request, lostTicket: true, exitAt: request.entryAt + length, vehicleClass: 'car', taxRateBp: 0 });
        expect(lost.totalMinor).toBe(Math.max(3_000, quoteFor(table, request, length).totalMinor));
      }),
    );
  });
});
