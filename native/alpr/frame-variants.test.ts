import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FRAME_VARIANTS } from './frame-variants';

describe('frames made from one photo', () => {
  it('gives each variant as a JPEG of the expected size, the same bytes every time', async () => {
    const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 120, g: 130, b: 140 } } }).jpeg().toBuffer();
    const sizes: Record<string, [number, number]> = {};
    for (const variant of FRAME_VARIANTS) {
      const frame = await variant.make(photo);
      const { width = 0, height = 0, format } = await sharp(frame).metadata();
      expect(format).toBe('jpeg');
      sizes[variant.name] = [width, height];
      expect((await variant.make(photo)).equals(frame)).toBe(true);
    }
    expect(sizes).toEqual({ shift_left_up: [376, 288], shift_right_down: [376, 288], 'scale_0.8': [320, 240], 'blur_0.8': [400, 300], darker: [400, 300], brighter: [400, 300] });
  });
});
