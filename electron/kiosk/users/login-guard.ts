/**
 * What stands between a guesser and a 4-digit PIN: the lockout (decided atomically per username, before the slow
 * hash), a rate limit per console and per username, and an answer that is the same whether the name exists or not.
 * Everything here is kept in memory and reads the core's clock; the lockout of real accounts is kept in SQL
 * (UsersRepo.admitAttempt), this file mirrors it for names that do not exist.
 */

export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly lockMinutes: number;
}
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 5 };

export interface RateLimit {
  readonly attempts: number;
  readonly perMs: number;
}
export interface LoginLimits {
  /** Login attempts one console (a socket, a window) may make in a window. */
  readonly perConnection: RateLimit;
  /** Login attempts for one username, from anywhere, in a window. */
  readonly perUsername: RateLimit;
  /** How long refused and unknown-name failures are counted before they are written as one audit row. */
  readonly tallyWindowMs: number;
}
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perConnection: { attempts: 10, perMs: 60_000 },
  perUsername: { attempts: 20, perMs: 60_000 },
  tallyWindowMs: 5 * 60_000,
};

/** An attempt counted before its secret is checked, or the instant the lock it ran into ends. */
export type Admission = { readonly admitted: true; readonly failedAttempts: number; readonly lockedUntil: number | null } | { readonly admitted: false; readonly lockedUntil: number };

/** The lockout rule, in one place: attempt n of a window counts, the max-th locks; an expired lock starts over. */
export function admit(state: { failedAttempts: number; lockedUntil: number | null }, at: number, policy: LockoutPolicy): Admission {
  if (state.lockedUntil !== null && state.lockedUntil > at) return { admitted: false, lockedUntil: state.lockedUntil };
  const failedAttempts = state.lockedUntil !== null ? 1 : state.failedAttempts + 1;
  return { admitted: true, failedAttempts, lockedUntil: failedAttempts >= policy.maxFailures ? at + policy.lockMinutes * 60_000 : null };
}

const MAX_TRACKED = 10_000;

/** Fixed windows per key; the oldest keys are forgotten past MAX_TRACKED so a flood of names cannot fill memory. */
class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly limit: RateLimit) {}

  /** Counts one attempt; returns when the key may try again if it is over its limit, else null. */
  hit(key: string, at: number): number | null {
    let window = this.windows.get(key);
    if (!window || at - window.start >= this.limit.perMs) {
      this.windows.delete(key);
      window = { start: at, count: 0 };
      this.windows.set(key, window);
      forgetOldest(this.windows);
    }
    window.count += 1;
    return window.count > this.limit.attempts ? window.start + this.limit.perMs : null;
  }
}

function forgetOldest<V>(map: Map<string, V>): void {
  if (map.size <= MAX_TRACKED) return;
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}

export class LoginThrottle {
  private readonly connections: WindowCounter;
  private readonly usernames: WindowCounter;
  constructor(limits: LoginLimits) {
    this.connections = new WindowCounter(limits.perConnection);
    this.usernames = new WindowCounter(limits.perUsername);
  }

  /** Counts the attempt against both limits; the later of the two retry instants when either is exceeded. */
  hit(connection: string, username: string, at: number): number | null {
    const byConnection = this.connections.hit(connection, at);
    const byUsername = this.usernames.hit(username.toLowerCase(), at);
    return byConnection === null && byUsername === null ? null : Math.max(byConnection ?? 0, byUsername ?? 0);
  }
}

export interface LockState {
  readonly failedAttempts: number;
  readonly lockedUntil: number | null;
}
const NO_FAILURES: LockState = { failedAttempts: 0, lockedUntil: null };

/**
 * Lockouts kept in memory by the same rule as an account's in SQL: for names that are no account (so both answer
 * alike), and for an account while a full disk cannot take its count (the lock holds here until the count is written).
 */
export class MemoryLockouts {
  private readonly states = new Map<string, LockState>();
  constructor(private readonly policy: LockoutPolicy) {}

  holds(key: string): boolean {
    return this.states.has(key.toLowerCase());
  }

  lockedUntil(key: string, at: number): number | null {
    const until = this.states.get(key.toLowerCase())?.lockedUntil ?? null;
    return until !== null && until > at ? until : null;
  }

  /** Counts an attempt from the state held here, else from `stored` (an account's row when the disk filled). */
  admit(key: string, at: number, stored: LockState = NO_FAILURES): Admission {
    const lower = key.toLowerCase();
    const admission = admit(this.states.get(lower) ?? stored, at, this.policy);
    if (admission.admitted) {
      this.states.delete(lower);
      this.states.set(lower, { failedAttempts: admission.failedAttempts, lockedUntil: admission.lockedUntil });
      forgetOldest(this.states);
    }
    return admission;
  }

  /** The count was written where it belongs (or a login cleared it): forgotten here, unless an attempt since moved it on. */
  settle(key: string, written?: LockState): void {
    const lower = key.toLowerCase();
    const held = this.states.get(lower);
    if (written === undefined || (held?.failedAttempts === written.failedAttempts && held.lockedUntil === written.lockedUntil)) this.states.delete(lower);
  }
}

export type TalliedFailure = 'unknown_user' | 'locked' | 'rate_limited';
export interface FailureTally {
  readonly from: number;
  readonly to: number;
  readonly counts: Readonly<Record<TalliedFailure, number>>;
  readonly distinctNames: number;
}

/**
 * Failures that cost an attacker nothing (invented names, a locked account, a limit hit) are counted, not written
 * one by one: a window's worth becomes one audit row, so a flood of guesses cannot flood the audit log and head office.
 */
export class FailedLoginTally {
  private window: { from: number; counts: Record<TalliedFailure, number>; names: Set<string> } | null = null;
  constructor(private readonly windowMs: number) {}

  /** Counts a failure; returns the previous window's tally when this one starts a new window. */
  count(kind: TalliedFailure, username: string, at: number): FailureTally | null {
    const finished = this.window && at - this.window.from >= this.windowMs ? this.take(at) : null;
    this.window ??= { from: at, counts: { unknown_user: 0, locked: 0, rate_limited: 0 }, names: new Set() };
    this.window.counts[kind] += 1;
    if (this.window.names.size < MAX_TRACKED) this.window.names.add(username.toLowerCase());
    return finished;
  }

  /** The open window's tally (at shut-down), or null when nothing was counted. */
  take(at: number): FailureTally | null {
    const window = this.window;
    this.window = null;
    return window && { from: window.from, to: at, counts: { ...window.counts }, distinctNames: window.names.size };
  }
}
