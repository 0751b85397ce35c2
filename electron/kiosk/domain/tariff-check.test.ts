import { describe, expect, it } from 'vitest';
import { checkRateTables, parseRateTable, type RateTable, type RateTableInput } from './tariff';

const utc = (iso: string) => Date.parse(iso);
const JAN = utc('2025-01-01T00:00:00Z');
const FEB = utc('2025-02-01T00:00:00Z');
const MAR = utc('2025-03-01T00:00:00Z');

function table(fields: Partial<RateTableInput> = {}): RateTable {
  return parseRateTable({
    id: 'car-standard',
    name: 'Standard car',
    vehicleClass: 'car',
    version: 1,
    effectiveFrom: JAN,
    currency: 'GBP',
    lostTicketMinor: 2500,
    furtherPeriod: { minutes: 60, priceMinor: 300 },
    ...fields,
  });
}

const codes = (tables: RateTable[]) => checkRateTables(tables).map((problem) => [problem.code, problem.tableId]);

describe('checkRateTables', () => {
  it('finds nothing wrong with versions that follow on, per class', () => {
    const tables = [
      table({ effectiveTo: FEB }),
      table({ version: 2, effectiveFrom: FEB, effectiveTo: MAR }),
      table({ version: 3, effectiveFrom: MAR }),
      table({ id: 'van-standard', vehicleClass: 'van', effectiveFrom: FEB }),
    ];
    expect(checkRateTables(tables)).toEqual([]);
    expect(checkRateTables([...tables].reverse())).toEqual([]);
  });

  it('reports a duplicate (id, version)', () => {
    const problems = checkRateTables([table({ effectiveTo: FEB }), table({ effectiveFrom: FEB })]);
    expect(problems).toContainEqual({
      code: 'duplicate_version',
      tableId: 'car-standard',
      message: 'rate table car-standard v1 appears more than once: each (id, version) must be unique',
    });
  });

  it('reports overlapping effective ranges: an open-ended version and a later one', () => {
    const problems = checkRateTables([table(), table({ version: 2, effectiveFrom: FEB })]);
    expect(problems).toEqual([
      {
        code: 'version_overlap',
        tableId: 'car-standard',
        message: 'rate table car-standard v2 (from 2025-02-01T00:00:00.000Z) overlaps rate table car-standard v1 (until replaced) for vehicle class "car"',
      },
    ]);
  });

  it('reports a gap between consecutive versions of a class', () => {
    const problems = checkRateTables([table({ effectiveTo: FEB }), table({ id: 'car-2025', effectiveFrom: MAR })]);
    expect(problems).toEqual([
      {
        code: 'version_gap',
        tableId: 'car-2025',
        message: 'no table for vehicle class "car" from 2025-02-01T00:00:00.000Z until rate table car-2025 v1 starts at 2025-03-01T00:00:00.000Z',
      },
    ]);
  });

  it('does not mix up classes', () => {
    expect(codes([table(), table({ id: 'van', vehicleClass: 'van', effectiveFrom: MAR })])).toEqual([]);
  });

  it('reports problems inside tables that were built without parsing', () => {
    const good = table();
    const overlappingTiers: RateTable = {
      ...good,
      furtherPeriod: null,
      tiers: [
        { fromMinutes: 0, toMinutes: 120, periodMinutes: 30, priceMinor: 100 },
        { fromMinutes: 90, toMinutes: 200, periodMinutes: 60, priceMinor: 200 },
        { fromMinutes: 240, toMinutes: null, periodMinutes: 60, priceMinor: 300 },
      ],
    };
    const night = { name: 'Night', days: ['fri' as const], from: '22:00', to: '06:00', charge: { kind: 'flat' as const, priceMinor: 500 }, capMinor: null };
    const overlappingBands: RateTable = { ...good, id: 'bands', bands: [night, { ...night, name: 'Saturday', days: ['sat'], from: '05:00', to: '12:00' }] };
    const empty: RateTable = { ...good, id: 'empty', furtherPeriod: null };
    const problems = checkRateTables([overlappingTiers, { ...overlappingBands, vehicleClass: 'van' }, { ...empty, vehicleClass: 'bus' }]);
    expect(problems.map((p) => [p.code, p.tableId])).toEqual([
      ['schedule_overlap', 'car-standard'],
      ['schedule_gap', 'car-standard'],
      ['band_overlap', 'bands'],
      ['empty_table', 'empty'],
    ]);
    expect(problems[0]!.message).toBe(
      'rate table car-standard v1: tiers[1].fromMinutes: starts at 1 h 30 min, inside tiers[0] (0 min to 2 h): ranges must not overlap',
    );
    expect(problems[2]!.message).toContain('bands[1].from: "Saturday" overlaps bands[0] "Night" from sat 05:00 (local)');
  });

  it('reports tables of a site that disagree on the currency', () => {
    expect(codes([table(), table({ id: 'van', vehicleClass: 'van', currency: 'EUR' })])).toEqual([['mixed_currency', 'van']]);
  });
});
