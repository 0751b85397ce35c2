import { describe, expect, it } from 'vitest';
import type { LaneView } from '../api/lane-types';
import { attendantQueue, defaultReason, READING_TOO_LONG_MS, reasonForKey, REASON_CODES } from './lane-model';

function lane(laneId: string, change: Partial<LaneView>): LaneView {
  return {
    laneId,
    name: laneId,
    direction: 'entry',
    zoneId: 'ground',
    mode: 'normal',
    scheduled: null,
    minConfidence: 0.85,
    phase: 'idle',
    since: 0,
    car: null,
    lastHandled: null,
    display: '',
    plate: null,
    decision: null,
    sessionId: null,
    unrecorded: null,
    candidates: [],
    amountDue: null,
    barrier: 'down',
    relay: null,
    camera: null,
    alarms: [],
    lastRead: null,
    frameAt: null,
    ...change,
  };
}

const decided = (outcome: 'open' | 'deny' | 'attendant' | 'pay', code: string, since: number): Partial<LaneView> => ({ phase: 'decided', since, decision: { outcome, code, why: '' } });

describe('the attendant queue', () => {
  const now = 100_000;

  it('holds the cars the lanes asked about, and those whose barrier did not open, the longest waiting first', () => {
    const lanes = [
      lane('a', decided('attendant', 'low_confidence', 90_000)),
      lane('b', decided('open', 'open_permit', 80_000)),
      lane('c', decided('pay', 'pay_due', 70_000)),
      lane('d', decided('deny', 'deny_list', 95_000)),
      lane('e', { phase: 'barrier_opening', since: 10_000 }),
      lane('f', decided('deny', 'attendant_deny', 60_000)),
    ];
    expect(attendantQueue(lanes, now).map((l) => l.laneId)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('adds a car still being read only once it has waited too long', () => {
    const reading = (since: number): LaneView => lane('r', { phase: 'reading', since });
    expect(attendantQueue([reading(now - READING_TOO_LONG_MS + 1)], now)).toEqual([]);
    expect(attendantQueue([reading(now - READING_TOO_LONG_MS)], now)).toHaveLength(1);
  });
});

describe('reason codes', () => {
  it('start from what the lane decided, then from the action', () => {
    expect(defaultReason('correct', lane('a', {}))).toBe('plate_misread');
    expect(defaultReason('open', lane('a', decided('deny', 'permit_expired', 0)))).toBe('permit_problem');
    expect(defaultReason('open', lane('a', decided('pay', 'pay_due', 0)))).toBe('payment_problem');
    expect(defaultReason('open', lane('a', decided('open', 'open_permit', 0)))).toBe('equipment_fault');
    expect(defaultReason('open', lane('a', {}))).toBe('driver_assistance');
    expect(defaultReason('deny', lane('a', decided('deny', 'full', 0)))).toBe('other');
  });

  it('are picked by digit, or by first letter with repeats moving on', () => {
    const label = (code: string): string => code.replace(/_/g, ' ');
    expect(reasonForKey('2', 'other', label)).toBe('plate_misread');
    expect(reasonForKey('p', 'other', label)).toBe('plate_misread');
    expect(reasonForKey('p', 'plate_misread', label)).toBe('payment_problem');
    expect(reasonForKey('p', 'permit_problem', label)).toBe('plate_misread');
    expect(reasonForKey('x', 'other', label)).toBeNull();
    expect(reasonForKey('0', 'other', label)).toBeNull();
    expect(REASON_CODES).toHaveLength(9);
  });
});
