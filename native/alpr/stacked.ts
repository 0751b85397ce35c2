/**
 * Two-line (stacked) plates: motorcycles, square rear plates, some vanity and dealer plates. The plate detector
 * finds each row as a plate of its own, one above the other, and the recogniser reads one line. So a pair of boxes
 * stacked on each other (centres aligned, similar widths, about a row apart) is also offered as one plate: their
 * union is cut at the emptiest pixel row between the two rows of text, each row is read on its own, and the rows'
 * characters are joined, top first. Ranking chooses between the rows alone and the joined plate by format fit and
 * confidence, as between any two readings of one box.
 */
import { cv, type Mat } from './cv';
import type { Point } from './reader';

export type Quad = [Point, Point, Point, Point];

export interface Found {
  quad: Quad;
  score?: number;
}

interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const boundsOf = (quad: Quad): Bounds => {
  const xs = quad.map((p) => p.x), ys = quad.map((p) => p.y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
};

/** The upper box's row and the lower one's: one plate's two rows, not two plates or a plate and a sign. */
function isStackedOn(upper: Bounds, lower: Bounds): boolean {
  const wu = upper.x1 - upper.x0, wl = lower.x1 - lower.x0;
  const hu = upper.y1 - upper.y0, hl = lower.y1 - lower.y0;
  if (wu <= 0 || wl <= 0 || hu <= 0 || hl <= 0) return false;
  const similarWidth = wu / wl >= 0.5 && wu / wl <= 2;
  const aligned = Math.abs((upper.x0 + upper.x1) / 2 - (lower.x0 + lower.x1) / 2) < 0.25 * Math.max(wu, wl);
  const rowApart = ((lower.y0 + lower.y1) / 2 - (upper.y0 + upper.y1) / 2) / ((hu + hl) / 2);
  return similarWidth && aligned && rowApart >= 0.3 && rowApart <= 1.5;
}

/**
 * Boxes that may hold a two-line plate: each box no wider than SQUARISH times its height (the detector found the
 * whole plate), and each pair of boxes stacked on each other as one box around both (it found each row).
 */
export function twoRowBoxes(found: readonly Found[]): Found[] {
  const squarish = found.filter(({ quad }) => {
    const b = boundsOf(quad);
    const width = b.x1 - b.x0, height = b.y1 - b.y0;
    return width > 0 && height > 0 && width <= SQUARISH * height;
  });
  return [...squarish, ...stackedPairs(found)];
}

/** A one-line plate is 2 (US) to 5 (EU) times as wide as high; a two-line one 1 to 2 times, its box a bit more. */
const SQUARISH = 2.2;

/** Every pair of boxes stacked on each other, as one box around both (the detector's score: the pair's mean). */
function stackedPairs(found: readonly Found[]): Found[] {
  const pairs: Found[] = [];
  const bounds = found.map((f) => boundsOf(f.quad));
  bounds.forEach((upper, i) =>
    bounds.forEach((lower, k) => {
      if (i === k || !isStackedOn(upper, lower)) return;
      const b = { x0: Math.min(upper.x0, lower.x0), y0: upper.y0, x1: Math.max(upper.x1, lower.x1), y1: Math.max(upper.y1, lower.y1) };
      const quad: Quad = [{ x: b.x0, y: b.y0 }, { x: b.x1, y: b.y0 }, { x: b.x1, y: b.y1 }, { x: b.x0, y: b.y1 }];
      const scores = [found[i]!.score, found[k]!.score].filter((s): s is number => s !== undefined);
      pairs.push(scores.length ? { quad, score: scores.reduce((a, s) => a + s, 0) / scores.length } : { quad });
    }),
  );
  return pairs;
}

/**
 * Ink (the minority tone after Otsu's threshold: dark text on a light plate, or the reverse) as a 0/1 grid, one
 * array per pixel row.
 */
function inkGrid(plate: Mat): Uint8Array[] {
  const grey = new cv.Mat();
  const binary = new cv.Mat();
  try {
    cv.cvtColor(plate, grey, cv.COLOR_RGB2GRAY);
    cv.threshold(grey, binary, 0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU);
    const px = binary.data as Uint8Array;
    const { rows, cols } = binary;
    const light = px.reduce((n, v) => n + (v ? 1 : 0), 0) / px.length;
    const inkIs = light >= 0.5 ? 0 : 255;
    return Array.from({ length: rows }, (_, r) => px.subarray(r * cols, (r + 1) * cols).map((v) => (v === inkIs ? 1 : 0)));
  } finally {
    grey.delete();
    binary.delete();
  }
}

const share = (values: ArrayLike<number>, from = 0, to = values.length) => {
  let n = 0;
  for (let i = from; i < to; i++) n += values[i]!;
  return n / Math.max(1, to - from);
};

/** [from, to) without the solid bands at either end (beyond the plate: the detector's boxes are loose). */
function withoutSolidEnds(fill: readonly number[]): [number, number] {
  let from = 0, to = fill.length;
  while (from < to && fill[from]! > SOLID) from++;
  while (to > from && fill[to - 1]! > SOLID) to--;
  return [from, to];
}

/**
 * The plate's two rows, cut at the emptiest pixel row of its middle half; null when no row there is clearly emptier
 * than the text around it (a one-line plate, or rows that touch).
 */
export function splitRows(plate: Mat): [Mat, Mat] | null {
  if (plate.rows < 16 || plate.cols < 8) return null;
  const grid = inkGrid(plate);
  const [left, right] = withoutSolidEnds(Array.from({ length: plate.cols }, (_, c) => share(grid.map((row) => row[c]!))));
  // The middle 80% of the plate's columns: its side frame is ink on every row and would fill the gap.
  const inner = Math.floor((right - left) * 0.1);
  const ink = grid.map((row) => share(row, left + inner, right - inner));
  const [top, bottom] = withoutSolidEnds(ink);
  const rows = bottom - top;
  if (rows < 16 || right - left < 8) return null;
  const smooth = ink.map((_, r) => (ink[Math.max(top, r - 1)]! + ink[r]! + ink[Math.min(bottom - 1, r + 1)]!) / 3);
  let cut = -1;
  for (let r = top + Math.floor(rows * 0.25); r <= top + Math.ceil(rows * 0.75); r++) if (cut < 0 || smooth[r]! < smooth[cut]!) cut = r;
  const peak = (from: number, to: number) => Math.max(0, ...smooth.slice(from, to));
  // Text on both sides of the cut, and the cut clearly emptier than either: else it is a margin, not a gap.
  const text = Math.min(peak(top, cut), peak(cut + 1, bottom));
  if (text < TEXT || smooth[cut]! > 0.35 * text) return null;
  return [band(plate, left, right, top, cut), band(plate, left, right, cut, bottom)];
}

/** A pixel row this full of ink is no row of text: the car or the frame around the plate. */
const SOLID = 0.85;
/** A row of characters inks at least this share of a pixel row somewhere (strokes and gaps). */
const TEXT = 0.1;

/**
 * One row of the plate, with a fifth of its height of the plate's own background added above and below: cut at the
 * gap, a row's characters fill it to the edges, where the recogniser learnt plates with a margin round the text.
 */
function band(plate: Mat, left: number, right: number, from: number, to: number): Mat {
  const view = plate.roi(new cv.Rect(left, from, right - left, to - from));
  const padded: Mat = new cv.Mat();
  const pad = Math.round((to - from) * ROW_PAD);
  cv.copyMakeBorder(view, padded, pad, pad, 0, 0, cv.BORDER_REPLICATE);
  view.delete();
  return padded;
}

const ROW_PAD = 0.2;
