import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0008 (printers): receipt printers beside the devices, the booth's or an exit lane's, ids shared with devices. */
const db = useMigratedDb(`
  INSERT INTO lanes VALUES ('out1', 'Out', 'exit', 'main', NULL, 1);
  INSERT INTO devices VALUES ('reader', 'terminal', '{}', 0, 't');`);

const printer = (id: string, laneId: string | null, config = '{"transport":"tcp","host":"10.0.0.9","port":9100}') =>
  db().prepare('INSERT INTO printers (id, lane_id, config, updated_at, updated_by) VALUES (?, ?, ?, 0, ?)').run(id, laneId, config, 'site set-up');

describe('0008_printers', () => {
  it("keeps the booth's printer and a lane's, each with a JSON config and a device-style id", () => {
    printer('booth-printer', null);
    printer('out1-printer', 'out1');
    expect(db().prepare('SELECT id, lane_id FROM printers ORDER BY id').all()).toEqual([{ id: 'booth-printer', lane_id: null }, { id: 'out1-printer', lane_id: 'out1' }]);
    expect(() => printer('bad-json', null, '{"transport":')).toThrow(/CHECK/);
    expect(() => printer('Booth', null)).toThrow(/CHECK/);
    expect(() => printer('x'.repeat(41), null)).toThrow(/CHECK/);
    expect(() => printer('nowhere', 'no-such-lane')).toThrow(/FOREIGN KEY/);
  });

  it('refuses an id a device already has, and the other way round: both show on one devices panel', () => {
    expect(() => printer('reader', null)).toThrow(/cannot take the id of a device/);
    printer('booth-printer', null);
    expect(() => db().exec(`INSERT INTO devices VALUES ('booth-printer', 'relay', '{}', 0, 't')`)).toThrow(/cannot take the id of a printer/);
  });

  it("finds a subject's audit rows through an index (a receipt's prints are counted on every print)", () => {
    const plan = db().prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM audit_log WHERE subject = 'receipt:1'`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/USING (COVERING )?INDEX audit_log_subject/);
  });
});
