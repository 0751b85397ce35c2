/**
 * The whole read of one frame, in the calling thread: detect plates (our plate detector) or text lines (PaddleOCR's,
 * the baseline; with merged neighbours for a plate split by its emblem or a wide gap) -> rectify each with a
 * perspective warp -> recognise all in one batch -> rank as plates.
 * The worker (worker.ts) owns one PlatePipeline; tests and the bench may use one directly.
 */
import { InferenceSession } from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { cv, frameToMat, warpQuad, type Mat } from './cv';
import { detectText, DETECT_DEFAULTS, type DetectOptions, type TextBox } from './detect';
import type { Calibration } from './calibration';
import { findAppRoot, findDetector, findRecognizer, loadCalibration, loadManifest, verifyModel, type DetectorKind, type RecognizerKind } from './models';
import { detectPlates, PLATE_DETECT_DEFAULTS, type PlateDetectOptions } from './plate-detect';
import { fitsAFormat, PLATE_FORMATS, siteFormats, writesOAsZero } from './plate-formats';
import { rankCandidates, type Candidate } from './rank';
import { checkFrame, inRegionOfInterest, PlateReaderError, type Box, type Frame, type FrameReading, type Point } from './reader';
import { recognize, recognizerSpec, type RecognizerSpec } from './recognize';
import { splitRows, twoRowBoxes, type Found, type Quad } from './stacked';

export interface PipelineOptions {
  recognizer: RecognizerKind;
  /** Default "plate" (models/plate-detector.onnx); "paddle" is PaddleOCR's text detector, the baseline. */
  detector?: DetectorKind;
  /** Plate regions the site sees (keys of PLATE_FORMATS). */
  regions: string[];
  /** The site's home country (a key of HOME_COUNTRIES): its layouts settle a confusable character first. */
  homeCountry?: string | undefined;
  rootDir?: string;
  /** onnxruntime intra-op threads; default: all cores. */
  threads?: number;
  detect?: Partial<DetectOptions>;
  plateDetect?: Partial<PlateDetectOptions>;
  /**
   * With the plate detector: each box is read once per margin here (box grown by x of its width, y of its height
   * per side) and ranking keeps the best read. Several crops cost little (the recogniser is ~0.5 ms a crop) and
   * rescue a box that cut a character or took in a frame's edge.
   */
  plateMargins?: readonly Margin[];
  /** At most this many text lines go to the recogniser. */
  maxRecognize?: number;
  /** false: raw confidences, no calibration loaded (to fit one: `lotkeeper alpr calibrate`). Default true. */
  calibrated?: boolean;
}

export class PlatePipeline {
  private constructor(
    private readonly detector: InferenceSession,
    private readonly recognizer: InferenceSession,
    private readonly spec: RecognizerSpec,
    private readonly options: PipelineOptions & { threads: number; detector: DetectorKind; detect: DetectOptions; plateDetect: PlateDetectOptions },
    private readonly calibration: Calibration | undefined,
  ) {}

  static async create(options: PipelineOptions): Promise<PlatePipeline> {
    // A reader without plate formats would rank slogans like plates: refused at start-up, with the regions it knows.
    if (!options.regions.length) throw new PlateReaderError('model', `no plate regions configured (known: ${Object.keys(PLATE_FORMATS).join(', ')})`);
    siteFormats(options.regions, options.homeCountry);
    const rootDir = options.rootDir ?? findAppRoot();
    const models = loadManifest(rootDir);
    const detectorKind = options.detector ?? 'plate';
    const det = findDetector(models, detectorKind), rec = findRecognizer(models, options.recognizer);
    verifyModel(det, rootDir);
    verifyModel(rec, rootDir);
    const threads = options.threads ?? Math.max(1, cpus().length);
    const sessionOptions: InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };
    // Bytes, not paths: onnxruntime's native code cannot open a file inside an Electron asar; Node's fs can.
    const [detector, recognizer] = await Promise.all([InferenceSession.create(readFileSync(det.path), sessionOptions), InferenceSession.create(readFileSync(rec.path), sessionOptions)]);
    const pipeline = new PlatePipeline(detector, recognizer, recognizerSpec(options.recognizer, rec, rootDir), {
      ...options,
      threads,
      detector: detectorKind,
      detect: { ...DETECT_DEFAULTS, ...options.detect },
      plateDetect: { ...PLATE_DETECT_DEFAULTS, ...options.plateDetect },
    }, detectorKind === 'plate' && options.recognizer === 'plate' && options.calibrated !== false ? loadCalibration(rootDir, det, rec) : undefined);
    await pipeline.warmUp();
    return pipeline;
  }

  get threads(): number {
    return this.options.threads;
  }

  /** One read of a synthetic frame: onnxruntime plans its kernels on the first run, not on a car's. */
  private async warmUp(): Promise<void> {
    const width = 1280, height = 720;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
    await this.read({ width, height, data, capturedAt: 0 });
  }

  async read(frame: Frame): Promise<FrameReading> {
    const started = performance.now();
    checkFrame(frame);
    const rgb = frameToMat(frame);
    const crops: Mat[] = [];
    try {
      // Only boxes in the lane's region of interest are read: a sign or the next lane's car never competes.
      const found = (await this.detectWithin(rgb, frame.roi)).filter(({ quad }) => inRegionOfInterest(frame, boundsOf(quad)));
      const margins = this.options.detector === 'plate' ? (this.options.plateMargins ?? PLATE_BOX_MARGINS) : [this.spec.margin];
      const reads = found.flatMap((box) => margins.map((margin) => ({ ...box, quad: grow(box.quad, margin) })));
      for (const { quad } of reads) crops.push(rectify(rgb, quad));
      const stacked = this.options.detector === 'plate' ? this.stackedRows(rgb, found, crops) : [];
      const regions = frame.regions ?? this.options.regions;
      const formats = siteFormats(regions, frame.regions ? frame.homeCountry : this.options.homeCountry);
      const texts = await recognize(this.recognizer, this.spec, crops);
      const candidates: Candidate[] = [
        ...reads.map(({ quad, score }, i) => ({ quad, chars: texts[i]!, ...(score === undefined ? {} : { detectorScore: score }) })),
        ...stacked.flatMap(({ quad, score, top }) => {
          const chars = [...texts[top]!, ...texts[top + 1]!];
          // Rows joined only as a plate of the site's formats: a cut through a one-line plate joins no plate.
          return fitsAFormat(chars, formats.all) ? [{ quad, chars, ...(score === undefined ? {} : { detectorScore: score }) }] : [];
        }),
      ];
      const plates = rankCandidates(candidates, {
        formats,
        oAsZero: writesOAsZero(regions),
        minScore: 0.02,
        maxPlates: 3,
        calibration: this.calibration,
      });
      return { plates, processingMs: Math.round((performance.now() - started) * 10) / 10 };
    } finally {
      rgb.delete();
      for (const crop of crops) crop.delete();
    }
  }

  /** Two-line plates (stacked.ts): each pair's two rows join `crops`; `top` is the upper row's index there. */
  private stackedRows(rgb: Mat, found: readonly Found[], crops: Mat[]): (Found & { top: number })[] {
    return twoRowBoxes(found).flatMap((pair) => {
      const plate = rectify(rgb, pair.quad);
      const rows = splitRows(plate);
      plate.delete();
      if (!rows) return [];
      crops.push(...rows);
      return [{ ...pair, top: crops.length - 2 }];
    });
  }

  /**
   * Detection in the lane's region of interest only: the detector sees the region as its whole picture, so a plate
   * there has more of the detector's input pixels than in the whole frame (the frame is shrunk to 448x256), and
   * nothing outside it is found. Boxes come back in frame pixels; reading them may use pixels beyond the region.
   */
  private async detectWithin(rgb: Mat, roi: Box | undefined): Promise<{ quad: Quad; score?: number }[]> {
    if (!roi) return this.detect(rgb);
    const x = Math.floor(roi.x), y = Math.floor(roi.y);
    const view = rgb.roi(new cv.Rect(x, y, Math.min(rgb.cols, Math.ceil(roi.x + roi.width)) - x, Math.min(rgb.rows, Math.ceil(roi.y + roi.height)) - y));
    const crop: Mat = view.clone();
    view.delete();
    try {
      const shift = (p: Point): Point => ({ x: p.x + x, y: p.y + y });
      return (await this.detect(crop)).map((found) => ({ ...found, quad: found.quad.map(shift) as Quad }));
    } finally {
      crop.delete();
    }
  }

  /** Plate boxes (with the detector's confidence), or PaddleOCR text lines plus merged neighbours. */
  private async detect(rgb: Mat): Promise<{ quad: Quad; score?: number }[]> {
    const limit = this.options.maxRecognize ?? 16;
    if (this.options.detector === 'plate') return (await detectPlates(this.detector, rgb, this.options.plateDetect)).slice(0, limit);
    const lines = await detectText(this.detector, rgb, this.options.detect);
    return withMergedNeighbours(lines).filter(isPlausibleLine).slice(0, limit).map((quad) => ({ quad }));
  }

  async close(): Promise<void> {
    await Promise.all([this.detector.release(), this.recognizer.release()]);
  }
}

type Margin = { x: number; y: number };

/**
 * The plate detector's box is the whole plate, give or take; the recogniser learnt boxes from 6% too tight to 20%
 * too loose per side. Each box is read tight, a little grown and well grown, and the best read wins. Measured on
 * the training part of ../shared/alpr (not the holdout): one crop grown 4%/8% read 75.5%, 8%/15% 80.2%, these
 * three 84.8% (an early detector checkpoint); the cost is ~1 ms per box.
 */
const PLATE_BOX_MARGINS: readonly Margin[] = [
  { x: 0.02, y: 0.04 },
  { x: 0.08, y: 0.15 },
  { x: 0.14, y: 0.28 },
];
const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
const heightOf = (q: Quad) => (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
const widthOf = (q: Quad) => (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;

function isPlausibleLine(quad: Quad): boolean {
  const h = heightOf(quad), w = widthOf(quad);
  return h >= 8 && w >= h * 0.9;
}

/**
 * The detector splits some plates in two ("ZG" | "1234-AB", or around an emblem): each pair of text lines side by
 * side, of similar height, with a gap under 1.5 heights is also offered as one line. Ranking keeps the better read.
 */
export function withMergedNeighbours(boxes: readonly TextBox[]): Quad[] {
  const quads = boxes.map((b) => b.quad);
  const merged: Quad[] = [];
  for (const a of quads) for (const b of quads) {
    if (a === b) continue;
    const ha = heightOf(a), hb = heightOf(b);
    const gap = Math.min(b[0].x, b[3].x) - Math.max(a[1].x, a[2].x);
    const dy = Math.abs((a[1].y + a[2].y) / 2 - (b[0].y + b[3].y) / 2);
    if (ha / hb > 0.7 && ha / hb < 1.43 && gap > -0.3 * ha && gap < 1.5 * ha && dy < 0.4 * Math.max(ha, hb)) merged.push([a[0], b[1], b[2], a[3]]);
  }
  return [...quads, ...merged];
}

function boundsOf(quad: Quad): Box {
  const xs = quad.map((p) => p.x), ys = quad.map((p) => p.y);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

/** The quad grown by a fraction of its size on every side, along its own axes (it may be rotated). */
function grow(q: Quad, margin: Margin): Quad {
  if (!margin.x && !margin.y) return q;
  const along = (a: Point, b: Point, f: number): Point => ({ x: (b.x - a.x) * f, y: (b.y - a.y) * f });
  const dx = along(q[0], q[1], margin.x), dy = along(q[0], q[3], margin.y);
  const move = (p: Point, sx: number, sy: number): Point => ({ x: p.x + sx * dx.x + sy * dy.x, y: p.y + sx * dx.y + sy * dy.y });
  return [move(q[0], -1, -1), move(q[1], 1, -1), move(q[2], 1, 1), move(q[3], -1, 1)];
}

/** The text line rectified upright at its own size; the recogniser resizes it (one resampling, not two). */
function rectify(rgb: Mat, quad: Quad): Mat {
  return warpQuad(rgb, quad, Math.max(4, Math.round(widthOf(quad))), Math.max(4, Math.round(heightOf(quad))));
}
