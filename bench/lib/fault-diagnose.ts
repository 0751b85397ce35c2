/**
 * What the fault campaign (fault-campaign.ts) prints about each stay a money figure counted (payments_doubled,
 * money_disagreeing, stays_mispriced): its payments, attempts, charge rows and audit rows, what the kiosk told of
 * the vehicle and in which life, and the hazards of those lives (the kill, the disk fill) and the clock jumps the
 * kiosk recorded around the stay. A count without the stays behind it cannot be traced to its root.
 */
import type { Database } from 'better-sqlite3';

export type Ack = { step: 'entry' | 'exit' | 'paid'; vehicle: number; sessionId: number; paymentId?: number; method?: string; life?: number; t?: number };

/** One life of the campaign's kiosk, in this process's wall time. */
export interface Life {
  readonly index: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly killed: boolean;
  readonly fill: { from: number; to: number } | null;
}

export type Offence = 'payments_doubled' | 'money_disagreeing' | 'stays_mispriced';

/** Sessions a figure counted, with the reason for each. */
export class Offenders {
  private readonly bySession = new Map<number, string[]>();

  add(sessionId: number, offence: Offence, detail: string): void {
    this.bySession.set(sessionId, [...(this.bySession.get(sessionId) ?? []), `${offence}: ${detail}`]);
  }

  get size(): number {
    return this.bySession.size;
  }

  describe(db: Database, acks: readonly Ack[], lives: readonly Life[]): string {
    return [...this.bySession].map(([sessionId, reasons]) => describeStay(db, sessionId, reasons, acks, lives)).join('\n');
  }
}

const HOUR = 3_600_000;

function describeStay(db: Database, sessionId: number, reasons: string[], acks: readonly Ack[], lives: readonly Life[]): string {
  const rows = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params).map((row) => `    ${JSON.stringify(row)}`);
  const session = db.prepare('SELECT id, plate_key, status, entry_at, exit_at FROM sessions WHERE id = ?').get(sessionId) as { entry_at: number; exit_at: number | null } | undefined;
  const told = acks.filter((a) => a.sessionId === sessionId);
  const lifeIndexes = new Set(told.map((a) => a.life));
  const around = session ? [session.entry_at - 3 * HOUR, (session.exit_at ?? session.entry_at) + 3 * HOUR] : [0, 0];
  return [
    `[faults] session ${sessionId}: ${reasons.join('; ')}`,
    `  session ${JSON.stringify(session)}`,
    '  payments:',
    ...rows('SELECT id, idempotency_key, attempt_id, method, amount_minor, stripe_payment_intent, voided, refunded_minor, receipt_no, taken_at, quote FROM payments WHERE session_id = ? ORDER BY id', sessionId),
    '  payment attempts:',
    ...rows('SELECT id, idempotency_key, method, amount_minor, state, stripe_payment_intent, failure_code, created_at, updated_at FROM payment_attempts WHERE session_id = ? ORDER BY id', sessionId),
    '  charges:',
    ...rows('SELECT id, event, total_minor, paid_minor, priced_at, grace_until, recorded_at, lines FROM session_charges WHERE session_id = ? ORDER BY id', sessionId),
    '  audit:',
    ...rows("SELECT seq, at, actor, action, subject, detail FROM audit_log WHERE subject = ? OR detail LIKE ? ORDER BY seq", `session:${sessionId}`, `%"sessionId":${sessionId}%`),
    '  clock jumps recorded within 3 h of the stay (kiosk wall time):',
    ...rows("SELECT seq, at, detail FROM audit_log WHERE action = 'clock.jumped' AND at BETWEEN ? AND ? ORDER BY seq", around[0], around[1]),
    '  told by the kiosk:',
    ...told.map((a) => `    ${JSON.stringify(a)}`),
    '  its lives:',
    ...lives.filter((life) => lifeIndexes.has(life.index) || lifeIndexes.has(life.index - 1)).map((life) => `    ${JSON.stringify(life)}`),
  ].join('\n');
}
