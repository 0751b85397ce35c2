import type { Database, Statement } from 'better-sqlite3';
import type { AuditAnchor } from '../domain/audit-chain';

/** An outbox row as the sync worker reads it; `payload` is the stored JSON text, sent on as is. */
export interface OutboxRow {
  readonly seq: number;
  readonly key: string;
  readonly kind: string;
  readonly payload: string;
  readonly created_at: number;
}

/** Head office hears of every committed change through this queue (drained by the sync worker). */
export class OutboxRepo {
  private readonly insertStmt: Statement;
  private readonly afterStmt: Statement;
  private readonly lastSeqStmt: Statement;
  private readonly betweenStmt: Statement;
  private readonly keysBetweenStmt: Statement;
  private readonly lastAuditStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare('INSERT INTO outbox (key, kind, payload, created_at) VALUES (?, ?, ?, ?)');
    this.afterStmt = db.prepare('SELECT seq, key, kind, payload, created_at FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?');
    this.lastSeqStmt = db.prepare('SELECT coalesce(max(seq), 0) FROM outbox').pluck();
    this.betweenStmt = db.prepare('SELECT seq, key, kind, payload, created_at FROM outbox WHERE created_at >= ? AND created_at < ? AND seq <= ? ORDER BY seq');
    this.lastAuditStmt = db.prepare("SELECT payload FROM outbox WHERE kind = 'audit' ORDER BY seq DESC LIMIT 1").pluck();
    this.keysBetweenStmt = db.prepare('SELECT seq, key FROM outbox WHERE created_at >= ? AND created_at < ? AND seq <= ? ORDER BY seq');
  }

  /** Must run inside the change's transaction; `key` makes the message idempotent at head office. */
  append(kind: string, key: string, payload: unknown, at: number): void {
    this.insertStmt.run(key, kind, JSON.stringify(payload), at);
  }

  /** The next rows to push, in seq order. */
  after(seq: number, limit: number): OutboxRow[] {
    return this.afterStmt.all(seq, limit) as OutboxRow[];
  }

  /** The newest audit row the outbox carries (core.audit appends each one here in its transaction): the audit log's anchor. */
  auditAnchor(): AuditAnchor | null {
    const payload = this.lastAuditStmt.get() as string | undefined;
    if (payload === undefined) return null;
    const { seq, hash } = JSON.parse(payload) as AuditAnchor;
    return { seq, hash };
  }

  /** The newest seq (0 when empty). Rows are never deleted, and a rolled-back insert gives its seq back. */
  lastSeq(): number {
    return this.lastSeqStmt.get() as number;
  }

  /** Rows created in [from, to) up to `maxSeq`: one site-local day, for reconciliation. */
  createdBetween(from: number, to: number, maxSeq: number): OutboxRow[] {
    return this.betweenStmt.all(from, to, maxSeq) as OutboxRow[];
  }

  keysCreatedBetween(from: number, to: number, maxSeq: number): { seq: number; key: string }[] {
    return this.keysBetweenStmt.all(from, to, maxSeq) as { seq: number; key: string }[];
  }
}
