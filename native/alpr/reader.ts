import type { ReadFeatures } from './calibration';
import { PLATE_FORMATS, siteFormats } from './plate-formats';

/**
 * The plate reader as the core sees it. Drivers: OnnxPlateReader (ONNX models in a worker thread) and
 * SimulatedPlateReader (scripted reads for the demo site and tests). Both pass reader.contract.test.ts.
 */

/**
 * One camera frame. `data` is 8-bit RGB (3 bytes per pixel, row-major, no padding) by default; RGBA from a browser
 * canvas or getUserMedia is accepted with `channels: 4` (the alpha byte is ignored).
 */
export interface Frame {
  width: number;
  height: number;
  data: Uint8Array;
  channels?: 3 | 4;
  /** UTC epoch ms when the camera took it. */
  capturedAt: number;
  /**
   * The lane's region of interest, in frame pixels: only a plate whose box centre lies inside it is read (the car in
   * the lane, not a sign, a passing car or the next lane's). Absent: the whole frame.
   */
  roi?: Box;
  /**
   * The plate regions to expect in this frame (keys of plate-formats.ts's PLATE_FORMATS): the site's setting, which
   * may change while the reader runs. Absent: the regions the reader was started with.
   */
  regions?: readonly string[];
  /** The site's home country of the moment (plate-formats.ts's HOME_COUNTRIES), with `regions` only. Absent: none. */
  homeCountry?: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when the box's centre lies in the frame's region of interest (always, without one). */
export function inRegionOfInterest(frame: Pick<Frame, 'roi'>, box: Box): boolean {
  const roi = frame.roi;
  if (!roi) return true;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  return cx >= roi.x && cx <= roi.x + roi.width && cy >= roi.y && cy <= roi.y + roi.height;
}

export interface Point {
  x: number;
  y: number;
}

export interface PlateRead {
  /** Axis-aligned box around the plate text, in frame pixels. */
  box: Box;
  /** The rotated quadrilateral the text was rectified from: top-left, top-right, bottom-right, bottom-left. */
  corners?: [Point, Point, Point, Point];
  /** A-Z0-9 only. */
  text: string;
  /** 0..1: how much the reader believes `text` is this plate's text (recogniser and plate-format evidence). */
  confidence: number;
  /** One per character of `text`, 0..1. */
  charConfidences: number[];
  /** Other readings of the same plate, best first, never equal to `text`. */
  alternatives: { text: string; confidence: number }[];
  /** What the confidence was calibrated from (native/alpr/calibration.ts); readers without a model omit it. */
  features?: ReadFeatures;
}

export interface FrameReading {
  /** Best plate first; empty when there is none. */
  plates: PlateRead[];
  /** Time spent reading this frame, in ms (queueing excluded). */
  processingMs: number;
}

/**
 * How soon a lane needs its frame read, where lanes share one reader (one booth PC): first a frame that may settle
 * a vehicle's vote (that car waits at the barrier for this read), then a frame of a lane with no vote open, last a
 * frame of a car already decided and still in sight (read only to see it leave or the next car come). Each kind is
 * read first come, first served.
 */
export type ReadPriority = 'settles-vote' | 'first' | 'decided';
export const READ_PRIORITIES: readonly ReadPriority[] = ['settles-vote', 'first', 'decided'];

export interface PlateReader {
  /**
   * Rejects with PlateReaderError for a bad frame or a failed/hung model; never for "no plate". `priority` orders
   * the frames waiting for a shared reader ('first' when not given); a reader that reads at once ignores it.
   */
  read(frame: Frame, priority?: ReadPriority): Promise<FrameReading>;
  /** Stops the reader; a read after close rejects. */
  close(): Promise<void>;
}

export type PlateReaderErrorCode = 'bad-frame' | 'busy' | 'closed' | 'timeout' | 'worker-crashed' | 'model';

export class PlateReaderError extends Error {
  override name = 'PlateReaderError';
  constructor(
    readonly code: PlateReaderErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a frame's shape before any work: the message says what is wrong. */
export function checkFrame(frame: Frame): void {
  const channels = frame.channels ?? 3;
  if (!Number.isInteger(frame.width) || !Number.isInteger(frame.height) || frame.width <= 0 || frame.height <= 0) {
    throw new PlateReaderError('bad-frame', `bad frame size ${frame.width}x${frame.height}`);
  }
  if (frame.width * frame.height > 40_000_000) throw new PlateReaderError('bad-frame', `frame too large: ${frame.width}x${frame.height}`);
  if (!(frame.data instanceof Uint8Array) || frame.data.length !== frame.width * frame.height * channels) {
    throw new PlateReaderError('bad-frame', `frame data has ${frame.data?.length} bytes; ${frame.width}x${frame.height}x${channels} needs ${frame.width * frame.height * channels}`);
  }
  if (frame.roi) checkRegionOfInterest(frame.roi, frame.width, frame.height);
  if (frame.regions) checkPlateRegions(frame.regions, frame.homeCountry);
  else if (frame.homeCountry !== undefined) throw new PlateReaderError('bad-frame', 'a home country comes with the plate regions it belongs to');
}

/** The same refusals as a reader started without regions, with an unknown one or a foreign home country, for one frame. */
function checkPlateRegions(regions: readonly string[], homeCountry: string | undefined): void {
  if (!Array.isArray(regions) || !regions.length) throw new PlateReaderError('bad-frame', `no plate regions for this frame (known: ${Object.keys(PLATE_FORMATS).join(', ')})`);
  // siteFormats names an unknown region, an unknown home country or a foreign one, with the known ones.
  try {
    siteFormats(regions, homeCountry);
  } catch (error) {
    throw new PlateReaderError('bad-frame', (error as Error).message);
  }
}

function checkRegionOfInterest(roi: Box, width: number, height: number): void {
  const { x, y, width: w, height: h } = roi;
  const text = `region of interest ${x},${y} ${w}x${h}`;
  if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0) throw new PlateReaderError('bad-frame', `${text} has no area`);
  if (x < 0 || y < 0 || x + w > width || y + h > height) throw new PlateReaderError('bad-frame', `${text} is not inside the ${width}x${height} frame`);
}
