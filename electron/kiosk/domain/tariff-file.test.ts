import { describe, expect, it } from 'vitest';
import { readTariffFile } from './tariff-file';

const table = {
  id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, currency: 'GBP', lostTicketMinor: 2000,
  furtherPeriod: { minutes: 60, priceMinor: 300 },
};
const read = (value: unknown, currency: string | null = 'GBP') => readTariffFile(JSON.stringify(value), currency);

describe('readTariffFile', () => {
  it('reads one table or a list of them', () => {
    expect(read(table).tables).toHaveLength(1);
    expect(read([table, { ...table, id: 'van', vehicleClass: 'van' }])).toMatchObject({ problems: [], tables: [{ id: 'car' }, { id: 'van' }] });
  });

  it('says when the text is not JSON', () => {
    expect(readTariffFile('{"id": "car",', 'GBP').problems).toEqual([{ path: '', message: expect.stringMatching(/^is not JSON: /) }]);
  });

  it('lists every problem of every table by path, and gives no tables', () => {
    const bad = {
      ...table,
      colour: 'red',
      furtherPeriod: undefined,
      tiers: [
        { fromMinutes: 0, toMinutes: 120, periodMinutes: 60, priceMinor: 300 },
        { fromMinutes: 60, toMinutes: null, periodMinutes: 60, priceMinor: 200 },
      ],
      earlyBirds: [{ days: ['mon'], entryFrom: '25:00', entryTo: '09:00', flatUntil: '18:00', priceMinor: 800 }],
      cycleMinutes: 0,
    };
    const file = read([table, bad, { ...table, id: 'eur', vehicleClass: 'bus', currency: 'EUR' }]);
    expect(file.tables).toEqual([]);
    expect(file.problems).toEqual(expect.arrayContaining([
      { path: '[1].colour', message: 'is not a rate table field' },
      { path: '[1].tiers[1].fromMinutes', message: 'starts at 1 h, inside tiers[0] (0 min to 2 h): ranges must not overlap' },
      { path: '[1].earlyBirds[0].entryFrom', message: 'must be a local time "HH:MM" from 00:00 to 23:59' },
      { path: '[1].cycleMinutes', message: 'must be at least 1 minute' },
      { path: '[2].currency', message: 'is EUR, but the site charges in GBP' },
    ]));
    expect(file.problems).toHaveLength(5 + 1); // and the mixed currencies across tables
    expect(file.problems.at(-1)).toEqual({ path: '[2]', message: expect.stringContaining('a site has one currency') });
  });

  it('checks how versions follow each other', () => {
    const file = read([table, { ...table, version: 2, effectiveFrom: 1000 }]);
    expect(file.problems).toEqual([{ path: '[1]', message: expect.stringContaining('overlaps rate table car v1') }]);
  });
});
