import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { appPath } from '../../app-paths';
import { applyMigrations, loadMigrations } from '../migrate';

/** Migration 0014 (login policy): the site's login timeouts, and no card reader's key left in the devices table. */
const tempDir = useTempDirs();

function databaseAt(version: number): Database.Database {
  const db = new Database(join(tempDir(), 'site.db'));
  applyMigrations(db, loadMigrations(appPath('migrations')).slice(0, version), 0);
  return db;
}

describe('0014_login_policy', () => {
  it('starts with 15 idle minutes for attendants and supervisors, 5 for admins, 12 hours at most, and checks them', () => {
    const db = databaseAt(14);
    expect(db.prepare('SELECT idle_attendant_s, idle_supervisor_s, idle_admin_s, max_age_s FROM login_policy').get()).toEqual({
      idle_attendant_s: 900,
      idle_supervisor_s: 900,
      idle_admin_s: 300,
      max_age_s: 43_200,
    });
    expect(() => db.exec('UPDATE login_policy SET idle_admin_s = 10')).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO login_policy VALUES (2, 900, 900, 300, 43200, 0, 'x')")).toThrow(/CHECK/);
    db.close();
  });

  it("drops a card reader's inline secret key and keeps the rest of its config", () => {
    const db = databaseAt(13);
    const insert = db.prepare("INSERT INTO devices (id, kind, config, updated_at, updated_by) VALUES (?, ?, ?, 0, 'test')");
    insert.run('reader', 'terminal', JSON.stringify({ driver: 'stripe', readerId: 'tmr_1', secretKey: 'sk_live_x' }));
    insert.run('cam', 'camera', JSON.stringify({ driver: 'folder', secretKey: 'not a reader' }));
    applyMigrations(db, loadMigrations(appPath('migrations')).slice(13, 14), 0);
    const configs = db.prepare('SELECT id, config FROM devices ORDER BY id').all() as { id: string; config: string }[];
    expect(configs.map((row) => [row.id, JSON.parse(row.config) as unknown])).toEqual([
      ['cam', { driver: 'folder', secretKey: 'not a reader' }],
      ['reader', { driver: 'stripe', readerId: 'tmr_1' }],
    ]);
    db.close();
  });
});
