/**
 * OnnxPlateReader: the real PlateReader. The ONNX sessions live in a worker thread (worker.ts), so the kiosk's event
 * loop never runs inference or image decoding. Requests queue here, by priority (ReadPriority: lanes share the reader),
 * and go to the worker one at a time; a watchdog
 * fails a request the worker has not answered in `timeoutMs`, terminates that worker and starts a fresh one.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerFile } from '../worker-thread';
import type { PipelineOptions } from './pipeline';
import { checkFrame, PlateReaderError, READ_PRIORITIES, type Frame, type FrameReading, type PlateReader, type ReadPriority } from './reader';
import type { HostMessage, WorkerInit, WorkerMessage } from './worker-protocol';

export interface OnnxReaderOptions extends PipelineOptions {
  /** A request unanswered this long fails with code 'timeout' and the worker is restarted. Default 10 s. */
  timeoutMs?: number;
  /** A worker not ready this long (models loaded, checked, warmed up) is stopped: a start error. Default 60 s. */
  startTimeoutMs?: number;
  /** Requests waiting beyond this many are refused with code 'busy': a lane wants its newest frame, not a backlog. */
  maxQueue?: number;
  /** The worker script; default: worker.ts beside this file (source) or dist/alpr/alpr-worker.mjs (bundle). */
  workerPath?: string;
}

/**
 * Where the worker is. Source tree (tsx, vitest): worker.ts beside this module, run through tsx's loader. Bundled
 * (dist/cli/lotkeeper.mjs, dist/electron/main.cjs): esbuild's extra entry dist/alpr/alpr-worker.mjs.
 */
export function defaultWorker(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const found = workerFile(here, 'worker', 'alpr', 'alpr-worker');
  if (found) return found;
  throw new PlateReaderError('model', `plate reader worker not found: neither ${join(here, 'worker.ts')} nor ${join(here, '..', 'alpr', 'alpr-worker.mjs')} exists (build with npm run build:main)`);
}

interface Pending {
  id: number;
  /** Its priority's place in READ_PRIORITIES: lower is read sooner. */
  rank: number;
  message: HostMessage;
  resolve: (value: { reading: FrameReading; decodeMs?: number }) => void;
  reject: (error: Error) => void;
}

export class OnnxPlateReader implements PlateReader {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;
  /** Figures from the latest worker start: how long sessions + warm-up took, and onnxruntime's thread count. */
  startupMs = 0;
  threads = 0;
  restarts = 0;

  private constructor(private readonly options: OnnxReaderOptions) {}

  /** Starts the worker and resolves once its models are loaded, checked and warmed up. */
  static async start(options: OnnxReaderOptions): Promise<OnnxPlateReader> {
    const reader = new OnnxPlateReader(options);
    try {
      await reader.spawn();
    } catch (error) {
      await reader.close();
      throw error;
    }
    return reader;
  }

  read(frame: Frame, priority: ReadPriority = 'first'): Promise<FrameReading> {
    try {
      checkFrame(frame);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue({ type: 'read', id: 0, frame }, priority).then((r) => r.reading);
  }

  /** Decodes JPEG/PNG bytes in the worker, then reads. decodeMs is the decode's share, not in processingMs. */
  readImage(bytes: Uint8Array): Promise<{ reading: FrameReading; decodeMs?: number }> {
    return this.enqueue({ type: 'read-image', id: 0, bytes }, 'first');
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new PlateReaderError('closed', 'the plate reader was closed');
    for (const p of this.queue.splice(0)) p.reject(error);
    this.inFlight?.reject(error);
    this.inFlight = null;
    this.clearWatchdog();
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  /** Queues a request behind those of its priority and above (READ_PRIORITIES), ahead of the ones below. */
  private enqueue(message: HostMessage, priority: ReadPriority): Promise<{ reading: FrameReading; decodeMs?: number }> {
    if (this.closed) return Promise.reject(new PlateReaderError('closed', 'the plate reader is closed'));
    if (this.queue.length >= (this.options.maxQueue ?? 8)) return Promise.reject(new PlateReaderError('busy', `the plate reader has ${this.queue.length} frames waiting; frame dropped`));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const rank = READ_PRIORITIES.indexOf(priority);
      const behind = this.queue.findIndex((queued) => queued.rank > rank);
      this.queue.splice(behind < 0 ? this.queue.length : behind, 0, { id, rank, message: { ...message, id }, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.inFlight || !this.queue.length || this.closed) return;
    const next = this.queue.shift()!;
    this.inFlight = next;
    try {
      if (!this.worker) await this.spawn();
      await this.ready;
    } catch (error) {
      // A worker that died while starting may already have failed this request and moved on to the next one.
      if (this.inFlight === next) this.inFlight = null;
      next.reject(error as Error);
      void this.pump();
      return;
    }
    if (this.inFlight !== next) return; // closed meanwhile
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    this.watchdog = setTimeout(() => this.onHang(next, timeoutMs), timeoutMs);
    this.worker!.postMessage(next.message);
  }

  private onHang(pending: Pending, timeoutMs: number): void {
    if (this.inFlight !== pending) return;
    this.inFlight = null;
    pending.reject(new PlateReaderError('timeout', `the plate reader did not answer within ${timeoutMs / 1000} s; its worker was restarted`));
    this.restartWorker();
  }

  private restartWorker(): void {
    this.clearWatchdog();
    const old = this.worker;
    this.worker = null;
    this.ready = null;
    this.restarts++;
    void old?.terminate();
    void this.pump(); // the next request (if any) starts a fresh worker
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private spawn(): Promise<void> {
    const { workerPath, timeoutMs: _t, maxQueue: _q, startTimeoutMs = 60_000, ...pipeline } = this.options;
    const path = workerPath ?? defaultWorker();
    const init: WorkerInit = { options: pipeline };
    const worker = startWorker(path, init);
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const startTimer = setTimeout(() => {
        reject(new PlateReaderError('timeout', `the plate reader worker was not ready within ${startTimeoutMs / 1000} s`));
        this.onExit(worker, 'did not start in time');
      }, startTimeoutMs);
      worker.once('message', () => clearTimeout(startTimer));
      worker.once('exit', () => clearTimeout(startTimer));
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          this.startupMs = message.startupMs;
          this.threads = message.threads;
          resolve();
        } else if (message.type === 'fatal') reject(new PlateReaderError('model', `the plate reader could not start: ${message.message}`));
        else this.answer(message);
      });
      worker.on('error', (error) => {
        reject(new PlateReaderError('worker-crashed', `the plate reader worker failed: ${error.message}`));
        this.onExit(worker, `failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        reject(new PlateReaderError('worker-crashed', `the plate reader worker exited (code ${code}) while starting`));
        this.onExit(worker, `exited with code ${code}`);
      });
    });
    return this.ready;
  }

  private answer(message: Extract<WorkerMessage, { type: 'result' | 'error' }>): void {
    const pending = this.inFlight;
    if (!pending || pending.id !== message.id) return; // an answer after its watchdog fired: already failed
    this.inFlight = null;
    this.clearWatchdog();
    if (message.type === 'result') pending.resolve({ reading: message.reading, ...(message.decodeMs !== undefined ? { decodeMs: message.decodeMs } : {}) });
    else pending.reject(new PlateReaderError(message.code, message.message));
    void this.pump();
  }

  /** The current worker died: fail what it held, and let the next request start another. */
  private onExit(worker: Worker, why: string): void {
    if (this.worker !== worker) return; // a worker we replaced or closed
    const pending = this.inFlight;
    this.inFlight = null;
    pending?.reject(new PlateReaderError('worker-crashed', `the plate reader worker ${why}; it will be restarted`));
    this.restartWorker();
  }
}
