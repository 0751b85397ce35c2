import { describe, expect, it } from 'vitest';
import type { Frame, ReadPriority } from '../../../native/alpr';
import { LaneCapture, scopedFrame } from './lane-capture';

const frame = (width: number, height: number): Frame => ({ width, height, data: new Uint8Array(width * height * 3), capturedAt: 0 });

describe("a lane's frame as the reader is asked to read it", () => {
  it('carries the plate regions, and no region of interest when the lane has none', () => {
    const scoped = scopedFrame(frame(1280, 720), { plateRegions: ['uk', 'eu'], plateHomeCountry: null, roi: null });
    expect(scoped.regions).toEqual(['uk', 'eu']);
    expect(scoped.roi).toBeUndefined();
    expect(scoped).not.toHaveProperty('homeCountry');
  });

  it("carries the site's home country with its regions", () => {
    const scoped = scopedFrame(frame(1280, 720), { plateRegions: ['eu'], plateHomeCountry: 'sk', roi: { x: 0, y: 0.5, width: 1, height: 0.5 } });
    expect(scoped).toMatchObject({ regions: ['eu'], homeCountry: 'sk', roi: { x: 0, y: 360, width: 1280, height: 360 } });
  });

  it("turns the lane's shares of the picture into this frame's pixels, whatever its resolution", () => {
    const roi = { x: 0.1, y: 0.4, width: 0.6, height: 0.5 };
    expect(scopedFrame(frame(1280, 720), { plateRegions: ['uk'], plateHomeCountry: null, roi }).roi).toEqual({ x: 128, y: 288, width: 768, height: 360 });
    expect(scopedFrame(frame(640, 480), { plateRegions: ['uk'], plateHomeCountry: null, roi }).roi).toEqual({ x: 64, y: 192, width: 384, height: 240 });
  });

  it('keeps the region inside the picture and at least a pixel wide, at its edges and on a tiny frame', () => {
    expect(scopedFrame(frame(1280, 720), { plateRegions: ['uk'], plateHomeCountry: null, roi: { x: 0.7, y: 0.5, width: 0.3000000001, height: 0.5 } }).roi).toEqual({ x: 896, y: 360, width: 384, height: 360 });
    expect(scopedFrame(frame(3, 2), { plateRegions: ['uk'], plateHomeCountry: null, roi: { x: 0.95, y: 0.95, width: 0.05, height: 0.05 } }).roi).toEqual({ x: 2, y: 1, width: 1, height: 1 });
  });
});

describe('a lane sharing its plate reader', () => {
  it("asks sooner for a frame that may settle its car's vote, and last for frames of a car already decided; the relay's line is kept clear during the read that may decide", async () => {
    const listeners: ((frame: Frame) => void)[] = [];
    const plate = (text: string) => ({ box: { x: 0, y: 0, width: 10, height: 5 }, text, confidence: 0.9, charConfidences: [...text].map(() => 0.9), alternatives: [] });
    // What the reader sees in each frame: the car, the car again (the vote settles), the decided car, no plate, the next car.
    const reads = [[plate('AB12CDE')], [plate('AB12CDE')], [plate('AB12CDE')], [], [plate('XY34ZZZ')]];
    const asked: (ReadPriority | undefined)[] = [];
    const voted: string[] = [];
    const relayLine: string[] = [];
    const capture = new LaneCapture(
      { onFrame: (listener) => (listeners.push(listener), () => undefined) },
      { accept: () => true, trigger: () => undefined },
      { read: async (_frame, priority) => (asked.push(priority), { plates: reads[asked.length - 1]!, processingMs: 1 }) },
      {
        voted: (vote) => (voted.push(vote.key), relayLine.push('decided')),
        read: () => undefined,
        failed: (error) => { throw error; },
        deciding: () => (relayLine.push('kept clear'), () => relayLine.push('released')),
      },
      () => ({ plateRegions: ['uk'], plateHomeCountry: null, roi: null }),
    );
    capture.start();
    for (let i = 0; i < reads.length; i++) {
      listeners.forEach((listener) => listener({ ...frame(8, 8), capturedAt: i * 100 }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(voted).toEqual(['AB12CDE']);
    expect(asked).toEqual(['first', 'settles-vote', 'decided', 'decided', 'first']);
    // Only the read that could settle the vote holds the line, and it lets go once the car was decided.
    expect(relayLine).toEqual(['kept clear', 'decided', 'released']);
  });
});
