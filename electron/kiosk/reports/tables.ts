/**
 * Each report as plain tables (a title, column names, rows of text and numbers): the one shape the CSV, the PDF
 * and the command line print, so the three never disagree on what a report holds.
 */
import type { MoneyReport, OccupancyReport, ReaderReport, ReportName, TrafficReport } from '../contract/reports';

export type Cell = string | number | null;
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly Cell[][];
}

export type AnyReport = OccupancyReport | TrafficReport | MoneyReport | ReaderReport;

const hours = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}h`);
const when = (instant: number | null): string => (instant === null ? '' : new Date(instant).toISOString());

export function reportTables(name: ReportName, report: AnyReport): ReportTable[] {
  switch (name) {
    case 'occupancy':
      return occupancyTables(report as OccupancyReport);
    case 'traffic':
      return trafficTables(report as TrafficReport);
    case 'money':
      return moneyTables(report as MoneyReport);
    case 'reader':
      return readerTables(report as ReaderReport);
  }
}

function occupancyTables(report: OccupancyReport): ReportTable[] {
  return [
    {
      title: 'Occupancy by zone',
      columns: ['zone', 'space type', 'capacity', 'peak', 'average', 'hours full'],
      rows: report.zones.flatMap((zone) => [
        [zone.name, 'all', zone.capacity, zone.peak, zone.average, zone.hoursFull],
        ...zone.bySpaceType.map((type) => [zone.name, type.spaceType, type.capacity, type.peak, type.average, null]),
      ]),
    },
    ...report.zones.map((zone) => ({
      title: `Cars inside at the end of each hour: ${zone.name}`,
      columns: ['date', ...hours],
      rows: zone.heat.map((day) => [day.date, ...day.hours]),
    })),
    {
      title: `Stays by length (median ${report.stays.medianMinutes ?? '-'} min, 90% within ${report.stays.p90Minutes ?? '-'} min, ${report.stays.overOneDay} over a day)`,
      columns: ['from minutes', 'stays'],
      rows: report.stays.bins.map((bin) => [bin.fromMinutes, bin.stays]),
    },
  ];
}

function trafficTables(report: TrafficReport): ReportTable[] {
  return [
    { title: 'Vehicles per lane', columns: ['lane', 'direction', 'vehicles'], rows: report.lanes.map((lane) => [lane.name, lane.direction, lane.vehicles]) },
    { title: 'Vehicles per local hour of day', columns: ['lane', ...hours], rows: report.byHour.map((lane) => [lane.laneId || 'booth', ...lane.hours]) },
    { title: 'Entries and exits per day', columns: ['date', 'entries', 'exits'], rows: report.byDay.map((day) => [day.date, day.entries, day.exits]) },
    {
      title: 'How gates opened',
      columns: ['lane', 'direction', 'how', 'reason', 'by', 'vehicles'],
      rows: report.openings.map((o) => [o.laneId || 'booth', o.direction, o.how, o.reason, o.actor, o.vehicles]),
    },
    { title: 'Lane closures', columns: ['lane', 'from', 'to', 'minutes', 'by', 'reason'], rows: report.closures.map((c) => [c.laneId, when(c.from), when(c.to), c.minutes, c.by, c.reason]) },
    {
      title: 'Device faults',
      columns: ['device', 'kind', 'lane', 'from', 'to', 'minutes', 'detail'],
      rows: report.faults.map((f) => [f.deviceId, f.kind, f.laneId ?? '', when(f.from), when(f.to), f.minutes, f.detail]),
    },
  ];
}

function moneyTables(report: MoneyReport): ReportTable[] {
  const minor = `minor units of ${report.currency}`;
  return [
    {
      title: `Totals (${minor})`,
      columns: ['payments', 'taken', 'refunded', 'net', 'tax', 'card success rate'],
      rows: [[report.payments, report.takenMinor, report.refundedMinor, report.netMinor, report.taxMinor, report.card.successRate]],
    },
    { title: 'By day', columns: ['date', 'payments', 'taken', 'refunded'], rows: report.byDay.map((d) => [d.date, d.payments, d.takenMinor, d.refundedMinor]) },
    { title: 'By method', columns: ['method', 'payments', 'taken', 'refunded'], rows: report.byMethod.map((m) => [m.method, m.payments, m.takenMinor, m.refundedMinor]) },
    { title: 'By vehicle class', columns: ['vehicle class', 'payments', 'taken'], rows: report.byVehicleClass.map((c) => [c.vehicleClass || 'debt', c.payments, c.takenMinor]) },
    { title: 'By rate table', columns: ['rate table', 'payments', 'taken'], rows: report.byTariff.map((t) => [t.tariff, t.payments, t.takenMinor]) },
    { title: 'Discounts and validations', columns: ['kind', 'given', 'minutes off', 'value off'], rows: report.adjustments.map((a) => [a.kind, a.given, a.minutesOff, a.valueOffMinor]) },
    {
      title: 'Debts',
      columns: ['open', 'open amount', 'created in range', 'created amount'],
      rows: [[report.debts.openCount, report.debts.openMinor, report.debts.createdInRange, report.debts.createdInRangeMinor]],
    },
    {
      title: 'Card authorisations',
      columns: ['attempts', 'succeeded', 'declined', 'failed', 'cancelled'],
      rows: [[report.card.attempts, report.card.succeeded, report.card.declined, report.card.failed, report.card.cancelled]],
    },
    {
      title: 'Shift cash-ups',
      columns: ['shift', 'attendant', 'opened', 'closed', 'cash sales', 'expected', 'counted', 'variance'],
      rows: report.shifts.map((s) => [s.shiftId, s.attendant, when(s.openedAt), when(s.closedAt), s.cashSalesMinor, s.expectedMinor, s.countedMinor, s.varianceMinor]),
    },
  ];
}

function readerTables(report: ReaderReport): ReportTable[] {
  const laneIds = Object.keys(report.confidenceByDay[0]?.lanes ?? {});
  return [
    {
      title: 'Plate reader per lane',
      columns: ['lane', 'reads', 'trusted', 'confirmed', 'corrected at lane', 'corrected later', 'mean confidence'],
      rows: report.lanes.map((l) => [l.name, l.reads, l.trusted, l.confirmed, l.correctedAtLane, l.correctedLater, l.meanConfidence]),
    },
    { title: 'Mean read confidence per day', columns: ['date', ...laneIds], rows: report.confidenceByDay.map((d) => [d.date, ...laneIds.map((id) => d.lanes[id] ?? null)]) },
  ];
}
