import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { databaseBefore } from './migrated-db';

/** Migration 0021 (login name lockouts): the table that keeps the lock of names that are no account across restarts. */
const tempDir = useTempDirs();

describe('0021_login_name_lockouts', () => {
  it('adds the table over an existing database, one row per name, and refuses rows no login could write', () => {
    const { db, apply } = databaseBefore(tempDir(), 'login_name_lockouts');
    db.exec("INSERT INTO users (username, display_name, role, secret_kind, secret_hash, created_at) VALUES ('anna', 'Anna', 'attendant', 'pin', 'x', 0)");
    apply();

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
