import { describe, expect, it } from 'vitest';
import { blankTable, draftIssues, getIn, latestTables, setIn, toSave, type RateTable } from './draft';

const table = (over: Partial<RateTable> = {}): RateTable => ({ ...blankTable('car', 'Cars', 'GBP', 0), ...over });

describe('tariff draft helpers', () => {
  it('setIn copies only the path it changes', () => {
    const t = table({ tiers: [{ fromMinutes: 0, toMinutes: 60, periodMinutes: 30, priceMinor: 100 }] });
    const u = setIn(t, ['tiers', 0, 'priceMinor'], 250);
    expect(u.tiers[0]!.priceMinor).toBe(250);
    expect(t.tiers[0]!.priceMinor).toBe(100);
    expect(u.bands).toBe(t.bands);
    expect(getIn(u, ['tiers', 0, 'priceMinor'])).toBe(250);
    expect(setIn(t, ['firstPeriod'], null).firstPeriod).toBeNull();
  });

  it('lists the latest version of each id', () => {
    const v1 = table({ version: 1 });
    const v2 = table({ version: 2, effectiveFrom: 10 });
    const vans = table({ id: 'vans', vehicleClass: 'van' });
    expect(latestTables([v2, vans, v1]).map((t) => [t.id, t.version])).toEqual([
      ['car', 2],
      ['vans', 1],
    ]);
  });

  it('saves as the next version, after the one it replaces, read in site time', () => {
    const saved = [table({ version: 1, effectiveFrom: Date.UTC(2025, 0, 1) })];
    const next = toSave(saved[0]!, saved, '2025-07-01T13:00', 'Europe/London');
    expect(next).toMatchObject({ version: 2, effectiveFrom: Date.UTC(2025, 6, 1, 12), effectiveTo: null });
    expect(toSave(saved[0]!, saved, '2024-12-31T23:00', 'Europe/London')).toBe('effectiveFromOrder');
    expect(toSave(saved[0]!, saved, '', 'Europe/London')).toBe('effectiveFrom');
    expect(toSave(table({ id: 'new' }), saved, '2025-07-01T13:00', 'UTC')).toMatchObject({ version: 1 });
  });

  it('maps kiosk issue paths to draft paths', () => {
    const m = draftIssues([
      { path: 'draft.tiers.1.fromMinutes', message: 'overlaps' },
      { path: 'table', message: 'whole table' },
      { path: 'reason', message: 'not mine' },
    ]);
    expect(m.get('tiers.1.fromMinutes')).toBe('overlaps');
    expect(m.get('')).toBe('whole table');
    expect(m.has('reason')).toBe(false);
  });
});
