/**
 * The coming week's demand per zone, hour by hour (cars inside and arrivals, with an interval), learned from the
 * site's own last weeks in the traffic rollup; and the hour each zone is expected to fill today, for the dashboard.
 */
import type { Database } from 'better-sqlite3';
import type { SiteLayout } from '../contract';
import type { WeekForecast } from '../contract/reports';
import { dayKind, FORECAST_WEEKS, hourOfWeekForecaster, type PastHour } from '../domain/forecast';
import { DAY_MS, HOUR_MS, instantOfLocalMs, localEpochDay, weekdayOfEpochDay } from '../domain/zoned-time';
import { localHour } from './range';

export interface ZoneSeries {
  /** Cars inside at the end of each hour from `fromHour`. */
  readonly occupancy: Int32Array;
  readonly arrivals: Int32Array;
}

/** Per zone, the cars inside and the arrivals of every UTC hour in [fromHour, toHour). */
export function zoneSeries(db: Database, zoneIds: readonly string[], fromHour: number, toHour: number): Map<string, ZoneSeries> {
  const series = new Map(zoneIds.map((id) => [id, { occupancy: new Int32Array(toHour - fromHour), arrivals: new Int32Array(toHour - fromHour) }]));
  const inside = new Map<string, number>();
  for (const row of db.prepare(`SELECT zone_id AS zone, sum(CASE direction WHEN 'entry' THEN vehicles ELSE -vehicles END) AS net FROM report_traffic_live WHERE hour < ? GROUP BY zone_id`).all(fromHour) as Array<{ zone: string; net: number }>) inside.set(row.zone, row.net);
  const rows = db
    .prepare(`SELECT hour, zone_id AS zone, sum(CASE direction WHEN 'entry' THEN vehicles ELSE -vehicles END) AS net,
        sum(CASE WHEN direction = 'entry' AND how <> 'voided' THEN vehicles ELSE 0 END) AS arrivals
      FROM report_traffic_live WHERE hour >= ? AND hour < ? GROUP BY hour, zone_id`)
    .all(fromHour, toHour) as Array<{ hour: number; zone: string; net: number; arrivals: number }>;
  const net = new Map(zoneIds.map((id) => [id, new Int32Array(toHour - fromHour)]));
  for (const row of rows) {
    const zone = series.get(row.zone);
    if (!zone) continue;
    net.get(row.zone)![row.hour - fromHour] = row.net;
    zone.arrivals[row.hour - fromHour] = row.arrivals;
  }
  for (const id of zoneIds) {
    let level = inside.get(id) ?? 0;
    const zone = series.get(id)!;
    const changes = net.get(id)!;
    for (let i = 0; i < changes.length; i++) zone.occupancy[i] = level += changes[i]!;
  }
  return series;
}

/** The past hours of one series as the forecaster reads them: local day kind and hour. */
export function pastHours(values: Int32Array, fromHour: number, timeZone: string, holidays: ReadonlySet<number>): PastHour[] {
  return Array.from(values, (value, i) => {
    const at = localHour(timeZone, fromHour + i);
    return { day: at.day, hourOfDay: at.hourOfDay, dayKind: dayKind(weekdayOfEpochDay(at.day), holidays.has(at.day)), value };
  });
}

/**
 * From the start of today (local) for seven days: each zone's hours with the forecast cars inside and arrivals,
 * and the first hour from now whose forecast fills the zone (null: not expected to fill today).
 */
export function forecastWeek(db: Database, layout: SiteLayout, now: number, holidays: ReadonlySet<number>): WeekForecast {
  const timeZone = layout.site.timeZone;
  const today = localEpochDay(timeZone, now);
  const start = instantOfLocalMs(timeZone, today * DAY_MS);
  const historyFrom = Math.floor(instantOfLocalMs(timeZone, (today - FORECAST_WEEKS * 7) * DAY_MS) / HOUR_MS);
  const startHour = Math.floor(start / HOUR_MS);
  const endHour = Math.ceil(instantOfLocalMs(timeZone, (today + 7) * DAY_MS) / HOUR_MS);
  const series = zoneSeries(db, layout.zones.map((z) => z.id), historyFrom, startHour);
  const tomorrow = instantOfLocalMs(timeZone, (today + 1) * DAY_MS);
  return {
    from: start,
    weeksOfHistory: FORECAST_WEEKS,
    zones: layout.zones.map((zone) => {
      const capacity = Object.values(zone.spaces).reduce((n, c) => n + (c ?? 0), 0);
      const past = series.get(zone.id)!;
      const occupancy = hourOfWeekForecaster(pastHours(past.occupancy, historyFrom, timeZone, holidays));
      const arrivals = hourOfWeekForecaster(pastHours(past.arrivals, historyFrom, timeZone, holidays));
      const hours = [];
      for (let hour = startHour; hour < endHour; hour++) {
        const at = localHour(timeZone, hour);
        const kind = dayKind(weekdayOfEpochDay(at.day), holidays.has(at.day));
        hours.push({ at: hour * HOUR_MS, occupancy: occupancy(kind, at.hourOfDay), arrivals: arrivals(kind, at.hourOfDay) });
      }
      const fills = hours.find((h) => h.at + HOUR_MS > now && h.at < tomorrow && capacity > 0 && h.occupancy.mean >= capacity);
      return { zoneId: zone.id, name: zone.name, capacity, fullFromToday: fills?.at ?? null, hours };
    }),
  };
}
