import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const policy = { baseMs: 1_000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles per failure between half and all of the ceiling', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0.999_999))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never exceeds the maximum, however long head office is gone', () => {
    expect(backoffDelay(1_000, policy, () => 0.999_999)).toBe(60_000);
    expect(backoffDelay(1_000, policy, () => 0)).toBe(30_000);
  });

  it('spreads sites that failed together', () => {
    const delays = new Set([0.1, 0.4, 0.7].map((r) => backoffDelay(5, policy, () => r)));
    expect(delays.size).toBe(3);
  });
});
