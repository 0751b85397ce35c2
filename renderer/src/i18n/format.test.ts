import { describe, expect, it } from 'vitest';
import {
  createFormatters,
  currencyDigits,
  epochToZonedInput,
  formatMoney,
  minorToAmountInput,
  parseAmountToMinor,
  splitMinutes,
  zonedInputToEpoch,
  zoneOffsetMs,
} from './format';

describe('money', () => {
  it('formats minor units in the currency and locale', () => {
    expect(formatMoney(1250, 'GBP', 'en-GB')).toBe('£12.50');
    expect(formatMoney(1250, 'EUR', 'de-DE')).toBe('12,50\u00a0€');
    expect(formatMoney(1250, 'JPY', 'ja-JP')).toBe('￥1,250');
  });
  it('knows fraction digits per currency', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });
  it('parses typed amounts into minor units without floating point', () => {
    expect(parseAmountToMinor('12.5', 2)).toBe(1250);
    expect(parseAmountToMinor('12,50', 2)).toBe(1250);
    expect(parseAmountToMinor(' 12 ', 2)).toBe(1200);
    expect(parseAmountToMinor('0.29', 2)).toBe(29); // 0.29 * 100 is 28.999... in floating point
    expect(parseAmountToMinor('12.505', 2)).toBeNull();
    expect(parseAmountToMinor('-1', 2)).toBeNull();
    expect(parseAmountToMinor('abc', 2)).toBeNull();
    expect(parseAmountToMinor('500', 0)).toBe(500);
  });
  it('round-trips an amount through the input format', () => {
    expect(minorToAmountInput(1205, 2)).toBe('12.05');
    expect(minorToAmountInput(7, 2)).toBe('0.07');
    expect(minorToAmountInput(500, 0)).toBe('500');
    expect(parseAmountToMinor(minorToAmountInput(99999, 2), 2)).toBe(99999);
  });
});

describe('times in the site zone, not the machine zone', () => {
  // 2025-07-01T12:00:00Z
  const noonUtc = Date.UTC(2025, 6, 1, 12, 0, 0);
  it('formats in the given zone', () => {
    const london = createFormatters({ locale: 'en-GB', timeZone: 'Europe/London', currency: 'GBP' });
    const tokyo = createFormatters({ locale: 'en-GB', timeZone: 'Asia/Tokyo', currency: 'JPY' });
    expect(london.time(noonUtc)).toBe('13:00:00');
    expect(tokyo.time(noonUtc)).toBe('21:00:00');
    expect(london.dateTime(noonUtc)).toBe('1 Jul 2025, 13:00');
  });
  it('falls back to UTC for an unknown zone rather than crashing', () => {
    const f = createFormatters({ locale: 'en-GB', timeZone: 'Mars/Olympus', currency: 'GBP' });
    expect(f.timeZone).toBe('UTC');
    expect(f.time(noonUtc)).toBe('12:00:00');
  });
  it('computes the zone offset', () => {
    expect(zoneOffsetMs(noonUtc, 'Europe/Amsterdam')).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(Date.UTC(2025, 0, 1), 'Europe/Amsterdam')).toBe(3_600_000);
    expect(zoneOffsetMs(noonUtc, 'America/New_York')).toBe(-4 * 3_600_000);
  });
  it('reads a datetime-local value as site time', () => {
    expect(zonedInputToEpoch('2025-07-01T13:00', 'Europe/London')).toBe(noonUtc);
    expect(zonedInputToEpoch('2025-07-01T08:00', 'America/New_York')).toBe(noonUtc);
    expect(epochToZonedInput(noonUtc, 'Asia/Tokyo')).toBe('2025-07-01T21:00');
    expect(zonedInputToEpoch('nonsense', 'UTC')).toBeNull();
    expect(zonedInputToEpoch('2025-13-01T00:00', 'UTC')).toBeNull();
  });
  it('moves a time skipped by the spring DST jump forward', () => {
    // Amsterdam 2025-03-30: 02:00 CET -> 03:00 CEST; 02:30 does not exist and means 03:30 CEST (01:30Z).
    expect(zonedInputToEpoch('2025-03-30T02:30', 'Europe/Amsterdam')).toBe(Date.UTC(2025, 2, 30, 1, 30));
    expect(zonedInputToEpoch('2025-03-30T03:30', 'Europe/Amsterdam')).toBe(Date.UTC(2025, 2, 30, 1, 30));
    expect(zonedInputToEpoch('2025-03-30T01:59', 'Europe/Amsterdam')).toBe(Date.UTC(2025, 2, 30, 0, 59));
  });
  it('takes the earlier instant for a time that happens twice in autumn', () => {
    // Amsterdam 2025-10-26: 03:00 CEST -> 02:00 CET; 02:30 happens at 00:30Z and again at 01:30Z.
    expect(zonedInputToEpoch('2025-10-26T02:30', 'Europe/Amsterdam')).toBe(Date.UTC(2025, 9, 26, 0, 30));
    expect(epochToZonedInput(Date.UTC(2025, 9, 26, 1, 30), 'Europe/Amsterdam')).toBe('2025-10-26T02:30');
  });
  it('round-trips every quarter hour across both 2025 transitions in London', () => {
    for (const start of [Date.UTC(2025, 2, 29, 20), Date.UTC(2025, 9, 25, 20)]) {
      for (let t = start; t < start + 12 * 3_600_000; t += 15 * 60_000) {
        const back = zonedInputToEpoch(epochToZonedInput(t, 'Europe/London'), 'Europe/London');
        // the repeated autumn hour maps to its first occurrence, one hour earlier
        expect([t, t - 3_600_000]).toContain(back);
      }
    }
  });
});

describe('splitMinutes', () => {
  it('splits into days, hours, minutes', () => {
    expect(splitMinutes(0)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(splitMinutes(125)).toEqual({ days: 0, hours: 2, minutes: 5 });
    expect(splitMinutes(1441)).toEqual({ days: 1, hours: 0, minutes: 1 });
    expect(splitMinutes(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});
