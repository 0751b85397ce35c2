import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LaneDecision } from './lane-policy';
import {
  DEFAULT_TIMINGS,
  initialLaneState,
  LANE_PHASES,
  step,
  type LaneEffect,
  type LaneInput,
  type LaneState,
} from './lane-machine';

const T0 = Date.UTC(2026, 2, 2, 8, 0);
const config = { laneId: 'entry-1', direction: 'entry' as const, channel: 2, pulseMs: 500, timings: DEFAULT_TIMINGS, sensed: true };
const read = { key: 'AB12CDE', confidence: 0.97, voteAgreed: true, confirmedBy: null };
const open: LaneDecision = { outcome: 'open', code: 'open_permit', why: 'monthly permit permit-17' };
const ask: LaneDecision = { outcome: 'attendant', code: 'low_confidence', why: 'read at 60%' };
const by = { by: 'sam', reason: 'driver known to staff' };

/** Runs inputs from a state, `dt` ms apart, and returns the final state and every effect. */
function run(inputs: LaneInput[], from: LaneState = initialLaneState(config, T0), dt = 100) {
  let state = from;
  let now = from.since;
  const effects: LaneEffect[] = [];
  for (const input of inputs) {
    now += dt;
    const result = step(state, input, now);
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects, now };
}
const kinds = (effects: LaneEffect[], kind: LaneEffect['kind']) => effects.filter((e) => e.kind === kind);
const alarms = (effects: LaneEffect[]) => effects.flatMap((e) => (e.kind === 'alarm' ? [e.alarm] : []));

describe('lane machine: worked examples', () => {
  it('permit holder: loop, read, vote, decision, pulse, confirmed, loop off, passed, idle', () => {
    const { state, effects } = run([
      { type: 'loop', on: true },
      { type: 'read_started' },
      { type: 'vote', read },
      { type: 'decision', decision: open },
      { type: 'relay_confirmed', commandId: 1 },
      { type: 'loop', on: false },
    ]);
    expect(state.phase).toBe('vehicle_passed');
    expect(effects).toContainEqual({ kind: 'decide', read });
    expect(kinds(effects, 'relay')).toEqual([{ kind: 'relay', action: 'pulse', channel: 2, ms: 500, commandId: 1 }]);
    expect(kinds(effects, 'log').map((e) => e.kind === 'log' && `${e.from}>${e.to}`)).toEqual([
      'idle>vehicle_present',
      'vehicle_present>reading',
      'reading>reading',
      'reading>barrier_opening',
      'barrier_opening>barrier_opening',
      'barrier_opening>vehicle_passed',
    ]);
    const later = step(state, { type: 'tick' }, state.since + DEFAULT_TIMINGS.settleMs);
    expect(later.state).toMatchObject({ phase: 'idle', plate: null, decision: null });
    // The car has gone: the sign says welcome again, not the last car's "Thank you".
    expect(kinds([...later.effects], 'display')).toEqual([{ kind: 'display', text: 'Welcome' }]);
  });

  it('an attendant lane goes back to its welcome sign when the car backs out', () => {
    const { state, effects } = run([
      { type: 'loop', on: true },
      { type: 'read_started' },
      { type: 'vote', read: { ...read, confidence: 0.4 } },
      { type: 'decision', decision: { outcome: 'attendant', code: 'low_confidence', why: 'doubtful read' } },
      { type: 'loop', on: false },
    ]);
    expect(state.phase).toBe('idle');
    expect(kinds(effects, 'display').at(-1)).toEqual({ kind: 'display', text: 'Welcome' });
  });

  it('attendant: low confidence waits, a corrected plate is decided again and audited', () => {
    const { state, effects } = run([
      { type: 'loop', on: true },
      { type: 'vote', read: { ...read, confidence: 0.6 } },
      { type: 'decision', decision: ask },
      { type: 'attendant', command: 'correct_plate', plateKey: 'AB12CDF', ...by },
    ]);
    expect(state.phase).toBe('decided');
    expect(kinds(effects, 'relay')).toEqual([]);
    expect(effects).toContainEqual({ kind: 'decide', read: { key: 'AB12CDF', confidence: 1, voteAgreed: true, confirmedBy: 'sam' } });
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'console', event: 'plate_corrected', by: 'sam', reason: by.reason }));
    expect(effects).toContainEqual({ kind: 'display', text: 'Please wait: the attendant is coming' });
  });

  it('a relay failure alarms and goes back to decided, never to vehicle_passed', () => {
    const { state, effects } = run([
      { type: 'loop', on: true },
      { type: 'vote', read },
      { type: 'decision', decision: open },
      { type: 'relay_failed', commandId: 1, error: 'unplugged' },
      { type: 'loop', on: false },
    ]);
    expect(alarms(effects)).toEqual(['relay_failed']);
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'console', event: 'barrier_fault' }));
    expect(effects).not.toContainEqual(expect.objectContaining({ kind: 'console', event: 'vehicle_passed' }));
    expect(state.phase).toBe('idle'); // the car backed out of a lane whose barrier never opened
    // Its stay was opened when the rules let it in: the attendant is told what to do if the car is gone.
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'console', event: 'vehicle_left', text: expect.stringContaining('its stay is open; void it on Sessions if the car did not come in') }));
  });

  it("an exit's car that backs out after its barrier failed: the attendant is told its stay was closed, and how to take that back", () => {
    const inputs: LaneInput[] = [{ type: 'loop', on: true }, { type: 'vote', read }, { type: 'decision', decision: open }, { type: 'relay_failed', commandId: 1, error: 'unplugged' }, { type: 'loop', on: false }];
    const { effects } = run(inputs, initialLaneState({ ...config, laneId: 'exit-1', direction: 'exit' }, T0));
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'console', event: 'vehicle_left', text: expect.stringContaining('its stay is closed; reopen it on Sessions if the car is still inside') }));
  });

  it('a car let through whose barrier failed: confirming it asks the barrier again, without deciding again', () => {
    const faulted = run([
      { type: 'loop', on: true },
      { type: 'vote', read },
      { type: 'decision', decision: open },
      { type: 'relay_failed', commandId: 1, error: 'timeout' },
    ]);
    expect(faulted.state).toMatchObject({ phase: 'decided', decision: open });
    const { state, effects } = run([{ type: 'attendant', command: 'confirm_plate', ...by }], faulted.state);
    expect(effects).not.toContainEqual(expect.objectContaining({ kind: 'decide' }));
    expect(kinds(effects, 'relay')).toEqual([{ kind: 'relay', action: 'pulse', channel: 2, ms: 500, commandId: 2 }]);
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'console', event: 'plate_confirmed', by: 'sam' }));
    expect(state).toMatchObject({ phase: 'barrier_opening', decision: open });
  });

  it('a relay command not confirmed in time alarms on tick', () => {
    const opening = run([{ type: 'loop', on: true }, { type: 'vote', read }, { type: 'decision', decision: open }]);
    const { state, effects } = step(opening.state, { type: 'tick' }, opening.now + DEFAULT_TIMINGS.relayConfirmMs);
    expect(alarms([...effects])).toEqual(['relay_not_confirmed']);
    expect(state).toMatchObject({ phase: 'decided', pending: null, opened: false });
    // A late confirmation is stale: it does not reopen the story.
    expect(step(state, { type: 'relay_confirmed', commandId: 1 }, opening.now + 3000).state.phase).toBe('decided');
  });

  it('loop clears before the confirmation: passed only once the board confirms', () => {
    const { state } = run([
      { type: 'loop', on: true },
      { type: 'vote', read },
      { type: 'decision', decision: open },
      { type: 'loop', on: false },
    ]);
    expect(state).toMatchObject({ phase: 'barrier_opening', loopClearedEarly: true });
    expect(step(state, { type: 'relay_confirmed', commandId: 1 }, state.since + 200).state.phase).toBe('vehicle_passed');
  });

  it('a loop reported off that was never on is no passage: a barrier opened by hand on an empty lane waits for its pass time', () => {
    const { state, now } = run([
      { type: 'attendant', command: 'barrier_open', ...by },
      { type: 'loop', on: false }, // the board's first reading after a start
      { type: 'relay_confirmed', commandId: 1 },
    ]);
    expect(state).toMatchObject({ phase: 'barrier_opening', opened: true, loopClearedEarly: false });
    expect(alarms([...step(state, { type: 'tick' }, now + DEFAULT_TIMINGS.passMs).effects])).toEqual(['vehicle_never_passed']);
  });

  it('a vote right after a passage is the next vehicle, decided at once', () => {
    const passed = run([{ type: 'vote', read }, { type: 'decision', decision: open }, { type: 'relay_confirmed', commandId: 1 }], initialLaneState({ ...config, sensed: false }, T0));
    expect(passed.state.phase).toBe('vehicle_passed');
    const next = step(passed.state, { type: 'vote', read: { ...read, key: 'XY34ZZZ' } }, passed.now + 100);
    expect(next.state).toMatchObject({ phase: 'reading', plate: { key: 'XY34ZZZ' }, decision: null });
    expect(next.effects).toContainEqual({ kind: 'decide', read: { ...read, key: 'XY34ZZZ' } });
  });

  it('a lane without sensors counts the confirmed open as the passage, but not a confirmed hold', () => {
    const sensorless = initialLaneState({ ...config, sensed: false }, T0);
    const { state, effects } = run([{ type: 'vote', read }, { type: 'decision', decision: open }, { type: 'relay_confirmed', commandId: 1 }], sensorless);
    expect(state.phase).toBe('vehicle_passed');
    expect(kinds(effects, 'console').map((e) => (e.kind === 'console' ? e.event : ''))).toContain('vehicle_passed');
    const held = run([{ type: 'attendant', command: 'barrier_hold_open', ...by }, { type: 'relay_confirmed', commandId: 1 }], sensorless);
    expect(held.state).toMatchObject({ phase: 'barrier_opening', opened: true });
  });

  it('barrier sensor: closed after open is passage; open too long and never passed raise alarms once', () => {
    const opened = run([{ type: 'vote', read }, { type: 'decision', decision: open }, { type: 'relay_confirmed', commandId: 1 }, { type: 'barrier', open: true }]);
    expect(step(opened.state, { type: 'barrier', open: false }, opened.now + 100).state.phase).toBe('vehicle_passed');
    const late = run([{ type: 'tick' }, { type: 'tick' }], opened.state, DEFAULT_TIMINGS.openTooLongMs);
    expect(alarms(late.effects)).toEqual(['vehicle_never_passed', 'barrier_open_too_long']);
    expect(late.state.phase).toBe('barrier_opening');
  });

  it('no vote in time asks the rules with no read', () => {
    const present = run([{ type: 'loop', on: true }]);
    const { state, effects } = step(present.state, { type: 'tick' }, present.now + DEFAULT_TIMINGS.readMs);
    expect(effects).toContainEqual({ kind: 'decide', read: null });
    expect(state.phase).toBe('reading');
  });

  it('hold open, alarm after the maximum, close releases; lane close and open', () => {
    const held = run([{ type: 'attendant', command: 'barrier_hold_open', ...by }, { type: 'relay_confirmed', commandId: 1 }]);
    expect(kinds(held.effects, 'relay')).toEqual([{ kind: 'relay', action: 'set', channel: 2, on: true, commandId: 1 }]);
    const long = step(held.state, { type: 'tick' }, held.now + DEFAULT_TIMINGS.holdMaxMs);
    expect(alarms([...long.effects])).toContain('hold_open_too_long');
    const closed = run([{ type: 'attendant', command: 'barrier_close', ...by }], long.state);
    expect(kinds(closed.effects, 'relay')).toEqual([{ kind: 'relay', action: 'set', channel: 2, on: false, commandId: 2 }]);
    expect(closed.state).toMatchObject({ phase: 'idle', holdOpen: null });

    const lane = run([{ type: 'attendant', command: 'lane_close', ...by }, { type: 'loop', on: true }, { type: 'vote', read }, { type: 'decision', decision: open }]);
    expect(lane.state.phase).toBe('closed');
    expect(kinds(lane.effects, 'relay')).toEqual([]);
    const manual = run([{ type: 'attendant', command: 'barrier_open', ...by }], lane.state);
    expect(manual.state.phase).toBe('closed'); // one car let through by hand; the lane stays closed
    expect(kinds(manual.effects, 'relay')).toHaveLength(1);
    expect(run([{ type: 'attendant', command: 'lane_open', ...by }], lane.state).state.phase).toBe('idle');
  });

  it('attendant deny, and inputs that mean nothing are logged and ignored', () => {
    const denied = run([{ type: 'loop', on: true }, { type: 'attendant', command: 'deny', ...by }]);
    expect(denied.state.decision).toMatchObject({ outcome: 'deny', code: 'attendant_deny' });
    const { state, effects } = step(denied.state, { type: 'bogus' } as unknown as LaneInput, denied.now);
    expect(state).toBe(denied.state);
    expect(effects).toEqual([expect.objectContaining({ kind: 'log', level: 'warn' })]);
    expect(step(initialLaneState(config, T0), { type: 'decision', decision: open }, T0).effects).toEqual([
      expect.objectContaining({ kind: 'log', level: 'warn', text: expect.stringMatching(/ignored in idle/) }),
    ]);
  });
});

// ---- properties over random input sequences ----

const decisionArb = fc.constantFrom<LaneDecision>(open, ask, { outcome: 'deny', code: 'full', why: 'full' }, { outcome: 'pay', code: 'pay_due', why: '£8.50' });
const attendantArb = fc.oneof(
  fc.constantFrom('barrier_open', 'barrier_hold_open', 'barrier_close', 'lane_close', 'lane_open', 'deny', 'confirm_plate' as const).map((command) => ({ type: 'attendant' as const, command, ...by })),
  fc.constantFrom('AB12CDF', 'bad key!').map((plateKey) => ({ type: 'attendant' as const, command: 'correct_plate' as const, plateKey, ...by })),
);
/** commandId 0 stands for "whatever is pending now", so confirmations and failures often hit the live command. */
const inputArb: fc.Arbitrary<LaneInput> = fc.oneof(
  fc.boolean().map((on) => ({ type: 'loop' as const, on })),
  fc.constant({ type: 'read_started' as const }),
  fc.record({ confidence: fc.double({ min: 0, max: 1, noNaN: true }), voteAgreed: fc.boolean() }).map((r) => ({ type: 'vote' as const, read: { ...read, ...r } })),
  decisionArb.map((decision) => ({ type: 'decision' as const, decision })),
  attendantArb,
  fc.integer({ min: 0, max: 4 }).map((commandId) => ({ type: 'relay_confirmed' as const, commandId })),
  fc.integer({ min: 0, max: 4 }).map((commandId) => ({ type: 'relay_failed' as const, commandId, error: 'timeout' })),
  fc.boolean().map((o) => ({ type: 'barrier' as const, open: o })),
  fc.constant({ type: 'tick' as const }),
  fc.constant({ type: 'mystery' } as unknown as LaneInput),
);
const walkArb = fc.array(fc.tuple(inputArb, fc.integer({ min: 0, max: 70_000 })), { maxLength: 60 });

interface Step {
  before: LaneState;
  input: LaneInput;
  now: number;
  state: LaneState;
  effects: readonly LaneEffect[];
}
function walk(sequence: Array<[LaneInput, number]>): Step[] {
  let state = initialLaneState(config, T0);
  let now = T0;
  return sequence.map(([raw, dt]) => {
    now += dt;
    const live = state.pending?.id ?? 99;
    const input = (raw.type === 'relay_confirmed' || raw.type === 'relay_failed') && raw.commandId === 0 ? { ...raw, commandId: live } : raw;
    const before = state;
    const result = step(state, input, now);
    state = result.state;
    return { before, input, now, state, effects: result.effects };
  });
}
const opensRelay = (e: LaneEffect) => e.kind === 'relay' && (e.action === 'pulse' || e.on);

describe('lane machine: properties', () => {
  it('never pulses or holds a relay without an open decision or an attendant command', () => {
    fc.assert(
      fc.property(walkArb, (sequence) => {
        for (const s of walk(sequence)) {
          if (!s.effects.some(opensRelay)) continue;
          const byDecision = s.input.type === 'decision' && s.input.decision.outcome === 'open';
          const byAttendant = s.input.type === 'attendant' && (s.input.command === 'barrier_open' || s.input.command === 'barrier_hold_open');
          expect(byDecision || byAttendant).toBe(true);
        }
      }),
    );
  });

  it('relay failures always alarm; barrier_opening -> vehicle_passed only on confirmation plus loop or barrier evidence', () => {
    fc.assert(
      fc.property(walkArb, (sequence) => {
        for (const s of walk(sequence)) {
          const alarmed = s.effects.some((e) => e.kind === 'alarm' && (e.alarm === 'relay_failed' || e.alarm === 'relay_not_confirmed'));
          if (s.input.type === 'relay_failed') expect(alarmed).toBe(true);
          if (s.input.type === 'tick' && s.before.pending && s.now >= s.before.pending.deadline) expect(alarmed).toBe(true);
          // The open command itself failed (reported or timed out): the lane must not go on as if the barrier rose.
          const ownFailure = s.input.type === 'relay_failed' ? s.input.commandId === s.before.pending?.id : alarmed;
          if (ownFailure) expect(s.state).toMatchObject({ opened: false, pending: null });
          if (ownFailure && s.before.phase === 'barrier_opening') expect(s.state.phase).toBe('decided');
          if (s.before.phase === 'barrier_opening' && s.state.phase === 'vehicle_passed') {
            const confirmedNow = s.input.type === 'relay_confirmed' && s.input.commandId === s.before.pending?.id;
            expect(s.before.opened || confirmedNow).toBe(true);
            const loopOff = s.input.type === 'loop' && !s.input.on;
            const barrierClosed = s.input.type === 'barrier' && !s.input.open && s.before.barrierOpenSince !== null;
            expect(loopOff || barrierClosed || (confirmedNow && s.before.loopClearedEarly)).toBe(true);
          }
        }
      }),
    );
  });

  it('every reachable state takes every input without throwing, and logs exactly one line', () => {
    const catalogue = fc.sample(inputArb, { numRuns: 300, seed: 7 });
    fc.assert(
      fc.property(walkArb, (sequence) => {
        const reached = walk(sequence).map((s) => s.state);
        for (const state of [initialLaneState(config, T0), ...reached.slice(-5)]) {
          for (const input of catalogue.slice(0, 40)) {
            const { state: next, effects } = step(state, input, state.since + 1000);
            expect(LANE_PHASES).toContain(next.phase);
            expect(effects.filter((e) => e.kind === 'log')).toHaveLength(1);
            expect(effects.at(-1)?.kind).toBe('log');
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('garbage inputs are ignored, not thrown', () => {
    const state = initialLaneState(config, T0);
    for (const junk of [null, undefined, 42, 'tick', {}, { type: 'vote' }, { type: 'attendant', command: 'explode' }]) {
      const result = step(state, junk as unknown as LaneInput, T0 + 1);
      expect(result.effects.at(-1)).toMatchObject({ kind: 'log' });
    }
  });
});
