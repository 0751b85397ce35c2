/**
 * Committing money: the one place a payment is written. The payment row, its session update, its receipt number
 * and frozen body, the drawer or wallet movement, the settled debts, the audit row and the outbox row commit in
 * ONE store.change() transaction, or none of them do.
 */
import type { Session } from '../contract';
import type { PaymentView } from '../contract/payments';
import type { SiteSettings } from '../contract/settings';
import { audit, type Core } from '../core';
import { isDiskFull } from '../disk/unrecorded';
import { conflict, diskFull } from '../errors';
import type { Attempt, Payment, PaymentMethod, PaymentsRepo } from '../store/payments-repo';
import type { WalletsRepo } from '../store/wallets-repo';
import type { ChargeBook } from './charges';
import type { ExitQuote } from './pricing';
import type { ReceiptBody } from './receipt';

export interface PaymentsContext {
  readonly core: Core;
  readonly repo: PaymentsRepo;
  readonly wallets: WalletsRepo;
  readonly charges: ChargeBook;
}

/**
 * Runs a money change that must not wait in memory (money taken must be on record before the driver goes): on a
 * full disk its transaction was rolled back whole, and the attendant is told what that means for the money.
 */
export function unlessDiskFull<T>(change: () => T, whatToDo: string): T {
  try {
    return change();
  } catch (error) {
    if (isDiskFull(error)) throw diskFull(whatToDo);
    throw error;
  }
}

const LET_OUT_BY_HAND = 'let the car out by hand (open barrier, with the reason "disk full"), which is recorded once space returns';

export const CASH_NOT_RECORDED = `this cash payment was not recorded: give the cash back and ${LET_OUT_BY_HAND}`;
export const WALLET_NOT_RECORDED = `the wallet was not charged and nothing was recorded: ${LET_OUT_BY_HAND}`;
export const CARD_NOT_CHARGED = `the card was not charged (nothing was sent to the reader) and nothing was recorded: ${LET_OUT_BY_HAND}`;

export interface PaymentToRecord {
  idempotencyKey: string;
  attempt: Attempt | null;
  session: Session;
  method: PaymentMethod;
  amountMinor: number;
  currency: string;
  quote: ExitQuote;
  shiftId: number | null;
  tenderedMinor?: number;
  walletId?: number;
  paymentIntentId?: string;
  cardBrand?: string | null;
  last4?: string | null;
  by: string;
}

export const paymentView = (p: Payment): PaymentView => ({
  id: p.id,
  sessionId: p.sessionId,
  method: p.method,
  amountMinor: p.amountMinor,
  currency: p.currency,
  taxMinor: p.taxMinor,
  tenderedMinor: p.tenderedMinor,
  changeMinor: p.changeMinor,
  walletId: p.walletId,
  shiftId: p.shiftId,
  cardBrand: p.cardBrand,
  last4: p.last4,
  refundedMinor: p.refundedMinor,
  voided: p.voided,
  receiptNo: p.receiptNo,
  takenBy: p.takenBy,
  takenAt: p.takenAt,
});

export function receiptBodyOf(ctx: PaymentsContext, payment: Payment, session: Session | null, quote: ExitQuote | null, at: number): ReceiptBody {
  const { site } = ctx.core.layout();
  return {
    no: payment.receiptNo,
    kind: 'receipt',
    site: { name: site.name, currency: site.currency, locale: site.locale, timeZone: site.timeZone, taxRateBp: site.taxRateBp },
    issuedAt: at,
    plate: session?.plateKey ?? null,
    entryAt: session?.entryAt ?? null,
    pricedAt: quote?.pricedAt ?? null,
    lines: receiptLines(quote),
    totalMinor: payment.amountMinor,
    taxMinor: payment.taxMinor,
    method: payment.method,
    cardBrand: payment.cardBrand,
    last4: payment.last4,
    tenderedMinor: payment.tenderedMinor,
    changeMinor: payment.changeMinor,
    paymentId: payment.id,
    refundsReceiptNo: null,
    reason: null,
    by: payment.takenBy,
    ...receiptNotes(ctx.core.store.settings.get().settings),
  };
}

/** The header and footer a receipt issued now carries (none until an admin sets them: bodies stay as before). */
function receiptNotes({ receiptHeader, receiptFooter }: SiteSettings): Pick<ReceiptBody, 'header' | 'footer'> {
  return { ...(receiptHeader.length ? { header: receiptHeader } : {}), ...(receiptFooter.length ? { footer: receiptFooter } : {}) };
}

/** The quote's lines, then what was already paid (an overstay's receipt adds up to what this payment took). */
function receiptLines(quote: ExitQuote | null): ReceiptBody['lines'] {
  if (!quote) return [];
  const lines = quote.lines.map((line) => ({ label: line.quantity > 1 ? `${line.label} x${line.quantity}` : line.label, amountMinor: line.amountMinor }));
  return quote.paidMinor > 0 ? [...lines, { label: 'Already paid', amountMinor: -Math.min(quote.paidMinor, quote.totalMinor) }] : lines;
}

/**
 * Writes the payment and everything that goes with it; returns the payment already recorded under this key when a
 * reconciliation and the live flow race to record the same card attempt.
 */
export function recordPayment(ctx: PaymentsContext, record: PaymentToRecord): Payment {
  const { core, repo } = ctx;
  const { store } = core;
  const at = core.now();
  const payment = store.change(() => {
    const already = repo.paymentByKey(record.idempotencyKey);
    if (already) return already;
    if (record.attempt && !repo.updateAttempt(record.attempt.id, { state: 'succeeded', paymentIntentId: record.paymentIntentId, cardBrand: record.cardBrand, last4: record.last4 }, at)) {
      throw conflict(`payment attempt ${record.attempt.id} has already finished`);
    }
    const tenderedMinor = record.method === 'cash' ? (record.tenderedMinor ?? record.amountMinor) : null;
    const payment = repo.insertPayment(
      {
        idempotencyKey: record.idempotencyKey,
        attemptId: record.attempt?.id ?? null,
        sessionId: record.session.id,
        method: record.method,
        amountMinor: record.amountMinor,
        currency: record.currency,
        taxMinor: Math.min(record.quote.taxMinor, record.amountMinor),
        tenderedMinor,
        changeMinor: tenderedMinor === null ? null : tenderedMinor - record.amountMinor,
        walletId: record.walletId ?? null,
        shiftId: record.shiftId,
        paymentIntentId: record.paymentIntentId ?? null,
        cardBrand: record.cardBrand ?? null,
        last4: record.last4 ?? null,
        quote: record.quote,
        takenBy: record.by,
        takenAt: at,
      },
      repo.nextReceiptNo(),
    );
    // Card and QR money has already moved: a car that left (or a voided session) still gets its payment on the books.
    const onSession = store.sessions.recordPayment(record.session.id, record.amountMinor, at);
    if (!onSession && (record.method === 'cash' || record.method === 'wallet')) throw conflict(`session ${record.session.id} is no longer inside the lot`);
    // What this money paid for becomes the stay's charge: the exit, the lane and head office read it from here. Money
    // that arrives after the car left counts against the charge its exit recorded (an overpayment is then said).
    if (onSession) ctx.charges.record(record.session.id, record.quote, 'payment', record.by);
    const afterExit = !onSession && store.sessions.recordPaymentAfterExit(record.session.id, record.amountMinor);
    // Card or QR money that arrives for a stay already paid another way (found by reconciliation after an outage).
    const overpaidMinor = Math.max(0, record.amountMinor - record.quote.dueMinor);
    repo.settleDebts(record.quote.debtIds, at, record.by);
    moveMoney(ctx, record, payment, at);
    repo.insertReceipt({ no: payment.receiptNo, kind: 'receipt', paymentId: payment.id, refundId: null, issuedAt: at, body: receiptBodyOf(ctx, payment, record.session, record.quote, at) });
    audit(core, {
      actor: record.by,
      action: `payment.${record.method}`,
      subject: `session:${record.session.id}`,
      detail: { paymentId: payment.id, amountMinor: payment.amountMinor, currency: payment.currency, receiptNo: payment.receiptNo, attemptId: record.attempt?.id ?? null, onSession, afterExit, debtsSettled: record.quote.debtIds, overpaidMinor },
    });
    store.outbox.append('payment', `payment:${payment.id}`, { ...paymentView(payment), idempotencyKey: payment.idempotencyKey, plateKey: record.session.plateKey }, at);
    return payment;
  });
  const overpaid = Math.max(0, payment.amountMinor - record.quote.dueMinor);
  announce(ctx, record.session, `${record.session.plateKey} paid ${payment.amountMinor} by ${payment.method} (receipt ${payment.receiptNo})${overpaid > 0 ? `: OVERPAID by ${overpaid}, refund it` : ''}`, 'payment');
  return payment;
}

function moveMoney(ctx: PaymentsContext, record: PaymentToRecord, payment: Payment, at: number): void {
  if (record.method === 'cash') {
    if (record.shiftId === null) throw conflict('cash goes into a shift drawer: open your shift first');
    ctx.repo.insertCashMovement({ shiftId: record.shiftId, kind: 'sale', amountMinor: payment.amountMinor, paymentId: payment.id, at, by: record.by });
  }
  if (record.method === 'wallet') {
    const balance = ctx.wallets.move(record.walletId!, -payment.amountMinor, { kind: 'debit', paymentId: payment.id, at, by: record.by });
    if (balance === null) throw conflict(`wallet ${record.walletId} cannot pay ${payment.amountMinor}: not enough balance, or inactive`);
  }
}

export function announce(ctx: PaymentsContext, session: Pick<Session, 'id' | 'plateKey'>, text: string, kind: string): void {
  const { bus, now } = ctx.core;
  bus.log({ at: now(), kind, text, sessionId: session.id });
  bus.emit('lot.changed', { reason: kind, sessionId: session.id });
}
