import { describe, expect, it } from 'vitest';
import { lastLocalDays, localDay, nextLocalTime } from './days';

const LONDON = 'Europe/London';

describe('site-local days', () => {
  it('dates an instant on the site wall clock, not in UTC', () => {
    expect(localDay('Pacific/Auckland', Date.UTC(2026, 5, 30, 13, 0))).toBe('2026-07-01');
    expect(localDay(LONDON, Date.UTC(2026, 5, 30, 22, 59))).toBe('2026-06-30');
    expect(localDay(LONDON, Date.UTC(2026, 5, 30, 23, 0))).toBe('2026-07-01');
  });

  it('gives 23- and 25-hour days across the clock changes', () => {
    const spring = lastLocalDays(LONDON, Date.UTC(2026, 2, 29, 12), 2);
    expect(spring.map((d) => d.day)).toEqual(['2026-03-28', '2026-03-29']);
    expect(spring[1]!.to - spring[1]!.from).toBe(23 * 3_600_000);
    const autumn = lastLocalDays(LONDON, Date.UTC(2026, 9, 25, 12), 1)[0]!;
    expect(autumn.to - autumn.from).toBe(25 * 3_600_000);
  });

  it('finds the next nightly slot in local time, summer and winter', () => {
    expect(new Date(nextLocalTime(LONDON, Date.UTC(2026, 6, 1, 12), '03:30')).toISOString()).toBe('2026-07-02T02:30:00.000Z');
    expect(new Date(nextLocalTime(LONDON, Date.UTC(2026, 0, 1, 1), '03:30')).toISOString()).toBe('2026-01-01T03:30:00.000Z');
    // Clocks go forward at 01:00 UTC on 2026-03-29: 03:30 that morning is 02:30 UTC.
    expect(new Date(nextLocalTime(LONDON, Date.UTC(2026, 2, 28, 12), '03:30')).toISOString()).toBe('2026-03-29T02:30:00.000Z');
  });
});
