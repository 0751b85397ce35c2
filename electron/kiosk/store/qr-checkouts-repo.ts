import type { Database } from 'better-sqlite3';

/** A QR code's Stripe Checkout Session as the kiosk keeps it (migration 0011_qr_checkouts). */
export interface QrCheckout {
  readonly id: string;
  readonly sessionId: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly url: string;
  readonly expiresAt: number;
  readonly state: 'open' | 'paid' | 'void' | 'refunded';
  readonly voidReason: 'expired' | 'superseded' | null;
  readonly voidConfirmed: boolean;
  readonly paymentId: number | null;
}

const COLUMNS = `id, session_id AS sessionId, amount_minor AS amountMinor, currency, url, expires_at AS expiresAt, state,
  void_reason AS voidReason, void_confirmed AS voidConfirmed, payment_id AS paymentId`;
type Row = Omit<QrCheckout, 'voidConfirmed'> & { voidConfirmed: 0 | 1 };
const checkoutOf = (row: Row | undefined): QrCheckout | undefined => row && { ...row, voidConfirmed: row.voidConfirmed === 1 };

export class QrCheckoutsRepo {
  constructor(private readonly db: Database) {}

  insert(checkout: Pick<QrCheckout, 'id' | 'sessionId' | 'amountMinor' | 'currency' | 'url' | 'expiresAt'>, at: number, by: string): void {
    this.db
      .prepare(`INSERT INTO qr_checkouts (id, session_id, amount_minor, currency, url, expires_at, state, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`)
      .run(checkout.id, checkout.sessionId, checkout.amountMinor, checkout.currency, checkout.url, checkout.expiresAt, at, by, at);
  }

  get(id: string): QrCheckout | undefined {
    return checkoutOf(this.db.prepare(`SELECT ${COLUMNS} FROM qr_checkouts WHERE id = ?`).get(id) as Row | undefined);
  }

  openFor(sessionId: number): QrCheckout | undefined {
    return checkoutOf(this.db.prepare(`SELECT ${COLUMNS} FROM qr_checkouts WHERE session_id = ? AND state = 'open' ORDER BY created_at DESC LIMIT 1`).get(sessionId) as Row | undefined);
  }

  /** Codes on screen and void codes Stripe has not confirmed expired: what the sweep asks Stripe about. */
  unsettled(): QrCheckout[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM qr_checkouts WHERE state = 'open' OR (state = 'void' AND void_confirmed = 0) ORDER BY created_at`).all() as Row[]).map((row) => checkoutOf(row)!);
  }

  /** Only an open code becomes paid or void: false when another path got there first. */
  markPaid(id: string, paymentId: number, paymentIntentId: string | null, at: number): boolean {
    return this.db.prepare(`UPDATE qr_checkouts SET state = 'paid', payment_id = ?, payment_intent_id = ?, updated_at = ? WHERE id = ? AND state = 'open'`).run(paymentId, paymentIntentId, at, id).changes === 1;
  }

  markVoid(id: string, reason: 'expired' | 'superseded', at: number): boolean {
    return this.db.prepare(`UPDATE qr_checkouts SET state = 'void', void_reason = ?, updated_at = ? WHERE id = ? AND state = 'open'`).run(reason, at, id).changes === 1;
  }

  confirmVoid(id: string, at: number): void {
    this.db.prepare(`UPDATE qr_checkouts SET void_confirmed = 1, updated_at = ? WHERE id = ? AND state = 'void'`).run(at, id);
  }

  markRefunded(id: string, paymentIntentId: string, refundId: string, at: number): boolean {
    return this.db.prepare(`UPDATE qr_checkouts SET state = 'refunded', payment_intent_id = ?, refund_id = ?, updated_at = ? WHERE id = ? AND state = 'void'`).run(paymentIntentId, refundId, at, id).changes === 1;
  }
}
