import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { databaseBefore } from './migrated-db';

/**
 * Migration 0027: the anti-passback rows the code before it left behind go (a plate held 'inside' by a stay that ended
 * by hand or was voided, and the rows of erased plates); every other row stays as it was.
 */
const tempDir = useTempDirs();

function stay(db: Database, plateFold: string, status: 'open' | 'paid' | 'closed' | 'voided'): void {
  const exitAt = status === 'closed' ? 60_000 : null;
  db.prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, entry_at, exit_at, status, opened_by)
      VALUES (?, ?, ?, 'car', 'main', 'regular', 0, ?, ?, 'lane')`).run(plateFold, plateFold, plateFold, exitAt, status);
}

describe('0027_anti_passback_cleanup', () => {
  it('releases plates whose stay ended by hand or was voided, forgets erased plates, and keeps the rest', () => {
    const { db, apply } = databaseBefore(tempDir(), 'anti_passback_cleanup');
    stay(db, 'IN51DE', 'open'); // inside: stays inside
    stay(db, 'PA1DIN', 'paid'); // paid, not yet out: stays inside
    stay(db, 'HAND0UT', 'closed'); // let out by hand: was left inside
    stay(db, 'V0IDED', 'voided'); // voided: was left inside
    stay(db, 'LANE0UT', 'closed'); // out by the exit lane: 'outside' stays
    stay(db, 'ERASED', 'closed'); // an erased driver's stay: its plate is gone from the sessions
    const passback = db.prepare("INSERT INTO anti_passback (plate_fold, state, lane_id, at) VALUES (?, ?, 'in1', 0)");
    for (const [fold, state] of [['IN51DE', 'inside'], ['PA1DIN', 'inside'], ['HAND0UT', 'inside'], ['V0IDED', 'inside'], ['LANE0UT', 'outside'], ['ER45A5E', 'outside'], ['G0NE1N', 'inside']]) passback.run(fold, state);
    apply();
    expect(db.prepare('SELECT plate_fold, state FROM anti_passback ORDER BY plate_fold').all()).toEqual([
      { plate_fold: 'IN51DE', state: 'inside' },
      { plate_fold: 'LANE0UT', state: 'outside' },
      { plate_fold: 'PA1DIN', state: 'inside' },
    ]);
    db.close();
  });
});
