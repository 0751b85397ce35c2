import { describe, expect, it } from 'vitest';
import { parseRateTable, rateTableSchema, type RateTableInput } from './tariff';

const valid: RateTableInput = {
  id: 'car-standard',
  name: 'Standard car',
  vehicleClass: 'car',
  version: 1,
  effectiveFrom: Date.parse('2025-01-01T00:00:00Z'),
  currency: 'GBP',
  lostTicketMinor: 2500,
  firstPeriod: { minutes: 60, priceMinor: 300 },
  furtherPeriod: { minutes: 30, priceMinor: 150 },
};

/** The TariffError message parseRateTable gives for a table with these fields changed. */
function rejection(changes: Record<string, unknown>): string {
  try {
    parseRateTable({ ...valid, ...changes });
  } catch (error) {
    expect(error).toMatchObject({ name: 'TariffError', code: 'invalid_rate_table' });
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(changes)}`);
}

describe('rateTableSchema', () => {
  it('fills in defaults for what a simple table leaves out', () => {
    expect(parseRateTable(valid)).toMatchObject({
      effectiveTo: null, freeMinutes: 0, tiers: [], dailyMaxMinor: null, dailyMaxMode: 'rolling24h',
      bands: [], earlyBirds: [], events: [], graceMinutes: 0,
    });
  });

  it('accepts a table that is only free minutes, and tiers without first/further periods', () => {
    expect(() => parseRateTable({ ...valid, firstPeriod: null, furtherPeriod: null, freeMinutes: 30 })).not.toThrow();
    const tiers = [
      { fromMinutes: 0, toMinutes: 120, periodMinutes: 30, priceMinor: 100 },
      { fromMinutes: 120, toMinutes: null, periodMinutes: 60, priceMinor: 250 },
    ];
    expect(() => parseRateTable({ ...valid, firstPeriod: null, furtherPeriod: null, tiers })).not.toThrow();
  });

  it('names the field of a bad price, period, currency or date range', () => {
    expect(rejection({ firstPeriod: { minutes: 60, priceMinor: -1 } })).toContain('firstPeriod.priceMinor: must not be negative');
    expect(rejection({ firstPeriod: { minutes: 60, priceMinor: 2.5 } })).toContain('firstPeriod.priceMinor: must be a whole number of minor units');
    expect(rejection({ furtherPeriod: { minutes: 0, priceMinor: 150 } })).toContain('furtherPeriod.minutes: must be at least 1 minute');
    expect(rejection({ lostTicketMinor: -500 })).toContain('lostTicketMinor: must not be negative');
    expect(rejection({ currency: 'gbp' })).toContain('currency: must be an ISO 4217 code');
    expect(rejection({ currency: 'POUND' })).toContain('currency: must be an ISO 4217 code');
    expect(rejection({ effectiveTo: valid.effectiveFrom })).toContain('effectiveTo: must be after effectiveFrom (2025-01-01T00:00:00.000Z)');
    expect(rejection({ effectiveTo: valid.effectiveFrom - 1 })).toContain('effectiveTo: must be after effectiveFrom');
    expect(rejection({ version: 0 })).toContain('version: must be 1 or more');
  });

  it('says which tiers overlap, leave a gap or stop short', () => {
    const tier = (fromMinutes: number, toMinutes: number | null) => ({ fromMinutes, toMinutes, periodMinutes: 30, priceMinor: 100 });
    const base = { firstPeriod: null, furtherPeriod: null };
    expect(rejection({ ...base, tiers: [tier(0, 120), tier(60, null)] })).toContain(
      'tiers[1].fromMinutes: starts at 1 h, inside tiers[0] (0 min to 2 h): ranges must not overlap',
    );
    expect(rejection({ ...base, tiers: [tier(0, 120), tier(180, null)] })).toContain(
      'tiers[1].fromMinutes: starts at 3 h, so nothing charges from 2 h to 3 h',
    );
    expect(rejection({ ...base, tiers: [tier(30, null)] })).toContain('tiers[0].fromMinutes: starts at 30 min, so nothing charges from 0 min');
    expect(rejection({ ...base, tiers: [tier(0, 120)] })).toContain('tiers[0].toMinutes: the schedule ends at 2 h');
    expect(rejection({ ...base, tiers: [tier(60, 60), tier(0, null)] })).toContain('tiers[0].toMinutes: must be greater than fromMinutes (60)');
    expect(rejection({ tiers: [tier(60, null)] })).toMatch(/furtherPeriod: starts at 1 h, inside tiers\[0\].*must not overlap/);
    expect(rejection({ furtherPeriod: null })).toContain('firstPeriod.minutes: the schedule ends at 1 h');
  });

  it('refuses a table with neither free minutes nor periods', () => {
    expect(rejection({ firstPeriod: null, furtherPeriod: null })).toContain('freeMinutes: a table needs free minutes or a charge');
  });

  it('refuses typos instead of ignoring them, and names missing fields', () => {
    expect(rejection({ freeMinute: 15 })).toContain('freeMinute: is not a rate table field');
    expect(rejection({ lostTicketMinor: undefined })).toContain('lostTicketMinor: is required');
    expect(rejection({ effectiveFrom: '2025-01-01' })).toContain('effectiveFrom: must be epoch milliseconds');
  });

  it('checks bands: times, days, names and overlaps', () => {
    const night = { name: 'Night', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '22:00', to: '06:00', charge: { kind: 'flat', priceMinor: 500 } };
    const weekend = { name: 'Weekend', days: ['sat', 'sun'], from: '00:00', to: '24:00', charge: { kind: 'perPeriod', periodMinutes: 60, priceMinor: 100 } };
    expect(rejection({ bands: [night, weekend] })).toContain(
      'bands[1].from: "Weekend" overlaps bands[0] "Night" from sat 00:00 (local): band windows must not overlap',
    );
    expect(rejection({ bands: [{ ...night, to: '25:00' }] })).toContain('bands[0].to: must be a local time "HH:MM" from 00:00 to 24:00');
    expect(rejection({ bands: [{ ...night, from: '24:00' }] })).toContain('bands[0].from: must be a local time "HH:MM" from 00:00 to 23:59');
    expect(rejection({ bands: [{ ...night, days: [] }] })).toContain('bands[0].days: must list at least one weekday');
    expect(rejection({ bands: [{ ...night, days: ['monday'] }] })).toContain('bands[0].days[0]: must be one of mon, tue');
    expect(rejection({ bands: [{ ...night, days: ['mon', 'mon'] }] })).toContain('bands[0].days: lists mon more than once');
    expect(rejection({ bands: [night, { ...weekend, name: 'Night', days: ['wed'], from: '09:00', to: '17:00' }] })).toContain(
      'bands[1].name: "Night" is already the name of bands[0]',
    );
    expect(rejection({ bands: [{ ...night, charge: { kind: 'perPeriod', periodMinutes: 0, priceMinor: 100 } }] })).toContain(
      'bands[0].charge.periodMinutes: must be at least 1 minute',
    );
    // Touching is not overlapping: evening ends where night begins.
    const evening = { ...weekend, name: 'Evening', days: ['fri'], from: '18:00', to: '22:00' };
    expect(() => parseRateTable({ ...valid, bands: [night, evening] })).not.toThrow();
  });

  it('checks offers: the flat price must cover the whole entry window; event dates must exist', () => {
    const earlyBird = { days: ['mon'], entryFrom: '06:00', entryTo: '09:00', flatUntil: '08:00', priceMinor: 800 };
    expect(rejection({ earlyBirds: [earlyBird] })).toContain('earlyBirds[0].flatUntil: must not come before entryTo (09:00)');
    expect(() => parseRateTable({ ...valid, earlyBirds: [{ ...earlyBird, flatUntil: '02:00' }] })).not.toThrow(); // next morning
    const event = { code: 'gig', label: 'Gig', dates: ['2025-02-30'], entryFrom: '17:00', entryTo: '22:00', flatUntil: '23:59', priceMinor: 1500 };
    expect(rejection({ events: [event] })).toContain('events[0].dates[0]: must be a real calendar date');
    expect(rejection({ events: [{ ...event, dates: [] }, { ...event, dates: [] }] })).toContain('events[1].code: "gig" is already the code of events[0]');
  });

  it('reports every problem at once, with zod paths for tools', () => {
    const result = rateTableSchema.safeParse({ ...valid, currency: 'gbp', firstPeriod: { minutes: 0, priceMinor: -1 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['currency', 'firstPeriod.minutes', 'firstPeriod.priceMinor']),
    );
  });
});
