import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0002 (lanes): devices, lane settings, access records, anti-passback, evidence, corrections. */
const db = useMigratedDb(`
  INSERT INTO lanes VALUES ('in1', 'In', 'entry', 'main', NULL, 1);`);

const addRecord = (kind: string, id: string, definition = '{}') =>
  db().prepare(`INSERT INTO access_records (kind, id, definition, origin, version, updated_at, updated_by) VALUES (?, ?, ?, 'site', 1, 0, 't')`).run(kind, id, definition);

describe('0002_lanes', () => {
  it('keeps device config as valid JSON of a known kind', () => {
    expect(() => db().exec(`INSERT INTO devices VALUES ('board', 'relay', '{"protocol":', 0, 't')`)).toThrow(/CHECK/);
    expect(() => db().exec(`INSERT INTO devices VALUES ('board', 'printer', '{}', 0, 't')`)).toThrow(/CHECK/);
    expect(() => db().exec(`INSERT INTO devices VALUES ('board', 'relay', '{}', 0, 't')`)).not.toThrow();
  });

  it('ties lane settings to a known lane and device, with a sane mode and threshold', () => {
    const settings = db().prepare(`INSERT INTO lane_settings (lane_id, mode, min_confidence, relay_board, updated_at, updated_by) VALUES (?, ?, ?, ?, 0, 't')`);
    expect(() => settings.run('in9', 'normal', 0.8, null)).toThrow(/FOREIGN KEY/);
    expect(() => settings.run('in1', 'normal', 0.8, 'nope')).toThrow(/FOREIGN KEY/);
    expect(() => settings.run('in1', 'sideways', 0.8, null)).toThrow(/CHECK/);
    expect(() => settings.run('in1', 'normal', 1.5, null)).toThrow(/CHECK/);
    expect(() => settings.run('in1', 'free-flow', 0.5, null)).not.toThrow();
  });

  it('indexes access records by folded plate and drops the keys with the record', () => {
    addRecord('permit', 'p-1');
    db().exec(`INSERT INTO access_plates VALUES ('A8I2CDE', 'permit', 'p-1')`);
    expect(() => db().exec(`INSERT INTO access_plates VALUES ('A8I2CDE', 'permit', 'p-2')`)).toThrow(/FOREIGN KEY/);
    expect(() => addRecord('visa', 'v-1')).toThrow(/CHECK/);
    db().exec(`DELETE FROM access_records WHERE id = 'p-1'`);
    expect(db().prepare('SELECT count(*) AS n FROM access_plates').get()).toEqual({ n: 0 });
  });

  it('gives sessions their decision columns, empty for sessions from version 1', () => {
    db().exec(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, entry_at, status, opened_by)
      VALUES ('AB12', 'AB12', 'A8I2', 'car', 'main', 'regular', 0, 'open', 't')`);
    expect(db().prepare('SELECT entry_code, entry_ref, exit_code FROM sessions').get()).toEqual({ entry_code: null, entry_ref: null, exit_code: null });
  });

  it('refuses an unknown anti-passback state and a correction to an impossible plate', () => {
    expect(() => db().exec(`INSERT INTO anti_passback VALUES ('A8I2', 'hovering', NULL, 0)`)).toThrow(/CHECK/);
    expect(() => db().exec(`INSERT INTO plate_corrections (at, lane_id, read_key, corrected_key, by, reason) VALUES (0, 'in1', 'AB12', 'X', 'anna', 'typo')`)).toThrow(/CHECK/);
  });
});
