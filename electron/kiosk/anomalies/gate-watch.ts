/**
 * Turns the lanes' pushed views into gate cycles (barrier up to down again, the vehicles that went through) for
 * detectGateCycle. A cycle counts a vehicle when the lane says one passed, and another when a car stands on the loop
 * under a barrier that is still open after one passed (the lane treats it as the next car; nobody paid for it).
 * A barrier that never opened (the relay failed) is the lane's own alarm, not a cycle; a barrier open past the
 * lane's pass time with nothing through closes the cycle with no vehicle, as the lane's alarm says.
 */
import type { LaneView } from '../contract/lanes';
import type { GateCycle } from '../domain/anomalies';

const RELAY_ALARMS = new Set(['relay_failed', 'relay_not_confirmed']);

interface OpenCycle {
  openedAt: number;
  vehicles: number;
  held: boolean;
}

export class GateWatch {
  private readonly last = new Map<string, LaneView>();
  private readonly cycles = new Map<string, OpenCycle>();

  /** Follows one lane's view; returns the cycle it ended, if any. */
  observe(view: LaneView, at: number): GateCycle | null {
    const before = this.last.get(view.laneId);
    this.last.set(view.laneId, view);
    if (!before) return null;
    let cycle = this.cycles.get(view.laneId);
    if (!cycle && before.barrier === 'down' && view.barrier !== 'down') {
      cycle = { openedAt: at, vehicles: 0, held: false };
      this.cycles.set(view.laneId, cycle);
    }
    if (!cycle) return null;
    if (view.barrier === 'held') cycle.held = true;
    const entered = view.phase !== before.phase ? view.phase : null;
    if (entered === 'vehicle_passed' || (entered === 'vehicle_present' && cycle.vehicles > 0)) cycle.vehicles++;
    const newAlarms = view.alarms.filter((a) => a.at >= cycle.openedAt).map((a) => a.kind);
    if (newAlarms.some((kind) => RELAY_ALARMS.has(kind))) {
      this.cycles.delete(view.laneId);
      return null;
    }
    const neverPassed = newAlarms.includes('vehicle_never_passed') && cycle.vehicles === 0;
    if (view.barrier !== 'down' && !neverPassed && view.phase !== 'closed') return null;
    this.cycles.delete(view.laneId);
    return { laneId: view.laneId, openedAt: cycle.openedAt, closedAt: at, vehicles: cycle.vehicles, held: cycle.held };
  }
}
