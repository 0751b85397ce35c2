// The rules operators publish that need more than a meter: a schedule that starts again every 24 h from entry, offers
// void on a late exit, inclusive entry windows, an all-day price by arrival time once a stay passes N hours, and a
// cap over a stay's first week. New York in January is UTC-5: "-05:00" times are wall-clock.
// 2025-01-15 is a Wednesday.
import { describe, expect, it } from 'vitest';
import { parseRateTable, quoteStay, type RateTable, type RateTableInput } from './tariff';

const NEW_YORK = 'America/New_York';
const at = (local: string) => Date.parse(`${local}:00-05:00`);

function table(fields: Partial<RateTableInput>): RateTable {
  return parseRateTable({
    id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, currency: 'USD', lostTicketMinor: 5000,
    ...fields,
  });
}

function quote(rates: RateTable, entry: string, exit: string) {
  return quoteStay([rates], { entryAt: at(entry), exitAt: at(exit), vehicleClass: 'car', timeZone: NEW_YORK, taxRateBp: 0 });
}
const total = (rates: RateTable, entry: string, exit: string) => quote(rates, entry, exit).totalMinor;
const summary = (rates: RateTable, entry: string, exit: string) =>
  quote(rates, entry, exit).lines.map((line) => [line.label, line.quantity, line.amountMinor]);

describe('a schedule that starts again every 24 h from entry', () => {
  // "$3 the first hour, $2 each further hour, $20 per 24 h"
  const published = {
    firstPeriod: { minutes: 60, priceMinor: 300 },
    furtherPeriod: { minutes: 60, priceMinor: 200 },
    dailyMaxMinor: 2000,
  };
  const restarting = table({ ...published, cycleMinutes: 1440 });
  const runningOn = table(published);

  it('charges the first hour again in hour 25', () => {
    expect(total(restarting, '2025-01-15T08:00', '2025-01-15T09:00')).toBe(300);
    expect(total(restarting, '2025-01-15T08:00', '2025-01-15T13:00')).toBe(1100);
    expect(total(restarting, '2025-01-16T08:00', '2025-01-16T08:00')).toBe(0);
    expect(total(restarting, '2025-01-15T08:00', '2025-01-16T08:00')).toBe(2000);
    expect(total(restarting, '2025-01-15T08:00', '2025-01-16T08:01')).toBe(2300);
    expect(total(restarting, '2025-01-15T08:00', '2025-01-16T10:00')).toBe(2500);
    expect(total(restarting, '2025-01-15T08:00', '2025-01-17T09:00')).toBe(4300);
    expect(total(runningOn, '2025-01-15T08:00', '2025-01-16T08:01')).toBe(2200);
  });

  it('shows the restart on the receipt: the first hour twice, then the cap of the first 24 h', () => {
    expect(summary(restarting, '2025-01-15T08:00', '2025-01-16T10:00')).toEqual([
      ['First 1 h, again every 24 h', 2, 600],
      ['Each further 1 h or part', 24, 4800],
      ['Maximum per 24 h applied', 1, -2900],
    ]);
  });

  it('starts tiers again too, and refuses a range the schedule never reaches', () => {
    const tiers = [
      { fromMinutes: 0, toMinutes: 120, periodMinutes: 120, priceMinor: 400 },
      { fromMinutes: 120, toMinutes: null, periodMinutes: 60, priceMinor: 150 },
    ];
    const rates = table({ tiers, cycleMinutes: 720 });
    expect(total(rates, '2025-01-15T08:00', '2025-01-15T20:00')).toBe(400 + 10 * 150);
    expect(total(rates, '2025-01-15T08:00', '2025-01-15T20:30')).toBe(400 + 10 * 150 + 400);
    expect(() => table({ tiers, cycleMinutes: 120 })).toThrow(/tiers\[1\]\.fromMinutes: starts at 2 h, but the schedule starts again every 2 h/);
    expect(() => table({ tiers, cycleMinutes: 0 })).toThrow(/cycleMinutes: must be at least 1 minute/);
  });
});

describe('offers that are void when the car leaves late', () => {
  const normal = { furtherPeriod: { minutes: 60, priceMinor: 300 }, dailyMaxMinor: 2000 };
  // "Early bird: in 06:30-09:00 on a weekday, out by 18:30, flat $8"
  const earlyBird = {
    label: 'Early bird', days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, entryFrom: '06:30', entryTo: '09:00',
    entryToInclusive: true, flatUntil: '18:30', priceMinor: 800,
  };
  const voidIfLate = table({ ...normal, earlyBirds: [{ ...earlyBird, days: [...earlyBird.days], lateExit: 'void' }] });
  const resumes = table({ ...normal, earlyBirds: [{ ...earlyBird, days: [...earlyBird.days] }] });

  it('holds up to the exit time named, and charges the whole stay normally (with its cap) after it', () => {
    expect(total(voidIfLate, '2025-01-15T08:00', '2025-01-15T18:30')).toBe(800);
    expect(summary(voidIfLate, '2025-01-15T08:00', '2025-01-15T18:31')).toEqual([
      ['Each 1 h or part', 11, 3300],
      ['Maximum per 24 h applied', 1, -1300],
    ]);
    expect(total(voidIfLate, '2025-01-15T08:00', '2025-01-15T10:00')).toBe(600);
    expect(total(resumes, '2025-01-15T08:00', '2025-01-15T18:31')).toBe(1100);
  });

  it('takes an entry during the minute the window ends when entryTo is inclusive', () => {
    expect(summary(voidIfLate, '2025-01-15T09:00', '2025-01-15T17:00')).toEqual([['Early bird', 1, 800]]);
    expect(quoteStay([voidIfLate], {
      entryAt: at('2025-01-15T09:00') + 59_999, exitAt: at('2025-01-15T17:00'), vehicleClass: 'car', timeZone: NEW_YORK, taxRateBp: 0,
    }).totalMinor).toBe(800);
    expect(total(voidIfLate, '2025-01-15T09:01', '2025-01-15T17:00')).toBe(2000);
    expect(total(voidIfLate, '2025-01-18T08:00', '2025-01-18T17:00')).toBe(2000);
  });

  it('a night offer: in after 17:00, out before 07:30, flat $5', () => {
    const night = table({
      ...normal,
      earlyBirds: [{
        label: 'Night', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], entryFrom: '17:00', entryTo: '24:00',
        flatUntil: '07:30', lateExit: 'void', priceMinor: 500,
      }],
    });
    expect(total(night, '2025-01-15T19:00', '2025-01-16T07:30')).toBe(500);
    expect(total(night, '2025-01-15T23:59', '2025-01-16T06:00')).toBe(500);
    expect(total(night, '2025-01-15T19:00', '2025-01-16T08:00')).toBe(2000);
    expect(total(night, '2025-01-15T16:59', '2025-01-15T18:00')).toBe(600);
    expect(total(night, '2025-01-15T19:00', '2025-01-15T20:00')).toBe(300);
  });

  it('a void event gives way to normal charging even when that costs less', () => {
    const rates = table({
      ...normal,
      events: [{ code: 'game', label: 'Game day', dates: ['2025-01-15'], entryFrom: '00:00', entryTo: '24:00', flatUntil: '24:00', lateExit: 'void', priceMinor: 2500 }],
    });
    expect(total(rates, '2025-01-15T18:00', '2025-01-15T19:00')).toBe(2500);
    expect(total(rates, '2025-01-15T18:00', '2025-01-16T00:30')).toBe(2000);
  });
});

describe('an all-day price chosen by arrival time once the stay passes 4 hours', () => {
  // "up to 1 h $1.40, 2 h $2.80, 3 h $4.20, 4 h $4.40; all day: in before 7.30 $4, 7.30-9.30 $6, after 9.30 $5"
  const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  const allDay = (label: string, entryFrom: string, entryTo: string, priceMinor: number) =>
    ({ label, days: [...WEEK], entryFrom, entryTo, flatUntil: '24:00', priceMinor, requiredAfterMinutes: 240 });
  const rates = table({
    tiers: [{ fromMinutes: 0, toMinutes: 180, periodMinutes: 60, priceMinor: 140 }, { fromMinutes: 180, toMinutes: null, periodMinutes: 60, priceMinor: 20 }],
    earlyBirds: [allDay('All day (early)', '00:00', '07:30', 400), allDay('All day (peak)', '07:30', '09:30', 600), allDay('All day', '09:30', '24:00', 500)],
  });

  it('charges by the hour up to 4 hours and the all-day price of the arrival time after, even where dearer', () => {
    expect(total(rates, '2025-01-15T08:00', '2025-01-15T12:00')).toBe(440);
    expect(total(rates, '2025-01-15T08:00', '2025-01-15T12:01')).toBe(600);
    expect(total(rates, '2025-01-15T08:00', '2025-01-15T23:00')).toBe(600);
    expect(total(rates, '2025-01-15T10:00', '2025-01-15T14:01')).toBe(500);
    expect(summary(rates, '2025-01-15T08:00', '2025-01-15T12:01')).toEqual([['All day (peak)', 1, 600]]);
  });

  it('still gives a shorter stay the all-day price where it is the cheaper ticket', () => {
    expect(total(rates, '2025-01-15T07:00', '2025-01-15T09:00')).toBe(280);
    expect(total(rates, '2025-01-15T07:00', '2025-01-15T10:00')).toBe(400);
  });

  it('without requiredAfterMinutes the same offer is only ever taken when cheaper', () => {
    const optional = table({ ...rates, earlyBirds: rates.earlyBirds.map((offer) => ({ ...offer, requiredAfterMinutes: null })) });
    expect(total(optional, '2025-01-15T08:00', '2025-01-15T12:01')).toBe(460);
  });
});

describe('a cap over the first week of a stay, then a lower day rate', () => {
  // "30 min €5, each further 10 min €2; 1st to 4th day €43 a day, 5-7 days €180, each further day €9"
  const rates = table({
    firstPeriod: { minutes: 30, priceMinor: 500 },
    furtherPeriod: { minutes: 10, priceMinor: 200 },
    dailyMaxMinor: 4300,
    longStayCap: { days: 7, capMinor: 18000, laterDailyMaxMinor: 900 },
  });

  it('caps days 1 to 7 together and each later 24 h at the later day rate', () => {
    const feeByExit = { '2025-01-19T10:00': 17200, '2025-01-19T10:10': 17400, '2025-01-19T11:00': 18000, '2025-01-22T10:00': 18000, '2025-01-22T11:00': 18900, '2025-01-29T10:00': 24300 };
    const fees = Object.keys(feeByExit).map((exit) => total(rates, '2025-01-15T10:00', exit));
    expect(fees).toEqual(Object.values(feeByExit));
  });

  it('lists the first-week cap as its own line after the daily maximum', () => {
    expect(summary(rates, '2025-01-15T10:00', '2025-01-22T11:00').slice(2)).toEqual([
      ['Maximum per 24 h applied', 8, -(202700 - 4300 * 7 - 900)],
      ['Maximum for the first 7 days applied', 1, 18000 - 4300 * 7],
    ]);
  });

  it('is refused without a daily maximum, or with a later day rate above it', () => {
    const fields = { firstPeriod: { minutes: 60, priceMinor: 100 }, longStayCap: { days: 7, capMinor: 100, laterDailyMaxMinor: 10 } };
    expect(() => table(fields)).toThrow(/longStayCap: needs a daily maximum/);
    expect(() => table({ ...fields, dailyMaxMinor: 5, longStayCap: { days: 7, capMinor: 100, laterDailyMaxMinor: 10 } }))
      .toThrow(/longStayCap.laterDailyMaxMinor: must not be more than the daily maximum \(5\), got 10/);
  });
});

describe('receipt labels', () => {
  it('a table with only a further-period rate prints its first period as "Each 1 h or part"', () => {
    expect(summary(table({ furtherPeriod: { minutes: 60, priceMinor: 300 } }), '2025-01-15T08:00', '2025-01-15T09:30')).toEqual([
      ['Each 1 h or part', 2, 600],
    ]);
  });
});
