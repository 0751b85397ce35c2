import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../alpr/reader';
import { MotionGate } from './motion';
import { ReplayCamera } from './replay-camera';
import { useTempDirs } from '../../test/support/temp-dir';

const tempDir = useTempDirs();

const flat = (value: number, capturedAt: number, width = 160, height = 90): Frame => ({ width, height, data: new Uint8Array(width * height * 3).fill(value), capturedAt });

describe('MotionGate', () => {
  it('passes the first frame and motion, holds a while after it, then lets an idle lane rest', () => {
    const gate = new MotionGate({ holdMs: 1_000 });
    expect(gate.accept(flat(100, 0))).toBe(true);
    expect(gate.accept(flat(100, 2_000))).toBe(false); // nothing moved
    expect(gate.accept(flat(160, 2_100))).toBe(true); // a car
    expect(gate.accept(flat(160, 2_900))).toBe(true); // stopped at the barrier: still within the hold
    expect(gate.accept(flat(160, 3_200))).toBe(false);
  });

  it('a trigger lets the next frame through', () => {
    const gate = new MotionGate({ holdMs: 0 });
    gate.accept(flat(50, 0));
    gate.trigger();
    expect(gate.accept(flat(50, 10))).toBe(true);
    expect(gate.accept(flat(50, 20))).toBe(false);
  });
});

describe('ReplayCamera', () => {
  it('replays a folder in order and reports a broken file as unhealthy', async () => {
    const dir = tempDir();
    const png = (value: number) => sharp(Buffer.alloc(24, value), { raw: { width: 4, height: 2, channels: 3 } }).png().toBuffer();
    writeFileSync(join(dir, 'a.png'), await png(10));
    writeFileSync(join(dir, 'b.webp'), await sharp(await png(200)).webp({ lossless: true }).toBuffer());
    writeFileSync(join(dir, 'c.jpg'), 'not a jpeg');
    const camera = new ReplayCamera(dir, 1); // ticks while the folder is still decoding
    const seen: number[] = [];
    await new Promise<void>((resolve) => {
      camera.onFrame((frame) => {
        seen.push(frame.data[0]!);
        if (seen.length === 3) resolve();
      });
    });
    await camera.close();
    expect(seen).toEqual([10, 200, 10]);
    expect(camera.health()).toMatchObject({ healthy: false, reason: expect.stringContaining('c.jpg') });
  });
});
