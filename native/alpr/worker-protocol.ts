/** Messages between OnnxPlateReader (host) and worker.ts. Plain data: they cross a worker_threads port. */
import type { PipelineOptions } from './pipeline';
import type { Frame, FrameReading, PlateReaderErrorCode } from './reader';

export interface WorkerInit {
  options: PipelineOptions;
}

export type HostMessage =
  | { type: 'read'; id: number; frame: Frame }
  /** Decode image bytes (JPEG/PNG) in the worker, then read: keeps decoding off the caller's thread too. */
  | { type: 'read-image'; id: number; bytes: Uint8Array };

export type WorkerMessage =
  | { type: 'ready'; startupMs: number; threads: number }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; reading: FrameReading; decodeMs?: number }
  | { type: 'error'; id: number; code: PlateReaderErrorCode; message: string };
