import { describe, expect, it } from 'vitest';
import type { LaneView } from '../contract/lanes';
import { GateWatch } from './gate-watch';

const lane = (patch: Partial<LaneView>): LaneView => ({
  laneId: 'in1', name: 'In', direction: 'entry', zoneId: 'ground', mode: 'auto', scheduled: null, minConfidence: 0.8, phase: 'idle', since: 0, car: null, lastHandled: null, display: '',
  plate: null, decision: null, sessionId: null, candidates: [], amountDue: null, barrier: 'down', relay: null, camera: null, alarms: [], lastRead: null, frameAt: null,
  ...patch,
} as LaneView);

/** Feeds the views in order, one second apart; returns what each ended. */
function follow(...views: Partial<LaneView>[]) {
  const watch = new GateWatch();
  return [lane({}), ...views.map(lane)].map((view, i) => watch.observe(view, i * 1000)).filter((c) => c !== null);
}

describe('gate cycles from the lanes’ views', () => {
  it('counts one car through an opening', () => {
    expect(follow({ phase: 'barrier_opening', barrier: 'opening' }, { phase: 'barrier_opening', barrier: 'up' }, { phase: 'vehicle_passed', barrier: 'up' }, { phase: 'idle', barrier: 'down' })).toEqual([
      { laneId: 'in1', openedAt: 1000, closedAt: 4000, vehicles: 1, held: false },
    ]);
  });

  it('counts a second car on the loop under the still open barrier (tailgating)', () => {
    const [cycle] = follow({ phase: 'barrier_opening', barrier: 'up' }, { phase: 'vehicle_passed', barrier: 'up' }, { phase: 'vehicle_present', barrier: 'up' }, { phase: 'idle', barrier: 'down' });
    expect(cycle).toMatchObject({ vehicles: 2 });
  });

  it("ends with no vehicle when the lane says none went through, and ignores an opening the relay never made", () => {
    const [cycle] = follow({ phase: 'barrier_opening', barrier: 'opening' }, { phase: 'barrier_opening', barrier: 'opening', alarms: [{ kind: 'vehicle_never_passed', text: '', at: 2000 }] });
    expect(cycle).toMatchObject({ vehicles: 0, closedAt: 2000 });
    expect(follow({ phase: 'barrier_opening', barrier: 'opening' }, { phase: 'decided', barrier: 'down', alarms: [{ kind: 'relay_failed', text: '', at: 2000 }] })).toEqual([]);
  });

  it('marks a held barrier', () => {
    const [cycle] = follow({ phase: 'barrier_opening', barrier: 'held' }, { phase: 'vehicle_passed', barrier: 'held' }, { phase: 'vehicle_present', barrier: 'held' }, { phase: 'idle', barrier: 'down' });
    expect(cycle).toMatchObject({ held: true, vehicles: 2 });
  });
});
