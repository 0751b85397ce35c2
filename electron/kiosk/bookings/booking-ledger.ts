/**
 * A booking's money, inside the booking change's transaction: charges (wallet, cash into the drawer, or a card
 * attempt committed for the booth reader), fees, and refunds the way the money came (to the wallet, to the card
 * through Stripe after the commit, or out of the attendant's drawer). Checks that need no transaction (a wallet to
 * debit, an open shift) run before it, in moneyFor.
 */
import type { Actor, Core } from '../core';
import { conflict, invalid } from '../errors';
import { refundDue, type BookingPolicy } from '../domain/booking';
import { foldConfusable } from '../domain/plate';
import type { Driver } from '../store/drivers-repo';
import { BookingCardsRepo } from '../store/booking-cards-repo';
import type { Booking, BookingsRepo } from '../store/bookings-repo';
import { PaymentsRepo } from '../store/payments-repo';
import { WalletsRepo } from '../store/wallets-repo';

export type BookingPayment = { method: 'wallet' } | { method: 'cash'; tenderedMinor: number } | { method: 'card'; terminalId: string } | { method: 'on_arrival' };

/** How the money will be taken, checked before the transaction. */
export type Collected = { method: 'wallet'; walletId: number } | { method: 'cash'; shiftId: number } | { method: 'card'; terminalId: string; shiftId: number | null };

/** The key of the card attempt a booking request commits: the booking's own key, so a retried request finds it. */
export const cardAttemptKey = (requestKey: string): string => `${requestKey}-card`;

export class BookingLedger {
  readonly cards: BookingCardsRepo;
  private readonly wallets: WalletsRepo;
  private readonly payments: PaymentsRepo;

  constructor(
    private readonly core: Core,
    private readonly repo: BookingsRepo,
  ) {
    const { db } = core.store;
    this.cards = new BookingCardsRepo(db);
    this.wallets = new WalletsRepo(db);
    this.payments = new PaymentsRepo(db);
  }

  /** How the money will be taken (a wallet to debit, a drawer to fill, a reader to use), or null: on arrival or nothing due. */
  moneyFor(payment: BookingPayment, amountMinor: number, driver: Driver, policy: BookingPolicy, actor: Actor): Collected | null {
    if (payment.method === 'on_arrival') {
      if (!policy.payOnArrival) throw conflict('this site takes bookings paid in advance only');
      return null;
    }
    if (amountMinor <= 0) return null;
    if (payment.method === 'wallet') {
      if (driver.walletId === null) throw conflict(`driver ${driver.id} has no wallet: pay in cash, or open a wallet first`);
      return { method: 'wallet', walletId: driver.walletId };
    }
    const shift = this.core.store.shifts.openFor(actor.id);
    if (payment.method === 'card') return { method: 'card', terminalId: payment.terminalId, shiftId: shift?.id ?? null };
    if (!shift) throw conflict('cash goes into your drawer: open your shift first');
    if (payment.tenderedMinor < amountMinor) throw invalid(`tendered ${payment.tenderedMinor} is less than the ${amountMinor} due`);
    return { method: 'cash', shiftId: shift.id };
  }

  /**
   * Takes the money. A card is not charged here: its attempt row is committed with the booking, and the reader is
   * asked after the commit (BookingCards), which records the charge once Stripe says it succeeded.
   */
  collect(booking: Booking, money: Collected, amountMinor: number, key: string, actor: Actor): void {
    const at = this.core.now();
    if (money.method === 'card') {
      this.cards.insertAttempt({ idempotencyKey: cardAttemptKey(key), bookingId: booking.id, amountMinor, currency: booking.currency, terminalId: money.terminalId, shiftId: money.shiftId, createdBy: actor.username }, at);
      return;
    }
    if (money.method === 'wallet' && this.wallets.move(money.walletId, -amountMinor, { kind: 'debit', at, by: actor.username }) === null) {
      throw conflict(`the driver's wallet holds less than the ${amountMinor} due`);
    }
    const shiftId = money.method === 'cash' ? money.shiftId : null;
    if (shiftId !== null) this.insertDrawer(shiftId, amountMinor, `booking ${booking.ref}`, actor.username);
    this.repo.insertMoney({ bookingId: booking.id, idempotencyKey: `${key}-charge`, kind: 'charge', method: money.method, amountMinor, walletId: money.method === 'wallet' ? money.walletId : null, shiftId, at, by: actor.username });
    this.repo.addPaid(booking.id, amountMinor);
  }

  /**
   * Gives back `amountMinor` the way it was paid: to the cards first (a refund row per card charge, each Stripe is
   * asked about after the commit; a booking whose change was paid by card has two), then to the wallet, or out of the
   * attendant's drawer for cash (their shift must be open; the no-show sweep refunds wallets and cards only).
   * Returns what was refunded.
   */
  refund(booking: Booking, amountMinor: number, key: string, actor: Actor | null): number {
    if (amountMinor <= 0) return 0;
    const at = this.core.now();
    const by = actor?.username ?? 'system';
    let left = amountMinor;
    let rows = 0;
    for (const card of this.cards.cardCharges(booking.id)) {
      const part = Math.min(left, card.leftMinor);
      if (part <= 0) continue;
      // The first refund row keeps the request's own key; a second card's gets a numbered one.
      this.cards.insertCardMoney({ bookingId: booking.id, idempotencyKey: `${key}-refund${rows++ === 0 ? '' : `-${rows}`}`, kind: 'refund', amountMinor: part, paymentIntentId: card.paymentIntentId, terminalId: card.terminalId, at, by });
      this.repo.addPaid(booking.id, -part);
      left -= part;
      if (left === 0) return amountMinor;
    }
    return amountMinor - left + this.refundOtherwise(booking, left, left === amountMinor ? `${key}-refund` : `${key}-refund-rest`, actor);
  }

  /** The part of a refund no card takes: back to the wallet, or out of the attendant's drawer for cash. */
  private refundOtherwise(booking: Booking, amountMinor: number, refundKey: string, actor: Actor | null): number {
    const at = this.core.now();
    const by = actor?.username ?? 'system';
    const charges = this.repo.money(booking.id).filter((m) => m.kind === 'charge');
    const walletId = charges.find((m) => m.walletId !== null)?.walletId ?? null;
    let shiftId: number | null = null;
    if (walletId !== null) this.wallets.move(walletId, amountMinor, { kind: 'refund', at, by });
    // Nobody at the booth (the no-show sweep): cash stays paid until the driver asks at the booth.
    else if (actor === null) return 0;
    else {
      shiftId = this.core.store.shifts.openFor(actor.id)?.id ?? null;
      if (shiftId === null) throw conflict('this booking was paid in cash: open your shift to pay the refund from your drawer');
      this.insertDrawer(shiftId, -amountMinor, `booking ${booking.ref} refund`, by);
    }
    this.repo.insertMoney({ bookingId: booking.id, idempotencyKey: refundKey, kind: 'refund', method: walletId !== null ? 'wallet' : 'cash', amountMinor, walletId, shiftId, at, by });
    this.repo.addPaid(booking.id, -amountMinor);
    return amountMinor;
  }

  /**
   * Ends a booked booking (cancelled or no-show): the hold goes, the fee is kept from what was paid or left as a debt
   * on the plate (the exit collects it), and the rest is refunded. Returns what was refunded.
   */
  release(booking: Booking, status: 'cancelled' | 'no_show', feeMinor: number, key: string, actor: Actor | null): number {
    const at = this.core.now();
    const by = actor?.username ?? 'system';
    this.repo.hold(booking, -1);
    this.repo.setStatus(booking.id, status, at);
    if (feeMinor > 0) {
      const owed = Math.max(0, feeMinor - booking.paidMinor);
      const paidWith = this.repo.money(booking.id).find((m) => m.kind === 'charge');
      const keptFrom = owed > 0 || !paidWith ? { method: 'owed' as const, walletId: null, shiftId: null } : paidWith;
      this.repo.insertMoney({ bookingId: booking.id, idempotencyKey: `${key}-fee`, kind: 'fee', method: keptFrom.method, amountMinor: feeMinor, walletId: keptFrom.walletId, shiftId: keptFrom.shiftId, at, by });
      if (owed > 0 && booking.plateKey !== 'ERASED') {
        this.payments.insertDebt({ plateKey: booking.plateKey, plateFold: foldConfusable(booking.plateKey), sessionId: null, amountMinor: owed, currency: booking.currency, reason: `booking ${booking.ref} ${status === 'cancelled' ? 'late cancellation' : 'no-show'} fee`, at, by });
      }
    }
    return this.refund(booking, refundDue(booking.paidMinor, feeMinor), key, actor);
  }

  private insertDrawer(shiftId: number, amountMinor: number, reason: string, by: string): void {
    this.core.store.db
      .prepare('INSERT INTO cash_movements (shift_id, kind, amount_minor, reason, at, by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(shiftId, amountMinor > 0 ? 'paid_in' : 'paid_out', amountMinor, reason, this.core.now(), by);
  }
}
