/**
 * The disk under the data folder, watched ahead of trouble: statfs every while, a device-style alarm ("low disk")
 * below a threshold, before SQLite ever answers SQLITE_FULL. Below it the kiosk makes room itself, oldest first:
 * rotated log files, then evidence images; never the database or its backups. Each check also writes what a
 * full disk kept waiting in memory (disk/unrecorded.ts) and names on the console what is still not recorded.
 */
import { readdirSync, rmSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Core } from '../core';
import type { DeviceReport } from '../devices';

export interface DiskSettings {
  /** Below this many free bytes the alarm is raised and room is made. Default 512 MiB. */
  readonly lowBytes: number;
  /** How often the disk is looked at. Default 30 s. */
  readonly everyMs: number;
}

export const DEFAULT_DISK_SETTINGS: DiskSettings = { lowBytes: 512 * 1024 * 1024, everyMs: 30_000 };

/** What can be deleted to make room, oldest first; each call deletes a little and says whether it found anything. */
export type Trimmer = () => Promise<boolean>;

export interface DiskState {
  readonly freeBytes: number;
  readonly totalBytes: number;
  readonly low: boolean;
  readonly trimmed: number;
  readonly unrecorded: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${Math.floor(bytes / MB)} MB`;

export class DiskWatch {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private next: Promise<DiskState> | null = null;

  constructor(
    private readonly core: Core,
    private readonly dataDir: string,
    private readonly report: (report: DeviceReport) => void,
    private readonly trimmers: readonly Trimmer[],
    private readonly settings: DiskSettings = DEFAULT_DISK_SETTINGS,
  ) {}

  start(): void {
    const run = () => void this.check().catch((error: unknown) => this.core.log.error({ err: error }, 'disk check failed'));
    run();
    this.timer ??= setInterval(run, this.settings.everyMs);
    this.timer.unref();
  }

  /** No more looks; resolves once the one running (if any) is done, before the kiosk closes the database. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * A look at the disk that starts now or after the one running (which may have read the disk before the caller's
   * change); callers that come meanwhile share that next look instead of queueing one each.
   */
  check(): Promise<DiskState> {
    if (this.next) return this.next;
    const next = (this.running ?? Promise.resolve()).catch(() => undefined).then(() => {
      this.next = null;
      return this.look();
    });
    this.next = next;
    this.running = next.finally(() => {
      if (this.running === running) this.running = null;
    });
    const running = this.running;
    return next;
  }

  private async look(): Promise<DiskState> {
    let free = await this.freeBytes();
    let trimmed = 0;
    // Room is made until well above the threshold, so one more image does not raise the alarm again at once.
    for (const trim of this.trimmers) {
      while (free.bytes < this.settings.lowBytes * 1.5 && (await trim())) {
        trimmed++;
        free = await this.freeBytes();
      }
    }
    this.core.unrecorded.flush();
    const waiting = this.core.unrecorded.list();
    const low = free.bytes < this.settings.lowBytes;
    this.report(this.describe(free, low, waiting.map((item) => item.what)));
    if (trimmed > 0) this.core.log.warn({ trimmed, freeBytes: free.bytes }, 'disk low: old logs and evidence deleted to make room');
    return { freeBytes: free.bytes, totalBytes: free.total, low, trimmed, unrecorded: waiting.length };
  }

  private describe(free: { bytes: number; total: number }, low: boolean, waiting: string[]): DeviceReport {
    if (waiting.length > 0) {
      return { healthy: false, detail: `disk full: ${waiting.length} not recorded yet (kept in memory until space returns): ${waiting.slice(0, 5).join('; ')}` };
    }
    if (low) return { healthy: false, detail: `low disk: ${mb(free.bytes)} free of ${mb(free.total)} (alarm below ${mb(this.settings.lowBytes)}); free space on the booth PC` };
    return { healthy: true, detail: `${mb(free.bytes)} free of ${mb(free.total)}` };
  }

  private async freeBytes(): Promise<{ bytes: number; total: number }> {
    const stats = await statfs(this.dataDir);
    return { bytes: stats.bavail * stats.bsize, total: stats.blocks * stats.bsize };
  }
}

/** pino-roll's files are lotkeeper.<n>.log, the highest <n> being written: the lowest goes first, the current never. */
export function oldestLogTrimmer(logDir: string): Trimmer {
  return () => {
    let files: string[];
    try {
      files = readdirSync(logDir).filter((name) => /^lotkeeper\.\d+\.log$/.test(name));
    } catch {
      return Promise.resolve(false);
    }
    const byAge = files.sort((a, b) => logNumber(a) - logNumber(b));
    if (byAge.length < 2) return Promise.resolve(false);
    rmSync(join(logDir, byAge[0]!), { force: true });
    return Promise.resolve(true);
  };
}

const logNumber = (name: string) => Number(/\.(\d+)\.log$/.exec(name)![1]);
