/**
 * Paying to leave: the use-cases behind the exit payment screen, the lanes and sync. Quotes come from the tariff
 * engine (via pricing.ts), money is committed by ledger.ts in one transaction, cards run through card-payments.ts,
 * refunds through refunds.ts. Every amount the console sends is checked against a fresh quote here: a stale
 * screen never takes the wrong amount.
 */
import type { ChargeView, ExitQuoteView, TerminalView } from '../contract/payments';
import type { Session } from '../contract';
import { audit, type Actor, type Core } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { PaymentsRepo, type Payment, type PaymentSettings } from '../store/payments-repo';
import { WalletsRepo } from '../store/wallets-repo';
import type { SessionService } from '../sessions/session-service';
import { Accounts } from './accounts';
import { PriceAdjustments } from './adjustments';
import { CardPayments, type CardOptions, type CardRequest } from './card-payments';
import { Documents } from './documents';
import { CASH_NOT_RECORDED, recordPayment, unlessDiskFull, WALLET_NOT_RECORDED, type PaymentsContext } from './ledger';
import { chargeView, type Charge } from './charges';
import { changeDue, type ExitQuote } from './pricing';
import type { PrinterRegistry } from './printers';
import { QrCheckoutPayments, type QrCode } from './qr-checkout';
import { QrPayments } from './qr-payments';
import { payLinkProblem } from './qr-link';
import { receiptText, type ReceiptBody } from './receipt';
import { Refunds, type RefundRequest } from './refunds';
import type { TerminalRegistry } from './terminals';
import type { HostedCheckout } from '../../../native/terminal';

export interface PaymentOptions extends CardOptions {
  /** Head office's secret for this site: signs pay links and head office's confirmations. Null until installed. */
  qrSecret: string | null;
  /** Head office's pay page (https). Null until configured: QR links are then shown as unavailable. */
  payPageUrl: string | null;
  /** Stripe Checkout for QR pay (the site's Stripe account); when set it is used instead of head office's pay page. */
  checkout: HostedCheckout | null;
  /** A QR code on screen is asked about this often; codes no longer on screen every qrSweepMs. */
  qrPollMs: number;
  qrSweepMs: number;
  /** Unfinished card attempts are settled again this often (Stripe back after an outage). */
  reconcileEveryMs: number;
  /** Each receipt printer is asked how it is this often (and after each job), for the devices panel. */
  printerPollMs: number;
}

export const DEFAULT_PAYMENT_OPTIONS: Omit<PaymentOptions, 'qrSecret' | 'payPageUrl' | 'checkout'> = {
  followTimeoutMs: 90_000,
  qrPollMs: 500,
  qrSweepMs: 60_000,
  searchLagMs: 120_000,
  reconcileEveryMs: 30_000,
  printerPollMs: 30_000,
};

/** Whether a way to pay can be offered now, and why not when it cannot (the exit screen shows the reason). */
export interface MethodAvailability {
  available: boolean;
  reason: string | null;
}

/** QR pay, and which service takes the money: Stripe Checkout, or head office's signed-link pay page. */
export interface QrAvailability extends MethodAvailability {
  via: 'stripe_checkout' | 'headoffice_link';
}


interface SimplePay {
  sessionId: number;
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
}

export class PaymentService {
  readonly repo: PaymentsRepo;
  readonly wallets: WalletsRepo;
  /** Prepaid wallets and merchants' validation codes: created, topped up, listed. */
  readonly accounts: Accounts;
  /** Pay links for the driver's phone, and head office's word that one was paid. */
  readonly qr: QrPayments;
  /** QR pay through Stripe Checkout, where the site has a Stripe account set up for it. */
  readonly qrCheckout: QrCheckoutPayments | null;
  /** Receipts and invoices on paper and as files. */
  readonly documents: Documents;
  /** Validations, discounts, lost tickets, a car with no entry record, a driver who cannot pay. */
  readonly adjustments: PriceAdjustments;
  private readonly ctx: PaymentsContext;
  readonly cards: CardPayments;
  private readonly refunds: Refunds;
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<{ recorded: number; closed: number; unfinished: number; refunds: number }> | undefined;

  constructor(
    private readonly core: Core,
    private readonly sessions: SessionService,
    readonly terminals: TerminalRegistry,
    printers: PrinterRegistry,
    private readonly options: PaymentOptions,
  ) {
    this.repo = new PaymentsRepo(core.store.db);
    this.wallets = new WalletsRepo(core.store.db);
    this.ctx = { core, repo: this.repo, wallets: this.wallets, charges: sessions.charges };
    this.cards = new CardPayments({
      ...this.ctx,
      terminals,
      options,
      requireDue: (id, amount, currency) => this.requireDue(id, amount, currency),
      priceAt: (id, at) => this.price(this.core.store.sessions.require(id), at),
      waive: (id, amount, reason, actor) => this.adjustments.apply(this.sessions.requireInside(id), actor, { kind: 'discount', code: null, minutesOff: null, valueOffMinor: amount, reasonCode: 'below_card_minimum', reason }),
    });
    this.refunds = new Refunds({ ...this.ctx, terminals });
    this.documents = new Documents(this.ctx, printers);
    this.accounts = new Accounts(this.ctx);
    this.adjustments = new PriceAdjustments(this.ctx, sessions, { quote: (id) => this.quote(id), price: (session, at) => this.price(session, at) });
    const requireInside = (id: number) => this.sessions.requireInside(id);
    const priceAt = (session: Session, at: number) => this.price(session, at);
    this.qr = new QrPayments(this.ctx, { payPageUrl: () => this.payPageUrl(), secret: options.qrSecret, requireInside, priceAt });
    this.qrCheckout = options.checkout && new QrCheckoutPayments(this.ctx, { checkout: options.checkout, requireInside, priceAt, pollMs: options.qrPollMs, sweepEveryMs: options.qrSweepMs });
  }

  /** The QR code for what a stay owes: Stripe Checkout where the site has it, else head office's signed pay link. */
  qrLink(sessionId: number, actor: Actor): Promise<QrCode> {
    return this.qrCheckout ? this.qrCheckout.link(sessionId, actor) : this.qr.link(sessionId, actor);
  }

  // ---- quotes ----
  /** What leaving at `at` costs with validations, discounts, lost ticket and debts; the lanes' exit rules read it too. */
  quote(sessionId: number, at = this.core.now()): ExitQuoteView {
    const session = this.sessions.requireInside(sessionId);
    return this.view(session, this.price(session, at));
  }

  /** What leaving now costs, for the lanes: 0 when paid and within the grace period. */
  dueAtExit(sessionId: number): number {
    return this.price(this.sessions.requireInside(sessionId), this.core.now()).dueMinor;
  }

  // ---- cash and wallet ----
  payCash(request: SimplePay & { tenderedMinor: number }, actor: Actor): { payment: Payment; changeMinor: number; receipt: string[] } {
    const replay = this.replayed(request, 'cash');
    const shift = this.core.store.shifts.openFor(actor.id);
    if (!replay && !shift) throw conflict('cash goes into your drawer: open your shift first');
    if (request.tenderedMinor < request.amountMinor) throw invalid(`tendered ${request.tenderedMinor} is less than the ${request.amountMinor} due: no underpayment`);
    const payment = replay ?? unlessDiskFull(() => this.commitSimple(request, 'cash', actor, { shiftId: shift!.id, tenderedMinor: request.tenderedMinor }), CASH_NOT_RECORDED);
    return { payment, changeMinor: changeDue(payment.amountMinor, payment.tenderedMinor ?? payment.amountMinor), receipt: this.receiptLines(payment.receiptNo) };
  }

  payWallet(request: SimplePay & { walletId: number }, actor: Actor): { payment: Payment; balanceMinor: number; receipt: string[] } {
    const wallet = this.wallets.get(request.walletId);
    if (!wallet) throw notFound(`wallet ${request.walletId}`);
    if (wallet.currency !== request.currency) throw invalid(`wallet ${wallet.id} holds ${wallet.currency}, not ${request.currency}`);
    const shiftId = this.core.store.shifts.openFor(actor.id)?.id ?? null;
    const payment = this.replayed(request, 'wallet') ?? unlessDiskFull(() => this.commitSimple(request, 'wallet', actor, { shiftId, walletId: wallet.id }), WALLET_NOT_RECORDED);
    return { payment, balanceMinor: this.wallets.get(wallet.id)!.balanceMinor, receipt: this.receiptLines(payment.receiptNo) };
  }

  // ---- cards ----
  /** Resolves when the payment ends; `onReader` fires once the reader shows the amount. */
  payCard(request: CardRequest, actor: Actor, onReader?: () => void) {
    this.assertCurrency(request.currency);
    return this.cards.pay(request, actor, onReader);
  }

  cardStatus(idempotencyKey: string) {
    return this.cards.status(idempotencyKey);
  }

  cancelCard(idempotencyKey: string): void {
    this.cards.cancel(idempotencyKey);
  }

  terminalList(): TerminalView[] {
    return this.terminals.list().map(({ id, laneId, driver, health }) => ({ id, laneId, driver, ...health }));
  }

  /** Card and QR as the exit screen offers them: unavailable, with the reason, until set up and reachable. */
  availability(): { card: MethodAvailability; qr: QrAvailability } {
    if (this.qrCheckout) {
      const problem = this.qrCheckout.problem();
      return { card: this.cardAvailability(), qr: { available: problem === null, reason: problem && `QR pay through Stripe is unavailable: ${problem}`, via: 'stripe_checkout' } };
    }
    const qrProblem = payLinkProblem(this.payPageUrl(), this.options.qrSecret);
    return { card: this.cardAvailability(), qr: { available: qrProblem === null, reason: qrProblem && `QR pay links are unavailable: ${qrProblem}`, via: 'headoffice_link' } };
  }

  /** `serve --pay-page` (or LOTKEEPER_PAY_PAGE) wins; else the Site settings' pay page, read at each use. */
  private payPageUrl(): string | null {
    return this.options.payPageUrl ?? this.core.store.settings.get().settings.qrPayPageUrl;
  }

  private cardAvailability(): MethodAvailability {
    const readers = this.terminalList();
    if (readers.length === 0) return { available: false, reason: 'card payment is unavailable: no card reader is set up at this site (add a Stripe Terminal reader in the lane settings)' };
    // Stripe: a reader's status is not reliable enough to block payments on; only a reader proven unreachable is.
    const ready = readers.some((r) => r.reachable);
    return ready ? { available: true, reason: null } : { available: false, reason: `card payment is unavailable: ${readers.map((r) => `${r.id}: ${r.detail}`).join('; ')}` };
  }

  /** Start-up and periodic: settles card attempts and refunds a crash or an outage left unfinished. */
  reconcile(): Promise<{ recorded: number; closed: number; unfinished: number; refunds: number }> {
    // One pass at a time: the start-up pass and a caller's (or the timer's) share it instead of racing on one attempt.
    this.reconciling ??= (async () => {
      try {
        const cards = await this.cards.reconcile();
        return { ...cards, refunds: await this.refunds.reconcile() };
      } finally {
        this.reconciling = undefined;
      }
    })();
    return this.reconciling;
  }

  /** A Stripe event head office relayed for a QR Checkout Session (sync); a site without Stripe Checkout refuses it. */
  stripeRelayed(checkoutSessionId: string): void {
    if (!this.qrCheckout) throw conflict('this site takes no QR payments through Stripe Checkout');
    this.qrCheckout.relayed(checkoutSessionId);
  }

  start(): void {
    this.terminals.watch(15_000);
    this.documents.printers.watch(this.options.printerPollMs);
    void this.terminals.probeAll().catch(() => undefined);
    const settle = () => void this.reconcile().catch((error: unknown) => this.core.log.warn({ err: error }, 'payment reconciliation failed'));
    settle();
    this.timer ??= setInterval(settle, this.options.reconcileEveryMs);
    this.timer.unref();
    this.qrCheckout?.start();
  }

  /** Stops the timers and the readers' watch; settles once the printers are closed (the demo's hosted one too). */
  stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.terminals.stop();
    this.qrCheckout?.close();
    return this.documents.printers.close();
  }

  // ---- refunds ----
  refund(request: RefundRequest, actor: Actor) {
    return this.refunds.refund(request, actor);
  }

  /**
   * A stay paid beyond its charge: refunded through the refunds (newest payment first; QR money is refunded by head
   * office, so it is left out), or kept as a line of the charge. Either way audited with the reason.
   */
  async settleOverpayment(request: { sessionId: number; action: 'refund' | 'keep'; reason: string; idempotencyKey: string }, actor: Actor): Promise<ChargeView> {
    const session = this.core.store.sessions.get(request.sessionId);
    if (!session) throw notFound(`session ${request.sessionId}`);
    if (request.action === 'keep') return chargeView(session.id, this.sessions.charges.keepOverpayment(session.id, request.reason, actor));
    const overpaid = this.price(session, this.core.now()).overpaidMinor;
    if (overpaid === 0) throw conflict(`nothing was paid beyond the charge of session ${session.id}`);
    const plan = this.refundPlan(session.id, overpaid);
    for (const { paymentId, amountMinor } of plan) {
      await this.refunds.refund({ paymentId, amountMinor, reason: `overpayment: ${request.reason}`, idempotencyKey: `${request.idempotencyKey}-${paymentId}`, void: false }, actor);
    }
    const after = this.core.store.sessions.require(session.id);
    return chargeView(after.id, this.price(after, this.core.now()));
  }

  /** Which payments give the overpayment back, newest first; refused before any refund when they cannot cover it. */
  private refundPlan(sessionId: number, overpaidMinor: number): { paymentId: number; amountMinor: number }[] {
    const plan: { paymentId: number; amountMinor: number }[] = [];
    let left = overpaidMinor;
    for (const payment of this.repo.listPayments({ sessionId, limit: 100 })) {
      const refundable = payment.method === 'qr' ? 0 : payment.amountMinor - payment.refundedMinor - this.repo.pendingRefundMinor(payment.id);
      const amountMinor = Math.min(left, refundable);
      if (amountMinor > 0) plan.push({ paymentId: payment.id, amountMinor });
      left -= amountMinor;
    }
    if (left > 0) throw conflict(`${left} of the overpayment was paid by QR link: refund it at head office, or keep it`);
    return plan;
  }

  settings(): PaymentSettings {
    return this.repo.settings();
  }

  saveSettings(settings: PaymentSettings, reason: string, actor: Actor): PaymentSettings {
    const before = this.repo.settings();
    this.core.store.change(() => {
      this.repo.saveSettings(settings, this.core.now(), actor.username);
      audit(this.core, { actor: actor.username, action: 'payment.settings', subject: 'payment_settings', detail: { before, after: settings, reason } });
      this.core.store.outbox.appendEvent('payment_settings', 'payment_settings', settings, this.core.now());
    });
    return this.repo.settings();
  }

  // ---- history and receipts ----
  list(query: { sessionId?: number; beforeId?: number; limit: number }) {
    return this.repo.listPayments(query).map((payment) => ({ payment, plateKey: payment.sessionId === null ? null : (this.core.store.sessions.get(payment.sessionId)?.plateKey ?? null), refunds: this.repo.refundsFor(payment.id) }));
  }

  /** A stored receipt's printed lines (cheap: no QR or PDF), for the answer to a payment call. */
  receiptLines(no: number): string[] {
    return receiptText(this.repo.receipt(no)!.body as ReceiptBody);
  }


  // ---- internals ----
  /** The stay's charge as the exit would record it (charges.ts): recorded inside the grace after a payment, else priced now. */
  private price(session: Session, at: number): Charge {
    return this.sessions.charges.chargeAt(session, at);
  }

  private requireDue(sessionId: number, amountMinor: number, currency: string): ExitQuote {
    this.assertCurrency(currency);
    const session = this.sessions.requireInside(sessionId);
    const quote = this.price(session, this.core.now());
    if (quote.dueMinor === 0) throw conflict(`session ${sessionId} owes nothing now`);
    if (quote.dueMinor !== amountMinor) throw conflict(`the amount due is now ${quote.dueMinor} ${quote.currency}, not ${amountMinor}: quote again`);
    // A card on a reader right now blocks other payments. An attempt left unfinished by an outage or a crash does
    // not: the lane must not jam while Stripe is away. If reconciliation later finds that card only authorised, it
    // releases it when the stay no longer owes it; only money Stripe already captured is recorded as an overpayment.
    if (this.repo.unfinishedAttempts({ sessionId }).some((a) => this.cards.isRunning(a.idempotencyKey))) throw conflict(`a card payment is running for session ${sessionId}: wait for it or cancel it`);
    return quote;
  }

  private assertCurrency(currency: string): void {
    const site = this.core.layout().site.currency;
    if (currency !== site) throw invalid(`this site takes ${site}, not ${currency}`);
  }

  /** The payment already taken under this key, or an error when the key was used for something else. */
  private replayed(request: SimplePay, method: Payment['method']): Payment | null {
    const prior = this.repo.paymentByKey(request.idempotencyKey) ?? null;
    const attempt = this.repo.attemptByKey(request.idempotencyKey);
    if (attempt) throw invalid(`idempotency key ${request.idempotencyKey} belongs to a card attempt: use a new key`);
    if (prior && (prior.amountMinor !== request.amountMinor || prior.sessionId !== request.sessionId || prior.method !== method || prior.currency !== request.currency)) {
      throw invalid(`idempotency key ${request.idempotencyKey} was used for another payment (${prior.method}, ${prior.amountMinor} ${prior.currency}, session ${prior.sessionId}): use a new key`);
    }
    return prior;
  }

  private commitSimple(request: SimplePay, method: 'cash' | 'wallet', actor: Actor, extra: { shiftId: number | null; tenderedMinor?: number; walletId?: number }): Payment {
    const quote = this.requireDue(request.sessionId, request.amountMinor, request.currency);
    const session = this.sessions.requireInside(request.sessionId);
    return recordPayment(this.ctx, { idempotencyKey: request.idempotencyKey, attempt: null, session, method, amountMinor: request.amountMinor, currency: request.currency, quote, by: actor.username, ...extra });
  }

  private view(session: Session, charge: Charge): ExitQuoteView {
    return {
      ...chargeView(session.id, charge),
      plateKey: session.plateKey,
      status: session.status,
      entryAt: session.entryAt,
      lostTicket: this.repo.adjustments(session.id).some((a) => a.kind === 'lost_ticket'),
      cardInFlight: this.repo.unfinishedAttempts({ sessionId: session.id }).length > 0,
    };
  }
}
