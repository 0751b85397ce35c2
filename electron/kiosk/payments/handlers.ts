/** The payment calls of the contract (contract/payments.ts), bound to the payment and shift services. */
import type { paymentCalls } from '../contract/payments';
import type { printerCalls } from '../contract/printers';
import type { HandlersFor, Services } from '../handlers';
import type { Payment } from '../store/payments-repo';
import type { CardOutcome } from './card-payments';
import { paymentView } from './ledger';
import type { PaymentService } from './payment-service';

function cardResult(payments: PaymentService, result: { outcome: CardOutcome | 'pending'; message: string; payment: Payment | null }) {
  const receipt = result.payment ? payments.receiptLines(result.payment.receiptNo) : null;
  return { outcome: result.outcome, message: result.message, payment: result.payment && paymentView(result.payment), receipt };
}

export function paymentHandlers(services: Services): HandlersFor<typeof paymentCalls> {
  const { payments, shifts, core } = services;
  return {
    'payments.quote': (input) => ({ quote: payments.quote(input.sessionId) }),
    'payments.payCash': (input, actor) => {
      const { payment, changeMinor, receipt } = payments.payCash(input, actor);
      return { payment: paymentView(payment), changeMinor, receipt };
    },
    'payments.payWallet': (input, actor) => {
      const { payment, balanceMinor, receipt } = payments.payWallet(input, actor);
      return { payment: paymentView(payment), balanceMinor, receipt };
    },
    // Answers as soon as the reader shows the amount (or the payment ended before that): a driver may take longer
    // to find a card than a console call may wait. The end comes as the 'finished' progress event.
    'payments.payCard': async (input, actor) => {
      let onReader!: () => void;
      const shown = new Promise<'on_reader'>((resolve) => (onReader = () => resolve('on_reader')));
      const finished = payments.payCard(input, actor, onReader);
      const first = await Promise.race([finished, shown]);
      if (first !== 'on_reader') return cardResult(payments, first);
      finished.catch((error: unknown) => services.core.log.error({ err: error, key: input.idempotencyKey }, 'card payment failed after the reader showed it'));
      return { outcome: 'pending', message: 'waiting for the card', payment: null, receipt: null };
    },
    'payments.cardStatus': (input) => cardResult(payments, payments.cardStatus(input.idempotencyKey)),
    'payments.cancelCard': (input) => {
      payments.cancelCard(input.idempotencyKey);
      return { ok: true };
    },
    'payments.qrLink': (input, actor) => payments.qrLink(input.sessionId, actor),
    'payments.applyValidation': (input, actor) => ({ quote: payments.adjustments.applyValidation(input.sessionId, input.code, actor) }),
    'payments.lostTicket': (input, actor) => ({ quote: payments.adjustments.lostTicket(input.sessionId, input.reason, actor) }),
    'payments.discount': (input, actor) => ({ quote: payments.adjustments.discount(input, actor) }),
    'payments.settleOverpayment': async (input, actor) => ({ charge: await payments.settleOverpayment(input, actor) }),
    'payments.unableToPay': (input, actor) => payments.adjustments.unableToPay(input, actor),
    'payments.list': (input) => ({
      payments: payments.list(input).map(({ payment, plateKey, refunds }) => ({
        ...paymentView(payment),
        plateKey,
        refunds: refunds.map(({ id, paymentId, kind, amountMinor, currency, state, reason, failureMessage, receiptNo, by, at }) => ({ id, paymentId, kind, amountMinor, currency, state, reason, failureMessage, receiptNo, by, at })),
      })),
    }),
    'payments.receipt': (input) => payments.documents.receipt(input.no, input.format),
    'payments.printReceipt': (input, actor) => payments.documents.printReceipt(input.no, input.printerId, actor),
    'payments.issueInvoice': (input, actor) => payments.documents.issueInvoice(input.receiptNo, { ...input.buyer, taxNo: input.buyer.taxNo ?? null }, actor),
    'payments.invoice': async (input) => ({ invoice: await payments.documents.invoiceFor(input.receiptNo) }),
    'payments.invoiceFile': async (input) => ({ fileBase64: await payments.documents.invoiceFile(input.no, input.format) }),
    'payments.printInvoice': (input, actor) => payments.documents.printInvoice(input.no, input.printerId, actor),
    'payments.refund': async (input, actor) => {
      const { refund, payment } = await payments.refund({ paymentId: input.paymentId, amountMinor: input.amountMinor, reason: input.reason, idempotencyKey: input.idempotencyKey, void: input.void }, actor);
      const { id, paymentId, kind, amountMinor, currency, state, reason, failureMessage, receiptNo, by, at } = refund;
      return { refund: { id, paymentId, kind, amountMinor, currency, state, reason, failureMessage, receiptNo, by, at }, payment: paymentView(payment) };
    },
    'payments.terminals': () => ({ terminals: payments.terminalList() }),
    'payments.methods': () => ({ ...payments.availability(), cardMinimum: payments.cards.minimumPolicy(core.layout().site.currency) }),
    'payments.waiveBelowMinimum': (input, actor) => payments.cards.waiveBelowMinimum(input, actor),
    'payments.noEntryRecord': (input, actor) => payments.adjustments.noEntryRecord(input, actor),
    'payments.settings': () => ({ settings: payments.settings() }),
    'payments.saveSettings': (input, actor) => ({ settings: payments.saveSettings(input.settings, input.reason, actor) }),

    'wallets.list': (input) => ({ wallets: payments.accounts.list(input) }),
    'wallets.create': (input, actor) => ({ wallet: payments.accounts.create(input.holder, input.plates, actor) }),
    'wallets.topUp': (input, actor) => ({ wallet: payments.accounts.topUp(input.walletId, input.amountMinor, input.reason, actor) }),

    'validations.create': (input, actor) => {
      payments.accounts.createValidationCode(input, actor);
      return { ok: true };
    },
    'validations.list': (input) => ({ codes: payments.accounts.validationCodes(input.limit) }),

    'shifts.drawer': (_input, actor) => ({ drawer: shifts.drawer(actor) }),
    'shifts.cashMovement': (input, actor) => ({ drawer: shifts.moveCash(input, actor) }),
  };
}

/** The receipt printers' calls (contract/printers.ts): set-up on the Devices screen, and the test print. */
export function printerHandlers(services: Services): HandlersFor<typeof printerCalls> {
  const { printers } = services;
  return {
    'printers.list': () => ({ printers: printers.list() }),
    'printers.save': (input, actor) => printers.save(input.printer, input.isNew, input.reason, actor),
    'printers.testPrint': (input, actor) => printers.testPrint(input.printerId, actor),
  };
}
