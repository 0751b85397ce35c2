/**
 * A booking paid by card on the booth's reader, in the order that makes a double charge impossible (as for stays,
 * payments/card-payments.ts): the booking, its hold and its card attempt commit in one transaction BEFORE Stripe is
 * called; every Stripe call derives its key from the attempt; the charge is recorded only for a PaymentIntent Stripe
 * reports succeeded, once, keyed by the attempt. A card not taken (declined, cancelled, no card in time) releases
 * the booking's hold. An attempt whose answer was lost (crash, Stripe unreachable) is settled by reconcile() from
 * the PaymentIntent: recorded if it succeeded, captured if authorised while the booking still wants that money,
 * otherwise cancelled. Refunds to the card (cancel, a cheaper change, a no-show) are rows committed with the booking
 * change; they are sent to Stripe after the commit under their own key and asked again until Stripe names them.
 * A dearer change takes its difference the same way, staged on its attempt until the card is taken (card-changes.ts).
 * On a full disk nothing is sent to the reader unless its attempt is on record; a charge Stripe took while the disk
 * filled waits in memory (core.unrecorded) and is written once space returns, and its attempt row, still unfinished,
 * lets reconciliation record it from Stripe if the kiosk stops first.
 */
import type { Actor, Core } from '../core';
import { conflict, diskFull, notFound } from '../errors';
import { cardMinimum, TerminalError, type CardTerminal, type LookupResult, type PaymentOutcome } from '../../../native/terminal';
import { isDiskFull } from '../disk/unrecorded';
import { unlessDiskFull } from '../payments/ledger';
import type { CardOutcome, CardOptions, ProgressStep } from '../payments/card-payments';
import type { TerminalRegistry } from '../payments/terminals';
import type { BookingCardAttempt, BookingCardsRepo } from '../store/booking-cards-repo';
import type { Booking } from '../store/bookings-repo';
import { cardAttemptKey } from './booking-ledger';
import { recordBookingChange, type BookingRequest, type BookingService } from './booking-service';
import { CardChanges } from './card-changes';

export interface BookingCardResult {
  outcome: CardOutcome | 'pending';
  message: string;
}

const paidBy = (last4: string | null): string => `paid by card${last4 ? ` ending ${last4}` : ''}`;
const notTaken = (attempt: BookingCardAttempt, why: string): string => `${why}: ${attempt.pendingChange ? 'the booking stays as it was' : 'the booking was released'}`;
const NOT_CHARGED = 'the card was not charged (nothing was sent to the reader) and the booking was not changed';
const chargedNotRecorded = (paymentIntentId: string): string =>
  `charged (${paymentIntentId}), but the disk is full: the booking's payment is not on record yet and is recorded once space returns (nothing to take again)`;
const LOST_CONTACT = 'lost contact with the card network; the payment will be checked when it is back';

export class BookingCards {
  private readonly running = new Map<string, AbortController>();
  /** Charges Stripe took that wait in memory for room on the disk, with what the attendant is told. */
  private readonly chargedNotRecorded = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<unknown> | undefined;
  private readonly changes: CardChanges;

  constructor(
    private readonly core: Core,
    private readonly bookings: BookingService,
    private readonly terminals: TerminalRegistry,
    private readonly options: CardOptions,
  ) {
    this.changes = new CardChanges(core, bookings);
    // Every booking change that owes a card money back commits its refund row first; send them as soon as it did.
    this.unsubscribe = core.bus.subscribe((name, payload) => {
      if (name === 'lot.changed' && (payload as { reason: string }).reason === 'booking') void this.sendRefunds();
    });
  }

  /** Settles at start-up, then every `everyMs` (Stripe back after an outage). */
  start(everyMs: number): void {
    const settle = () => {
      // One pass at a time: a slow Stripe must not let passes pile up on the same attempt.
      this.reconciling ??= this.reconcile()
        .catch((error: unknown) => this.core.log.warn({ err: error }, 'booking card reconciliation failed'))
        .finally(() => (this.reconciling = undefined));
    };
    settle();
    this.timer ??= setInterval(settle, everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe();
  }

  private get cards() {
    return this.bookings.ledger.cards;
  }

  /**
   * Books and charges the price on the reader. `onReader` is called once the reader shows the amount; the promise
   * ends with the card's outcome. A retried request (same key) books nothing again and says where its card stands.
   */
  async book(request: BookingRequest & { payment: { method: 'card'; terminalId: string } }, actor: Actor, onReader?: () => void): Promise<{ booking: Booking; card: BookingCardResult }> {
    const key = cardAttemptKey(request.idempotencyKey);
    const replay = this.bookings.repo.byRef(request.idempotencyKey);
    if (replay) return { booking: replay, card: this.status(key) };
    const price = this.bookings.quote(request, request.vehicleClass);
    await this.checkReader(request.payment.terminalId, price.totalMinor, price.currency);
    const { booking } = unlessDiskFull(() => this.bookings.create(request, actor), `the booking was not made; ${NOT_CHARGED}`);
    const attempt = this.cards.byKey(key);
    if (!attempt) return { booking, card: { outcome: 'succeeded', message: 'nothing to pay' } };
    const card = await this.run(attempt, onReader);
    return { booking: this.bookings.repo.get(booking.id)!, card };
  }

  /**
   * Changes a booking; a dearer change by card takes the difference on the reader first and the booking changes only
   * once the card was taken (`onReader` as for book). A retried request (same key) says where its card stands.
   */
  async modify(id: number, version: number, change: Omit<BookingRequest, 'driverId' | 'vehicleClass'> & { payment: { method: 'card'; terminalId: string } }, actor: Actor, onReader?: () => void): Promise<{ booking: Booking; chargedMinor: number; refundedMinor: number; card?: BookingCardResult }> {
    const key = cardAttemptKey(change.idempotencyKey);
    if (this.cards.byKey(key)) return { booking: this.bookingOf(key), chargedMinor: 0, refundedMinor: 0, card: this.status(key) };
    const plan = this.bookings.planChange(id, version, change);
    if (plan.owedMore <= 0) return this.bookings.modify(id, version, change, actor);
    await this.checkReader(change.payment.terminalId, plan.owedMore, plan.before.currency);
    const attempt = unlessDiskFull(() => this.changes.stage(plan, change.payment.terminalId, change.idempotencyKey, actor), NOT_CHARGED);
    const card = await this.run(attempt, onReader);
    const charged = card.outcome === 'succeeded' ? plan.owedMore : 0;
    return { booking: this.bookings.repo.get(id)!, chargedMinor: charged, refundedMinor: 0, card };
  }

  /** Where a booking's card attempt stands now, for a console that answered early or reconnected. */
  status(attemptKey: string): BookingCardResult {
    const attempt = this.cards.byKey(attemptKey);
    if (!attempt) throw notFound(`card attempt ${attemptKey}`);
    switch (attempt.state) {
      case 'succeeded':
        return { outcome: 'succeeded', message: paidBy(attempt.last4) };
      case 'declined':
      case 'failed':
        return { outcome: attempt.state, message: notTaken(attempt, attempt.failureMessage ?? attempt.state) };
      case 'cancelled':
        return { outcome: attempt.failureCode === 'timed_out' ? 'timed_out' : 'cancelled', message: notTaken(attempt, attempt.failureMessage ?? 'cancelled') };
      default: {
        if (this.running.has(attemptKey)) return { outcome: 'pending', message: 'waiting for the card' };
        const charged = this.chargedNotRecorded.get(attemptKey);
        return charged ? { outcome: 'succeeded', message: charged } : { outcome: 'unavailable', message: LOST_CONTACT };
      }
    }
  }

  bookingOf(attemptKey: string): Booking {
    const attempt = this.cards.byKey(attemptKey);
    if (!attempt) throw notFound(`card attempt ${attemptKey}`);
    return this.bookings.repo.get(attempt.bookingId)!;
  }

  cancel(attemptKey: string): void {
    const running = this.running.get(attemptKey);
    if (!running) throw conflict('no booking card payment with that key is waiting on a reader');
    running.abort();
  }

  /** Settles unfinished attempts and sends the card refunds still due; start-up and every reconciliation pass. */
  async reconcile(): Promise<{ recorded: number; closed: number; unfinished: number; refunds: number }> {
    const tally = { recorded: 0, closed: 0, unfinished: 0, refunds: 0 };
    for (const attempt of this.cards.unfinished()) {
      if (this.running.has(attempt.idempotencyKey) || this.chargedNotRecorded.has(attempt.idempotencyKey)) continue;
      const result = await this.reconcileOne(attempt).catch((error: unknown) => {
        this.core.log.warn({ err: error, attempt: attempt.id }, 'reconciling a booking card attempt failed; will retry');
        return 'unfinished' as const;
      });
      tally[result] += 1;
    }
    tally.refunds = await this.sendRefunds();
    return tally;
  }

  /** Sends each committed card refund Stripe has not named yet, under its own key (a repeat refunds nothing twice). */
  async sendRefunds(): Promise<number> {
    let sent = 0;
    for (const due of this.cards.refundsDue()) {
      const entry = this.terminals.get(due.terminalId);
      if (!entry) continue;
      try {
        const { refundId } = await entry.terminal.refund(due.paymentIntentId, due.amountMinor, `lotkeeper:booking-refund:${due.idempotencyKey}`);
        this.core.store.change(() => this.cards.refundSent(due.id, refundId));
        sent += 1;
      } catch (error) {
        this.core.log.warn({ err: error, refund: due.id }, 'a booking card refund was not sent; will retry');
      }
    }
    return sent;
  }

  /** The reader exists, answers, and the price is not under Stripe's minimum: checked before anything is booked. */
  private async checkReader(terminalId: string, amountMinor: number, currency: string): Promise<void> {
    const entry = this.terminals.get(terminalId);
    if (!entry) throw notFound(`card reader ${terminalId}`);
    if (amountMinor > 0 && amountMinor < cardMinimum(currency)) throw conflict(`card payments start at ${cardMinimum(currency)} ${currency} (Stripe’s minimum charge): take ${amountMinor} ${currency} in cash or from the wallet`);
    if (entry.terminal.health().reachable) return;
    const health = await entry.terminal.probe();
    this.terminals.refresh(terminalId);
    if (!health.reachable) throw conflict(`card payment is unavailable: ${health.detail}`);
  }

  private async run(attempt: BookingCardAttempt, onReader?: () => void): Promise<BookingCardResult> {
    const abort = new AbortController();
    this.running.set(attempt.idempotencyKey, abort);
    try {
      return await this.follow(attempt, abort.signal, onReader);
    } finally {
      this.running.delete(attempt.idempotencyKey);
      this.terminals.refresh(attempt.terminalId);
      this.progress(attempt, 'finished', '');
    }
  }

  private async follow(attempt: BookingCardAttempt, signal: AbortSignal, onReader?: () => void): Promise<BookingCardResult> {
    const { terminal } = this.terminals.get(attempt.terminalId)!;
    const booking = this.bookings.repo.get(attempt.bookingId)!;
    this.progress(attempt, 'attempt_committed', `attempt ${attempt.id}`);
    let paymentIntentId: string;
    try {
      ({ paymentIntentId } = await terminal.startPayment({ attemptKey: attempt.idempotencyKey, amountMinor: attempt.amountMinor, currency: attempt.currency, description: `Booking ${booking.ref}`, metadata: { booking: booking.ref } }));
    } catch (error) {
      if (!(error instanceof TerminalError)) throw error;
      // Unreachable: maybe Stripe did create it; the attempt stays for reconciliation (with any PaymentIntent id).
      if (error.code === 'unreachable') {
        if (error.paymentIntentId) this.core.store.change(() => this.cards.update(attempt.id, { state: 'sent_to_reader', paymentIntentId: error.paymentIntentId }, this.core.now()));
        return { outcome: 'unavailable', message: `card payment is unavailable: ${error.message}` };
      }
      this.closeUnpaid(attempt, { state: 'failed', paymentIntentId: error.paymentIntentId, failureCode: error.code, failureMessage: error.message });
      return { outcome: 'failed', message: error.message };
    }
    await this.noteSentToReader(attempt, terminal, paymentIntentId);
    this.progress(attempt, 'sent_to_reader', paymentIntentId);
    onReader?.();
    try {
      const outcome = await terminal.follow(paymentIntentId, { timeoutMs: this.options.followTimeoutMs, signal, onStep: (step) => this.progress(attempt, step.step === 'created' ? 'sent_to_reader' : step.step, paymentIntentId) });
      return this.finish(attempt, outcome);
    } catch (error) {
      if (error instanceof TerminalError && error.code === 'unreachable') return { outcome: 'unavailable', message: LOST_CONTACT };
      throw error;
    }
  }

  /** A disk that filled since the attempt was committed: the reader is told to stop before any card is taken. */
  private async noteSentToReader(attempt: BookingCardAttempt, terminal: CardTerminal, paymentIntentId: string): Promise<void> {
    try {
      this.core.store.change(() => this.cards.update(attempt.id, { state: 'sent_to_reader', paymentIntentId }, this.core.now()));
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      // The attempt row (created) stays: reconciliation finds this PaymentIntent cancelled once space returns.
      await terminal.cancel(paymentIntentId);
      throw diskFull(`the card payment was stopped on the reader before a card was taken; ${NOT_CHARGED}`);
    }
  }

  private finish(attempt: BookingCardAttempt, outcome: PaymentOutcome): BookingCardResult {
    if (outcome.state === 'succeeded') {
      this.progress(attempt, 'captured', outcome.paymentIntentId);
      // Money Stripe took is recorded whatever the disk says: on a full disk it waits in memory, in order.
      const what = `card payment of ${outcome.amountMinor} ${outcome.currency.toUpperCase()} for booking ${this.bookings.repo.get(attempt.bookingId)!.ref} (${outcome.paymentIntentId})`;
      const recorded = this.core.unrecorded.recorded(what, () => {
        this.recordCharge(attempt, outcome);
        this.chargedNotRecorded.delete(attempt.idempotencyKey);
      });
      if (!recorded) {
        const message = chargedNotRecorded(outcome.paymentIntentId);
        this.chargedNotRecorded.set(attempt.idempotencyKey, message);
        return { outcome: 'succeeded', message };
      }
      this.progress(attempt, 'committed', outcome.paymentIntentId);
      return { outcome: 'succeeded', message: paidBy(outcome.last4) };
    }
    const message = outcome.state === 'declined' ? outcome.message : outcome.state === 'timed_out' ? 'no card was presented in time' : 'the payment was cancelled';
    const failureCode = outcome.state === 'declined' ? outcome.declineCode : outcome.state;
    this.closeUnpaid(attempt, { state: outcome.state === 'declined' ? 'declined' : 'cancelled', paymentIntentId: outcome.paymentIntentId, failureCode, failureMessage: message });
    return { outcome: outcome.state, message: notTaken(attempt, message) };
  }

  /**
   * The charge, once: the attempt's state guards it. A staged change applies with it. Money Stripe took for a booking
   * that no longer wants it (cancelled while its answer was lost, or changed since the change was staged) is owed
   * back at once, as a card refund row in the same transaction.
   */
  private recordCharge(attempt: BookingCardAttempt, outcome: Extract<PaymentOutcome, { state: 'succeeded' }>): void {
    const { repo } = this.bookings;
    const at = this.core.now();
    this.core.store.change(() => {
      if (!this.cards.update(attempt.id, { state: 'succeeded', paymentIntentId: outcome.paymentIntentId, cardBrand: outcome.cardBrand, last4: outcome.last4 }, at)) return;
      const money = { bookingId: attempt.bookingId, amountMinor: outcome.amountMinor, paymentIntentId: outcome.paymentIntentId, terminalId: attempt.terminalId, at, by: attempt.createdBy };
      const before = repo.get(attempt.bookingId)!;
      const change = attempt.pendingChange;
      const live = change ? this.changes.apply(attempt, change) : before.status === 'booked' || before.status === 'arrived';
      this.cards.insertCardMoney({ ...money, idempotencyKey: attempt.idempotencyKey, kind: 'charge' });
      repo.addPaid(attempt.bookingId, outcome.amountMinor);
      if (!live) {
        this.cards.insertCardMoney({ ...money, idempotencyKey: `${attempt.idempotencyKey}-late-refund`, kind: 'refund', by: 'reconciliation' });
        repo.addPaid(attempt.bookingId, -outcome.amountMinor);
      }
      const paid = { method: 'card', amountMinor: outcome.amountMinor, paymentIntentId: outcome.paymentIntentId, refundedMinor: live ? 0 : outcome.amountMinor };
      if (change && live) recordBookingChange(this.core, repo, before.id, 'booking.modified', attempt.createdBy, { priceBefore: before.priceMinor, priceMinor: change.priceMinor, chargedMinor: outcome.amountMinor, ...paid });
      else recordBookingChange(this.core, repo, before.id, 'booking.paid', attempt.createdBy, paid);
    });
    this.core.bus.emit('lot.changed', { reason: 'booking', sessionId: null });
  }

  /**
   * A card not taken: the attempt ends and the booking, still waiting for that money, lets its place go; for a
   * change, only the staged place goes and the booking stays as it was.
   */
  private closeUnpaid(attempt: BookingCardAttempt, change: Parameters<BookingCardsRepo['update']>[1]): void {
    const { repo } = this.bookings;
    // On a full disk this waits in memory too (after any charge before it): the place stays held until it is written.
    const what = `card not taken (${change.state}) for booking ${repo.get(attempt.bookingId)!.ref}`;
    this.core.unrecorded.attempt(what, () => this.core.store.change(() => {
      if (!this.cards.update(attempt.id, change, this.core.now())) return;
      if (attempt.pendingChange) return this.changes.drop(attempt, attempt.pendingChange);
      const booking = repo.get(attempt.bookingId)!;
      if (booking.status !== 'booked' || booking.paidMinor >= booking.priceMinor) return;
      repo.hold(booking, -1);
      repo.setStatus(booking.id, 'cancelled', this.core.now());
      recordBookingChange(this.core, repo, booking.id, 'booking.cancelled', 'system', { reason: `the card was not taken: ${change.failureMessage ?? change.state}`, feeMinor: 0, refundedMinor: 0 });
    }));
    this.core.bus.emit('lot.changed', { reason: 'booking', sessionId: null });
  }

  private async reconcileOne(attempt: BookingCardAttempt): Promise<'recorded' | 'closed' | 'unfinished'> {
    const entry = this.terminals.get(attempt.terminalId);
    if (!entry) return 'unfinished';
    const { terminal } = entry;
    let found: LookupResult = await terminal.lookup(attempt.idempotencyKey, attempt.paymentIntentId);
    if (found.state === 'pending') {
      // Authorised while the answer was lost: captured (follow does) only while the booking still wants that money.
      if (found.status === 'requires_capture' && this.stillWanted(attempt)) found = await terminal.follow(found.paymentIntentId, { timeoutMs: 5_000 });
      else {
        await terminal.cancel(found.paymentIntentId);
        // A card tapped at the very last moment wins over the cancel: lookup tells which.
        found = await terminal.lookup(attempt.idempotencyKey, found.paymentIntentId);
      }
    }
    if (found.state === 'pending') return 'unfinished';
    if (found.state === 'not_found') {
      if (this.core.now() - attempt.createdAt < this.options.searchLagMs) return 'unfinished';
      this.closeUnpaid(attempt, { state: 'failed', failureCode: 'not_found', failureMessage: 'Stripe has no PaymentIntent for this attempt: it never reached Stripe' });
      return 'closed';
    }
    const result = this.finish(attempt, found);
    this.core.log.info({ attempt: attempt.id, outcome: result.outcome }, 'booking card attempt reconciled');
    return result.outcome === 'succeeded' ? 'recorded' : 'closed';
  }

  private stillWanted(attempt: BookingCardAttempt): boolean {
    const booking = this.bookings.repo.get(attempt.bookingId);
    if (booking && attempt.pendingChange) return this.changes.stillCurrent(booking, attempt.pendingChange);
    return booking?.status === 'booked' && booking.paidMinor + attempt.amountMinor <= booking.priceMinor;
  }

  private progress(attempt: BookingCardAttempt, step: ProgressStep, detail: string): void {
    this.core.bus.emit('payments.progress', { idempotencyKey: attempt.idempotencyKey, sessionId: null, terminalId: attempt.terminalId, step, detail });
  }
}
