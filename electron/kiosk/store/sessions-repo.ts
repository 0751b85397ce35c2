import type { Database, Statement } from 'better-sqlite3';
import type { OccupancyRow, Session, SpaceType } from '../contract';
import { byLaneAndPercent } from './by-lane-and-percent';

interface SessionRow {
  id: number;
  plate_raw: string;
  plate_key: string;
  plate_confidence: number | null;
  plate_image: string | null;
  vehicle_class: string;
  zone_id: string;
  space_type: SpaceType;
  entry_lane: string | null;
  entry_at: number;
  entry_manual_reason: string | null;
  exit_lane: string | null;
  exit_at: number | null;
  exit_manual_reason: string | null;
  status: Session['status'];
  paid_minor: number;
  paid_at: number | null;
  opened_by: string;
  closed_by: string | null;
  entry_code: string | null;
  entry_ref: string | null;
  exit_code: string | null;
}

export interface NewSession {
  plateRaw: string;
  plateKey: string;
  plateFold: string;
  plateConfidence: number | null;
  plateImage: string | null;
  vehicleClass: string;
  zoneId: string;
  spaceType: SpaceType;
  entryLane: string | null;
  entryAt: number;
  entryManualReason: string | null;
  openedBy: string;
  /** The lane's decision code and the permit, reservation or list entry behind it (null for a manual entry). */
  entryCode: string | null;
  entryRef: string | null;
}

export interface SessionExit {
  id: number;
  exitAt: number;
  exitLane: string | null;
  exitManualReason: string | null;
  closedBy: string;
  exitCode: string | null;
}

export interface SessionQuery {
  /** Matches every plate that folds to the same confusion class (history search survives O/0 misreads). */
  plateFold?: string;
  from?: number;
  to?: number;
  status?: Session['status'];
  limit: number;
}

export interface InsideVehicle {
  readonly id: number;
  readonly plateKey: string;
}

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  plateRaw: row.plate_raw,
  plateKey: row.plate_key,
  plateConfidence: row.plate_confidence,
  plateImage: row.plate_image,
  vehicleClass: row.vehicle_class,
  zoneId: row.zone_id,
  spaceType: row.space_type,
  entryLane: row.entry_lane,
  entryAt: row.entry_at,
  entryManualReason: row.entry_manual_reason,
  exitLane: row.exit_lane,
  exitAt: row.exit_at,
  exitManualReason: row.exit_manual_reason,
  status: row.status,
  paidMinor: row.paid_minor,
  paidAt: row.paid_at,
  openedBy: row.opened_by,
  closedBy: row.closed_by,
  entryCode: row.entry_code,
  entryRef: row.entry_ref,
  exitCode: row.exit_code,
});

const INSIDE = "status IN ('open','paid')";

/**
 * The cars inside, kept in memory because every exit read ranks all of them: a change to who is inside is staged
 * while its transaction runs and applied only when it commits (Store.change calls settle()).
 */
class InsideIndex {
  private vehicles: Map<number, string> | null = null;
  private staged: Array<{ id: number; plateKey: string | null }> = [];

  constructor(private readonly load: () => InsideVehicle[]) {}

  list(): InsideVehicle[] {
    this.vehicles ??= new Map(this.load().map((v) => [v.id, v.plateKey]));
    return Array.from(this.vehicles, ([id, plateKey]) => ({ id, plateKey }));
  }

  stage(id: number, plateKey: string | null): void {
    this.staged.push({ id, plateKey });
  }

  settle(committed: boolean): void {
    for (const { id, plateKey } of committed && this.vehicles ? this.staged : []) {
      if (plateKey === null) this.vehicles!.delete(id);
      else this.vehicles!.set(id, plateKey);
    }
    this.staged = [];
  }
}

export class SessionsRepo {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement;
  private readonly insideStmt: Statement;
  private readonly exitStmt: Statement;
  private readonly voidStmt: Statement;
  private readonly foldInsideStmt: Statement;
  private readonly occupiedStmt: Statement;
  private readonly capacityStmt: Statement;
  private readonly insideIndex: InsideIndex;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, plate_confidence, plate_image, vehicle_class,
      zone_id, space_type, entry_lane, entry_at, entry_manual_reason, status, opened_by, entry_code, entry_ref)
      VALUES (@plateRaw, @plateKey, @plateFold, @plateConfidence, @plateImage, @vehicleClass, @zoneId, @spaceType, @entryLane,
      @entryAt, @entryManualReason, 'open', @openedBy, @entryCode, @entryRef)`);
    this.getStmt = db.prepare('SELECT * FROM sessions WHERE id = ?');
    this.insideStmt = db.prepare(`SELECT id, plate_key FROM sessions WHERE ${INSIDE}`).raw();
    this.exitStmt = db.prepare(`UPDATE sessions SET exit_at = @exitAt, exit_lane = @exitLane,
      exit_manual_reason = @exitManualReason, closed_by = @closedBy, exit_code = @exitCode, status = 'closed' WHERE id = @id AND ${INSIDE}`);
    this.voidStmt = db.prepare(`UPDATE sessions SET status = 'voided', closed_by = ?, exit_manual_reason = ?
      WHERE id = ? AND ${INSIDE}`);
    this.foldInsideStmt = db.prepare(`SELECT 1 FROM sessions WHERE plate_fold = ? AND id != ? AND ${INSIDE} LIMIT 1`);
    this.occupiedStmt = db.prepare(`SELECT zone_id, space_type, vehicle_class, count(*) AS n FROM sessions
      WHERE ${INSIDE} GROUP BY zone_id, space_type, vehicle_class`);
    this.capacityStmt = db.prepare('SELECT zone_id, space_type, capacity FROM zone_spaces ORDER BY zone_id, space_type');
    this.insideIndex = new InsideIndex(() => (this.insideStmt.all() as [number, string][]).map(([id, plateKey]) => ({ id, plateKey })));
  }

  insert(session: NewSession): Session {
    const { lastInsertRowid } = this.insertStmt.run(session);
    this.insideIndex.stage(Number(lastInsertRowid), session.plateKey);
    return this.require(Number(lastInsertRowid));
  }

  get(id: number): Session | undefined {
    const row = this.getStmt.get(id) as SessionRow | undefined;
    return row && toSession(row);
  }

  require(id: number): Session {
    const session = this.get(id);
    if (!session) throw new Error(`session ${id} does not exist`);
    return session;
  }

  /** The newest session's id (0 before the first): what the clock guard marks a jump with. */
  lastId(): number {
    return (this.db.prepare('SELECT coalesce(max(id), 0) FROM sessions').pluck().get() as number);
  }

  /** Whether a car whose plate folds to `plateFold` is inside under another session than `exceptId`. */
  insideWithFold(plateFold: string, exceptId: number): boolean {
    return this.foldInsideStmt.get(plateFold, exceptId) !== undefined;
  }

  /** The plate keys of the cars inside: what the exit matcher ranks on every exit read. */
  inside(): InsideVehicle[] {
    return this.insideIndex.list();
  }

  /** Called by Store.change when the outermost transaction commits or rolls back. */
  settle(committed: boolean): void {
    this.insideIndex.settle(committed);
  }

  /** Returns false when the session was no longer inside (closed or voided meanwhile). */
  recordExit(exit: SessionExit): boolean {
    return this.leaves(exit.id, this.exitStmt.run(exit).changes);
  }

  /**
   * A payment committed for a car inside (payments capability): adds to what was paid and starts the grace period.
   * Returns false when the session was no longer inside. Inside stays inside, so the exit index is untouched.
   */
  recordPayment(id: number, amountMinor: number, paidAt: number): boolean {
    return this.db.prepare(`UPDATE sessions SET status = 'paid', paid_minor = paid_minor + ?, paid_at = ? WHERE id = ? AND ${INSIDE}`).run(amountMinor, paidAt, id).changes === 1;
  }

  /** Card or QR money that arrives after the car left: still the stay's (its exit charge stays as recorded). */
  recordPaymentAfterExit(id: number, amountMinor: number): boolean {
    return this.db.prepare(`UPDATE sessions SET paid_minor = paid_minor + ? WHERE id = ? AND status = 'closed'`).run(amountMinor, id).changes === 1;
  }

  /** A refund takes money back off the session; a car still inside with nothing left paid owes again. */
  recordRefund(id: number, amountMinor: number): boolean {
    return this.db.prepare(`UPDATE sessions SET paid_minor = paid_minor - ?,
      status = CASE WHEN status = 'paid' AND paid_minor - ? = 0 THEN 'open' ELSE status END,
      paid_at = CASE WHEN status = 'paid' AND paid_minor - ? = 0 THEN NULL ELSE paid_at END
      WHERE id = ? AND paid_minor >= ?`).run(amountMinor, amountMinor, amountMinor, id, amountMinor).changes === 1;
  }

  /** A misread plate fixed; the exit matcher sees the new plate of a car inside. False for a voided or unknown session. */
  setPlate(id: number, plate: { plateRaw: string; plateKey: string; plateFold: string }): boolean {
    const row = this.db
      .prepare(`UPDATE sessions SET plate_raw = @plateRaw, plate_key = @plateKey, plate_fold = @plateFold WHERE id = @id AND status != 'voided' RETURNING status`)
      .get({ ...plate, id }) as { status: Session['status'] } | undefined;
    if (row && (row.status === 'open' || row.status === 'paid')) this.insideIndex.stage(id, plate.plateKey);
    return row !== undefined;
  }

  /** Per lane since `since`: cars let in or out on the lane's own read (not by an attendant's manual entry or exit). */
  readDecisions(since: number): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT lane, count(*) AS n FROM (
          SELECT entry_lane AS lane FROM sessions WHERE entry_at >= @since AND entry_lane IS NOT NULL AND entry_manual_reason IS NULL
          UNION ALL
          SELECT exit_lane FROM sessions WHERE exit_at >= @since AND exit_lane IS NOT NULL AND exit_manual_reason IS NULL AND status != 'voided')
        GROUP BY lane`)
      .all({ since }) as Array<{ lane: string; n: number }>;
    return new Map(rows.map((row) => [row.lane, row.n]));
  }

  /**
   * Per entry lane, the cars it read since `since` by the reader's confidence in whole percent (floor), whoever let
   * them in: what a threshold would have trusted there. A session at confidence 1 holds a plate a person confirmed or
   * corrected, not the reader's figure, so it is left out (a correction keeps the reader's: correctedReadConfidences).
   * Exits keep no confidence, so exit lanes have none.
   */
  entryReadConfidences(since: number): Map<string, Map<number, number>> {
    const rows = this.db
      .prepare(`SELECT entry_lane AS lane, CAST(plate_confidence * 100 + 1e-9 AS INTEGER) AS percent, count(*) AS n FROM sessions
        WHERE entry_at >= ? AND entry_lane IS NOT NULL AND plate_confidence < 1 GROUP BY lane, percent`)
      .all(since) as Array<{ lane: string; percent: number; n: number }>;
    return byLaneAndPercent(rows);
  }

  markVoided(id: number, by: string, reason: string): boolean {
    return this.leaves(id, this.voidStmt.run(by, reason, id).changes);
  }

  /**
   * A closed stay back inside, as it was before its close (paid if it had been paid): the exit it records never
   * happened. Migration 0028 takes the close back out of the report rollups. False when the session was not closed.
   */
  reopen(id: number): boolean {
    const row = this.db
      .prepare(`UPDATE sessions SET status = CASE WHEN paid_at IS NULL THEN 'open' ELSE 'paid' END, exit_at = NULL, exit_lane = NULL,
        exit_manual_reason = NULL, closed_by = NULL, exit_code = NULL WHERE id = ? AND status = 'closed' RETURNING plate_key`)
      .get(id) as { plate_key: string } | undefined;
    if (row) this.insideIndex.stage(id, row.plate_key);
    return row !== undefined;
  }

  private leaves(id: number, changes: number): boolean {
    if (changes === 1) this.insideIndex.stage(id, null);
    return changes === 1;
  }

  search(query: SessionQuery): Session[] {
    const filters: { sql: string; params: unknown[] }[] = [];
    if (query.plateFold !== undefined) filters.push({ sql: 'plate_fold = ?', params: [query.plateFold] });
    if (query.from !== undefined) filters.push({ sql: 'entry_at >= ?', params: [query.from] });
    if (query.to !== undefined) filters.push({ sql: 'entry_at < ?', params: [query.to] });
    if (query.status) filters.push({ sql: 'status = ?', params: [query.status] });
    const where = filters.length ? `WHERE ${filters.map((f) => f.sql).join(' AND ')}` : '';
    const sql = `SELECT * FROM sessions ${where} ORDER BY entry_at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...filters.flatMap((f) => f.params), query.limit) as SessionRow[]).map(toSession);
  }

  /** Occupancy is derived from the sessions themselves, so it can never drift or go negative. */
  occupancy(): OccupancyRow[] {
    const rows = new Map<string, OccupancyRow>();
    const key = (zoneId: string, spaceType: string) => `${zoneId}\u0000${spaceType}`;
    for (const cap of this.capacityStmt.all() as { zone_id: string; space_type: SpaceType; capacity: number }[]) {
      rows.set(key(cap.zone_id, cap.space_type), { zoneId: cap.zone_id, spaceType: cap.space_type, capacity: cap.capacity, occupied: 0, byClass: {} });
    }
    const occupied = this.occupiedStmt.all() as { zone_id: string; space_type: SpaceType; vehicle_class: string; n: number }[];
    for (const { zone_id, space_type, vehicle_class, n } of occupied) {
      const row = rows.get(key(zone_id, space_type)) ?? { zoneId: zone_id, spaceType: space_type, capacity: 0, occupied: 0, byClass: {} };
      row.occupied += n;
      row.byClass[vehicle_class] = (row.byClass[vehicle_class] ?? 0) + n;
      rows.set(key(zone_id, space_type), row);
    }
    return [...rows.values()];
  }
}
