import type { CallOutput } from '../../api';
import { epochToZonedInput, zonedInputToEpoch } from '../../i18n/format';

export type BookingView = CallOutput<'bookings.get'>['booking'];
export type BookingStatus = BookingView['status'];

const HOUR = 3_600_000;

/** The site day `YYYY-MM-DD` (a date input's value) as [from, to): midnight to midnight in the site's zone (23 or 25 h on a DST day). */
export function dayRange(day: string, timeZone: string): { from: number; to: number } | null {
  const from = zonedInputToEpoch(`${day}T00:00`, timeZone);
  if (from === null) return null;
  // Noon of the next calendar day, then back to its midnight: right across a DST change.
  const next = epochToZonedInput(from + 36 * HOUR, timeZone).slice(0, 10);
  const to = zonedInputToEpoch(`${next}T00:00`, timeZone);
  return to === null ? null : { from, to };
}

/** Today in the site's zone, as a date input's value. */
export function siteDay(now: number, timeZone: string): string {
  return epochToZonedInput(now, timeZone).slice(0, 10);
}

/** A new booking's first guess: from the next whole hour for four hours, as datetime-local values in the site's zone. */
export function defaultWindow(now: number, timeZone: string): { startsAt: string; endsAt: string } {
  const start = Math.ceil((now + 1) / HOUR) * HOUR;
  return { startsAt: epochToZonedInput(start, timeZone), endsAt: epochToZonedInput(start + 4 * HOUR, timeZone) };
}

export interface ListFilter {
  /** "HH:MM" in the site's zone, or '' for no bound: the booking's arrival (its start) within [from, to]. */
  readonly arrivalFrom: string;
  readonly arrivalTo: string;
  readonly status: BookingStatus | 'all';
  /** Part of the plate (spaces ignored), the booking's reference, or the driver's number. */
  readonly text: string;
}

export const NO_FILTER: ListFilter = { arrivalFrom: '', arrivalTo: '', status: 'all', text: '' };

/** The day's bookings that pass the filter, by arrival time. */
export function filterBookings(bookings: readonly BookingView[], day: string, filter: ListFilter, timeZone: string): BookingView[] {
  const bound = (hhmm: string): number | null => (hhmm ? zonedInputToEpoch(`${day}T${hhmm}`, timeZone) : null);
  const from = bound(filter.arrivalFrom);
  const to = bound(filter.arrivalTo);
  const text = filter.text.replace(/\s+/g, '').toUpperCase();
  return bookings
    .filter((b) => (from === null || b.startsAt >= from) && (to === null || b.startsAt <= to))
    .filter((b) => filter.status === 'all' || b.status === filter.status)
    .filter((b) => !text || b.plateKey.includes(text) || b.ref.toUpperCase().includes(text) || String(b.driverId) === text)
    .sort((a, b) => a.startsAt - b.startsAt || a.id - b.id);
}
