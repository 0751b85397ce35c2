import { describe, expect, it } from 'vitest';
import { useMigratedDb } from '../store/migrations/migrated-db';
import { AnomaliesRepo } from './anomalies-repo';

/** The reader facts the detectors judge: every entry's read in its hour, the cars still inside included. */
const HOUR = 3_600_000;
const db = useMigratedDb("INSERT INTO lanes (id, name, direction, zone_id) VALUES ('in1', 'In', 'entry', 'main'), ('out1', 'Out', 'exit', 'main');");

function enter(entryAt: number, confidence: number): number {
  return Number(
    db()
      .prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, plate_confidence, vehicle_class, zone_id, space_type, entry_lane, entry_at,
          status, opened_by, entry_code) VALUES ('AB12', 'AB12', 'AB12', ?, 'car', 'main', 'regular', 'in1', ?, 'open', 'lane', 'open_transient')`)
      .run(confidence, entryAt).lastInsertRowid,
  );
}

describe('AnomaliesRepo reader facts', () => {
  it('counts the reads of cars still inside beside those of cars that left, in the hour they came in', () => {
    const left = enter(10 * HOUR + 5, 0.9);
    db().prepare("UPDATE sessions SET exit_lane = 'out1', exit_at = ?, status = 'closed', closed_by = 'lane' WHERE id = ?").run(11 * HOUR, left);
    enter(10 * HOUR + 50, 0.5);
    enter(12 * HOUR, 0.25);
    const { reads } = new AnomaliesRepo(db()).facts(10 * HOUR, 13 * HOUR, 10 * HOUR);
    expect(reads).toEqual([
      { hour: 10, laneId: 'in1', reads: 2, trusted: 2, confidenceSum: 1.4 },
      { hour: 12, laneId: 'in1', reads: 1, trusted: 1, confidenceSum: 0.25 },
    ]);
  });
});
