import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0005 (lane schedules): a lane's mode windows. */
const db = useMigratedDb(`
  INSERT INTO lanes VALUES ('in1', 'In', 'entry', 'main', NULL, 1);`);

const insert = (db_: Database) => db_.prepare(`INSERT INTO lane_schedules (lane_id, mode, definition, updated_at, updated_by) VALUES (?, ?, ?, 0, 't')`);

describe('0005_lane_schedules', () => {
  it('keeps windows for known lanes, in a mode a schedule may set, as valid JSON', () => {
    const definition = JSON.stringify({ days: ['sat'], from: '22:00', to: '24:00' });
    expect(() => insert(db()).run('in9', 'closed', definition)).toThrow(/FOREIGN KEY/);
    expect(() => insert(db()).run('in1', 'normal', definition)).toThrow(/CHECK/);
    expect(() => insert(db()).run('in1', 'closed', '{days')).toThrow(/CHECK/);
    expect(() => insert(db()).run('in1', 'free-flow', definition)).not.toThrow();
  });
});
