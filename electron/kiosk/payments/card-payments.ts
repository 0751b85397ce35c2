/**
 * Card payments on a reader, and start-up reconciliation. The order is what makes a double charge impossible:
 *   1. the attempt row (its idempotency key, amount, session, reader) is COMMITTED before any call to Stripe;
 *   2. every Stripe call of the attempt derives its own idempotency key from it (native/terminal stepKey);
 *   3. the payment is recorded only for a PaymentIntent Stripe reports succeeded, once, keyed by the attempt.
 * A crash anywhere leaves an unfinished attempt that reconcile() settles from Stripe's side of the story. An
 * authorisation it finds is captured only while the stay still owes that amount; otherwise it is released (cancelled),
 * so a driver who paid another way during an outage is never charged twice.
 */
import type { EventPayload } from '../contract';
import { audit, type Actor } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { cardMinimum, stepKey, TerminalError, type CardTerminal, type LookupResult, type PaymentOutcome, type PendingOutcome, type TerminalStep } from '../../../native/terminal';
import type { Attempt, Payment } from '../store/payments-repo';
import { isDiskFull } from '../disk/unrecorded';
import { diskFull } from '../errors';
import { CARD_NOT_CHARGED, recordPayment, unlessDiskFull, type PaymentsContext } from './ledger';
import { formatMoney } from './receipt';
import type { ExitQuote } from './pricing';
import type { TerminalRegistry } from './terminals';

/** The failure code of an attempt whose authorisation reconciliation released because the stay no longer owed it. */
export const NOT_OWED = 'not_owed';
const RELEASED_MESSAGE = 'authorised during an outage, but the stay no longer owed it (paid another way): the authorisation was released, nothing charged';

export type CardOutcome = 'succeeded' | 'declined' | 'cancelled' | 'timed_out' | 'unavailable' | 'waived' | 'failed';
export type ProgressStep = EventPayload<'payments.progress'>['step'];

export interface CardRequest {
  sessionId: number;
  terminalId: string;
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
}

export interface CardOptions {
  /** How long the reader waits for a card before the payment is cancelled. */
  followTimeoutMs: number;
  /** Stripe's search lags: an attempt that never got a PaymentIntent id is only called failed after this long. */
  searchLagMs: number;
}

export interface CardDeps extends PaymentsContext {
  readonly terminals: TerminalRegistry;
  readonly options: CardOptions;
  /** Re-prices the session and checks it owes exactly this amount (the console's quote may be stale). */
  requireDue(sessionId: number, amountMinor: number, currency: string): ExitQuote;
  /** The session priced at an instant, with no check: what a receipt for money already taken lists. */
  priceAt(sessionId: number, at: number): ExitQuote;
  /** Lets what a stay owes go, as an audited discount with this reason (the site's policy below the card minimum). */
  waive(sessionId: number, amountMinor: number, reason: string, actor: Actor): void;
}

const chargedNotRecorded = (paymentIntentId: string): string =>
  `charged (${paymentIntentId}), but the disk is full: the payment is not on record yet and is recorded once space returns (nothing to take again); let the car out by hand (open barrier, with the reason "disk full")`;

export class CardPayments {
  private readonly running = new Map<string, AbortController>();
  /** Cards Stripe charged while the disk was full, by attempt key: their payments wait in core.unrecorded. */
  private readonly chargedNotRecorded = new Map<string, string>();

  constructor(private readonly deps: CardDeps) {}

  /**
   * Runs a card payment to its end. `onReader` is called once the reader shows the amount: the console's call
   * answers then (a driver may take a minute to find a card) and hears the end by the 'finished' progress event.
   */
  async pay(request: CardRequest, actor: Actor, onReader?: () => void): Promise<{ outcome: CardOutcome; message: string; payment: Payment | null }> {
    const { repo } = this.deps;
    const replay = this.replayed(request);
    if (replay) return replay;
    const entry = this.deps.terminals.get(request.terminalId);
    if (!entry) throw notFound(`card reader ${request.terminalId}`);
    const minimum = cardMinimum(request.currency);
    if (request.amountMinor < minimum) return this.belowMinimum(request, minimum, actor);
    if (!entry.terminal.health().reachable) {
      // The last call or probe said Stripe is gone: answer now rather than make the driver wait for a timeout.
      const health = await entry.terminal.probe();
      this.deps.terminals.refresh(entry.id);
      if (!health.reachable) return { outcome: 'unavailable', message: `card payment is unavailable: ${health.detail}`, payment: null };
    }
    this.deps.requireDue(request.sessionId, request.amountMinor, request.currency);
    this.progress(request, 'quoted', 'amount checked');
    // No attempt on record, no call to Stripe: on a full disk the card is not charged at all.
    const attempt = unlessDiskFull(
      () =>
        this.deps.core.store.change(() => {
          // One PaymentIntent at a time per stay; an earlier attempt an outage left open is settled by reconciliation first.
          if (repo.unfinishedAttempts({ sessionId: request.sessionId }).length > 0) throw conflict(`an earlier card attempt for session ${request.sessionId} is still being checked with Stripe: take another method or wait`);
          const shiftId = this.deps.core.store.shifts.openFor(actor.id)?.id ?? null;
          return repo.insertAttempt({ ...request, sessionId: request.sessionId, method: 'card', shiftId, createdBy: actor.username }, this.deps.core.now());
        }),
      CARD_NOT_CHARGED,
    );
    this.progress(request, 'attempt_committed', `attempt ${attempt.id}`);
    const abort = new AbortController();
    this.running.set(request.idempotencyKey, abort);
    try {
      return await this.run(attempt, request, abort.signal, onReader);
    } finally {
      this.running.delete(request.idempotencyKey);
      this.deps.terminals.refresh(request.terminalId);
      this.progress(request, 'finished', '');
    }
  }

  /**
   * Stripe refuses a charge under its minimum, so nothing goes to the reader. By the site's policy the driver pays
   * in cash or from the wallet, or the amount is waived: an audited discount of exactly what the stay owes now.
   */
  private belowMinimum(request: CardRequest, minimum: number, actor: Actor): { outcome: CardOutcome; message: string; payment: null } {
    if (this.deps.repo.settings().belowCardMinimum === 'cash_or_wallet') {
      const show = this.money(request.currency);
      return { outcome: 'unavailable', message: `card payments start at ${show(minimum)} (Stripe’s minimum charge): take ${show(request.amountMinor)} in cash or from the wallet`, payment: null };
    }
    return { outcome: 'waived', message: `${this.waiveBelowMinimum(request, actor).message} (the card was not used)`, payment: null };
  }

  /** Stripe's minimum card charge in a currency, and what the site does under it (the console's card and QR tabs). */
  minimumPolicy(currency: string): { minimumMinor: number; policy: 'cash_or_wallet' | 'waive' } {
    return { minimumMinor: cardMinimum(currency), policy: this.deps.repo.settings().belowCardMinimum };
  }

  /**
   * Where the site's policy waives amounts under Stripe's minimum (which no card or QR payment can take): an
   * audited discount of exactly what the stay owes now. Refused over the minimum and where the site takes such
   * amounts in cash or from the wallet.
   */
  waiveBelowMinimum(request: { sessionId: number; amountMinor: number; currency: string }, actor: Actor): { message: string } {
    const show = this.money(request.currency);
    const minimum = cardMinimum(request.currency);
    if (request.amountMinor >= minimum) throw conflict(`${show(request.amountMinor)} is not under Stripe’s minimum card charge of ${show(minimum)}: nothing to waive`);
    if (this.deps.repo.settings().belowCardMinimum !== 'waive') throw conflict(`this site takes amounts under ${show(minimum)} in cash or from the wallet (a supervisor sets this on the Payments screen)`);
    this.deps.requireDue(request.sessionId, request.amountMinor, request.currency);
    const reason = `${show(request.amountMinor)} is under Stripe’s minimum card charge of ${show(minimum)}: waived by the site’s policy`;
    this.deps.waive(request.sessionId, request.amountMinor, reason, actor);
    return { message: `${reason}, nothing is left to pay` };
  }

  private money(currency: string): (minor: number) => string {
    const { locale } = this.deps.core.layout().site;
    return (minor) => formatMoney(minor, currency, locale);
  }

  /** True while this process follows the attempt on a reader (an unfinished attempt not running awaits reconciliation). */
  isRunning(idempotencyKey: string): boolean {
    return this.running.has(idempotencyKey);
  }

  /** Where a card attempt stands now, for a console that answered early or reconnected. */
  status(idempotencyKey: string): { outcome: CardOutcome | 'pending'; message: string; payment: Payment | null } {
    const attempt = this.deps.repo.attemptByKey(idempotencyKey);
    if (!attempt || attempt.method !== 'card') throw notFound(`card attempt ${idempotencyKey}`);
    switch (attempt.state) {
      case 'succeeded':
        return { outcome: 'succeeded', message: 'paid', payment: this.deps.repo.paymentByKey(idempotencyKey) ?? null };
      case 'declined':
        return { outcome: 'declined', message: attempt.failureMessage ?? 'declined', payment: null };
      case 'cancelled':
        return { outcome: attempt.failureCode === 'timed_out' ? 'timed_out' : 'cancelled', message: attempt.failureMessage ?? 'cancelled', payment: null };
      case 'failed':
        return { outcome: 'failed', message: attempt.failureMessage ?? 'failed', payment: null };
      default: {
        if (this.running.has(idempotencyKey)) return { outcome: 'pending', message: 'waiting for the card', payment: null };
        const charged = this.chargedNotRecorded.get(idempotencyKey);
        if (charged) return { outcome: 'succeeded', message: charged, payment: null };
        return { outcome: 'unavailable', message: 'lost contact with the card network; the payment will be checked when it is back', payment: null };
      }
    }
  }

  cancel(idempotencyKey: string): void {
    const running = this.running.get(idempotencyKey);
    if (!running) throw conflict('no card payment with that key is waiting on a reader');
    running.abort();
  }

  /** Settles every unfinished card attempt with Stripe: record what succeeded, cancel what is still open. */
  async reconcile(): Promise<{ recorded: number; closed: number; unfinished: number }> {
    const tally = { recorded: 0, closed: 0, unfinished: 0 };
    for (const attempt of this.deps.repo.unfinishedAttempts()) {
      if (attempt.method !== 'card' || this.running.has(attempt.idempotencyKey) || this.chargedNotRecorded.has(attempt.idempotencyKey)) continue;
      const result = await this.reconcileOne(attempt).catch((error: unknown) => {
        this.deps.core.log.warn({ err: error, attempt: attempt.id }, 'reconciling a card attempt failed; will retry');
        return 'unfinished' as const;
      });
      tally[result] += 1;
    }
    return tally;
  }

  private replayed(request: CardRequest): { outcome: CardOutcome; message: string; payment: Payment | null } | null {
    const prior = this.deps.repo.attemptByKey(request.idempotencyKey);
    if (!prior) return null;
    if (prior.amountMinor !== request.amountMinor || prior.sessionId !== request.sessionId || prior.method !== 'card' || prior.terminalId !== request.terminalId) {
      throw invalid(`idempotency key ${request.idempotencyKey} was used for another payment (${prior.method}, ${prior.amountMinor} ${prior.currency}, session ${prior.sessionId}): use a new key`);
    }
    if (prior.state === 'succeeded') return { outcome: 'succeeded', message: 'already paid with this key', payment: this.deps.repo.paymentByKey(prior.idempotencyKey) ?? null };
    if (prior.state === 'created' || prior.state === 'sent_to_reader') throw conflict('this card payment is still running');
    throw conflict(`this card attempt ended ${prior.state}: start a new payment with a new key`);
  }

  private async run(attempt: Attempt, request: CardRequest, signal: AbortSignal, onReader?: () => void): Promise<{ outcome: CardOutcome; message: string; payment: Payment | null }> {
    const { terminal } = this.deps.terminals.get(request.terminalId)!;
    const session = this.deps.core.store.sessions.require(request.sessionId);
    let paymentIntentId: string;
    try {
      ({ paymentIntentId } = await terminal.startPayment({ attemptKey: attempt.idempotencyKey, amountMinor: attempt.amountMinor, currency: attempt.currency, description: `Parking ${session.plateKey}`, metadata: { session: String(session.id), attempt: String(attempt.id) } }));
    } catch (error) {
      return this.startFailed(attempt, error);
    }
    await this.noteSentToReader(attempt, terminal, paymentIntentId);
    this.progress(request, 'sent_to_reader', paymentIntentId);
    onReader?.();
    let outcome: PaymentOutcome;
    try {
      outcome = await terminal.follow(paymentIntentId, { timeoutMs: this.deps.options.followTimeoutMs, signal, onStep: (step) => this.progress(request, stepName(step), paymentIntentId) });
    } catch (error) {
      // Stripe went away mid-payment: the attempt stays unfinished and reconciliation settles it when Stripe is back.
      if (error instanceof TerminalError && error.code === 'unreachable') return { outcome: 'unavailable', message: 'lost contact with the card network; the payment will be checked when it is back', payment: null };
      throw error;
    }
    return this.finish(attempt, outcome);
  }

  /** A disk that filled since the attempt was committed: the reader is told to stop before any card is taken. */
  private async noteSentToReader(attempt: Attempt, terminal: CardTerminal, paymentIntentId: string): Promise<void> {
    try {
      this.deps.core.store.change(() => this.deps.repo.updateAttempt(attempt.id, { state: 'sent_to_reader', paymentIntentId }, this.deps.core.now()));
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      // The attempt row (created) stays: reconciliation finds this PaymentIntent cancelled once space returns.
      await terminal.cancel(paymentIntentId);
      throw diskFull(`the card payment was stopped on the reader before a card was taken; ${CARD_NOT_CHARGED}`);
    }
  }

  private finish(attempt: Attempt, outcome: PaymentOutcome): { outcome: CardOutcome; message: string; payment: Payment | null } {
    const key = { idempotencyKey: attempt.idempotencyKey, sessionId: attempt.sessionId!, terminalId: attempt.terminalId! };
    if (outcome.state === 'succeeded') {
      this.progress(key, 'captured', outcome.paymentIntentId);
      // Money Stripe took is recorded whatever the disk says: on a full disk it waits in memory, in order, and the
      // attempt row (still unfinished) lets reconciliation record it even if the kiosk stops first.
      const what = `card payment of ${outcome.amountMinor} ${outcome.currency.toUpperCase()} for session ${attempt.sessionId} (${outcome.paymentIntentId})`;
      const recorded = this.deps.core.unrecorded.recorded(what, () => {
        const payment = this.record(attempt, outcome);
        this.chargedNotRecorded.delete(attempt.idempotencyKey);
        return payment;
      });
      if (!recorded) {
        const message = chargedNotRecorded(outcome.paymentIntentId);
        this.chargedNotRecorded.set(attempt.idempotencyKey, message);
        return { outcome: 'succeeded', message, payment: null };
      }
      const payment = recorded.value;
      this.progress(key, 'committed', `receipt ${payment.receiptNo}`);
      return { outcome: 'succeeded', message: `paid, receipt ${payment.receiptNo}`, payment };
    }
    const state = outcome.state === 'declined' ? 'declined' : 'cancelled';
    const failureCode = outcome.state === 'declined' ? outcome.declineCode : outcome.state;
    const message = outcome.state === 'declined' ? outcome.message : outcome.state === 'timed_out' ? 'no card was presented in time' : 'the payment was cancelled';
    this.deps.core.store.change(() => this.deps.repo.updateAttempt(attempt.id, { state, paymentIntentId: outcome.paymentIntentId, failureCode, failureMessage: message }, this.deps.core.now()));
    return { outcome: outcome.state, message, payment: null };
  }

  private startFailed(attempt: Attempt, error: unknown): { outcome: CardOutcome; message: string; payment: Payment | null } {
    if (!(error instanceof TerminalError)) throw error;
    const { repo, core } = this.deps;
    if (error.code === 'unreachable') {
      // Maybe Stripe did create it: keep the attempt (with any PaymentIntent id) for reconciliation.
      if (error.paymentIntentId) core.store.change(() => repo.updateAttempt(attempt.id, { state: 'sent_to_reader', paymentIntentId: error.paymentIntentId }, core.now()));
      return { outcome: 'unavailable', message: `card payment is unavailable: ${error.message}`, payment: null };
    }
    core.store.change(() => repo.updateAttempt(attempt.id, { state: 'failed', paymentIntentId: error.paymentIntentId, failureCode: error.code, failureMessage: error.message }, core.now()));
    return { outcome: 'failed', message: error.message, payment: null };
  }

  private record(attempt: Attempt, outcome: Extract<PaymentOutcome, { state: 'succeeded' }>): Payment {
    const session = this.deps.core.store.sessions.require(attempt.sessionId!);
    // Priced as of the attempt: the receipt lists what the driver agreed to pay when they presented the card.
    const quote = this.deps.priceAt(session.id, attempt.createdAt);
    return recordPayment(this.deps, {
      idempotencyKey: attempt.idempotencyKey,
      attempt,
      session,
      method: 'card',
      amountMinor: outcome.amountMinor,
      currency: outcome.currency.toUpperCase(),
      quote,
      shiftId: attempt.shiftId,
      paymentIntentId: outcome.paymentIntentId,
      cardBrand: outcome.cardBrand,
      last4: outcome.last4,
      by: attempt.createdBy,
    });
  }

  private async reconcileOne(attempt: Attempt): Promise<'recorded' | 'closed' | 'unfinished'> {
    const entry = this.deps.terminals.get(attempt.terminalId ?? '');
    if (!entry) return 'unfinished';
    let found: LookupResult = await entry.terminal.lookup(attempt.idempotencyKey, attempt.paymentIntentId);
    if (found.state === 'pending') found = await this.settlePending(entry.terminal, attempt, found);
    if (found.state === 'pending') return 'unfinished';
    if (found.state === 'not_found') {
      if (this.deps.core.now() - attempt.createdAt < this.deps.options.searchLagMs) return 'unfinished';
      this.deps.core.store.change(() => this.deps.repo.updateAttempt(attempt.id, { state: 'failed', failureCode: 'not_found', failureMessage: 'Stripe has no PaymentIntent for this attempt: it never reached Stripe' }, this.deps.core.now()));
      return 'closed';
    }
    const result = found.state === 'cancelled' && attempt.failureCode === NOT_OWED ? this.closeReleased(attempt) : this.finish(attempt, found);
    this.deps.core.log.info({ attempt: attempt.id, outcome: result.outcome }, 'card attempt reconciled');
    return result.outcome === 'succeeded' ? 'recorded' : 'closed';
  }

  /**
   * An attempt Stripe still holds open. Authorised while the kiosk was down or cut off: capture it (follow does)
   * only if the stay still owes that much; else release it. Anything else still waits for a card: cancel it.
   */
  private async settlePending(terminal: CardTerminal, attempt: Attempt, pending: PendingOutcome): Promise<LookupResult> {
    if (pending.status !== 'requires_capture') return this.cancelled(terminal, attempt, pending.paymentIntentId);
    // A release once decided stays decided: a later overstay must not turn it back into a capture after a crash.
    if (attempt.failureCode !== NOT_OWED && this.stillOwes(attempt)) return terminal.follow(pending.paymentIntentId, { timeoutMs: 5_000 });
    this.commitRelease(attempt, pending.paymentIntentId);
    return this.cancelled(terminal, attempt, pending.paymentIntentId);
  }

  /** True when the stay is still inside and owes at least the authorised amount, in the attempt's currency. */
  private stillOwes(attempt: Attempt): boolean {
    const session = attempt.sessionId === null ? undefined : this.deps.core.store.sessions.get(attempt.sessionId);
    if (!session || (session.status !== 'open' && session.status !== 'paid')) return false;
    const quote = this.deps.priceAt(session.id, this.deps.core.now());
    return quote.currency === attempt.currency && quote.dueMinor >= attempt.amountMinor;
  }

  /**
   * Commits the decision to release an authorisation, with the idempotency key of the Stripe cancel, BEFORE the
   * cancel is sent: a crash in between repeats the same cancel (same key) and never captures instead.
   */
  private commitRelease(attempt: Attempt, paymentIntentId: string): void {
    const { core, repo } = this.deps;
    const dueMinor = this.owedNow(attempt);
    core.store.change(() => {
      repo.updateAttempt(attempt.id, { state: attempt.state, paymentIntentId, failureCode: NOT_OWED, failureMessage: RELEASED_MESSAGE }, core.now());
      audit(core, {
        actor: 'reconciliation',
        action: 'payment.card_released',
        subject: attempt.sessionId === null ? `attempt:${attempt.id}` : `session:${attempt.sessionId}`,
        detail: { attemptId: attempt.id, paymentIntentId, amountMinor: attempt.amountMinor, currency: attempt.currency, dueMinor, cancelIdempotencyKey: stepKey(attempt.idempotencyKey, 'cancel') },
      });
    });
    attempt.failureCode = NOT_OWED;
  }

  private owedNow(attempt: Attempt): number | null {
    const session = attempt.sessionId === null ? undefined : this.deps.core.store.sessions.get(attempt.sessionId);
    return session ? this.deps.priceAt(session.id, this.deps.core.now()).dueMinor : null;
  }

  private closeReleased(attempt: Attempt): { outcome: CardOutcome; message: string; payment: null } {
    this.deps.core.store.change(() => this.deps.repo.updateAttempt(attempt.id, { state: 'cancelled', failureCode: NOT_OWED, failureMessage: RELEASED_MESSAGE }, this.deps.core.now()));
    return { outcome: 'cancelled', message: RELEASED_MESSAGE, payment: null };
  }

  private async cancelled(terminal: { cancel(id: string): Promise<void>; lookup(key: string, id: string | null): Promise<LookupResult> }, attempt: Attempt, paymentIntentId: string): Promise<LookupResult> {
    await terminal.cancel(paymentIntentId);
    // A card tapped at the very last moment wins over the cancel: lookup tells which.
    return terminal.lookup(attempt.idempotencyKey, paymentIntentId);
  }

  private progress(request: { idempotencyKey: string; sessionId: number; terminalId: string }, step: ProgressStep, detail: string): void {
    this.deps.core.bus.emit('payments.progress', { idempotencyKey: request.idempotencyKey, sessionId: request.sessionId, terminalId: request.terminalId, step, detail });
  }
}

function stepName(step: TerminalStep): ProgressStep {
  return step.step === 'created' ? 'sent_to_reader' : step.step;
}
