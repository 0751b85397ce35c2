import { describe, expect, it } from 'vitest';
import { formatHours, parseHours } from './hours';

describe('permit hours as text', () => {
  it('reads runs of days, lists and several windows', () => {
    expect(parseHours('Mon-Fri 07:00-19:00; sat,sun 08:00-12:00')).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '19:00' },
      { days: ['sat', 'sun'], from: '08:00', to: '12:00' },
    ]);
  });

  it('takes an empty text as any time and refuses what it cannot read', () => {
    expect(parseHours('  ')).toEqual([]);
    expect(parseHours('fri-mon 07:00-19:00')).toBeNull();
    expect(parseHours('weekdays 07:00-19:00')).toBeNull();
    expect(parseHours('mon 7-19')).toBeNull();
  });

  it('writes back what it reads, with runs folded', () => {
    const text = 'mon-wed,sat 18:00-24:00; mon-sun 00:00-08:00';
    expect(formatHours(parseHours(text)!)).toBe(text);
    expect(formatHours([{ days: ['sun', 'mon', 'tue'], from: '09:00', to: '10:00' }])).toBe('mon-tue,sun 09:00-10:00');
  });
});
