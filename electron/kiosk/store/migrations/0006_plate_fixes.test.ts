import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0006 (plate fixes): corrections say where they were made, and a session fix names its session. */
const db = useMigratedDb(`
  INSERT INTO lanes VALUES ('in1', 'In', 'entry', 'main', NULL, 1);
  INSERT INTO sessions (plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, entry_lane, entry_at, status, opened_by)
    VALUES ('AB12CDE', 'AB12CDE', 'AB12CDE', 'car', 'main', 'regular', 'in1', 0, 'open', 'lane');`);

const correct = (stage: string, sessionId: number | null) =>
  db()
    .prepare(`INSERT INTO plate_corrections (at, lane_id, read_key, corrected_key, by, reason, stage, session_id) VALUES (1, 'in1', 'A812CDE', 'AB12CDE', 'anna', 'misread', ?, ?)`)
    .run(stage, sessionId);

describe('0006_plate_fixes', () => {
  it('keeps a correction made at the lane or on a session, of a session that exists', () => {
    expect(() => correct('session', 1)).not.toThrow();
    expect(() => correct('lane', null)).not.toThrow();
    expect(() => correct('later', 1)).toThrow(/CHECK/);
    expect(() => correct('session', 99)).toThrow(/FOREIGN KEY/);
  });

  it('counts the corrections made before it as made at the lane', () => {
    db().exec(`INSERT INTO plate_corrections (at, lane_id, read_key, corrected_key, by, reason) VALUES (1, 'in1', 'X1', 'XI', 'anna', 'typo')`);
    expect(db().prepare('SELECT stage, session_id FROM plate_corrections').get()).toEqual({ stage: 'lane', session_id: null });
  });
});
