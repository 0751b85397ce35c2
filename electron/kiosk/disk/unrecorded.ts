/**
 * What the kiosk did but could not record because the disk was full. A barrier an attendant opens must open
 * whatever the disk says; the session, audit or outbox rows behind it wait here, in memory, in the order they
 * happened, and are written once space returns. Until then the console names each one, so the attendant knows
 * exactly what is not on record if the kiosk were to stop.
 */
import type { EventBus } from '../events';
import type { Logger } from '../log';

export interface Unrecorded {
  readonly at: number;
  /** In the attendant's words: "manual entry of AB12CDE at lane in-1 by anna". */
  readonly what: string;
}

interface Waiting extends Unrecorded {
  readonly write: () => void;
}

/** SQLite's answer when a write needs a page the filesystem cannot give. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

export class UnrecordedWrites {
  private readonly waiting: Waiting[] = [];
  /** A write being flushed makes changes of its own, which flush first (Store.beforeEachChange): not twice. */
  private flushing = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly bus: EventBus,
  ) {}

  /**
   * Runs `write` (its own transaction, its times fixed by the caller); on a full disk keeps it for later and returns
   * false. Behind a write already waiting it waits too, so records are written in the order things happened.
   * Any other error is the caller's.
   */
  attempt(what: string, write: () => void): boolean {
    return this.recorded(what, write) !== null;
  }

  /** As attempt(), with what the write returned when it was written now; null when it was kept for later. */
  recorded<T>(what: string, write: () => T): { readonly value: T } | null {
    if (this.waiting.length === 0) {
      try {
        return { value: write() };
      } catch (error) {
        if (!isDiskFull(error)) throw error;
      }
    }
    const at = this.now();
    this.waiting.push({ at, what, write });
    this.log.error({ what }, 'not recorded: the disk is full; kept in memory until space returns');
    this.bus.log({ at, kind: 'alarm', text: `Disk full: not recorded yet: ${what}`, sessionId: null });
    for (const listener of this.listeners) listener();
    return null;
  }

  /**
   * Called each time what waits changes: something starts waiting (the disk watch makes room and raises its alarm at
   * once), or is withdrawn (the alarm names one thing fewer).
   */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Whether this write (the function given to attempt() or recorded()) still waits to be written. */
  waits(write: () => unknown): boolean {
    return this.waiting.some((waiting) => waiting.write === write);
  }

  /**
   * Takes back a write still waiting, by the function that was given to attempt() or recorded(): what it would
   * record did not happen after all (a car let through whose barrier never opened). False once it is written.
   */
  withdraw(write: () => unknown): boolean {
    const at = this.waiting.findIndex((waiting) => waiting.write === write);
    if (at < 0) return false;
    const [withdrawn] = this.waiting.splice(at, 1);
    this.log.warn({ what: withdrawn!.what }, 'a record kept during a full disk was withdrawn before it was written');
    for (const listener of this.listeners) listener();
    return true;
  }

  /** Writes what waits, oldest first, stopping at the first that still finds the disk full; returns how many were written. */
  flush(): number {
    if (this.flushing || this.waiting.length === 0) return 0;
    this.flushing = true;
    try {
      return this.writeWaiting();
    } finally {
      this.flushing = false;
    }
  }

  private writeWaiting(): number {
    let written = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      try {
        next.write();
      } catch (error) {
        if (isDiskFull(error)) break;
        // A record that can no longer be written (its session closed meanwhile, say) is said, not retried for ever.
        this.log.error({ err: error, what: next.what }, 'a record kept during a full disk could not be written');
        this.bus.log({ at: this.now(), kind: 'alarm', text: `Could not record (after the disk was full): ${next.what}`, sessionId: null });
      }
      this.waiting.shift();
      written++;
    }
    if (written > 0) this.log.info({ written, waiting: this.waiting.length }, 'records kept during a full disk written');
    return written;
  }

  list(): Unrecorded[] {
    return this.waiting.map(({ at, what }) => ({ at, what }));
  }
}
