import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { databaseBefore, useMigratedDb } from './migrated-db';

/**
 * Migration 0026 (traffic rollup at leave): an entry reaches report_traffic when its session ends, not at the entry;
 * report_traffic_live adds the cars inside from the sessions table, so what the reports read is what 0016 counted.
 */
const tempDir = useTempDirs();
const HOUR = 3_600_000;
const LANES = "INSERT INTO lanes (id, name, direction, zone_id) VALUES ('in1', 'In', 'entry', 'main'), ('out1', 'Out', 'exit', 'main');";
const latest = useMigratedDb(LANES);

/** A session opened as the lanes open one: by a lane's read (with its confidence) or by hand (a reason, no read). */
function enter(db: Database, entryAt: number, manual: string | null = null): number {
  return Number(
    db
      .prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, plate_confidence, vehicle_class, zone_id, space_type, entry_lane, entry_at,
          entry_manual_reason, status, opened_by, entry_code) VALUES ('AB12', 'AB12', 'AB12', ?, 'car', 'main', 'regular', 'in1', ?, ?, 'open', ?, ?)`)
      .run(manual ? null : 0.7, entryAt, manual, manual ? 'anna' : 'lane', manual ? null : 'open_transient').lastInsertRowid,
  );
}

const leave = (db: Database, id: number, exitAt: number) =>
  db.prepare("UPDATE sessions SET exit_lane = 'out1', exit_at = ?, status = 'closed', closed_by = 'lane' WHERE id = ?").run(exitAt, id);
const pay = (db: Database, id: number) => db.prepare("UPDATE sessions SET status = 'paid', paid_minor = 300 WHERE id = ?").run(id);
const voidSession = (db: Database, id: number) => db.prepare("UPDATE sessions SET status = 'voided', closed_by = 'sam' WHERE id = ?").run(id);

/** What the reports read, summed per key as they sum it. */
const live = (db: Database) =>
  db
    .prepare(`SELECT hour, lane_id, direction, how, reason, actor, sum(vehicles) AS vehicles, sum(reads) AS reads, sum(trusted) AS trusted,
        round(sum(confidence_sum), 9) AS confidence FROM report_traffic_live GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`)
    .all();
const rolledUp = (db: Database) => db.prepare('SELECT hour, direction, how, vehicles, reads, trusted, confidence_sum FROM report_traffic ORDER BY hour, direction, how').all();
const insideNet = (db: Database) => db.prepare("SELECT sum(CASE direction WHEN 'entry' THEN vehicles ELSE -vehicles END) FROM report_traffic_live").pluck().get();

describe('0026_traffic_rollup_at_leave', () => {
  it('takes the cars inside out of the rollup once, so the reports read what they read before', () => {
    const write = (db: Database) => {
      leave(db, enter(db, 5 * HOUR + 10), 7 * HOUR);
      enter(db, 5 * HOUR + 20);
      pay(db, enter(db, 5 * HOUR + 30));
      voidSession(db, enter(db, 5 * HOUR + 40));
      enter(db, 6 * HOUR, 'barrier fault');
    };
    const { db: before, apply } = databaseBefore(tempDir(), 'traffic_rollup_at_leave');
    before.exec(LANES);
    write(before);
    const readBefore = before.prepare(`SELECT hour, lane_id, direction, how, reason, actor, sum(vehicles) AS vehicles, sum(reads) AS reads, sum(trusted) AS trusted,
        round(sum(confidence_sum), 9) AS confidence FROM report_traffic GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`).all();
    apply();
    const after = latest();
    write(after);

    expect(live(before)).toEqual(readBefore);
    expect(live(after)).toEqual(readBefore);
    expect(rolledUp(before)).toEqual(rolledUp(after));
    // The manual entry of hour 6 was all its key had: the key went, a confidence remainder did not stay behind.
    expect(rolledUp(after)).toEqual([
      { hour: 5, direction: 'entry', how: 'open_transient', vehicles: 2, reads: 2, trusted: 2, confidence_sum: 1.4 },
      { hour: 5, direction: 'entry', how: 'voided', vehicles: -1, reads: 0, trusted: 0, confidence_sum: 0 },
      { hour: 7, direction: 'exit', how: 'lane', vehicles: 1, reads: 0, trusted: 0, confidence_sum: 0 },
    ]);
    expect(insideNet(after)).toBe(3);
    before.close();
  });

  it('writes no rollup at the entry, and counts the car inside exactly once at every step until it leaves', () => {
    const db = latest();
    const id = enter(db, 2 * HOUR);
    expect(db.prepare('SELECT count(*) FROM report_traffic').pluck().get()).toBe(0);
    expect(live(db)).toEqual([{ hour: 2, lane_id: 'in1', direction: 'entry', how: 'open_transient', reason: '', actor: 'lane', vehicles: 1, reads: 1, trusted: 1, confidence: 0.7 }]);
    pay(db, id);
    expect(insideNet(db)).toBe(1);
    expect(db.prepare('SELECT count(*) FROM report_traffic').pluck().get()).toBe(0);
    leave(db, id, 3 * HOUR);
    expect(db.prepare('SELECT count(*) FROM report_traffic_inside').pluck().get()).toBe(0);
    expect(live(db)).toEqual([
      { hour: 2, lane_id: 'in1', direction: 'entry', how: 'open_transient', reason: '', actor: 'lane', vehicles: 1, reads: 1, trusted: 1, confidence: 0.7 },
      { hour: 3, lane_id: 'out1', direction: 'exit', how: 'lane', reason: '', actor: 'lane', vehicles: 1, reads: 0, trusted: 0, confidence: 0 },
    ]);
    expect(insideNet(db)).toBe(0);

    const manual = enter(db, 4 * HOUR, 'no read');
    voidSession(db, manual);
    expect(insideNet(db)).toBe(0);
    expect(db.prepare("SELECT how, reason, actor, vehicles, reads FROM report_traffic WHERE hour = 4 ORDER BY how").all()).toEqual([
      { how: 'manual', reason: 'no read', actor: 'anna', vehicles: 1, reads: 0 },
      { how: 'voided', reason: '', actor: 'sam', vehicles: -1, reads: 0 },
    ]);
  });

  it('reads the cars inside through the partial index, never by scanning the sessions', () => {
    const plan = latest().prepare("EXPLAIN QUERY PLAN SELECT sum(vehicles) FROM report_traffic_live WHERE hour >= 10 AND hour < 20").all() as Array<{ detail: string }>;
    const details = plan.map((step) => step.detail);
    expect(details).toContain('SEARCH report_traffic USING PRIMARY KEY (hour>? AND hour<?)');
    // One of the partial indexes on the cars inside (sessions_inside or sessions_inside_zone), never the table.
    expect(details.filter((step) => step.startsWith('SCAN sessions'))).toEqual([expect.stringMatching(/^SCAN sessions USING INDEX sessions_inside(_zone)?$/)]);
  });
});
