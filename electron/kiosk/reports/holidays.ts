/**
 * Public holidays the forecast and the demo history treat as Sundays. Until sites can set their own (site settings,
 * issue 19), the kiosk knows England and Wales's bank holidays, used for sites in Europe/London.
 */
import { epochDayOfDate } from '../domain/zoned-time';

const ENGLAND_AND_WALES = [
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
];

/** Local epoch days of the site's public holidays. */
export function holidaysFor(timeZone: string): ReadonlySet<number> {
  if (timeZone !== 'Europe/London') return new Set();
  return new Set(ENGLAND_AND_WALES.map((date) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return epochDayOfDate({ year, month, day });
  }));
}
