import { describe, expect, it } from 'vitest';
import { dayKind, hourOfWeekForecaster, type PastHour } from './forecast';

const hour = (day: number, dayKindValue: number, hourOfDay: number, value: number): PastHour => ({ day, dayKind: dayKindValue, hourOfDay, value });

describe('hour-of-week forecast', () => {
  it('averages the same hour of the same kind of day over the last weeks, with an interval around it', () => {
    const past = [100, 10, 12, 14, 16, 18, 20].map((value, week) => hour(week * 7, 1, 8, value));
    const forecast = hourOfWeekForecaster(past, 6)(1, 8);
    // The oldest week (100) is beyond the six kept.
    expect(forecast.mean).toBe(15);
    expect(forecast.basis).toBe(6);
    expect(forecast.low).toBeLessThan(15);
    expect(forecast.high).toBeGreaterThan(15);
    expect(forecast.low).toBeGreaterThanOrEqual(0);
  });

  it('counts a holiday as a Sunday: a bank-holiday Monday does not drag Mondays down', () => {
    expect(dayKind(1, true)).toBe(7);
    const past = [hour(0, 1, 9, 50), hour(7, dayKind(1, true), 9, 5), hour(14, 1, 9, 50), hour(6, 7, 9, 5)];
    const forecast = hourOfWeekForecaster(past);
    expect(forecast(1, 9).mean).toBe(50);
    expect(forecast(7, 9).mean).toBe(5);
  });

  it('says it knows nothing of a kind of day it has never seen', () => {
    expect(hourOfWeekForecaster([])(3, 12)).toEqual({ mean: 0, low: 0, high: 0, basis: 0 });
  });
});
