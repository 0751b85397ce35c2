/**
 * Bookings, pure: the hour slots a window holds, the checks a window must pass, what a cancellation or a no-show
 * costs under the site's policy, and how capacity splits between the site and head office's allotment.
 * No clock: `now` is always passed in.
 */

export const SLOT_MS = 3_600_000;
/** The longest window one booking may hold (a fortnight's holiday parking). */
export const MAX_BOOKING_MS = 31 * 24 * SLOT_MS;

export interface BookingWindow {
  startsAt: number;
  endsAt: number;
}

export interface BookingPolicy {
  payOnArrival: boolean;
  freeCancelHours: number;
  cancelFeeMinor: number;
  noShowGraceMinutes: number;
  noShowFeeMinor: number;
  arriveEarlyMinutes: number;
  /** Head office's share of every zone/type's capacity, in basis points. */
  headofficeAllotmentBp: number;
}

/** The hour slots [first, last) a window touches: a booking 09:30-10:15 holds the 09:00 and 10:00 slots. */
export function slotsOf(window: BookingWindow): { first: number; last: number } {
  return { first: Math.floor(window.startsAt / SLOT_MS), last: Math.ceil(window.endsAt / SLOT_MS) };
}

/** Why the window cannot be booked at `now`, or null. */
export function windowProblem(window: BookingWindow, now: number): string | null {
  if (window.endsAt <= window.startsAt) return 'the window ends before it starts';
  if (window.endsAt <= now) return 'the window lies in the past';
  if (window.endsAt - window.startsAt > MAX_BOOKING_MS) return 'a booking holds at most 31 days';
  return null;
}

/** Seats of a zone/type's capacity head office may sell, and what the site may sell itself: they add up to it. */
export function splitCapacity(capacity: number, allotmentBp: number): { site: number; headoffice: number } {
  const headoffice = Math.floor((capacity * allotmentBp) / 10_000);
  return { site: capacity - headoffice, headoffice };
}

/** The fee for cancelling at `now`: free until `freeCancelHours` before the start, then the fee (never above the price). */
export function cancellationFee(policy: BookingPolicy, window: BookingWindow, priceMinor: number, now: number): number {
  const freeUntil = window.startsAt - policy.freeCancelHours * SLOT_MS;
  return now < freeUntil ? 0 : Math.min(policy.cancelFeeMinor, priceMinor);
}

/** When a booking that has not arrived stops holding its place and becomes a no-show. */
export function noShowAt(policy: BookingPolicy, window: BookingWindow): number {
  return Math.min(window.startsAt + policy.noShowGraceMinutes * 60_000, window.endsAt);
}

/** Whether a car arriving at `at` is within its booking's arrival window (early by the policy, until the no-show). */
export function withinArrival(policy: BookingPolicy, window: BookingWindow, at: number): boolean {
  return at >= window.startsAt - policy.arriveEarlyMinutes * 60_000 && at < noShowAt(policy, window);
}

/** Money back when a prepaid booking is cancelled or re-priced: what was paid beyond what is now owed. */
export function refundDue(paidMinor: number, owedMinor: number): number {
  return Math.max(0, paidMinor - owedMinor);
}
