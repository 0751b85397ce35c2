/**
 * A Modbus board's own register map as the table editor holds it: one address per channel (a row each), how the
 * relays are written, and where the inputs are; and back to the `registerMap` devices.save takes
 * (native/relay/register-map.ts's schema, checked by the kiosk). Problems are keyed by the same paths as the
 * kiosk's issues (registerMap.relays.addresses.2), so a cell shows the console's message or the kiosk's alike.
 */
import type { MessageKey } from '../../i18n';
import type { DraftProblems } from './draft';

export const RELAY_KINDS = ['coil', 'register'] as const;
export const WRITE_MODES = ['single', 'multiple'] as const;
/** '' = the board has no inputs in its map. */
export const INPUT_SOURCES = ['', 'discrete', 'coil', 'input-register', 'holding-bits'] as const;

export interface RegisterMapDraft {
  readonly kind: (typeof RELAY_KINDS)[number];
  readonly write: (typeof WRITE_MODES)[number];
  /** A register board's command words (decimal or 0x hex, as manuals print them); blank: 1 on, 0 off. */
  readonly on: string;
  readonly off: string;
  readonly inputSource: (typeof INPUT_SOURCES)[number];
  readonly inputStart: string;
  /** Channel 1 first: the coil or register that switches it. */
  readonly addresses: readonly string[];
}

/** Where the kiosk's and the console's problems with a map live, relative to the board's config. */
export const mapPath = {
  kind: 'registerMap.relays.kind',
  write: 'registerMap.relays.write',
  on: 'registerMap.relays.on',
  off: 'registerMap.relays.off',
  addresses: 'registerMap.relays.addresses',
  address: (row: number): string => `registerMap.relays.addresses.${row}`,
  inputSource: 'registerMap.inputs.source',
  inputStart: 'registerMap.inputs.start',
  inputs: 'registerMap.inputs',
} as const;

/** A map to start the table from: relays on coils from 0, inputs on discrete inputs from 0 (the generic board). */
export function coilMapDraft(channels: number): RegisterMapDraft {
  return { kind: 'coil', write: 'single', on: '', off: '', inputSource: 'discrete', inputStart: '0', addresses: Array.from({ length: Math.max(1, channels) }, (_, i) => String(i)) };
}

/** The driver's default channel count: the table's rows when the form gives none. */
const DEFAULT_CHANNELS = 8;

/**
 * The table a board's own map starts from: its model's map (from the kiosk) cut to the form's channel count, so an
 * installer edits the manual's table rather than typing it; coils from 0 while the models are not loaded.
 */
export function startingMapDraft(model: { readonly maxChannels: number; readonly map: Readonly<Record<string, unknown>> } | undefined, channels: number | null): RegisterMapDraft {
  const count = Math.max(1, channels ?? Math.min(DEFAULT_CHANNELS, model?.maxChannels ?? DEFAULT_CHANNELS));
  const fromModel = model ? registerMapDraftOf(model.map) : null;
  return fromModel ? { ...fromModel, addresses: fromModel.addresses.slice(0, count) } : coilMapDraft(count);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const oneOf = <T extends string>(choices: readonly T[], value: unknown, otherwise: T): T => choices.find((c) => c === value) ?? otherwise;

/** A stored map as the table's draft; null when the board has none of its own (its model's map is used). */
export function registerMapDraftOf(map: unknown): RegisterMapDraft | null {
  if (!isRecord(map)) return null;
  const relays = isRecord(map.relays) ? map.relays : {};
  const inputs = isRecord(map.inputs) ? map.inputs : null;
  return {
    kind: oneOf(RELAY_KINDS, relays.kind, 'coil'),
    write: oneOf(WRITE_MODES, relays.write, 'single'),
    on: text(relays.on),
    off: text(relays.off),
    inputSource: inputs ? oneOf(INPUT_SOURCES, inputs.source, 'discrete') : '',
    inputStart: inputs ? text(inputs.start) : '',
    addresses: Array.isArray(relays.addresses) ? relays.addresses.map(text) : [],
  };
}

/** "256" or "0x0100": the number; null when it is neither. */
export function wordOf(value: string): number | null {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  if (/^0x[0-9a-f]+$/i.test(v)) return Number.parseInt(v.slice(2), 16);
  return null;
}

const NOT_A_NUMBER: MessageKey = 'devices.map.number';

/** The map to save, or each cell and field the console can already tell is wrong (ranges are the kiosk's). */
export function registerMapOf(draft: RegisterMapDraft): { map: Record<string, unknown> } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  const number = (path: string, value: string): number | null => {
    const n = wordOf(value);
    if (n === null) problems[path] = value.trim() ? NOT_A_NUMBER : 'devices.required';
    return n;
  };
  const addresses = draft.addresses.map((a, row) => number(mapPath.address(row), a));
  if (addresses.length === 0) problems[mapPath.addresses] = 'devices.map.noRows';
  const relays: Record<string, unknown> = { kind: draft.kind, write: draft.write, addresses };
  if (draft.kind === 'register') {
    if (draft.on.trim()) relays.on = number(mapPath.on, draft.on);
    if (draft.off.trim()) relays.off = number(mapPath.off, draft.off);
  }
  const map: Record<string, unknown> = { relays };
  if (draft.inputSource) map.inputs = { source: draft.inputSource, start: number(mapPath.inputStart, draft.inputStart) };
  return Object.keys(problems).length ? { problems } : { map };
}
