/**
 * QR pay links: a driver who wants to pay on the phone scans a link to head office's pay page, signed with the
 * secret head office gave the site; the session is paid when head office's signed confirmation comes back through
 * sync. A link is recorded (and sent to head office) before it is shown, so every confirmation names a known link.
 */
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import { amountMinor, currencyCode } from '../contract/payments';
import type { Session } from '../contract';
import type { Actor } from '../core';
import { conflict, invalid, notFound } from '../errors';
import type { Payment } from '../store/payments-repo';
import { recordPayment, type PaymentsContext } from './ledger';
import type { ExitQuote } from './pricing';
import { confirmationValid, payLinkProblem, secretProblem, signPayLink, type QrConfirmation } from './qr-link';

export interface QrPaymentDeps {
  /** Read at each link: the admin may set it on the Site settings screen at any time. */
  payPageUrl: () => string | null;
  secret: string | null;
  requireInside(sessionId: number): Session;
  priceAt(session: Session, at: number): ExitQuote;
}

/** What sync hands over from head office: checked here too, as any input from outside the process. */
const qrConfirmationSchema = z.strictObject({
  nonce: z.string().regex(/^[0-9a-f]{16,64}$/),
  amountMinor,
  currency: currencyCode,
  headofficeRef: z.string().min(1).max(100),
  paidAt: z.int().min(0).optional(),
  signature: z.string().min(1).max(200),
});

export class QrPayments {
  constructor(private readonly ctx: PaymentsContext, private readonly deps: QrPaymentDeps) {}

  async link(sessionId: number, actor: Actor): Promise<{ url: string; svg: string; amountMinor: number; currency: string; expiresAt: number }> {
    const payPageUrl = this.deps.payPageUrl();
    const problem = payLinkProblem(payPageUrl, this.deps.secret);
    if (problem) throw conflict(`QR pay links are unavailable: ${problem}`);
    const session = this.deps.requireInside(sessionId);
    const quote = this.deps.priceAt(session, this.ctx.core.now());
    if (quote.dueMinor <= 0) throw conflict(`session ${sessionId} owes nothing`);
    const fields = { nonce: randomBytes(16).toString('hex'), sessionId, amountMinor: quote.dueMinor, currency: quote.currency, expiresAt: this.ctx.core.now() + this.ctx.repo.settings().qrLinkTtlS * 1000 };
    this.ctx.core.store.change(() => {
      this.ctx.repo.insertQrLink(fields, this.ctx.core.now(), actor.username);
      this.ctx.core.store.outbox.append('qr_link', `qr_link:${fields.nonce}`, fields, this.ctx.core.now());
    });
    const url = signPayLink(payPageUrl!, this.deps.secret!, fields);
    return { url, svg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }), amountMinor: fields.amountMinor, currency: fields.currency, expiresAt: fields.expiresAt };
  }

  /**
   * Head office says a pay link was paid (the sync worker calls this with what it pulled). The signature proves it
   * came from head office, the amount and currency must match the link, the link must not have expired before it
   * was paid (after that the driver may have paid another way), and a confirmation is applied once.
   */
  confirm(input: QrConfirmation & { signature: string }): Payment {
    const parsed = qrConfirmationSchema.safeParse(input);
    if (!parsed.success) throw invalid(`a QR payment confirmation from head office is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const confirmation = parsed.data;
    const problem = secretProblem(this.deps.secret);
    if (problem) throw conflict(`cannot check head office's QR payment confirmation: ${problem}`);
    if (!confirmationValid(this.deps.secret!, confirmation, confirmation.signature)) throw invalid('the QR payment confirmation signature does not match: refused');
    const link = this.ctx.repo.qrLink(confirmation.nonce);
    if (!link) throw notFound(`pay link ${confirmation.nonce}`);
    if (link.amountMinor !== confirmation.amountMinor || link.currency !== confirmation.currency) throw invalid(`the confirmation is for ${confirmation.amountMinor} ${confirmation.currency}, the link asked ${link.amountMinor} ${link.currency}`);
    const key = `qr-${link.nonce}`;
    const prior = this.ctx.repo.paymentByKey(key);
    if (prior) return prior; // sync delivers at least once: a second confirmation is the same payment
    if (link.state !== 'issued') throw conflict(`pay link ${link.nonce} is ${link.state}`);
    this.assertLinkLive(link, confirmation);
    const session = this.ctx.core.store.sessions.get(link.sessionId);
    if (!session) throw notFound(`session ${link.sessionId}`);
    const quote = this.deps.priceAt(session, this.ctx.core.now());
    return this.ctx.core.store.change(() => {
      const payment = recordPayment(this.ctx, { idempotencyKey: key, attempt: null, session, method: 'qr', amountMinor: link.amountMinor, currency: link.currency, quote, shiftId: null, by: 'headoffice' });
      if (!this.ctx.repo.markQrPaid(link.nonce, payment.id, confirmation.headofficeRef)) throw conflict(`pay link ${link.nonce} is not waiting for a payment`);
      return payment;
    });
  }

  /** Without head office's signed paidAt, the link is checked against when the confirmation reached the site. */
  private assertLinkLive(link: { nonce: string; expiresAt: number }, confirmation: QrConfirmation): void {
    const paidAt = confirmation.paidAt ?? this.ctx.core.now();
    if (paidAt > link.expiresAt) {
      throw conflict(`pay link ${link.nonce} expired at ${new Date(link.expiresAt).toISOString()}, before head office took payment ${confirmation.headofficeRef} at ${new Date(paidAt).toISOString()}: not recorded, head office must refund it`);
    }
  }
}
