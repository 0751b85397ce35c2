/**
 * An access record as the editor holds it (strings, as typed) and the record the kiosk takes. Times are the site's
 * wall clock in datetime-local form; plates are turned into keys the way the kiosk will (lib/plate).
 */
import type { AccessKind, AccessRecord, StoredAccessRecord } from '../../api/lane-types';
import type { MessageKey } from '../../i18n';
import { epochToZonedInput, zonedInputToEpoch } from '../../i18n/format';
import { plateKeysFromList } from '../../lib/plate';
import { formatHours, parseHours } from '../../lib/hours';

export interface Draft {
  readonly kind: AccessKind;
  readonly id: string;
  readonly plates: string;
  readonly note: string;
  readonly holder: string;
  readonly permitKind: 'monthly' | 'contract';
  readonly validFrom: string;
  readonly validUntil: string;
  readonly maxInside: string;
  readonly zones: readonly string[];
  readonly hours: string;
  readonly expiresAt: string;
  readonly onMatch: 'refuse' | 'review';
  readonly zoneId: string;
  readonly arriveFrom: string;
  readonly arriveUntil: string;
}

export type DraftProblems = Partial<Record<keyof Draft, MessageKey>>;

/** The kiosk sends `definition` as unknown (contract gap): its kind says which schema it was saved under. */
export function recordOf(stored: StoredAccessRecord): AccessRecord {
  return { kind: stored.kind, definition: stored.definition } as AccessRecord;
}

/** The plates a record is about, as keys. */
export function platesOf(record: AccessRecord): string[] {
  return record.kind === 'permit' ? [...record.definition.plateKeys] : [record.definition.plateKey];
}

export function emptyDraft(kind: AccessKind, now: number, timeZone: string): Draft {
  const today = epochToZonedInput(now, timeZone).slice(0, 10);
  return {
    kind,
    id: '',
    plates: '',
    note: '',
    holder: '',
    permitKind: 'monthly',
    validFrom: today,
    validUntil: today,
    maxInside: '1',
    zones: [],
    hours: '',
    expiresAt: '',
    onMatch: 'refuse',
    zoneId: '',
    arriveFrom: epochToZonedInput(now, timeZone),
    arriveUntil: epochToZonedInput(now + 2 * 3_600_000, timeZone),
  };
}

export function draftOf(record: AccessRecord, now: number, timeZone: string): Draft {
  const base = { ...emptyDraft(record.kind, now, timeZone), plates: platesOf(record).join(', '), id: record.definition.id };
  const at = (ms: number | null): string => (ms === null ? '' : epochToZonedInput(ms, timeZone));
  switch (record.kind) {
    case 'permit': {
      const p = record.definition;
      return { ...base, holder: p.holder, permitKind: p.kind, validFrom: p.validFrom, validUntil: p.validUntil, maxInside: String(p.maxInside), zones: p.zones, hours: formatHours(p.hours), note: p.note ?? '' };
    }
    case 'allow':
      return { ...base, note: record.definition.note, expiresAt: at(record.definition.expiresAt) };
    case 'deny':
      return { ...base, note: record.definition.note, expiresAt: at(record.definition.expiresAt), onMatch: record.definition.list === 'deny' ? record.definition.onMatch : 'refuse' };
    case 'reservation':
      return { ...base, zoneId: record.definition.zoneId ?? '', arriveFrom: at(record.definition.arriveFrom), arriveUntil: at(record.definition.arriveUntil) };
  }
}

/** The record to save, or what is wrong with the draft (the kiosk's own checks follow on save). */
export function toRecord(d: Draft, timeZone: string): { record: AccessRecord } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(d.id)) problems.id = 'access.idInvalid';
  const plates = plateKeysFromList(d.plates);
  if (!plates || (d.kind !== 'permit' && plates.length !== 1)) problems.plates = 'validation.plateShape';
  const epoch = (field: 'expiresAt' | 'arriveFrom' | 'arriveUntil', optional: boolean): number | null => {
    if (optional && d[field] === '') return null;
    const ms = zonedInputToEpoch(d[field], timeZone);
    if (ms === null) problems[field] = 'validation.dateTime';
    return ms;
  };
  const hours = parseHours(d.hours);
  if (d.kind === 'permit') {
    if (!d.holder.trim()) problems.holder = 'access.required';
    if (!/^\d+$/.test(d.maxInside) || Number(d.maxInside) < 1) problems.maxInside = 'validation.number';
    if (!hours) problems.hours = 'access.hoursInvalid';
  }
  const expiresAt = d.kind === 'allow' || d.kind === 'deny' ? epoch('expiresAt', true) : null;
  const arriveFrom = d.kind === 'reservation' ? epoch('arriveFrom', false) : null;
  const arriveUntil = d.kind === 'reservation' ? epoch('arriveUntil', false) : null;
  if (Object.keys(problems).length > 0 || !plates) return { problems };
  const id = d.id;
  const plateKey = plates[0]!;
  switch (d.kind) {
    case 'permit':
      return {
        record: {
          kind: 'permit',
          definition: { id, kind: d.permitKind, holder: d.holder.trim(), plateKeys: plates, maxInside: Number(d.maxInside), validFrom: d.validFrom, validUntil: d.validUntil, zones: [...d.zones], hours: hours ?? [], note: d.note.trim() },
        },
      };
    case 'allow':
      return { record: { kind: 'allow', definition: { list: 'allow', id, plateKey, note: d.note.trim(), expiresAt } } };
    case 'deny':
      return { record: { kind: 'deny', definition: { list: 'deny', id, plateKey, note: d.note.trim(), expiresAt, onMatch: d.onMatch } } };
    case 'reservation':
      return { record: { kind: 'reservation', definition: { id, plateKey, zoneId: d.zoneId || null, arriveFrom: arriveFrom!, arriveUntil: arriveUntil! } } };
  }
}
