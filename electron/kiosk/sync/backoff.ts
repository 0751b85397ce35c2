/**
 * Exponential backoff with "equal jitter": half the delay is fixed (so a retry never comes at once), half is random
 * (so many sites that lost head office together do not come back in lockstep).
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

/** The wait before retry number `failures` (1 = after the first failure); `random` returns [0, 1). */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
