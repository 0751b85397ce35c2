import { describe, expect, it } from 'vitest';
import type { DeviceReport } from './devices';
import { ClockGuard, type ClockJump } from './clock-guard';

const START = Date.UTC(2026, 10, 23, 10, 0);
const MIN = 60_000;
const OPTIONS = { toleranceMs: 2_000, checkEveryMs: 5_000, clearAfterMs: 60 * MIN };

/** Injected clocks: time passes on both, a jump moves the wall clock alone. */
function rig() {
  let wall = START;
  let monotonic = 1_000;
  let lastSessionId = 0;
  const reports: DeviceReport[] = [];
  const jumps: ClockJump[] = [];
  const guard = new ClockGuard({ wall: () => wall, monotonic: () => monotonic }, () => lastSessionId, (r) => reports.push(r), (j) => jumps.push(j), OPTIONS);
  return {
    guard,
    reports,
    jumps,
    pass(ms: number) {
      wall += ms;
      monotonic += ms;
    },
    jump(ms: number) {
      wall += ms;
    },
    open: () => ({ id: ++lastSessionId, entryAt: wall }),
    now: () => wall,
  };
}

describe('ClockGuard', () => {
  it('sees no jump while both clocks move together, or differ by scheduling noise', () => {
    const r = rig();
    r.pass(10 * MIN);
    r.jump(1_500);
    expect(r.guard.check()).toBeNull();
    expect(r.reports).toEqual([{ healthy: true, detail: expect.stringMatching(/in step/) }]);
  });

  it('raises the alarm on a forward jump and prices a stay in progress from its own duration', () => {
    const r = rig();
    const stay = r.open();
    r.pass(30 * MIN);
    r.jump(120 * MIN);
    expect(r.guard.stayEnd(stay, r.now())).toBe(stay.entryAt + 30 * MIN);
    expect(r.jumps).toEqual([{ at: r.now(), jumpMs: 120 * MIN, lastSessionId: stay.id }]);
    expect(r.reports.at(-1)).toEqual({ healthy: false, detail: expect.stringMatching(/jumped forward 2 h 0 min/) });
  });

  it('after a backward jump, a stay from before counts its real minutes and one begun after it is not mistaken for it', () => {
    const r = rig();
    const before = r.open();
    r.pass(90 * MIN);
    r.jump(-60 * MIN);
    r.guard.check();
    const after = r.open(); // stamped 30 min after `before`'s entry on the wall clock, though it came 90 min later
    r.pass(20 * MIN);
    expect(r.guard.stayEnd(before, r.now()) - before.entryAt).toBe(110 * MIN);
    expect(r.guard.stayEnd(after, r.now()) - after.entryAt).toBe(20 * MIN);
    expect(r.reports.at(-1)).toMatchObject({ healthy: false, detail: expect.stringMatching(/jumped back 1 h 0 min/) });
  });

  it('a jump recovered at start raises the alarm, is handed on to be recorded, and is taken out of the stays before it', () => {
    const r = rig();
    // Seen by the process before this one, ten minutes into the stay, and never recorded.
    const stay = { id: 1, entryAt: r.now() - 130 * MIN };
    const lost = { at: r.now(), jumpMs: 120 * MIN, lastSessionId: stay.id };
    r.guard.recover(lost, 'seen before the last stop');
    expect(r.jumps).toEqual([lost]);
    expect(r.reports.at(-1)).toEqual({ healthy: false, detail: expect.stringMatching(/^wall clock found at start to have jumped forward 2 h 0 min at .* \(seen before the last stop\)/) });
    expect(r.guard.stayEnd(stay, r.now())).toBe(stay.entryAt + 10 * MIN);
  });

  it('a jump settled later (its record written after cars held on a full disk) covers the stays recorded by then', () => {
    const r = rig();
    r.pass(5 * MIN);
    const jump = (r.jump(60 * MIN), r.guard.check())!;
    const held = r.open(); // written after the jump was seen, though the car came before it
    r.guard.settle(jump, held.id);
    r.pass(5 * MIN);
    expect(r.guard.stayEnd({ id: held.id, entryAt: held.entryAt - 60 * MIN }, r.now())).toBe(held.entryAt - 60 * MIN + 5 * MIN);
  });

  it('never prices a stay as ending before it began, and clears the alarm after a quiet hour', () => {
    const r = rig();
    r.pass(5 * MIN);
    const stay = r.open();
    r.jump(-30 * MIN);
    r.pass(MIN);
    expect(r.guard.stayEnd(stay, stay.entryAt - 29 * MIN)).toBe(stay.entryAt + MIN);
    r.pass(61 * MIN);
    expect(r.guard.check()).toBeNull();
    expect(r.reports.at(-1)).toEqual({ healthy: true, detail: expect.stringMatching(/in step/) });
  });
});
