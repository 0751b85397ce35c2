// Properties of quoteStay over generated rate tables and stays, in zones with DST in either hemisphere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRateTable, quoteStay, type Quote, type QuoteRequest, type RateTable, type RateTableInput } from './tariff';
import { DAY_MS, HOUR_MS, localEpochDay, MINUTE_MS } from './zoned-time';

const utc = (iso: string) => Date.parse(iso);
const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
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
      const tier = { fromMinutes: from, toMinutes: index === parts.length - 1 ? null : from + part.length, periodMinutes: part.period, priceMinor: part.price };
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
const band = (name: string, bandDays: fc.Arbitrary<readonly string[]>, from: string, to: string) =>
  fc.record({ name: fc.constant(name), days: bandDays, from: fc.constant(from), to: fc.constant(to), charge: bandCharge, capMinor: fc.option(price, { nil: null }) });
const anyTimeBand = fc
  .record({ start: fc.integer({ min: 0, max: 1439 }), length: fc.integer({ min: 1, max: 1440 }), days, charge: bandCharge, capMinor: fc.option(price, { nil: null }) })
  .map(({ start, length, ...rest }) => ({ name: 'Special', from: hhmm(start), to: hhmm((start + length) % 1440), ...rest }));
const bandSets = fc.oneof(
  fc.constant([]),
  fc.tuple(band('Night', fc.constant(ALL_DAYS), '22:00', '06:00')),
  fc.tuple(band('Evening', days, '18:00', '22:00'), band('Night', fc.constant(ALL_DAYS), '22:00', '06:00')),
  fc.tuple(band('Weekend', fc.constant(['sat', 'sun']), '00:00', '24:00'), band('Weeknight', fc.constant(['mon', 'tue', 'wed', 'thu']), '22:00', '06:00')),
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
const earlyBirds = fc.array(fc.record({ days, times: offerTimes, priceMinor: price }).map(({ times, ...rest }) => ({ ...rest, ...times })), { maxLength: 2 });
const eventDate = fc.integer({ min: 0, max: 364 }).map((day) => new Date(YEAR_START + day * DAY_MS).toISOString().slice(0, 10));
const events = fc.uniqueArray(
  fc.record({ code: fc.constantFrom('gig', 'match'), label: fc.constant('Event'), dates: fc.array(eventDate, { maxLength: 3 }), times: offerTimes, priceMinor: price })
    .map(({ times, ...rest }) => ({ ...rest, ...times })),
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
  })
  .map(({ schedule: chosen, ...rest }) => ({
    id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, currency: 'GBP', lostTicketMinor: 3_000,
    ...chosen, ...rest,
  }));

const stayLength = fc.oneof(
  fc.integer({ min: 0, max: 6 * HOUR_MS }),
  fc.integer({ min: 0, max: 3 * DAY_MS }),
  fc.integer({ min: 0, max: 42 * DAY_MS }),
);
const stay = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  entryAt: fc.integer({ min: YEAR_START, max: YEAR_START + 364 * DAY_MS }),
  activeEvents: fc.subarray(['gig', 'match']),
});

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
  it('a longer stay never costs less, and every quote is well formed', () => {
    fc.assert(
      fc.property(tableInput, stay, stayLength, stayLength, (input, request, lengthA, lengthB) => {
        const table = parseRateTable(input);
        const shorter = quoteFor(table, request, Math.min(lengthA, lengthB));
        const longer = quoteFor(table, request, Math.max(lengthA, lengthB));
        expectWellFormed(shorter);
        expectWellFormed(longer);
        expect(longer.totalMinor).toBeGreaterThanOrEqual(shorter.totalMinor);
      }),
      { numRuns: 20000 },
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
      { numRuns: 10000 },
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
      { numRuns: 5000 },
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

describe('performance', () => {
  const table = parseRateTable({
    id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, currency: 'GBP', lostTicketMinor: 3_000,
    freeMinutes: 15,
    firstPeriod: { minutes: 60, priceMinor: 300 },
    furtherPeriod: { minutes: 30, priceMinor: 150 },
    dailyMaxMinor: 2_000,
    dailyMaxMode: 'calendarDay',
    bands: [
      { name: 'Night', days: [...ALL_DAYS], from: '22:00', to: '06:00', charge: { kind: 'flat', priceMinor: 500 } },
      { name: 'Evening', days: ['fri', 'sat'], from: '18:00', to: '22:00', charge: { kind: 'perPeriod', periodMinutes: 60, priceMinor: 200 }, capMinor: 600 },
    ],
    earlyBirds: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], entryFrom: '06:00', entryTo: '09:00', flatUntil: '19:00', priceMinor: 800 }],
  });

  /** p95 in ms of quotes for stays of random lengths up to maxLength, entering anywhere in 2025 (cold and warm days alike). */
  function p95(maxLength: number, count: number): number {
    let state = 12_345; // a fixed LCG keeps the sample the same from run to run
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const timings: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const entryAt = YEAR_START + Math.floor(next() * 364 * DAY_MS);
      const request: QuoteRequest = { entryAt, exitAt: entryAt + Math.floor(next() * maxLength), vehicleClass: 'car', timeZone: 'Europe/London', taxRateBp: 2_000 };
      const started = performance.now();
      quoteStay([table], request);
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    return timings[Math.floor(timings.length * 0.95)]!;
  }

  it('quotes a stay of a few hours well under 0.2 ms (p95), and six weeks in a few ms', () => {
    p95(6 * HOUR_MS, 2_000); // warm up the JIT
    const typical = p95(6 * HOUR_MS, 5_000);
    const long = p95(42 * DAY_MS, 300);
    console.info(`tariff p95: stay <= 6 h ${typical.toFixed(4)} ms, stay <= 6 weeks ${long.toFixed(4)} ms`);
    expect(typical).toBeLessThan(0.2);
    expect(long).toBeLessThan(5);
    expect(MINUTE_MS).toBe(60_000);
  });
});
