import type { Database, Statement } from 'better-sqlite3';

export interface SyncStateRow {
  readonly ackedSeq: number;
  readonly configVersion: number;
  readonly lastSuccessAt: number | null;
  readonly lastErrorAt: number | null;
  readonly lastError: string | null;
}

export interface ReconciliationRow {
  readonly id: number;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly daysChecked: number;
  readonly daysMismatched: number;
  readonly changesResent: number;
  readonly outcome: 'running' | 'matched' | 'repaired' | 'failed';
  readonly detail: unknown;
  readonly error: string | null;
}

export interface PullRow {
  readonly version: number;
  readonly appliedAt: number;
  readonly applied: number;
  readonly conflicts: unknown;
}

/** The sync worker's durable state (migration 0004): how far head office has acknowledged, pulls, reconciliations. */
export class SyncRepo {
  private readonly stateStmt: Statement;
  private readonly ackStmt: Statement;

  constructor(private readonly db: Database) {
    this.stateStmt = db.prepare(
      'SELECT acked_seq AS ackedSeq, config_version AS configVersion, last_success_at AS lastSuccessAt, last_error_at AS lastErrorAt, last_error AS lastError FROM sync_state WHERE id = 1',
    );
    this.ackStmt = db.prepare('UPDATE sync_state SET acked_seq = ?, last_success_at = ?, last_error = NULL, last_error_at = NULL WHERE id = 1');
  }

  state(): SyncStateRow {
    return this.stateStmt.get() as SyncStateRow;
  }

  /** Head office acknowledged up to `seq` (committed on its own: it is a fact about head office, not a change of the site). */
  acknowledge(seq: number, at: number): void {
    this.ackStmt.run(seq, at);
  }

  succeeded(at: number): void {
    this.db.prepare('UPDATE sync_state SET last_success_at = ?, last_error = NULL, last_error_at = NULL WHERE id = 1').run(at);
  }

  failed(message: string, at: number): void {
    this.db.prepare('UPDATE sync_state SET last_error = ?, last_error_at = ? WHERE id = 1').run(message.slice(0, 500), at);
  }

  /** Inside the pull's transaction. */
  recordPull(version: number, at: number, applied: number, conflicts: unknown[]): void {
    this.db.prepare('UPDATE sync_state SET config_version = ? WHERE id = 1').run(version);
    this.db.prepare('INSERT OR REPLACE INTO sync_pulls (version, applied_at, applied, conflicts) VALUES (?, ?, ?, ?)').run(version, at, applied, JSON.stringify(conflicts));
  }

  recentPulls(limit: number): PullRow[] {
    const rows = this.db
      .prepare('SELECT version, applied_at AS appliedAt, applied, conflicts FROM sync_pulls ORDER BY version DESC LIMIT ?')
      .all(limit) as (Omit<PullRow, 'conflicts'> & { conflicts: string })[];
    return rows.map((row) => ({ ...row, conflicts: JSON.parse(row.conflicts) as unknown }));
  }

  startReconciliation(at: number, firstDay: string, lastDay: string): number {
    const result = this.db.prepare(`INSERT INTO sync_reconciliations (started_at, first_day, last_day, outcome) VALUES (?, ?, ?, 'running')`).run(at, firstDay, lastDay);
    return Number(result.lastInsertRowid);
  }

  finishReconciliation(
    id: number,
    at: number,
    result: { daysChecked: number; daysMismatched: number; changesResent: number; outcome: 'matched' | 'repaired' | 'failed'; detail: unknown[]; error: string | null },
  ): void {
    this.db
      .prepare(`UPDATE sync_reconciliations SET finished_at = ?, days_checked = ?, days_mismatched = ?, changes_resent = ?, outcome = ?, detail = ?, error = ? WHERE id = ?`)
      .run(at, result.daysChecked, result.daysMismatched, result.changesResent, result.outcome, JSON.stringify(result.detail), result.error, id);
  }

  /** A run the kiosk was stopped in the middle of (crash, shutdown) is recorded as failed, never left running. */
  failInterrupted(at: number): void {
    this.db
      .prepare(`UPDATE sync_reconciliations SET outcome = 'failed', finished_at = ?, error = 'interrupted: the kiosk stopped while it ran' WHERE outcome = 'running'`)
      .run(at);
  }

  reconciliations(limit: number): ReconciliationRow[] {
    const rows = this.db
      .prepare(
        `SELECT id, started_at AS startedAt, finished_at AS finishedAt, first_day AS firstDay, last_day AS lastDay, days_checked AS daysChecked,
          days_mismatched AS daysMismatched, changes_resent AS changesResent, outcome, detail, error
         FROM sync_reconciliations ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as (Omit<ReconciliationRow, 'detail'> & { detail: string })[];
    return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as unknown }));
  }
}
