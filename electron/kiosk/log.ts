import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Anything that could carry a secret is censored before a line is written, whatever the caller passed. */
export const REDACTED_PATHS = [
  'secret',
  'pin',
  'password',
  'token',
  '*.secret',
  '*.pin',
  '*.password',
  '*.token',
  '*.secretHash',
  'input.secret',
  'input.pin',
  'input.password',
  'headers.authorization',
];

export interface LogOptions {
  readonly dataDir: string | null;
  readonly level: string;
  /** A file is rotated once it reaches this size (pino-roll units: "10m", "512k"); default 10 MB. */
  readonly rotateAt?: string;
  /** After the log files failed (a full disk), how long before they are tried again; default 30 s. */
  readonly retryAfterMs?: number;
}

/** JSON lines in <data>/logs (0700, files 0600), rotated daily and at 10 MB, 14 files kept; tests log nowhere (dataDir null). */
export function createLogger({ dataDir, level, rotateAt = '10m', retryAfterMs = 30_000 }: LogOptions): Logger {
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  if (dataDir === null) return pino({ level: 'silent', redact });
  const dir = join(dataDir, 'logs');
  const open = (): LogStream => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return pino.transport({
      target: 'pino-roll',
      // mode: each log file (sonic-boom opens it) is the owner's only; the lines name users and plates.
      options: { file: join(dir, 'lotkeeper'), extension: '.log', frequency: 'daily', size: rotateAt, mkdir: true, mode: 0o600, limit: { count: 14 } },
    });
  };
  return pino({ level, redact, base: { app: 'lotkeeper' } }, new ResilientDestination(open, retryAfterMs));
}

const END_TIMEOUT_MS = 5_000;

/** What the destination needs of the transport (pino's ThreadStream). */
interface LogStream {
  write(line: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once?(event: 'close', listener: () => void): unknown;
  flush?(callback: (error?: Error) => void): void;
  end?(): void;
}

/**
 * At the kiosk's close: the last lines reach the files before close() resolves (a flush only hands them to the
 * transport's thread, which may not have opened its file yet on a busy machine), and later lines are dropped.
 */
export async function closeLogger(logger: Logger): Promise<void> {
  const destination = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  if (destination instanceof ResilientDestination) await destination.end();
}

/**
 * Logging never takes the kiosk down: when the log files fail (ENOSPC from the transport's thread, a folder that
 * cannot be made) the lines are counted and dropped, and the files are opened again a while later, starting with
 * a line that says how many were lost.
 */
export class ResilientDestination {
  private current: LogStream | null = null;
  private retryAt = 0;
  private dropped = 0;
  private ended = false;

  constructor(
    private readonly open: () => LogStream,
    private readonly retryAfterMs: number,
  ) {}

  /** Lines lost since the files last worked. */
  get droppedLines(): number {
    return this.dropped;
  }

  write(line: string): boolean {
    if (this.ended) return true;
    const stream = this.current ?? this.reopen();
    if (stream === null) this.dropped++;
    else stream.write(line);
    return true;
  }

  flush(callback?: (error?: Error) => void): void {
    if (this.current?.flush) this.current.flush((error) => callback?.(error));
    else callback?.();
  }

  /** Ends the files' stream and waits until its thread has written and closed them. */
  async end(): Promise<void> {
    this.ended = true;
    const stream = this.current;
    this.current = null;
    if (!stream?.end) return;
    // Bounded: a transport thread stuck on a dead disk must not hold the kiosk's close.
    const closed = new Promise<void>((resolve) => {
      setTimeout(resolve, END_TIMEOUT_MS).unref();
      if (stream.once) stream.once('close', resolve);
      else resolve();
    });
    stream.end();
    await closed;
  }

  private reopen(): LogStream | null {
    if (Date.now() < this.retryAt) return null;
    try {
      const stream = this.open();
      stream.on('error', () => this.failed(stream));
      this.current = stream;
    } catch {
      this.retryAt = Date.now() + this.retryAfterMs;
      return null;
    }
    if (this.dropped > 0) {
      // On a line of its own: the write that hit the full disk may have left half a line without its newline.
      this.current.write(`\n${JSON.stringify({ level: 40, time: Date.now(), app: 'lotkeeper', droppedLines: this.dropped, msg: 'log lines dropped while the log files could not be written (disk full?)' })}\n`);
      this.dropped = 0;
    }
    return this.current;
  }

  private failed(stream: LogStream): void {
    if (this.current !== stream) return;
    this.current = null;
    this.retryAt = Date.now() + this.retryAfterMs;
  }
}
