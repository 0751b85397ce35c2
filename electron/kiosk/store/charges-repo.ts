import type { Database, Statement } from 'better-sqlite3';

/** Rows of migration 0013 as the payments capability reads them (amounts in minor units). */
export type ChargeEvent = 'payment' | 'adjustment' | 'exit' | 'overpayment_kept';

export interface ChargeLine {
  code: string;
  label: string;
  quantity: number;
  amountMinor: number;
}

export interface RecordedCharge {
  id: number;
  sessionId: number;
  event: ChargeEvent;
  lines: ChargeLine[];
  totalMinor: number;
  paidMinor: number;
  currency: string;
  pricedAt: number;
  graceUntil: number | null;
  recordedAt: number;
  recordedBy: string;
}

export interface KeptOverpayment {
  id: number;
  sessionId: number;
  amountMinor: number;
  reason: string;
  by: string;
  at: number;
}

interface ChargeRow {
  id: number;
  session_id: number;
  event: ChargeEvent;
  lines: string;
  total_minor: number;
  paid_minor: number;
  currency: string;
  priced_at: number;
  grace_until: number | null;
  recorded_at: number;
  recorded_by: string;
}

const toCharge = (row: ChargeRow): RecordedCharge => ({
  id: row.id,
  sessionId: row.session_id,
  event: row.event,
  lines: JSON.parse(row.lines) as ChargeLine[],
  totalMinor: row.total_minor,
  paidMinor: row.paid_minor,
  currency: row.currency,
  pricedAt: row.priced_at,
  graceUntil: row.grace_until,
  recordedAt: row.recorded_at,
  recordedBy: row.recorded_by,
});

/** The charges recorded on stays (append-only: the latest is the stay's charge) and the overpayments kept. */
export class ChargesRepo {
  private readonly insertCharge: Statement;
  private readonly latestCharge: Statement;
  private readonly insertKept: Statement;
  private readonly keptFor: Statement;

  constructor(db: Database) {
    this.insertCharge = db.prepare(`INSERT INTO session_charges (session_id, event, lines, total_minor, paid_minor, currency, priced_at, grace_until, recorded_at, recorded_by)
        VALUES (@sessionId, @event, @lines, @totalMinor, @paidMinor, @currency, @pricedAt, @graceUntil, @recordedAt, @recordedBy)`);
    this.latestCharge = db.prepare('SELECT * FROM session_charges WHERE session_id = ? ORDER BY id DESC LIMIT 1');
    this.insertKept = db.prepare('INSERT INTO overpayments_kept (session_id, amount_minor, reason, by, at) VALUES (@sessionId, @amountMinor, @reason, @by, @at)');
    this.keptFor = db.prepare('SELECT id, session_id AS sessionId, amount_minor AS amountMinor, reason, by, at FROM overpayments_kept WHERE session_id = ? ORDER BY id');
  }

  insert(charge: Omit<RecordedCharge, 'id'>): RecordedCharge {
    const { lastInsertRowid } = this.insertCharge.run({ ...charge, lines: JSON.stringify(charge.lines) });
    return { ...charge, id: Number(lastInsertRowid) };
  }

  latest(sessionId: number): RecordedCharge | undefined {
    const row = this.latestCharge.get(sessionId) as ChargeRow | undefined;
    return row && toCharge(row);
  }

  keepOverpayment(kept: Omit<KeptOverpayment, 'id'>): KeptOverpayment {
    const { lastInsertRowid } = this.insertKept.run(kept);
    return { ...kept, id: Number(lastInsertRowid) };
  }

  keptOverpayments(sessionId: number): KeptOverpayment[] {
    return this.keptFor.all(sessionId) as KeptOverpayment[];
  }
}
