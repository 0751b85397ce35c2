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

const HOUR_MS = 3_600_000;

/** Outbox keys held more than once (a bug in whoever named them: head office would keep only the first). A full scan: for `db check`. */
export function countDuplicateOutboxKeys(db: Database): number {
  return db.prepare('SELECT count(*) FROM (SELECT key FROM outbox GROUP BY key HAVING count(*) > 1)').pluck().get() as number;
}

/**
 * Head office hears of every committed change through this queue (drained by the sync worker). An append writes the
 * outbox table only (migration 0010): the key is unique by construction, and a day's rows are found through
 * outbox_hours, which `indexThrough` fills in outside the changes' transactions.
 */
export class OutboxRepo {
  private readonly insertStmt: Statement;
  private readonly insertAtStmt: Statement;
  private readonly afterStmt: Statement;
  private readonly lastSeqStmt: Statement;
  private readonly rowsInRangeStmt: Statement;
  private readonly keysInRangeStmt: Statement;
  private readonly hoursSpanStmt: Statement;
  private readonly indexedThroughStmt: Statement;
  private readonly indexStmt: Statement;
  private readonly lastAuditStmt: Statement;
  private readonly newestAtStmt: Statement;
  private grew = false;
  private readonly committedListeners = new Set<() => void>();

  constructor(db: Database) {
    this.insertStmt = db.prepare('INSERT INTO outbox (key, kind, payload, created_at) VALUES (?, ?, ?, ?)');
    this.insertAtStmt = db.prepare('INSERT INTO outbox (seq, key, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)');
    this.afterStmt = db.prepare('SELECT seq, key, kind, payload, created_at FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?');
    this.lastSeqStmt = db.prepare('SELECT coalesce(max(seq), 0) FROM outbox').pluck();
    const inRange = 'FROM outbox WHERE seq BETWEEN ? AND ? AND created_at >= ? AND created_at < ? ORDER BY seq';
    this.rowsInRangeStmt = db.prepare(`SELECT seq, key, kind, payload, created_at ${inRange}`);
    this.keysInRangeStmt = db.prepare(`SELECT seq, key ${inRange}`);
    this.hoursSpanStmt = db.prepare('SELECT min(first_seq) AS first, max(last_seq) AS last FROM outbox_hours WHERE hour BETWEEN ? AND ?');
    this.indexedThroughStmt = db.prepare('SELECT coalesce(max(last_seq), 0) FROM outbox_hours').pluck();
    this.indexStmt = db.prepare(
      `INSERT INTO outbox_hours (hour, first_seq, last_seq)
       SELECT created_at / ${HOUR_MS}, min(seq), max(seq) FROM outbox WHERE seq > ? AND seq <= ? GROUP BY created_at / ${HOUR_MS}
       ON CONFLICT (hour) DO UPDATE SET first_seq = min(first_seq, excluded.first_seq), last_seq = max(last_seq, excluded.last_seq)`,
    );
    this.lastAuditStmt = db.prepare("SELECT payload FROM outbox WHERE kind = 'audit' ORDER BY seq DESC LIMIT 1").pluck();
    this.newestAtStmt = db.prepare('SELECT max(created_at) FROM (SELECT created_at FROM outbox ORDER BY seq DESC LIMIT 100)').pluck();
  }

  /**
   * Must run inside the change's transaction. `key` makes the message idempotent at head office, so it must never
   * repeat: it names the record (and version) the change reports, e.g. `session:12:closed`.
   */
  append(kind: string, key: string, payload: unknown, at: number): void {
    this.insertStmt.run(key, kind, JSON.stringify(payload), at);
    this.grew = true;
  }

  /**
   * Calls `listener` after each outermost transaction that committed rows here (the sync badge's "N waiting" follows
   * every change, not only the sync worker's cycles). Returns the unsubscribe.
   */
  onCommitted(listener: () => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  /** Store.change calls this when its outermost transaction ends: listeners hear of rows that were really committed. */
  settle(committed: boolean): void {
    const grew = this.grew;
    this.grew = false;
    if (grew && committed) for (const listener of this.committedListeners) listener();
  }

  /**
   * For an occurrence with no record of its own to name (an alarm, a settings save): the key is `subject` plus the
   * row's own seq, unique by construction. Inside the change's transaction, so nothing else takes that seq.
   */
  appendEvent(kind: string, subject: string, payload: unknown, at: number): void {
    const seq = this.lastSeq() + 1;
    this.insertAtStmt.run(seq, `${subject}:${seq}`, kind, JSON.stringify(payload), at);
    this.grew = true;
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

  /**
   * The latest time among the newest rows (null when empty): every change puts a row here at its own time, so a wall
   * clock that reads earlier than this at start went back while the kiosk was stopped. Rows written late (held on a
   * full disk) keep their earlier time, hence the newest hundred rather than the last one.
   */
  newestAt(): number | null {
    return this.newestAtStmt.get() as number | null;
  }

  /** The newest seq (0 when empty). Rows are never deleted, and a rolled-back insert gives its seq back. */
  lastSeq(): number {
    return this.lastSeqStmt.get() as number;
  }

  /**
   * Records where each hour's rows up to `seq` sit (from where the last call stopped). The sync worker calls it as
   * head office acknowledges rows: one grouped insert per batch instead of an index write in every change.
   */
  indexThrough(seq: number): void {
    this.indexStmt.run(this.indexedThroughStmt.get() as number, seq);
  }

  /** Rows created in [from, to) up to `maxSeq`: one site-local day, for reconciliation. */
  createdBetween(from: number, to: number, maxSeq: number): OutboxRow[] {
    return this.seqRanges(from, to, maxSeq).flatMap(([first, last]) => this.rowsInRangeStmt.all(first, last, from, to) as OutboxRow[]);
  }

  keysCreatedBetween(from: number, to: number, maxSeq: number): { seq: number; key: string }[] {
    return this.seqRanges(from, to, maxSeq).flatMap(([first, last]) => this.keysInRangeStmt.all(first, last, from, to) as { seq: number; key: string }[]);
  }

  /** The seq ranges that hold every row created in [from, to): the indexed hours' span, then the rows not indexed yet. */
  private seqRanges(from: number, to: number, maxSeq: number): [number, number][] {
    if (to <= from) return [];
    const through = this.indexedThroughStmt.get() as number;
    const span = this.hoursSpanStmt.get(Math.floor(from / HOUR_MS), Math.floor((to - 1) / HOUR_MS)) as { first: number | null; last: number | null };
    const ranges: [number, number][] = [];
    if (span.first !== null && span.last !== null) ranges.push([span.first, Math.min(span.last, maxSeq)]);
    if (through < maxSeq) ranges.push([through + 1, maxSeq]);
    return ranges;
  }
}
