/**
 * Runs reports off the lanes' thread. Every report, export and forecast goes to one worker thread
 * (report-worker.ts) with its own read-only connection, so a report over years of history never holds the event
 * loop that answers the lanes, the bridge and the consoles. Jobs queue and go to the worker one at a time; a
 * console that leaves the Reports screen (reports.cancel) or closes cancels its own: a running one by stopping the
 * worker, which the next job replaces. A worker that dies, or runs past the watchdog, fails its job with a message
 * that says so, and the next job starts a fresh one.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { SiteLayout } from '../contract';
import { KioskError } from '../errors';
import type { Logger } from '../log';
import { startWorker, workerFile } from '../../../native/worker-thread';
import type { ReportJob, ReportReply, ReportRequest, ReportWorkerInit } from './worker-protocol';

export interface ReportRunnerOptions {
  /** A job unanswered this long fails and its worker is stopped. Default 60 s. */
  readonly timeoutMs: number;
  /** Jobs waiting beyond this many are refused: a backlog of reports nobody will wait for. Default 32. */
  readonly maxQueue: number;
  /** The worker's heap limit: a report cannot take the kiosk's memory. Default 512 MB. */
  readonly maxHeapMb: number;
}

export const DEFAULT_REPORT_RUNNER: ReportRunnerOptions = { timeoutMs: 60_000, maxQueue: 32, maxHeapMb: 512 };

/** Who may cancel a job: a console (its connection's context), or null for a job only its signal cancels. */
export interface JobOwner {
  readonly owner: object | null;
  /** Aborted when the console that asked is gone (its connection closed). */
  readonly signal?: AbortSignal;
}

interface Pending extends JobOwner {
  readonly request: ReportRequest;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly stopListening: () => void;
}

const describe = (job: ReportJob): string => (job.kind === 'forecast' ? 'the forecast' : job.kind === 'export' ? `the ${job.name} export` : `the ${job.name} report`);

/** Where the worker is: report-worker.ts beside this file (source tree) or dist/reports/report-worker.mjs (bundles). */
function reportWorkerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const found = workerFile(here, 'report-worker', 'reports', 'report-worker');
  if (!found) throw new KioskError('internal', `the report worker is missing: neither ${join(here, 'report-worker.ts')} nor dist/reports/report-worker.mjs exists (build with npm run build:main)`);
  return found;
}

export class ReportRunner {
  private worker: Worker | null = null;
  private inFlight: Pending | null = null;
  private readonly queue: Pending[] = [];
  private watchdog: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly databaseFile: string,
    private readonly log: Logger,
    private readonly options: ReportRunnerOptions = DEFAULT_REPORT_RUNNER,
  ) {}

  /** Whether a job is being computed now (tests wait for it to be under way). */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  run(job: ReportJob, layout: SiteLayout, { owner, signal }: JobOwner): Promise<unknown> {
    if (this.closed) return Promise.reject(new KioskError('unavailable', 'the kiosk is closing: no more reports'));
    if (signal?.aborted) return Promise.reject(cancelled(job));
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(new KioskError('unavailable', `${this.queue.length} reports are waiting already: ask again in a moment`));
    return new Promise((resolve, reject) => {
      const onAbort = () => this.cancelWhere((p) => p === pending);
      const pending: Pending = {
        request: { id: this.nextId++, job, layout },
        owner,
        resolve,
        reject,
        stopListening: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Cancels the owner's jobs, waiting or running; returns how many. */
  cancel(owner: object): number {
    return this.cancelWhere((pending) => pending.owner === owner);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelWhere(() => true);
    await this.stopWorker();
  }

  private cancelWhere(matches: (pending: Pending) => boolean): number {
    const waiting = this.queue.filter(matches);
    for (const pending of waiting) {
      this.queue.splice(this.queue.indexOf(pending), 1);
      settle(pending, cancelled(pending.request.job));
    }
    const running = this.inFlight !== null && matches(this.inFlight);
    if (running) {
      // better-sqlite3 runs a statement to its end; stopping the thread is how a running report is abandoned.
      this.fail(cancelled(this.inFlight!.request.job));
      void this.stopWorker();
      this.pump();
    }
    return waiting.length + (running ? 1 : 0);
  }

  private pump(): void {
    if (this.inFlight || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.inFlight = next;
    try {
      (this.worker ??= this.spawn()).postMessage(next.request);
    } catch (error) {
      this.fail(new KioskError('unavailable', `the report worker could not start: ${(error as Error).message}`));
      this.pump();
      return;
    }
    this.watchdog = setTimeout(() => {
      this.fail(new KioskError('unavailable', `${describe(next.request.job)} took longer than ${this.options.timeoutMs / 1000} s and was stopped: ask for a shorter range`));
      void this.stopWorker();
      this.pump();
    }, this.options.timeoutMs);
  }

  private spawn(): Worker {
    const init: ReportWorkerInit = { file: this.databaseFile };
    const worker = startWorker(reportWorkerPath(), init, { maxOldGenerationSizeMb: this.options.maxHeapMb });
    worker.on('message', (reply: ReportReply) => this.answer(reply));
    worker.on('error', (error) => this.died(worker, `failed: ${error.message}`));
    worker.on('exit', (code) => this.died(worker, `exited (code ${code})`));
    return worker;
  }

  private answer(reply: ReportReply): void {
    const pending = this.inFlight;
    if (!pending || pending.request.id !== reply.id) return; // its job was cancelled or timed out: already settled
    this.inFlight = null;
    this.clearWatchdog();
    settle(pending, reply.ok ? null : new KioskError(reply.code, reply.message), reply.ok ? reply.value : undefined);
    this.pump();
  }

  /** The worker stopped by itself: fail what it held with the reason, and let the next job start another. */
  private died(worker: Worker, why: string): void {
    if (this.worker !== worker) return; // one we stopped on purpose
    this.worker = null;
    this.log.error({ why }, 'report worker stopped');
    const job = this.inFlight?.request.job;
    if (job) this.fail(new KioskError('unavailable', `the report worker ${why} while computing ${describe(job)}: nothing was changed; ask again (a fresh worker starts)`));
    this.pump();
  }

  private fail(error: KioskError): void {
    const pending = this.inFlight;
    this.inFlight = null;
    this.clearWatchdog();
    if (pending) settle(pending, error);
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}

const cancelled = (job: ReportJob): KioskError => new KioskError('cancelled', `${describe(job)} was cancelled: the console that asked for it left the screen`);

function settle(pending: Pending, error: Error | null, value?: unknown): void {
  pending.stopListening();
  if (error) pending.reject(error);
  else pending.resolve(value);
}
