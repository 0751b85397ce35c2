import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0007 (wallet plate keys): a wallet plate keeps the plate as typed beside its folded form. */
const db = useMigratedDb(`
  INSERT INTO wallets (id, holder, currency, created_at, updated_at) VALUES (1, 'Harbour Dental', 'GBP', 0, 0);`);

describe('0007_wallet_plate_keys', () => {
  it('keeps the plate as typed beside the folded form, and refuses one that cannot be a plate', () => {
    const insert = db().prepare('INSERT INTO wallet_plates (plate_fold, wallet_id, plate_key) VALUES (?, 1, ?)');
    insert.run('A812CDE', 'AB12CDE');
    expect(db().prepare('SELECT plate_key FROM wallet_plates').pluck().get()).toBe('AB12CDE');
    expect(() => insert.run('X', 'X')).toThrow(/CHECK/);
  });
});
