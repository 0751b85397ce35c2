import type { CallOutput } from '../../api';
import { zonedInputToEpoch } from '../../i18n/format';

/** A rate table as the contract carries it (the renderer may not import the tariff module itself). */
export type RateTable = CallOutput<'tariffs.list'>['tables'][number];
export type Path = readonly (string | number)[];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An immutable update at `path` ("tiers", 1, "priceMinor"), copying only the objects on the way. */
export function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container = (root ?? (typeof head === 'number' ? [] : {})) as Record<string | number, unknown> | unknown[];
  const copy = (Array.isArray(container) ? [...container] : { ...container }) as Record<string | number, unknown>;
  copy[head] = setIn(copy[head], rest, value);
  return copy as T;
}

export function getIn(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), root);
}

export const pathKey = (path: Path): string => path.join('.');

/** The latest version of each table id, in id order: what the editor lists. */
export function latestTables(tables: readonly RateTable[]): RateTable[] {
  const byId = new Map<string, RateTable>();
  for (const t of tables) if ((byId.get(t.id)?.version ?? 0) < t.version) byId.set(t.id, t);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** A plain hourly table to start from for a vehicle class that has none. */
export function blankTable(vehicleClass: string, className: string, currency: string, now: number): RateTable {
  return {
    id: vehicleClass.replace(/[^a-z0-9-]/g, '') || 'table',
    name: className,
    vehicleClass,
    version: 1,
    effectiveFrom: nextMinute(now),
    effectiveTo: null,
    currency,
    freeMinutes: 10,
    firstPeriod: { minutes: 60, priceMinor: 200 },
    furtherPeriod: { minutes: 60, priceMinor: 150 },
    tiers: [],
    cycleMinutes: null,
    dailyMaxMinor: null,
    dailyMaxMode: 'rolling24h',
    longStayCap: null,
    bands: [],
    earlyBirds: [],
    events: [],
    lostTicketMinor: 2000,
    graceMinutes: 10,
  };
}

export function nextMinute(now: number): number {
  return Math.ceil((now + 1) / 60_000) * 60_000;
}

/**
 * The table to send with tariffs.save: the next version of its id, taking effect at `effectiveFrom` (site time,
 * from the form), which must come after the version it replaces (the kiosk checks this too).
 */
export function toSave(draft: RateTable, saved: readonly RateTable[], effectiveFromInput: string, timeZone: string): RateTable | string {
  const previous = saved.filter((t) => t.id === draft.id).reduce<RateTable | null>((a, t) => (a && a.version > t.version ? a : t), null);
  const effectiveFrom = zonedInputToEpoch(effectiveFromInput, timeZone);
  if (effectiveFrom === null) return 'effectiveFrom';
  if (previous && effectiveFrom <= previous.effectiveFrom) return 'effectiveFromOrder';
  return { ...draft, version: (previous?.version ?? 0) + 1, effectiveFrom, effectiveTo: null };
}

/** Issues from the kiosk about the draft (sent as `draft` or `table`), keyed by their path inside the table. */
export function draftIssues(issues: readonly { path: string; message: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of issues) {
    const m = /^(?:draft|table)(?:\.(.*))?$/.exec(i.path);
    if (m && !out.has(m[1] ?? '')) out.set(m[1] ?? '', i.message);
  }
  return out;
}
