/**
 * When a queued SMS may go: quiet hours on the site's wall clock, and a per-number rate limit. Pure: the service
 * passes the clock and the counts in.
 */
import { localDateTime } from '../domain/zoned-time';
import { nextLocalTime } from '../sync/days';

export interface QuietHours {
  /** "HH:MM" local; from > to spans midnight (21:00-08:00). */
  readonly from: string;
  readonly to: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function inQuietHours(timeZone: string, instant: number, quiet: QuietHours): boolean {
  const t = localDateTime(timeZone, instant);
  const now = t.hour * 60 + t.minute;
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  return from <= to ? now >= from && now < to : now >= from || now < to;
}

/** The first instant at or after `instant` outside quiet hours. */
export function endOfQuietHours(timeZone: string, instant: number, quiet: QuietHours): number {
  return inQuietHours(timeZone, instant, quiet) ? nextLocalTime(timeZone, instant, quiet.to) : instant;
}

export interface RateLimit {
  readonly perNumber: number;
  readonly windowMs: number;
}

/** With `sentInWindow` messages already sent to the number in the last window: may another go now? */
export const underRateLimit = (sentInWindow: number, limit: RateLimit): boolean => sentInWindow < limit.perNumber;
