/**
 * Reports (issue 16): what the operator learns from the lot over any range of local dates. Supervisors and up;
 * the core refuses an attendant whatever the console shows. Every figure comes from the hourly rollups the store
 * keeps in the same transaction as the sessions and payments (migration 0011), so a range of years answers fast.
 */
import { z } from 'zod';
import { call, epochMs, none } from './define';

export const REPORT_NAMES = ['occupancy', 'traffic', 'money', 'reader'] as const;
export const reportNameSchema = z.enum(REPORT_NAMES);
export type ReportName = z.infer<typeof reportNameSchema>;

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
/** Local dates in the site's time zone, both included. */
export const reportRangeInputSchema = z.strictObject({ from: localDate, to: localDate });
export type ReportRangeInput = z.infer<typeof reportRangeInputSchema>;

export const reportRangeSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  fromAt: epochMs,
  /** Exclusive: local midnight after the last day. */
  toAt: epochMs,
  timeZone: z.string(),
  /** Local days in the range that were 23 or 25 hours long (clocks changed). */
  dstDays: z.array(z.string()),
  /** The first and last hour the site recorded anything; null on a site with no history yet. */
  historyFrom: epochMs.nullable(),
  historyTo: epochMs.nullable(),
  notes: z.array(z.string()),
});

const count = z.int();
const nullableNumber = z.number().nullable();

export const occupancyReportSchema = z.strictObject({
  range: reportRangeSchema,
  zones: z.array(
    z.strictObject({
      zoneId: z.string(),
      name: z.string(),
      capacity: count,
      peak: count,
      peakAt: epochMs.nullable(),
      average: z.number(),
      hoursFull: count,
      bySpaceType: z.array(z.strictObject({ spaceType: z.string(), capacity: count, peak: count, average: z.number() })),
      /** One row per local day: 24 cells by local hour, cars inside at the hour's end (mean of a repeated hour; null for a skipped one). */
      heat: z.array(z.strictObject({ date: z.string(), hours: z.array(nullableNumber) })),
    }),
  ),
  stays: z.strictObject({
    total: count,
    /** Bins by the stay's length: from this many minutes up to the next bin. */
    bins: z.array(z.strictObject({ fromMinutes: count, stays: count })),
    medianMinutes: nullableNumber,
    p90Minutes: nullableNumber,
    overOneDay: count,
  }),
});
export type OccupancyReport = z.infer<typeof occupancyReportSchema>;

export const trafficReportSchema = z.strictObject({
  range: reportRangeSchema,
  lanes: z.array(z.strictObject({ laneId: z.string(), name: z.string(), direction: z.enum(['entry', 'exit']), vehicles: count })),
  /** Per local hour of day (0-23) summed over the range, per lane. */
  byHour: z.array(z.strictObject({ laneId: z.string(), hours: z.array(count) })),
  byDay: z.array(z.strictObject({ date: z.string(), entries: count, exits: count })),
  /** How gates opened: decision code or 'manual', the manual reason and who did it. */
  openings: z.array(z.strictObject({ laneId: z.string(), direction: z.enum(['entry', 'exit']), how: z.string(), reason: z.string(), actor: z.string(), vehicles: count })),
  closures: z.array(z.strictObject({ laneId: z.string(), from: epochMs, to: epochMs.nullable(), minutes: z.number(), by: z.string(), reason: z.string() })),
  /** Spells a device reported itself unhealthy; minutes within the range (to null: still faulty). */
  faults: z.array(z.strictObject({ deviceId: z.string(), kind: z.string(), laneId: z.string().nullable(), detail: z.string(), from: epochMs, to: epochMs.nullable(), minutes: z.number() })),
});
export type TrafficReport = z.infer<typeof trafficReportSchema>;

export const moneyReportSchema = z.strictObject({
  range: reportRangeSchema,
  currency: z.string(),
  takenMinor: z.int(),
  refundedMinor: z.int(),
  netMinor: z.int(),
  taxMinor: z.int(),
  payments: count,
  byDay: z.array(z.strictObject({ date: z.string(), takenMinor: z.int(), refundedMinor: z.int(), payments: count })),
  byMethod: z.array(z.strictObject({ method: z.string(), takenMinor: z.int(), refundedMinor: z.int(), payments: count })),
  byVehicleClass: z.array(z.strictObject({ vehicleClass: z.string(), takenMinor: z.int(), payments: count })),
  byTariff: z.array(z.strictObject({ tariff: z.string(), takenMinor: z.int(), payments: count })),
  adjustments: z.array(z.strictObject({ kind: z.string(), given: count, minutesOff: count, valueOffMinor: z.int() })),
  debts: z.strictObject({ openCount: count, openMinor: z.int(), createdInRange: count, createdInRangeMinor: z.int() }),
  card: z.strictObject({ attempts: count, succeeded: count, declined: count, failed: count, cancelled: count, successRate: nullableNumber }),
  shifts: z.array(
    z.strictObject({
      shiftId: count,
      attendant: z.string(),
      openedAt: epochMs,
      closedAt: epochMs.nullable(),
      cashSalesMinor: z.int(),
      expectedMinor: z.int().nullable(),
      countedMinor: z.int().nullable(),
      varianceMinor: z.int().nullable(),
    }),
  ),
});
export type MoneyReport = z.infer<typeof moneyReportSchema>;

export const readerReportSchema = z.strictObject({
  range: reportRangeSchema,
  lanes: z.array(
    z.strictObject({
      laneId: z.string(),
      name: z.string(),
      reads: count,
      trusted: count,
      confirmed: count,
      correctedAtLane: count,
      correctedLater: count,
      meanConfidence: nullableNumber,
    }),
  ),
  /** Mean entry read confidence per lane and local day (null on a day with no reads). */
  confidenceByDay: z.array(z.strictObject({ date: z.string(), lanes: z.record(z.string(), nullableNumber) })),
});
export type ReaderReport = z.infer<typeof readerReportSchema>;

export const reportExportSchema = z.strictObject({
  fileName: z.string(),
  mimeType: z.enum(['text/csv', 'application/pdf']),
  /** CSV as text; PDF as base64. */
  content: z.string(),
});
export type ReportExport = z.infer<typeof reportExportSchema>;

const hourForecastSchema = z.strictObject({ mean: z.number(), low: z.number(), high: z.number(), basis: count });
/** The coming week per zone, hour by hour from today's local midnight, learned from the site's last weeks. */
export const weekForecastSchema = z.strictObject({
  from: epochMs,
  weeksOfHistory: count,
  zones: z.array(
    z.strictObject({
      zoneId: z.string(),
      name: z.string(),
      capacity: count,
      /** The hour (its start) from which the zone is expected to be full today; null: not expected to fill. */
      fullFromToday: epochMs.nullable(),
      hours: z.array(z.strictObject({ at: epochMs, occupancy: hourForecastSchema, arrivals: hourForecastSchema })),
    }),
  ),
});
export type WeekForecast = z.infer<typeof weekForecastSchema>;

export const reportCalls = {
  'reports.occupancy': call(reportRangeInputSchema, occupancyReportSchema, 'supervisor'),
  'reports.traffic': call(reportRangeInputSchema, trafficReportSchema, 'supervisor'),
  'reports.money': call(reportRangeInputSchema, moneyReportSchema, 'supervisor'),
  'reports.reader': call(reportRangeInputSchema, readerReportSchema, 'supervisor'),
  'reports.forecast': call(none, weekForecastSchema, 'supervisor'),
  /** For the dashboard: when each zone is expected to fill today. Attendants see it too. */
  'reports.fillToday': call(none, z.strictObject({ zones: z.array(z.strictObject({ zoneId: z.string(), name: z.string(), fullFromToday: epochMs.nullable() })) }), 'attendant'),
  /** Cancels this console's reports, exports and forecast still being computed: the Reports screen calls it when left. */
  'reports.cancel': call(none, z.strictObject({ cancelled: z.int() }), 'supervisor'),
  'reports.export': call(reportRangeInputSchema.extend({ report: reportNameSchema, format: z.enum(['csv', 'pdf']) }), reportExportSchema, 'supervisor'),
} as const;
