import { addLocalDays, localDateTime, startOfLocalDay, startOfNextLocalDay } from '../domain/zoned-time';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The site-local calendar date of an instant, "YYYY-MM-DD". */
export function localDay(timeZone: string, instant: number): string {
  const t = localDateTime(timeZone, instant);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

export interface LocalDayRange {
  readonly day: string;
  readonly from: number;
  readonly to: number;
}

/** The `count` site-local days ending with the day of `instant`, oldest first, each with its [from, to) instants. */
export function lastLocalDays(timeZone: string, instant: number, count: number): LocalDayRange[] {
  const days: LocalDayRange[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const inDay = addLocalDays(timeZone, startOfLocalDay(timeZone, instant), -back);
    const from = startOfLocalDay(timeZone, inDay);
    days.push({ day: localDay(timeZone, from), from, to: startOfNextLocalDay(timeZone, from) });
  }
  return days;
}

/** The next instant after `after` at which the site's wall clock reads hh:mm. */
export function nextLocalTime(timeZone: string, after: number, hhmm: string): number {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  const today = startOfLocalDay(timeZone, after);
  for (let days = 0; days <= 2; days++) {
    const candidate = addLocalDays(timeZone, today, days) + (hour * 60 + minute) * 60_000;
    // Adding wall-clock minutes to a local midnight is off by the DST shift on a changeover day: re-anchor.
    const t = localDateTime(timeZone, candidate);
    const adjusted = candidate + ((hour - t.hour) * 60 + (minute - t.minute)) * 60_000;
    if (adjusted > after) return adjusted;
  }
  throw new Error(`no ${hhmm} within two days of ${new Date(after).toISOString()} in ${timeZone}`);
}
