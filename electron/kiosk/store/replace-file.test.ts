import { existsSync, linkSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { replaceDatabaseFile, restoringFile } from './replace-file';

const tempDir = useTempDirs();

function databaseHolding(file: string, label: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (label TEXT)');
  db.prepare('INSERT INTO t VALUES (?)').run(label);
  return db;
}

const labelIn = (file: string): string => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare('SELECT label FROM t').get() as { label: string }).label;
  } finally {
    db.close();
  }
};

/** A live database and a backup of another content, both closed, in a fresh folder. */
function liveAndBackup(): { dir: string; live: string; backup: string } {
  const dir = tempDir();
  const live = join(dir, 'lotkeeper.db');
  const backup = join(dir, 'backup.db');
  databaseHolding(live, 'live').close();
  databaseHolding(backup, 'backup').close();
  return { dir, live, backup };
}

describe('replaceDatabaseFile', () => {
  it('swaps in a new inode by rename, never writing over the live file', () => {
    const { dir, live, backup } = liveAndBackup();
    const oldLink = join(dir, 'old-inode.db');
    linkSync(live, oldLink);
    const inodeBefore = statSync(live).ino;

    replaceDatabaseFile(backup, live);

    expect(statSync(live).ino).not.toBe(inodeBefore);
    expect(labelIn(live)).toBe('backup');
    // The old file's bytes were never touched: a reader still holding it sees the old database whole.
    expect(labelIn(oldLink)).toBe('live');
    expect(existsSync(restoringFile(live))).toBe(false);
  });

  it("folds the old file's WAL in and removes it, so it is never replayed into the restored file", () => {
    const dir = tempDir();
    const live = join(dir, 'lotkeeper.db');
    const backup = join(dir, 'backup.db');
    const writer = databaseHolding(live, 'live');
    // The WAL as an unclean stop leaves it (a clean close folds it in and deletes it).
    const wal = readFileSync(`${live}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    writer.close();
    writeFileSync(`${live}-wal`, wal);
    databaseHolding(backup, 'backup').close();

    replaceDatabaseFile(backup, live);

    expect(existsSync(`${live}-wal`)).toBe(false);
    expect(existsSync(`${live}-shm`)).toBe(false);
    expect(labelIn(live)).toBe('backup');
  });

  it('overwrites the half-written copy a crashed restore left beside the live file', () => {
    const { live, backup } = liveAndBackup();
    writeFileSync(restoringFile(live), Buffer.alloc(1000, 0x5a));

    replaceDatabaseFile(backup, live);

    expect(labelIn(live)).toBe('backup');
    expect(existsSync(restoringFile(live))).toBe(false);
  });
});
