import type { Database } from 'better-sqlite3';
import type { Shift } from '../contract';

interface ShiftRow {
  id: number;
  user_id: number;
  opened_at: number;
  float_minor: number;
  closed_at: number | null;
  counted_minor: number | null;
  expected_minor: number | null;
}

const toShift = (row: ShiftRow): Shift => ({
  id: row.id,
  userId: row.user_id,
  openedAt: row.opened_at,
  floatMinor: row.float_minor,
  closedAt: row.closed_at,
  countedMinor: row.counted_minor,
  expectedMinor: row.expected_minor,
  varianceMinor: row.counted_minor === null || row.expected_minor === null ? null : row.counted_minor - row.expected_minor,
});

export class ShiftsRepo {
  constructor(private readonly db: Database) {}

  openFor(userId: number): Shift | undefined {
    const row = this.db.prepare('SELECT * FROM shifts WHERE user_id = ? AND closed_at IS NULL').get(userId) as ShiftRow | undefined;
    return row && toShift(row);
  }

  open(userId: number, floatMinor: number, now: number): Shift {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO shifts (user_id, opened_at, float_minor) VALUES (?, ?, ?)')
      .run(userId, now, floatMinor);
    return this.get(Number(lastInsertRowid))!;
  }

  close(id: number, close: { closedAt: number; countedMinor: number; countedDetail: string; expectedMinor: number }): Shift {
    this.db
      .prepare('UPDATE shifts SET closed_at = ?, counted_minor = ?, counted_detail = ?, expected_minor = ? WHERE id = ? AND closed_at IS NULL')
      .run(close.closedAt, close.countedMinor, close.countedDetail, close.expectedMinor, id);
    return this.get(id)!;
  }

  get(id: number): Shift | undefined {
    const row = this.db.prepare('SELECT * FROM shifts WHERE id = ?').get(id) as ShiftRow | undefined;
    return row && toShift(row);
  }
}
