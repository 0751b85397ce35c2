import type { AuditQuery } from '../contract';
import { instantOfLocal, type LocalDate } from '../domain/zoned-time';
import type { AuditFilter } from '../store/audit-repo';

const localDate = (text: string): LocalDate => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/** The screen's query as the store reads it: the site's local days become instants, the last day included whole. */
export function auditFilterOf(query: AuditQuery, timeZone: string): AuditFilter {
  const { fromDate, toDate, ...rest } = query;
  const last = toDate === undefined ? undefined : localDate(toDate);
  return {
    ...rest,
    ...(fromDate === undefined ? {} : { fromAt: instantOfLocal(timeZone, localDate(fromDate), 0) }),
    ...(last === undefined ? {} : { toAt: instantOfLocal(timeZone, { ...last, day: last.day + 1 }, 0) }),
  };
}
