import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry } from '../contract';
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
  action: string;
  subject: string | null;
  detail: unknown;
  at: number;
}

export class AuditRepo {
  private readonly lastStmt: Statement;
  private readonly insertStmt: Statement;

  constructor(private readonly db: Database) {
    this.lastStmt = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
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

  list(options: { beforeSeq?: number; subject?: string; limit: number }): AuditEntry[] {
    const rows = this.db
      .prepare(`SELECT * FROM audit_log WHERE seq < ? ${options.subject ? 'AND subject = ?' : ''} ORDER BY seq DESC LIMIT ?`)
      .all(...[options.beforeSeq ?? Number.MAX_SAFE_INTEGER, ...(options.subject ? [options.subject] : []), options.limit]) as AuditDbRow[];
    return rows.map(toRow).map(({ prevHash: _p, hash: _h, ...entry }) => entry);
  }

  /** Streams every row in order, for `audit verify` over years of rows without loading them all. */
  *iterate(): Generator<AuditRow> {
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditDbRow>) yield toRow(row);
  }
}
