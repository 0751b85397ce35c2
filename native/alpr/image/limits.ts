/** What a decoder returns: 8-bit RGB, 3 bytes per pixel, row-major, no padding. */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface DecodeLimits {
  /** Refuse larger images before allocating them: a 12000x12000 upload must not take the worker's memory. */
  maxPixels: number;
}

/** 8192x4608 and a little more: any camera we support, never a 12000x12000 bomb. */
export const DEFAULT_LIMITS: DecodeLimits = { maxPixels: 40_000_000 };

/** Bad or unsupported image data: the caller reports it, nothing crashes. */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}
