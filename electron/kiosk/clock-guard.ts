/**
 * A wall clock that jumps (an NTP step, a dead RTC battery, someone setting the time by hand) would change the
 * price of every stay in progress: a jump of two hours forward charges two hours nobody parked. The guard compares
 * the wall clock with a monotonic one (which never jumps) at each check; a difference beyond the tolerance is a
 * jump: it raises the clock's health alarm (on the devices panel, and to head office as device alarms go) and is
 * kept, so that a stay that began before it is priced from its own duration, the jump taken back out.
 *
 * Stays are told apart by session id: a jump records the last session opened before it was seen, so a stay that
 * began after a backward jump (in wall time before the jump's own wall time) is not mistaken for an older one.
 * A jump is seen at the next check (every few seconds, and before any stay is priced). One found at start (kept
 * only in memory when the process died, or the clock set back while the kiosk was stopped: clock-jumps.ts) is
 * handed in by `recover`; a jump forward while the kiosk was stopped cannot be told from the time it was off.
 */
import type { DeviceReport } from './devices';

export interface ClockReadings {
  /** The wall clock, ms since the epoch (what sessions are stamped with). */
  wall(): number;
  /** A clock that only moves forward at the rate of real time, ms (process.hrtime, performance.now). */
  monotonic(): number;
}

export interface ClockJump {
  /** The wall clock just after the jump. */
  readonly at: number;
  /** How far the wall clock moved beyond real time: positive forward, negative backward. */
  readonly jumpMs: number;
  /** Sessions up to this id began before the jump. */
  readonly lastSessionId: number;
}

export interface ClockGuardOptions {
  /** Differences below this are scheduling noise, not a jump. */
  readonly toleranceMs: number;
  readonly checkEveryMs: number;
  /** The alarm clears after this long (real time) without another jump. */
  readonly clearAfterMs: number;
}

export const DEFAULT_CLOCK_GUARD: ClockGuardOptions = { toleranceMs: 2_000, checkEveryMs: 5_000, clearAfterMs: 3_600_000 };

const IN_STEP = 'wall clock in step with the monotonic clock';

export class ClockGuard {
  private jumps: ClockJump[] = [];
  private last: { wall: number; monotonic: number };
  private lastJumpMonotonic: number | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clocks: ClockReadings,
    private readonly lastSessionId: () => number,
    private readonly report: (report: DeviceReport) => void,
    private readonly onJump: (jump: ClockJump) => void,
    private readonly options: ClockGuardOptions = DEFAULT_CLOCK_GUARD,
  ) {
    this.last = { wall: clocks.wall(), monotonic: clocks.monotonic() };
    report({ healthy: true, detail: IN_STEP });
  }

  /**
   * Jumps seen before this start (the audit keeps them): a stay that began before one is still priced with it taken
   * out after a kill or a restart, as it was before, where a fresh guard would know only the jumps it sees itself.
   */
  restore(earlier: readonly ClockJump[]): void {
    this.jumps.unshift(...earlier);
  }

  /** Compares the clocks since the last check; returns the jump when there was one. */
  check(): ClockJump | null {
    const wall = this.clocks.wall();
    const monotonic = this.clocks.monotonic();
    const jumpMs = wall - this.last.wall - (monotonic - this.last.monotonic);
    this.last = { wall, monotonic };
    if (Math.abs(jumpMs) < this.options.toleranceMs) {
      this.clearWhenQuiet(monotonic);
      return null;
    }
    const jump: ClockJump = { at: wall, jumpMs, lastSessionId: this.lastSessionId() };
    this.keep(jump, `wall clock jumped ${describeJump(jump)}`);
    return jump;
  }

  /**
   * A jump found at start that no audit row holds: kept, alarmed and handed on to be recorded as if seen now, so a
   * restart never forgets it.
   */
  recover(jump: ClockJump, why: string): void {
    this.keep(jump, `wall clock found at start to have jumped ${describeJump(jump)} (${why})`);
  }

  /**
   * The jump's record was written later than it was seen (held on a full disk): the stays recorded before it, cars
   * held in memory meanwhile included, are all the ones that began before it.
   */
  settle(jump: ClockJump, lastSessionId: number): void {
    this.jumps = this.jumps.map((kept) => (kept === jump ? { ...jump, lastSessionId } : kept));
  }

  /** Where a stay that began at `entryAt` ends if it ends at `at`, with the jumps since it began taken out. */
  readonly stayEnd = (session: { id: number; entryAt: number }, at: number): number => {
    this.check();
    const jumped = this.jumps.filter((jump) => session.id <= jump.lastSessionId).reduce((sum, jump) => sum + jump.jumpMs, 0);
    return Math.max(session.entryAt, at - jumped);
  };

  start(): void {
    this.timer ??= setInterval(() => this.check(), this.options.checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private keep(jump: ClockJump, what: string): void {
    this.jumps.push(jump);
    this.lastJumpMonotonic = this.clocks.monotonic();
    this.report({ healthy: false, detail: `${what}: stays in progress are priced from their own durations; check the time source` });
    this.onJump(jump);
  }

  private clearWhenQuiet(monotonic: number): void {
    if (this.lastJumpMonotonic === null || monotonic - this.lastJumpMonotonic < this.options.clearAfterMs) return;
    this.lastJumpMonotonic = null;
    this.report({ healthy: true, detail: IN_STEP });
  }
}

/** "forward 2 h 0 min at 2026-11-23T12:10:00.000Z" */
export function describeJump({ jumpMs, at }: Pick<ClockJump, 'jumpMs' | 'at'>): string {
  const minutes = Math.round(Math.abs(jumpMs) / 60_000);
  const size = minutes >= 1 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${Math.round(Math.abs(jumpMs) / 1000)} s`;
  return `${jumpMs > 0 ? 'forward' : 'back'} ${size} at ${new Date(at).toISOString()}`;
}
