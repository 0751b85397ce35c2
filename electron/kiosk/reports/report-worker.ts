/**
 * The reports' worker thread: its own read-only connection to the site database (WAL lets it read while the lanes
 * write), one job at a time, in the order the runner sends them. Started by report-runner.ts, from this file under
 * tsx/vitest or from the bundle dist/reports/report-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { KioskError } from '../errors';
import { forecastWeek } from './forecast';
import { holidaysFor } from './holidays';
import { buildReport, exportReport } from './report-service';
import type { ReportJob, ReportReply, ReportRequest, ReportWorkerInit } from './worker-protocol';
import type { SiteLayout } from '../contract';

const port = parentPort;
if (!port) throw new Error('reports/report-worker.ts runs as a worker thread only');

const db = new Database((workerData as ReportWorkerInit).file, { readonly: true, fileMustExist: true });
// A checkpoint or a writer's commit holds the database for a moment; wait for it rather than fail the report.
db.pragma('busy_timeout = 5000');

function run(job: ReportJob, layout: SiteLayout): unknown {
  switch (job.kind) {
    case 'report':
      return buildReport(db, layout, job.name, job.range);
    case 'export':
      return exportReport(db, layout, job.name, job.range, job.format);
    case 'forecast':
      return forecastWeek(db, layout, job.now, holidaysFor(layout.site.timeZone));
  }
}

port.on('message', (request: ReportRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});

async function answer({ id, job, layout }: ReportRequest): Promise<ReportReply> {
  try {
    return { id, ok: true, value: await run(job, layout) };
  } catch (error) {
    if (error instanceof KioskError) return { id, ok: false, code: error.code, message: error.message };
    return { id, ok: false, code: 'internal', message: `the report failed: ${(error as Error).message}` };
  }
}
