/**
 * A camera as the lanes see it: frames as they come, and whether it is healthy. Drivers:
 * - ReplayCamera: a folder of photos, for the demo site and tests;
 * - MjpegCamera: an IP camera's MJPEG stream over HTTP; SnapshotCamera: an IP camera's JPEG snapshot URL, polled;
 * - FfmpegCamera: RTSP IP cameras and USB/UVC cameras through an ffmpeg child process (when ffmpeg is installed).
 * The live drivers share LiveCamera: reconnect with backoff, a watchdog for silent connections, sharp decoding.
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
  /** Called on each change of health (healthy <-> not, or a new reason); returns the unsubscribe function. */
  onHealth?(listener: (health: CameraHealth) => void): () => void;
}
