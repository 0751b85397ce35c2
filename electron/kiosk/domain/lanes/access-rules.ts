/**
 * The entry decision: given the voted read and the facts the lane service looked up for it (permits, list entries,
 * reservation, occupancy, anti-passback), say open / deny / attendant, with a code and a why.
 *
 * Order, and why:
 *  1. lane closed -> deny; free-flow -> open without a read (a free-flow lane must not stop a car the OCR missed).
 *  2. no read -> attendant.
 *  3. the rules on the read key (decideForPlate), then the read gate (lane-policy.ts) on top, so a low-confidence
 *     read goes to the attendant with what the rules would have done.
 * decideForPlate: deny list, anti-passback, a usable permit, a reservation, the allow list, then a permit that
 * matched but is unusable (deny, saying which term failed), then full, then transient. Full comes after permits,
 * reservations and the allow list on purpose: those spaces are sold or promised, a full lot still admits them.
 *
 * Matching: the caller looks facts up by foldConfusable(key) (0/O, 1/I, 8/B, 5/S, 2/Z); facts whose folded key is not
 * the read's are ignored here. A deny entry that matches only up to an OCR confusion is never a hard deny: a person
 * looks. Permits and allow entries do match up to a confusion: the OCR cannot tell those plates apart either way.
 */
import { z } from 'zod';
import { foldConfusable, plateKeySchema } from '../plate';
import { WEEKDAYS, minutesOfDay } from '../tariff-rules';
import { localDateTime, type LocalDate, type LocalDateTime } from '../zoned-time';
import { gateRead, laneIdSchema, type GatedDecision, type LanePolicy, type PlateRead } from './lane-policy';

const epochMs = z.int().min(0).max(8_640_000_000_000_000);
const note = z.string().trim().max(500);
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const LOCAL_END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A window on some weekdays, local time of the site. from < to: an overnight permit lists two windows. */
export const permitHoursSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1),
    from: z.string().regex(LOCAL_TIME, 'a local time "HH:MM"'),
    to: z.string().regex(LOCAL_END, 'a local time "HH:MM" up to 24:00'),
  })
  .refine((w) => minutesOfDay(w.from) < minutesOfDay(w.to), 'from must be before to (split an overnight window in two)');

export const permitSchema = z
  .strictObject({
    id: laneIdSchema,
    kind: z.enum(['monthly', 'contract']),
    holder: z.string().trim().min(1).max(120),
    /** The vehicles on the permit; `maxInside` of them may be inside at once. */
    plateKeys: z.array(plateKeySchema).min(1).max(50),
    maxInside: z.int().min(1).max(1000),
    /** Local dates of the site, both inclusive: a permit "for March" runs 03-01..03-31 on the wall clock. */
    validFrom: z.string().regex(LOCAL_DATE, 'a local date "YYYY-MM-DD"'),
    validUntil: z.string().regex(LOCAL_DATE, 'a local date "YYYY-MM-DD"'),
    /** Zone ids it admits to; empty = every zone. */
    zones: z.array(laneIdSchema).max(100),
    /** When it admits; empty = at any time. */
    hours: z.array(permitHoursSchema).max(50),
    note: note.default(''),
  })
  .refine((p) => p.validFrom <= p.validUntil, 'validFrom must not be after validUntil');
export type Permit = z.output<typeof permitSchema>;

export const listEntrySchema = z.discriminatedUnion('list', [
  z.strictObject({ list: z.literal('allow'), id: laneIdSchema, plateKey: plateKeySchema, note, expiresAt: epochMs.nullable() }),
  z.strictObject({
    list: z.literal('deny'),
    id: laneIdSchema,
    plateKey: plateKeySchema,
    note,
    expiresAt: epochMs.nullable(),
    /** 'refuse': deny at the barrier; 'review': stop the car and ask the attendant (e.g. unpaid debt, police note). */
    onMatch: z.enum(['refuse', 'review']),
  }),
]);
export type ListEntry = z.output<typeof listEntrySchema>;

export const reservationSchema = z
  .strictObject({
    id: laneIdSchema,
    plateKey: plateKeySchema,
    /** null: any zone. */
    zoneId: laneIdSchema.nullable(),
    /** The window in which an entry lane admits the car (booking start minus early arrival .. latest arrival). */
    arriveFrom: epochMs,
    arriveUntil: epochMs,
    /** Where the booking's confirmation is texted (E.164), in the driver's language; null: no texts. */
    contact: z.strictObject({ phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'a phone number in international form, like +447700900123'), language: z.string().min(2).max(35).nullable().default(null) }).nullable().default(null),
  })
  .refine((r) => r.arriveFrom < r.arriveUntil, 'arriveFrom must be before arriveUntil');
export type Reservation = z.output<typeof reservationSchema>;

export interface EntryFacts {
  /** Permits that list the plate (by folded key), each with how many of its vehicles are inside now. */
  readonly permits: ReadonlyArray<{ readonly permit: Permit; readonly insideNow: number }>;
  readonly listEntries: readonly ListEntry[];
  readonly reservation: Reservation | null;
  readonly occupancy: { readonly occupied: number; readonly capacity: number };
  /** In/out state of the plate's credential; 'unknown' after a supervisor's reset or for a first visit. */
  readonly antiPassback: 'inside' | 'outside' | 'unknown';
}

export interface EntryInput {
  readonly lane: Pick<LanePolicy, 'laneId' | 'direction' | 'zoneId' | 'mode' | 'minConfidence'>;
  /** The voted read; null when the reader has none (free-flow lanes still open). */
  readonly read: PlateRead | null;
  readonly now: number;
  readonly timeZone: string;
  readonly facts: EntryFacts;
}

export type EntryOpenCode = 'open_permit' | 'open_reservation' | 'open_allow_list' | 'open_transient' | 'open_free_flow';
export type EntryDenyCode =
  | 'lane_closed'
  | 'deny_list'
  | 'anti_passback'
  | 'permit_not_yet_valid'
  | 'permit_expired'
  | 'permit_wrong_zone'
  | 'permit_outside_hours'
  | 'permit_limit_reached'
  | 'full';

export type PlainEntryDecision =
  | {
      readonly outcome: 'open';
      readonly code: EntryOpenCode;
      readonly why: string;
      /** The permit, reservation or list entry that opened, for the session row and the audit. */
      readonly ref: string | null;
    }
  | { readonly outcome: 'deny'; readonly code: EntryDenyCode; readonly why: string; readonly ref: string | null }
  | { readonly outcome: 'attendant'; readonly code: 'no_read' | 'deny_list_review'; readonly why: string; readonly ref: string | null };

export type EntryDecision = PlainEntryDecision | GatedDecision<PlainEntryDecision>;
export type EntryCode = EntryDecision['code'];

export function decideEntry(input: EntryInput): EntryDecision {
  const { lane, read } = input;
  if (lane.direction !== 'entry') throw new RangeError(`lane ${lane.laneId} is an exit lane: use decideExit`);
  if (lane.mode === 'closed') return { outcome: 'deny', code: 'lane_closed', why: `lane ${lane.laneId} is closed`, ref: null };
  if (lane.mode === 'free-flow') {
    return { outcome: 'open', code: 'open_free_flow', why: `lane ${lane.laneId} is in free-flow mode`, ref: null };
  }
  if (read === null) return { outcome: 'attendant', code: 'no_read', why: 'a vehicle is present but no plate was read', ref: null };
  return gateRead(lane, read, decideForPlate(input, read.key));
}

type PermitProblem = Extract<EntryDecision['code'], `permit_${string}`>;

/** Whether a permit's dates cover the site's local date: the only term that also holds at the exit. */
export function permitDateProblem(permit: Permit, local: LocalDate): { code: PermitProblem; why: string } | null {
  const today = isoDate(local);
  const name = `permit ${permit.id} (${permit.holder})`;
  if (today < permit.validFrom) return { code: 'permit_not_yet_valid', why: `${name} starts on ${permit.validFrom}` };
  if (today > permit.validUntil) return { code: 'permit_expired', why: `${name} ended on ${permit.validUntil}` };
  return null;
}

/** Why a permit cannot admit now, or null when it can. Checked in the order a holder would want to hear it. */
export function permitProblem(
  permit: Permit,
  insideNow: number,
  zoneId: string,
  local: LocalDateTime,
): { code: PermitProblem; why: string } | null {
  const dates = permitDateProblem(permit, local);
  if (dates) return dates;
  const name = `permit ${permit.id} (${permit.holder})`;
  if (permit.zones.length > 0 && !permit.zones.includes(zoneId)) {
    return { code: 'permit_wrong_zone', why: `${name} is for ${permit.zones.join(', ')}, not ${zoneId}` };
  }
  if (permit.hours.length > 0 && !withinHours(permit, local)) {
    const hours = permit.hours.map((w) => `${w.days.join('/')} ${w.from}-${w.to}`).join('; ');
    const time = `${isoDate(local)} ${pad(local.hour)}:${pad(local.minute)}`;
    return { code: 'permit_outside_hours', why: `${name} admits ${hours} (site time), it is ${time}` };
  }
  if (insideNow >= permit.maxInside) {
    return { code: 'permit_limit_reached', why: `${name} already has ${insideNow} of ${permit.maxInside} vehicle(s) inside` };
  }
  return null;
}

function isoDate(date: LocalDate): string {
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

function withinHours(permit: Permit, local: LocalDateTime): boolean {
  const day = WEEKDAYS[local.weekday - 1]!;
  const minute = local.hour * 60 + local.minute;
  return permit.hours.some((w) => w.days.includes(day) && minutesOfDay(w.from) <= minute && minute < minutesOfDay(w.to));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function decideForPlate(input: EntryInput, key: string): PlainEntryDecision {
  const { facts, now, lane } = input;
  const folded = foldConfusable(key);
  const matches = (plateKey: string) => foldConfusable(plateKey) === folded;
  const live = facts.listEntries.filter((e) => matches(e.plateKey) && (e.expiresAt === null || now < e.expiresAt));

  // A hard deny needs the exact key; a near one, or a 'review' entry, stops the car for a person to look.
  const denies = live.filter((e) => e.list === 'deny');
  const refuse = denies.find((e) => e.onMatch === 'refuse' && e.plateKey === key);
  if (refuse) return { outcome: 'deny', code: 'deny_list', why: `${key} is on the deny list: ${refuse.note || 'no note'}`, ref: refuse.id };
  const review = denies[0];
  if (review) {
    const near = review.plateKey === key ? '' : ` (listed as ${review.plateKey}, an OCR look-alike)`;
    const why = `${key} is on the deny list${near}, check before letting in: ${review.note || 'no note'}`;
    return { outcome: 'attendant', code: 'deny_list_review', why, ref: review.id };
  }

  if (facts.antiPassback === 'inside') {
    const why = `${key} is already recorded inside (anti-passback); a supervisor can reset it if it left unseen`;
    return { outcome: 'deny', code: 'anti_passback', why, ref: null };
  }

  const local = localDateTime(input.timeZone, now);
  const permits = facts.permits.filter(({ permit }) => permit.plateKeys.some(matches));
  const problems = permits.map(({ permit, insideNow }) => ({ permit, problem: permitProblem(permit, insideNow, lane.zoneId, local) }));
  const usable = problems.find((p) => p.problem === null);
  if (usable) {
    const { permit } = usable;
    return { outcome: 'open', code: 'open_permit', why: `${permit.kind} permit ${permit.id} (${permit.holder})`, ref: permit.id };
  }

  const booking = facts.reservation;
  if (booking && matches(booking.plateKey) && (booking.zoneId === null || booking.zoneId === lane.zoneId)) {
    if (booking.arriveFrom <= now && now < booking.arriveUntil) {
      return { outcome: 'open', code: 'open_reservation', why: `reservation ${booking.id}`, ref: booking.id };
    }
  }

  const allow = live.find((e) => e.list === 'allow');
  if (allow) return { outcome: 'open', code: 'open_allow_list', why: `${key} is on the allow list: ${allow.note || 'no note'}`, ref: allow.id };

  // A permit car outside its terms is the office's business: admitting it as a transient would bill a holder who
  // believes they are covered, and the dispute lands on the attendant anyway.
  const failed = problems[0];
  if (failed?.problem) return { outcome: 'deny', code: failed.problem.code, why: failed.problem.why, ref: failed.permit.id };

  const { occupied, capacity } = facts.occupancy;
  if (occupied >= capacity) {
    return { outcome: 'deny', code: 'full', why: `zone ${lane.zoneId} is full (${occupied}/${capacity}) for visitors`, ref: null };
  }
  return { outcome: 'open', code: 'open_transient', why: `visitor, ${capacity - occupied} space(s) free in ${lane.zoneId}`, ref: null };
}
