/**
 * The anomalies table (migration 0017) and the facts the detectors read: stays, manual opens, the hourly reader and
 * card rollups (migration 0016; the reads of cars still inside through report_traffic_live, 0026) and cash-ups, each
 * a range scan on an index.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Anomaly } from '../contract/anomalies';
import { HOUR_MS } from '../domain/zoned-time';
import { COOLDOWN_MS, type AnomalyKind, type CardHour, type CashUpFact, type Facts, type Finding, type ManualOpenFact, type ReadHour, type StayFact } from '../domain/anomalies';

/** The prefix the payments capability gives a stay it opened at the exit because no entry was on record. */
const NO_ENTRY_RECORD = 'no entry record:';
const MANUAL_OPEN_ACTIONS = "('lane.manual_open','lane.manual_hold_open')";

interface AnomalyRow {
  id: number;
  kind: AnomalyKind;
  at: number;
  subject: string;
  lane_id: string | null;
  actor: string | null;
  text: string;
  detail: string;
  raised_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  note: string | null;
}

const toAnomaly = (row: AnomalyRow): Anomaly => ({
  id: row.id,
  kind: row.kind,
  at: row.at,
  subject: row.subject,
  laneId: row.lane_id,
  actor: row.actor,
  text: row.text,
  detail: JSON.parse(row.detail) as Anomaly['detail'],
  raisedAt: row.raised_at,
  acknowledgedAt: row.acknowledged_at,
  acknowledgedBy: row.acknowledged_by,
  note: row.note,
});

export class AnomaliesRepo {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<[number], AnomalyRow>;

  constructor(private readonly db: Database) {
    // A finding already kept, or one inside its kind's cooldown on the same subject, adds no row.
    this.insertStmt = db.prepare(`INSERT INTO anomalies (key, kind, at, subject, lane_id, actor, text, detail, raised_at)
      SELECT @key, @kind, @at, @subject, @laneId, @actor, @text, @detail, @raisedAt
      WHERE NOT EXISTS (SELECT 1 FROM anomalies WHERE kind = @kind AND subject = @subject AND at > @at - @cooldown AND at < @at + @cooldown)
      ON CONFLICT (key) DO NOTHING`);
    this.getStmt = db.prepare('SELECT * FROM anomalies WHERE id = ?');
  }

  /** Keeps a finding; null when it was already known. Inside the caller's transaction. */
  add(finding: Finding, raisedAt: number): Anomaly | null {
    const { changes, lastInsertRowid } = this.insertStmt.run({ ...finding, detail: JSON.stringify(finding.detail), raisedAt, cooldown: Math.max(COOLDOWN_MS[finding.kind], 1) });
    return changes === 0 ? null : this.get(Number(lastInsertRowid));
  }

  get(id: number): Anomaly | null {
    const row = this.getStmt.get(id);
    return row ? toAnomaly(row) : null;
  }

  /** Sets the acknowledgement once; false when it was already acknowledged. */
  acknowledge(id: number, by: string, note: string, at: number): boolean {
    return this.db.prepare('UPDATE anomalies SET acknowledged_at = ?, acknowledged_by = ?, note = ? WHERE id = ? AND acknowledged_at IS NULL').run(at, by, note, id).changes === 1;
  }

  list(status: 'open' | 'all', limit: number): Anomaly[] {
    const where = status === 'open' ? 'WHERE acknowledged_at IS NULL' : '';
    return this.db.prepare<[number], AnomalyRow>(`SELECT * FROM anomalies ${where} ORDER BY at DESC, id DESC LIMIT ?`).all(limit).map(toAnomaly);
  }

  openCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM anomalies WHERE acknowledged_at IS NULL').get() as { n: number }).n;
  }

  /** What the detectors need to judge [since + baseline, until): everything from `since` on, and stays still inside. */
  facts(since: number, until: number, cashSince: number): Facts {
    return { stays: this.stays(since, until), manualOpens: this.manualOpens(since, until), reads: this.reads(since, until), cards: this.cards(since, until), cashUps: this.cashUps(cashSince, until) };
  }

  private stays(since: number, until: number): StayFact[] {
    const rows = this.db
      .prepare<[number, number, number], { id: number; plate_key: string; entry_at: number; exit_at: number | null; entry_manual_reason: string | null; entry_lane: string | null; exit_lane: string | null }>(
        `SELECT id, plate_key, entry_at, exit_at, entry_manual_reason, entry_lane, exit_lane FROM sessions WHERE exit_at >= ? AND entry_at < ? AND status <> 'voided'
         UNION SELECT id, plate_key, entry_at, exit_at, entry_manual_reason, entry_lane, exit_lane FROM sessions WHERE status IN ('open','paid') AND entry_at < ?`,
      )
      .all(since, until, until);
    return rows.map((r) => {
      const entryRecorded = !(r.entry_manual_reason ?? '').startsWith(NO_ENTRY_RECORD);
      return { id: r.id, plateKey: r.plate_key, entryAt: r.entry_at, exitAt: r.exit_at !== null && r.exit_at < until ? r.exit_at : null, entryRecorded, laneId: entryRecorded ? r.entry_lane : r.exit_lane };
    });
  }

  private manualOpens(since: number, until: number): ManualOpenFact[] {
    const sessions = this.db
      .prepare<[number, number, string, number, number], ManualOpenFact>(
        `SELECT entry_at AS at, entry_lane AS laneId, opened_by AS actor FROM sessions WHERE entry_at >= ? AND entry_at < ? AND entry_manual_reason IS NOT NULL AND entry_manual_reason NOT LIKE ? || '%'
         UNION ALL SELECT exit_at, exit_lane, closed_by FROM sessions WHERE exit_at >= ? AND exit_at < ? AND exit_manual_reason IS NOT NULL AND closed_by IS NOT NULL`,
      )
      .all(since, until, NO_ENTRY_RECORD, since, until);
    const barriers = this.db
      .prepare<[number, number], ManualOpenFact>(`SELECT at, substr(subject, 6) AS laneId, actor FROM audit_log WHERE action IN ${MANUAL_OPEN_ACTIONS} AND at >= ? AND at < ?`)
      .all(since, until);
    return [...sessions, ...barriers];
  }

  private reads(since: number, until: number): ReadHour[] {
    return this.db
      .prepare<[number, number], ReadHour>(
        `SELECT hour, lane_id AS laneId, sum(reads) AS reads, sum(trusted) AS trusted, sum(confidence_sum) AS confidenceSum FROM report_traffic_live
         WHERE hour >= ? AND hour < ? AND direction = 'entry' AND lane_id <> '' GROUP BY hour, lane_id HAVING sum(reads) > 0`,
      )
      .all(Math.floor(since / HOUR_MS), Math.ceil(until / HOUR_MS));
  }

  private cards(since: number, until: number): CardHour[] {
    return this.db
      .prepare<[number, number], CardHour>(
        `SELECT hour, terminal_id AS terminalId, sum(attempts) AS attempts, sum(CASE WHEN state IN ('declined','failed') THEN attempts ELSE 0 END) AS failed FROM report_card
         WHERE hour >= ? AND hour < ? AND state <> 'cancelled' GROUP BY hour, terminal_id`,
      )
      .all(Math.floor(since / HOUR_MS), Math.ceil(until / HOUR_MS));
  }

  private cashUps(since: number, until: number): CashUpFact[] {
    return this.db
      .prepare<[number, number], CashUpFact>(
        `SELECT s.id AS shiftId, u.username AS attendant, s.closed_at AS closedAt, s.counted_minor - s.expected_minor AS varianceMinor
         FROM shifts s JOIN users u ON u.id = s.user_id WHERE s.closed_at >= ? AND s.closed_at < ? AND s.counted_minor IS NOT NULL AND s.expected_minor IS NOT NULL`,
      )
      .all(since, until);
  }
}
