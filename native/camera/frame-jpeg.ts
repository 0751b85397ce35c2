/**
 * Frames to JPEG, for evidence files and the console's lane picture. sharp (libvips) encodes on libuv's thread
 * pool, so a 1280x720 frame costs the event loop next to nothing.
 */
import type { Frame } from '../alpr/reader';

export interface CropBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The whole frame, or the part inside `crop` (clamped to the frame, with a margin so the plate's edges show). */
export async function encodeJpeg(frame: Frame, options: { crop?: CropBox; quality?: number; maxWidth?: number } = {}): Promise<Buffer> {
  // Loaded on the first frame, not at start-up: sharp is a seventh of a second of every kiosk's and CLI's start.
  const { default: sharp } = await import('sharp');
  const channels = frame.channels ?? 3;
  let image = sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels } });
  if (channels === 4) image = image.removeAlpha();
  if (options.crop) image = image.extract(clampCrop(options.crop, frame, 0.15));
  if (options.maxWidth && (options.crop?.width ?? frame.width) > options.maxWidth) image = image.resize({ width: options.maxWidth });
  return image.jpeg({ quality: options.quality ?? 80, mozjpeg: false }).toBuffer();
}

function clampCrop(box: CropBox, frame: Frame, margin: number): { left: number; top: number; width: number; height: number } {
  const padX = Math.round(box.width * margin);
  const padY = Math.round(box.height * margin);
  const left = Math.max(0, Math.floor(box.x - padX));
  const top = Math.max(0, Math.floor(box.y - padY));
  const right = Math.min(frame.width, Math.ceil(box.x + box.width + padX));
  const bottom = Math.min(frame.height, Math.ceil(box.y + box.height + padY));
  if (right - left < 1 || bottom - top < 1) throw new RangeError(`crop ${JSON.stringify(box)} is outside the ${frame.width}x${frame.height} frame`);
  return { left, top, width: right - left, height: bottom - top };
}
