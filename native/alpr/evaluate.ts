/**
 * Accuracy and latency over a folder laid out like ../shared/alpr: sub-folders of NAME.jpg + NAME.txt, the .txt one
 * line "NAME.jpg<TAB>x<TAB>y<TAB>w<TAB>h<TAB>PLATE". An image is read correctly when the best plate equals PLATE
 * (A-Z0-9). Latency is the reader's whole pipeline from the decoded frame (decoding the JPEG is not counted).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeImage } from './image/decode';
import { OnnxPlateReader, type OnnxReaderOptions } from './onnx-reader';
import { plateShown } from './label-errata';
import { HOME_COUNTRIES, normalisePlate, PLATE_FORMATS } from './plate-formats';
import type { FrameReading, PlateReader } from './reader';

export interface LabelledImage {
  folder: string;
  image: string;
  plate: string;
  /** Position in its folder's labels sorted by file name. */
  index: number;
}

export function listLabelled(dir: string): LabelledImage[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  const folders = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory()).sort();
  const out: LabelledImage[] = [];
  for (const folder of folders.length ? folders : ['.']) {
    for (const [index, name] of readdirSync(join(dir, folder)).filter((n) => n.endsWith('.txt')).sort().entries()) {
      const fields = readFileSync(join(dir, folder, name), 'utf8').trim().split('\t');
      const image = join(dir, folder, fields[0] ?? basename(name, '.txt') + '.jpg');
      if (fields.length >= 6 && existsSync(image)) out.push({ folder: folder === '.' ? basename(dir) : folder, image, plate: normalisePlate(fields[5]!), index });
    }
  }
  return out;
}

/** Photos, plates read right, their share, and that share's 95% interval (wilson95). */
type Score = { images: number; correct: number; accuracy: number; interval_95: [number, number] };
/** A Score per folder. */
type FolderScores = Record<string, Score>;

export interface EvalResult {
  images: number;
  /** Read right against the labels: the figure to quote. */
  correct: number;
  accuracy: number;
  /**
   * Where the reader's accuracy on photos like these lies, 95% of the time, given how few were read: on 60 photos an
   * 85% is anything from about 74% to 92%, and two readers a photo or two apart are not told apart.
   */
  interval_95: [number, number];
  folders: FolderScores;
  /**
   * The same against what the photos' plates show, where some labels are known wrong (label-errata.ts): which photos
   * were scored against their plate instead. Absent when no label of these photos is.
   */
  against_plates?: Score & { relabelled: string[]; folders: FolderScores };
  latency_median_ms: number;
  latency_p95_ms: number;
  errors: number;
  /** Reads that differ from their label or from the plate; `plate_shows` where the label is known wrong. */
  misreads: { image: string; expected: string; read: string | null; plate_shows?: string }[];
  /** Every photo's best read and its confidence, for the calibration and threshold figures; `shows`: the plate in it. */
  reads: { image: string; folder: string; expected: string; shows: string; read: string | null; confidence: number }[];
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Any PlateReader as an image reader: decode here, then read. OnnxPlateReader.readImage decodes in its worker. */
export function decodingReader(reader: PlateReader): (bytes: Uint8Array) => Promise<FrameReading> {
  return async (bytes) => reader.read({ ...(await decodeImage(bytes)), capturedAt: Date.now() });
}

/** What a site expects of its plates: the regions its cameras see and its home country (none: no home layouts). */
export interface PlateSite {
  regions: string[];
  homeCountry?: string | undefined;
}

/**
 * The site a folder's photos come from. A site sees one country's plates, so a folder named after a region (us/,
 * eu/, br/, uk/) is read with that region's formats, at home in its country: eu/ holds Slovak cars (districts RK
 * Ruzomberok, BA Bratislava, LM Liptovsky Mikulas, ...) with a few Czech and Polish visitors. Any other folder: all
 * regions, no home country.
 */
export function siteForFolder(folder: string): PlateSite {
  if (!Object.hasOwn(PLATE_FORMATS, folder)) return { regions: Object.keys(PLATE_FORMATS) };
  const homeCountry = folder === 'eu' ? 'sk' : Object.hasOwn(HOME_COUNTRIES, folder) ? folder : undefined;
  return { regions: [folder], homeCountry };
}

/** The reader could not start (models and calibration that do not match, a missing model): no photo's fault. */
export class ReaderStartError extends Error {
  override name = 'ReaderStartError';
}

/**
 * Reads labelled images as their folder's site does (siteForFolder), or as `site` when given: one reader per site,
 * one at a time (listLabelled sorts by folder).
 */
export class PerFolderReader {
  threads = 0;
  /** The slowest reader start-up so far. */
  startupMs = 0;
  private current: { key: string; reader: OnnxPlateReader } | null = null;

  constructor(private readonly options: Omit<OnnxReaderOptions, 'regions' | 'homeCountry'> & { site?: PlateSite | undefined }) {}

  async readImage(bytes: Uint8Array, item: LabelledImage): Promise<FrameReading> {
    const { site: given, ...options } = this.options;
    const site = given ?? siteForFolder(item.folder);
    const key = describeSite(site);
    if (this.current?.key !== key) {
      await this.current?.reader.close();
      this.current = null;
      const reader = await OnnxPlateReader.start({ ...options, ...site }).catch((error: unknown) => {
        throw new ReaderStartError(`the plate reader could not start for ${key}: ${(error as Error).message}`);
      });
      this.current = { key, reader };
      this.threads = reader.threads;
      this.startupMs = Math.max(this.startupMs, reader.startupMs);
    }
    return (await this.current.reader.readImage(bytes)).reading;
  }

  async close(): Promise<void> {
    await this.current?.reader.close();
    this.current = null;
  }
}

/** "eu at home in sk", "us, eu": how a report names the site it read as. */
export function describeSite(site: PlateSite): string {
  return `${site.regions.join(', ')}${site.homeCountry ? ` at home in ${site.homeCountry}` : ''}`;
}

export type SplitPart = 'test' | 'validation' | 'training';
export const SPLIT_PARTS: readonly SplitPart[] = ['test', 'validation', 'training'];

/** FNV-1a, 32 bits: a stable hash of a plate's text, the same in every language and on every machine. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

/**
 * THE split of ../shared/alpr, used by `alpr eval`, the benches and models/training (through `alpr split`, which
 * writes it for the Python scripts): by the plate's text, so that photos of the same car (and a us-crop of a plate
 * also photographed in us/) all fall in one part. 20% test: never trained on and never used for any choice, read only
 * once a candidate is final; 20% validation: every choice (model, checkpoint, threshold, calibration); the rest
 * training. The salt names the split (changing it makes a new one, and every model trained on the old one then trained
 * on part of the new test part); "-3" was the first salt that gives every folder at least 15 test and 15 validation
 * photos (chosen on the counts alone, before any reading).
 */
export function splitPart(plate: string): SplitPart {
  const bucket = fnv1a(`lotkeeper-split-2026-12-3:${normalisePlate(plate)}`) % 100;
  return bucket < 20 ? 'test' : bucket < 40 ? 'validation' : 'training';
}

export interface SplitEntry {
  folder: string;
  /** File name inside the folder (a photo, or a us-crops image). */
  image: string;
  plate: string;
  part: SplitPart;
}

/**
 * Every labelled item under `dir` with its part: the photos, and the rows of any folder's labels.csv (us-crops:
 * `image,state,plate`). `alpr split` writes this for models/training, so Python never re-implements the rule.
 */
export function splitEntries(dir: string): SplitEntry[] {
  const photos = listLabelled(dir).map((item) => ({ folder: item.folder, image: basename(item.image), plate: item.plate, part: splitPart(item.plate) }));
  const crops = readdirSync(dir)
    .filter((folder) => existsSync(join(dir, folder, 'labels.csv')))
    .flatMap((folder) =>
      readFileSync(join(dir, folder, 'labels.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','))
        .filter((fields) => fields.length >= 3)
        .map(([image, , plate]) => ({ folder, image: image!, plate: normalisePlate(plate!), part: splitPart(plate!) })),
    );
  return [...photos, ...crops];
}

/** What a figure was measured on, in words: every report of the reader's accuracy carries it. */
export const PART_MEANING: Record<SplitPart | 'all', string> = {
  test: 'test part of the split (never trained on, never used for a choice): the figure to quote',
  validation: 'validation part of the split (chose the model, thresholds and calibration: optimistic)',
  training: 'training part of the split (trained on: says nothing about unseen photos)',
  all: 'every labelled photo given (for ../shared/alpr: mostly trained or chosen on; for a folder of unseen photos: unseen)',
};

/** The photos of one part of the split, or all of them. */
export function selectPart(images: readonly LabelledImage[], part: SplitPart | 'all'): LabelledImage[] {
  return part === 'all' ? [...images] : images.filter((item) => splitPart(item.plate) === part);
}

export async function evaluate(
  readImage: (bytes: Uint8Array, item: LabelledImage) => Promise<FrameReading>,
  images: readonly LabelledImage[],
  options: { progress?: (done: number) => void } = {},
): Promise<EvalResult> {
  const latencies: number[] = [];
  const reads: EvalResult['reads'] = [];
  let errors = 0;
  for (const [i, item] of images.entries()) {
    let best: FrameReading['plates'][number] | undefined;
    try {
      const reading = await readImage(readFileSync(item.image), item);
      latencies.push(reading.processingMs);
      best = reading.plates[0];
    } catch (error) {
      if (error instanceof ReaderStartError) throw error;
      errors++;
    }
    reads.push({ image: join(item.folder, basename(item.image)), folder: item.folder, expected: item.plate, shows: plateShown(item), read: best?.text ?? null, confidence: best?.confidence ?? 0 });
    options.progress?.(i + 1);
  }
  latencies.sort((a, b) => a - b);
  // A read that copies a label known wrong is a misread too: of the plate.
  const misreads = reads.filter((r) => r.read !== r.expected || r.read !== r.shows).map(({ image, expected, shows, read }) => ({ image, expected, read, ...(shows === expected ? {} : { plate_shows: shows }) }));
  const relabelled = reads.filter((r) => r.shows !== r.expected).map((r) => r.image);
  const againstPlates = relabelled.length ? { against_plates: { relabelled, ...scoreAgainst(reads, (r) => r.shows) } } : {};
  return { ...scoreAgainst(reads, (r) => r.expected), ...againstPlates, latency_median_ms: quantile(latencies, 0.5), latency_p95_ms: quantile(latencies, 0.95), errors, misreads, reads };
}

/** Reads scored against one truth (the labels, or the plates the photos show): overall and per folder. */
function scoreAgainst(reads: EvalResult['reads'], truth: (read: EvalResult['reads'][number]) => string): Score & { folders: FolderScores } {
  const score = (of: EvalResult['reads']) => {
    const correct = of.filter((r) => r.read === truth(r)).length;
    return { images: of.length, correct, accuracy: round(correct / Math.max(1, of.length)), interval_95: wilson95(correct, of.length) };
  };
  const folders: FolderScores = {};
  for (const folder of new Set(reads.map((r) => r.folder))) folders[folder] = score(reads.filter((r) => r.folder === folder));
  return { ...score(reads), folders };
}

const round = (v: number) => Math.round(v * 10000) / 10000;

/**
 * The Wilson score interval at 95% for `correct` of `n`: unlike the normal approximation it stays inside 0..1 and
 * keeps its width near 0% and 100%, where a reader's figures sit. [0, 1] for no photos.
 */
export function wilson95(correct: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964, p = correct / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  // Rounded outwards: a figure's interval is never quoted narrower than it is.
  return [Math.max(0, Math.floor((centre - half) * 10000) / 10000), Math.min(1, Math.ceil((centre + half) * 10000) / 10000)];
}

export interface CalibrationReport {
  /** Expected calibration error: |share right - mean confidence| per confidence bin, weighted by the bin's reads. */
  ece: number;
  /** Per bin of the best read's confidence: how many reads, their mean confidence, and the share that was right. */
  reliability: { bin: string; reads: number; mean_confidence: number; right: number }[];
  /** What a lane threshold buys: the share of cars trusted, and of all cars the share trusted with a wrong plate. */
  at_threshold: { threshold: number; trusted: number; trusted_wrong: number; wrong_per_1000_cars: number }[];
}

/**
 * Whether confidence means probability, over the best read of each photo (no plate = confidence 0, wrong). Ten
 * equal-width bins; the thresholds are the lanes' default (0.85) and its neighbours.
 */
export function calibrationReport(reads: readonly { expected: string; read: string | null; confidence: number }[], thresholds: readonly number[] = [0.5, 0.7, 0.85, 0.9, 0.95]): CalibrationReport {
  const bins = Array.from({ length: 10 }, (_, i) => ({ lo: i / 10, reads: 0, confidence: 0, right: 0 }));
  for (const r of reads) {
    const bin = bins[Math.min(9, Math.floor(r.confidence * 10))]!;
    bin.reads++;
    bin.confidence += r.confidence;
    if (r.read === r.expected) bin.right++;
  }
  const n = Math.max(1, reads.length);
  const ece = bins.reduce((sum, b) => sum + (b.reads ? Math.abs(b.right - b.confidence) / n : 0), 0);
  return {
    ece: round(ece),
    reliability: bins.filter((b) => b.reads).map((b) => ({ bin: `${b.lo.toFixed(1)}-${(b.lo + 0.1).toFixed(1)}`, reads: b.reads, mean_confidence: round(b.confidence / b.reads), right: round(b.right / b.reads) })),
    at_threshold: thresholds.map((threshold) => {
      const trusted = reads.filter((r) => r.read !== null && r.confidence >= threshold);
      const wrong = trusted.filter((r) => r.read !== r.expected).length;
      return { threshold, trusted: round(trusted.length / n), trusted_wrong: round(wrong / n), wrong_per_1000_cars: Math.round((wrong / n) * 1000 * 10) / 10 };
    }),
  };
}
