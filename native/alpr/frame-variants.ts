/**
 * Frames made from one photo, as a lane's camera sees one car several times: the car a little further along
 * (shifted), nearer or farther (scaled), moving (blurred), in another light (exposure). Deterministic, so every
 * measurement reads the same frames. Used by `alpr calibrate` (more reads to fit on than photos) and by
 * bench/alpr-multiframe (what voting over frames buys).
 */
import sharp from 'sharp';

export interface FrameVariant {
  name: string;
  make: (bytes: Uint8Array) => Promise<Buffer>;
}

/** The photo cut by `fraction` of its size on the given sides: the car moved within the picture. */
async function shifted(bytes: Uint8Array, dx: number, dy: number): Promise<Buffer> {
  const { width = 1, height = 1 } = await sharp(bytes).metadata();
  const cutX = Math.round(Math.abs(dx) * width), cutY = Math.round(Math.abs(dy) * height);
  return sharp(bytes)
    .extract({ left: dx > 0 ? cutX : 0, top: dy > 0 ? cutY : 0, width: width - cutX, height: height - cutY })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function scaled(bytes: Uint8Array, factor: number): Promise<Buffer> {
  const { width = 2 } = await sharp(bytes).metadata();
  return sharp(bytes).resize({ width: Math.max(16, Math.round(width * factor)), kernel: 'cubic' }).jpeg({ quality: 90 }).toBuffer();
}

export const FRAME_VARIANTS: readonly FrameVariant[] = [
  { name: 'shift_left_up', make: (b) => shifted(b, 0.06, 0.04) },
  { name: 'shift_right_down', make: (b) => shifted(b, -0.06, -0.04) },
  { name: 'scale_0.8', make: (b) => scaled(b, 0.8) },
  { name: 'blur_0.8', make: (b) => sharp(b).blur(0.8).jpeg({ quality: 80 }).toBuffer() },
  { name: 'darker', make: (b) => sharp(b).linear(0.6, 0).jpeg({ quality: 90 }).toBuffer() },
  { name: 'brighter', make: (b) => sharp(b).linear(1.3, 10).jpeg({ quality: 90 }).toBuffer() },
];
