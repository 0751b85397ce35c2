import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { databaseBefore } from './migrated-db';

/** Migration 0022 (cash movement keys): a drawer movement's idempotency key, one movement per key. */
const tempDir = useTempDirs();

describe('0022_cash_movement_keys', () => {
  it('keeps the movements already there, unkeyed, and refuses a second movement with the same key', () => {
    const { db, apply } = databaseBefore(tempDir(), 'cash_movement_keys');
    db.exec("INSERT INTO users (username, display_name, role, secret_kind, secret_hash, created_at) VALUES ('anna', 'Anna', 'attendant', 'pin', 'x', 0)");
    const userId = db.prepare('SELECT id FROM users').pluck().get();
    db.prepare('INSERT INTO shifts (user_id, opened_at, float_minor) VALUES (?, 0, 5000)').run(userId);
    db.exec("INSERT INTO cash_movements (shift_id, kind, amount_minor, reason, at, by) VALUES (1, 'paid_out', -500, 'milk', 1, 'anna')");
    apply();

    expect(db.prepare('SELECT kind, amount_minor, idempotency_key FROM cash_movements').all()).toEqual([{ kind: 'paid_out', amount_minor: -500, idempotency_key: null }]);
    const insert = db.prepare("INSERT INTO cash_movements (shift_id, kind, amount_minor, reason, at, by, idempotency_key) VALUES (1, 'paid_in', 100, 'float', 2, 'anna', ?)");
    insert.run('con-key-0001');
    expect(() => insert.run('con-key-0001')).toThrow(/UNIQUE/);
    expect(() => insert.run('short')).toThrow(/CHECK/);
    insert.run(null);
    expect(db.prepare('SELECT count(*) FROM cash_movements').pluck().get()).toBe(3);
    db.close();
  });
});
