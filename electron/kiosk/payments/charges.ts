/**
 * What a stay is charged, recorded: when money is taken, when the price is adjusted (validation, discount, free
 * time, lost ticket, an overpayment kept) and when the car leaves, the charge with its lines is written to
 * session_charges in the same transaction, with its outbox row for head office. The exit screen, the session
 * view, the lane's exit decision, the receipt and head office all read this charge, so they cannot disagree:
 *
 * - inside the grace period after a payment, the charge is the one recorded (the minutes after the payment are
 *   not charged, and a tariff edited since does not re-price what was paid for);
 * - otherwise a stay inside is priced now (pricing.ts), exactly as the booth would record it;
 * - a stay that left is charged what its exit recorded.
 *
 * Always: totalMinor = the sum of the lines; what is owed = totalMinor - paid (net of refunds), said as dueMinor
 * when positive and overpaidMinor when negative.
 */
import type { Session } from '../contract';
import type { ChargeView } from '../contract/payments';
import { audit, type Actor, type Core } from '../core';
import { conflict } from '../errors';
import { foldConfusable } from '../domain/plate';
import { ChargesRepo, type ChargeEvent, type RecordedCharge } from '../store/charges-repo';
import { PaymentsRepo } from '../store/payments-repo';
import { owing, priceExit, type ExitQuote } from './pricing';

/** The stay's own end for pricing: `at`, less any wall-clock jump since the stay began (clock-guard.ts). */
export type StayClock = (session: { id: number; entryAt: number }, at: number) => number;

export interface Charge extends ExitQuote {
  /** The recorded row this charge is, or null when the stay was priced now. */
  recorded: RecordedCharge | null;
}

export class ChargeBook {
  readonly repo: ChargesRepo;
  private readonly payments: PaymentsRepo;

  constructor(
    private readonly core: Core,
    private readonly stayClock: StayClock = (_session, at) => at,
    /** Where the tariff starts counting: the entry, or the end of a prepaid booking (sessions' pricedFrom). */
    private readonly pricedFrom: (session: Session, at: number) => number = (session) => session.entryAt,
  ) {
    this.repo = new ChargesRepo(core.store.db);
    this.payments = new PaymentsRepo(core.store.db);
  }

  /** What the stay is charged if it ends at `at` (a stay that left: what its exit recorded). */
  chargeAt(session: Session, at: number): Charge {
    const recorded = this.repo.latest(session.id);
    if (session.status === 'closed' && session.exitAt !== null) return recorded ? this.fromRecord(recorded, session) : { ...this.price(session, session.exitAt), recorded: null };
    const held = recorded && session.status === 'paid' && recorded.graceUntil !== null && at <= recorded.graceUntil ? recorded : null;
    return held ? this.fromRecord(held, session) : { ...this.price(session, at), recorded: null };
  }

  /** The stay priced afresh as of `at`, from its adjustments, the debts on its plate and the overpayments kept. */
  price(session: Session, at: number): ExitQuote {
    const { site } = this.core.layout();
    const debts = this.payments.openDebts({ plateFold: foldConfusable(session.plateKey) }).filter((d) => d.sessionId !== session.id);
    const end = session.status === 'open' || session.status === 'paid' ? this.stayClock(session, at) : at;
    const priced = { ...session, entryAt: this.pricedFrom(session, end) };
    return priceExit(this.core.store.rateTables.all(), site, priced, this.payments.adjustments(session.id), debts, end, this.repo.keptOverpayments(session.id));
  }

  /**
   * Inside the caller's transaction, after the session row is updated: records `quote` as the stay's charge, with
   * what the session has paid now and, while it is paid and inside, the end of its grace period.
   */
  record(sessionId: number, quote: Pick<ExitQuote, 'lines' | 'totalMinor' | 'currency' | 'pricedAt'>, event: ChargeEvent, by: string): RecordedCharge {
    const { store } = this.core;
    const at = this.core.now();
    const session = store.sessions.require(sessionId);
    const graceUntil = session.status === 'paid' ? this.price(session, at).graceUntil : null;
    const row = this.repo.insert({ sessionId, event, lines: quote.lines, totalMinor: quote.totalMinor, paidMinor: session.paidMinor, currency: quote.currency, pricedAt: quote.pricedAt, graceUntil, recordedAt: at, recordedBy: by });
    store.outbox.append('session_charge', `session_charge:${row.id}`, row, at);
    return row;
  }

  /** Records the stay's charge as it is now (after an adjustment: priced with it). Inside the caller's transaction. */
  recordNow(sessionId: number, event: ChargeEvent, by: string): RecordedCharge {
    const session = this.core.store.sessions.require(sessionId);
    return this.record(sessionId, this.price(session, this.core.now()), event, by);
  }

  /**
   * The driver leaves an overpayment with the site: it becomes a line of the charge, audited with the reason, so the
   * charge equals what was paid. One transaction.
   */
  keepOverpayment(sessionId: number, reason: string, actor: Actor): Charge {
    const { store } = this.core;
    const at = this.core.now();
    store.change(() => {
      const session = store.sessions.require(sessionId);
      if (session.status === 'voided') throw conflict(`session ${sessionId} is voided`);
      const charge = this.chargeAt(session, at);
      if (charge.overpaidMinor === 0) throw conflict(`nothing was paid beyond the charge of session ${sessionId}`);
      const kept = this.repo.keepOverpayment({ sessionId, amountMinor: charge.overpaidMinor, reason, by: actor.username, at });
      const lines = [...charge.lines, { code: 'overpayment_kept', label: 'Overpayment kept', quantity: 1, amountMinor: kept.amountMinor }];
      this.record(sessionId, { ...charge, lines, totalMinor: charge.totalMinor + kept.amountMinor }, 'overpayment_kept', actor.username);
      audit(this.core, { actor: actor.username, action: 'payment.overpayment_kept', subject: `session:${sessionId}`, detail: { keptId: kept.id, amountMinor: kept.amountMinor, currency: charge.currency, reason } });
    });
    return this.chargeAt(store.sessions.require(sessionId), at);
  }

  /** A stay's recorded charge; a debt it left with that was paid at a later stay counts as paid here (and owed no more). */
  private fromRecord(recorded: RecordedCharge, session: Session): Charge {
    const { taxRateBp } = this.core.layout().site;
    const paidMinor = session.paidMinor + (session.status === 'closed' ? this.payments.debtsSettledMinor(session.id) : 0);
    return { lines: recorded.lines, ...owing(recorded.totalMinor, paidMinor, taxRateBp), currency: recorded.currency, debtIds: [], graceUntil: session.status === 'paid' ? recorded.graceUntil : null, pricedAt: recorded.pricedAt, recorded };
  }
}

/** A charge as the console and head office see it. */
export function chargeView(sessionId: number, charge: Charge): ChargeView {
  const { lines, totalMinor, paidMinor, dueMinor, overpaidMinor, taxMinor, currency, graceUntil, pricedAt, recorded } = charge;
  return { sessionId, pricedAt, lines, totalMinor, paidMinor, dueMinor, overpaidMinor, taxMinor, currency, graceUntil, recordedAt: recorded?.recordedAt ?? null, recordedBy: recorded?.recordedBy ?? null };
}
