/**
 * The cameras' entry for the core: the interface, the config a site stores for each camera (validated here, so a
 * bad one is a clear message on the device, never a crash in a driver), the factory, the motion gate and the JPEG
 * encoder for evidence and the console. The core imports from here and never from the drivers.
 */
import { z } from 'zod';
import type { Camera } from './camera';
import { FfmpegCamera } from './ffmpeg-camera';
import { MjpegCamera } from './mjpeg-camera';
import { ReplayCamera } from './replay-camera';
import { SnapshotCamera } from './snapshot-camera';

export type { Camera, CameraHealth, Frame } from './camera';
export { MotionGate } from './motion';
export { encodeJpeg } from './frame-jpeg';

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
const size = { width: z.int().min(16).max(4096), height: z.int().min(16).max(4096), fps: z.int().min(1).max(30).optional(), ffmpegPath: z.string().min(1).optional() };

export const cameraConfigSchema = z.discriminatedUnion('driver', [
  /** A folder of photos played in a loop (tests, demos). */
  z.strictObject({ driver: z.literal('replay'), folder: z.string().min(1), intervalMs: z.int().min(20).max(60_000).default(200) }),
  z.strictObject({ driver: z.literal('mjpeg'), url: httpUrl }),
  z.strictObject({ driver: z.literal('snapshot'), url: httpUrl, intervalMs: z.int().min(50).max(60_000).optional() }),
  z.strictObject({ driver: z.literal('rtsp'), url: z.url({ protocol: /^rtsps?$/, error: 'an rtsp:// URL' }), transport: z.enum(['tcp', 'udp']).optional(), ...size }),
  z.strictObject({ driver: z.literal('usb'), device: z.string().min(1), ...size }),
]);
export type CameraConfig = z.output<typeof cameraConfigSchema>;

/** Starts the camera a config describes; it connects (and reconnects) in the background and reports its health. */
export function createCamera(config: CameraConfig, now: () => number = Date.now): Camera {
  switch (config.driver) {
    case 'replay':
      return new ReplayCamera(config.folder, config.intervalMs, now);
    case 'mjpeg':
      return new MjpegCamera({ url: config.url, now });
    case 'snapshot':
      return new SnapshotCamera({ url: config.url, intervalMs: config.intervalMs, now });
    case 'rtsp':
      return new FfmpegCamera({ source: { kind: 'rtsp', url: config.url, transport: config.transport }, width: config.width, height: config.height, fps: config.fps, ffmpegPath: config.ffmpegPath, now });
    case 'usb':
      return new FfmpegCamera({ source: { kind: 'usb', device: config.device }, width: config.width, height: config.height, fps: config.fps, ffmpegPath: config.ffmpegPath, now });
  }
}
