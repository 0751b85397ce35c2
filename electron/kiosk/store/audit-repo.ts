import type { Database, Statement } from 'better-sqlite3';
import type { AuditAction, AuditEntry } from '../contract';
import { auditRowHash, canonicalJson, GENESIS_HASH, type AuditRow } from '../domain/audit-chain';

interface AuditDbRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

const toRow = (row: AuditDbRow): AuditRow => ({
  seq: row.seq,
  at: row.at,
  actor: row.actor,
  action: row.action,
  subject: row.subject,
  detail: JSON.parse(row.detail) as unknown,
  prevHash: row.prev_hash,
  hash: row.hash,
});

export interface AuditRecord {
  actor: string;
  action: AuditAction;
  subject: string | null;
  detail: unknown;
  at: number;
}

export interface AuditFilter {
  beforeSeq?: number;
  limit: number;
  /** Epoch ms, included. */
  fromAt?: number;
  /** Epoch ms, excluded. */
  toAt?: number;
  actor?: string;
  action?: string;
  subject?: string;
}

export class AuditRepo {
  private readonly lastStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly hasStmt: Statement;

  constructor(private readonly db: Database) {
    this.lastStmt = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.hasStmt = db.prepare('SELECT 1 FROM audit_log WHERE subject = ? AND action = ? LIMIT 1').pluck();
  }

  /** Whether `subject` has a row of `action` (the subject's index). */
  has(subject: string, action: string): boolean {
    return this.hasStmt.get(subject, action) !== undefined;
  }

  /** Must run inside the transaction of the change it records, so the row and the change commit together. */
  append(record: AuditRecord): AuditRow {
    const last = this.lastStmt.get() as { seq: number; hash: string } | undefined;
    const detail = JSON.parse(canonicalJson(record.detail ?? null)) as unknown;
    const unhashed = { seq: (last?.seq ?? 0) + 1, ...record, detail, prevHash: last?.hash ?? GENESIS_HASH };
    const row: AuditRow = { ...unhashed, hash: auditRowHash(unhashed) };
    this.insertStmt.run(row.seq, row.at, row.actor, row.action, row.subject, canonicalJson(row.detail), row.prevHash, row.hash);
    return row;
  }

  /**
   * Newest first, `limit` rows older than `beforeSeq`. Every filter is optional; each has its index (0017). A subject
   * without a colon is a kind: `tariff` finds `tariff:standard` and every other tariff.
   */
  list(filter: AuditFilter): AuditEntry[] {
    const where = ['seq < ?'];
    const params: (string | number)[] = [filter.beforeSeq ?? Number.MAX_SAFE_INTEGER];
    const add = (clause: string, ...values: (string | number)[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (filter.fromAt !== undefined) add('at >= ?', filter.fromAt);
    if (filter.toAt !== undefined) add('at < ?', filter.toAt);
    if (filter.actor !== undefined) add('actor = ?', filter.actor);
    if (filter.action !== undefined) add('action = ?', filter.action);
    if (filter.subject !== undefined) {
      // A kind alone (`tariff`, `site`) is the subject itself and every `kind:...` one; ';' sorts right after ':'.
      if (filter.subject.includes(':')) add('subject = ?', filter.subject);
      else add('(subject = ? OR (subject >= ? AND subject < ?))', filter.subject, `${filter.subject}:`, `${filter.subject};`);
    }
    const rows = this.db.prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`).all(...params, filter.limit) as AuditDbRow[];
    return rows.map(toRow).map(({ prevHash: _p, hash: _h, ...entry }) => entry);
  }

  /** The details of every row of `action`, oldest first (the action's index, 0017). */
  detailsOf(action: string): unknown[] {
    return (this.db.prepare('SELECT detail FROM audit_log WHERE action = ? ORDER BY seq').pluck().all(action) as string[]).map((detail) => JSON.parse(detail) as unknown);
  }

  /** Streams every row in order, for `audit verify` over years of rows without loading them all. */
  *iterate(): Generator<AuditRow> {
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditDbRow>) yield toRow(row);
  }
}
