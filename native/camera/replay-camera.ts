/**
 * A camera that replays a folder of photos (JPEG/PNG) in name order, looping, one every `intervalMs`: the demo
 * site's lanes and the tests. Files are decoded once at start (demo folders are small); a file that cannot be
 * decoded makes the camera unhealthy with the reason, as a broken real camera would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../alpr/image/decode';
import type { Frame } from '../alpr/reader';
import type { Camera, CameraHealth } from './camera';

export class ReplayCamera implements Camera {
  private readonly frames: Omit<Frame, 'capturedAt'>[] = [];
  private readonly listeners = new Set<(frame: Frame) => void>();
  private readonly timer: NodeJS.Timeout;
  private index = 0;
  private state: CameraHealth = { healthy: true };

  constructor(folder: string, intervalMs = 200, private readonly now: () => number = Date.now) {
    for (const name of readdirSync(folder).filter((n) => /\.(jpe?g|png)$/i.test(n)).sort()) {
      try {
        this.frames.push(decodeImage(readFileSync(join(folder, name))));
      } catch (error) {
        this.state = { healthy: false, reason: `${name}: ${(error as Error).message}` };
      }
    }
    if (!this.frames.length) this.state = { healthy: false, reason: `no playable photo in ${folder}` };
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  private tick(): void {
    const next = this.frames[this.index++ % Math.max(1, this.frames.length)];
    if (!next) return;
    const frame = { ...next, capturedAt: this.now() };
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
