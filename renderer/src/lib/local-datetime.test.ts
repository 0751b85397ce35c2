import { describe, expect, it } from 'vitest';
import { datePattern, dateShape, dateTimePattern, formatLocalDateTime, formatLocalWall, parseLocalDate, parseLocalDateTime, parseLocalTime } from './local-datetime';

describe('dates typed as the site writes them', () => {
  it('knows each locale’s order and mark', () => {
    expect(dateShape('en-GB')).toEqual({ order: ['day', 'month', 'year'], separator: '/' });
    expect(dateShape('en-US')).toEqual({ order: ['month', 'day', 'year'], separator: '/' });
    expect(dateShape('de-DE')).toEqual({ order: ['day', 'month', 'year'], separator: '.' });
    expect(dateShape('sv-SE').order).toEqual(['year', 'month', 'day']);
    expect(dateTimePattern('en-GB')).toBe('dd/mm/yyyy hh:mm');
    expect(dateTimePattern('en-US')).toBe('mm/dd/yyyy hh:mm');
  });

  it('reads day before month on a UK site and month before day on a US one', () => {
    expect(parseLocalDateTime('03/04/2026 14:05', 'en-GB')).toBe('2026-04-03T14:05');
    expect(parseLocalDateTime('03/04/2026 14:05', 'en-US')).toBe('2026-03-04T14:05');
    expect(parseLocalDateTime('24.12.2026', 'de-DE')).toBe('2026-12-24T00:00');
    expect(parseLocalDateTime(' 1-2-26 9.30 ', 'en-GB')).toBe('2026-02-01T09:30');
  });

  it('refuses what is not a date', () => {
    for (const text of ['', '24/12', '31/02/2026', '13/13/2026', '24/12/2026 24:00', '24/12/2026 10:60', '24/12/2026 10', 'today'])
      expect(parseLocalDateTime(text, 'en-GB')).toBeNull();
    expect(parseLocalDateTime('29/02/2028', 'en-GB')).toBe('2028-02-29T00:00');
  });

  it('writes a value back in the locale’s order, and reads it again unchanged', () => {
    expect(formatLocalDateTime('2026-12-24T14:05', 'en-GB')).toBe('24/12/2026 14:05');
    expect(formatLocalDateTime('2026-12-24T14:05', 'en-US')).toBe('12/24/2026 14:05');
    expect(formatLocalDateTime('nonsense', 'en-GB')).toBe('');
    for (const locale of ['en-GB', 'en-US', 'de-DE', 'sv-SE']) expect(parseLocalDateTime(formatLocalDateTime('2026-07-09T08:07', locale), locale)).toBe('2026-07-09T08:07');
  });

  it('reads a date without a time for date-only fields, and writes one back', () => {
    expect(datePattern('en-GB')).toBe('dd/mm/yyyy');
    expect(datePattern('de-DE')).toBe('dd.mm.yyyy');
    expect(parseLocalDate('03/04/2026', 'en-GB')).toBe('2026-04-03');
    expect(parseLocalDate('03/04/2026', 'en-US')).toBe('2026-03-04');
    for (const text of ['', '03/04/2026 14:05', '31/04/2026', '2026']) expect(parseLocalDate(text, 'en-GB')).toBeNull();
    expect(formatLocalWall('2026-04-03', 'en-GB')).toBe('03/04/2026');
    expect(formatLocalWall('2026-04-03T09:30', 'en-GB')).toBe('03/04/2026 09:30');
    expect(formatLocalWall('', 'en-GB')).toBe('');
    for (const locale of ['en-GB', 'en-US', 'de-DE', 'sv-SE']) expect(parseLocalDate(formatLocalWall('2026-07-09', locale), locale)).toBe('2026-07-09');
  });

  it('reads a time of day on a 24-hour clock, whatever the separator', () => {
    expect(['9:30', '09.30', '0930', ' 23:59 '].map(parseLocalTime)).toEqual(['09:30', '09:30', '09:30', '23:59']);
    for (const text of ['', '24:00', '9:60', '9', '9:3', 'noon']) expect(parseLocalTime(text)).toBeNull();
  });
});
