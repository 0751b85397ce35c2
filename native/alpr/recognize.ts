/**
 * Recognition: upright crops -> one batched run of a CTC recogniser -> per-character options. Two recognisers
 * plug in through RecognizerSpec: PaddleOCR's general one (RGB, height 48, width by aspect, (x/255-0.5)/0.5) as the
 * measured baseline, and the trained plate one (grey 32x128, preprocessing read from its manifest entry).
 */
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { alphabetFrom, ctcGreedy, softmaxRows, type CtcAlphabet } from './ctc';
import { cv, resize, type Mat } from './cv';
import { recognizerCharacters, type ModelEntry, type RecognizerKind } from './models';
import type { CharOptions } from './plate-formats';

export const PLATE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface RecognizerSpec {
  kind: RecognizerKind;
  height: number;
  /** Fixed input width, or the widest a variable-width input may be. */
  width: number;
  fixedWidth: boolean;
  grey: boolean;
  mean: number;
  std: number;
  outputIsLogits: boolean;
  alphabet: CtcAlphabet;
  /**
   * Grow each text line by this fraction of its width (x) and height (y) on every side before rectifying. The plate
   * model learnt whole plate boxes, a little wider and taller than the detector's text line; PaddleOCR reads lines.
   */
  margin: { x: number; y: number };
}

/** Reads the spec from a manifest entry; the plate recogniser's `input.preprocess` may override each field. */
export function recognizerSpec(kind: RecognizerKind, entry: ModelEntry, rootDir: string): RecognizerSpec {
  // The plate recogniser's classes are fixed by its training (class 0 = blank, then PLATE_ALPHABET) unless its
  // manifest entry says otherwise.
  const alphabet = alphabetFrom(kind === 'plate' && entry.alphabet === undefined ? [...PLATE_ALPHABET] : recognizerCharacters(entry, rootDir));
  if (kind === 'paddle') return { kind, height: 48, width: 320, fixedWidth: false, grey: false, mean: 0.5, std: 0.5, outputIsLogits: false, alphabet, margin: { x: 0, y: 0 } };
  // The trained model's manifest entry (models/training/export_onnx.py) gives mean/std on `input` itself; an object
  // `input.preprocess` may also carry them. Its own words: grey, stretch to 128x32 bilinear, (x/255 - 0.5) / 0.5.
  const pre = { ...(typeof entry.input.preprocess === 'object' && entry.input.preprocess !== null ? entry.input.preprocess : {}), ...entry.input } as Record<string, unknown>;
  const shape = entry.input.shape ?? [];
  const num = (key: string, fallback: number) => (typeof pre[key] === 'number' ? (pre[key] as number) : fallback);
  return {
    kind,
    height: num('height', typeof shape[2] === 'number' && shape[2] > 0 ? shape[2] : 32),
    width: num('width', typeof shape[3] === 'number' && shape[3] > 0 ? shape[3] : 128),
    fixedWidth: true,
    grey: true,
    mean: num('mean', 0),
    std: num('std', 1),
    outputIsLogits: entry.output?.kind !== 'probabilities',
    alphabet,
    // Measured on ../shared/alpr with a plate model of this recipe: no margin br/ 55%, 5%/15% 87%, 10%/30% 95%.
    margin: { x: num('marginX', 0.1), y: num('marginY', 0.25) },
  };
}

/**
 * Recognises every crop. A fixed-width recogniser (the plate model) runs them all in one batch. PaddleOCR's takes
 * any width, and a batch pads every crop to the widest: a 320-wide dealer-frame line would make each short plate cost
 * as much. So its crops are sorted by width and batched in groups whose widths are within 1.5x of each other.
 */
export async function recognize(session: InferenceSession, spec: RecognizerSpec, crops: readonly Mat[]): Promise<CharOptions[][]> {
  const widths = crops.map((c) => (spec.fixedWidth ? spec.width : Math.min(spec.width, Math.max(16, Math.ceil((spec.height * c.cols) / Math.max(1, c.rows))))));
  const order = crops.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
  const out: CharOptions[][] = new Array(crops.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && (spec.fixedWidth || widths[order[end]!]! <= 1.5 * widths[order[start]!]!)) end++;
    const group = order.slice(start, end);
    const texts = await recognizeBatch(session, spec, group.map((i) => crops[i]!), group.map((i) => widths[i]!));
    group.forEach((i, k) => (out[i] = texts[k]!));
    start = end;
  }
  return out;
}

async function recognizeBatch(session: InferenceSession, spec: RecognizerSpec, crops: readonly Mat[], widths: readonly number[]): Promise<CharOptions[][]> {
  const batchWidth = spec.fixedWidth ? spec.width : Math.ceil(Math.max(...widths) / 8) * 8;
  const channels = spec.grey ? 1 : 3;
  const plane = spec.height * batchWidth;
  // Padding is 0 in normalised space, as PaddleOCR pads its batches.
  const input = new Float32Array(crops.length * channels * plane);
  crops.forEach((crop, n) => {
    // Grey first, then resize: the order the plate model's training used.
    let grey: Mat | null = null;
    if (spec.grey) {
      grey = new cv.Mat();
      cv.cvtColor(crop, grey, cv.COLOR_RGB2GRAY);
    }
    const src = resize(grey ?? crop, widths[n]!, spec.height);
    grey?.delete();
    const px = src.data as Uint8Array, w = widths[n]!;
    for (let y = 0; y < spec.height; y++) for (let x = 0; x < w; x++) for (let c = 0; c < channels; c++) {
      input[(n * channels + c) * plane + y * batchWidth + x] = (px[(y * w + x) * channels + c]! / 255 - spec.mean) / spec.std;
    }
    src.delete();
  });
  const result = await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, [crops.length, channels, spec.height, batchWidth]) });
  const output = result[session.outputNames[0]!]!;
  const [, steps, classes] = output.dims as [number, number, number];
  const probs = output.data as Float32Array;
  if (spec.outputIsLogits) softmaxRows(probs, classes);
  return crops.map((_, n) => ctcGreedy(probs.subarray(n * steps * classes, (n + 1) * steps * classes), steps, classes, spec.alphabet));
}
