import { describe, expect, it } from 'vitest';
import { newBookingRef } from './booking-ref';

describe('booking references', () => {
  it('are BK- and ten unambiguous characters, valid idempotency keys, and differ', () => {
    const refs = Array.from({ length: 200 }, newBookingRef);
    for (const ref of refs) expect(ref).toMatch(/^BK-[ACDEFGHJKMNPQRTUVWXY34679]{10}$/);
    expect(new Set(refs).size).toBe(refs.length);
  });
});
