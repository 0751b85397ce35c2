/**
 * A camera that plays pictures it already holds, one every `intervalMs` (folder replay, the demo site's cameras):
 * the frame clock, the listeners and the health the subclasses share. A subclass says which picture is next.
 */
import type { Frame } from '../alpr/reader';
import type { Camera, CameraHealth } from './camera';

export abstract class PlaybackCamera implements Camera {
  protected state: CameraHealth;
  private readonly listeners = new Set<(frame: Frame) => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    intervalMs: number,
    private readonly now: () => number,
    initial: CameraHealth,
  ) {
    this.state = initial;
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  /** The picture to show now, or null while there is none. */
  protected abstract nextPicture(): Omit<Frame, 'capturedAt'> | null;

  private tick(): void {
    const next = this.nextPicture();
    if (!next) return;
    const frame: Frame = { ...next, capturedAt: this.now() };
    this.state = { ...this.state, lastFrameAt: frame.capturedAt };
    for (const listener of this.listeners) listener(frame);
  }

  onFrame(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): CameraHealth {
    return this.state;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.listeners.clear();
  }
}
