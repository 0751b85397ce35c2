// Worked examples an operator can check by hand. Winter dates in London are GMT, so "Z" times are wall-clock times;
// 2025-01-15 is a Wednesday, 2025-01-18 a Saturday.
import { describe, expect, it } from 'vitest';
import { parseRateTable, quoteStay, type QuoteRequest, type RateTable, type RateTableInput } from './tariff';

const utc = (iso: string) => Date.parse(iso);
const LONDON = 'Europe/London';

function table(fields: Partial<RateTableInput>): RateTable {
  return parseRateTable({
    id: 'car-standard',
    name: 'Standard car',
    vehicleClass: 'car',
    version: 1,
    effectiveFrom: utc('2020-01-01T00:00:00Z'),
    currency: 'GBP',
    lostTicketMinor: 2500,
    graceMinutes: 10,
    ...fields,
  });
}

function quote(rates: RateTable, entry: string | null, exit: string, extra: Partial<QuoteRequest> = {}) {
  return quoteStay([rates], {
    entryAt: entry === null ? null : utc(entry),
    exitAt: utc(exit),
    vehicleClass: 'car',
    timeZone: LONDON,
    taxRateBp: 2000,
    ...extra,
  });
}

const summary = (q: ReturnType<typeof quote>) => q.lines.map((l) => [l.code, l.quantity, l.amountMinor]);
const total = (rates: RateTable, entry: string, exit: string, extra?: Partial<QuoteRequest>) =>
  quote(rates, entry, exit, extra).totalMinor;

/** £3 the first hour, £1.50 each further 30 minutes or part. */
const hourThenHalfHours = { firstPeriod: { minutes: 60, priceMinor: 300 }, furtherPeriod: { minutes: 30, priceMinor: 150 } };
/** £3 an hour or part. */
const hourly = { furtherPeriod: { minutes: 60, priceMinor: 300 } };
const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const flat = (priceMinor: number) => ({ kind: 'flat' as const, priceMinor });
const perHour = (priceMinor: number) => ({ kind: 'perPeriod' as const, periodMinutes: 60, priceMinor });

describe('free minutes, first period, further periods', () => {
  const rates = table({ freeMinutes: 15, ...hourThenHalfHours });

  it('a stay of up to 15 minutes is free; one second more pays from entry', () => {
    const free = quote(rates, '2025-01-15T10:00:00Z', '2025-01-15T10:15:00Z');
    expect(free.totalMinor).toBe(0);
    expect(free.lines).toEqual([{ code: 'free', label: 'Free stay (up to 15 min)', quantity: 1, amountMinor: 0 }]);
    expect(free.chargeableMinutes).toBe(0);
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T10:15:01Z')).toBe(300);
  });

  it('60:00 is the first hour only; 60:01 starts a further half hour', () => {
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T11:00:00Z')).toBe(300);
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T11:00:01Z')).toBe(450);
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T11:30:00Z')).toBe(450);
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T11:30:01Z')).toBe(600);
  });

  it('3 hours is the first hour and four half hours, with 20 % VAT included', () => {
    const q = quote(rates, '2025-01-15T10:00:00Z', '2025-01-15T13:00:00Z');
    expect(summary(q)).toEqual([['first_period', 1, 300], ['period', 4, 600]]);
    expect(q.lines.map((l) => l.label)).toEqual(['First 1 h', 'Each further 30 min or part']);
    expect(q).toMatchObject({ totalMinor: 900, taxMinor: 150, currency: 'GBP', chargeableMinutes: 180, graceMinutes: 10 });
    expect(q).toMatchObject({ tableId: 'car-standard', tableVersion: 1, entryAt: utc('2025-01-15T10:00:00Z') });
  });
});

describe('tiers', () => {
  // Up to 2 h: £1 per 30 min; 2 h to 6 h: £2.50 per hour; after 6 h: £4 per hour.
  const rates = table({
    tiers: [
      { fromMinutes: 120, toMinutes: 360, periodMinutes: 60, priceMinor: 250 },
      { fromMinutes: 0, toMinutes: 120, periodMinutes: 30, priceMinor: 100 },
      { fromMinutes: 360, toMinutes: null, periodMinutes: 60, priceMinor: 400 },
    ],
  });

  it('charges each part of the stay at its own tier', () => {
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T11:10:00Z')).toBe(300);
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T12:00:00Z')).toBe(400);
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T12:00:01Z')).toBe(650);
    const q = quote(rates, '2025-01-15T10:00:00Z', '2025-01-15T17:00:00Z');
    expect(summary(q)).toEqual([['tier', 4, 400], ['tier', 4, 1000], ['tier', 1, 400]]);
    expect(q.lines.map((l) => l.label)).toEqual([
      'Up to 2 h: each 30 min or part',
      '2 h to 6 h: each 1 h or part',
      'After 6 h: each 1 h or part',
    ]);
  });
});

describe('daily maximum', () => {
  const entry = '2025-01-15T10:00:00Z';
  const exit = '2025-01-17T14:00:00Z'; // 52 hours

  it('per 24 h from entry: 24 h + 24 h capped, the last 4 h at the normal rate', () => {
    const q = quote(table({ ...hourThenHalfHours, dailyMaxMinor: 2000, dailyMaxMode: 'rolling24h' }), entry, exit);
    // Window 1: 300 + 46 x 150 = 7200 -> 2000; window 2: 48 x 150 = 7200 -> 2000; window 3: 8 x 150 = 1200.
    expect(summary(q)).toEqual([['first_period', 1, 300], ['period', 102, 15300], ['daily_cap', 2, -10400]]);
    expect(q.totalMinor).toBe(5200);
  });

  it('per calendar day: three local days, each capped', () => {
    const q = quote(table({ ...hourThenHalfHours, dailyMaxMinor: 2000, dailyMaxMode: 'calendarDay' }), entry, exit);
    // 15th 10:00-24:00: 300 + 26 x 150 = 4200; 16th: 7200; 17th 00:00-14:00: 28 x 150 = 4200; each -> 2000.
    expect(q.totalMinor).toBe(6000);
    expect(q.lines.at(-1)).toEqual({ code: 'daily_cap', label: 'Daily maximum applied', quantity: 3, amountMinor: -9600 });
  });

  it('calendar days are local: 22:00-02:00 BST is two days, but one 24 h window', () => {
    const rates = (mode: 'rolling24h' | 'calendarDay') => table({ ...hourThenHalfHours, dailyMaxMinor: 500, dailyMaxMode: mode });
    // 22:00-24:00 BST: 300 + 2 x 150 = 600 -> 500; 00:00-02:00: 4 x 150 = 600 -> 500.
    expect(total(rates('calendarDay'), '2025-07-15T21:00:00Z', '2025-07-16T01:00:00Z')).toBe(1000);
    expect(total(rates('rolling24h'), '2025-07-15T21:00:00Z', '2025-07-16T01:00:00Z')).toBe(500);
  });
});

describe('bands', () => {
  it('a flat night band 22:00-06:00; the meter pauses overnight and resumes where it stopped', () => {
    const night = { name: 'Night', days: [...EVERY_DAY], from: '22:00', to: '06:00', charge: flat(500) };
    const rates = table({ ...hourly, bands: [night] });
    const q = quote(rates, '2025-01-15T20:00:00Z', '2025-01-16T08:00:00Z');
    // 20:00-22:00 two hours, night £5, 06:00-08:00 two more hours.
    expect(summary(q)).toEqual([['period', 4, 1200], ['band', 1, 500]]);
    expect(q.lines[1]!.label).toBe('Night 22:00-06:00 (flat)');
    expect(q.totalMinor).toBe(1700);
    expect(total(rates, '2025-01-15T23:00:00Z', '2025-01-16T01:00:00Z')).toBe(500); // all inside the band
  });

  it('a per-hour night band with a cap per night', () => {
    const night = { name: 'Night', days: ['wed' as const], from: '22:00', to: '06:00', charge: perHour(100), capMinor: 400 };
    const rates = table({ ...hourly, bands: [night] });
    const q = quote(rates, '2025-01-15T21:00:00Z', '2025-01-16T07:00:00Z');
    // 21:00-22:00 £3; eight night hours £8 capped at £4; 06:00-07:00 £3.
    expect(summary(q)).toEqual([['period', 2, 600], ['band', 8, 800], ['band_cap', 1, -400]]);
    expect(q.totalMinor).toBe(1000);
    // Periods in a band count from when the stay entered it: 23:30-01:00 is two started hours.
    expect(total(rates, '2025-01-15T23:30:00Z', '2025-01-16T01:00:00Z')).toBe(200);
    // Thursday night is not in the band.
    expect(total(rates, '2025-01-16T23:30:00Z', '2025-01-17T01:00:00Z')).toBe(600);
  });

  it('a weekend band, capped per day', () => {
    const days: ('sat' | 'sun')[] = ['sat', 'sun'];
    const rates = table({ ...hourly, bands: [{ name: 'Weekend', days, from: '00:00', to: '24:00', charge: perHour(100), capMinor: 600 }] });
    // Friday 22:00-24:00 at £3/h, then Saturday 00:00-12:00: twelve hours at £1 capped at £6.
    const q = quote(rates, '2025-01-17T22:00:00Z', '2025-01-18T12:00:00Z');
    expect(summary(q)).toEqual([['period', 2, 600], ['band', 12, 1200], ['band_cap', 1, -600]]);
    expect(q.totalMinor).toBe(1200);
    // Saturday and Sunday are two occurrences, each with its own cap.
    expect(total(rates, '2025-01-18T00:00:00Z', '2025-01-20T00:00:00Z')).toBe(1200);
  });
});

describe('early bird', () => {
  const rates = table({
    ...hourThenHalfHours,
    dailyMaxMinor: 2000,
    dailyMaxMode: 'calendarDay',
    earlyBirds: [{ days: [...WEEKDAYS], entryFrom: '06:00', entryTo: '09:00', flatUntil: '19:00', priceMinor: 800 }],
  });

  it('entry inside the window on a weekday: the flat price', () => {
    const q = quote(rates, '2025-01-15T07:30:00Z', '2025-01-15T17:00:00Z');
    expect(q.lines).toEqual([{ code: 'early_bird', label: 'Early bird', quantity: 1, amountMinor: 800 }]);
  });

  it('entry outside the window, or on a Saturday: normal charging', () => {
    expect(total(rates, '2025-01-15T09:00:00Z', '2025-01-15T17:00:00Z')).toBe(2000); // 09:00 is the window's end
    expect(total(rates, '2025-01-15T05:59:00Z', '2025-01-15T17:00:00Z')).toBe(2000);
    expect(total(rates, '2025-01-18T07:30:00Z', '2025-01-18T17:00:00Z')).toBe(2000);
  });

  it('staying past 19:00: normal charging resumes from 19:00 as a fresh stay', () => {
    const q = quote(rates, '2025-01-15T07:30:00Z', '2025-01-15T20:15:00Z');
    expect(summary(q)).toEqual([['early_bird', 1, 800], ['first_period', 1, 300], ['period', 1, 150]]);
    expect(q.totalMinor).toBe(1250);
  });

  it('is never dearer than the normal fee: in and out by 08:00 pays the hour', () => {
    expect(total(rates, '2025-01-15T07:30:00Z', '2025-01-15T08:00:00Z')).toBe(300);
  });
});

describe('events', () => {
  const rates = table({
    ...hourly,
    dailyMaxMinor: 1000,
    dailyMaxMode: 'calendarDay',
    events: [
      {
        code: 'concert',
        label: 'Arena concert',
        dates: ['2025-01-18'],
        entryFrom: '17:00',
        entryTo: '22:00',
        flatUntil: '02:00',
        priceMinor: 1500,
      },
    ],
  });

  it('entries in the window on the event date pay the flat price, even above the daily maximum', () => {
    const q = quote(rates, '2025-01-18T18:00:00Z', '2025-01-18T23:30:00Z');
    expect(q.lines).toEqual([{ code: 'event', label: 'Arena concert', quantity: 1, amountMinor: 1500 }]);
  });

  it('after flatUntil (02:00 the next morning) normal charging resumes', () => {
    expect(summary(quote(rates, '2025-01-18T18:00:00Z', '2025-01-19T03:00:00Z'))).toEqual([['event', 1, 1500], ['period', 1, 300]]);
  });

  it('other dates pay normally unless the caller switches the event on', () => {
    expect(total(rates, '2025-01-17T18:00:00Z', '2025-01-17T23:30:00Z')).toBe(1000);
    expect(total(rates, '2025-01-17T18:00:00Z', '2025-01-17T23:30:00Z', { activeEvents: ['concert'] })).toBe(1500);
    expect(total(rates, '2025-01-18T16:59:00Z', '2025-01-18T23:30:00Z')).toBe(1000);
  });
});

describe('lost ticket and unknown entry', () => {
  const rates = table({ ...hourly, dailyMaxMinor: 2000 });

  it('unknown entry: the flat charge, from the table in effect at exit', () => {
    const q = quote(rates, null, '2025-01-15T18:00:00Z');
    expect(q).toMatchObject({ totalMinor: 2500, entryAt: null, chargeableMinutes: 0 });
    expect(q.lines).toEqual([{ code: 'lost_ticket', label: 'Lost ticket', quantity: 1, amountMinor: 2500 }]);
  });

  it('lost ticket with a known entry: the higher of the flat charge and the stay', () => {
    expect(total(rates, '2025-01-15T10:00:00Z', '2025-01-15T11:00:00Z', { lostTicket: true })).toBe(2500);
    const longStay = quote(rates, '2025-01-01T10:00:00Z', '2025-01-15T11:00:00Z', { lostTicket: true });
    expect(longStay.totalMinor).toBe(14 * 2000 + 300); // fourteen capped days and an hour
    expect(longStay.lines.map((l) => l.code)).not.toContain('lost_ticket');
  });
});

describe('daylight saving time in Europe/London', () => {
  it('spring forward: 00:30 GMT to 03:30 BST is 2 real hours, not 3', () => {
    expect(total(table(hourly), '2025-03-30T00:30:00Z', '2025-03-30T02:30:00Z')).toBe(600);
  });

  it('fall back: 00:30 BST to 01:30 GMT is 2 real hours though the clock moved 1', () => {
    const q = quote(table(hourly), '2025-10-25T23:30:00Z', '2025-10-26T01:30:00Z');
    expect(q).toMatchObject({ totalMinor: 600, chargeableMinutes: 120 });
  });

  it('a per-hour night band 22:00-06:00 lasts 7 real hours in spring and 9 in autumn', () => {
    const night = { name: 'Night', days: ['sat' as const], from: '22:00', to: '06:00', charge: perHour(100) };
    const rates = table({ ...hourly, bands: [night] });
    expect(total(rates, '2025-03-29T22:00:00Z', '2025-03-30T05:00:00Z')).toBe(700); // 22:00 GMT - 06:00 BST
    expect(total(rates, '2025-10-25T21:00:00Z', '2025-10-26T06:00:00Z')).toBe(900); // 22:00 BST - 06:00 GMT
  });

  it('the 25-hour calendar day is one window for the daily maximum', () => {
    const rates = table({ ...hourly, dailyMaxMinor: 5000, dailyMaxMode: 'calendarDay' });
    const q = quote(rates, '2025-10-25T23:00:00Z', '2025-10-27T00:00:00Z'); // Sunday 00:00 BST to Monday 00:00 GMT
    expect(q).toMatchObject({ totalMinor: 5000, chargeableMinutes: 25 * 60 });
    expect(q.lines.at(-1)).toMatchObject({ code: 'daily_cap', quantity: 1, amountMinor: 5000 - 25 * 300 });
  });
});

describe('which table applies', () => {
  const march = utc('2025-03-01T00:00:00Z');
  const old = table({ ...hourly, effectiveTo: march });
  const newer = table({ version: 2, effectiveFrom: march, furtherPeriod: { minutes: 60, priceMinor: 400 } });
  const request = (entry: string | null, exit: string): QuoteRequest => ({
    entryAt: entry === null ? null : utc(entry), exitAt: utc(exit), vehicleClass: 'car', timeZone: LONDON, taxRateBp: 0,
  });

  it('the version in force at entry prices the whole stay, even across the change', () => {
    const q = quoteStay([newer, old], request('2025-02-28T23:00:00Z', '2025-03-01T01:00:00Z'));
    expect(q).toMatchObject({ tableVersion: 1, totalMinor: 600 });
    expect(quoteStay([old, newer], request('2025-03-01T00:00:00Z', '2025-03-01T01:00:00Z')).tableVersion).toBe(2);
  });

  it('an unknown entry is priced by the version in force at exit', () => {
    expect(quoteStay([old, newer], request(null, '2025-03-01T01:00:00Z')).tableVersion).toBe(2);
  });

  it('other vehicle classes are not considered', () => {
    const van = table({ id: 'van', vehicleClass: 'van', ...hourly });
    expect(() => quoteStay([van], request('2025-01-15T10:00:00Z', '2025-01-15T11:00:00Z'))).toThrow(
      expect.objectContaining({ name: 'TariffError', code: 'no_rate_table' }),
    );
  });
});

describe('requests that cannot be priced', () => {
  const rates = table(hourly);
  const attempt = (changes: Partial<QuoteRequest>) => () =>
    quoteStay([rates], {
      entryAt: utc('2025-01-15T10:00:00Z'),
      exitAt: utc('2025-01-15T11:00:00Z'),
      vehicleClass: 'car',
      timeZone: LONDON,
      taxRateBp: 2000,
      ...changes,
    });
  const failsWith = (code: string, message: RegExp) =>
    expect.objectContaining({ code, message: expect.stringMatching(message) });

  it('explains each refusal', () => {
    expect(attempt({ exitAt: utc('2025-01-15T09:59:59Z') })).toThrow(
      failsWith('exit_before_entry', /exit 2025-01-15T09:59:59.000Z is before entry/),
    );
    expect(attempt({ entryAt: utc('2019-06-01T10:00:00Z'), exitAt: utc('2019-06-01T11:00:00Z') })).toThrow(
      failsWith('no_rate_table', /vehicle class "car".*2019-06-01T10:00:00.000Z, the entry/),
    );
    expect(attempt({ currency: 'EUR' })).toThrow(failsWith('currency_mismatch', /charges in GBP, but the site uses EUR/));
    expect(attempt({ timeZone: 'Europe/Londn' })).toThrow(failsWith('invalid_time_zone', /"Europe\/Londn"/));
    expect(attempt({ taxRateBp: 12.5 })).toThrow(failsWith('invalid_request', /taxRateBp/));
    expect(attempt({ exitAt: Number.NaN })).toThrow(failsWith('invalid_request', /exitAt/));
  });

  it('a zero-length stay costs nothing', () => {
    expect(attempt({ exitAt: utc('2025-01-15T10:00:00Z') })()).toMatchObject({ totalMinor: 0, lines: [], chargeableMinutes: 0 });
  });
});
