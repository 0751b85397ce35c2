/**
 * Accuracy and latency over a folder laid out like ../shared/alpr: sub-folders of NAME.jpg + NAME.txt, the .txt one
 * line "NAME.jpg<TAB>x<TAB>y<TAB>w<TAB>h<TAB>PLATE". An image is read correctly when the best plate equals PLATE
 * (A-Z0-9). Latency is the reader's whole pipeline from the decoded frame (decoding the JPEG is not counted).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeImage } from './image/decode';
import { OnnxPlateReader, type OnnxReaderOptions } from './onnx-reader';
import { normalisePlate, PLATE_FORMATS } from './plate-formats';
import type { FrameReading, PlateReader } from './reader';

export interface LabelledImage {
  folder: string;
  image: string;
  plate: string;
  /** Position in its folder's labels sorted by file name: training scripts hold out by it (every 5th). */
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

type Tally = Record<string, { images: number; correct: number; accuracy: number }>;

export interface EvalResult {
  images: number;
  accuracy: number;
  folders: Tally;
  /** With holdoutEvery = n: the same figures on the images a model trained on this set never saw (index % n = n-1). */
  holdout?: { images: number; accuracy: number; folders: Tally };
  latency_median_ms: number;
  latency_p95_ms: number;
  errors: number;
  misreads: { image: string; expected: string; read: string | null }[];
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Any PlateReader as an image reader: decode here, then read. OnnxPlateReader.readImage decodes in its worker. */
export function decodingReader(reader: PlateReader): (bytes: Uint8Array) => Promise<FrameReading> {
  return async (bytes) => reader.read({ ...(await decodeImage(bytes)), capturedAt: Date.now() });
}

/**
 * The plate regions to expect for a folder: a site sees one country's plates, so a folder named after a region
 * (us/, eu/, br/, uk/) is read with that region's formats; any other folder with all of them.
 */
export function regionsForFolder(folder: string): string[] {
  return folder in PLATE_FORMATS ? [folder] : Object.keys(PLATE_FORMATS);
}

/**
 * Reads labelled images with their folder's regions (regionsForFolder), or with `regions` when given: one reader per
 * region set, one at a time (listLabelled sorts by folder), as a site reads one country's plates.
 */
export class PerFolderReader {
  threads = 0;
  /** The slowest reader start-up so far. */
  startupMs = 0;
  private current: { key: string; reader: OnnxPlateReader } | null = null;

  constructor(private readonly options: Omit<OnnxReaderOptions, 'regions'> & { regions?: string[] | undefined }) {}

  async readImage(bytes: Uint8Array, item: LabelledImage): Promise<FrameReading> {
    const regions = this.options.regions ?? regionsForFolder(item.folder);
    if (this.current?.key !== regions.join(',')) {
      await this.current?.reader.close();
      this.current = null;
      const reader = await OnnxPlateReader.start({ ...this.options, regions });
      this.current = { key: regions.join(','), reader };
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

/** models/training's holdout rule: every n-th image per folder by sorted name (index n-1, 2n-1, ...) is never trained on. */
export function isHeldOut(item: LabelledImage, every: number): boolean {
  return item.index % every === every - 1;
}

export async function evaluate(
  readImage: (bytes: Uint8Array, item: LabelledImage) => Promise<FrameReading>,
  images: readonly LabelledImage[],
  options: { progress?: (done: number) => void; holdoutEvery?: number } = {},
): Promise<EvalResult> {
  const folders: Tally = {}, held: Tally = {};
  const isHeld = (item: LabelledImage) => options.holdoutEvery !== undefined && isHeldOut(item, options.holdoutEvery);
  const latencies: number[] = [];
  const misreads: EvalResult['misreads'] = [];
  let correct = 0, errors = 0;
  for (const [i, item] of images.entries()) {
    const tallies = [(folders[item.folder] ??= { images: 0, correct: 0, accuracy: 0 }), ...(isHeld(item) ? [(held[item.folder] ??= { images: 0, correct: 0, accuracy: 0 })] : [])];
    for (const t of tallies) t.images++;
    let read: string | null = null;
    try {
      const reading = await readImage(readFileSync(item.image), item);
      latencies.push(reading.processingMs);
      read = reading.plates[0]?.text ?? null;
    } catch {
      errors++;
    }
    if (read === item.plate) {
      correct++;
      for (const t of tallies) t.correct++;
    } else misreads.push({ image: join(item.folder, basename(item.image)), expected: item.plate, read });
    options.progress?.(i + 1);
  }
  for (const stats of [...Object.values(folders), ...Object.values(held)]) stats.accuracy = round(stats.correct / stats.images);
  latencies.sort((a, b) => a - b);
  const heldImages = Object.values(held).reduce((n, t) => n + t.images, 0), heldCorrect = Object.values(held).reduce((n, t) => n + t.correct, 0);
  const holdout = options.holdoutEvery === undefined ? {} : { holdout: { images: heldImages, accuracy: round(heldCorrect / Math.max(1, heldImages)), folders: held } };
  return { images: images.length, accuracy: round(correct / Math.max(1, images.length)), folders, ...holdout, latency_median_ms: quantile(latencies, 0.5), latency_p95_ms: quantile(latencies, 0.95), errors, misreads };
}

const round = (v: number) => Math.round(v * 10000) / 10000;
