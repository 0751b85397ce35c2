import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { appPath } from '../../app-paths';
import { applyMigrations, loadMigrations } from '../migrate';

/** Migration 0017 (card minimum policy): a site keeps sending sub-minimum amounts to cash or wallet until changed. */
const tempDir = useTempDirs();

describe('0017_card_minimum_policy', () => {
  it('keeps the existing payment settings, starts at cash or wallet, and refuses a policy it does not know', () => {
    const db = new Database(join(tempDir(), 'site.db'));
    const migrations = loadMigrations(appPath('migrations'));
    applyMigrations(db, migrations.slice(0, 16), 0);
    db.prepare("UPDATE payment_settings SET offline_policy = 'let-out-record-debt', qr_link_ttl_s = 600").run();
    applyMigrations(db, migrations.slice(16, 17), 0);
    expect(db.prepare('SELECT offline_policy, qr_link_ttl_s, below_card_minimum FROM payment_settings').get())
      .toEqual({ offline_policy: 'let-out-record-debt', qr_link_ttl_s: 600, below_card_minimum: 'cash_or_wallet' });
    db.prepare("UPDATE payment_settings SET below_card_minimum = 'waive'").run();
    expect(() => db.prepare("UPDATE payment_settings SET below_card_minimum = 'round_up'").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
