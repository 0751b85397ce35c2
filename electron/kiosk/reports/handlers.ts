import type { CallOutput } from '../contract';
import type { reportCalls } from '../contract/reports';
import type { CallContext, HandlersFor, Services } from '../handlers';
import type { ReportJob } from './worker-protocol';

/**
 * The console's report calls (contract/reports.ts); supervisors and up, checked by the connection. Each is computed
 * on the report worker (report-runner.ts); what comes back is checked against the call's output schema by the
 * connection. The dashboard's fill time is not the Reports screen's: leaving that screen does not cancel it.
 */
export function reportHandlers({ core, reports }: Services): HandlersFor<typeof reportCalls> {
  const ask = <T>(job: ReportJob, context: CallContext, ownedByScreen = true) =>
    reports.run(job, core.layout(), { owner: ownedByScreen ? context : null, signal: context.closed }) as Promise<T>;
  const forecast = (context: CallContext, ownedByScreen = true) => ask<CallOutput<'reports.forecast'>>({ kind: 'forecast', now: core.now() }, context, ownedByScreen);
  return {
    'reports.occupancy': (range, _actor, context) => ask({ kind: 'report', name: 'occupancy', range }, context),
    'reports.traffic': (range, _actor, context) => ask({ kind: 'report', name: 'traffic', range }, context),
    'reports.money': (range, _actor, context) => ask({ kind: 'report', name: 'money', range }, context),
    'reports.reader': (range, _actor, context) => ask({ kind: 'report', name: 'reader', range }, context),
    'reports.forecast': (_input, _actor, context) => forecast(context),
    'reports.fillToday': async (_input, _actor, context) => ({
      zones: (await forecast(context, false)).zones.map(({ zoneId, name, fullFromToday }) => ({ zoneId, name, fullFromToday })),
    }),
    'reports.cancel': (_input, _actor, context) => ({ cancelled: reports.cancel(context) }),
    'reports.export': ({ report, format, from, to }, _actor, context) => ask({ kind: 'export', name: report, range: { from, to }, format }, context),
  };
}
