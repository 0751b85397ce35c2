import { describe, expect, it } from 'vitest';
import { minutesUntilFull } from './fill';

describe('fill time', () => {
  it('says how long until a zone is expected full', () => {
    expect(minutesUntilFull(null, 0)).toBeNull();
    expect(minutesUntilFull(40 * 60_000, 0)).toBe(40);
    expect(minutesUntilFull(0, 5 * 60_000)).toBe(0);
  });
});
