import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { appPath } from '../app-paths';
import { DatabaseFileError, openDatabase } from './database';
import { APPLICATION_ID, SchemaError } from './migrate';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 9, 0);

/** A migrations folder holding the real ones plus extra files, to test what a later version will do. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = join(tempDir(), 'migrations');
  mkdirSync(dir);
  for (const file of readdirSync(appPath('migrations'))) copyFileSync(appPath('migrations', file), join(dir, file));
  for (const [file, sql] of Object.entries(extra)) writeFileSync(join(dir, file), sql);
  return dir;
}

describe('openDatabase', () => {
  it('creates, migrates and marks a new file with WAL and synchronous=FULL', () => {
    const file = join(tempDir(), 'site.db');
    const { db, schemaVersion, migratedFrom, backupFile } = openDatabase(file, { now: NOW });
    expect(migratedFrom).toBe(0);
    expect(schemaVersion).toBeGreaterThanOrEqual(1);
    expect(backupFile).toBeNull();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toContainEqual({ version: 1, name: 'init' });
    db.close();
  });

  it('opens an up-to-date file without migrating or backing up', () => {
    const file = join(tempDir(), 'site.db');
    openDatabase(file, { now: NOW }).db.close();
    const again = openDatabase(file, { now: NOW });
    expect(again.migratedFrom).toBe(again.schemaVersion);
    expect(again.backupFile).toBeNull();
    again.db.close();
  });

  it('backs up an existing file before applying a new migration, each migration in its own transaction', () => {
    const dir = tempDir();
    const file = join(dir, 'site.db');
    openDatabase(file, { now: NOW }).db.close();
    const current = readdirSync(appPath('migrations')).length;
    const next = String(current + 1).padStart(4, '0');
    const migrationsDir = migrationsWith({ [`${next}_add_note.sql`]: 'ALTER TABLE zones ADD COLUMN note TEXT;' });
    const opened = openDatabase(file, { now: NOW, migrationsDir });
    expect(opened.migratedFrom).toBe(current);
    expect(opened.schemaVersion).toBe(current + 1);
    expect(opened.backupFile).not.toBeNull();
    expect(existsSync(opened.backupFile!)).toBe(true);
    const backup = new BetterSqlite3(opened.backupFile!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(current);
    backup.close();
    opened.db.close();
  });

  it('rolls back a failing migration completely and leaves the version where it was', () => {
    const file = join(tempDir(), 'site.db');
    openDatabase(file, { now: NOW }).db.close();
    const current = readdirSync(appPath('migrations')).length;
    const next = String(current + 1).padStart(4, '0');
    const migrationsDir = migrationsWith({ [`${next}_broken.sql`]: 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);' });
    expect(() => openDatabase(file, { now: NOW, migrationsDir })).toThrow(/nowhere/);
    const { db, schemaVersion } = openDatabase(file, { now: NOW, migrate: false });
    expect(schemaVersion).toBe(current);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer Lotkeeper', () => {
    const file = join(tempDir(), 'site.db');
    const { db } = openDatabase(file, { now: NOW });
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(file, { now: NOW })).toThrow(SchemaError);
    expect(() => openDatabase(file, { now: NOW })).toThrow(/schema version 99 is newer than this Lotkeeper knows/);
  });

  it('refuses a SQLite file of another application', () => {
    const file = join(tempDir(), 'other.db');
    const other = new BetterSqlite3(file);
    other.exec('CREATE TABLE contacts (name TEXT)');
    other.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file, { now: NOW })).toThrow(/another application, not a Lotkeeper database/);
    // Refused means untouched: not switched to WAL, no -wal/-shm files left beside it.
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite at all, naming it', () => {
    const file = join(tempDir(), 'garbage.db');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(() => openDatabase(file, { now: NOW })).toThrow(DatabaseFileError);
    expect(() => openDatabase(file, { now: NOW })).toThrow(/garbage\.db is not a readable SQLite database/);
  });

  it('refuses a migration that was edited after it was applied', () => {
    const file = join(tempDir(), 'site.db');
    openDatabase(file, { now: NOW }).db.close();
    const migrationsDir = migrationsWith({});
    writeFileSync(join(migrationsDir, '0001_init.sql'), '-- edited\n', { flag: 'a' });
    expect(() => openDatabase(file, { now: NOW, migrationsDir })).toThrow(/migration 1 \(init\) was changed after it was applied/);
  });

  it('refuses a readonly open of a file that does not exist', () => {
    expect(() => openDatabase(join(tempDir(), 'missing.db'), { now: NOW, readonly: true })).toThrow(/no database at/);
  });
});
