import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { appPath } from '../../app-paths';
import { applyMigrations, loadMigrations } from '../migrate';

/** Migration 0021 (login name lockouts): the table that keeps the lock of names that are no account across restarts. */
const tempDir = useTempDirs();

describe('0021_login_name_lockouts', () => {
  it('adds the table over an existing database, one row per name, and refuses rows no login could write', () => {
    const db = new Database(join(tempDir(), 'lotkeeper.db'));
    const migrations = loadMigrations(appPath('migrations'));
    const index = migrations.findIndex((m) => m.name === 'login_name_lockouts');
    applyMigrations(db, migrations.slice(0, index), 0);
    db.exec("INSERT INTO users (username, display_name, role, secret_kind, secret_hash, created_at) VALUES ('anna', 'Anna', 'attendant', 'pin', 'x', 0)");
    applyMigrations(db, migrations.slice(index, index + 1), 0);

    expect(db.prepare('SELECT username FROM users').pluck().all()).toEqual(['anna']);
    const insert = db.prepare('INSERT INTO login_name_lockouts (name_key, failed_attempts, locked_until, updated_at) VALUES (?, ?, ?, ?)');
    insert.run('nobody', 5, 300_000, 1);
    expect(() => insert.run('nobody', 1, null, 2)).toThrow(/UNIQUE/);
    expect(() => insert.run('', 1, null, 2)).toThrow(/CHECK/);
    expect(() => insert.run('someone', -1, null, 2)).toThrow(/CHECK/);
    expect(db.prepare('SELECT * FROM login_name_lockouts').all()).toEqual([{ name_key: 'nobody', failed_attempts: 5, locked_until: 300_000, updated_at: 1 }]);
    db.close();
  });
});
