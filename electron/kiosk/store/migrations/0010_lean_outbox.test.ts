import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { appPath } from '../../app-paths';
import { applyMigrations, loadMigrations } from '../migrate';

/** Migration 0010 (lean outbox): the outbox rebuilt without its indexes, keeping every row and its seq. */
const tempDir = useTempDirs();
const HOUR = 3_600_000;

function databaseAt(version: number): Database.Database {
  const db = new Database(join(tempDir(), 'site.db'));
  applyMigrations(db, loadMigrations(appPath('migrations')).slice(0, version), 0);
  return db;
}

describe('0010_lean_outbox', () => {
  it('keeps every row with its seq and key, goes on after the last seq, and indexes the hours already there', () => {
    const db = databaseAt(9);
    const insert = db.prepare('INSERT INTO outbox (key, kind, payload, created_at) VALUES (?, ?, ?, ?)');
    insert.run('session:1:opened', 'session', '{}', 5 * HOUR + 1);
    insert.run('session:1:closed', 'session', '{}', 7 * HOUR);
    insert.run('audit:1', 'audit', '{}', 5 * HOUR + 2);
    applyMigrations(db, loadMigrations(appPath('migrations')).slice(9, 10), 0);

    expect(db.prepare('SELECT seq, key FROM outbox ORDER BY seq').all()).toEqual([
      { seq: 1, key: 'session:1:opened' },
      { seq: 2, key: 'session:1:closed' },
      { seq: 3, key: 'audit:1' },
    ]);
    expect(insert.run('session:2:opened', 'session', '{}', 8 * HOUR).lastInsertRowid).toBe(4);
    expect(db.prepare('SELECT hour, first_seq, last_seq FROM outbox_hours ORDER BY hour').all()).toEqual([
      { hour: 5, first_seq: 1, last_seq: 3 },
      { hour: 7, first_seq: 2, last_seq: 2 },
    ]);
    // One B-tree per outbox row: no index left on the table, no sqlite_sequence row to update.
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_sequence WHERE name = 'outbox'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses to change or delete an outbox row (a deleted last row would give its seq to the next change)', () => {
    const db = databaseAt(10);
    db.prepare("INSERT INTO outbox (key, kind, payload, created_at) VALUES ('a', 'test', '{}', 0)").run();
    expect(() => db.exec(`UPDATE outbox SET payload = '{"x":1}'`)).toThrow(/immutable/);
    expect(() => db.exec('DELETE FROM outbox')).toThrow(/never deleted/);
    expect(() => db.exec("INSERT INTO outbox (key, kind, payload, created_at) VALUES ('b', 'test', '{}', -1)")).toThrow(/CHECK/);
    expect(() => db.exec('INSERT INTO outbox_hours VALUES (1, 5, 4)')).toThrow(/CHECK/);
    db.close();
  });
});
