import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../database';

/** Migration 0005 (lane schedules): a lane's mode windows. */
const tempDir = useTempDirs();
let db: Database;

beforeEach(() => {
  db = openDatabase(join(tempDir(), 'site.db'), { now: 0 }).db;
  db.exec(`INSERT INTO site VALUES (1, 'Test', 'Europe/London', 'GBP', 2000, 'en-GB', 0);
    INSERT INTO zones VALUES ('main', 'Main', NULL);
    INSERT INTO lanes VALUES ('in1', 'In', 'entry', 'main', NULL, 1);`);
  return () => db.close();
});

const insert = (db_: Database) => db_.prepare(`INSERT INTO lane_schedules (lane_id, mode, definition, updated_at, updated_by) VALUES (?, ?, ?, 0, 't')`);

describe('0005_lane_schedules', () => {
  it('keeps windows for known lanes, in a mode a schedule may set, as valid JSON', () => {
    const definition = JSON.stringify({ days: ['sat'], from: '22:00', to: '24:00' });
    expect(() => insert(db).run('in9', 'closed', definition)).toThrow(/FOREIGN KEY/);
    expect(() => insert(db).run('in1', 'normal', definition)).toThrow(/CHECK/);
    expect(() => insert(db).run('in1', 'closed', '{days')).toThrow(/CHECK/);
    expect(() => insert(db).run('in1', 'free-flow', definition)).not.toThrow();
  });
});
