/**
 * The relay board form and the lane wiring form as text drafts, and back to what devices.save and
 * lanes.saveSettings take. Only the console's own checks live here (a number is a number); the ranges and what
 * a protocol allows are the driver's schema's, checked by the kiosk, whose message the form shows.
 */
import type { DeviceConfig, LaneMode, LaneSettings, SerialPortView } from '../../api/lane-types';
import type { MessageKey, T } from '../../i18n';
import { confidenceOf } from '../../lib/lane-model';
import { registerMapDraftOf, registerMapOf, type RegisterMapDraft } from './register-map-draft';

export const PROTOCOLS = ['ch340', 'ascii', 'modbus'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const PORT_BY = ['serialNumber', 'path', 'usbIds'] as const;
export type PortBy = (typeof PORT_BY)[number];
/**
 * Each protocol's built-in boards: Modbus register maps (native/relay/register-map.ts) and the CH340-family and
 * text-command boards' dialects (native/relay/serial-profiles.ts); '' = the protocol's default board (generic
 * coils, LCUS, Numato). The kiosk checks the name.
 */
export const BOARD_PROFILES = {
  modbus: ['', 'waveshare-relay', 'waveshare-io-8', 'eletechsup-r4d3b16'],
  ch340: ['', 'kmtronic', 'hw-667'],
  ascii: ['', 'kincony'],
} as const;
export type BoardProfile = (typeof BOARD_PROFILES)[Protocol][number];
export const PARITIES = ['', 'none', 'even', 'odd'] as const;
export const DATA_BITS = ['', '8', '7'] as const;
export const STOP_BITS = ['', '1', '2'] as const;

export interface RelayDraft {
  readonly id: string;
  readonly protocol: Protocol;
  readonly portBy: PortBy;
  readonly path: string;
  readonly serialNumber: string;
  readonly vendorId: string;
  readonly productId: string;
  readonly channels: string;
  readonly inputs: string;
  readonly modbusAddress: string;
  readonly pulseMs: string;
  readonly timeoutMs: string;
  /** Serial settings; '' = the driver's default (9600 8N1). */
  readonly baudRate: string;
  readonly dataBits: (typeof DATA_BITS)[number];
  readonly parity: (typeof PARITIES)[number];
  readonly stopBits: (typeof STOP_BITS)[number];
  /** The board model (BOARD_PROFILES of its protocol); Modbus: and the board's own register map (null: the model's). */
  readonly profile: BoardProfile;
  readonly ownMap: RegisterMapDraft | null;
  /** The board's other keys, kept as they were. */
  readonly rest: Readonly<Record<string, unknown>>;
}

/** Field name -> message key. */
export type DraftProblems = Partial<Record<string, MessageKey>>;

/** A draft's problems as the form shows them: field name -> message, in the console's language. */
export function problemTexts(problems: DraftProblems, t: T): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).flatMap(([k, key]) => (key ? [[k, t(key)]] : [])));
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function emptyRelayDraft(port?: SerialPortView): RelayDraft {
  return {
    id: '',
    protocol: 'modbus',
    portBy: port && !port.serialNumber ? 'path' : 'serialNumber',
    path: port?.path ?? '',
    serialNumber: port?.serialNumber ?? '',
    vendorId: port?.vendorId ?? '',
    productId: port?.productId ?? '',
    channels: '',
    inputs: '',
    modbusAddress: '',
    pulseMs: '',
    timeoutMs: '',
    baudRate: '',
    dataBits: '',
    parity: '',
    stopBits: '',
    profile: '',
    ownMap: null,
    rest: {},
  };
}

const oneOf = <T extends string>(choices: readonly T[], value: unknown): T => choices.find((c) => c === text(value)) ?? choices[0]!;

/** A stored relay device as a draft; null when it is not a serial board (the demo board has its own form). */
export function relayDraftOf(device: DeviceConfig): RelayDraft | null {
  const { config } = device;
  if (config.driver !== 'serial' || !isRecord(config.board)) return null;
  const { protocol, port, channels, inputs, modbusAddress, pulseMs, timeoutMs, baudRate, dataBits, parity, stopBits, profile, registerMap, ...rest } = config.board;
  const usb = isRecord(port) ? port : {};
  const known = PROTOCOLS.find((p) => p === protocol) ?? 'modbus';
  return {
    id: device.id,
    protocol: known,
    portBy: typeof port === 'string' ? 'path' : usb.serialNumber !== undefined ? 'serialNumber' : 'usbIds',
    path: typeof port === 'string' ? port : '',
    serialNumber: text(usb.serialNumber),
    vendorId: text(usb.vendorId),
    productId: text(usb.productId),
    channels: text(channels),
    inputs: text(inputs),
    modbusAddress: text(modbusAddress),
    pulseMs: text(pulseMs),
    timeoutMs: text(timeoutMs),
    baudRate: text(baudRate),
    dataBits: oneOf(DATA_BITS, dataBits),
    parity: oneOf(PARITIES, parity),
    stopBits: oneOf(STOP_BITS, stopBits),
    profile: oneOf<BoardProfile>(BOARD_PROFILES[known], profile),
    ownMap: registerMapDraftOf(registerMap),
    rest,
  };
}

const NUMBERS = ['channels', 'inputs', 'modbusAddress', 'pulseMs', 'timeoutMs', 'baudRate'] as const;

/** The device to save, or the fields the console can already tell are wrong. */
export function relayDeviceOf(draft: RelayDraft): { device: DeviceConfig } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  if (!draft.id.trim()) problems.id = 'devices.required';
  const port =
    draft.portBy === 'path'
      ? draft.path.trim()
      : draft.portBy === 'serialNumber'
        ? { serialNumber: draft.serialNumber.trim() }
        : { vendorId: draft.vendorId.trim(), productId: draft.productId.trim() };
  if (draft.portBy === 'path' && !draft.path.trim()) problems.path = 'devices.required';
  if (draft.portBy === 'serialNumber' && !draft.serialNumber.trim()) problems.serialNumber = 'devices.required';
  const board: Record<string, unknown> = { ...draft.rest, protocol: draft.protocol, port };
  const modbus = draft.protocol === 'modbus';
  for (const key of NUMBERS) {
    if (key === 'modbusAddress' && !modbus) continue; // only a Modbus board has one, as the driver asks
    if (key === 'channels' && modbus && draft.ownMap) continue; // the map's rows count them
    const value = draft[key].trim();
    if (value === '') continue;
    if (!/^-?\d+$/.test(value)) problems[key] = 'devices.wholeNumber';
    else board[key] = Number(value);
  }
  if (draft.dataBits) board.dataBits = Number(draft.dataBits);
  if (draft.stopBits) board.stopBits = Number(draft.stopBits);
  if (draft.parity) board.parity = draft.parity;
  // A model left over from another protocol (the protocol was changed after it) is not this board's.
  if (draft.profile && (BOARD_PROFILES[draft.protocol] as readonly string[]).includes(draft.profile)) board.profile = draft.profile;
  if (modbus && draft.ownMap) {
    // The table has a row per channel: its rows are the board's channels.
    const map = registerMapOf(draft.ownMap);
    if ('problems' in map) Object.assign(problems, map.problems);
    else Object.assign(board, { registerMap: map.map, channels: draft.ownMap.addresses.length });
  }
  if (Object.keys(problems).length) return { problems };
  return { device: { id: draft.id.trim(), kind: 'relay', config: { driver: 'serial', board } } };
}

export interface LaneDraft {
  readonly laneId: string;
  readonly mode: LaneMode;
  readonly percent: string;
  readonly relayBoard: string;
  readonly loopInput: string;
  readonly barrierInput: string;
  readonly pulseMs: string;
  readonly camera: string;
  readonly terminal: string;
  /** '': the site's first class. */
  readonly defaultVehicleClass: string;
  /** The region of interest in percent of the picture, as typed; all four blank: the whole picture. */
  readonly roi: Readonly<Record<RoiSide, string>>;
}

export type RoiSide = keyof NonNullable<LaneSettings['roi']>;
export const ROI_SIDES: readonly RoiSide[] = ['x', 'y', 'width', 'height'];
const NO_ROI: Record<RoiSide, string> = { x: '', y: '', width: '', height: '' };

/** Shares of the picture as percentages to one decimal (10.5), the way the form shows them. */
const percentOf = (share: number): string => String(Math.round(share * 1000) / 10);

/**
 * The typed percentages as shares of the picture: null when all four are blank, or the problem of each side that
 * is blank (when others are not) or not a number. The ranges are the kiosk's to check, by field.
 */
export function roiOf(typed: Readonly<Record<RoiSide, string>>): { roi: LaneSettings['roi'] } | { problems: DraftProblems } {
  if (ROI_SIDES.every((side) => typed[side].trim() === '')) return { roi: null };
  const problems: DraftProblems = {};
  const shares = Object.fromEntries(ROI_SIDES.map((side) => {
    const text = typed[side].trim().replace(/%$/, '').trim();
    if (text === '') problems[`roi.${side}`] = 'devices.roiIncomplete';
    else if (!/^\d+(\.\d+)?$/.test(text)) problems[`roi.${side}`] = 'devices.roiPercent';
    return [side, Number(text) / 100];
  })) as Record<RoiSide, number>;
  return Object.keys(problems).length ? { problems } : { roi: shares };
}

/** A region as the form's four percentages; null (the whole picture) as four blanks. */
export function typedRoi(roi: LaneSettings['roi']): LaneDraft['roi'] {
  return roi === null ? NO_ROI : { x: percentOf(roi.x), y: percentOf(roi.y), width: percentOf(roi.width), height: percentOf(roi.height) };
}

export function laneDraftOf(s: LaneSettings): LaneDraft {
  return {
    laneId: s.laneId,
    mode: s.mode,
    percent: String(Math.round(s.minConfidence * 100)),
    relayBoard: s.relayBoard ?? '',
    loopInput: s.loopInput === null ? '' : String(s.loopInput),
    barrierInput: s.barrierInput === null ? '' : String(s.barrierInput),
    pulseMs: String(s.pulseMs),
    camera: s.camera ?? '',
    terminal: s.terminal ?? '',
    defaultVehicleClass: s.defaultVehicleClass ?? '',
    roi: typedRoi(s.roi),
  };
}

const optionalInt = (v: string): number | null | undefined => (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined);

export function laneSettingsOf(d: LaneDraft): { settings: LaneSettings } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  const minConfidence = confidenceOf(d.percent);
  if (minConfidence === null) problems.percent = 'mode.minConfidenceInvalid';
  const loopInput = optionalInt(d.loopInput);
  const barrierInput = optionalInt(d.barrierInput);
  if (loopInput === undefined) problems.loopInput = 'devices.wholeNumber';
  if (barrierInput === undefined) problems.barrierInput = 'devices.wholeNumber';
  const pulseMs = /^\d+$/.test(d.pulseMs.trim()) ? Number(d.pulseMs.trim()) : null;
  if (pulseMs === null) problems.pulseMs = 'devices.wholeNumber';
  const roi = roiOf(d.roi);
  if ('problems' in roi) Object.assign(problems, roi.problems);
  if (minConfidence === null || loopInput === undefined || barrierInput === undefined || pulseMs === null || 'problems' in roi) return { problems };
  return {
    settings: {
      laneId: d.laneId,
      mode: d.mode,
      minConfidence,
      relayBoard: d.relayBoard || null,
      loopInput,
      barrierInput,
      pulseMs,
      camera: d.camera || null,
      terminal: d.terminal || null,
      defaultVehicleClass: d.defaultVehicleClass || null,
      roi: roi.roi,
    },
  };
}
