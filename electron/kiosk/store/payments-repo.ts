import type { Database, Statement } from 'better-sqlite3';

/** Rows of migration 0003 as the payments capability reads them (camelCase; amounts in minor units). */
export type PaymentMethod = 'card' | 'cash' | 'wallet' | 'qr';
export type AttemptState = 'created' | 'sent_to_reader' | 'succeeded' | 'declined' | 'cancelled' | 'failed';
export const UNFINISHED_STATES: readonly AttemptState[] = ['created', 'sent_to_reader'];

export interface Attempt {
  id: number;
  idempotencyKey: string;
  sessionId: number | null;
  method: PaymentMethod;
  amountMinor: number;
  currency: string;
  state: AttemptState;
  terminalId: string | null;
  paymentIntentId: string | null;
  cardBrand: string | null;
  last4: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  shiftId: number | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface Payment {
  id: number;
  idempotencyKey: string;
  attemptId: number | null;
  sessionId: number | null;
  method: PaymentMethod;
  amountMinor: number;
  currency: string;
  taxMinor: number;
  tenderedMinor: number | null;
  changeMinor: number | null;
  walletId: number | null;
  shiftId: number | null;
  paymentIntentId: string | null;
  cardBrand: string | null;
  last4: string | null;
  quote: unknown;
  refundedMinor: number;
  voided: boolean;
  receiptNo: number;
  takenBy: string;
  takenAt: number;
}

export type NewPayment = Omit<Payment, 'id' | 'refundedMinor' | 'voided' | 'receiptNo'>;

export interface Refund {
  id: number;
  idempotencyKey: string;
  paymentId: number;
  kind: 'refund' | 'void';
  amountMinor: number;
  currency: string;
  state: 'created' | 'succeeded' | 'failed';
  stripeRefund: string | null;
  shiftId: number | null;
  reason: string;
  failureMessage: string | null;
  receiptNo: number | null;
  by: string;
  at: number;
}

export interface Debt {
  id: number;
  plateKey: string;
  sessionId: number | null;
  amountMinor: number;
  currency: string;
  reason: string;
  status: 'open' | 'paid' | 'waived';
  createdAt: number;
  createdBy: string;
}

export interface Adjustment {
  id: number;
  sessionId: number;
  kind: 'validation' | 'discount' | 'free_time' | 'lost_ticket';
  code: string | null;
  minutesOff: number | null;
  valueOffMinor: number | null;
  reasonCode: string | null;
  reason: string | null;
  by: string;
  at: number;
}

export interface ValidationCode {
  code: string;
  merchant: string;
  kind: 'time' | 'value';
  minutesOff: number | null;
  valueOffMinor: number | null;
  maxUses: number;
  uses: number;
  validFrom: number;
  validTo: number;
  revokedAt: number | null;
}

/** A code with who made it and when, for the supervisor's list. */
export interface StoredValidationCode extends ValidationCode {
  createdAt: number;
  createdBy: string;
}

export interface QrLink {
  nonce: string;
  sessionId: number;
  amountMinor: number;
  currency: string;
  expiresAt: number;
  state: 'issued' | 'paid' | 'cancelled';
  paymentId: number | null;
}

export interface PaymentSettings {
  offlinePolicy: 'let-out-record-debt' | 'hold';
  qrLinkTtlS: number;
  belowCardMinimum: 'cash_or_wallet' | 'waive';
}

export interface Receipt {
  no: number;
  kind: 'receipt' | 'credit_note';
  paymentId: number | null;
  refundId: number | null;
  issuedAt: number;
  body: unknown;
}

type Row = Record<string, unknown>;
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
/** snake_case row -> camelCase object; the column names of 0003 were chosen so that this is the whole mapping. */
function fromRow<T>(row: Row | undefined, rename: Record<string, string> = {}): T | undefined {
  if (!row) return undefined;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [rename[k] ?? camel(k), v])) as T;
}
const ATTEMPT_NAMES = { stripe_payment_intent: 'paymentIntentId', card_last4: 'last4' };
const toAttempt = (row: Row | undefined) => fromRow<Attempt>(row, ATTEMPT_NAMES);
const toPayment = (row: Row | undefined): Payment | undefined => {
  const payment = fromRow<Omit<Payment, 'quote' | 'voided'> & { quote: string; voided: number }>(row, ATTEMPT_NAMES);
  return payment && { ...payment, quote: JSON.parse(payment.quote) as unknown, voided: payment.voided === 1 };
};
const toReceipt = (row: Row | undefined): Receipt | undefined => {
  const receipt = fromRow<Omit<Receipt, 'body'> & { body: string }>(row);
  return receipt && { ...receipt, body: JSON.parse(receipt.body) as unknown };
};

/** Attempts, payments, receipts, refunds, the drawer, debts, adjustments, validation codes, QR links, settings. */
export class PaymentsRepo {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /** Each statement is prepared once per connection: a payment runs a dozen of them. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  // ---- attempts ----
  insertAttempt(attempt: Pick<Attempt, 'idempotencyKey' | 'sessionId' | 'method' | 'amountMinor' | 'currency' | 'terminalId' | 'shiftId' | 'createdBy'>, at: number): Attempt {
    const { lastInsertRowid } = this.sql(`INSERT INTO payment_attempts (idempotency_key, session_id, method, amount_minor, currency, state, terminal_id, shift_id, created_by, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, 'created', ?, ?, ?, ?, ?)`)
      .run(attempt.idempotencyKey, attempt.sessionId, attempt.method, attempt.amountMinor, attempt.currency, attempt.terminalId, attempt.shiftId, attempt.createdBy, at, at);
    return this.attempt(Number(lastInsertRowid))!;
  }

  attempt(id: number): Attempt | undefined {
    return toAttempt(this.sql('SELECT * FROM payment_attempts WHERE id = ?').get(id) as Row | undefined);
  }

  attemptByKey(key: string): Attempt | undefined {
    return toAttempt(this.sql('SELECT * FROM payment_attempts WHERE idempotency_key = ?').get(key) as Row | undefined);
  }

  unfinishedAttempts(filter: { sessionId?: number; shiftId?: number } = {}): Attempt[] {
    const rows = this.sql(`SELECT * FROM payment_attempts WHERE state IN ('created','sent_to_reader')
        AND (@sessionId IS NULL OR session_id = @sessionId) AND (@shiftId IS NULL OR shift_id = @shiftId) ORDER BY id`)
      .all({ sessionId: filter.sessionId ?? null, shiftId: filter.shiftId ?? null }) as Row[];
    return rows.map((row) => toAttempt(row)!);
  }

  /** Moves an unfinished attempt on; false when it had already finished (a reconciliation raced the live flow). */
  updateAttempt(id: number, change: { state: AttemptState; paymentIntentId?: string | null; cardBrand?: string | null; last4?: string | null; failureCode?: string | null; failureMessage?: string | null }, at: number): boolean {
    return (
      this.sql(`UPDATE payment_attempts SET state = @state, stripe_payment_intent = coalesce(@pi, stripe_payment_intent),
          card_brand = coalesce(@brand, card_brand), card_last4 = coalesce(@last4, card_last4),
          failure_code = coalesce(@code, failure_code), failure_message = coalesce(@message, failure_message), updated_at = @at
          WHERE id = @id AND state IN ('created','sent_to_reader')`)
        .run({ id, at, state: change.state, pi: change.paymentIntentId ?? null, brand: change.cardBrand ?? null, last4: change.last4 ?? null, code: change.failureCode ?? null, message: change.failureMessage ?? null }).changes === 1
    );
  }

  // ---- payments and receipts ----
  /** The next receipt number: max + 1, read inside the payment's transaction (BEGIN IMMEDIATE holds the write lock). */
  nextReceiptNo(): number {
    return (this.sql('SELECT coalesce(max(no), 0) + 1 FROM receipts').pluck().get() as number);
  }

  insertPayment(payment: NewPayment, receiptNo: number): Payment {
    const { lastInsertRowid } = this.sql(`INSERT INTO payments (idempotency_key, attempt_id, session_id, method, amount_minor, currency, tax_minor, tendered_minor, change_minor,
          wallet_id, shift_id, stripe_payment_intent, card_brand, card_last4, quote, receipt_no, taken_by, taken_at)
        VALUES (@idempotencyKey, @attemptId, @sessionId, @method, @amountMinor, @currency, @taxMinor, @tenderedMinor, @changeMinor,
          @walletId, @shiftId, @paymentIntentId, @cardBrand, @last4, @quote, @receiptNo, @takenBy, @takenAt)`)
      .run({ ...payment, quote: JSON.stringify(payment.quote), receiptNo });
    return this.payment(Number(lastInsertRowid))!;
  }

  payment(id: number): Payment | undefined {
    return toPayment(this.sql('SELECT * FROM payments WHERE id = ?').get(id) as Row | undefined);
  }

  paymentByKey(key: string): Payment | undefined {
    return toPayment(this.sql('SELECT * FROM payments WHERE idempotency_key = ?').get(key) as Row | undefined);
  }

  paymentsForSession(sessionId: number): Payment[] {
    return (this.sql('SELECT * FROM payments WHERE session_id = ? ORDER BY id').all(sessionId) as Row[]).map((row) => toPayment(row)!);
  }

  listPayments(query: { beforeId?: number; limit: number; sessionId?: number }): Payment[] {
    const rows = this.sql(`SELECT * FROM payments WHERE (@before IS NULL OR id < @before) AND (@session IS NULL OR session_id = @session) ORDER BY id DESC LIMIT @limit`)
      .all({ before: query.beforeId ?? null, session: query.sessionId ?? null, limit: query.limit }) as Row[];
    return rows.map((row) => toPayment(row)!);
  }

  /** Guarded: never refunds more than is left; false when it would. */
  addRefunded(paymentId: number, amountMinor: number, voided: boolean): boolean {
    return (
      this.sql('UPDATE payments SET refunded_minor = refunded_minor + ?, voided = max(voided, ?) WHERE id = ? AND refunded_minor + ? <= amount_minor')
        .run(amountMinor, voided ? 1 : 0, paymentId, amountMinor).changes === 1
    );
  }

  insertReceipt(receipt: Omit<Receipt, 'body'> & { body: unknown }): void {
    this.sql('INSERT INTO receipts (no, kind, payment_id, refund_id, issued_at, body) VALUES (?, ?, ?, ?, ?, ?)')
      .run(receipt.no, receipt.kind, receipt.paymentId, receipt.refundId, receipt.issuedAt, JSON.stringify(receipt.body));
  }

  receipt(no: number): Receipt | undefined {
    return toReceipt(this.sql('SELECT * FROM receipts WHERE no = ?').get(no) as Row | undefined);
  }

  // ---- refunds ----
  insertRefund(refund: Omit<Refund, 'id' | 'state' | 'stripeRefund' | 'failureMessage' | 'receiptNo'>): Refund {
    const { lastInsertRowid } = this.sql(`INSERT INTO refunds (idempotency_key, payment_id, kind, amount_minor, currency, state, shift_id, reason, by, at, updated_at)
        VALUES (@idempotencyKey, @paymentId, @kind, @amountMinor, @currency, 'created', @shiftId, @reason, @by, @at, @at)`)
      .run(refund);
    return this.refund(Number(lastInsertRowid))!;
  }

  refund(id: number): Refund | undefined {
    return fromRow<Refund>(this.sql('SELECT * FROM refunds WHERE id = ?').get(id) as Row | undefined);
  }

  refundByKey(key: string): Refund | undefined {
    return fromRow<Refund>(this.sql('SELECT * FROM refunds WHERE idempotency_key = ?').get(key) as Row | undefined);
  }

  refundsFor(paymentId: number): Refund[] {
    return (this.sql('SELECT * FROM refunds WHERE payment_id = ? ORDER BY id').all(paymentId) as Row[]).map((row) => fromRow<Refund>(row)!);
  }

  unfinishedRefunds(): Refund[] {
    return (this.sql("SELECT * FROM refunds WHERE state = 'created' ORDER BY id").all() as Row[]).map((row) => fromRow<Refund>(row)!);
  }

  /** Refunds not yet finished for a payment, in minor units: a new refund must fit beside them. */
  pendingRefundMinor(paymentId: number): number {
    return this.sql("SELECT coalesce(sum(amount_minor), 0) FROM refunds WHERE payment_id = ? AND state = 'created'").pluck().get(paymentId) as number;
  }

  finishRefund(id: number, change: { state: 'succeeded' | 'failed'; stripeRefund?: string | null; failureMessage?: string | null; receiptNo?: number | null }, at: number): boolean {
    return (
      this.sql(`UPDATE refunds SET state = ?, stripe_refund = ?, failure_message = ?, receipt_no = ?, updated_at = ? WHERE id = ? AND state = 'created'`)
        .run(change.state, change.stripeRefund ?? null, change.failureMessage ?? null, change.receiptNo ?? null, at, id).changes === 1
    );
  }

  // ---- the cash drawer ----
  insertCashMovement(movement: { shiftId: number; kind: 'sale' | 'refund' | 'paid_in' | 'paid_out' | 'drop'; amountMinor: number; paymentId?: number | null; refundId?: number | null; reason?: string | null; at: number; by: string; idempotencyKey?: string }): void {
    this.sql('INSERT INTO cash_movements (shift_id, kind, amount_minor, payment_id, refund_id, reason, at, by, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(movement.shiftId, movement.kind, movement.amountMinor, movement.paymentId ?? null, movement.refundId ?? null, movement.reason ?? null, movement.at, movement.by, movement.idempotencyKey ?? null);
  }

  /** The paid-in, paid-out or drop recorded under this key, if any. */
  cashMovementByKey(idempotencyKey: string): { shiftId: number; kind: string; amountMinor: number } | undefined {
    return this.sql('SELECT shift_id AS shiftId, kind, amount_minor AS amountMinor FROM cash_movements WHERE idempotency_key = ?').get(idempotencyKey) as
      | { shiftId: number; kind: string; amountMinor: number }
      | undefined;
  }

  /** Net cash into the shift's drawer beyond its float, by kind of movement. */
  cashByKind(shiftId: number): Record<string, number> {
    const rows = this.sql('SELECT kind, sum(amount_minor) AS total FROM cash_movements WHERE shift_id = ? GROUP BY kind').all(shiftId) as { kind: string; total: number }[];
    return Object.fromEntries(rows.map((row) => [row.kind, row.total]));
  }

  // ---- debts ----
  insertDebt(debt: { plateKey: string; plateFold: string; sessionId: number | null; amountMinor: number; currency: string; reason: string; at: number; by: string }): Debt {
    const { lastInsertRowid } = this.sql(`INSERT INTO debts (plate_key, plate_fold, session_id, amount_minor, currency, reason, status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`)
      .run(debt.plateKey, debt.plateFold, debt.sessionId, debt.amountMinor, debt.currency, debt.reason, debt.at, debt.by);
    return this.openDebts({ id: Number(lastInsertRowid) })[0]!;
  }

  openDebts(filter: { plateFold?: string; id?: number }): Debt[] {
    const rows = this.sql(`SELECT id, plate_key, session_id, amount_minor, currency, reason, status, created_at, created_by FROM debts
        WHERE (@fold IS NULL OR (plate_fold = @fold AND status = 'open')) AND (@id IS NULL OR id = @id) ORDER BY id`)
      .all({ fold: filter.plateFold ?? null, id: filter.id ?? null }) as Row[];
    return rows.map((row) => fromRow<Debt>(row)!);
  }

  /** What the debts a stay left with were paid at later stays: money the stay no longer owes. */
  debtsSettledMinor(sessionId: number): number {
    return this.sql(`SELECT coalesce(sum(amount_minor), 0) FROM debts WHERE session_id = ? AND status = 'paid'`).pluck().get(sessionId) as number;
  }

  settleDebts(ids: readonly number[], at: number, by: string): number {
    const settle = this.sql(`UPDATE debts SET status = 'paid', settled_at = ?, settled_by = ? WHERE id = ? AND status = 'open'`);
    return ids.reduce((n, id) => n + settle.run(at, by, id).changes, 0);
  }

  // ---- adjustments and validation codes ----
  insertAdjustment(adjustment: Omit<Adjustment, 'id'>): Adjustment {
    const { lastInsertRowid } = this.sql(`INSERT INTO session_adjustments (session_id, kind, code, minutes_off, value_off_minor, reason_code, reason, by, at)
        VALUES (@sessionId, @kind, @code, @minutesOff, @valueOffMinor, @reasonCode, @reason, @by, @at)`)
      .run(adjustment);
    return { ...adjustment, id: Number(lastInsertRowid) };
  }

  adjustments(sessionId: number): Adjustment[] {
    const rows = this.sql('SELECT id, session_id, kind, code, minutes_off, value_off_minor, reason_code, reason, by, at FROM session_adjustments WHERE session_id = ? AND revoked_at IS NULL ORDER BY id')
      .all(sessionId) as Row[];
    return rows.map((row) => fromRow<Adjustment>(row)!);
  }

  insertValidationCode(code: Omit<ValidationCode, 'uses' | 'revokedAt'>, at: number, by: string): void {
    this.sql(`INSERT INTO validation_codes (code, merchant, kind, minutes_off, value_off_minor, max_uses, valid_from, valid_to, created_at, created_by)
        VALUES (@code, @merchant, @kind, @minutesOff, @valueOffMinor, @maxUses, @validFrom, @validTo, @at, @by)`)
      .run({ ...code, at, by });
  }

  validationCode(code: string): ValidationCode | undefined {
    const row = this.sql('SELECT code, merchant, kind, minutes_off, value_off_minor, max_uses, uses, valid_from, valid_to, revoked_at FROM validation_codes WHERE code = ?')
      .get(code) as Row | undefined;
    return fromRow<ValidationCode>(row);
  }

  /** Newest first; used up, expired and revoked codes included. */
  validationCodes(limit: number): StoredValidationCode[] {
    const rows = this.sql(`SELECT code, merchant, kind, minutes_off, value_off_minor, max_uses, uses, valid_from, valid_to, revoked_at, created_at, created_by
        FROM validation_codes ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(limit) as Row[];
    return rows.map((row) => fromRow<StoredValidationCode>(row)!);
  }

  /** Takes one use of a code, guarded in SQL so two lanes cannot both take its last use. */
  useValidationCode(code: string, at: number): boolean {
    return (
      this.sql('UPDATE validation_codes SET uses = uses + 1 WHERE code = ? AND uses < max_uses AND revoked_at IS NULL AND valid_from <= ? AND ? < valid_to')
        .run(code, at, at).changes === 1
    );
  }

  // ---- QR links ----
  insertQrLink(link: Omit<QrLink, 'state' | 'paymentId'>, at: number, by: string): void {
    this.sql(`INSERT INTO qr_links (nonce, session_id, amount_minor, currency, expires_at, state, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'issued', ?, ?)`)
      .run(link.nonce, link.sessionId, link.amountMinor, link.currency, link.expiresAt, at, by);
  }

  qrLink(nonce: string): (QrLink & { headofficeRef: string | null }) | undefined {
    const row = this.sql('SELECT nonce, session_id, amount_minor, currency, expires_at, state, payment_id, headoffice_ref FROM qr_links WHERE nonce = ?').get(nonce) as Row | undefined;
    return fromRow(row);
  }

  markQrPaid(nonce: string, paymentId: number, headofficeRef: string): boolean {
    return this.sql(`UPDATE qr_links SET state = 'paid', payment_id = ?, headoffice_ref = ? WHERE nonce = ? AND state = 'issued'`).run(paymentId, headofficeRef, nonce).changes === 1;
  }

  // ---- settings ----
  settings(): PaymentSettings {
    return fromRow<PaymentSettings>(this.sql('SELECT offline_policy, qr_link_ttl_s, below_card_minimum FROM payment_settings WHERE id = 1').get() as Row)!;
  }

  saveSettings(settings: PaymentSettings, at: number, by: string): void {
    this.sql('UPDATE payment_settings SET offline_policy = ?, qr_link_ttl_s = ?, below_card_minimum = ?, updated_at = ?, updated_by = ? WHERE id = 1').run(settings.offlinePolicy, settings.qrLinkTtlS, settings.belowCardMinimum, at, by);
  }
}
