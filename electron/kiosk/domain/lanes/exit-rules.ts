/**
 * The exit decision: which open session is this car (ranked candidates from rankPlateCandidates), and may it leave.
 *
 * Matching first, because every later rule is about *that* session:
 *  - no candidate -> attendant (no_match);
 *  - top score below MIN_MATCH_SCORE -> attendant (weak_match): rankPlateCandidates admits a whole substitution or a
 *    missing character (score 0.5-0.57), good enough to list for a person, not to let a car out on a stranger's ticket;
 *  - ambiguous -> attendant (ambiguous_match), with the candidates. Ambiguous means the top two scores are closer
 *    than AMBIGUITY_MARGIN, or the top two keys are OCR look-alikes (same foldConfusable): an exact read of
 *    "AB10CDE" proves nothing when "AB1OCDE" is also inside, the OCR cannot tell 0 from O reliably.
 * Then, for the top candidate: a valid permit -> open; within the free minutes with nothing charged and nothing
 * paid -> open (a lost ticket or a debt is charged from the first minute, and a paid stay is never "free"); paid in
 * full and still within the grace after payment -> open; nothing left to pay -> open; otherwise pay the rest. Last, the read gate
 * (lane-policy.ts): a doubtful read or a confirm-every-car lane goes to the attendant with this proposal.
 */
import { foldConfusable, type PlateCandidate } from '../plate';
import { localDateTime } from '../zoned-time';
import { gateRead, type GatedDecision, type LanePolicy, type PlateRead } from './lane-policy';
import { permitDateProblem, type Permit } from './access-rules';

/** Scores are 1 / (1 + cost): 0.67 is two OCR confusions (cost 0.5); anything worse needs a person. */
export const MIN_MATCH_SCORE = 0.65;
/** Less than this between the top two scores is a coin toss: one confusion (0.8) vs two (0.67) is 0.13 apart. */
export const AMBIGUITY_MARGIN = 0.15;

/** What the lane needs of an open session. */
export interface ExitCandidate {
  readonly sessionId: number;
  readonly plateKey: string;
}

/** The stay's charge for the top candidate, as the booth records it (charges.ts), as of `now`. */
export interface ExitQuoteFacts {
  readonly currency: string;
  /** What the whole stay is charged (tariff, adjustments, lost ticket, debts), minor units. */
  readonly dueMinor: number;
  readonly paidMinor: number;
  /** Last payment + the exit grace; null when nothing was paid. */
  readonly graceEndsAt: number | null;
  /** Entry + the tariff's free minutes; null when the tariff has none. */
  readonly freeEndsAt: number | null;
}

export interface ExitInput<T extends ExitCandidate> {
  readonly lane: Pick<LanePolicy, 'laneId' | 'direction' | 'zoneId' | 'mode' | 'minConfidence'>;
  readonly read: PlateRead | null;
  readonly now: number;
  readonly timeZone: string;
  /** Best first, as rankPlateCandidates returns them. */
  readonly candidates: ReadonlyArray<PlateCandidate<T>>;
  /** Quote for candidates[0]; null when the caller could not price it. */
  readonly quote: ExitQuoteFacts | null;
  /** Permits listing candidates[0]'s plate. */
  readonly permits: readonly Permit[];
}

export type ExitOpenCode = 'open_permit' | 'open_free' | 'open_paid_within_grace' | 'open_nothing_due' | 'open_free_flow';
export type ExitAttendantCode = 'no_read' | 'no_match' | 'weak_match' | 'ambiguous_match' | 'no_quote';

export type PlainExitDecision<T> =
  | { readonly outcome: 'open'; readonly code: ExitOpenCode; readonly why: string; readonly session: T | null }
  | { readonly outcome: 'deny'; readonly code: 'lane_closed'; readonly why: string; readonly session: null }
  | {
      readonly outcome: 'pay';
      readonly code: 'pay_due';
      readonly why: string;
      readonly session: T;
      readonly amountMinor: number;
      readonly currency: string;
    }
  | {
      readonly outcome: 'attendant';
      readonly code: ExitAttendantCode;
      readonly why: string;
      readonly session: null;
      /** What the attendant chooses from. */
      readonly candidates: ReadonlyArray<PlateCandidate<T>>;
    };

export type ExitDecision<T> = PlainExitDecision<T> | GatedDecision<PlainExitDecision<T>>;
export type ExitCode = ExitDecision<ExitCandidate>['code'];

export function decideExit<T extends ExitCandidate>(input: ExitInput<T>): ExitDecision<T> {
  const { lane, read } = input;
  if (lane.direction !== 'exit') throw new RangeError(`lane ${lane.laneId} is an entry lane: use decideEntry`);
  if (lane.mode === 'closed') return { outcome: 'deny', code: 'lane_closed', why: `lane ${lane.laneId} is closed`, session: null };
  // Free-flow exits (events letting out, a fire drill): sessions are closed afterwards, by the reads or by hand.
  if (lane.mode === 'free-flow') {
    return { outcome: 'open', code: 'open_free_flow', why: `lane ${lane.laneId} is in free-flow mode`, session: input.candidates[0]?.item ?? null };
  }
  if (read === null) return attendant('no_read', 'a vehicle is present but no plate was read', input.candidates);
  return gateRead(lane, read, decideForMatch(input, read.key));
}

function attendant<T>(code: ExitAttendantCode, why: string, candidates: ReadonlyArray<PlateCandidate<T>>): PlainExitDecision<T> {
  return { outcome: 'attendant', code, why, session: null, candidates };
}

function score(candidate: PlateCandidate<unknown>): string {
  return candidate.score.toFixed(2);
}

/** Why the top two candidates cannot be told apart, or null when the first one wins clearly. */
export function ambiguity(candidates: ReadonlyArray<PlateCandidate<{ plateKey: string }>>): string | null {
  const [first, second] = candidates;
  if (!first || !second) return null;
  if (first.score - second.score < AMBIGUITY_MARGIN) {
    return `${first.item.plateKey} (${score(first)}) and ${second.item.plateKey} (${score(second)}) score within ${AMBIGUITY_MARGIN}`;
  }
  if (foldConfusable(first.item.plateKey) === foldConfusable(second.item.plateKey)) {
    return `${first.item.plateKey} and ${second.item.plateKey} differ only by OCR look-alike characters`;
  }
  return null;
}

/** An overpayment is said at the lane too (the attendant refunds or keeps it), never hidden as a free stay. */
function overpaid(rest: number, currency: string): string {
  return rest < 0 ? `; overpaid by ${-rest} ${currency}` : '';
}

function decideForMatch<T extends ExitCandidate>(input: ExitInput<T>, key: string): PlainExitDecision<T> {
  const { candidates, now, quote } = input;
  const top = candidates[0];
  if (!top) return attendant('no_match', `no open session matches ${key}`, candidates);
  if (top.score < MIN_MATCH_SCORE) {
    return attendant('weak_match', `best match for ${key} is ${top.item.plateKey} at ${score(top)}, below ${MIN_MATCH_SCORE}`, candidates);
  }
  const tie = ambiguity(candidates);
  if (tie !== null) return attendant('ambiguous_match', `read ${key}: ${tie}`, candidates);

  const session = top.item;
  const name = `session ${session.sessionId} (${session.plateKey})`;
  // Leaving is not bound to a permit's zone or hours (the car is inside already): only its dates count.
  const local = localDateTime(input.timeZone, now);
  const permit = input.permits.find((p) => permitDateProblem(p, local) === null);
  if (permit) return { outcome: 'open', code: 'open_permit', why: `${name}: ${permit.kind} permit ${permit.id} (${permit.holder})`, session };

  if (quote === null) return attendant('no_quote', `${name}: no tariff quote, price it by hand`, candidates);
  const rest = quote.dueMinor - quote.paidMinor;
  if (quote.freeEndsAt !== null && now <= quote.freeEndsAt && quote.dueMinor === 0 && quote.paidMinor === 0) {
    return { outcome: 'open', code: 'open_free', why: `${name}: within the free minutes`, session };
  }
  // The grace is what lets a driver pay at the booth and walk to the car: minutes after the payment are not charged.
  if (quote.paidMinor > 0 && quote.graceEndsAt !== null && now <= quote.graceEndsAt && rest <= 0) {
    return { outcome: 'open', code: 'open_paid_within_grace', why: `${name}: paid ${quote.paidMinor} ${quote.currency} against a charge of ${quote.dueMinor}, within the exit grace${overpaid(rest, quote.currency)}`, session };
  }
  if (rest <= 0) return { outcome: 'open', code: 'open_nothing_due', why: `${name}: nothing left to pay${overpaid(rest, quote.currency)}`, session };
  const overstay = quote.paidMinor > 0 ? ' (the grace after payment has run out)' : '';
  return {
    outcome: 'pay',
    code: 'pay_due',
    why: `${name}: ${rest} ${quote.currency} to pay${overstay}`,
    session,
    amountMinor: rest,
    currency: quote.currency,
  };
}
