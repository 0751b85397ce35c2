/**
 * What entry and exit rules share: the lane's policy (mode, direction, confidence threshold), the voted plate read,
 * the decision shape the lane machine consumes, and the confidence gate that sends a doubtful read to the attendant.
 *
 * A decision always carries a machine `code` (stable, for logs, reports and the console's icons) and a `why` for a
 * human (the attendant reads it on the lane tile, the audit keeps it). Codes are snake_case and never reused.
 */
import { z } from 'zod';
import { plateKeySchema } from '../plate';

export const LANE_MODES = ['normal', 'attendant-confirms-every-car', 'closed', 'free-flow'] as const;
export type LaneMode = (typeof LANE_MODES)[number];

/** Whether a plate vote can move this lane's barrier with no person involved (closed lanes and confirm-every-car never do). */
export function opensOnAVote(mode: LaneMode): boolean {
  return mode === 'normal' || mode === 'free-flow';
}

/** The one threshold a new lane starts with: our OCR's votes below it were wrong often enough to need a look. */
export const DEFAULT_MIN_CONFIDENCE = 0.85;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'an id is 1-40 lower-case letters, digits or dashes');
export const laneIdSchema = id;

export const lanePolicySchema = z.strictObject({
  laneId: id,
  direction: z.enum(['entry', 'exit']),
  zoneId: id,
  mode: z.enum(LANE_MODES),
  /** The voted read's confidence must be at least this (0..1) for the lane to act without the attendant. */
  minConfidence: z.number().min(0).max(1).default(DEFAULT_MIN_CONFIDENCE),
});
export type LanePolicy = z.output<typeof lanePolicySchema>;

export const plateReadSchema = z.strictObject({
  /** Normalised key (normalisePlate). */
  key: plateKeySchema,
  /** The vote's confidence, 0..1. */
  confidence: z.number().min(0).max(1),
  /** False when the frames of the vote did not agree on one key (the winner had rivals). */
  voteAgreed: z.boolean(),
  /** Set when an attendant confirmed or typed the plate: the gate trusts a person over the OCR. */
  confirmedBy: z.string().min(1).max(64).nullable().default(null),
});
export type PlateRead = z.input<typeof plateReadSchema>;

export type Outcome = 'open' | 'deny' | 'attendant' | 'pay';

/** The part of every entry or exit decision that the lane machine needs. */
export interface LaneDecision {
  readonly outcome: Outcome;
  readonly code: string;
  readonly why: string;
}

export type GateCode = 'low_confidence' | 'vote_disagreement' | 'confirm_every_car';

/** An attendant decision produced by the gate: `proposal` is what the rules would do with the read as it stands. */
export interface GatedDecision<P> {
  readonly outcome: 'attendant';
  readonly code: GateCode;
  readonly why: string;
  readonly proposal: P;
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/**
 * The read gate, applied after the rules so the attendant sees the proposal ("would open: permit P-17") next to the
 * reason the lane did not act on it. Reads confirmed by an attendant pass: asking them twice would deadlock the lane.
 */
export function gateRead<P extends LaneDecision>(
  policy: Pick<LanePolicy, 'mode' | 'minConfidence'>,
  read: PlateRead,
  proposal: P,
): P | GatedDecision<P> {
  if (read.confirmedBy) return proposal;
  const proposed = `rules say ${proposal.outcome} (${proposal.code})`;
  if (read.confidence < policy.minConfidence) {
    const why = `read ${read.key} at ${percent(read.confidence)} confidence, below this lane's ${percent(policy.minConfidence)}: ${proposed}`;
    return { outcome: 'attendant', code: 'low_confidence', why, proposal };
  }
  if (!read.voteAgreed) {
    const why = `the frames disagreed on the plate (best vote ${read.key}): ${proposed}`;
    return { outcome: 'attendant', code: 'vote_disagreement', why, proposal };
  }
  if (policy.mode === 'attendant-confirms-every-car') {
    return { outcome: 'attendant', code: 'confirm_every_car', why: `this lane asks the attendant to confirm every car: ${proposed}`, proposal };
  }
  return proposal;
}
