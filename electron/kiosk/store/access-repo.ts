import type { Database, Statement } from 'better-sqlite3';
import { listEntrySchema, permitSchema, reservationSchema, type ListEntry, type Permit, type Reservation } from '../domain/lanes/access-rules';
import { foldConfusable } from '../domain/plate';

export type AccessKind = 'permit' | 'allow' | 'deny' | 'reservation';
export type AccessOrigin = 'site' | 'headoffice';
export type AccessDefinition = Permit | ListEntry | Reservation;

export interface AccessRecord {
  readonly kind: AccessKind;
  readonly id: string;
  readonly definition: AccessDefinition;
  readonly origin: AccessOrigin;
  readonly version: number;
  readonly updatedAt: number;
  readonly updatedBy: string;
  readonly deletedAt: number | null;
}

/** What the entry rules need about one plate, looked up by its folded key in one index probe. */
export interface PlateAccess {
  readonly permits: Permit[];
  readonly listEntries: ListEntry[];
  readonly reservations: Reservation[];
}

interface RecordRow {
  kind: AccessKind;
  id: string;
  definition: string;
  origin: AccessOrigin;
  version: number;
  updated_at: number;
  updated_by: string;
  deleted_at: number | null;
}

export type AntiPassbackState = 'inside' | 'outside' | 'unknown';

/** The plate keys a record matches on. */
export function plateKeysOf(kind: AccessKind, definition: AccessDefinition): string[] {
  if (kind === 'permit') return (definition as Permit).plateKeys;
  return [(definition as ListEntry | Reservation).plateKey];
}

/** Parses stored JSON with the same schema that validated it on the way in: a hand-edited row fails loudly. */
function parseDefinition(kind: AccessKind, json: string): AccessDefinition {
  const value: unknown = JSON.parse(json);
  if (kind === 'permit') return permitSchema.parse(value);
  if (kind === 'reservation') return reservationSchema.parse(value);
  return listEntrySchema.parse(value);
}

const toRecord = (row: RecordRow): AccessRecord => ({
  kind: row.kind,
  id: row.id,
  definition: parseDefinition(row.kind, row.definition),
  origin: row.origin,
  version: row.version,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
  deletedAt: row.deleted_at,
});

/**
 * Permits, allow/deny list entries and reservations, with their folded plate keys indexed, and the anti-passback
 * state per plate. Writers call inside Store.change: a record and its plate keys always change together.
 */
export class AccessRepo {
  private readonly byFoldStmt: Statement;
  private readonly antiPassbackStmt: Statement;

  constructor(private readonly db: Database) {
    this.byFoldStmt = db.prepare(`SELECT r.* FROM access_plates p JOIN access_records r ON r.kind = p.kind AND r.id = p.id
      WHERE p.plate_fold = ? AND r.deleted_at IS NULL`);
    this.antiPassbackStmt = db.prepare('SELECT state FROM anti_passback WHERE plate_fold = ?').pluck();
  }

  get(kind: AccessKind, id: string): AccessRecord | undefined {
    const row = this.db.prepare('SELECT * FROM access_records WHERE kind = ? AND id = ?').get(kind, id) as RecordRow | undefined;
    return row && toRecord(row);
  }

  /** Live records of the kinds asked for, newest change first; `plateFold` narrows to one plate's look-alikes. */
  list(kinds: readonly AccessKind[], options: { plateFold?: string; limit: number }): AccessRecord[] {
    const marks = kinds.map(() => '?').join(', ');
    const rows = options.plateFold
      ? (this.db
          .prepare(`SELECT DISTINCT r.* FROM access_plates p JOIN access_records r ON r.kind = p.kind AND r.id = p.id
            WHERE p.plate_fold = ? AND r.kind IN (${marks}) AND r.deleted_at IS NULL ORDER BY r.updated_at DESC LIMIT ?`)
          .all(options.plateFold, ...kinds, options.limit) as RecordRow[])
      : (this.db
          .prepare(`SELECT * FROM access_records WHERE kind IN (${marks}) AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT ?`)
          .all(...kinds, options.limit) as RecordRow[]);
    return rows.map(toRecord);
  }

  /** Inserts or replaces a record (version + 1) and re-indexes its plates. Returns the stored record. */
  put(kind: AccessKind, definition: AccessDefinition, meta: { origin: AccessOrigin; by: string; now: number }): AccessRecord {
    const id = definition.id;
    this.db
      .prepare(`INSERT INTO access_records (kind, id, definition, origin, version, updated_at, updated_by, deleted_at)
        VALUES (@kind, @id, @definition, @origin, 1, @now, @by, NULL)
        ON CONFLICT (kind, id) DO UPDATE SET definition = excluded.definition, origin = excluded.origin, version = version + 1,
          updated_at = excluded.updated_at, updated_by = excluded.updated_by, deleted_at = NULL`)
      .run({ kind, id, definition: JSON.stringify(definition), origin: meta.origin, now: meta.now, by: meta.by });
    this.index(kind, id, plateKeysOf(kind, definition));
    return this.get(kind, id)!;
  }

  /** Marks a record deleted (it stays for the audit trail) and takes its plates out of the index. */
  remove(kind: AccessKind, id: string, meta: { by: string; now: number }): boolean {
    const { changes } = this.db
      .prepare('UPDATE access_records SET deleted_at = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE kind = ? AND id = ? AND deleted_at IS NULL')
      .run(meta.now, meta.now, meta.by, kind, id);
    if (changes === 1) this.index(kind, id, []);
    return changes === 1;
  }

  /** Everything that could apply to a plate: every record whose plates fold like this one. */
  forPlate(plateKey: string): PlateAccess {
    const records = (this.byFoldStmt.all(foldConfusable(plateKey)) as RecordRow[]).map(toRecord);
    const of = <T extends AccessDefinition>(...kinds: AccessKind[]) => records.filter((r) => kinds.includes(r.kind)).map((r) => r.definition as T);
    return { permits: of<Permit>('permit'), listEntries: of<ListEntry>('allow', 'deny'), reservations: of<Reservation>('reservation') };
  }

  /** How many of a permit's vehicles are inside now (any session inside, however it entered). */
  permitVehiclesInside(permit: Permit): number {
    const folds = JSON.stringify([...new Set(permit.plateKeys.map(foldConfusable))]);
    return this.db
      .prepare(`SELECT count(*) FROM sessions WHERE plate_fold IN (SELECT value FROM json_each(?)) AND status IN ('open','paid')`)
      .pluck()
      .get(folds) as number;
  }

  antiPassback(plateKey: string): AntiPassbackState {
    return (this.antiPassbackStmt.get(foldConfusable(plateKey)) as AntiPassbackState | undefined) ?? 'unknown';
  }

  setAntiPassback(plateKey: string, state: AntiPassbackState, laneId: string | null, at: number): void {
    this.db
      .prepare(`INSERT INTO anti_passback (plate_fold, state, lane_id, at) VALUES (?, ?, ?, ?)
        ON CONFLICT (plate_fold) DO UPDATE SET state = excluded.state, lane_id = excluded.lane_id, at = excluded.at`)
      .run(foldConfusable(plateKey), state, laneId, at);
  }

  private index(kind: AccessKind, id: string, plateKeys: readonly string[]): void {
    this.db.prepare('DELETE FROM access_plates WHERE kind = ? AND id = ?').run(kind, id);
    const insert = this.db.prepare('INSERT OR IGNORE INTO access_plates (plate_fold, kind, id) VALUES (?, ?, ?)');
    for (const key of plateKeys) insert.run(foldConfusable(key), kind, id);
  }
}
