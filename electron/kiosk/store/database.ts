import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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
  /** Run `PRAGMA quick_check` before anything else touches the file (the kiosk's start, after a clean or unclean stop). */
  readonly verify?: boolean;
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

/** The file opens but its pages fail `quick_check`: the lanes must not run on it. */
export class DatabaseDamagedError extends DatabaseFileError {
  constructor(file: string, readonly problems: readonly string[]) {
    super(file, `${file} is damaged (quick_check: ${problems.slice(0, 3).join('; ')}): the lanes will not run on it. ${restoreAdvice(file)}`);
    this.name = 'DatabaseDamagedError';
  }
}

/** The command that brings the site back, naming the newest backup beside the file when there is one. */
export function restoreAdvice(file: string): string {
  const dir = join(dirname(file), 'backups');
  const newest = existsSync(dir)
    ? readdirSync(dir)
        .map((name) => join(dir, name))
        .filter((path) => statSync(path).isFile() && !path.endsWith('-wal'))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
    : undefined;
  const dataDir = dirname(file);
  return `Stop the kiosk and restore a backup: lotkeeper db restore ${newest ?? '<backup file>'} --data-dir ${dataDir}`;
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
  if (options.verify) assertIntact(db, file);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  // A row rewritten or deleted leaves no copy of its old text in the page's free space (an erased driver's plate):
  // FAST zeroes it without extra I/O; free pages themselves are not overwritten.
  db.pragma('secure_delete = FAST');
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

function assertIntact(db: Database, file: string): void {
  const problems = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map((row) => row.quick_check);
  if (problems.join() !== 'ok') throw new DatabaseDamagedError(file, problems);
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
  // A damaged page can fail the first query (the schema, the quick_check itself) before quick_check answers.
  if (code === 'SQLITE_CORRUPT') return new DatabaseDamagedError(file, [(error as Error).message]);
  if (code === 'SQLITE_NOTADB') {
    return new DatabaseFileError(file, `${file} is not a readable SQLite database (${code}). ${restoreAdvice(file)}`);
  }
  if (code === 'SQLITE_CANTOPEN') return new DatabaseFileError(file, `cannot open ${file}: check the folder exists and is writable`);
  return error instanceof Error ? error : new Error(String(error));
}
