import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../native/alpr';
import { scopedFrame } from './lane-capture';

const frame = (width: number, height: number): Frame => ({ width, height, data: new Uint8Array(width * height * 3), capturedAt: 0 });

describe("a lane's frame as the reader is asked to read it", () => {
  it('carries the plate regions, and no region of interest when the lane has none', () => {
    const scoped = scopedFrame(frame(1280, 720), { plateRegions: ['uk', 'eu'], roi: null });
    expect(scoped.regions).toEqual(['uk', 'eu']);
    expect(scoped.roi).toBeUndefined();
  });

  it("turns the lane's shares of the picture into this frame's pixels, whatever its resolution", () => {
    const roi = { x: 0.1, y: 0.4, width: 0.6, height: 0.5 };
    expect(scopedFrame(frame(1280, 720), { plateRegions: ['uk'], roi }).roi).toEqual({ x: 128, y: 288, width: 768, height: 360 });
    expect(scopedFrame(frame(640, 480), { plateRegions: ['uk'], roi }).roi).toEqual({ x: 64, y: 192, width: 384, height: 240 });
  });

  it('keeps the region inside the picture and at least a pixel wide, at its edges and on a tiny frame', () => {
    expect(scopedFrame(frame(1280, 720), { plateRegions: ['uk'], roi: { x: 0.7, y: 0.5, width: 0.3000000001, height: 0.5 } }).roi).toEqual({ x: 896, y: 360, width: 384, height: 360 });
    expect(scopedFrame(frame(3, 2), { plateRegions: ['uk'], roi: { x: 0.95, y: 0.95, width: 0.05, height: 0.05 } }).roi).toEqual({ x: 2, y: 1, width: 1, height: 1 });
  });
});
