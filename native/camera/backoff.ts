/**
 * Reconnect delays for a dropped camera: short at first (a camera rebooting is back in seconds), doubling up to a
 * ceiling (a camera unplugged for the night must not be hammered), with jitter so a site's cameras behind one
 * switch that just came back do not all reconnect in the same millisecond.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: each delay is drawn from [delay * (1 - jitter), delay]. */
  jitter: number;
}

export const BACKOFF_DEFAULTS: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 };

export class Backoff {
  private attempt = 0;
  private readonly options: BackoffOptions;

  constructor(options: Partial<BackoffOptions> = {}, private readonly random: () => number = Math.random) {
    this.options = { ...BACKOFF_DEFAULTS, ...options };
  }

  /** The delay before the next attempt; each call without a reset waits longer, up to maxMs. */
  next(): number {
    const { initialMs, maxMs, factor, jitter } = this.options;
    const delay = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt++;
    return Math.round(delay * (1 - jitter * this.random()));
  }

  /** After a good frame: the next failure starts again from the shortest delay. */
  reset(): void {
    this.attempt = 0;
  }
}
