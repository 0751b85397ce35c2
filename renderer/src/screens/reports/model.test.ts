import { describe, expect, it } from 'vitest';
import { busiestPerDay, exportBlob, heatLevel, lastWeek, shiftDate } from './model';

describe('reports model', () => {
  it('moves local dates by calendar days, across month ends and DST alike', () => {
    expect(shiftDate('2026-03-29', 1)).toBe('2026-03-30');
    expect(shiftDate('2026-03-01', -1)).toBe('2026-02-28');
    expect(lastWeek(Date.UTC(2026, 10, 20, 23, 30), 'Asia/Tokyo')).toEqual({ from: '2026-11-15', to: '2026-11-21' });
  });

  it('grades heat-map cells by how full the zone was, and leaves a skipped DST hour blank', () => {
    expect([0, 1, 50, 76, 100, 120].map((v) => heatLevel(v, 100))).toEqual([0, 1, 2, 4, 4, 4]);
    expect(heatLevel(null, 100)).toBeNull();
    expect(heatLevel(3, 0)).toBe(0);
  });

  it('picks the busiest expected hour of each local day', () => {
    const hour = (h: number, mean: number) => ({ at: Date.UTC(2026, 10, 20, h), occupancy: { mean, low: mean - 5, high: mean + 5 } });
    expect(busiestPerDay([hour(9, 10), hour(14, 40), hour(23, 5), hour(25, 30)], 'Europe/London')).toEqual([
      { date: '2026-11-20', at: Date.UTC(2026, 10, 20, 14), mean: 40, low: 35, high: 45 },
      { date: '2026-11-21', at: Date.UTC(2026, 10, 20, 25), mean: 30, low: 25, high: 35 },
    ]);
  });

  it('turns a PDF export back into its bytes and keeps CSV as text', async () => {
    const pdf = exportBlob(btoa('%PDF-1.7'), 'application/pdf');
    expect(new TextDecoder().decode(await pdf.arrayBuffer())).toBe('%PDF-1.7');
    expect(await exportBlob('a,b\n', 'text/csv').text()).toBe('a,b\n');
  });
});
