import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { SessionsRepo } from '../sessions-repo';
import { useMigratedDb } from './migrated-db';

/**
 * Migration 0028 (session reopen): a closed stay reopened takes its close back out of the report rollups (its exit,
 * its stay, and its entry, which 0026 rolled up at the close), so a stay closed, reopened and closed again counts
 * as the one stay it was.
 */
const HOUR = 3_600_000;
const LANES = "INSERT INTO lanes (id, name, direction, zone_id) VALUES ('in1', 'In', 'entry', 'main'), ('out1', 'Out', 'exit', 'main');";
const latest = useMigratedDb(LANES);

function enter(db: Database, plate: string, entryAt: number): number {
  return Number(
    db
      .prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, plate_confidence, vehicle_class, zone_id, space_type, entry_lane, entry_at,
          status, opened_by, entry_code) VALUES (?, ?, ?, 0.9, 'car', 'main', 'regular', 'in1', ?, 'open', 'lane', 'open_transient')`)
      .run(plate, plate, plate, entryAt).lastInsertRowid,
  );
}
const leave = (db: Database, id: number, exitAt: number) =>
  db.prepare("UPDATE sessions SET exit_lane = 'out1', exit_at = ?, exit_code = 'open_free', status = 'closed', closed_by = 'lane' WHERE id = ?").run(exitAt, id);
const reopen = (db: Database, id: number) => expect(new SessionsRepo(db).reopen(id)).toBe(true);

const rollups = (db: Database) => ({
  traffic: db.prepare('SELECT hour, direction, how, vehicles, reads, trusted, round(confidence_sum, 9) AS confidence FROM report_traffic ORDER BY hour, direction').all(),
  stays: db.prepare('SELECT hour, minutes_bin, stays FROM report_stays ORDER BY hour').all(),
  days: db.prepare('SELECT day, minutes_bin, stays FROM report_stays_days ORDER BY day').all(),
  live: db.prepare("SELECT direction, sum(vehicles) AS vehicles FROM report_traffic_live GROUP BY direction ORDER BY direction").all(),
});

describe('0028_session_reopen', () => {
  it('a stay closed, reopened and closed again counts as closed once, at its real exit', () => {
    const db = latest();
    const reopened = enter(db, 'AB12CDE', 5 * HOUR);
    leave(db, reopened, 7 * HOUR);
    reopen(db, reopened);
    expect(rollups(db)).toEqual({ traffic: [], stays: [], days: [], live: [{ direction: 'entry', vehicles: 1 }] });
    leave(db, reopened, 9 * HOUR);

    const control = enter(db, 'KX70PLM', 5 * HOUR);
    leave(db, control, 9 * HOUR);
    const once = rollups(db);
    expect(once.traffic).toEqual([
      { hour: 5, direction: 'entry', how: 'open_transient', vehicles: 2, reads: 2, trusted: 2, confidence: 1.8 },
      { hour: 9, direction: 'exit', how: 'open_free', vehicles: 2, reads: 0, trusted: 0, confidence: 0 },
    ]);
    expect(once.stays).toEqual([{ hour: 9, minutes_bin: 240, stays: 2 }]);
    expect(once.days).toEqual([{ day: 0, minutes_bin: 240, stays: 2 }]);
  });

  it('keeps the other stays of a key it takes one from, and a paid stay comes back paid', () => {
    const db = latest();
    const stays = [enter(db, 'AB12CDE', 5 * HOUR), enter(db, 'KX70PLM', 5 * HOUR)];
    db.prepare("UPDATE sessions SET status = 'paid', paid_minor = 300, paid_at = ? WHERE id = ?").run(6 * HOUR, stays[0]);
    for (const id of stays) leave(db, id, 7 * HOUR);
    reopen(db, stays[0]!);
    expect(db.prepare('SELECT status FROM sessions WHERE id = ?').pluck().get(stays[0])).toBe('paid');
    expect(rollups(db).traffic).toEqual([
      { hour: 5, direction: 'entry', how: 'open_transient', vehicles: 1, reads: 1, trusted: 1, confidence: 0.9 },
      { hour: 7, direction: 'exit', how: 'open_free', vehicles: 1, reads: 0, trusted: 0, confidence: 0 },
    ]);
    expect(rollups(db).live).toEqual([{ direction: 'entry', vehicles: 2 }, { direction: 'exit', vehicles: 1 }]);
  });
});
