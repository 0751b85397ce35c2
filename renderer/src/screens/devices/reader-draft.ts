/**
 * The card reader form and the demo relay board form as text drafts, and back to the config devices.save takes
 * (payments/terminals.ts's stored reader schema, and the demo board's, checked by the kiosk, whose message for each
 * field the form shows beside it). A reader's secret key is never in its config: the form names only the
 * environment variable that holds it.
 */
import type { DeviceConfig } from '../../api/lane-types';
import type { DraftProblems } from './draft';

export const READER_DRIVERS = ['simulated', 'stripe'] as const;
export const CAPTURE_METHODS = ['', 'manual', 'automatic'] as const;
/** The simulated reader presents a card by itself after a wait, or never (a test taps it). */
export const AUTO_PRESENT = ['after', 'never'] as const;

export interface ReaderDraft {
  readonly id: string;
  readonly driver: (typeof READER_DRIVERS)[number];
  /** '': no lane. */
  readonly laneId: string;
  readonly autoPresent: (typeof AUTO_PRESENT)[number];
  readonly autoPresentMs: string;
  readonly readerId: string;
  readonly secretKeyEnv: string;
  readonly captureMethod: (typeof CAPTURE_METHODS)[number];
  /** The reader's other keys (a Stripe reader's API endpoint, set by tests and relays), kept as they were. */
  readonly rest: Readonly<Record<string, unknown>>;
}

export interface DemoBoardDraft {
  readonly id: string;
  readonly channels: string;
  readonly inputs: string;
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const oneOf = <T extends string>(choices: readonly T[], value: unknown): T => choices.find((c) => c === value) ?? choices[0]!;

/** A whole number from a field: blank = the driver's default (undefined), else the number or the problem. */
function wholeNumber(value: string, required: boolean): { value?: number } | { problem: 'devices.required' | 'devices.wholeNumber' } {
  const v = value.trim();
  if (v === '') return required ? { problem: 'devices.required' } : {};
  return /^\d+$/.test(v) ? { value: Number(v) } : { problem: 'devices.wholeNumber' };
}

export function emptyReaderDraft(): ReaderDraft {
  return { id: '', driver: 'stripe', laneId: '', autoPresent: 'after', autoPresentMs: '', readerId: '', secretKeyEnv: '', captureMethod: '', rest: {} };
}

export function readerDraftOf(device: DeviceConfig): ReaderDraft {
  const { driver, laneId, autoPresentMs, readerId, secretKeyEnv, captureMethod, ...rest } = device.config;
  return {
    id: device.id,
    driver: oneOf(READER_DRIVERS, driver),
    laneId: text(laneId),
    autoPresent: autoPresentMs === null ? 'never' : 'after',
    autoPresentMs: text(autoPresentMs),
    readerId: text(readerId),
    secretKeyEnv: text(secretKeyEnv),
    captureMethod: oneOf(CAPTURE_METHODS, captureMethod),
    rest: driver === 'stripe' ? rest : {},
  };
}

/** The reader to save (only its driver's fields; blanks left to the defaults), or what is already wrong. */
export function readerDeviceOf(draft: ReaderDraft): { device: DeviceConfig } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  if (!draft.id.trim()) problems.id = 'devices.required';
  const config: Record<string, unknown> = { driver: draft.driver, laneId: draft.laneId || null };
  if (draft.driver === 'simulated') {
    const wait = draft.autoPresent === 'never' ? { value: null } : wholeNumber(draft.autoPresentMs, false);
    if ('problem' in wait) problems.autoPresentMs = wait.problem;
    else if (wait.value !== undefined) config.autoPresentMs = wait.value;
  } else {
    Object.assign(config, draft.rest);
    if (!draft.readerId.trim()) problems.readerId = 'devices.required';
    config.readerId = draft.readerId.trim();
    if (draft.secretKeyEnv.trim()) config.secretKeyEnv = draft.secretKeyEnv.trim();
    if (draft.captureMethod) config.captureMethod = draft.captureMethod;
  }
  if (Object.keys(problems).length) return { problems };
  return { device: { id: draft.id.trim(), kind: 'terminal', config } };
}

export function demoBoardDraftOf(device: DeviceConfig): DemoBoardDraft {
  return { id: device.id, channels: text(device.config.channels), inputs: text(device.config.inputs) };
}

/** The demo board to save; the simulator needs both counts. */
export function demoBoardDeviceOf(draft: DemoBoardDraft): { device: DeviceConfig } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  if (!draft.id.trim()) problems.id = 'devices.required';
  const channels = wholeNumber(draft.channels, true);
  const inputs = wholeNumber(draft.inputs, true);
  if ('problem' in channels) problems.channels = channels.problem;
  if ('problem' in inputs) problems.inputs = inputs.problem;
  if (Object.keys(problems).length || 'problem' in channels || 'problem' in inputs) return { problems };
  return { device: { id: draft.id.trim(), kind: 'relay', config: { driver: 'demo', channels: channels.value, inputs: inputs.value } } };
}
