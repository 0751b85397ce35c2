/**
 * Dates and times typed as the site writes them (en-GB "24/12/2026 14:05", en-US "12/24/2026 14:05", de-DE
 * "24.12.2026 14:05"), for fields that must not follow the browser's own locale the way <input type="date"> does.
 * Values travel as the wall-clock form "2026-12-24T14:05" that zonedInputToEpoch reads in the site's zone.
 */

type DatePart = 'day' | 'month' | 'year';

interface DateShape {
  readonly order: readonly DatePart[];
  readonly separator: string;
}

const shapes = new Map<string, DateShape>();

/** The order of day, month and year in the locale's numeric dates, and the mark between them. */
export function dateShape(locale: string): DateShape {
  const known = shapes.get(locale);
  if (known) return known;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 11, 24));
  } catch {
    parts = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 11, 24));
  }
  const order = parts.map((p) => p.type).filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
  const separator = parts.find((p) => p.type === 'literal')?.value.trim() || '/';
  const shape = { order, separator };
  shapes.set(locale, shape);
  return shape;
}

const PATTERN_LETTERS: Record<DatePart, string> = { day: 'dd', month: 'mm', year: 'yyyy' };

/** "dd/mm/yyyy hh:mm" for en-GB: what a field asks for in its placeholder and its error. */
export function dateTimePattern(locale: string): string {
  const { order, separator } = dateShape(locale);
  return `${order.map((part) => PATTERN_LETTERS[part]).join(separator)} hh:mm`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Typed text in the locale's order -> "2026-12-24T14:05", or null when it is not a date. Any non-digit separates
 * the numbers; the time may be left out (midnight); a two-digit year is this century's.
 */
export function parseLocalDateTime(text: string, locale: string): string | null {
  const numbers = text.trim().split(/\D+/).filter(Boolean).map(Number);
  if (numbers.length !== 3 && numbers.length !== 5) return null;
  const { order } = dateShape(locale);
  const date: Record<DatePart, number> = { day: 0, month: 0, year: 0 };
  order.forEach((part, i) => (date[part] = numbers[i] ?? 0));
  const year = date.year < 100 ? 2000 + date.year : date.year;
  const [hour = 0, minute = 0] = numbers.slice(3);
  if (year < 1970 || year > 9999 || date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(year, date.month)) return null;
  if (hour > 23 || minute > 59) return null;
  return `${year}-${p2(date.month)}-${p2(date.day)}T${p2(hour)}:${p2(minute)}`;
}

/** "2026-12-24T14:05" -> "24/12/2026 14:05" in the locale's order: the text a field shows for a value. */
export function formatLocalDateTime(wall: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wall);
  if (!m) return '';
  const { order, separator } = dateShape(locale);
  const date: Record<DatePart, string> = { year: m[1] ?? '', month: m[2] ?? '', day: m[3] ?? '' };
  return `${order.map((part) => date[part]).join(separator)} ${m[4] ?? ''}:${m[5] ?? ''}`;
}

/** "dd/mm/yyyy" for en-GB: a date-only field's placeholder and error. */
export function datePattern(locale: string): string {
  const { order, separator } = dateShape(locale);
  return order.map((part) => PATTERN_LETTERS[part]).join(separator);
}

/** Typed text in the locale's order, a date and no time -> "2026-12-24", or null when it is not one. */
export function parseLocalDate(text: string, locale: string): string | null {
  if (text.trim().split(/\D+/).filter(Boolean).length !== 3) return null;
  return parseLocalDateTime(text, locale)?.slice(0, 10) ?? null;
}

/** A wall-clock value ("2026-12-24T14:05", or "2026-12-24" for a date) as the locale writes it; '' when it is neither. */
export function formatLocalWall(wall: string, locale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(wall)) return formatLocalDateTime(wall, locale);
  return formatLocalDateTime(`${wall}T00:00`, locale).slice(0, -' 00:00'.length);
}

/** A time of day typed on a 24-hour clock ("9:30", "09.30", "0930") -> "09:30", or null when it is not one. */
export function parseLocalTime(text: string): string | null {
  const m = /^(\d{1,2})\D?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour > 23 || minute > 59 ? null : `${p2(hour)}:${p2(minute)}`;
}
