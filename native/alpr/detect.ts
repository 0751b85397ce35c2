/**
 * Text detection with PaddleOCR's DB detector: the frame scaled so its long side is `longSide` (multiples of 32),
 * a probability map out, then DB post-processing: threshold, contours, min-area rotated boxes scored by the map,
 * each box unclipped (grown by area * ratio / perimeter, as DB shrank the text regions it learnt).
 */
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { cv, resize, type Mat } from './cv';
import type { Point } from './reader';

export interface DetectOptions {
  longSide: number;
  threshold: number;
  boxThreshold: number;
  unclipRatio: number;
  maxCandidates: number;
}

// unclipRatio 2.0 (PaddleOCR uses 1.5): tighter boxes cut the first or last character of plates (measured on ../shared/alpr:
// br/ 93% -> 97%); longSide 640 instead of 960 halves detection time but loses small US plates (70% -> 52%).
export const DETECT_DEFAULTS: DetectOptions = { longSide: 960, threshold: 0.3, boxThreshold: 0.5, unclipRatio: 2.0, maxCandidates: 40 };

export interface TextBox {
  /** TL, TR, BR, BL in frame pixels, the long side horizontal. */
  quad: [Point, Point, Point, Point];
  score: number;
}

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

export async function detectText(session: InferenceSession, rgb: Mat, options: DetectOptions = DETECT_DEFAULTS): Promise<TextBox[]> {
  const scale = Math.min(1, options.longSide / Math.max(rgb.cols, rgb.rows));
  const w = Math.max(32, Math.round((rgb.cols * scale) / 32) * 32), h = Math.max(32, Math.round((rgb.rows * scale) / 32) * 32);
  const small = resize(rgb, w, h);
  const input = new Float32Array(3 * w * h);
  const px = small.data as Uint8Array;
  for (let i = 0, n = w * h; i < n; i++) for (let c = 0; c < 3; c++) input[c * n + i] = (px[i * 3 + c]! / 255 - MEAN[c]!) / STD[c]!;
  small.delete();
  const result = await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, [1, 3, h, w]) });
  const map = result[session.outputNames[0]!]!.data as Float32Array;
  return boxesFromMap(map, w, h, rgb.cols / w, rgb.rows / h, options);
}

/** DB post-processing on a probability map of size w x h; (sx, sy) scale map pixels back to the frame. */
export function boxesFromMap(map: Float32Array, w: number, h: number, sx: number, sy: number, options: DetectOptions): TextBox[] {
  const bitmap = new cv.Mat(h, w, cv.CV_8UC1);
  const bits = bitmap.data as Uint8Array;
  for (let i = 0; i < map.length; i++) bits[i] = map[i]! > options.threshold ? 255 : 0;
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat();
  cv.findContours(bitmap, contours, hierarchy, cv.RETR_LIST, cv.CHAIN_APPROX_SIMPLE);
  const boxes: TextBox[] = [];
  for (let i = 0; i < contours.size(); i++) {
    const contour = contours.get(i);
    const rect = cv.minAreaRect(contour);
    const bounds = cv.boundingRect(contour);
    contour.delete();
    if (Math.min(rect.size.width, rect.size.height) < 3) continue;
    const score = meanInside(map, w, bits, bounds);
    if (score < options.boxThreshold) continue;
    const { width, height } = rect.size;
    const grow = (width * height * options.unclipRatio) / (2 * (width + height));
    const grown = { center: rect.center, size: { width: width + 2 * grow, height: height + 2 * grow }, angle: rect.angle };
    if (Math.min(grown.size.width, grown.size.height) < 5) continue;
    const corners = (cv.RotatedRect.points(grown) as Point[]).map((p) => ({ x: clamp(p.x * sx, 0, w * sx), y: clamp(p.y * sy, 0, h * sy) }));
    boxes.push({ quad: orderQuad(corners), score });
  }
  bitmap.delete();
  contours.delete();
  hierarchy.delete();
  return boxes.sort((a, b) => b.score - a.score).slice(0, options.maxCandidates);
}

/** Mean probability over the pixels of the box's bounding rectangle that are on: the region's confidence. */
function meanInside(map: Float32Array, w: number, bits: Uint8Array, r: { x: number; y: number; width: number; height: number }): number {
  let sum = 0, n = 0;
  for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) {
    const i = y * w + x;
    if (bits[i]) { sum += map[i]!; n++; }
  }
  return n ? sum / n : 0;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** TL, TR, BR, BL with the long side horizontal: rotated rectangles come out of OpenCV in any order. */
export function orderQuad(points: Point[]): [Point, Point, Point, Point] {
  const cx = points.reduce((s, p) => s + p.x, 0) / 4, cy = points.reduce((s, p) => s + p.y, 0) / 4;
  const byAngle = [...points].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
  // Image y points down, so increasing angle runs clockwise on screen. Start at the point nearest the top-left.
  let start = 0;
  byAngle.forEach((p, i) => { if (p.x + p.y < byAngle[start]!.x + byAngle[start]!.y) start = i; });
  let q = [0, 1, 2, 3].map((k) => byAngle[(start + k) % 4]!) as [Point, Point, Point, Point];
  const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  // A box tilted past 45 degrees starts on its short side: rotate so the long side is the top.
  if (dist(q[0], q[1]) < dist(q[1], q[2]) * 0.8) q = [q[3], q[0], q[1], q[2]];
  return q;
}
