/**
 * Plate detection with PlateNet, our own small detector (models/training/detector_model.py): the frame in grey,
 * letterboxed into 448x256, one pass, then the plate centres are the local maxima of a 112x64 heatmap and each
 * carries its box size. It finds plates, not text: slogans, state names and dealer frames are not candidates.
 * The network is fully convolutional: it was trained at 448x256, and a larger canvas (multiples of 32) shows it
 * small far plates bigger, for more time per frame.
 * The preprocessing here is models/training/detector_data.py's `letterbox` + `to_tensor`, step for step.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { cv, resize, type Mat } from './cv';
import type { TextBox } from './detect';

export interface PlateDetectOptions {
  /** Heatmap peaks below this are not plates. */
  threshold: number;
  /** At most this many boxes, best first. */
  maxCandidates: number;
  /** The canvas the frame is letterboxed into, multiples of 32. */
  inputWidth: number;
  inputHeight: number;
}

export const PLATE_DETECT_DEFAULTS: PlateDetectOptions = { threshold: 0.2, maxCandidates: 6, inputWidth: 448, inputHeight: 256 };

/** Input pixels per heatmap cell (PlateNet's output stride). */
const STRIDE = 4;
const PAD_GREY = 128;

export async function detectPlates(session: InferenceSession, rgb: Mat, options: PlateDetectOptions = PLATE_DETECT_DEFAULTS): Promise<TextBox[]> {
  if (options.inputWidth % 32 || options.inputHeight % 32) throw new Error(`plate detector canvas ${options.inputWidth}x${options.inputHeight}: both must be multiples of 32`);
  const { input, scale } = letterboxGrey(rgb, options);
  const result = await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, [1, 1, options.inputHeight, options.inputWidth]) });
  const heat = result['heatmap'] ?? result[session.outputNames[0]!]!;
  const box = result['box'] ?? result[session.outputNames[1]!]!;
  const [, , mapHeight, mapWidth] = heat.dims as [number, number, number, number];
  return peaksToBoxes(heat.data as Float32Array, box.data as Float32Array, mapWidth, mapHeight, { ...options, stride: STRIDE, scale, frameWidth: rgb.cols, frameHeight: rgb.rows });
}

/** Grey, scaled to fit (area filter when shrinking), top-left aligned, grey padding, then (x/255 - 0.5) / 0.5. */
function letterboxGrey(rgb: Mat, shape: { inputWidth: number; inputHeight: number }): { input: Float32Array; scale: number } {
  const scale = Math.min(shape.inputWidth / rgb.cols, shape.inputHeight / rgb.rows);
  const width = Math.max(1, Math.round(rgb.cols * scale)), height = Math.max(1, Math.round(rgb.rows * scale));
  const grey = new cv.Mat();
  cv.cvtColor(rgb, grey, cv.COLOR_RGB2GRAY);
  const small = resize(grey, width, height);
  grey.delete();
  const px = small.data as Uint8Array;
  const input = new Float32Array(shape.inputWidth * shape.inputHeight).fill((PAD_GREY / 255 - 0.5) / 0.5);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) input[y * shape.inputWidth + x] = (px[y * width + x]! / 255 - 0.5) / 0.5;
  small.delete();
  return { input, scale };
}

interface PeakContext extends Pick<PlateDetectOptions, 'threshold' | 'maxCandidates'> {
  stride: number;
  scale: number;
  frameWidth: number;
  frameHeight: number;
}

/**
 * Local maxima (3x3) of the heatmap at or above the threshold -> boxes in frame pixels. `box` holds 4 planes:
 * centre offset x, y inside the cell (cells) and log(width / stride), log(height / stride) (input pixels).
 */
export function peaksToBoxes(heat: Float32Array, box: Float32Array, width: number, height: number, ctx: PeakContext): TextBox[] {
  const plane = width * height;
  const out: TextBox[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const score = heat[y * width + x]!;
    if (score < ctx.threshold || !isLocalMax(heat, width, height, x, y)) continue;
    const i = y * width + x;
    const cx = ((x + box[i]!) * ctx.stride) / ctx.scale, cy = ((y + box[plane + i]!) * ctx.stride) / ctx.scale;
    const w = (Math.exp(box[2 * plane + i]!) * ctx.stride) / ctx.scale, h = (Math.exp(box[3 * plane + i]!) * ctx.stride) / ctx.scale;
    const x0 = clamp(cx - w / 2, 0, ctx.frameWidth), x1 = clamp(cx + w / 2, 0, ctx.frameWidth);
    const y0 = clamp(cy - h / 2, 0, ctx.frameHeight), y1 = clamp(cy + h / 2, 0, ctx.frameHeight);
    if (x1 - x0 < 4 || y1 - y0 < 2) continue;
    out.push({ quad: [{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }], score });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, ctx.maxCandidates);
}

function isLocalMax(heat: Float32Array, width: number, height: number, x: number, y: number): boolean {
  const v = heat[y * width + x]!;
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
    const nx = x + dx, ny = y + dy;
    if ((dx || dy) && nx >= 0 && ny >= 0 && nx < width && ny < height && heat[ny * width + nx]! > v) return false;
  }
  return true;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
