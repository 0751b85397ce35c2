/**
 * Changes to what a stay owes, made at the booth: a merchant's validation code, a discount or free minutes, a lost
 * ticket, a car at the exit with no entry record, and a driver who cannot pay (let out with a debt, or held, by the
 * site's policy). Each is one transaction with its audit row and head office's copy, and the stay's charge is
 * recorded again with it (charges.ts), so the exit screen, the lane and the receipt agree.
 */
import type { ExitQuoteView } from '../contract/payments';
import type { Session } from '../contract';
import { audit, type Actor } from '../core';
import { conflict, notFound } from '../errors';
import { foldConfusable, normalisePlate } from '../domain/plate';
import type { Adjustment } from '../store/payments-repo';
import type { SessionService } from '../sessions/session-service';
import type { Charge } from './charges';
import { announce, type PaymentsContext } from './ledger';

interface Pricing {
  /** The exit screen's quote for a stay inside, after the change. */
  quote(sessionId: number): ExitQuoteView;
  /** The stay's charge as the exit would record it. */
  price(session: Session, at: number): Charge;
}

export class PriceAdjustments {
  constructor(
    private readonly ctx: PaymentsContext,
    private readonly sessions: SessionService,
    private readonly pricing: Pricing,
  ) {}

  applyValidation(sessionId: number, code: string, actor: Actor): ExitQuoteView {
    const session = this.sessions.requireInside(sessionId);
    const validation = this.ctx.repo.validationCode(code);
    if (!validation) throw notFound(`validation code ${code}`);
    const at = this.ctx.core.now();
    if (validation.revokedAt !== null || at < validation.validFrom || at >= validation.validTo) throw conflict(`validation code ${code} is not valid now`);
    if (this.ctx.repo.adjustments(sessionId).some((a) => a.code === code)) throw conflict(`validation code ${code} is already applied to this stay`);
    this.apply(session, actor, { kind: 'validation', code, minutesOff: validation.minutesOff, valueOffMinor: validation.valueOffMinor, reasonCode: null, reason: validation.merchant }, () => {
      if (!this.ctx.repo.useValidationCode(code, at)) throw conflict(`validation code ${code} has no uses left`);
    });
    return this.pricing.quote(sessionId);
  }

  discount(request: { sessionId: number; valueOffMinor?: number; minutesOff?: number; reasonCode: string; reason: string }, actor: Actor): ExitQuoteView {
    const session = this.sessions.requireInside(request.sessionId);
    const kind = request.valueOffMinor !== undefined ? 'discount' : 'free_time';
    this.apply(session, actor, { kind, code: null, minutesOff: request.minutesOff ?? null, valueOffMinor: request.valueOffMinor ?? null, reasonCode: request.reasonCode, reason: request.reason });
    return this.pricing.quote(request.sessionId);
  }

  lostTicket(sessionId: number, reason: string, actor: Actor): ExitQuoteView {
    const session = this.sessions.requireInside(sessionId);
    if (this.ctx.repo.adjustments(sessionId).some((a) => a.kind === 'lost_ticket')) throw conflict('this stay is already priced as a lost ticket');
    this.apply(session, actor, { kind: 'lost_ticket', code: null, minutesOff: null, valueOffMinor: null, reasonCode: 'lost_ticket', reason });
    return this.pricing.quote(sessionId);
  }

  /**
   * A car at the exit that no session was found for (ticket lost, entry never recorded). When a stay inside reads as
   * this plate, its entry record prices it; else a session is opened now for the plate with the lost-ticket
   * adjustment, so the quote is the tariff's lost-ticket charge. Either way audited with the attendant's reason; the
   * attendant then takes payment and confirms the exit as for any stay.
   */
  noEntryRecord(request: { plate: string; zoneId: string; vehicleClass: string; reason: string }, actor: Actor): { quote: ExitQuoteView; pricedFrom: 'entry_record' | 'lost_ticket_charge' } {
    const plateKey = normalisePlate(request.plate);
    const fold = foldConfusable(plateKey);
    const inside = this.ctx.core.store.sessions.inside().filter((v) => foldConfusable(v.plateKey) === fold);
    if (inside.length > 1) throw conflict(`${inside.length} cars inside read like ${plateKey}: pick the stay from the search results`);
    const existing = inside[0]?.id;
    const pricedFrom = existing === undefined ? 'lost_ticket_charge' : 'entry_record';
    const sessionId = this.ctx.core.store.change(() => {
      const stay = existing ?? this.openWithoutEntryRecord(request, actor);
      audit(this.ctx.core, { actor: actor.username, action: 'payment.no_entry_record', subject: `session:${stay}`, detail: { plate: plateKey, reason: request.reason, pricedFrom } });
      return stay;
    });
    return { quote: this.pricing.quote(sessionId), pricedFrom };
  }

  /** Inside the caller's transaction: the session and its lost-ticket adjustment commit together or not at all. */
  private openWithoutEntryRecord(request: { plate: string; zoneId: string; vehicleClass: string; reason: string }, actor: Actor): number {
    const session = this.sessions.open({ plateRaw: request.plate, plateConfidence: null, plateImage: null, laneId: null, zoneId: request.zoneId, vehicleClass: request.vehicleClass, spaceType: 'regular', manualReason: `no entry record: ${request.reason}` }, actor);
    this.apply(session, actor, { kind: 'lost_ticket', code: null, minutesOff: null, valueOffMinor: null, reasonCode: 'no_entry_record', reason: request.reason });
    return session.id;
  }

  unableToPay(request: { sessionId: number; laneId: string | null; reason: string }, actor: Actor): { outcome: 'let_out' | 'held'; debtId: number | null; dueMinor: number } {
    const session = this.sessions.requireInside(request.sessionId);
    const quote = this.pricing.price(session, this.ctx.core.now());
    if (quote.dueMinor === 0) throw conflict('nothing is owed: let the car out');
    if (this.ctx.repo.settings().offlinePolicy === 'hold') return { outcome: 'held', debtId: null, dueMinor: quote.dueMinor };
    const at = this.ctx.core.now();
    const debt = this.ctx.core.store.change(() => {
      const debt = this.ctx.repo.insertDebt({ plateKey: session.plateKey, plateFold: foldConfusable(session.plateKey), sessionId: session.id, amountMinor: quote.dueMinor, currency: quote.currency, reason: request.reason, at, by: actor.username });
      audit(this.ctx.core, { actor: actor.username, action: 'payment.unable_to_collect', subject: `session:${session.id}`, detail: { debtId: debt.id, amountMinor: debt.amountMinor, reason: request.reason } });
      this.ctx.core.store.outbox.append('debt', `debt:${debt.id}`, debt, at);
      this.sessions.close(session.id, { laneId: request.laneId, manualReason: `unable to pay: ${request.reason}` }, actor);
      return debt;
    });
    return { outcome: 'let_out', debtId: debt.id, dueMinor: quote.dueMinor };
  }

  /** Records one adjustment of a stay's price with its audit row and head office's copy, and re-records the charge. */
  apply(session: Session, actor: Actor, adjustment: Omit<Adjustment, 'id' | 'sessionId' | 'by' | 'at'>, guard?: () => void): void {
    const at = this.ctx.core.now();
    this.ctx.core.store.change(() => {
      guard?.();
      const row = this.ctx.repo.insertAdjustment({ ...adjustment, sessionId: session.id, by: actor.username, at });
      audit(this.ctx.core, { actor: actor.username, action: `payment.${adjustment.kind}`, subject: `session:${session.id}`, detail: row });
      this.ctx.core.store.outbox.append('session_adjustment', `session_adjustment:${row.id}`, row, at);
      this.sessions.charges.recordNow(session.id, 'adjustment', actor.username);
    });
    announce(this.ctx, session, `${session.plateKey}: ${adjustment.kind.replace('_', ' ')} applied`, 'adjustment');
  }
}
