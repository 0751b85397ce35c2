import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0001 (init): the constraints that keep a site's data sane whatever code writes to it. */
const db = useMigratedDb(`
  INSERT INTO zone_spaces VALUES ('main', 'regular', 10);`);

const insertSession = (overrides: Record<string, unknown> = {}) =>
  db()
    .prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, entry_at, exit_at, status, opened_by)
      VALUES (@plate_raw, @plate_key, @plate_fold, 'car', 'main', 'regular', @entry_at, @exit_at, @status, 'test')`)
    .run({ plate_raw: 'AB12 CDE', plate_key: 'AB12CDE', plate_fold: 'A8I2CDE', entry_at: 1000, exit_at: null, status: 'open', ...overrides });

describe('0001_init', () => {
  it('keeps one site row only', () => {
    expect(() => db().exec(`INSERT INTO site VALUES (2, 'Other', 'UTC', 'EUR', 0, 'en', 0)`)).toThrow(/CHECK/);
  });

  it('refuses an exit before its entry', () => {
    expect(() => insertSession({ exit_at: 999, status: 'closed' })).toThrow(/CHECK/);
  });

  it('ties status to the exit time: inside has no exit, closed has one', () => {
    expect(() => insertSession({ exit_at: 2000, status: 'open' })).toThrow(/CHECK/);
    expect(() => insertSession({ exit_at: null, status: 'closed' })).toThrow(/CHECK/);
    expect(() => insertSession({ exit_at: 2000, status: 'closed' })).not.toThrow();
  });

  it('refuses sessions in unknown zones or classes', () => {
    expect(() =>
      db().prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, entry_at, status, opened_by)
        VALUES ('X', 'XX11', 'XX11', 'truck', 'main', 'regular', 0, 'open', 't')`).run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('refuses a plate key longer than 10 characters', () => {
    expect(() => insertSession({ plate_key: 'A'.repeat(11) })).toThrow(/CHECK/);
  });

  it('makes the audit log append-only', () => {
    db().prepare(`INSERT INTO audit_log VALUES (1, 0, 'a', 'x', NULL, '{}', ?, ?)`).run('0'.repeat(64), 'h1');
    expect(() => db().exec(`UPDATE audit_log SET actor = 'b'`)).toThrow(/append-only/);
    expect(() => db().exec('DELETE FROM audit_log')).toThrow(/append-only/);
  });

  it('allows one open shift per user', () => {
    db().exec(`INSERT INTO users (id, username, display_name, role, secret_kind, secret_hash, created_at) VALUES (1, 'anna', 'Anna', 'attendant', 'pin', 'h', 0)`);
    db().exec('INSERT INTO shifts (user_id, opened_at, float_minor) VALUES (1, 0, 100)');
    expect(() => db().exec('INSERT INTO shifts (user_id, opened_at, float_minor) VALUES (1, 5, 100)')).toThrow(/UNIQUE/);
  });
});
