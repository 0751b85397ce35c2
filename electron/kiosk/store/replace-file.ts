import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** Where a restore writes its copy, beside the live file (same filesystem, so the final rename is atomic). */
export const restoringFile = (file: string): string => `${file}.restoring`;

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A damaged file may refuse the checkpoint: its WAL then goes with it (the caller kept a raw copy of both). */
function foldWal(file: string): void {
  try {
    const old = new BetterSqlite3(file);
    try {
      old.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      old.close();
    }
  } catch {
    // Nothing to save here that the caller's copy does not hold.
  }
}

/**
 * Puts `source` in place of the database `file` so that a crash at any moment leaves either the old database or
 * the new one, never a half-copied file: the copy is written beside it and fsynced, the old file's WAL is folded
 * in and removed (a WAL left beside the new file would be replayed into it), then one rename swaps them.
 */
export function replaceDatabaseFile(source: string, file: string): void {
  const staged = restoringFile(file);
  rmSync(staged, { force: true });
  copyFileSync(source, staged);
  fsyncPath(staged);
  if (existsSync(file)) foldWal(file);
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
  renameSync(staged, file);
  fsyncPath(dirname(file));
}
