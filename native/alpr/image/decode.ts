/** Image bytes (JPEG or PNG) -> RGB frame. Every failure is an ImageDecodeError with a sentence a person can act on. */
import { decodeJpeg } from './jpeg';
import { DEFAULT_LIMITS, ImageDecodeError, type DecodedImage, type DecodeLimits } from './limits';
import { decodePng, isPng } from './png';

export { ImageDecodeError, DEFAULT_LIMITS, type DecodedImage, type DecodeLimits };

export function decodeImage(data: Uint8Array, limits: DecodeLimits = DEFAULT_LIMITS): DecodedImage {
  if (data.length === 0) throw new ImageDecodeError('empty file (0 bytes)');
  try {
    if (data[0] === 0xff && data[1] === 0xd8) return decodeJpeg(data, limits);
    if (isPng(data)) return decodePng(data, limits);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    // A decoder bug on hostile input must still read as bad input, not as a crash.
    throw new ImageDecodeError(`corrupt image: ${(error as Error).message}`);
  }
  throw new ImageDecodeError('not a JPEG or PNG image');
}
