import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { databaseBefore } from './migrated-db';

/** Migration 0023: a lane's region of interest (none for the lanes set up before: the whole picture). */
const tempDir = useTempDirs();

describe('0023_lane_roi', () => {
  it('keeps every lane setting, gives the lanes already there the whole picture, and takes a JSON object only', () => {
    const { db, apply } = databaseBefore(tempDir(), 'lane_roi');
    db.exec(`INSERT INTO lanes VALUES ('in1', 'In', 'entry', 'main', NULL, NULL);
      INSERT INTO lane_settings (lane_id, mode, min_confidence, updated_at, updated_by, default_vehicle_class) VALUES ('in1', 'normal', 0.8, 0, 'test', 'car');`);
    apply();
    expect(db.prepare('SELECT lane_id, mode, min_confidence, default_vehicle_class, roi FROM lane_settings').all()).toEqual([{ lane_id: 'in1', mode: 'normal', min_confidence: 0.8, default_vehicle_class: 'car', roi: null }]);
    db.prepare(`UPDATE lane_settings SET roi = '{"x":0.1,"y":0.4,"width":0.6,"height":0.5}'`).run();
    expect(() => db.prepare(`UPDATE lane_settings SET roi = '[0.1, 0.4, 0.6, 0.5]'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE lane_settings SET roi = 'left half'`).run()).toThrow(/CHECK/);
    db.close();
  });
});
