/** What the Reports screen works out without the kiosk: date ranges, heat levels, the forecast by day, exports. */
import { epochToZonedInput } from '../../i18n/format';

export const REPORT_NAMES = ['occupancy', 'traffic', 'money', 'reader'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** A local date (YYYY-MM-DD) moved by whole days; calendar arithmetic, so DST never shifts it. */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The last seven local days, today included. */
export function lastWeek(now: number, timeZone: string): { from: string; to: string } {
  const today = epochToZonedInput(now, timeZone).slice(0, 10);
  return { from: shiftDate(today, -6), to: today };
}

/** 0 (empty) to 4 (full or over) for a heat-map cell; null for an hour the day did not have (DST). */
export function heatLevel(value: number | null, capacity: number): number | null {
  if (value === null) return null;
  if (capacity <= 0 || value <= 0) return 0;
  return Math.min(4, Math.ceil((value / capacity) * 4));
}

export interface ForecastHour {
  readonly at: number;
  readonly occupancy: { readonly mean: number; readonly low: number; readonly high: number };
}

/** The busiest expected hour of each local day, with its interval: the forecast as a short table. */
export function busiestPerDay(hours: readonly ForecastHour[], timeZone: string): { date: string; at: number; mean: number; low: number; high: number }[] {
  const days = new Map<string, ForecastHour>();
  for (const hour of hours) {
    const date = epochToZonedInput(hour.at, timeZone).slice(0, 10);
    const best = days.get(date);
    if (!best || hour.occupancy.mean > best.occupancy.mean) days.set(date, hour);
  }
  return [...days].map(([date, h]) => ({ date, at: h.at, ...h.occupancy }));
}

/** An export's content as the bytes to save: CSV arrives as text, PDF as base64. */
export function exportBlob(content: string, mimeType: 'text/csv' | 'application/pdf'): Blob {
  if (mimeType === 'text/csv') return new Blob([content], { type: 'text/csv;charset=utf-8' });
  const bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: mimeType });
}
