/**
 * Anomalies: what in the lot's record looks wrong enough for a supervisor to look at. Pure detectors over facts the
 * store keeps (stays, manual opens, the hourly reader and card rollups, cash-ups) and over gate cycles the lanes
 * report; each finding carries a key that names the one thing it is about, so scanning the same record twice
 * raises nothing new.
 *
 * Rates (reader, card failures, manual opens) are judged against the subject's own recent past, so a lane that is
 * always attended or a reader that always struggles in the rain is not an anomaly by itself; the thresholds below
 * were chosen on simulated months separate from the ones bench/anomalies scores.
 */
import { DAY_MS, HOUR_MS } from './zoned-time';
import { cardFailureRises, poissonThreshold, readerDrops } from './anomaly-rates';

export const ANOMALY_KINDS = [
  'exit_without_entry',
  'plate_inside_twice',
  'long_stay',
  'manual_opens',
  'gate_no_vehicle',
  'tailgating',
  'reader_drop',
  'card_failures',
  'cash_variance',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];


export interface StayFact {
  readonly id: number;
  readonly plateKey: string;
  readonly entryAt: number;
  readonly exitAt: number | null;
  /** False for a stay opened at the exit because no entry was on record (lost ticket, entry never read). */
  readonly entryRecorded: boolean;
  readonly laneId: string | null;
}
/** An attendant let a car in or out, or opened a barrier, by hand. */
export interface ManualOpenFact {
  readonly at: number;
  readonly laneId: string | null;
  readonly actor: string;
}
/** One lane's entry reads in one UTC hour (the report rollup's row). */
export interface ReadHour {
  readonly hour: number;
  readonly laneId: string;
  readonly reads: number;
  readonly trusted: number;
  readonly confidenceSum: number;
}
/** One card reader's finished authorisations in one UTC hour. */
export interface CardHour {
  readonly hour: number;
  readonly terminalId: string;
  readonly attempts: number;
  /** Declined or failed (cancelled by the driver or attendant is not the reader's doing). */
  readonly failed: number;
}
export interface CashUpFact {
  readonly shiftId: number;
  readonly attendant: string;
  readonly closedAt: number;
  readonly varianceMinor: number;
}
/** One opening of a barrier, from up to down again, and the vehicles the loop saw go through. */
export interface GateCycle {
  readonly laneId: string;
  readonly openedAt: number;
  readonly closedAt: number;
  readonly vehicles: number;
  /** Held open by an attendant (an event crowd): any number of cars is expected. */
  readonly held: boolean;
}

export interface Facts {
  readonly stays: readonly StayFact[];
  readonly manualOpens: readonly ManualOpenFact[];
  readonly reads: readonly ReadHour[];
  readonly cards: readonly CardHour[];
  readonly cashUps: readonly CashUpFact[];
}

export interface Finding {
  readonly kind: AnomalyKind;
  /** Names the one thing found: the same record scanned again gives the same key. */
  readonly key: string;
  readonly at: number;
  /** session:ID, lane:ID, user:NAME, terminal:ID or shift:ID. */
  readonly subject: string;
  readonly laneId: string | null;
  readonly actor: string | null;
  readonly text: string;
  readonly detail: Readonly<Record<string, number | string | null>>;
}

export interface Tuning {
  /** A stay is far beyond the usual past this many times the 99th percentile of stays, and never under `longStayMinHours`. */
  readonly longStayFactor: number;
  readonly longStayMinHours: number;
  /** Manual opens are judged per subject over this window against its own rate over `baselineDays`. */
  readonly manualWindowMinutes: number;
  readonly manualMinCount: number;
  /** The chance, under the subject's usual rate, of a window this busy that we accept as a false alarm. */
  readonly manualTailProbability: number;
  readonly baselineDays: number;
  /** Reader and card rates: the recent window judged against the baseline before it. */
  readonly recentHours: number;
  readonly readerMinReads: number;
  readonly readerTrustedDrop: number;
  readonly readerConfidenceDrop: number;
  readonly cardMinAttempts: number;
  readonly cardFailureRise: number;
  /** How unlikely, at the subject's usual rate, the recent window must be (binomial tail) beyond the sizes above. */
  readonly rateTail: number;
  /** A cash-up is an outlier past this many robust standard deviations of the site's cash-ups, and at least `cashMinMinor` off. */
  readonly cashRobustZ: number;
  readonly cashMinMinor: number;
  readonly cashMinShifts: number;
}

export const DEFAULT_TUNING: Tuning = {
  longStayFactor: 2,
  longStayMinHours: 24,
  manualWindowMinutes: 60,
  manualMinCount: 5,
  manualTailProbability: 1e-4,
  baselineDays: 14,
  recentHours: 6,
  readerMinReads: 20,
  readerTrustedDrop: 0.25,
  readerConfidenceDrop: 0.1,
  cardMinAttempts: 10,
  cardFailureRise: 0.2,
  rateTail: 1e-5,
  cashRobustZ: 5,
  cashMinMinor: 1000,
  cashMinShifts: 10,
};

/** How long after a finding the same kind on the same subject stays quiet (one alert per burst, per bad day). */
export const COOLDOWN_MS: Record<AnomalyKind, number> = {
  exit_without_entry: 0,
  plate_inside_twice: 0,
  long_stay: 0,
  manual_opens: 2 * HOUR_MS,
  gate_no_vehicle: 0,
  tailgating: 0,
  reader_drop: DAY_MS,
  card_failures: DAY_MS,
  cash_variance: 0,
};

/** Everything found in [from, to); facts before `from` are the baseline the rates are judged against. */
export function detectAnomalies(facts: Facts, window: { from: number; to: number }, tuning: Tuning = DEFAULT_TUNING): Finding[] {
  const found = [
    ...exitsWithoutEntry(facts.stays),
    ...platesInsideTwice(facts.stays),
    ...longStays(facts.stays, window.to, tuning),
    ...manualOpenBursts(facts.manualOpens, tuning),
    ...readerDrops(facts.reads, window, tuning),
    ...cardFailureRises(facts.cards, window, tuning),
    ...cashVarianceOutliers(facts.cashUps, tuning),
  ];
  return withCooldown(found.filter((f) => f.at >= window.from && f.at < window.to));
}

/** Keeps the first finding of a kind on a subject and drops the ones inside its cooldown. */
export function withCooldown(findings: readonly Finding[]): Finding[] {
  const last = new Map<string, number>();
  const kept: Finding[] = [];
  for (const f of [...findings].sort((a, b) => a.at - b.at)) {
    const id = `${f.kind} ${f.subject}`;
    const before = last.get(id);
    if (before !== undefined && COOLDOWN_MS[f.kind] > 0 && f.at - before < COOLDOWN_MS[f.kind]) continue;
    last.set(id, f.at);
    kept.push(f);
  }
  return kept;
}

export function detectGateCycle(cycle: GateCycle): Finding | null {
  if (cycle.held || cycle.vehicles === 1) return null;
  const base = { key: `gate:${cycle.laneId}:${cycle.openedAt}`, at: cycle.closedAt, subject: `lane:${cycle.laneId}`, laneId: cycle.laneId, actor: null };
  const detail = { openedAt: cycle.openedAt, closedAt: cycle.closedAt, vehicles: cycle.vehicles };
  if (cycle.vehicles === 0) return { ...base, kind: 'gate_no_vehicle', text: `The barrier on lane ${cycle.laneId} opened and no vehicle went through`, detail };
  return { ...base, kind: 'tailgating', text: `${cycle.vehicles} vehicles went through lane ${cycle.laneId} on one opening`, detail };
}

function exitsWithoutEntry(stays: readonly StayFact[]): Finding[] {
  return stays
    .filter((s) => !s.entryRecorded)
    .map((s) => ({
      kind: 'exit_without_entry',
      key: `exit_without_entry:${s.id}`,
      at: s.entryAt,
      subject: `session:${s.id}`,
      laneId: s.laneId,
      actor: null,
      text: `${s.plateKey} left with no entry on record`,
      detail: { sessionId: s.id, plate: s.plateKey },
    }));
}

function platesInsideTwice(stays: readonly StayFact[]): Finding[] {
  const byPlate = new Map<string, StayFact[]>();
  for (const stay of stays) byPlate.set(stay.plateKey, [...(byPlate.get(stay.plateKey) ?? []), stay]);
  const found: Finding[] = [];
  for (const [plate, list] of byPlate) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => a.entryAt - b.entryAt || a.id - b.id);
    let insideUntil = -Infinity;
    let insideId = 0;
    for (const stay of sorted) {
      if (stay.entryRecorded && stay.entryAt < insideUntil) {
        found.push({
          kind: 'plate_inside_twice',
          key: `plate_inside_twice:${stay.id}`,
          at: stay.entryAt,
          subject: `session:${stay.id}`,
          laneId: stay.laneId,
          actor: null,
          text: `${plate} came in while already inside (session ${insideId})`,
          detail: { sessionId: stay.id, insideSessionId: insideId, plate },
        });
      }
      const until = stay.exitAt ?? Infinity;
      if (until > insideUntil) [insideUntil, insideId] = [until, stay.id];
    }
  }
  return found;
}

function longStays(stays: readonly StayFact[], now: number, tuning: Tuning): Finding[] {
  const durations = stays.filter((s) => s.exitAt !== null).map((s) => s.exitAt! - s.entryAt);
  const usual = quantile(durations, 0.99) ?? 0;
  const limit = Math.max(tuning.longStayMinHours * HOUR_MS, tuning.longStayFactor * usual);
  return stays
    .filter((s) => (s.exitAt ?? now) - s.entryAt > limit)
    .map((s) => ({
      kind: 'long_stay',
      key: `long_stay:${s.id}`,
      at: s.entryAt + limit,
      subject: `session:${s.id}`,
      laneId: s.laneId,
      actor: null,
      text: `${s.plateKey} has stayed over ${Math.round(limit / HOUR_MS)} h (the site's usual longest is ${Math.round(usual / HOUR_MS)} h)`,
      detail: { sessionId: s.id, plate: s.plateKey, limitHours: Math.round(limit / HOUR_MS), usualHours: Math.round(usual / HOUR_MS) },
    }));
}

function manualOpenBursts(opens: readonly ManualOpenFact[], tuning: Tuning): Finding[] {
  const subjects = new Map<string, { at: number; laneId: string | null; actor: string | null }[]>();
  const add = (subject: string, open: { at: number; laneId: string | null; actor: string | null }) => subjects.set(subject, [...(subjects.get(subject) ?? []), open]);
  for (const open of opens) {
    add(`user:${open.actor}`, { at: open.at, laneId: null, actor: open.actor });
    if (open.laneId !== null) add(`lane:${open.laneId}`, { at: open.at, laneId: open.laneId, actor: null });
  }
  const windowMs = tuning.manualWindowMinutes * 60_000;
  const baselineMs = tuning.baselineDays * DAY_MS;
  const found: Finding[] = [];
  for (const [subject, list] of subjects) {
    const times = list.map((o) => o.at).sort((a, b) => a - b);
    let start = 0;
    let baselineStart = 0;
    for (let i = 0; i < times.length; i++) {
      const at = times[i]!;
      while (times[start]! <= at - windowMs) start++;
      while (times[baselineStart]! < at - windowMs - baselineMs) baselineStart++;
      // The usual rate: opens in the baseline before this window, spread over the windows of its busy half.
      const usual = ((start - baselineStart) / (baselineMs / windowMs)) * 2;
      const inWindow = i - start + 1;
      if (inWindow < Math.max(tuning.manualMinCount, poissonThreshold(usual, tuning.manualTailProbability))) continue;
      const first = list[0]!;
      found.push({
        kind: 'manual_opens',
        key: `manual_opens:${subject}:${at}`,
        at,
        subject,
        laneId: first.laneId,
        actor: first.actor,
        text: `${inWindow} manual opens ${subject.startsWith('user:') ? `by ${first.actor}` : `on lane ${first.laneId}`} within ${tuning.manualWindowMinutes} min (usually about ${usual.toFixed(1)})`,
        detail: { opens: inWindow, usualPerWindow: Math.round(usual * 100) / 100, windowMinutes: tuning.manualWindowMinutes },
      });
    }
  }
  return found;
}

function cashVarianceOutliers(cashUps: readonly CashUpFact[], tuning: Tuning): Finding[] {
  const sorted = [...cashUps].sort((a, b) => a.closedAt - b.closedAt);
  const found: Finding[] = [];
  sorted.forEach((shift, i) => {
    const before = sorted.slice(Math.max(0, i - 200), i).map((s) => s.varianceMinor);
    if (before.length < tuning.cashMinShifts) return;
    const median = quantile(before, 0.5)!;
    const spread = 1.4826 * quantile(before.map((v) => Math.abs(v - median)), 0.5)!;
    const off = Math.abs(shift.varianceMinor - median);
    if (off < tuning.cashMinMinor || off < tuning.cashRobustZ * Math.max(spread, 100)) return;
    found.push({
      kind: 'cash_variance',
      key: `cash_variance:${shift.shiftId}`,
      at: shift.closedAt,
      subject: `shift:${shift.shiftId}`,
      laneId: null,
      actor: shift.attendant,
      text: `${shift.attendant}'s cash-up of shift ${shift.shiftId} was ${shift.varianceMinor < 0 ? 'short' : 'over'} by ${Math.abs(shift.varianceMinor)} (minor units); the site's cash-ups are usually within ${Math.round(3 * spread)}`,
      detail: { shiftId: shift.shiftId, varianceMinor: shift.varianceMinor, usualSpreadMinor: Math.round(spread) },
    });
  });
  return found;
}

/** The q-quantile by nearest rank; null for no values. */
function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
