import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { appPath } from '../app-paths';
import { applyMigrations, assertMigratable, loadMigrations, pendingMigrations, schemaVersion, SchemaError } from './migrate';

export interface OpenOptions {
  readonly now: number;
  readonly migrationsDir?: string;
  /** Open without migrating (db check, backup): a file that needs migrating is still readable. */
  readonly migrate?: boolean;
  readonly readonly?: boolean;
}

export interface OpenedDatabase {
  readonly db: Database;
  readonly schemaVersion: number;
  readonly migratedFrom: number;
  readonly backupFile: string | null;
}

export class DatabaseFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

/**
 * Opens the site database: WAL with synchronous=FULL (committed means durable: sessions and money live here),
 * foreign keys on, refuses foreign or future files, and backs up an existing file before migrating it.
 */
export function openDatabase(file: string, options: OpenOptions): OpenedDatabase {
  if (options.readonly && !existsSync(file)) throw new DatabaseFileError(file, `no database at ${file}: start the kiosk once to create it, or pass --data-dir`);
  mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  try {
    return prepare(db, file, options);
  } catch (error) {
    db.close();
    throw describeOpenError(file, error);
  }
}

function prepare(db: Database, file: string, options: OpenOptions): OpenedDatabase {
  db.pragma('busy_timeout = 5000');
  // Refuse a foreign or future file before anything writes to it: switching it to WAL would change it for good.
  const migrations = loadMigrations(options.migrationsDir ?? appPath('migrations'));
  assertMigratable(db, migrations);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  // Years of sessions make indexes of a few hundred MB; 64 MiB of page cache keeps their upper levels and the hot
  // recent pages in memory, so an entry's index updates rarely wait on a read.
  db.pragma('cache_size = -65536');
  const from = schemaVersion(db);
  const pending = pendingMigrations(db, migrations);
  if (options.migrate === false || options.readonly || pending.length === 0) {
    return { db, schemaVersion: from, migratedFrom: from, backupFile: null };
  }
  const backupFile = from > 0 ? backupBeforeMigration(db, file, from, options.now) : null;
  applyMigrations(db, pending, options.now);
  return { db, schemaVersion: schemaVersion(db), migratedFrom: from, backupFile };
}

function backupBeforeMigration(db: Database, file: string, version: number, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = join(dirname(file), 'backups', `${basename(file)}.v${version}.${stamp}.bak`);
  mkdirSync(dirname(target), { recursive: true });
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

function describeOpenError(file: string, error: unknown): Error {
  if (error instanceof SchemaError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseFileError(file, `${file} is not a readable SQLite database (${code}): restore a backup with \`lotkeeper db restore\``);
  }
  if (code === 'SQLITE_CANTOPEN') return new DatabaseFileError(file, `cannot open ${file}: check the folder exists and is writable`);
  return error instanceof Error ? error : new Error(String(error));
}
