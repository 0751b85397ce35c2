import type { Database } from 'better-sqlite3';

/** A receipt printer as stored: the booth's (laneId null) or an exit lane's; its config is its driver's (native/printer). */
export interface PrinterRecord {
  readonly id: string;
  readonly laneId: string | null;
  readonly config: unknown;
}

type PrinterRow = { id: string; lane_id: string | null; config: string };
const recordOf = (row: PrinterRow): PrinterRecord => ({ id: row.id, laneId: row.lane_id, config: JSON.parse(row.config) as unknown });

/** Receipt printers, and how often a document was printed (counted from the audit log, where every print is). */
export class PrintersRepo {
  constructor(private readonly db: Database) {}

  all(): PrinterRecord[] {
    const rows = this.db.prepare('SELECT id, lane_id, config FROM printers ORDER BY lane_id IS NOT NULL, id').all() as PrinterRow[];
    return rows.map(recordOf);
  }

  get(id: string): PrinterRecord | null {
    const row = this.db.prepare('SELECT id, lane_id, config FROM printers WHERE id = ?').get(id) as PrinterRow | undefined;
    return row ? recordOf(row) : null;
  }

  save(printer: PrinterRecord, by: string, now: number): void {
    this.db
      .prepare(`INSERT INTO printers (id, lane_id, config, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET lane_id = excluded.lane_id, config = excluded.config, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
      .run(printer.id, printer.laneId, JSON.stringify(printer.config), now, by);
  }

  /** How many times `subject` (e.g. "receipt:12") was printed: its print and reprint audit rows. */
  timesPrinted(subject: string, actions: readonly [printed: string, reprinted: string]): number {
    return this.db.prepare('SELECT count(*) FROM audit_log WHERE subject = ? AND action IN (?, ?)').pluck().get(subject, ...actions) as number;
  }
}
