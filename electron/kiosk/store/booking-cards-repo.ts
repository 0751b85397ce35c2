import type { Database } from 'better-sqlite3';
import type { SpaceType } from '../contract';
import type { Attempt, AttemptState } from './payments-repo';

/**
 * The booking change a card attempt pays for (migration 0025): the new window, plate, place and price, and the booking
 * version it was made from (the change applies only to that version).
 */
export interface PendingChange {
  startsAt: number;
  endsAt: number;
  plateRaw: string;
  plateKey: string;
  plateFold: string;
  zoneId: string;
  spaceType: SpaceType;
  spaceId: number | null;
  priceMinor: number;
  version: number;
}

/** A booking's card attempt at the booth reader (migration 0024): a stay's attempt with a booking instead of a session. */
export type BookingCardAttempt = Omit<Attempt, 'sessionId' | 'method' | 'terminalId'> & { bookingId: number; terminalId: string; pendingChange: PendingChange | null };

type AttemptRow = Omit<BookingCardAttempt, 'pendingChange'> & { pendingChange: string | null };
const parsed = (row: AttemptRow | undefined): BookingCardAttempt | undefined => row && { ...row, pendingChange: row.pendingChange === null ? null : (JSON.parse(row.pendingChange) as PendingChange) };

/** A card refund owed to a booking's card: its row is committed before Stripe is asked; stripeRefund is set once it answered. */
export interface CardRefundDue {
  id: number;
  bookingId: number;
  idempotencyKey: string;
  amountMinor: number;
  paymentIntentId: string;
  terminalId: string;
}

const ATTEMPT = `id, idempotency_key AS idempotencyKey, booking_id AS bookingId, amount_minor AS amountMinor, currency, state,
  terminal_id AS terminalId, stripe_payment_intent AS paymentIntentId, card_brand AS cardBrand, card_last4 AS last4,
  failure_code AS failureCode, failure_message AS failureMessage, shift_id AS shiftId, created_by AS createdBy,
  created_at AS createdAt, updated_at AS updatedAt, pending_change AS pendingChange`;

export class BookingCardsRepo {
  constructor(private readonly db: Database) {}

  insertAttempt(attempt: Pick<BookingCardAttempt, 'idempotencyKey' | 'bookingId' | 'amountMinor' | 'currency' | 'terminalId' | 'shiftId' | 'createdBy'> & { pendingChange?: PendingChange }, at: number): BookingCardAttempt {
    const { pendingChange, ...row } = attempt;
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO booking_card_attempts (idempotency_key, booking_id, amount_minor, currency, state, terminal_id, shift_id, created_by, created_at, updated_at, pending_change)
        VALUES (@idempotencyKey, @bookingId, @amountMinor, @currency, 'created', @terminalId, @shiftId, @createdBy, @at, @at, @change)`)
      .run({ ...row, change: pendingChange ? JSON.stringify(pendingChange) : null, at });
    return parsed(this.db.prepare(`SELECT ${ATTEMPT} FROM booking_card_attempts WHERE id = ?`).get(lastInsertRowid) as AttemptRow)!;
  }

  byKey(key: string): BookingCardAttempt | undefined {
    return parsed(this.db.prepare(`SELECT ${ATTEMPT} FROM booking_card_attempts WHERE idempotency_key = ?`).get(key) as AttemptRow | undefined);
  }

  unfinished(): BookingCardAttempt[] {
    return (this.db.prepare(`SELECT ${ATTEMPT} FROM booking_card_attempts WHERE state IN ('created','sent_to_reader') ORDER BY id`).all() as AttemptRow[]).map((row) => parsed(row)!);
  }

  /** How many card attempts taken on the shift have not ended (the shift cannot close while they run). */
  unfinishedOnShift(shiftId: number): number {
    return this.db.prepare("SELECT count(*) FROM booking_card_attempts WHERE shift_id = ? AND state IN ('created','sent_to_reader')").pluck().get(shiftId) as number;
  }

  /** Whether a card attempt is still in flight for the booking (its payment may yet be taken). */
  inFlight(bookingId: number): boolean {
    return this.db.prepare("SELECT 1 FROM booking_card_attempts WHERE booking_id = ? AND state IN ('created','sent_to_reader') LIMIT 1").get(bookingId) !== undefined;
  }

  /** Moves an unfinished attempt on; false when it had already finished (reconciliation raced the live flow). */
  update(id: number, change: { state: AttemptState; paymentIntentId?: string | null; cardBrand?: string | null; last4?: string | null; failureCode?: string | null; failureMessage?: string | null }, at: number): boolean {
    return (
      this.db
        .prepare(`UPDATE booking_card_attempts SET state = @state, stripe_payment_intent = coalesce(@pi, stripe_payment_intent),
          card_brand = coalesce(@brand, card_brand), card_last4 = coalesce(@last4, card_last4),
          failure_code = coalesce(@code, failure_code), failure_message = coalesce(@message, failure_message), updated_at = @at
          WHERE id = @id AND state IN ('created','sent_to_reader')`)
        .run({ id, at, state: change.state, pi: change.paymentIntentId ?? null, brand: change.cardBrand ?? null, last4: change.last4 ?? null, code: change.failureCode ?? null, message: change.failureMessage ?? null }).changes === 1
    );
  }

  /** The booking's card charges with what is left of each to refund, oldest first. */
  cardCharges(bookingId: number): { paymentIntentId: string; terminalId: string; leftMinor: number }[] {
    return this.db
      .prepare(`SELECT c.stripe_payment_intent AS paymentIntentId, c.terminal_id AS terminalId,
          c.amount_minor - coalesce((SELECT sum(r.amount_minor) FROM booking_payments r WHERE r.booking_id = c.booking_id AND r.kind = 'refund'
            AND r.method = 'card' AND r.stripe_payment_intent = c.stripe_payment_intent), 0) AS leftMinor
        FROM booking_payments c WHERE c.booking_id = ? AND c.kind = 'charge' AND c.method = 'card' AND c.stripe_payment_intent IS NOT NULL ORDER BY c.id`)
      .all(bookingId) as { paymentIntentId: string; terminalId: string; leftMinor: number }[];
  }

  /** A card movement on a booking (its charge, or a refund still to send), with the PaymentIntent it concerns. */
  insertCardMoney(money: { bookingId: number; idempotencyKey: string; kind: 'charge' | 'refund'; amountMinor: number; paymentIntentId: string; terminalId: string; at: number; by: string }): void {
    this.db
      .prepare(`INSERT INTO booking_payments (booking_id, idempotency_key, kind, method, amount_minor, stripe_payment_intent, terminal_id, at, by)
        VALUES (@bookingId, @idempotencyKey, @kind, 'card', @amountMinor, @paymentIntentId, @terminalId, @at, @by)`)
      .run(money);
  }

  refundsDue(): CardRefundDue[] {
    return this.db
      .prepare(`SELECT id, booking_id AS bookingId, idempotency_key AS idempotencyKey, amount_minor AS amountMinor, stripe_payment_intent AS paymentIntentId,
          terminal_id AS terminalId FROM booking_payments WHERE kind = 'refund' AND method = 'card' AND stripe_refund IS NULL ORDER BY id`)
      .all() as CardRefundDue[];
  }

  refundSent(id: number, stripeRefund: string): void {
    this.db.prepare('UPDATE booking_payments SET stripe_refund = ? WHERE id = ? AND stripe_refund IS NULL').run(stripeRefund, id);
  }
}
