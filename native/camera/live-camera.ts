/**
 * What every live camera driver shares (MJPEG, snapshot URL, ffmpeg for RTSP/USB): a connect loop that reconnects
 * with backoff when the camera drops, a watchdog that treats a silent connection as dropped, JPEG decoding with
 * sharp (async, on libuv's pool: the event loop only waits) that keeps just the newest frame when the camera is
 * faster than the decoder, a frame-rate cap, and the health the console shows. A driver only implements
 * `connect`: open the camera, hand bytes or frames to the sink until the connection ends, then return or throw.
 */
import { decodeImage, DEFAULT_LIMITS, type DecodeLimits } from '../alpr/image/decode';
import type { Frame } from '../alpr/reader';
import { Backoff, type BackoffOptions } from './backoff';
import type { Camera, CameraHealth } from './camera';

export interface LiveCameraOptions {
  /** A connection with no frame for this long is dropped and reopened; the camera shows unhealthy. Default 5 s. */
  staleAfterMs?: number;
  /** Frames beyond this rate are dropped before decoding (a lane needs a few per second). Default 10. */
  maxFps?: number;
  /** This many undecodable frames in a row drop the connection. Default 3. */
  maxBadFrames?: number;
  backoff?: Partial<BackoffOptions>;
  limits?: DecodeLimits;
  now?: () => number;
}

export interface FrameSink {
  /** A compressed frame (JPEG, PNG or WebP bytes) as it came from the camera. */
  image(bytes: Uint8Array): void;
  /** A frame already in RGB. */
  frame(frame: Frame): void;
}

/** Thrown by a sink call after the connection was dropped: the driver should stop reading. */
export class ConnectionDropped extends Error {
  override name = 'ConnectionDropped';
}

export abstract class LiveCamera implements Camera {
  private readonly listeners = new Set<(frame: Frame) => void>();
  private readonly healthListeners = new Set<(health: CameraHealth) => void>();
  private readonly backoff: Backoff;
  private readonly options: Required<Omit<LiveCameraOptions, 'backoff'>>;
  private state: CameraHealth = { healthy: false, reason: 'connecting' };
  private connection: AbortController | null = null;
  private readonly closing = new AbortController();
  private readonly loop: Promise<void>;
  private lastDeliveredAt = -Infinity;
  private connectedAt = 0;
  private decoding = false;
  private pending: { bytes: Uint8Array; at: number } | null = null;
  private badFrames = 0;
  /** How many times the camera was (re)connected: for tests and the device page. */
  connects = 0;

  constructor(options: LiveCameraOptions = {}) {
    this.options = { staleAfterMs: 5_000, maxFps: 10, maxBadFrames: 3, limits: DEFAULT_LIMITS, now: Date.now, ...options };
    this.backoff = new Backoff(options.backoff);
    // Started on the next tick: a subclass's fields are set only after this constructor returns.
    this.loop = new Promise((resolve) => setImmediate(resolve)).then(() => this.run());
  }

  /** Opens the camera and feeds the sink until the connection ends (return) or fails (throw). */
  protected abstract connect(signal: AbortSignal, sink: FrameSink): Promise<void>;

  /** What the camera is, for messages ("MJPEG http://10.0.0.5/video"). */
  protected abstract describe(): string;

  onFrame(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onHealth(listener: (health: CameraHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  health(): CameraHealth {
    return this.state;
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.connection?.abort();
    this.listeners.clear();
    await this.loop;
    this.healthListeners.clear();
  }

  private async run(): Promise<void> {
    while (!this.closing.signal.aborted) {
      const reason = await this.connectOnce();
      if (this.closing.signal.aborted) break;
      this.setHealth({ healthy: false, reason: `${reason}; reconnecting` });
      await sleep(this.backoff.next(), this.closing.signal);
    }
    this.setHealth({ healthy: false, reason: 'closed' });
  }

  /** One connection, watched for silence; returns why it ended. */
  private async connectOnce(): Promise<string> {
    const connection = new AbortController();
    this.connection = connection;
    this.connects++;
    this.connectedAt = this.options.now();
    this.badFrames = 0;
    const watchdog = setInterval(() => this.checkStale(connection), Math.max(50, this.options.staleAfterMs / 4));
    try {
      await this.connect(connection.signal, this.sinkFor(connection));
      return connection.signal.reason instanceof Error ? connection.signal.reason.message : `${this.describe()}: the stream ended`;
    } catch (error) {
      const cause = connection.signal.aborted && connection.signal.reason instanceof Error ? connection.signal.reason : (error as Error);
      return cause.message;
    } finally {
      clearInterval(watchdog);
      connection.abort();
    }
  }

  private checkStale(connection: AbortController): void {
    const since = Math.max(this.connectedAt, this.state.lastFrameAt ?? 0);
    const silentMs = this.options.now() - since;
    if (silentMs > this.options.staleAfterMs) this.drop(connection, `${this.describe()}: no frame for ${(silentMs / 1000).toFixed(1)} s`);
  }

  private drop(connection: AbortController, reason: string): void {
    if (!connection.signal.aborted) connection.abort(new ConnectionDropped(reason));
  }

  private sinkFor(connection: AbortController): FrameSink {
    const live = () => {
      if (connection.signal.aborted) throw new ConnectionDropped('connection dropped');
    };
    return {
      image: (bytes) => {
        live();
        this.acceptImage(bytes, connection);
      },
      frame: (frame) => {
        live();
        if (this.takesFrameAt(frame.capturedAt)) this.deliver(frame);
      },
    };
  }

  /** The frame-rate cap: a frame sooner than 1/maxFps after the last delivered one is dropped undecoded. */
  private takesFrameAt(at: number): boolean {
    return at - this.lastDeliveredAt >= 1000 / this.options.maxFps;
  }

  private acceptImage(bytes: Uint8Array, connection: AbortController): void {
    const at = this.options.now();
    if (!this.takesFrameAt(at)) return;
    this.pending = { bytes, at }; // a newer frame replaces one still waiting: lanes want the latest picture
    if (!this.decoding) void this.decodePending(connection);
  }

  private async decodePending(connection: AbortController): Promise<void> {
    this.decoding = true;
    try {
      for (let next = this.pending; next && !connection.signal.aborted; next = this.pending) {
        this.pending = null;
        await this.decodeOne(next, connection);
      }
    } finally {
      this.decoding = false;
    }
  }

  private async decodeOne({ bytes, at }: { bytes: Uint8Array; at: number }, connection: AbortController): Promise<void> {
    try {
      const image = await decodeImage(bytes, this.options.limits);
      if (connection.signal.aborted) return;
      this.badFrames = 0;
      this.deliver({ ...image, capturedAt: at });
    } catch (error) {
      this.badFrames++;
      const reason = `${this.describe()}: bad frame (${(error as Error).message})`;
      this.setHealth({ ...this.state, healthy: false, reason });
      if (this.badFrames >= this.options.maxBadFrames) this.drop(connection, `${reason}, ${this.badFrames} in a row`);
    }
  }

  private deliver(frame: Frame): void {
    this.lastDeliveredAt = frame.capturedAt;
    this.backoff.reset();
    this.setHealth({ healthy: true, lastFrameAt: frame.capturedAt });
    for (const listener of this.listeners) listener(frame);
  }

  private setHealth(next: CameraHealth): void {
    const changed = next.healthy !== this.state.healthy || next.reason !== this.state.reason;
    this.state = { ...next, ...(next.lastFrameAt === undefined && this.state.lastFrameAt !== undefined ? { lastFrameAt: this.state.lastFrameAt } : {}) };
    if (changed) for (const listener of this.healthListeners) listener(this.state);
  }
}

/** Waits ms, or less when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
