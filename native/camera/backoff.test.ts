import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles up to the ceiling, jittered downwards, and starts again after a reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0.5 }, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
    const jittered = new Backoff({ initialMs: 100, jitter: 0.5 }, () => 1);
    expect(jittered.next()).toBe(50);
  });
});
