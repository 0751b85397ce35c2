/**
 * QR pay through Stripe Checkout, for a site with a Stripe account and no head-office pay page: the code opens a
 * Stripe-hosted page for exactly what the stay owes, and the kiosk learns of the payment without anyone touching
 * the console, by polling the Checkout Session while the code is shown and by a sweep afterwards (a phone that paid
 * after the driver gave up is still found). Whichever path sees it first records it, once: the Checkout Session id
 * is the payment's idempotency key.
 *
 * A code ends when it expires or when the stay grew and a new code replaces it. The kiosk expires it at Stripe first
 * and only then calls it void; Stripe answering that it was paid in the meantime means the driver paid while it was
 * on screen, and that is recorded. A void code that Stripe could not be told about (offline) may still be paid: that
 * payment is refunded, audited and the attendant told, never credited to a stay that may have paid another way.
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { cardMinimum, TerminalError, type HostedCheckout, type HostedCheckoutSession } from '../../../native/terminal';
import type { Session } from '../contract';
import { audit, type Actor } from '../core';
import { conflict } from '../errors';
import { QrCheckoutsRepo, type QrCheckout } from '../store/qr-checkouts-repo';
import { announce, recordPayment, type PaymentsContext } from './ledger';
import type { ExitQuote } from './pricing';
import { formatMoney } from './receipt';

export interface QrCheckoutDeps {
  readonly checkout: HostedCheckout;
  requireInside(sessionId: number): Session;
  priceAt(session: Session, at: number): ExitQuote;
  /** How often a code on screen is asked about (the driver waits for the lane to open). */
  readonly pollMs: number;
  /** How often codes no longer on screen, and void ones Stripe has not confirmed, are asked about. */
  readonly sweepEveryMs: number;
}

export interface QrCode {
  url: string;
  svg: string;
  amountMinor: number;
  currency: string;
  expiresAt: number;
}

export class QrCheckoutPayments {
  private readonly repo: QrCheckoutsRepo;
  private readonly watching = new Map<string, NodeJS.Timeout>();
  private sweepTimer: NodeJS.Timeout | undefined;
  /**
   * Set by close(): an answer from Stripe that arrives after it would find the database closed, so it is dropped
   * (the sweep at the next start asks again).
   */
  private closed = false;
  /** False after Stripe could not be reached; the exit screen then says QR pay is offline. */
  private reachable = true;

  constructor(private readonly ctx: PaymentsContext, private readonly deps: QrCheckoutDeps) {
    this.repo = new QrCheckoutsRepo(ctx.core.store.db);
  }

  /** Null when a code can be shown now; else why not. */
  problem(): string | null {
    return this.reachable ? null : 'Stripe cannot be reached (the site looks offline): take cash, card or the wallet';
  }

  /** The code for what the stay owes now: the one on screen if it still asks that, else a new one (the old one expired at Stripe first). */
  async link(sessionId: number, actor: Actor): Promise<QrCode> {
    let session = this.deps.requireInside(sessionId);
    const current = this.repo.openFor(sessionId);
    if (current) {
      const due = this.deps.priceAt(session, this.ctx.core.now()).dueMinor;
      if (current.amountMinor === due && current.expiresAt > this.ctx.core.now()) return this.code(current);
      await this.end(current, current.expiresAt > this.ctx.core.now() ? 'superseded' : 'expired');
      session = this.deps.requireInside(sessionId);
    }
    const quote = this.deps.priceAt(session, this.ctx.core.now());
    if (quote.dueMinor <= 0) throw conflict(`session ${sessionId} owes nothing`);
    this.requireCardMinimum(quote);
    const expiresAt = this.ctx.core.now() + this.ctx.repo.settings().qrLinkTtlS * 1000;
    const { site } = this.ctx.core.layout();
    const created = await this.ask(() =>
      this.deps.checkout.create({
        key: `lotkeeper:qr:${sessionId}:${randomUUID()}`,
        amountMinor: quote.dueMinor,
        currency: quote.currency,
        productName: `Parking ${session.plateKey} at ${site.name}`,
        metadata: { session: String(sessionId), plate: session.plateKey, site: site.name },
        expiresAt,
      }),
    ).catch((error: unknown) => {
      if (!(error instanceof TerminalError)) throw error;
      throw conflict(error.code === 'unreachable' ? `QR pay is unavailable: Stripe cannot be reached (${error.message}); take cash, card or the wallet` : `Stripe refused the QR code: ${error.message}`);
    });
    if (!created.url || created.amountMinor !== quote.dueMinor || created.currency !== quote.currency) {
      throw conflict(`Stripe answered with a Checkout Session for ${created.amountMinor} ${created.currency}, not ${quote.dueMinor} ${quote.currency}: not shown`);
    }
    const row = { id: created.id, sessionId, amountMinor: quote.dueMinor, currency: quote.currency, url: created.url, expiresAt };
    this.ctx.core.store.change(() => {
      this.repo.insert(row, this.ctx.core.now(), actor.username);
      this.ctx.core.store.outbox.append('qr_checkout', `qr_checkout:${row.id}`, row, this.ctx.core.now());
    });
    this.watch(row.id);
    return this.code(this.repo.get(row.id)!);
  }

  /**
   * Stripe Checkout takes no card payment under Stripe's minimum charge, so no code is made: the driver pays in
   * cash or from the wallet or, where the site's policy says so, the amount is waived (payments.waiveBelowMinimum).
   */
  private requireCardMinimum(quote: ExitQuote): void {
    const minimum = cardMinimum(quote.currency);
    if (quote.dueMinor >= minimum) return;
    const show = (minor: number) => formatMoney(minor, quote.currency, this.ctx.core.layout().site.locale);
    const instead = this.ctx.repo.settings().belowCardMinimum === 'waive' ? 'waive it (the site’s policy), or take it in cash or from the wallet' : 'take it in cash or from the wallet';
    throw conflict(`QR pay starts at ${show(minimum)} (Stripe’s minimum charge) and this stay owes ${show(quote.dueMinor)}: ${instead}`);
  }

  /** Asks Stripe about every code not settled yet; also resumes watching codes still on screen after a restart. */
  async sweep(): Promise<void> {
    for (const row of this.repo.unsettled()) {
      if (this.watching.has(row.id)) continue;
      await this.check(row).catch((error: unknown) => this.ctx.core.log.warn({ err: error, checkout: row.id }, 'QR checkout not settled yet; will ask again'));
      if (this.closed) return;
      const now = this.repo.get(row.id);
      if (now?.state === 'open') this.watch(row.id);
    }
  }

  /**
   * A Stripe event about a code, relayed by head office through sync: Stripe is asked about the Checkout Session
   * once the pull is written (never inside its transaction). What Stripe says is applied as a poll's answer would
   * be, so a repeated or late event changes nothing and the payment is recorded once.
   */
  relayed(checkoutSessionId: string): void {
    const row = this.repo.get(checkoutSessionId);
    if (!row) throw conflict(`Checkout Session ${checkoutSessionId} is not one of this site's QR codes`);
    if (row.state === 'paid' || row.state === 'refunded') return;
    setImmediate(() => {
      if (this.closed) return;
      const now = this.repo.get(row.id)!;
      this.check(now).catch((error: unknown) => this.ctx.core.log.warn({ err: error, checkout: row.id }, 'relayed Stripe event: Stripe not reached; the sweep asks again'));
    });
  }

  start(): void {
    this.sweepTimer ??= setInterval(() => void this.sweep(), this.deps.sweepEveryMs);
    this.sweepTimer.unref();
    void this.sweep();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweepTimer);
    for (const timer of this.watching.values()) clearTimeout(timer);
    this.watching.clear();
  }

  private code(row: QrCheckout): Promise<QrCode> {
    return QRCode.toString(row.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then((svg) => ({ url: row.url, svg, amountMinor: row.amountMinor, currency: row.currency, expiresAt: row.expiresAt }));
  }

  /** Polls a code on screen until it is paid or ends. */
  private watch(id: string): void {
    const tick = async () => {
      const row = this.repo.get(id);
      if (row?.state !== 'open') return void this.watching.delete(id);
      await this.check(row).catch((error: unknown) => this.ctx.core.log.debug({ err: error, checkout: id }, 'QR checkout poll failed'));
      if (this.closed) return;
      if (this.repo.get(id)?.state === 'open' && this.watching.has(id)) this.watching.set(id, setTimeout(() => void tick(), this.deps.pollMs));
      else this.watching.delete(id);
    };
    this.watching.set(id, setTimeout(() => void tick(), this.deps.pollMs));
  }

  private async check(row: QrCheckout): Promise<void> {
    if (row.state === 'open' && row.expiresAt <= this.ctx.core.now()) return this.end(row, 'expired');
    if (row.state === 'void') return this.settle(row, await this.expireAtStripe(row));
    return this.settle(row, await this.ask(() => this.deps.checkout.retrieve(row.id)));
  }

  /** Expires the code at Stripe, then voids it; paid in the meantime, it is recorded instead. Offline, it is void unconfirmed. */
  private async end(row: QrCheckout, reason: 'expired' | 'superseded'): Promise<void> {
    clearTimeout(this.watching.get(row.id));
    this.watching.delete(row.id);
    let stripe: HostedCheckoutSession | null = null;
    try {
      stripe = await this.expireAtStripe(row);
    } catch (error) {
      if (!(error instanceof TerminalError)) throw error;
    }
    if (stripe?.paid) return this.settle(row, stripe);
    if (this.closed) return;
    this.ctx.core.store.change(() => {
      if (!this.repo.markVoid(row.id, reason, this.ctx.core.now())) return;
      if (stripe?.status === 'expired') this.repo.confirmVoid(row.id, this.ctx.core.now());
    });
  }

  /** One idempotency key per code: every try to end it at Stripe is the same request. */
  private expireAtStripe(row: QrCheckout): Promise<HostedCheckoutSession> {
    return this.ask(() => this.deps.checkout.expire(row.id, `lotkeeper:qr-expire:${row.id}`));
  }

  /** What Stripe says of a code, applied: recorded once if paid while open, refunded if paid after it was void. */
  private async settle(row: QrCheckout, stripe: HostedCheckoutSession): Promise<void> {
    if (this.closed) return;
    const current = this.repo.get(row.id)!;
    if (stripe.status === 'expired' && !stripe.paid) {
      this.ctx.core.store.change(() => {
        this.repo.markVoid(row.id, 'expired', this.ctx.core.now());
        this.repo.confirmVoid(row.id, this.ctx.core.now());
      });
      return;
    }
    if (!stripe.paid || current.state === 'paid' || current.state === 'refunded') return;
    const mismatch = this.mismatch(current, stripe);
    if (current.state === 'open' && mismatch === null) return void this.record(current, stripe);
    if (current.state === 'open') this.ctx.core.store.change(() => this.repo.markVoid(row.id, 'expired', this.ctx.core.now()));
    await this.refund(current, stripe, mismatch ?? `paid after the code was ${current.voidReason === 'superseded' ? 'replaced by one for a new amount' : 'expired'}`);
  }

  private mismatch(row: QrCheckout, stripe: HostedCheckoutSession): string | null {
    if (stripe.amountMinor !== row.amountMinor || stripe.currency !== row.currency) return `paid ${stripe.amountMinor} ${stripe.currency} where the code asked ${row.amountMinor} ${row.currency}`;
    if (stripe.metadata['session'] !== String(row.sessionId)) return `the Checkout Session names session ${stripe.metadata['session'] ?? '(none)'}, not ${row.sessionId}`;
    if (!this.siteNames().has(stripe.metadata['site'] ?? '')) return `the Checkout Session names site "${stripe.metadata['site'] ?? ''}"`;
    return null;
  }

  /** The site's name and the names it had before (Site settings renames, audited): a rename never makes a code a stranger's. */
  private siteNames(): Set<string> {
    const renames = this.ctx.core.store.audit.list({ subject: 'site', action: 'settings.saveSite', limit: 100 })
      .map((row) => String((row.detail as { before: { name: string } }).before.name));
    return new Set([this.ctx.core.layout().site.name, ...renames]);
  }

  private record(row: QrCheckout, stripe: HostedCheckoutSession): void {
    const session = this.ctx.core.store.sessions.require(row.sessionId);
    const quote = this.deps.priceAt(session, this.ctx.core.now());
    this.ctx.core.store.change(() => {
      const payment = recordPayment(this.ctx, { idempotencyKey: `checkout-${row.id}`, attempt: null, session, method: 'qr', amountMinor: row.amountMinor, currency: row.currency, quote, shiftId: null, by: 'stripe-checkout', paymentIntentId: stripe.paymentIntentId ?? undefined });
      if (!this.repo.markPaid(row.id, payment.id, stripe.paymentIntentId, this.ctx.core.now())) throw conflict(`QR code ${row.id} is no longer open`);
    });
  }

  private async refund(row: QrCheckout, stripe: HostedCheckoutSession, why: string): Promise<void> {
    if (!stripe.paymentIntentId) throw conflict(`Checkout Session ${row.id} is paid but names no PaymentIntent: cannot refund it yet`);
    const { refundId } = await this.ask(() => this.deps.checkout.refund(stripe.paymentIntentId!, stripe.amountMinor, `lotkeeper:qr-refund:${row.id}`));
    // Refunded at Stripe under its key: the next start's sweep asks again and records the same refund.
    if (this.closed) return;
    this.ctx.core.store.change(() => {
      if (!this.repo.markRefunded(row.id, stripe.paymentIntentId!, refundId, this.ctx.core.now())) return;
      audit(this.ctx.core, { actor: 'stripe-checkout', action: 'payment.qr_refunded', subject: `session:${row.sessionId}`, detail: { checkoutId: row.id, amountMinor: stripe.amountMinor, currency: stripe.currency, refundId, reason: why } });
    });
    const session = this.ctx.core.store.sessions.require(row.sessionId);
    announce(this.ctx, session, `${session.plateKey}: a QR payment of ${stripe.amountMinor} ${stripe.currency} was ${why}: refunded to the driver's card, the stay was not credited`, 'qr_refunded');
  }

  /** Every Stripe call: an answer marks Stripe reachable, a lost one unreachable (the exit screen says so). */
  private async ask<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.reachable = true;
      return result;
    } catch (error) {
      if (error instanceof TerminalError && error.code === 'unreachable') this.reachable = false;
      throw error;
    }
  }
}
