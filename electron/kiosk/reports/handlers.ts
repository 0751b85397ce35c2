import type { reportCalls } from '../contract/reports';
import type { HandlersFor, Services } from '../handlers';
import { forecastWeek } from './forecast';
import { holidaysFor } from './holidays';
import { buildReport, exportReport } from './report-service';

/** The console's report calls (contract/reports.ts); supervisors and up, checked by the connection. */
export function reportHandlers({ core }: Services): HandlersFor<typeof reportCalls> {
  const { db } = core.store;
  return {
    'reports.occupancy': (input) => buildReport(db, core.layout(), 'occupancy', input),
    'reports.traffic': (input) => buildReport(db, core.layout(), 'traffic', input),
    'reports.money': (input) => buildReport(db, core.layout(), 'money', input),
    'reports.reader': (input) => buildReport(db, core.layout(), 'reader', input),
    'reports.forecast': () => forecastWeek(db, core.layout(), core.now(), holidaysFor(core.layout().site.timeZone)),
    'reports.fillToday': () => ({
      zones: forecastWeek(db, core.layout(), core.now(), holidaysFor(core.layout().site.timeZone)).zones.map(({ zoneId, name, fullFromToday }) => ({ zoneId, name, fullFromToday })),
    }),
    'reports.export': (input) => exportReport(db, core.layout(), input.report, { from: input.from, to: input.to }, input.format),
  };
}
