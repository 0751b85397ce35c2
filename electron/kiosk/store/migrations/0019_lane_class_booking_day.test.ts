import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { appPath } from '../../app-paths';
import { applyMigrations, loadMigrations } from '../migrate';

/** Migration 0019: a lane's default class (none for the lanes set up before); the bookings of a day found by their start. */
const tempDir = useTempDirs();

describe('0019_lane_class_booking_day', () => {
  it('keeps every lane setting, gives the lanes already there no default class, and takes a class id only', () => {
    const db = new Database(join(tempDir(), 'site.db'));
    const all = loadMigrations(appPath('migrations'));
    const at = all.findIndex((m) => m.name === 'lane_class_booking_day');
    applyMigrations(db, all.slice(0, at), 0);
    db.exec(`INSERT INTO site VALUES (1, 'Test', 'Europe/London', 'GBP', 2000, 'en-GB', 0);
      INSERT INTO zones VALUES ('main', 'Main', NULL);
      INSERT INTO lanes VALUES ('in1', 'In', 'entry', 'main', NULL, NULL);
      INSERT INTO lane_settings (lane_id, mode, min_confidence, updated_at, updated_by) VALUES ('in1', 'normal', 0.8, 0, 'test');`);
    applyMigrations(db, all.slice(at, at + 1), 0);
    expect(db.prepare('SELECT lane_id, mode, min_confidence, default_vehicle_class FROM lane_settings').all()).toEqual([{ lane_id: 'in1', mode: 'normal', min_confidence: 0.8, default_vehicle_class: null }]);
    db.prepare("UPDATE lane_settings SET default_vehicle_class = 'motorcycle'").run();
    expect(() => db.prepare("UPDATE lane_settings SET default_vehicle_class = 'Motor Cycle'").run()).toThrow(/CHECK/);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT ref, status FROM bookings WHERE starts_at >= ? AND starts_at < ? ORDER BY starts_at').all(0, 1) as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/SEARCH bookings USING INDEX bookings_starts/);
    db.close();
  });
});
