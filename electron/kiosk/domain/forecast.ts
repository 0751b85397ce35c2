/**
 * Hour-of-week demand forecast: what an hour of a coming day will look like, from the same local hour on the same
 * kind of day in the last few weeks. A day's kind is its weekday, or Sunday for a public holiday (shops and offices
 * keep Sunday hours), so a bank-holiday Monday neither drags Mondays down nor gets forecast as a working day.
 * Hours are local (the caller maps instants to local hours in the site's zone), which is all DST needs: the
 * 08:00 of a week after the clocks change is compared with the 08:00s before it.
 *
 * The estimate is the mean of the last `weeks` same-kind hours, which averages out the week-to-week noise that a
 * seasonal-naive forecast (the same hour last week) carries whole; the interval is mean +- 1.28 standard
 * deviations of those hours (about 80% for roughly normal counts), never below zero.
 */

export interface PastHour {
  /** ISO weekday 1-7, with holidays as 7. */
  readonly dayKind: number;
  readonly hourOfDay: number;
  /** Local epoch day, to keep the most recent weeks. */
  readonly day: number;
  readonly value: number;
}

export interface HourForecast {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** How many past hours it rests on (0: none of that kind yet; the forecast is then 0). */
  readonly basis: number;
}

export const FORECAST_WEEKS = 6;
const Z_80 = 1.2816;

export function dayKind(isoWeekday: number, holiday: boolean): number {
  return holiday ? 7 : isoWeekday;
}

/** One forecaster per history: index the past once, then ask for any number of coming hours. */
export function hourOfWeekForecaster(past: readonly PastHour[], weeks = FORECAST_WEEKS): (dayKind: number, hourOfDay: number) => HourForecast {
  const slots = new Map<number, PastHour[]>();
  for (const hour of past) {
    const key = hour.dayKind * 24 + hour.hourOfDay;
    const list = slots.get(key);
    if (list) list.push(hour);
    else slots.set(key, [hour]);
  }
  const memo = new Map<number, HourForecast>();
  return (kind, hourOfDay) => {
    const key = kind * 24 + hourOfDay;
    const known = memo.get(key);
    if (known) return known;
    const recent = (slots.get(key) ?? []).toSorted((a, b) => b.day - a.day).slice(0, weeks).map((h) => h.value);
    const forecast = summarise(recent);
    memo.set(key, forecast);
    return forecast;
  };
}

function summarise(values: readonly number[]): HourForecast {
  if (values.length === 0) return { mean: 0, low: 0, high: 0, basis: 0 };
  const mean = values.reduce((n, v) => n + v, 0) / values.length;
  const spread = values.length < 2 ? mean * 0.25 : Math.sqrt(values.reduce((n, v) => n + (v - mean) ** 2, 0) / (values.length - 1));
  const round = (v: number) => Math.round(v * 10) / 10;
  return { mean: round(mean), low: round(Math.max(0, mean - Z_80 * spread)), high: round(mean + Z_80 * spread), basis: values.length };
}
