import type { Database, Statement } from 'better-sqlite3';

export type AccessKind = 'permit' | 'allow' | 'deny' | 'reservation';

export interface StoredAccessRecord {
  readonly origin: 'site' | 'headoffice';
  readonly version: number;
  readonly deletedAt: number | null;
  /** As stored (JSON text); a deleted record keeps its last one. */
  readonly definition: string;
}

export interface ValidationCodeRow {
  readonly code: string;
  readonly merchant: string;
  readonly kind: 'time' | 'value';
  readonly minutesOff: number | null;
  readonly valueOffMinor: number | null;
  readonly maxUses: number;
  readonly validFrom: number;
  readonly validTo: number;
}

/**
 * Writes what head office publishes (permits, lists, reservations, validation codes) into the tables the lanes and
 * payments read. Every method runs inside the pull's one transaction; the conflict rule is decided in sync/pull.ts.
 */
export class PulledConfigRepo {
  private readonly accessStmt: Statement;
  private readonly upsertAccessStmt: Statement;
  private readonly dropPlatesStmt: Statement;
  private readonly addPlateStmt: Statement;

  constructor(private readonly db: Database) {
    this.accessStmt = db.prepare('SELECT origin, version, deleted_at AS deletedAt, definition FROM access_records WHERE kind = ? AND id = ?');
    this.upsertAccessStmt = db.prepare(`INSERT INTO access_records (kind, id, definition, origin, version, updated_at, updated_by, deleted_at)
      VALUES (?, ?, ?, 'headoffice', ?, ?, 'headoffice', ?)
      ON CONFLICT (kind, id) DO UPDATE SET definition = excluded.definition, origin = 'headoffice', version = excluded.version,
        updated_at = excluded.updated_at, updated_by = 'headoffice', deleted_at = excluded.deleted_at`);
    this.dropPlatesStmt = db.prepare('DELETE FROM access_plates WHERE kind = ? AND id = ?');
    this.addPlateStmt = db.prepare('INSERT OR IGNORE INTO access_plates (plate_fold, kind, id) VALUES (?, ?, ?)');
  }

  accessRecord(kind: AccessKind, id: string): StoredAccessRecord | undefined {
    return this.accessStmt.get(kind, id) as StoredAccessRecord | undefined;
  }

  /** Stores head office's version of a record and re-indexes its folded plates (none once deleted). */
  putAccessRecord(kind: AccessKind, id: string, version: number, definition: unknown, plateFolds: readonly string[], at: number, deleted: boolean): void {
    this.upsertAccessStmt.run(kind, id, JSON.stringify(definition ?? null), version, at, deleted ? at : null);
    this.dropPlatesStmt.run(kind, id);
    if (!deleted) for (const fold of new Set(plateFolds)) this.addPlateStmt.run(fold, kind, id);
  }

  /** The payments schema (migration 0003) keeps validation codes; a site without it gets none. */
  hasValidationCodes(): boolean {
    return this.db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'validation_codes'`).pluck().get() === 1;
  }

  validationCodeOwner(code: string): { createdBy: string; uses: number; terms: Omit<ValidationCodeRow, 'code'>; revokedAt: number | null } | undefined {
    const row = this.db
      .prepare(`SELECT created_by AS createdBy, uses, merchant, kind, minutes_off AS minutesOff, value_off_minor AS valueOffMinor, max_uses AS maxUses,
        valid_from AS validFrom, valid_to AS validTo, revoked_at AS revokedAt FROM validation_codes WHERE code = ?`)
      .get(code) as (Omit<ValidationCodeRow, 'code'> & { createdBy: string; uses: number; revokedAt: number | null }) | undefined;
    if (!row) return undefined;
    const { createdBy, uses, revokedAt, ...terms } = row;
    return { createdBy, uses, terms, revokedAt };
  }

  /** Head office's terms; `uses` stays the site's count (only the site sees codes being used). */
  putValidationCode(row: ValidationCodeRow, at: number): void {
    this.db
      .prepare(`INSERT INTO validation_codes (code, merchant, kind, minutes_off, value_off_minor, max_uses, valid_from, valid_to, created_at, created_by, revoked_at)
        VALUES (@code, @merchant, @kind, @minutesOff, @valueOffMinor, @maxUses, @validFrom, @validTo, @at, 'headoffice', NULL)
        ON CONFLICT (code) DO UPDATE SET merchant = excluded.merchant, kind = excluded.kind, minutes_off = excluded.minutes_off,
          value_off_minor = excluded.value_off_minor, max_uses = excluded.max_uses, valid_from = excluded.valid_from, valid_to = excluded.valid_to, revoked_at = NULL`)
      .run({ ...row, at });
  }

  revokeValidationCode(code: string, at: number): void {
    this.db.prepare('UPDATE validation_codes SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL').run(at, code);
  }
}
