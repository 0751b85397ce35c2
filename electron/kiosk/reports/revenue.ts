import type { Database } from 'better-sqlite3';
import { epochDayOfDate, instantOfLocal, dateOfEpochDay } from '../domain/zoned-time';

export interface RevenueDay {
  /** Local date in the site's zone, YYYY-MM-DD. */
  readonly date: string;
  readonly exits: number;
  readonly revenueMinor: number;
}

export interface RevenueMonth {
  readonly year: number;
  readonly month: number;
  readonly days: RevenueDay[];
  readonly exits: number;
  readonly revenueMinor: number;
}

/**
 * Money taken on stays that ended in one local month, day by day in the site's zone (a day of 23 or 25 hours
 * across DST counts as the day it is). Each day is one range over the covering index on (exit_at, paid_minor).
 */
export function revenueByDay(db: Database, request: { year: number; month: number; timeZone: string }): RevenueMonth {
  const sum = db.prepare('SELECT count(*) AS exits, coalesce(sum(paid_minor), 0) AS revenue FROM sessions WHERE exit_at >= ? AND exit_at < ?');
  const first = epochDayOfDate({ year: request.year, month: request.month, day: 1 });
  const next = epochDayOfDate(request.month === 12 ? { year: request.year + 1, month: 1, day: 1 } : { year: request.year, month: request.month + 1, day: 1 });
  const days: RevenueDay[] = [];
  for (let day = first; day < next; day++) {
    const date = dateOfEpochDay(day);
    const from = instantOfLocal(request.timeZone, date, 0);
    const to = instantOfLocal(request.timeZone, dateOfEpochDay(day + 1), 0);
    const { exits, revenue } = sum.get(from, to) as { exits: number; revenue: number };
    days.push({ date: `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`, exits, revenueMinor: revenue });
  }
  return { ...request, days, exits: days.reduce((n, d) => n + d.exits, 0), revenueMinor: days.reduce((n, d) => n + d.revenueMinor, 0) };
}
