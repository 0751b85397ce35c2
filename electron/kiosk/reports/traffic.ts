/**
 * Traffic over a range: cars in and out per lane (by local hour of day and by day), how each gate opened and by
 * whom (traffic rollup), the lanes' closed spells from the audited mode changes, and the devices' faults.
 */
import type { Database } from 'better-sqlite3';
import type { SiteLayout } from '../contract';
import type { TrafficReport } from '../contract/reports';
import { isoDate, localHour, publicRange, type ReportRange } from './range';

export function trafficReport(db: Database, layout: SiteLayout, range: ReportRange): TrafficReport {
  const hourly = db
    .prepare('SELECT hour, lane_id AS laneId, direction, sum(vehicles) AS vehicles FROM report_traffic_live WHERE hour >= ? AND hour < ? AND how <> \'voided\' GROUP BY hour, lane_id, direction')
    .all(range.fromHour, range.toHour) as Array<{ hour: number; laneId: string; direction: 'entry' | 'exit'; vehicles: number }>;
  const laneIds = [...layout.lanes.map((lane) => lane.id), ...(hourly.some((row) => row.laneId === '') ? [''] : [])];
  const byHour = new Map(laneIds.map((id) => [id, new Array<number>(24).fill(0)]));
  const byDay = new Map(range.days.map((day) => [day, { date: isoDate(day), entries: 0, exits: 0 }]));
  for (const row of hourly) {
    const at = localHour(range.timeZone, row.hour);
    const hours = byHour.get(row.laneId);
    if (hours) hours[at.hourOfDay]! += row.vehicles;
    const day = byDay.get(at.day);
    if (day && row.direction === 'entry') day.entries += row.vehicles;
    if (day && row.direction === 'exit') day.exits += row.vehicles;
  }
  const openings = db
    .prepare(`SELECT lane_id AS laneId, direction, how, reason, actor, sum(vehicles) AS vehicles FROM report_traffic_live
      WHERE hour >= ? AND hour < ? AND how <> 'voided' GROUP BY lane_id, direction, how, reason, actor ORDER BY vehicles DESC`)
    .all(range.fromHour, range.toHour) as TrafficReport['openings'];
  return {
    range: publicRange(range),
    lanes: laneIds.map((id) => {
      const lane = layout.lanes.find((l) => l.id === id);
      return { laneId: id, name: lane?.name ?? 'At the booth (no lane)', direction: lane?.direction ?? 'entry', vehicles: byHour.get(id)!.reduce((n, v) => n + v, 0) };
    }),
    byHour: laneIds.map((id) => ({ laneId: id, hours: byHour.get(id)! })),
    byDay: [...byDay.values()],
    openings,
    closures: closures(db, layout, range),
    faults: faults(db, range),
  };
}

function faults(db: Database, range: ReportRange): TrafficReport['faults'] {
  const rows = db
    .prepare(`SELECT device_id AS deviceId, kind, lane_id AS laneId, detail, from_at AS "from", to_at AS "to" FROM device_faults
      WHERE from_at < ? AND (to_at IS NULL OR to_at > ?) ORDER BY from_at`)
    .all(range.toAt, range.fromAt) as Array<Omit<TrafficReport['faults'][number], 'minutes'>>;
  return rows.map((row) => ({ ...row, minutes: Math.round((Math.min(row.to ?? range.toAt, range.toAt) - Math.max(row.from, range.fromAt)) / 60_000) }));
}

interface ModeChange {
  at: number;
  actor: string;
  subject: string;
  detail: string;
}

/**
 * Closed spells per lane: from a change of the lane's settings to 'closed' until the next change away from it (a
 * spell still going at the range's end runs to the end). Read through the audit log's subject index, one lane at a time.
 */
function closures(db: Database, layout: SiteLayout, range: ReportRange): TrafficReport['closures'] {
  const changes = db.prepare("SELECT at, actor, subject, detail FROM audit_log WHERE subject = ? AND action = 'lane.settings' AND at < ? ORDER BY seq");
  const spells: TrafficReport['closures'] = [];
  for (const lane of layout.lanes) {
    let open: { from: number; by: string; reason: string } | null = null;
    for (const change of changes.all(`lane:${lane.id}`, range.toAt) as ModeChange[]) {
      const detail = JSON.parse(change.detail) as { to?: { mode?: string }; after?: { mode?: string }; reason?: string };
      const mode = detail.to?.mode ?? detail.after?.mode;
      if (mode === 'closed' && open === null) open = { from: change.at, by: change.actor, reason: detail.reason ?? '' };
      if (mode !== undefined && mode !== 'closed' && open !== null) {
        if (change.at > range.fromAt) spells.push(spell(lane.id, open, change.at, range));
        open = null;
      }
    }
    if (open !== null) spells.push(spell(lane.id, open, null, range));
  }
  return spells;
}

function spell(laneId: string, open: { from: number; by: string; reason: string }, to: number | null, range: ReportRange): TrafficReport['closures'][number] {
  const end = Math.min(to ?? range.toAt, range.toAt);
  const start = Math.max(open.from, range.fromAt);
  return { laneId, from: open.from, to, minutes: Math.max(0, Math.round((end - start) / 60_000)), by: open.by, reason: open.reason };
}
