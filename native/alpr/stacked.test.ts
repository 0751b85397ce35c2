// Two-line plates: which boxes may hold one, and where a plate's rows are cut, on hand-made boxes and pictures.
import { describe, expect, it } from 'vitest';
import { cv, type Mat } from './cv';
import { splitRows, twoRowBoxes, type Found, type Quad } from './stacked';

const box = (x: number, y: number, width: number, height: number, score?: number): Found => {
  const quad: Quad = [{ x, y }, { x: x + width, y }, { x: x + width, y: y + height }, { x, y: y + height }];
  return score === undefined ? { quad } : { quad, score };
};
const bounds = (f: Found) => [f.quad[0].x, f.quad[0].y, f.quad[2].x, f.quad[2].y];

/** A light plate (RGB) on a dark car, with a dark bar per row of text: [top, bottom] pixel rows of each. */
function plate(rows: readonly [number, number][], options: { width?: number; height?: number; border?: number } = {}): Mat {
  const width = options.width ?? 140, height = options.height ?? 100, border = options.border ?? 0;
  const mat = new cv.Mat(height, width, cv.CV_8UC3, new cv.Scalar(30, 30, 40));
  cv.rectangle(mat, new cv.Point(border, border), new cv.Point(width - 1 - border, height - 1 - border), new cv.Scalar(240, 240, 235), -1);
  for (const [top, bottom] of rows) {
    // Characters: dark bars with gaps, as a row of text is, not a solid band.
    for (let x = border + 20; x < width - border - 24; x += 18) cv.rectangle(mat, new cv.Point(x, top), new cv.Point(x + 10, bottom), new cv.Scalar(20, 20, 20), -1);
  }
  return mat;
}

function withMat<T>(mat: Mat, use: (mat: Mat) => T): T {
  try {
    return use(mat);
  } finally {
    mat.delete();
  }
}

describe('twoRowBoxes', () => {
  it('offers a pair of boxes stacked on each other as one box around both, with their mean score', () => {
    const rows = twoRowBoxes([box(100, 50, 120, 40, 0.8), box(95, 85, 130, 45, 0.6)]);
    expect(rows.map(bounds)).toEqual([[95, 50, 225, 130]]);
    expect(rows[0]!.score).toBeCloseTo(0.7);
  });

  it('leaves apart boxes side by side, off-centre, of very different widths or far apart', () => {
    expect(twoRowBoxes([box(100, 50, 120, 40), box(240, 50, 120, 40)])).toEqual([]); // side by side
    expect(twoRowBoxes([box(100, 50, 120, 40), box(160, 90, 120, 40)])).toEqual([]); // half a plate off-centre
    expect(twoRowBoxes([box(100, 50, 200, 40), box(170, 90, 66, 20)])).toEqual([]); // a plate and a badge under it
    expect(twoRowBoxes([box(100, 50, 120, 40), box(100, 200, 120, 40)])).toEqual([]); // two cars' plates
  });

  it('offers a squarish box as it is (the detector found the whole two-line plate), never a long one-line plate', () => {
    expect(twoRowBoxes([box(0, 0, 150, 100)]).map(bounds)).toEqual([[0, 0, 150, 100]]);
    expect(twoRowBoxes([box(0, 0, 300, 60)])).toEqual([]);
    expect(twoRowBoxes([box(10, 10, 0, 0), box(10, 10, 0, 30)])).toEqual([]);
  });
});

describe('splitRows', () => {
  it('cuts a two-line plate in the gap between its rows, each row with a margin of the plate above and below', () => {
    withMat(plate([[15, 40], [58, 85]]), (mat) => {
      const rows = splitRows(mat);
      expect(rows).not.toBeNull();
      const [top, bottom] = rows!;
      try {
        // The gap is rows 41-57: the cut lies in it, and each band is padded by a fifth of its own height.
        const cutAt = Math.round(top.rows / 1.4);
        expect(cutAt).toBeGreaterThan(40);
        expect(cutAt).toBeLessThan(58);
        expect(top.rows + bottom.rows).toBeGreaterThan(100);
        expect(top.cols).toBe(140);
      } finally {
        top.delete();
        bottom.delete();
      }
    });
  });

  it('reads the rows without the car around a loose box: solid bands at the edges are cut off', () => {
    withMat(plate([[25, 45], [60, 80]], { border: 12, height: 110 }), (mat) => {
      const [top, bottom] = splitRows(mat)!;
      try {
        expect(top.cols).toBe(140 - 2 * 12);
        expect(bottom.cols).toBe(140 - 2 * 12);
      } finally {
        top.delete();
        bottom.delete();
      }
    });
  });

  it('leaves a one-line plate whole, and a box too small to hold two rows', () => {
    withMat(plate([[30, 70]]), (mat) => expect(splitRows(mat)).toBeNull());
    withMat(plate([[2, 5], [8, 11]], { height: 14 }), (mat) => expect(splitRows(mat)).toBeNull());
  });
});
