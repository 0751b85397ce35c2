/**
 * Refunds and voids, by a supervisor: a card refund through Stripe (the refund row and its key committed before
 * the call, like a payment attempt), cash paid out of the supervisor's drawer, a wallet credited back. Never above
 * what is left of the payment: checked before anything is written, and guarded again in SQL.
 */
import type { Actor } from '../core';
import { audit } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { includedTaxMinor } from '../domain/money';
import { TerminalError } from '../../../native/terminal';
import type { Payment, Refund } from '../store/payments-repo';
import { announce, paymentView, receiptBodyOf, type PaymentsContext } from './ledger';
import type { TerminalRegistry } from './terminals';

export interface RefundRequest {
  paymentId: number;
  amountMinor: number;
  reason: string;
  idempotencyKey: string;
  void: boolean;
}

export class Refunds {
  constructor(private readonly ctx: PaymentsContext & { readonly terminals: TerminalRegistry }) {}

  async refund(request: RefundRequest, actor: Actor): Promise<{ refund: Refund; payment: Payment }> {
    const { repo } = this.ctx;
    const prior = repo.refundByKey(request.idempotencyKey);
    if (prior) return this.replay(prior, request);
    const payment = repo.payment(request.paymentId);
    if (!payment) throw notFound(`payment ${request.paymentId}`);
    this.assertRefundable(payment, request);
    const shiftId = payment.method === 'cash' ? this.drawerFor(actor) : null;
    const insert = () => repo.insertRefund({ idempotencyKey: request.idempotencyKey, paymentId: payment.id, kind: request.void ? 'void' : 'refund', amountMinor: request.amountMinor, currency: payment.currency, shiftId, reason: request.reason, by: actor.username, at: this.ctx.core.now() });
    // Cash and wallet refunds move no money outside the kiosk: the refund row and everything else in one transaction.
    if (payment.method !== 'card') return this.ctx.core.store.change(() => this.complete(insert(), payment, null));
    // A card refund's row and key are committed first, like a payment attempt, so a crash never refunds twice.
    return this.throughStripe(this.ctx.core.store.change(insert), payment);
  }

  /** Card refunds whose answer never came (Stripe unreachable, crash): asked again under the same key. */
  async reconcile(): Promise<number> {
    let finished = 0;
    for (const refund of this.ctx.repo.unfinishedRefunds()) {
      await this.throughStripe(refund, this.ctx.repo.payment(refund.paymentId)!).catch(() => undefined);
      finished += this.ctx.repo.refund(refund.id)!.state === 'created' ? 0 : 1;
    }
    return finished;
  }

  private replay(prior: Refund, request: RefundRequest): { refund: Refund; payment: Payment } {
    if (prior.paymentId !== request.paymentId || prior.amountMinor !== request.amountMinor) {
      throw invalid(`idempotency key ${request.idempotencyKey} was used for another refund (${prior.amountMinor} of payment ${prior.paymentId}): use a new key`);
    }
    return { refund: prior, payment: this.ctx.repo.payment(prior.paymentId)! };
  }

  private assertRefundable(payment: Payment, request: RefundRequest): void {
    const left = payment.amountMinor - payment.refundedMinor - this.ctx.repo.pendingRefundMinor(payment.id);
    if (request.amountMinor > left) throw invalid(`refund of ${request.amountMinor} is above what is left of payment ${payment.id} (${left} ${payment.currency})`);
    if (request.void && (request.amountMinor !== payment.amountMinor || payment.refundedMinor > 0)) throw invalid('a void reverses a whole payment that has no refunds yet');
    if (payment.method === 'qr') throw conflict('QR payments were taken by head office: refund them there');
  }

  private drawerFor(actor: Actor): number {
    const shift = this.ctx.core.store.shifts.openFor(actor.id);
    if (!shift) throw conflict('a cash refund is paid out of your drawer: open your shift first');
    return shift.id;
  }

  private async throughStripe(refund: Refund, payment: Payment): Promise<{ refund: Refund; payment: Payment }> {
    const attempt = payment.attemptId === null ? undefined : this.ctx.repo.attempt(payment.attemptId);
    const entry = this.ctx.terminals.get(attempt?.terminalId ?? '');
    if (!entry || !payment.paymentIntentId) throw conflict(`payment ${payment.id} has no card reader to refund through`);
    try {
      const { refundId } = await entry.terminal.refund(payment.paymentIntentId, refund.amountMinor, `lotkeeper:refund:${refund.idempotencyKey}`);
      return this.complete(refund, payment, refundId);
    } catch (error) {
      if (error instanceof TerminalError && error.code !== 'unreachable') {
        this.ctx.core.store.change(() => {
          this.ctx.repo.finishRefund(refund.id, { state: 'failed', failureMessage: error.message }, this.ctx.core.now());
          audit(this.ctx.core, { actor: refund.by, action: 'payment.refund_failed', subject: `payment:${payment.id}`, detail: { refundId: refund.id, amountMinor: refund.amountMinor, error: error.message } });
        });
        throw conflict(`the card refund was refused: ${error.message}`);
      }
      throw conflict('the card network is unreachable: the refund is saved and will be sent when it is back');
    }
  }

  /** The money has moved (or moves now, for cash and wallets): everything else commits together. */
  private complete(refund: Refund, payment: Payment, stripeRefund: string | null): { refund: Refund; payment: Payment } {
    const { core, repo, wallets } = this.ctx;
    const at = core.now();
    core.store.change(() => {
      const receiptNo = repo.nextReceiptNo();
      if (!repo.finishRefund(refund.id, { state: 'succeeded', stripeRefund, receiptNo }, at)) throw conflict(`refund ${refund.id} has already finished`);
      if (!repo.addRefunded(payment.id, refund.amountMinor, refund.kind === 'void')) throw invalid(`refund of ${refund.amountMinor} is above what is left of payment ${payment.id}`);
      if (payment.sessionId !== null) core.store.sessions.recordRefund(payment.sessionId, refund.amountMinor);
      if (payment.method === 'cash') repo.insertCashMovement({ shiftId: refund.shiftId!, kind: 'refund', amountMinor: -refund.amountMinor, refundId: refund.id, reason: refund.reason, at, by: refund.by });
      if (payment.method === 'wallet' && wallets.move(payment.walletId!, refund.amountMinor, { kind: 'refund', refundId: refund.id, at, by: refund.by }) === null) throw conflict(`wallet ${payment.walletId} is inactive: it cannot take the refund`);
      const original = receiptBodyOf(this.ctx, payment, null, null, at);
      repo.insertReceipt({ no: receiptNo, kind: 'credit_note', paymentId: payment.id, refundId: refund.id, issuedAt: at, body: { ...original, no: receiptNo, kind: 'credit_note', lines: [{ label: refund.kind === 'void' ? 'Void' : 'Refund', amountMinor: -refund.amountMinor }], totalMinor: -refund.amountMinor, taxMinor: -includedTaxMinor(refund.amountMinor, original.site.taxRateBp), refundsReceiptNo: payment.receiptNo, reason: refund.reason, by: refund.by, tenderedMinor: null, changeMinor: null } });
      audit(core, { actor: refund.by, action: `payment.${refund.kind}`, subject: `payment:${payment.id}`, detail: { refundId: refund.id, amountMinor: refund.amountMinor, currency: refund.currency, method: payment.method, reason: refund.reason, receiptNo } });
      core.store.outbox.append('refund', `refund:${refund.id}`, { ...refund, state: 'succeeded', stripeRefund, receiptNo, payment: paymentView(payment) }, at);
    });
    if (payment.sessionId !== null) announce(this.ctx, { id: payment.sessionId, plateKey: core.store.sessions.get(payment.sessionId)?.plateKey ?? '' }, `refund of ${refund.amountMinor} on receipt ${payment.receiptNo}`, 'refund');
    return { refund: repo.refund(refund.id)!, payment: repo.payment(payment.id)! };
  }
}
