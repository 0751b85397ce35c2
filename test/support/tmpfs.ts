/**
 * A real small filesystem (tmpfs) for full-disk tests and the fault campaign: mounting needs root (CI runs as root).
 * No vitest here: the campaign (bench/) mounts one too.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface SmallDisk {
  readonly dir: string;
  /** Writes a filler file until the filesystem answers ENOSPC; returns its path. */
  fill(): string;
  /** Removes the filler: the space comes back. */
  free(): void;
}

/** Where fill() writes on a small disk mounted on `dir`: a child process fills it there, and free() removes it. */
export const fillerOf = (dir: string): string => join(dir, 'filler.bin');

/** Mounts a tmpfs of `sizeKb` on `dir` (an empty folder); unmount it with unmountSmallDisk. */
export function mountSmallDisk(dir: string, sizeKb: number): SmallDisk {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
  const filler = fillerOf(dir);
  return { dir, fill: () => fillUp(filler), free: () => rmSync(filler, { force: true }) };
}


export function unmountSmallDisk(dir: string): void {
  execFileSync('umount', ['-l', dir]);
}

/** Writes `file` until the filesystem answers ENOSPC. */
export function fillUp(file: string): string {
  const fd = openSync(file, 'a');
  const block = Buffer.alloc(4096, 0x2e);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return file;
}
