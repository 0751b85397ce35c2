/**
 * Image bytes (JPEG, progressive JPEG, PNG, WebP) -> 8-bit RGB frame, with libvips through `sharp`. Decoding runs on
 * libuv's thread pool (sharp is async), so even a caller on the main event loop only waits, never computes.
 * Every failure is an ImageDecodeError with a sentence a person can act on.
 *
 * Only the three camera/photo formats are let through, sniffed from their first bytes: sharp would also take SVG,
 * TIFF, HEIF, GIF..., and a camera URL that serves an SVG or a 500-page is a fault to report, not a picture.
 * EXIF orientation is NOT applied: lane cameras have none, and the labelled photos' boxes are in stored-pixel order.
 */

/** What a decoder returns: 8-bit RGB, 3 bytes per pixel, row-major, no padding. */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface DecodeLimits {
  /** Refuse larger images from their header, before decoding: a 12000x12000 upload must not take the memory. */
  maxPixels: number;
}

/** 8192x4608 and a little more: any camera we support, never a 12000x12000 bomb. */
export const DEFAULT_LIMITS: DecodeLimits = { maxPixels: 40_000_000 };

/** Bad or unsupported image data: the caller reports it, nothing crashes. */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

export type ImageFormat = 'jpeg' | 'png' | 'webp';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The format from the file's first bytes, or null when it is none of the three. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  return null;
}

export async function decodeImage(bytes: Uint8Array, limits: DecodeLimits = DEFAULT_LIMITS): Promise<DecodedImage> {
  if (bytes.length === 0) throw new ImageDecodeError('empty file (0 bytes)');
  const format = sniffFormat(bytes);
  if (!format) throw new ImageDecodeError(`not a JPEG, PNG or WebP image (starts with ${describeStart(bytes)})`);
  const { default: sharp } = await import('sharp'); // on the first image, not at the start of every process that may decode one
  try {
    // failOn 'error': truncated or broken pixel data fails; libjpeg's mere warnings (common from IP cameras) do not.
    const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    throw new ImageDecodeError(explain(format, (error as Error).message, limits));
  }
}

/** libvips' messages, reworded for a person; the original stays in the sentence when it is not one we know. */
function explain(format: ImageFormat, message: string, limits: DecodeLimits): string {
  const name = format.toUpperCase();
  if (/exceeds pixel limit/i.test(message)) return `image too large: over ${limits.maxPixels} pixels (${name})`;
  if (/premature end|truncated|unexpected end|not enough data|short read/i.test(message)) return `truncated ${name} (the image data ends early): ${firstLine(message)}`;
  return `corrupt ${name}: ${firstLine(message)}`;
}

const firstLine = (message: string) => message.split('\n')[0]!.trim();

function describeStart(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 8);
  const printable = [...head].every((b) => b >= 0x20 && b < 0x7f);
  return printable ? JSON.stringify(ascii(head, 0, head.length)) : [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
