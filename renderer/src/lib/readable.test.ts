import { describe, expect, it } from 'vitest';
import { createFormatters } from '../i18n/format';
import { changesBetween, fieldName, fieldValue, settingsText } from './readable';

const fmt = createFormatters({ locale: 'en-GB', timeZone: 'Europe/London', currency: 'GBP' });

describe('settings in words and units', () => {
  it('names fields as a person says them, the unit left to the value', () => {
    expect(fieldName('dailyMaxMinor')).toBe('daily maximum');
    expect(fieldName('firstPeriod')).toBe('first period');
    expect(fieldName('priceMinor')).toBe('price');
    expect(fieldName('cancelIdempotencyKey')).toBe('cancel idempotency key');
  });

  it('says each value in the unit its name carries', () => {
    expect(fieldValue('autoPresentMs', 1500, fmt)).toBe('1.5 s');
    expect(fieldValue('pulseMs', 800, fmt)).toBe('800 ms');
    expect(fieldValue('priceMinor', 350, fmt)).toBe('£3.50');
    expect(fieldValue('graceMinutes', 15, fmt)).toBe('15 min');
    expect(fieldValue('baudRate', 9600, fmt)).toBe('9,600 baud');
    expect(fieldValue('minConfidence', 0.85, fmt)).toBe('85%');
    expect(fieldValue('active', false, fmt)).toBe('no');
    expect(fieldValue('note', null, fmt)).toBe('none');
    expect(fieldValue('effectiveFrom', Date.UTC(2026, 5, 1, 8), fmt)).toBe('1 Jun 2026, 09:00');
  });

  it('writes a device config as sentences, not keys', () => {
    expect(settingsText({ driver: 'simulated', autoPresentMs: 1500, timeoutMs: 30000 }, fmt)).toBe('Driver: simulated · Presents the card after 1.5 s · Time-out: 30 s');
  });

  it('finds what changed between two versions, list items by their name', () => {
    const before = { bands: [{ name: 'Night', priceMinor: 500 }], freeMinutes: 15 };
    const after = { bands: [{ name: 'Night', priceMinor: 600 }], freeMinutes: 15 };
    expect(changesBetween(before, after)).toEqual([{ name: 'bands Night price', key: 'priceMinor', from: 500, to: 600 }]);
  });
});
