/**
 * The plate reader per lane over a range: reads the lane acted on alone (trusted), reads an attendant confirmed,
 * corrections at the lane and plates fixed on sessions later, and the mean entry confidence day by day.
 */
import type { Database } from 'better-sqlite3';
import type { SiteLayout } from '../contract';
import type { ReaderReport } from '../contract/reports';
import { isoDate, localHour, publicRange, type ReportRange } from './range';
import { round } from './occupancy';

export function readerReport(db: Database, layout: SiteLayout, range: ReportRange): ReaderReport {
  const hourly = db
    .prepare(`SELECT hour, lane_id AS laneId, sum(reads) AS reads, sum(trusted) AS trusted, sum(confidence_sum) AS confidence FROM report_traffic_live
      WHERE hour >= ? AND hour < ? AND direction = 'entry' AND lane_id <> '' GROUP BY hour, lane_id`)
    .all(range.fromHour, range.toHour) as Array<{ hour: number; laneId: string; reads: number; trusted: number; confidence: number }>;
  const corrections = db
    .prepare(`SELECT lane_id AS laneId, sum(stage = 'lane') AS atLane, sum(stage = 'session') AS later FROM plate_corrections
      WHERE lane_id = ? AND at >= ? AND at < ?`);
  const totals = new Map<string, { reads: number; trusted: number; confidence: number }>();
  const days = new Map(range.days.map((day) => [day, new Map<string, { reads: number; confidence: number }>()]));
  for (const row of hourly) {
    const total = totals.get(row.laneId) ?? { reads: 0, trusted: 0, confidence: 0 };
    totals.set(row.laneId, { reads: total.reads + row.reads, trusted: total.trusted + row.trusted, confidence: total.confidence + row.confidence });
    const day = days.get(localHour(range.timeZone, row.hour).day);
    const lane = day?.get(row.laneId) ?? { reads: 0, confidence: 0 };
    day?.set(row.laneId, { reads: lane.reads + row.reads, confidence: lane.confidence + row.confidence });
  }
  const readingLanes = layout.lanes.filter((lane) => lane.direction === 'entry' || totals.has(lane.id));
  return {
    range: publicRange(range),
    lanes: layout.lanes.map((lane) => {
      const total = totals.get(lane.id) ?? { reads: 0, trusted: 0, confidence: 0 };
      const fixed = corrections.get(lane.id, range.fromAt, range.toAt) as { atLane: number | null; later: number | null };
      return {
        laneId: lane.id,
        name: lane.name,
        reads: total.reads,
        trusted: total.trusted,
        confirmed: total.reads - total.trusted,
        correctedAtLane: fixed.atLane ?? 0,
        correctedLater: fixed.later ?? 0,
        meanConfidence: total.reads === 0 ? null : round(total.confidence / total.reads),
      };
    }),
    confidenceByDay: [...days].map(([day, lanes]) => ({
      date: isoDate(day),
      lanes: Object.fromEntries(readingLanes.map((lane) => {
        const figures = lanes.get(lane.id);
        return [lane.id, figures && figures.reads > 0 ? round(figures.confidence / figures.reads) : null];
      })),
    })),
  };
}
