/**
 * Amounts and instants for the booth: money in the site's currency and locale, every time in the site's IANA time
 * zone (from site.layout), never the browser's. Pure functions; formatters are built once per site and reused.
 */

export interface SiteFormat {
  readonly locale: string;
  readonly timeZone: string;
  readonly currency: string;
}

export interface Formatters extends SiteFormat {
  /** Fraction digits of the site currency (2 for EUR, 0 for JPY). */
  readonly digits: number;
  money(minor: number, currency?: string): string;
  /** "22 Nov 2025, 14:03" */
  dateTime(ms: number): string;
  /** "22 Nov 2025, 14:03:07" */
  dateTimeSeconds(ms: number): string;
  /** "14:03:07" */
  time(ms: number): string;
  /** "Sat 22 Nov 2025" */
  date(ms: number): string;
  /** "14:03" when `ms` is on the same site day as `now`, else "21 Nov, 14:03": for busy lists. */
  dayTime(ms: number, now: number): string;
  number(n: number): string;
  percent(ratio: number): string;
}

export function currencyDigits(currency: string, locale = 'en'): number {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 1250 EUR -> "€12.50" (en-IE). Minor units in, text out; only display ever divides. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency, locale);
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** digits);
}

/** "12.5" / "12,50" / "12" -> minor units (1250), without floating point. null when it is not an amount. */
export function parseAmountToMinor(text: string, digits: number): number | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(m[1]) * 10 ** digits + (fraction === '' ? 0 : Number(fraction.padEnd(digits, '0')));
}

/** 1250 -> "12.50" for an input field (plain digits, '.' separator). */
export function minorToAmountInput(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, '0')}`;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function wallParts(ms: number, timeZone: string): [number, number, number, number, number, number] {
  let dtf = partsCache.get(timeZone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timeZone, dtf);
  }
  const get = (type: Intl.DateTimeFormatPartTypes, parts: Intl.DateTimeFormatPart[]): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const p = dtf.formatToParts(ms);
  return [get('year', p), get('month', p), get('day', p), get('hour', p), get('minute', p), get('second', p)];
}

/** The zone's offset from UTC at instant `ms`, in ms (Europe/Amsterdam in summer: +7_200_000). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = wallParts(ms, timeZone);
  const floored = Math.floor(ms / 1000) * 1000;
  return Date.UTC(y, mo - 1, d, h, mi, s) - floored;
}

/**
 * A wall-clock time in `timeZone` -> epoch ms. Like Temporal's 'compatible': a time skipped by a DST jump moves
 * forward by the jump, a time that happens twice (clocks go back) takes the earlier instant.
 */
export function zonedWallToEpoch(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const day = 86_400_000;
  const before = zoneOffsetMs(wall - day, timeZone);
  const after = zoneOffsetMs(wall + day, timeZone);
  const fits = [wall - before, wall - after].filter((t) => zoneOffsetMs(t, timeZone) === wall - t).sort((a, b) => a - b);
  return fits[0] ?? wall - before;
}

/** "2025-03-30T02:30" (an <input type="datetime-local"> value, read as site time) -> epoch ms, or null. */
export function zonedInputToEpoch(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  return zonedWallToEpoch(y, mo, d, h, mi, timeZone);
}

/** epoch ms -> "2025-03-30T03:30" in the site's zone, for a datetime-local input. */
export function epochToZonedInput(ms: number, timeZone: string): string {
  const [y, mo, d, h, mi] = wallParts(ms, timeZone);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}`;
}

/** Whole minutes -> { days, hours, minutes } for a duration message. */
export function splitMinutes(total: number): { days: number; hours: number; minutes: number } {
  const m = Math.max(0, Math.round(total));
  return { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 };
}

export function safeTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

export function createFormatters(site: SiteFormat): Formatters {
  const locale = site.locale;
  const timeZone = safeTimeZone(site.timeZone);
  const digits = currencyDigits(site.currency, locale);
  const moneyFmt = new Map<string, Intl.NumberFormat>();
  const dtf = (o: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => new Intl.DateTimeFormat(locale, { timeZone, ...o });
  const dateTime = dtf({ dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
  const dateTimeSeconds = dtf({ dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });
  const time = dtf({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const date = dtf({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const hm = dtf({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dayHm = dtf({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const num = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    locale,
    timeZone,
    currency: site.currency,
    digits,
    money(minor, currency = site.currency) {
      let f = moneyFmt.get(currency);
      if (!f) {
        f = new Intl.NumberFormat(locale, { style: 'currency', currency });
        moneyFmt.set(currency, f);
      }
      return f.format(minor / 10 ** (currency === site.currency ? digits : currencyDigits(currency, locale)));
    },
    dateTime: (ms) => dateTime.format(ms),
    dateTimeSeconds: (ms) => dateTimeSeconds.format(ms),
    time: (ms) => time.format(ms),
    date: (ms) => date.format(ms),
    dayTime: (ms, now) =>
      (epochToZonedInput(ms, timeZone).slice(0, 10) === epochToZonedInput(now, timeZone).slice(0, 10) ? hm : dayHm).format(ms),
    number: (n) => num.format(n),
    percent: (r) => pct.format(r),
  };
}
