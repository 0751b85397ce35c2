/**
 * Sends a frame on to the plate reader only when something moved: an idle lane then costs a subsampled luma
 * difference per frame (about 4,000 pixels), not an inference. A trigger (a loop detector) forces the next frame
 * through. After motion it lets frames through for `holdMs`, so a car that stops at the barrier is still read.
 */
import type { Frame } from '../alpr/reader';

export interface MotionOptions {
  /** Mean absolute luma change (0..255) over the sample grid that counts as motion. */
  threshold: number;
  /** Keep passing frames this long after the last motion. */
  holdMs: number;
  /** Sample grid size (columns x rows). */
  grid: [number, number];
}

export const MOTION_DEFAULTS: MotionOptions = { threshold: 6, holdMs: 1_500, grid: [80, 45] };

export class MotionGate {
  private previous: Float32Array | null = null;
  private passUntil = -Infinity;
  private triggered = false;
  private readonly options: MotionOptions;

  constructor(options: Partial<MotionOptions> = {}) {
    this.options = { ...MOTION_DEFAULTS, ...options };
  }

  /** A loop detector or a button: the next frame passes whatever it shows. */
  trigger(): void {
    this.triggered = true;
  }

  /** Whether this frame should go to the reader. */
  accept(frame: Frame): boolean {
    const luma = this.sample(frame);
    const previous = this.previous;
    this.previous = luma;
    let change = previous ? 0 : Infinity;
    if (previous) {
      for (let i = 0; i < luma.length; i++) change += Math.abs(luma[i]! - previous[i]!);
      change /= luma.length;
    }
    if (change >= this.options.threshold || this.triggered) this.passUntil = frame.capturedAt + this.options.holdMs;
    this.triggered = false;
    return frame.capturedAt <= this.passUntil;
  }

  private sample(frame: Frame): Float32Array {
    const [cols, rows] = this.options.grid;
    const channels = frame.channels ?? 3;
    const out = new Float32Array(cols * rows);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      const x = Math.floor(((c + 0.5) * frame.width) / cols), y = Math.floor(((r + 0.5) * frame.height) / rows);
      const o = (y * frame.width + x) * channels;
      out[r * cols + c] = 0.299 * frame.data[o]! + 0.587 * frame.data[o + 1]! + 0.114 * frame.data[o + 2]!;
    }
    return out;
  }
}
