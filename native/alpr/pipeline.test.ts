import { describe, expect, it } from 'vitest';
import { orderQuad } from './detect';
import { withMergedNeighbours } from './pipeline';
import type { Point } from './reader';

const box = (x: number, y: number, w: number, h: number): [Point, Point, Point, Point] => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
];

describe('text line geometry', () => {
  it('orders a rotated rectangle top-left, top-right, bottom-right, bottom-left', () => {
    const [tl, tr, br, bl] = box(10, 20, 100, 30);
    expect(orderQuad([br, tl, bl, tr])).toEqual([tl, tr, br, bl]);
  });

  it('offers two halves of a split plate as one line too, but not lines far apart or of different sizes', () => {
    const left = { quad: box(100, 100, 40, 30), score: 0.9 };
    const right = { quad: box(160, 102, 90, 30), score: 0.9 };
    const far = { quad: box(600, 100, 90, 30), score: 0.9 };
    const small = { quad: box(145, 100, 30, 10), score: 0.9 };
    const lines = withMergedNeighbours([left, right, far, small]);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toEqual([left.quad[0], right.quad[1], right.quad[2], left.quad[3]]);
  });
});
