/** A PNG decoder (8-bit, non-interlaced; grey, RGB, palette, with or without alpha) on node:zlib. */
import { inflateSync } from 'node:zlib';
import { ImageDecodeError, type DecodedImage, type DecodeLimits } from './limits';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function isPng(data: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => data[i] === b);
}

export function decodePng(data: Uint8Array, limits: DecodeLimits): DecodedImage {
  if (!isPng(data)) throw new ImageDecodeError('not a PNG');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let width = 0, height = 0, colorType = -1, palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (let p = 8; p + 8 <= data.length; ) {
    const length = view.getUint32(p);
    const type = String.fromCharCode(...data.subarray(p + 4, p + 8));
    if (p + 12 + length > data.length) throw new ImageDecodeError(`truncated PNG (chunk ${type} runs past the end)`);
    const body = data.subarray(p + 8, p + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      const depth = body[8], interlace = body[12];
      colorType = body[9] ?? -1;
      if (depth !== 8 || interlace !== 0 || !(colorType in CHANNELS)) throw new ImageDecodeError(`unsupported PNG (bit depth ${depth}, colour type ${colorType}, interlace ${interlace})`);
      if (!width || !height || width * height > limits.maxPixels) throw new ImageDecodeError(`image too large or empty: ${width}x${height} (limit ${limits.maxPixels} pixels)`);
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    p += 12 + length;
  }
  if (!width || !idat.length) throw new ImageDecodeError('truncated PNG (no header or no image data)');
  const channels = CHANNELS[colorType]!;
  const stride = width * channels;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (stride + 1) * height });
  } catch (error) {
    throw new ImageDecodeError(`corrupt PNG data: ${(error as Error).message}`);
  }
  if (raw.length < (stride + 1) * height) throw new ImageDecodeError('truncated PNG (image data too short)');
  const pixels = unfilter(raw, stride, height, channels);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    if (colorType === 3) {
      const k = pixels[s]! * 3;
      if (!palette || k + 2 >= palette.length) throw new ImageDecodeError('corrupt PNG: palette index out of range');
      rgb.set(palette.subarray(k, k + 3), i * 3);
    } else if (channels >= 3) rgb.set(pixels.subarray(s, s + 3), i * 3);
    else rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = pixels[s]!;
  }
  return { width, height, data: rgb };
}

function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const o = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[o + x - bpp]! : 0, b = y ? out[o - stride + x]! : 0, c = x >= bpp && y ? out[o - stride + x - bpp]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new ImageDecodeError(`corrupt PNG: filter type ${filter}`);
      out[o + x] = (line[x]! + pred) & 255;
    }
  }
  return out;
}
