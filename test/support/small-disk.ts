import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { requirement } from './requires';
import { useTempDirs } from './temp-dir';

/** A tmpfs is mounted by root: CI runs as root, so there a missing one fails (test/support/requires.ts). */
export const SMALL_DISK = requirement('installed', () => (process.getuid?.() === 0 ? null : 'mounting a small tmpfs needs root (CI runs as root)'));

export interface SmallDisk {
  readonly dir: string;
  /** Writes a filler file until the filesystem answers ENOSPC; returns its path. */
  fill(): string;
  /** Removes the filler: the space comes back. */
  free(): void;
}

/**
 * A real small filesystem for tests of a full disk: a tmpfs of `sizeKb` mounted in a temp folder (the tests run
 * as root in CI), unmounted after each test. A mount that fails is an error, never a mocked ENOSPC.
 */
export function useSmallDisks(): (sizeKb: number) => SmallDisk {
  const tempDir = useTempDirs();
  const mounted: string[] = [];
  afterEach(() => {
    for (const dir of mounted.splice(0)) execFileSync('umount', ['-l', dir]);
  });
  return (sizeKb) => {
    const dir = tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
    mounted.push(dir);
    const filler = join(dir, 'filler.bin');
    return {
      dir,
      fill: () => fillUp(filler),
      free: () => rmSync(filler, { force: true }),
    };
  };
}

function fillUp(file: string): string {
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
