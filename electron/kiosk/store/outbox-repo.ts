import type { Database, Statement } from 'better-sqlite3';

/** Head office hears of every committed change through this queue (drained by the sync worker). */
export class OutboxRepo {
  private readonly insertStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare('INSERT INTO outbox (key, kind, payload, created_at) VALUES (?, ?, ?, ?)');
  }

  /** Must run inside the change's transaction; `key` makes the message idempotent at head office. */
  append(kind: string, key: string, payload: unknown, at: number): void {
    this.insertStmt.run(key, kind, JSON.stringify(payload), at);
  }
}
