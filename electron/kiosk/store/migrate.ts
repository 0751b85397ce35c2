import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

/** 'LOTK': marks a SQLite file as ours, so a foreign database is refused instead of being migrated. */
export const APPLICATION_ID = 0x4c4f544b;
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly sha256: string;
}

export class SchemaError extends Error {
  constructor(
    readonly code: 'not_lotkeeper' | 'from_the_future' | 'migration_edited' | 'bad_migration_set',
    message: string,
  ) {
    super(message);
    this.name = 'SchemaError';
  }
}

export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new SchemaError('bad_migration_set', `migration file "${file}" is not named NNNN_name.sql`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(match[1]), name: match[2]!, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new SchemaError('bad_migration_set', `migrations must be numbered 1, 2, 3...: found ${migration.version} at place ${index + 1}`);
    }
  });
  return migrations;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses files that are not ours or that a newer Lotkeeper has already migrated. */
export function assertMigratable(db: Database, migrations: readonly Migration[]): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = schemaVersion(db);
  const hasTables = (db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number) > 0;
  if (applicationId !== APPLICATION_ID && (applicationId !== 0 || hasTables || version !== 0)) {
    throw new SchemaError('not_lotkeeper', 'this file is a SQLite database of another application, not a Lotkeeper database');
  }
  const latest = migrations.length;
  if (version > latest) {
    throw new SchemaError(
      'from_the_future',
      `database schema version ${version} is newer than this Lotkeeper knows (${latest}): install the newer Lotkeeper that wrote it`,
    );
  }
  assertAppliedUnchanged(db, migrations, version);
}

function assertAppliedUnchanged(db: Database, migrations: readonly Migration[], version: number): void {
  if (version === 0) return;
  const applied = db.prepare('SELECT version, sha256 FROM schema_migrations ORDER BY version').all() as {
    version: number;
    sha256: string;
  }[];
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (known && known.sha256 !== row.sha256) {
      throw new SchemaError(
        'migration_edited',
        `migration ${row.version} (${known.name}) was changed after it was applied: migrations are frozen, add a new one`,
      );
    }
  }
}

export function pendingMigrations(db: Database, migrations: readonly Migration[]): Migration[] {
  return migrations.slice(schemaVersion(db));
}

/** Applies each pending migration in its own transaction, recording it and the schema version with it. */
export function applyMigrations(db: Database, pending: readonly Migration[], now: number): void {
  for (const migration of pending) {
    db.transaction(() => {
      if (migration.version === 1) {
        db.exec(`PRAGMA application_id = ${APPLICATION_ID};
          CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;`);
      }
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(
        migration.version,
        migration.name,
        migration.sha256,
        now,
      );
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
