/**
 * Settings and records in words and units: a field's name as a person says it ("daily maximum", not
 * `dailyMaxMinor`) and its value in the unit its name carries (`…Minor` money, `…Ms` seconds, `…Minutes`
 * minutes, `…At` a date and time). The audit log's before/after and the Devices screen's settings both read
 * through here, so a field reads the same everywhere.
 */
import type { Formatters } from '../i18n/format';

/** Names whose plain split reads badly; everything else is its camelCase split into words. */
const NAMES: Readonly<Record<string, string>> = {
  dailyMaxMinor: 'daily maximum',
  dailyMaxMode: 'daily maximum counted',
  lostTicketMinor: 'lost-ticket charge',
  graceMinutes: 'grace period',
  freeMinutes: 'free time',
  capMinor: 'cap',
  minConfidence: 'lowest confidence the lane trusts',
  autoPresentMs: 'presents the card after',
  baudRate: 'baud rate',
  baud: 'baud rate',
  pulseMs: 'barrier pulse',
  timeoutMs: 'time-out',
  pollMs: 'checked every',
  slaveId: 'board address',
  unitId: 'board address',
  idleLogoutMinutes: 'log out after idle',
  maxLoginHours: 'longest login',
  evidenceRetentionDays: 'plate photos kept',
  smsQuietHours: 'SMS quiet hours',
  smsRateLimit: 'SMS limit',
  qrPayPageUrl: 'QR pay page',
  displayName: 'name',
  plateKeys: 'plates',
  maxInside: 'cars inside at once',
  laneId: 'lane',
  fps: 'frames per second',
  url: 'address',
  rtspUrl: 'camera stream',
  path: 'port',
};

const WORDS: Readonly<Record<string, string>> = { max: 'maximum', min: 'minimum', ms: '', minor: '', id: 'id', url: 'address', sms: 'SMS', qr: 'QR', ip: 'IP', io: 'I/O' };

/** `firstPeriod` → "first period"; a known name wins. Unit suffixes are dropped: the value says its unit. */
export function fieldName(key: string): string {
  const known = NAMES[key];
  if (known !== undefined) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .split(' ')
    .filter((w) => w !== '');
  const named = words.map((w, i) => (i === words.length - 1 && ['ms', 'minor', 'minutes', 'days', 'hours', 'seconds', 'at'].includes(w) && words.length > 1 ? '' : (WORDS[w] ?? w)));
  return named.filter((w) => w !== '').join(' ');
}

/** A value in the unit its field name carries. */
export function fieldValue(key: string, value: unknown, fmt: Formatters): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (/Minor$/.test(key)) return fmt.money(value);
    if (/Ms$/.test(key)) return value >= 1000 ? `${fmt.number(value / 1000)} s` : `${fmt.number(value)} ms`;
    if (/Minutes$/.test(key)) return `${fmt.number(value)} min`;
    if (/Hours$/.test(key)) return `${fmt.number(value)} h`;
    if (/Days$/.test(key)) return `${fmt.number(value)} days`;
    if (/Seconds$/.test(key)) return `${fmt.number(value)} s`;
    if (/(At|From|To|Until)$/.test(key) && value > 1e11) return fmt.dateTime(value);
    if (/[Cc]onfidence$/.test(key) && value <= 1) return fmt.percent(value);
    if (/^baud/.test(key)) return `${fmt.number(value)} baud`;
    return fmt.number(value);
  }
  if (typeof value === 'string') return value === '' ? 'none' : value;
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => fieldValue(key, v, fmt)).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${fieldName(k)} ${fieldValue(k, v, fmt)}`)
    .join(', ');
}

export interface Field {
  /** Words: "first period price", "Night band charge price". */
  readonly name: string;
  /** The last key, which carries the unit. */
  readonly key: string;
  readonly value: unknown;
}

const itemName = (item: unknown, index: number): string => {
  if (item !== null && typeof item === 'object') {
    const named = ['name', 'label', 'id'].map((k) => (item as Record<string, unknown>)[k]).find((v) => typeof v === 'string' && v !== '');
    if (typeof named === 'string') return named;
  }
  return `#${index + 1}`;
};

/** Every leaf of a settings object, named in words; a list of plain values stays one field. */
export function fieldsOf(value: unknown, prefix: readonly string[] = [], key = ''): Field[] {
  const isLeafList = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
  if (value === null || typeof value !== 'object' || isLeafList) return [{ name: prefix.join(' '), key, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => fieldsOf(item, [...prefix, itemName(item, i)], key));
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => fieldsOf(v, [...prefix, fieldName(k)], k));
}

export interface Change {
  readonly name: string;
  readonly key: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** Fields whose value differs between two versions of a record (a field only one side has counts too). */
export function changesBetween(before: unknown, after: unknown, ignore: readonly string[] = []): Change[] {
  const was = new Map(fieldsOf(before).map((f) => [f.name, f]));
  const now = new Map(fieldsOf(after).map((f) => [f.name, f]));
  const names = [...new Set([...was.keys(), ...now.keys()])];
  return names
    .map((name) => ({ name, key: (now.get(name) ?? was.get(name))!.key, from: was.get(name)?.value ?? null, to: now.get(name)?.value ?? null }))
    .filter((c) => !ignore.includes(c.key) && JSON.stringify(c.from) !== JSON.stringify(c.to));
}

/** "Presents the card after 1.5 s", "Baud rate: 9600 baud": a name that ends in a preposition runs into its value. */
export function settingText(field: Field, fmt: Formatters): string {
  const name = field.name.charAt(0).toUpperCase() + field.name.slice(1);
  return `${name}${/ (after|every|at|to|from)$/.test(field.name) ? '' : ':'} ${fieldValue(field.key, field.value, fmt)}`;
}

/** A whole settings object in words, one setting after the other. */
export function settingsText(settings: unknown, fmt: Formatters): string {
  return fieldsOf(settings)
    .filter((f) => f.name !== '')
    .map((f) => settingText(f, fmt))
    .join(' · ');
}
