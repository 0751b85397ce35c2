/**
 * The vocabulary of the lane machine (lane-machine.ts): its state, the inputs it accepts and the effects it asks
 * for. Effects are data: the lane service carries them out (relay commands, console events, the lane display) and
 * feeds the results back as inputs (relay_confirmed / relay_failed), so the machine itself stays pure and replayable.
 */
import type { LaneDecision, PlateRead } from './lane-policy';

export const LANE_PHASES = ['idle', 'vehicle_present', 'reading', 'decided', 'barrier_opening', 'vehicle_passed', 'closed'] as const;
export type LanePhase = (typeof LANE_PHASES)[number];

export interface LaneTimings {
  /** Vehicle on the loop with no plate vote: give up waiting and call the attendant. */
  readonly readMs: number;
  /** A relay command the board has not confirmed by then is an alarm (the board itself times out sooner). */
  readonly relayConfirmMs: number;
  /** After the barrier opened, the vehicle should be through by then. */
  readonly passMs: number;
  /** A barrier sensed open this long (outside hold-open) is stuck. */
  readonly openTooLongMs: number;
  /** A held-open barrier raises an alarm after this long, so nobody forgets one open overnight. */
  readonly holdMaxMs: number;
  /** How long "vehicle passed" shows before the lane is idle again. */
  readonly settleMs: number;
}

export const DEFAULT_TIMINGS: LaneTimings = {
  readMs: 8_000,
  relayConfirmMs: 2_000,
  passMs: 30_000,
  openTooLongMs: 60_000,
  holdMaxMs: 4 * 60 * 60_000,
  settleMs: 1_500,
};

export interface LaneConfig {
  readonly laneId: string;
  /** What a passage the rules recorded was: an entry's stay opened, or an exit's stay closed. */
  readonly direction: 'entry' | 'exit';
  /** The barrier's relay channel, numbered from 1 (RelayBoard convention). */
  readonly channel: number;
  readonly pulseMs: number;
  readonly timings: LaneTimings;
  /**
   * Whether a presence loop or a barrier sensor reports to this lane. Without either, nothing can ever say the car
   * went through, so the board's confirmation of the open pulse counts as the passage (camera-only lanes).
   */
  readonly sensed: boolean;
}

export type AlarmKind = 'relay_failed' | 'relay_not_confirmed' | 'vehicle_never_passed' | 'barrier_open_too_long' | 'hold_open_too_long';

export interface RelayCommand {
  readonly id: number;
  readonly action: 'pulse' | 'hold' | 'release';
  readonly deadline: number;
}

export interface LaneState {
  readonly config: LaneConfig;
  readonly phase: LanePhase;
  /** When the phase was entered. */
  readonly since: number;
  /** Presence loop as last reported. */
  readonly loop: boolean;
  /** Barrier sensor as last reported (false when the board has no sensor), and since when it reads open. */
  readonly barrierOpenSince: number | null;
  readonly plate: PlateRead | null;
  readonly decision: LaneDecision | null;
  /** The relay command awaiting confirmation; at most one, a lane has one barrier. */
  readonly pending: RelayCommand | null;
  /** True once the board confirmed the open command of this cycle: the barrier may be up. */
  readonly opened: boolean;
  /** The loop went off while opening but before confirmation: passed once the board confirms. */
  readonly loopClearedEarly: boolean;
  readonly holdOpen: { readonly reason: string; readonly by: string; readonly at: number } | null;
  /** Deadline of the current phase (read, pass, settle); checked on tick. */
  readonly deadline: number | null;
  /** Alarms already raised, so a tick does not raise the same one every 100 ms. */
  readonly raised: readonly AlarmKind[];
  readonly nextCommandId: number;
}

export interface AttendantBy {
  readonly by: string;
  readonly reason: string;
}

export type AttendantCommand =
  | ({ readonly command: 'barrier_open' | 'barrier_hold_open' | 'barrier_close' | 'lane_close' | 'lane_open' | 'deny' } & AttendantBy)
  | ({ readonly command: 'confirm_plate' } & AttendantBy)
  | ({ readonly command: 'correct_plate'; readonly plateKey: string } & AttendantBy);

export type LaneInput =
  | { readonly type: 'loop'; readonly on: boolean }
  | { readonly type: 'read_started' }
  | { readonly type: 'vote'; readonly read: PlateRead }
  | { readonly type: 'decision'; readonly decision: LaneDecision }
  | ({ readonly type: 'attendant' } & AttendantCommand)
  | { readonly type: 'relay_confirmed'; readonly commandId: number }
  | { readonly type: 'relay_failed'; readonly commandId: number; readonly error: string }
  | { readonly type: 'barrier'; readonly open: boolean }
  | { readonly type: 'tick' };

/** What the lane tells the console on its own. */
export type LaneNotice = 'barrier_fault' | 'vehicle_left' | 'decision' | 'vehicle_passed';
export type LaneOverride = 'manual_open' | 'manual_hold_open' | 'manual_close' | 'lane_closed' | 'lane_opened' | 'manual_deny' | 'plate_confirmed' | 'plate_corrected';

export type LaneEffect =
  | { readonly kind: 'relay'; readonly action: 'pulse'; readonly channel: number; readonly ms: number; readonly commandId: number }
  | { readonly kind: 'relay'; readonly action: 'set'; readonly channel: number; readonly on: boolean; readonly commandId: number }
  /** Ask the lane service to run the rules for this read (null: no read, e.g. a free-flow lane). */
  | { readonly kind: 'decide'; readonly read: PlateRead | null }
  | { readonly kind: 'console'; readonly event: LaneNotice; readonly text: string; readonly by?: undefined; readonly reason?: undefined }
  /** What a person did to the lane, with who and why: the lane controller audits it as `lane.<event>`. */
  | { readonly kind: 'console'; readonly event: LaneOverride; readonly text: string; readonly by: string; readonly reason: string }
  | { readonly kind: 'display'; readonly text: string }
  | { readonly kind: 'alarm'; readonly alarm: AlarmKind; readonly text: string }
  | { readonly kind: 'log'; readonly level: 'info' | 'warn'; readonly from: LanePhase; readonly to: LanePhase; readonly input: string; readonly text: string };

export interface StepResult {
  readonly state: LaneState;
  readonly effects: readonly LaneEffect[];
}

export function initialLaneState(config: LaneConfig, now: number, closed = false): LaneState {
  return {
    config,
    phase: closed ? 'closed' : 'idle',
    since: now,
    loop: false,
    barrierOpenSince: null,
    plate: null,
    decision: null,
    pending: null,
    opened: false,
    loopClearedEarly: false,
    holdOpen: null,
    deadline: null,
    raised: [],
    nextCommandId: 1,
  };
}
