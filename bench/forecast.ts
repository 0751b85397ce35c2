/**
 * The demand forecast on held-back weeks of the demo site's generated history (native/demo planHistory, 18 weeks
 * written through the real store): for each of the last 8 weeks, the forecaster learns from the 6 weeks before it
 * only, and its hourly cars-inside per zone is scored against what happened; the seasonal-naive baseline says each
 * hour will be what the same local hour was a week before. Prints the MAE of both and their ratio (< 1: better).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKiosk } from '../electron/kiosk/kiosk';
import { dayKind, FORECAST_WEEKS, hourOfWeekForecaster, type PastHour } from '../electron/kiosk/domain/forecast';
import { DAY_MS, HOUR_MS, instantOfLocalMs, localEpochDay, weekdayOfEpochDay } from '../electron/kiosk/domain/zoned-time';
import { pastHours, zoneSeries } from '../electron/kiosk/reports/forecast';
import { holidaysFor } from '../electron/kiosk/reports/holidays';
import { machine } from './lib/measure';

const HELD_BACK_WEEKS = 8;
const NOW = Date.UTC(2026, 10, 23, 0, 30); // a Monday, just after midnight in London
const progress = (text: string) => process.stderr.write(`[bench forecast] ${text}\n`);

const dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-forecast-'));
const started = Date.now();
const kiosk = await createKiosk({ dataDir, logToFile: false, devices: 'none', clock: () => NOW, demoHistoryDays: (FORECAST_WEEKS + HELD_BACK_WEEKS + 4) * 7 });
progress(`history written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const layout = kiosk.services.core.layout();
const timeZone = layout.site.timeZone;
const holidays = holidaysFor(timeZone);
const today = localEpochDay(timeZone, NOW);
const hourOf = (day: number) => Math.floor(instantOfLocalMs(timeZone, day * DAY_MS) / HOUR_MS);
const firstDay = today - (FORECAST_WEEKS + HELD_BACK_WEEKS) * 7;
const fromHour = hourOf(firstDay);
const series = zoneSeries(kiosk.store.db, layout.zones.map((z) => z.id), fromHour, hourOf(today));

const score = { occupancy: { model: 0, naive: 0 }, arrivals: { model: 0, naive: 0 }, hours: 0 };
for (let week = HELD_BACK_WEEKS; week >= 1; week--) {
  const weekStart = today - week * 7;
  for (const zone of layout.zones) {
    for (const measure of ['occupancy', 'arrivals'] as const) {
      const hours = pastHours(series.get(zone.id)![measure], fromHour, timeZone, holidays);
      const learnFrom = hours.filter((h) => h.day >= weekStart - FORECAST_WEEKS * 7 && h.day < weekStart);
      const forecast = hourOfWeekForecaster(learnFrom);
      const lastWeek = new Map<string, number[]>();
      for (const h of hours) if (h.day >= weekStart - 7 && h.day < weekStart) push(lastWeek, `${h.day + 7}:${h.hourOfDay}`, h.value);
      for (const actual of hours.filter((h) => h.day >= weekStart && h.day < weekStart + 7)) {
        const predicted = forecast(dayKind(weekdayOfEpochDay(actual.day), holidays.has(actual.day)), actual.hourOfDay).mean;
        score[measure].model += Math.abs(predicted - actual.value);
        score[measure].naive += Math.abs(naive(lastWeek, actual) - actual.value);
        if (measure === 'occupancy') score.hours++;
      }
    }
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/** The same local hour a week before (a repeated autumn hour: its mean; a skipped spring hour: the hour after). */
function naive(lastWeek: Map<string, number[]>, actual: PastHour): number {
  const values = lastWeek.get(`${actual.day}:${actual.hourOfDay}`) ?? lastWeek.get(`${actual.day}:${actual.hourOfDay + 1}`) ?? [0];
  return values.reduce((n, v) => n + v, 0) / values.length;
}

const mae = (total: number) => Math.round((total / score.hours) * 100) / 100;
await kiosk.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({
  bench: 'forecast',
  held_back_weeks: HELD_BACK_WEEKS,
  weeks_learned_from: FORECAST_WEEKS,
  zones: layout.zones.length,
  hours_scored: score.hours,
  occupancy_mae_cars: mae(score.occupancy.model),
  occupancy_naive_mae_cars: mae(score.occupancy.naive),
  mae_ratio_to_seasonal_naive: Math.round((score.occupancy.model / score.occupancy.naive) * 1000) / 1000,
  arrivals_mae_per_hour: mae(score.arrivals.model),
  arrivals_naive_mae_per_hour: mae(score.arrivals.naive),
  arrivals_mae_ratio_to_seasonal_naive: Math.round((score.arrivals.model / score.arrivals.naive) * 1000) / 1000,
  machine: machine(),
}));
