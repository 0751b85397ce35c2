/**
 * What the lane screens decide without the kiosk: which cars wait for the attendant, in which order, and which
 * reason code an action starts with. Pure, so it is unit-tested beside this file.
 */
import type { LaneAction, LaneMode, LaneView, ReasonCode } from '../api/lane-types';

/**
 * The reason codes with the digit that picks each in the reason picker. A Record, so a code added to the contract
 * fails the build here until the picker offers it.
 */
const REASON_DIGIT: Record<ReasonCode, number> = {
  driver_assistance: 1,
  plate_misread: 2,
  payment_problem: 3,
  permit_problem: 4,
  emergency_vehicle: 5,
  staff_or_contractor: 6,
  equipment_fault: 7,
  maintenance: 8,
  other: 9,
};
export const REASON_CODES = (Object.keys(REASON_DIGIT) as ReasonCode[]).sort((a, b) => REASON_DIGIT[a] - REASON_DIGIT[b]);

/** The modes in the order the mode picker lists them (a Record for the same reason as above). */
const MODE_ORDER: Record<LaneMode, number> = { normal: 1, 'attendant-confirms-every-car': 2, 'free-flow': 3, closed: 4 };
export const LANE_MODES = (Object.keys(MODE_ORDER) as LaneMode[]).sort((a, b) => MODE_ORDER[a] - MODE_ORDER[b]);

/** "85" -> 0.85; null when it is not a whole percentage. */
export function confidenceOf(percent: string): number | null {
  return /^\d{1,3}$/.test(percent) && Number(percent) <= 100 ? Number(percent) / 100 : null;
}

/**
 * What the core refuses from an attendant (SUPERVISOR_LANE_ACTIONS in the contract, which the console may not import
 * as code; lanes.setMode is a supervisor's call of its own): the console hides them.
 */
export const SUPERVISOR_ACTIONS: ReadonlySet<LaneAction> = new Set(['hold_open', 'close_lane', 'open_lane']);

/** A car still being read after this long is shown to the attendant before the lane itself gives up on the read. */
export const READING_TOO_LONG_MS = 5_000;

/** 'open' too: an open decision stays 'decided' only when the board did not confirm the barrier (a fault). */
const ASKS_ATTENDANT: ReadonlySet<string> = new Set(['attendant', 'deny', 'pay', 'open']);

function needsAttendant(lane: LaneView, now: number): boolean {
  // A car the attendant has just refused waits to back out: nothing more to decide about it.
  if (lane.phase === 'decided') return lane.decision !== null && ASKS_ATTENDANT.has(lane.decision.outcome) && lane.decision.code !== 'attendant_deny';
  return (lane.phase === 'reading' || lane.phase === 'vehicle_present') && now - lane.since >= READING_TOO_LONG_MS;
}

/** The cars waiting for the attendant, the one that has waited longest first. */
export function attendantQueue(lanes: readonly LaneView[], now: number): LaneView[] {
  return lanes.filter((lane) => needsAttendant(lane, now)).sort((a, b) => a.since - b.since);
}

const READ_PROBLEMS: ReadonlySet<string> = new Set(['low_confidence', 'vote_disagreement', 'no_read', 'no_match', 'weak_match', 'ambiguous_match']);

/** The reason the lane's own decision points at, for an attendant who overrides it. */
function reasonForDecision(code: string | undefined): ReasonCode | null {
  if (code === undefined) return null;
  if (code.startsWith('permit_') || code === 'anti_passback') return 'permit_problem';
  if (code === 'pay_due' || code === 'no_quote') return 'payment_problem';
  if (code.startsWith('open_')) return 'equipment_fault';
  return READ_PROBLEMS.has(code) ? 'plate_misread' : null;
}

/** Deny starts on "other": refusing a car is worth a sentence unless the lane's decision already says why. */
const ACTION_REASON: Record<LaneAction | 'setMode', ReasonCode> = {
  open: 'driver_assistance',
  hold_open: 'maintenance',
  close_barrier: 'equipment_fault',
  close_lane: 'maintenance',
  open_lane: 'maintenance',
  deny: 'other',
  confirm: 'plate_misread',
  correct: 'plate_misread',
  choose: 'plate_misread',
  setMode: 'maintenance',
};

export function defaultReason(action: LaneAction | 'setMode', lane: LaneView): ReasonCode {
  const fromDecision = action === 'open' || action === 'deny' ? reasonForDecision(lane.decision?.code) : null;
  return fromDecision ?? ACTION_REASON[action];
}

/** The reason code a key picks: its digit, or the next code (after `current`) whose label starts with the letter. */
export function reasonForKey(key: string, current: ReasonCode, label: (code: ReasonCode) => string): ReasonCode | null {
  if (/^[1-9]$/.test(key)) return REASON_CODES.find((code) => REASON_DIGIT[code] === Number(key)) ?? null;
  if (!/^\p{L}$/u.test(key)) return null;
  const letter = key.toLocaleLowerCase();
  const matches = REASON_CODES.filter((code) => label(code).toLocaleLowerCase().startsWith(letter));
  if (matches.length === 0) return null;
  return matches[(matches.indexOf(current) + 1) % matches.length] ?? null;
}

export function reasonDigit(code: ReasonCode): number {
  return REASON_DIGIT[code];
}
