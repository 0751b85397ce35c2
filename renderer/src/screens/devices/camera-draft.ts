/**
 * The camera form as a text draft, and back to the config devices.save takes (native/camera's schema, checked by
 * the kiosk, whose message for each field the form shows beside it). The console only checks what it can tell by
 * itself: a field the driver needs is filled in, a number is a whole number.
 */
import type { DeviceConfig } from '../../api/lane-types';
import type { DraftProblems } from './draft';

/** The site's camera drivers (native/camera), and the demo site's simulated camera. */
export const CAMERA_DRIVERS = ['rtsp', 'mjpeg', 'snapshot', 'usb', 'replay', 'demo'] as const;
export type CameraDriver = (typeof CAMERA_DRIVERS)[number];
export const RTSP_TRANSPORTS = ['', 'tcp', 'udp'] as const;

export interface CameraDraft {
  readonly id: string;
  readonly driver: CameraDriver;
  readonly url: string;
  readonly folder: string;
  readonly device: string;
  readonly intervalMs: string;
  readonly transport: (typeof RTSP_TRANSPORTS)[number];
  readonly width: string;
  readonly height: string;
  readonly fps: string;
  readonly ffmpegPath: string;
}

type TextKey = 'url' | 'folder' | 'device' | 'ffmpegPath';
type NumberKey = 'intervalMs' | 'width' | 'height' | 'fps';
export type CameraFieldKey = TextKey | NumberKey | 'transport';

/** Each driver's fields in the order the form shows them, and which of them it cannot do without. */
export const CAMERA_FIELDS: Readonly<Record<CameraDriver, { readonly shown: readonly CameraFieldKey[]; readonly required: readonly CameraFieldKey[] }>> = {
  rtsp: { shown: ['url', 'transport', 'width', 'height', 'fps', 'ffmpegPath'], required: ['url', 'width', 'height'] },
  mjpeg: { shown: ['url'], required: ['url'] },
  snapshot: { shown: ['url', 'intervalMs'], required: ['url'] },
  usb: { shown: ['device', 'width', 'height', 'fps', 'ffmpegPath'], required: ['device', 'width', 'height'] },
  replay: { shown: ['folder', 'intervalMs'], required: ['folder'] },
  demo: { shown: [], required: [] },
};

const NUMBER_KEYS: ReadonlySet<CameraFieldKey> = new Set<NumberKey>(['intervalMs', 'width', 'height', 'fps']);

export function emptyCameraDraft(): CameraDraft {
  return { id: '', driver: 'rtsp', url: '', folder: '', device: '', intervalMs: '', transport: '', width: '', height: '', fps: '', ffmpegPath: '' };
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A stored camera as a draft (a driver this console does not know reads as RTSP, and the kiosk says what is wrong). */
export function cameraDraftOf(device: DeviceConfig): CameraDraft {
  const c = device.config;
  const driver = CAMERA_DRIVERS.find((d) => d === c.driver) ?? 'rtsp';
  const transport = RTSP_TRANSPORTS.find((x) => x === c.transport) ?? '';
  return { id: device.id, driver, url: text(c.url), folder: text(c.folder), device: text(c.device), intervalMs: text(c.intervalMs), transport, width: text(c.width), height: text(c.height), fps: text(c.fps), ffmpegPath: text(c.ffmpegPath) };
}

/** The camera to save (only its driver's fields; blanks left to the driver's defaults), or what is already wrong. */
export function cameraDeviceOf(draft: CameraDraft): { device: DeviceConfig } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  if (!draft.id.trim()) problems.id = 'devices.required';
  const { shown, required } = CAMERA_FIELDS[draft.driver];
  const config: Record<string, unknown> = { driver: draft.driver };
  for (const key of shown) {
    const value = draft[key].trim();
    if (value === '') {
      if (required.includes(key)) problems[key] = 'devices.required';
    } else if (!NUMBER_KEYS.has(key)) config[key] = value;
    else if (/^\d+$/.test(value)) config[key] = Number(value);
    else problems[key] = 'devices.wholeNumber';
  }
  if (Object.keys(problems).length) return { problems };
  return { device: { id: draft.id.trim(), kind: 'camera', config } };
}
