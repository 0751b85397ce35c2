/**
 * Capture to plate votes, for one lane: camera frames pass the motion gate, go to the (shared) plate reader one at a
 * time, and the per-vehicle vote turns the reads into one plate. Kept apart from the lane controller, as LPR is a
 * processor separate from capture: the controller sees only votes, and a lane with no camera still works by hand.
 *
 * Frames that arrive while a read is in flight are not queued: the newest one waits and older ones are dropped, so
 * a slow reader makes a lane read less often, never later. Where lanes share a reader, each frame goes with how soon
 * its lane needs it (READ_PRIORITY_OF its vote's stage): a car waiting for the read that settles its vote goes
 * before another lane's first frame, and the frames of a car already decided go last, so four lanes' frames never
 * queue behind a decided car's.
 */
import type { Frame, ReadPriority } from '../../../native/alpr';
import { DEFAULT_VOTE, PlateVote, type VoteOptions, type VotedPlate, type VoteStage } from '../domain/lanes/plate-vote';

export const READ_PRIORITY_OF: Readonly<Record<VoteStage, ReadPriority>> = { open: 'settles-vote', idle: 'first', decided: 'decided' };

/** What the lane needs of a plate reader (native/alpr PlateReader satisfies it). */
export interface FrameReader {
  read(frame: Frame, priority?: ReadPriority): Promise<{ plates: Array<{ box: Box; text: string; confidence: number; charConfidences: number[]; alternatives: { text: string; confidence: number }[] }>; processingMs: number }>;
}

/** What the lane needs of a camera (native/camera Camera satisfies it). */
export interface FrameSource {
  onFrame(listener: (frame: Frame) => void): () => void;
}

/** What the lane needs of the motion gate (native/camera MotionGate satisfies it). */
export interface FrameGate {
  accept(frame: Frame): boolean;
  trigger(): void;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LastRead {
  readonly text: string;
  readonly confidence: number;
  readonly alternatives: readonly string[];
  readonly box: Box;
  readonly at: number;
  readonly processingMs: number;
}

/** What this lane's reader looks for, asked at each frame read: the settings may change while the lane runs. */
export interface ReadScope {
  /** The site's plate regions and home country (Site settings). */
  readonly plateRegions: readonly string[];
  readonly plateHomeCountry: string | null;
  /** The lane's region of interest in shares of the picture (contract/lanes.ts laneRoiSchema); null: all of it. */
  readonly roi: Box | null;
}

/**
 * The frame as the reader is asked to read it: with the plate regions and home country the site expects now and the
 * lane's region of interest in this frame's pixels (whole pixels, never outside the picture nor empty, whatever its
 * resolution).
 */
export function scopedFrame(frame: Frame, scope: ReadScope): Frame {
  const { roi } = scope;
  const plates = { regions: scope.plateRegions, ...(scope.plateHomeCountry === null ? {} : { homeCountry: scope.plateHomeCountry }) };
  if (!roi) return { ...frame, ...plates };
  const left = Math.min(frame.width - 1, Math.floor(roi.x * frame.width)), top = Math.min(frame.height - 1, Math.floor(roi.y * frame.height));
  const right = Math.max(left + 1, Math.min(frame.width, Math.ceil((roi.x + roi.width) * frame.width)));
  const bottom = Math.max(top + 1, Math.min(frame.height, Math.ceil((roi.y + roi.height) * frame.height)));
  return { ...frame, ...plates, roi: { x: left, y: top, width: right - left, height: bottom - top } };
}

export interface CaptureEvents {
  /** A vehicle's plate, voted over its frames; `frame` is the frame that settled the vote (the evidence). */
  voted(plate: VotedPlate, frame: Frame, box: Box | null): void;
  /** Every frame read (for the lane tile), plate or not. */
  read(last: LastRead | null, frame: Frame): void;
  /** The reader failed on a frame: the lane says so, the next frame is tried. */
  failed(error: unknown): void;
  /**
   * A read that may settle the vote (and so open the barrier) starts; the returned release is called once the read
   * was handled (its vote decided, or not settled).
   */
  deciding?(): () => void;
}

export class LaneCapture {
  private readonly vote: PlateVote;
  private reading = false;
  private waiting: Frame | null = null;
  private lastBox: Box | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly source: FrameSource,
    private readonly gate: FrameGate,
    private readonly reader: FrameReader,
    private readonly events: CaptureEvents,
    private readonly scope: () => ReadScope,
    options: VoteOptions = DEFAULT_VOTE,
  ) {
    this.vote = new PlateVote(options);
  }

  start(): void {
    this.unsubscribe ??= this.source.onFrame((frame) => this.offer(frame));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.waiting = null;
  }

  /** A loop detector fired: the next frame is read whatever the motion gate thinks. */
  trigger(): void {
    this.gate.trigger();
  }

  /** The lane's tick: a vote whose window has passed is settled with what it has. */
  tick(now: number, frame: Frame | null): void {
    const voted = this.vote.flush(now);
    if (voted && frame) this.events.voted(voted, frame, this.lastBox);
  }

  /** The vehicle left or the attendant took over: start the next vehicle's vote afresh. */
  resetVote(): void {
    this.vote.reset();
  }

  offer(frame: Frame): void {
    if (!this.gate.accept(frame)) return;
    if (this.reading) {
      this.waiting = frame;
      return;
    }
    void this.readFrame(frame);
  }

  private async readFrame(frame: Frame): Promise<void> {
    this.reading = true;
    const priority = READ_PRIORITY_OF[this.vote.stage()];
    const releaseRelayLine = priority === 'settles-vote' ? this.events.deciding?.() : undefined;
    try {
      const reading = await this.reader.read(scopedFrame(frame, this.scope()), priority);
      const best = reading.plates[0];
      const last = best ? { text: best.text, confidence: best.confidence, alternatives: best.alternatives.map((a) => a.text), box: best.box, at: frame.capturedAt, processingMs: reading.processingMs } : null;
      this.events.read(last, frame);
      if (best) this.lastBox = best.box;
      const voted = this.vote.add(best ? { text: best.text, confidence: best.confidence, charConfidences: best.charConfidences } : null, frame.capturedAt);
      if (voted) this.events.voted(voted, frame, this.lastBox);
    } catch (error) {
      this.events.failed(error);
    } finally {
      releaseRelayLine?.();
      this.reading = false;
      const next = this.waiting;
      this.waiting = null;
      if (next && this.unsubscribe) void this.readFrame(next);
    }
  }
}
