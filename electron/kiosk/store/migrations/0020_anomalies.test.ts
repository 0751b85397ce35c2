import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0020 (anomalies): one row per thing found, acknowledged once, with who and a note together. */
const db = useMigratedDb();
const insert = "INSERT INTO anomalies (key, kind, at, subject, text, detail, raised_at) VALUES (?, 'long_stay', 10, 'session:1', 'stayed long', '{}', 11)";

describe('0020_anomalies', () => {
  it('keeps a key once', () => {
    db().prepare(insert).run('long_stay:1');
    expect(() => db().prepare(insert).run('long_stay:1')).toThrow(/UNIQUE/);
  });

  it('takes an acknowledgement only whole: when, by whom and the note', () => {
    const id = Number(db().prepare(insert).run('long_stay:2').lastInsertRowid);
    expect(() => db().prepare('UPDATE anomalies SET acknowledged_at = 20 WHERE id = ?').run(id)).toThrow(/CHECK/);
    db().prepare("UPDATE anomalies SET acknowledged_at = 20, acknowledged_by = 'sam', note = 'car collected' WHERE id = ?").run(id);
    expect(db().prepare('SELECT count(*) AS n FROM anomalies WHERE acknowledged_at IS NULL').get()).toEqual({ n: 0 });
  });

  it('indexes what the detectors read: manual barrier opens and cash-ups by close', () => {
    const plan = (sql: string) => (db().prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    // 0018's audit filter indexes (by action, by time) serve this read as well as this migration's partial one does.
    expect(plan("SELECT at FROM audit_log WHERE action IN ('lane.manual_open','lane.manual_hold_open') AND at >= 1 AND at < 2")).toMatch(/SEARCH audit_log USING (COVERING )?INDEX audit_log_(manual_opens|action|at)\b/);
    expect(plan('SELECT id FROM shifts WHERE closed_at >= 1 AND closed_at < 2')).toContain('shifts_closed_at');
  });
});
