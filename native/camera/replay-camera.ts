/**
 * A camera that replays a folder of photos (JPEG/PNG/WebP) in name order, looping, one every `intervalMs`: the demo
 * site's lanes and the tests. Files are decoded once, in the background at start (demo folders are small; sharp
 * decodes off the event loop); a file that cannot be decoded makes the camera unhealthy with the reason, as a
 * broken real camera would, and the others still play.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '../alpr/image/decode';
import type { Frame } from '../alpr/reader';
import { PlaybackCamera } from './playback-camera';

export class ReplayCamera extends PlaybackCamera {
  /** Empty until the whole folder is decoded, so the replay always starts at the folder's first photo. */
  private frames: Omit<Frame, 'capturedAt'>[] = [];
  private index = 0;
  /** Resolves once every photo of the folder has been decoded (or found broken). */
  readonly loaded: Promise<void>;

  constructor(folder: string, intervalMs = 200, now: () => number = Date.now) {
    super(intervalMs, now, { healthy: true });
    this.loaded = this.load(folder);
  }

  private async load(folder: string): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(folder)).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort();
    } catch (error) {
      this.state = { healthy: false, reason: `cannot list ${folder}: ${(error as Error).message}` };
      return;
    }
    const decoded: Omit<Frame, 'capturedAt'>[] = [];
    for (const name of names) {
      try {
        decoded.push(await decodeImage(await readFile(join(folder, name))));
      } catch (error) {
        this.state = { healthy: false, reason: `${name}: ${(error as Error).message}` };
      }
    }
    this.frames = decoded;
    if (!decoded.length) this.state = { healthy: false, reason: `no playable photo in ${folder}` };
  }

  protected nextPicture(): Omit<Frame, 'capturedAt'> | null {
    if (!this.frames.length) return null;
    return this.frames[this.index++ % this.frames.length]!;
  }
}
