/**
 * A camera as the lanes see it: frames as they come, and whether it is healthy. Drivers: ReplayCamera (a folder of
 * photos, for the demo site and tests). USB/UVC and IP (RTSP, MJPEG, snapshot URL) drivers are still to come.
 */
import type { Frame } from '../alpr/reader';

export type { Frame };

export interface CameraHealth {
  healthy: boolean;
  /** Why not, for the console ("no frame for 5 s", "connection refused"). */
  reason?: string;
  lastFrameAt?: number;
}

export interface Camera {
  /** Calls `onFrame` for each new frame until close; returns the unsubscribe function. */
  onFrame(listener: (frame: Frame) => void): () => void;
  health(): CameraHealth;
  close(): Promise<void>;
}
