import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { appPath } from '../../app-paths';
import { applyMigrations, loadMigrations } from '../migrate';

/** Migration 0014 (reader secrets): no card reader's key left in the devices table. */
const tempDir = useTempDirs();

function databaseAt(version: number): Database.Database {
  const db = new Database(join(tempDir(), 'site.db'));
  applyMigrations(db, loadMigrations(appPath('migrations')).slice(0, version), 0);
  return db;
}

describe('0014_reader_secrets', () => {
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
