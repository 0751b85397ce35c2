import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from './frame-jpeg';

const frame = (width: number, height: number, channels: 3 | 4 = 3) => ({
  width,
  height,
  channels,
  capturedAt: 0,
  data: Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 7) & 0xff),
});

describe('encodeJpeg', () => {
  it('encodes a whole RGB frame as a JPEG of the same size', async () => {
    const meta = await sharp(await encodeJpeg(frame(64, 48))).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
  });

  it('crops around a box with a margin, clamped to the frame, and drops alpha', async () => {
    const meta = await sharp(await encodeJpeg(frame(64, 48, 4), { crop: { x: 50, y: 40, width: 20, height: 10 } })).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 17, height: 10, channels: 3 });
  });

  it('scales a wide frame down to maxWidth', async () => {
    expect((await sharp(await encodeJpeg(frame(400, 100), { maxWidth: 200 })).metadata()).width).toBe(200);
  });

  it('refuses a crop outside the frame', async () => {
    await expect(encodeJpeg(frame(64, 48), { crop: { x: 500, y: 500, width: 10, height: 10 } })).rejects.toThrow(/outside the 64x48 frame/);
  });
});
