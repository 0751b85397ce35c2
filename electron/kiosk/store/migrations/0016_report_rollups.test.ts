import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { appPath } from '../../app-paths';
import { applyMigrations, loadMigrations } from '../migrate';

/** Migration 0016 (report rollups): what a site recorded before it is rolled up once, and the triggers go on from there. */
const tempDir = useTempDirs();
const HOUR = 3_600_000;

const SITE = `INSERT INTO site VALUES (1, 'Test', 'Europe/London', 'GBP', 2000, 'en-GB', 0);
  INSERT INTO vehicle_classes VALUES ('car', 'Car');
  INSERT INTO zones VALUES ('main', 'Main', NULL);
  INSERT INTO lanes VALUES ('in1', 'In', 'entry', 'main', NULL, NULL), ('out1', 'Out', 'exit', 'main', NULL, NULL);`;

/** A session written as the lanes write one: opened, then closed by an UPDATE when `exitAt` is given. */
function session(db: Database.Database, entryAt: number, exitAt: number | null, paid = 0): number {
  const id = Number(
    db
      .prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, plate_confidence, vehicle_class, zone_id, space_type, entry_lane, entry_at,
          status, opened_by, entry_code) VALUES ('AB12', 'AB12', 'AB12', 0.9, 'car', 'main', 'regular', 'in1', ?, 'open', 'lane', 'open_transient')`)
      .run(entryAt).lastInsertRowid,
  );
  if (exitAt !== null) db.prepare("UPDATE sessions SET exit_lane = 'out1', exit_at = ?, status = 'closed', paid_minor = ?, closed_by = 'lane' WHERE id = ?").run(exitAt, paid, id);
  return id;
}

function pay(db: Database.Database, sessionId: number, amount: number, at: number, receipt: number): void {
  db.prepare(`INSERT INTO payments (idempotency_key, session_id, method, amount_minor, currency, tax_minor, quote, receipt_no, taken_by, taken_at)
      VALUES (?, ?, 'card', ?, 'GBP', 0, '{"tableId":"std"}', ?, 'lane', ?)`).run(`key-${sessionId}`, sessionId, amount, receipt, at);
}

const rollups = (db: Database.Database) => ({
  traffic: db.prepare('SELECT hour, lane_id, direction, how, vehicles, reads, trusted FROM report_traffic ORDER BY hour, direction').all(),
  stays: db.prepare('SELECT * FROM report_stays ORDER BY hour').all(),
  staysByDay: db.prepare('SELECT * FROM report_stays_days ORDER BY day').all(),
  money: db.prepare('SELECT hour, method, vehicle_class, tariff, payments, amount_minor FROM report_money ORDER BY hour').all(),
});

describe('0016_report_rollups', () => {
  it('rolls up the history already there exactly as the triggers roll up the same rows written after it', () => {
    const write = (db: Database.Database) => {
      const a = session(db, 5 * HOUR + 10, 7 * HOUR, 300);
      pay(db, a, 300, 7 * HOUR - 60_000, 1);
      session(db, 5 * HOUR + 20, null);
    };
    const before = new Database(join(tempDir(), 'before.db'));
    applyMigrations(before, loadMigrations(appPath('migrations')).slice(0, 15), 0);
    before.exec(SITE);
    write(before);
    applyMigrations(before, loadMigrations(appPath('migrations')).slice(15, 16), 0);

    const after = new Database(join(tempDir(), 'after.db'));
    applyMigrations(after, loadMigrations(appPath('migrations')).slice(0, 16), 0);
    after.exec(SITE);
    write(after);

    expect(rollups(before)).toEqual(rollups(after));
    expect(rollups(after)).toEqual({
      traffic: [
        { hour: 5, lane_id: 'in1', direction: 'entry', how: 'open_transient', vehicles: 2, reads: 2, trusted: 2 },
        { hour: 7, lane_id: 'out1', direction: 'exit', how: 'lane', vehicles: 1, reads: 0, trusted: 0 },
      ],
      stays: [{ hour: 7, zone_id: 'main', minutes_bin: 60, stays: 1 }],
      staysByDay: [{ day: 0, zone_id: 'main', minutes_bin: 60, stays: 1 }],
      money: [{ hour: 6, method: 'card', vehicle_class: 'car', tariff: 'std', payments: 1, amount_minor: 300 }],
    });
    before.close();
    after.close();
  });

  it('counts an exit, a void and a refund when they happen', () => {
    const db = new Database(join(tempDir(), 'site.db'));
    applyMigrations(db, loadMigrations(appPath('migrations')).slice(0, 16), 0);
    db.exec(SITE);
    const inside = session(db, 2 * HOUR, null);
    const voided = session(db, 2 * HOUR + 5, null);
    db.prepare("UPDATE sessions SET exit_at = ?, exit_lane = 'out1', status = 'closed', closed_by = 'anna', exit_manual_reason = 'barrier up' WHERE id = ?").run(3 * HOUR, inside);
    db.prepare("UPDATE sessions SET status = 'voided', closed_by = 'sam' WHERE id = ?").run(voided);
    pay(db, inside, 500, 3 * HOUR, 1);
    db.prepare("INSERT INTO refunds (idempotency_key, payment_id, kind, amount_minor, currency, state, reason, by, at, updated_at) VALUES ('refund-1', 1, 'refund', 200, 'GBP', 'created', 'overcharged', 'sam', ?, ?)").run(4 * HOUR, 4 * HOUR);
    expect(db.prepare('SELECT refunded_minor FROM report_money WHERE hour = 4').all()).toEqual([]);
    db.prepare("UPDATE refunds SET state = 'succeeded', updated_at = ? WHERE id = 1").run(4 * HOUR);
    expect(db.prepare("SELECT sum(CASE direction WHEN 'entry' THEN vehicles ELSE -vehicles END) FROM report_traffic").pluck().get()).toBe(0);
    expect(db.prepare("SELECT how, reason, actor FROM report_traffic WHERE direction = 'exit'").get()).toEqual({ how: 'manual', reason: 'barrier up', actor: 'anna' });
    expect(db.prepare('SELECT hour, refunds, refunded_minor FROM report_money WHERE hour = 4').get()).toEqual({ hour: 4, refunds: 1, refunded_minor: 200 });
    db.close();
  });
});
