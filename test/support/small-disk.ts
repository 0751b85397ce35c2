import { afterEach } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { requirement } from './requires';
import { useTempDirs } from './temp-dir';
import { mountSmallDisk, unmountSmallDisk, type SmallDisk } from './tmpfs';

export type { SmallDisk } from './tmpfs';

/** A tmpfs is mounted by root: CI runs as root, so there a missing one fails (test/support/requires.ts). */
export const SMALL_DISK = requirement('installed', () => (process.getuid?.() === 0 ? null : 'mounting a small tmpfs needs root (CI runs as root)'));

/**
 * A real small filesystem for tests of a full disk: a tmpfs of `sizeKb` mounted in a temp folder (the tests run
 * as root in CI), unmounted after each test. A mount that fails is an error, never a mocked ENOSPC.
 */
export function useSmallDisks(): (sizeKb: number) => SmallDisk {
  const tempDir = useTempDirs();
  const mounted: string[] = [];
  afterEach(() => {
    for (const dir of mounted.splice(0)) unmountSmallDisk(dir);
  });
  return (sizeKb) => {
    const disk = mountSmallDisk(tempDir(), sizeKb);
    mounted.push(disk.dir);
    return disk;
  };
}

/** An empty WAL, then a full disk: the kiosk's next commit needs blocks the filesystem cannot give. */
export function fillEmptyingTheWal(kiosk: Kiosk, disk: SmallDisk): string {
  kiosk.store.db.pragma('wal_checkpoint(TRUNCATE)');
  return disk.fill();
}
