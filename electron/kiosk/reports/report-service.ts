/**
 * The reports capability: resolves a range of local dates in the site's zone and reads the rollups for it. Every
 * report is a handful of range scans over hourly rows (migration 0016), so five years answer well inside a second
 * without holding the lanes' thread for long; the caller's role is checked by the connection before this runs.
 */
import type { Database } from 'better-sqlite3';
import type { SiteLayout } from '../contract';
import type { ReportExport, ReportName, ReportRangeInput } from '../contract/reports';
import { toCsv, toPdf } from './export';
import { moneyReport } from './money';
import { occupancyReport } from './occupancy';
import { resolveRange } from './range';
import { readerReport } from './reader';
import { reportTables, type AnyReport } from './tables';
import { trafficReport } from './traffic';

const BUILDERS = { occupancy: occupancyReport, traffic: trafficReport, money: moneyReport, reader: readerReport } as const;
const TITLES: Record<ReportName, string> = { occupancy: 'Occupancy', traffic: 'Traffic', money: 'Money', reader: 'Plate reader' };

export type ReportOf<N extends ReportName> = ReturnType<(typeof BUILDERS)[N]>;

export function buildReport<N extends ReportName>(db: Database, layout: SiteLayout, name: N, input: ReportRangeInput): ReportOf<N> {
  const range = resolveRange(db, layout.site.timeZone, input);
  return BUILDERS[name](db, layout, range) as ReportOf<N>;
}

export async function exportReport(db: Database, layout: SiteLayout, name: ReportName, input: ReportRangeInput, format: 'csv' | 'pdf'): Promise<ReportExport> {
  const report: AnyReport = buildReport(db, layout, name, input);
  const tables = reportTables(name, report);
  const fileName = `${layout.site.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${name}-${input.from}-to-${input.to}.${format}`;
  if (format === 'csv') return { fileName, mimeType: 'text/csv', content: toCsv(tables) };
  const subtitle = `${layout.site.name}, ${input.from} to ${input.to} (${layout.site.timeZone})${report.range.notes.length ? `. ${report.range.notes.join('. ')}` : ''}`;
  const pdf = await toPdf(`${TITLES[name]} report`, subtitle, tables);
  return { fileName, mimeType: 'application/pdf', content: Buffer.from(pdf).toString('base64') };
}
