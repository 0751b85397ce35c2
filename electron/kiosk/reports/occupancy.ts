/**
 * Occupancy over a range from the traffic rollup and the entries of the cars inside (report_traffic_live): the cars
 * inside each zone at the end of every hour (those inside when the range starts, plus entries, minus exits), its
 * peak, mean and the hours it was full; stays by length.
 */
import type { Database } from 'better-sqlite3';
import type { SiteLayout } from '../contract';
import type { OccupancyReport } from '../contract/reports';
import { HOUR_MS } from '../domain/zoned-time';
import { isoDate, localHour, publicRange, type ReportRange } from './range';

interface NetRow {
  hour: number;
  zone_id: string;
  space_type: string;
  net: number;
}

const NET = "sum(CASE direction WHEN 'entry' THEN vehicles ELSE -vehicles END)";

export function occupancyReport(db: Database, layout: SiteLayout, range: ReportRange): OccupancyReport {
  const before = db.prepare(`SELECT zone_id, space_type, ${NET} AS net FROM report_traffic_live WHERE hour < ? GROUP BY zone_id, space_type`).all(range.fromHour) as NetRow[];
  const changes = db
    .prepare(`SELECT hour, zone_id, space_type, ${NET} AS net FROM report_traffic_live WHERE hour >= ? AND hour < ? GROUP BY hour, zone_id, space_type ORDER BY hour`)
    .all(range.fromHour, range.toHour) as NetRow[];
  const cells = heatCells(range);
  return {
    range: publicRange(range),
    zones: layout.zones.map((zone) => zoneOccupancy(zone, range, cells, before.filter((r) => r.zone_id === zone.id), changes.filter((r) => r.zone_id === zone.id))),
    stays: stays(db, range),
  };
}

/** For each hour of the range, its heat-map cell: local day index x 24 + local hour (a repeated hour shares one). */
function heatCells(range: ReportRange): Int32Array {
  const cells = new Int32Array(range.toHour - range.fromHour);
  const firstDay = range.days[0]!;
  for (let hour = range.fromHour; hour < range.toHour; hour++) {
    const at = localHour(range.timeZone, hour);
    cells[hour - range.fromHour] = (at.day - firstDay) * 24 + at.hourOfDay;
  }
  return cells;
}

/** Walks the range hour by hour with the cars inside per space type in a plain array (five years: 43,800 steps). */
function zoneOccupancy(zone: SiteLayout['zones'][number], range: ReportRange, cells: Int32Array, before: NetRow[], changes: NetRow[]): OccupancyReport['zones'][number] {
  const types = [...new Set([...Object.keys(zone.spaces), ...before.map((r) => r.space_type), ...changes.map((r) => r.space_type)])];
  const typeIndex = new Map(types.map((type, i) => [type, i]));
  const level = types.map((type) => before.find((r) => r.space_type === type)?.net ?? 0);
  const typePeak = new Array<number>(types.length).fill(0);
  const typeSum = new Array<number>(types.length).fill(0);
  const capacity = Object.values(zone.spaces).reduce((n, c) => n + (c ?? 0), 0);
  const heatSum = new Float64Array(range.days.length * 24);
  const heatCount = new Int32Array(range.days.length * 24);
  let inside = level.reduce((n, v) => n + v, 0);
  let peak = 0;
  let peakAt: number | null = null;
  let sum = 0;
  let hoursFull = 0;
  let next = 0;
  for (let hour = range.fromHour; hour < range.toHour; hour++) {
    for (; next < changes.length && changes[next]!.hour === hour; next++) {
      level[typeIndex.get(changes[next]!.space_type)!]! += changes[next]!.net;
      inside += changes[next]!.net;
    }
    for (let t = 0; t < level.length; t++) {
      if (level[t]! > typePeak[t]!) typePeak[t] = level[t]!;
      typeSum[t]! += level[t]!;
    }
    if (inside > peak || peakAt === null) [peak, peakAt] = [inside, (hour + 1) * HOUR_MS];
    sum += inside;
    if (capacity > 0 && inside >= capacity) hoursFull++;
    const cell = cells[hour - range.fromHour]!;
    heatSum[cell]! += inside;
    heatCount[cell]!++;
  }
  const hours = Math.max(1, range.toHour - range.fromHour);
  return {
    zoneId: zone.id,
    name: zone.name,
    capacity,
    peak,
    peakAt,
    average: round(sum / hours),
    hoursFull,
    bySpaceType: types.map((type, t) => ({ spaceType: type, capacity: zone.spaces[type as keyof typeof zone.spaces] ?? 0, peak: typePeak[t]!, average: round(typeSum[t]! / hours) })),
    heat: range.days.map((day, d) => ({
      date: isoDate(day),
      hours: Array.from({ length: 24 }, (_, h) => (heatCount[d * 24 + h] === 0 ? null : round(heatSum[d * 24 + h]! / heatCount[d * 24 + h]!))),
    })),
  };
}

function stays(db: Database, range: ReportRange): OccupancyReport['stays'] {
  // Whole UTC days from the daily rollup, the hours before the first and after the last from the hourly one.
  const firstDay = Math.ceil(range.fromHour / 24);
  const lastDay = Math.max(firstDay, Math.floor(range.toHour / 24));
  const split = firstDay * 24 < range.toHour;
  const bins = db
    .prepare(`SELECT minutes_bin AS fromMinutes, sum(stays) AS stays FROM (
        SELECT minutes_bin, stays FROM report_stays_days WHERE day >= @firstDay AND day < @lastDay
        UNION ALL SELECT minutes_bin, stays FROM report_stays WHERE (hour >= @fromHour AND hour < @headEnd) OR (hour >= @tailFrom AND hour < @toHour))
      GROUP BY minutes_bin ORDER BY minutes_bin`)
    .all({
      firstDay: split ? firstDay : 0,
      lastDay: split ? lastDay : 0,
      fromHour: range.fromHour,
      headEnd: split ? firstDay * 24 : range.toHour,
      tailFrom: split ? Math.max(lastDay * 24, firstDay * 24) : range.toHour,
      toHour: range.toHour,
    }) as Array<{ fromMinutes: number; stays: number }>;
  const total = bins.reduce((n, bin) => n + bin.stays, 0);
  return {
    total,
    bins,
    medianMinutes: quantileMinutes(bins, total, 0.5),
    p90Minutes: quantileMinutes(bins, total, 0.9),
    overOneDay: bins.filter((bin) => bin.fromMinutes >= 1_440).reduce((n, bin) => n + bin.stays, 0),
  };
}

/** The quantile read off the histogram: linear within the bin it falls in (the open last bin, a week or more, as a week wide). */
function quantileMinutes(bins: Array<{ fromMinutes: number; stays: number }>, total: number, q: number): number | null {
  if (total === 0) return null;
  const target = q * total;
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    const bin = bins[i]!;
    if (seen + bin.stays >= target) {
      const upper = STAY_BIN_UPPER[bin.fromMinutes] ?? bin.fromMinutes + 10_080;
      return Math.round(bin.fromMinutes + ((target - seen) / bin.stays) * (upper - bin.fromMinutes));
    }
    seen += bin.stays;
  }
  return bins.at(-1)!.fromMinutes;
}

/** The bins of migration 0016's stay rollup, each to the next one's lower bound. */
const STAY_BIN_UPPER: Record<number, number> = { 0: 15, 15: 30, 30: 60, 60: 120, 120: 180, 180: 240, 240: 360, 360: 480, 480: 720, 720: 1_440, 1_440: 2_880, 2_880: 10_080 };

export const round = (value: number): number => Math.round(value * 100) / 100;
