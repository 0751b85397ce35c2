/**
 * Scripted plate reads for the demo site and tests: each frame gets the next scripted reading (cycling), or a
 * reading chosen by a function of the frame. It checks frames, and keeps to their region of interest, the same way
 * the real reader does.
 */
import { checkFrame, inRegionOfInterest, PlateReaderError, type Frame, type FrameReading, type PlateRead, type PlateReader } from './reader';

export type Script = readonly (readonly PlateRead[])[] | ((frame: Frame, index: number) => readonly PlateRead[]);

/** A read of `text`, by default in the lower middle of a 1280x720 frame: enough for demos and tests. */
export function scriptedRead(text: string, confidence = 0.95, box: PlateRead['box'] = { x: 540, y: 420, width: 200, height: 50 }): PlateRead {
  return {
    box,
    text,
    confidence,
    charConfidences: [...text].map(() => confidence),
    alternatives: [],
  };
}

export class SimulatedPlateReader implements PlateReader {
  private index = 0;
  private closed = false;
  constructor(private readonly script: Script = [], private readonly processingMs = 5) {}

  async read(frame: Frame): Promise<FrameReading> {
    if (this.closed) throw new PlateReaderError('closed', 'the plate reader is closed');
    checkFrame(frame);
    const i = this.index++;
    const plates = typeof this.script === 'function' ? this.script(frame, i) : this.script.length ? this.script[i % this.script.length]! : [];
    return { plates: plates.filter((p) => inRegionOfInterest(frame, p.box)).map((p) => structuredClone(p)), processingMs: this.processingMs };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
