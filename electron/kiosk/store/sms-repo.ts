import type { Database, Statement } from 'better-sqlite3';

export type SmsState = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'suppressed' | 'expired';

export interface SmsRow {
  readonly id: number;
  readonly eventKey: string;
  readonly to: string;
  readonly template: string;
  readonly language: string;
  readonly body: string;
  readonly state: SmsState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly expiresAt: number | null;
  readonly sendingSince: number | null;
  readonly twilioSid: string | null;
  readonly deliveryStatus: string | null;
  readonly errorCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
  readonly finishedAt: number | null;
  readonly reportedAt: number | null;
}

export interface NewSms {
  readonly eventKey: string;
  readonly to: string;
  readonly template: string;
  readonly language: string;
  readonly body: string;
  readonly notBefore: number;
  readonly expiresAt: number | null;
  readonly createdAt: number;
}

const COLUMNS = `id, event_key AS eventKey, to_number AS "to", template, language, body, state, attempts, next_attempt_at AS nextAttemptAt,
  expires_at AS expiresAt, sending_since AS sendingSince, twilio_sid AS twilioSid, delivery_status AS deliveryStatus, error_code AS errorCode,
  last_error AS lastError, created_at AS createdAt, sent_at AS sentAt, finished_at AS finishedAt, reported_at AS reportedAt`;

/** The SMS outbox and opt-outs (migration 0004). One row per event key: an event can never queue twice. */
export class SmsRepo {
  private readonly insertStmt: Statement;
  private readonly byKeyStmt: Statement;
  private readonly byIdStmt: Statement;
  private readonly dueStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO sms_outbox (event_key, to_number, template, language, body, state, next_attempt_at, expires_at, created_at)
      VALUES (@eventKey, @to, @template, @language, @body, 'queued', @notBefore, @expiresAt, @createdAt) ON CONFLICT (event_key) DO NOTHING`);
    this.byKeyStmt = db.prepare(`SELECT ${COLUMNS} FROM sms_outbox WHERE event_key = ?`);
    this.byIdStmt = db.prepare(`SELECT ${COLUMNS} FROM sms_outbox WHERE id = ?`);
    this.dueStmt = db.prepare(`SELECT ${COLUMNS} FROM sms_outbox WHERE state IN ('queued','sending','sent') AND finished_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`);
  }

  /** Queues the event's message, or returns the one it already queued. */
  queue(sms: NewSms): { row: SmsRow; created: boolean } {
    const created = this.insertStmt.run(sms).changes === 1;
    return { row: this.byKeyStmt.get(sms.eventKey) as SmsRow, created };
  }

  get(id: number): SmsRow | undefined {
    return this.byIdStmt.get(id) as SmsRow | undefined;
  }

  due(now: number, limit: number): SmsRow[] {
    return this.dueStmt.all(now, limit) as SmsRow[];
  }

  recent(limit: number): SmsRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM sms_outbox ORDER BY id DESC LIMIT ?`).all(limit) as SmsRow[];
  }

  /** Committed BEFORE the carrier is called: a crash after this point is resolved by looking, never by re-sending blind. */
  markSending(id: number, now: number): void {
    this.update(id, `state = 'sending', attempts = attempts + 1, sending_since = ?, next_attempt_at = ?`, now, now);
  }

  markSent(id: number, sid: string, status: string, now: number, nextPollAt: number): void {
    this.update(id, `state = 'sent', twilio_sid = ?, delivery_status = ?, sent_at = coalesce(sent_at, ?), sending_since = NULL, next_attempt_at = ?`, sid, status, now, nextPollAt);
  }

  /** Still in flight at the carrier: look again at `nextPollAt`. */
  polled(id: number, status: string, nextPollAt: number): void {
    this.update(id, `delivery_status = ?, next_attempt_at = ?`, status, nextPollAt);
  }

  /** A final state; 'sent' as final means the carrier took it but never confirmed delivery (no longer followed). */
  finish(id: number, state: 'sent' | 'delivered' | 'failed' | 'suppressed' | 'expired', now: number, detail: { status?: string | null; errorCode?: number | null; error?: string | null } = {}): void {
    this.update(id, `state = ?, finished_at = ?, delivery_status = coalesce(?, delivery_status), error_code = coalesce(?, error_code), last_error = coalesce(?, last_error), sending_since = NULL`,
      state, now, detail.status ?? null, detail.errorCode ?? null, detail.error?.slice(0, 500) ?? null);
  }

  /** Messages of these events not sent yet are no longer wanted (the booking they remind of was used): expired. */
  cancelUnsent(eventKeyPrefix: string, now: number, why: string): number {
    return this.db
      .prepare(`UPDATE sms_outbox SET state = 'expired', finished_at = ?, last_error = ? WHERE state = 'queued' AND substr(event_key, 1, length(?)) = ?`)
      .run(now, why.slice(0, 500), eventKeyPrefix, eventKeyPrefix).changes;
  }

  /** Back in the queue for another attempt (or a later slot: quiet hours, rate limit). */
  requeue(id: number, nextAttemptAt: number, error: string | null = null, errorCode: number | null = null): void {
    this.update(id, `state = 'queued', next_attempt_at = ?, sending_since = NULL, last_error = coalesce(?, last_error), error_code = coalesce(?, error_code)`,
      nextAttemptAt, error?.slice(0, 500) ?? null, errorCode);
  }

  /** The carrier's state is unknown (answer lost): look again later, do not send. */
  retryLookup(id: number, nextAttemptAt: number, error: string): void {
    this.update(id, `next_attempt_at = ?, last_error = ?`, nextAttemptAt, error.slice(0, 500));
  }

  markReported(id: number, now: number): void {
    this.update(id, 'reported_at = ?', now);
  }

  sentSince(number: string, since: number): number {
    return this.db.prepare(`SELECT count(*) FROM sms_outbox WHERE to_number = ? AND sent_at >= ?`).pluck().get(number, since) as number;
  }

  isOptedOut(number: string): boolean {
    return this.db.prepare('SELECT 1 FROM sms_opt_outs WHERE number = ?').get(number) !== undefined;
  }

  optOut(number: string, at: number, source: 'carrier' | 'booth'): void {
    this.db.prepare('INSERT INTO sms_opt_outs (number, at, source) VALUES (?, ?, ?) ON CONFLICT (number) DO NOTHING').run(number, at, source);
  }

  optIn(number: string): boolean {
    return this.db.prepare('DELETE FROM sms_opt_outs WHERE number = ?').run(number).changes === 1;
  }

  private update(id: number, set: string, ...values: unknown[]): void {
    this.db.prepare(`UPDATE sms_outbox SET ${set} WHERE id = ?`).run(...values, id);
  }
}
