/**
 * The operations the per-step kill -9 tests run (operations-crash.test.ts), each as the console or the lane asks it,
 * on a kiosk started from the site operations-crash-child.ts `setup` leaves: anna's shift open with a 50.00 float,
 * CASH01 parked 2 h (owes money), EXIT01 parked 5 min (inside its free minutes). Run in the child (killed at a step)
 * and again in the test after the restart, where an operation that already happened must change nothing.
 */
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { LaneDecider } from '../../electron/kiosk/lanes/lane-decider';

export const OPERATIONS = ['cash', 'drawer', 'shift_open', 'shift_close', 'entry', 'exit'] as const;
/** `idle` starts the kiosk and does nothing: the state a kill before the operation's first statement leaves. */
export type Operation = (typeof OPERATIONS)[number];

/** A weekday late morning: the demo tariff's daytime price, whatever the hour the test runs. */
export const T0 = Date.UTC(2026, 10, 23, 11, 0);
const ANNA = { id: 1, username: 'anna', role: 'attendant' as const };
const SAM = { id: 2, username: 'sam', role: 'supervisor' as const };

/** The site every operation starts from. */
export function setUp(kiosk: Kiosk): void {
  const { services, store } = kiosk;
  services.shifts.open(5000, ANNA);
  const parked = (plate: string, minutes: number) =>
    store.change(() => services.sessions.open({ plateRaw: plate, plateConfidence: null, plateImage: null, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: 'crash test', at: T0 - minutes * 60_000 }, ANNA));
  parked('CASH01', 120);
  parked('EXIT01', 5);
}

/** Runs one operation; an operation already done is refused or finds nothing to do, as a retry at the booth would. */
export function runOperation(kiosk: Kiosk, operation: Operation): unknown {
  const { services, store } = kiosk;
  const inside = (plate: string) => store.sessions.inside().find((s) => s.plateKey === plate);
  const refusedIfDone = (work: () => unknown) => {
    try {
      return work();
    } catch (error) {
      return { refused: (error as Error).message };
    }
  };
  switch (operation) {
    case 'cash': {
      // The same key as the first try: the booth's retry of a payment it never heard the answer to.
      const paid = services.payments.repo.paymentByKey('crash-cash');
      const sessionId = paid?.sessionId ?? inside('CASH01')!.id;
      const amountMinor = paid?.amountMinor ?? services.payments.quote(sessionId).dueMinor;
      return refusedIfDone(() => services.payments.payCash({ sessionId, idempotencyKey: 'crash-cash', amountMinor, currency: 'GBP', tenderedMinor: 1000 }, ANNA).changeMinor);
    }
    case 'drawer':
      return refusedIfDone(() => services.shifts.moveCash({ kind: 'paid_out', amountMinor: 500, reason: 'change for the float', idempotencyKey: 'crash-drawer' }, ANNA).expectedMinor);
    case 'shift_open':
      return refusedIfDone(() => services.shifts.open(2000, SAM).id);
    case 'shift_close':
      return refusedIfDone(() => services.shifts.close({ '1000': 5 }, ANNA).varianceMinor);
    case 'entry':
      return laneDecision(kiosk, 'in1', 'NEW01');
    case 'exit':
      return laneDecision(kiosk, 'out1', 'EXIT01');
  }
}

/** The lane's own decision, as its controller asks it just before the barrier pulse. */
function laneDecision(kiosk: Kiosk, laneId: string, plate: string): unknown {
  const { services, store } = kiosk;
  const decider = new LaneDecider(services.core, services.sessions, (sessionId, at) => services.payments.quote(sessionId, at));
  const lane = services.core.layout().lanes.find((l) => l.id === laneId)!;
  const decided = decider.decide(lane, store.lanes.settingsFor(laneId)!, { key: plate, confidence: 0.97, voteAgreed: true });
  return { outcome: decided.decision.outcome, code: decided.decision.code };
}
