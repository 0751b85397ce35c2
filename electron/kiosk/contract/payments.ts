/**
 * Paying to leave: quotes with their lines, cash at the booth, wallets, card on a reader, QR pay links, validations
 * and discounts, refunds, receipts, the drawer. Every amount is integer minor units in the site's currency; every
 * money-moving call carries an idempotency key chosen by the console, so a double press or a retried call after a
 * lost answer takes the money once (the same key with another amount is refused).
 */
import { z } from 'zod';
import { call, epochMs, id, none, ok, reason } from './define';
import { rawPlateSchema } from '../domain/plate';

/** A payment's amount: at least one minor unit, at most what a card reader accepts (999,999.99). */
export const amountMinor = z.int().min(1, 'an amount is at least 1 minor unit').max(99_999_999, 'that amount is absurd for a parking stay');
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'currency is an ISO 4217 code like EUR');
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an idempotency key is 8-64 letters, digits, _ or -');
const sessionId = z.int().min(1);
export const paymentMethodSchema = z.enum(['card', 'cash', 'wallet', 'qr']);

const lineSchema = z.strictObject({ code: z.string(), label: z.string(), quantity: z.number(), amountMinor: z.int() });
/**
 * What a stay is charged, with its lines (tariff, time off, discounts, validations, lost ticket, debts, overpayment
 * kept): recorded when money is taken, the price is adjusted or the car leaves, else priced now for a stay inside.
 * totalMinor is the sum of the lines; owed = totalMinor - paidMinor (paid net of refunds), shown as dueMinor when
 * positive and overpaidMinor when negative: never a negative amount due.
 */
export const chargeSchema = z.strictObject({
  sessionId: z.int(),
  pricedAt: epochMs,
  lines: z.array(lineSchema),
  totalMinor: z.int(),
  paidMinor: z.int(),
  dueMinor: z.int(),
  overpaidMinor: z.int(),
  taxMinor: z.int(),
  currency: z.string(),
  graceUntil: epochMs.nullable(),
  /** When and by whom this charge was recorded; null while a stay inside is priced as of now. */
  recordedAt: epochMs.nullable(),
  recordedBy: z.string().nullable(),
});
export type ChargeView = z.infer<typeof chargeSchema>;

export const exitQuoteSchema = z.strictObject({
  ...chargeSchema.shape,
  plateKey: z.string(),
  status: z.enum(['open', 'paid', 'closed', 'voided']),
  entryAt: epochMs,
  lostTicket: z.boolean(),
  cardInFlight: z.boolean(),
});
export type ExitQuoteView = z.infer<typeof exitQuoteSchema>;

export const paymentSchema = z.strictObject({
  id: z.int(),
  sessionId: z.int().nullable(),
  method: paymentMethodSchema,
  amountMinor: z.int(),
  currency: z.string(),
  taxMinor: z.int(),
  tenderedMinor: z.int().nullable(),
  changeMinor: z.int().nullable(),
  walletId: z.int().nullable(),
  shiftId: z.int().nullable(),
  cardBrand: z.string().nullable(),
  last4: z.string().nullable(),
  refundedMinor: z.int(),
  voided: z.boolean(),
  receiptNo: z.int(),
  takenBy: z.string(),
  takenAt: epochMs,
});
export type PaymentView = z.infer<typeof paymentSchema>;

export const refundSchema = z.strictObject({
  id: z.int(),
  paymentId: z.int(),
  kind: z.enum(['refund', 'void']),
  amountMinor: z.int(),
  currency: z.string(),
  state: z.enum(['created', 'succeeded', 'failed']),
  reason: z.string(),
  failureMessage: z.string().nullable(),
  receiptNo: z.int().nullable(),
  by: z.string(),
  at: epochMs,
});
export type RefundView = z.infer<typeof refundSchema>;

export const terminalSchema = z.strictObject({
  id: z.string(),
  laneId: z.string().nullable(),
  driver: z.enum(['simulated', 'stripe']),
  reachable: z.boolean(),
  readerOnline: z.boolean(),
  detail: z.string(),
});
export type TerminalView = z.infer<typeof terminalSchema>;

export const walletSchema = z.strictObject({ id: z.int(), holder: z.string(), currency: z.string(), balanceMinor: z.int(), active: z.boolean(), plates: z.array(z.string()) });
export type WalletView = z.infer<typeof walletSchema>;

/** A merchant's code as the supervisor sees it: what it takes off, how many uses are left, when it applies. */
export const validationCodeSchema = z.strictObject({
  code: z.string(),
  merchant: z.string(),
  kind: z.enum(['time', 'value']),
  minutesOff: z.int().nullable(),
  valueOffMinor: z.int().nullable(),
  maxUses: z.int(),
  uses: z.int(),
  validFrom: epochMs,
  validTo: epochMs,
  revokedAt: epochMs.nullable(),
  createdAt: epochMs,
  createdBy: z.string(),
});
export type ValidationCodeView = z.infer<typeof validationCodeSchema>;

export const drawerSchema = z.strictObject({
  shiftId: z.int(),
  floatMinor: z.int(),
  byKind: z.record(z.string(), z.int()),
  expectedMinor: z.int(),
  paymentsInFlight: z.int(),
});
export type DrawerView = z.infer<typeof drawerSchema>;

/** 'pending': the reader shows the amount; the end comes as the 'finished' progress event, then payments.cardStatus. */
/** `waived`: under the card minimum, the site's policy let what the stay owed go (an audited discount); the card was not used. */
export const cardOutcomeSchema = z.enum(['pending', 'succeeded', 'declined', 'cancelled', 'timed_out', 'unavailable', 'waived', 'failed']);
const cardResultSchema = z.strictObject({ outcome: cardOutcomeSchema, message: z.string(), payment: paymentSchema.nullable(), receipt: z.array(z.string()).nullable() });
export const settingsSchema = z.strictObject({
  offlinePolicy: z.enum(['let-out-record-debt', 'hold']),
  qrLinkTtlS: z.int().min(60).max(86_400),
  /** A stay owing less than Stripe's minimum card charge: sent to cash or the wallet, or the amount waived (audited). */
  belowCardMinimum: z.enum(['cash_or_wallet', 'waive']).default('cash_or_wallet'),
});

/** A print on paper: where it went, whether the roll is nearly done, and whether it was a reprint (audited as one). */
export const printOutcomeSchema = z.strictObject({ printerId: z.string(), paperLow: z.boolean(), reprint: z.boolean() });
export type PrintOutcomeView = z.infer<typeof printOutcomeSchema>;
const printOn = { printerId: id.optional() };

/** One line of text, no control characters: it goes onto paper and into a PDF. */
const singleLine = /^[^\p{Cc}]*$/u;
/** The buyer of an invoice as the attendant typed it; the address may have line breaks (at most 6 lines). */
export const buyerSchema = z.strictObject({
  name: z.string().trim().min(1, "the buyer's name is empty").max(120, "the buyer's name is at most 120 characters").regex(singleLine, "the buyer's name is one line of text"),
  address: z
    .string()
    .trim()
    .min(1, "the buyer's address is empty")
    .max(300, "the buyer's address is at most 300 characters")
    .regex(/^(?:[^\p{Cc}]|\n)*$/u, "the buyer's address is text and line breaks")
    .refine((text) => text.split('\n').length <= 6, "the buyer's address is at most 6 lines"),
  taxNo: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9 ./-]{1,31}$/, 'a VAT/tax number is 2-32 letters, digits, spaces, dots, dashes or slashes')
    .optional(),
});

export const invoiceSchema = z.strictObject({
  no: z.int(),
  /** As printed: INV-000001. */
  number: z.string(),
  receiptNo: z.int(),
  buyer: z.strictObject({ name: z.string(), address: z.string(), taxNo: z.string().nullable() }),
  issuedAt: epochMs,
  issuedBy: z.string(),
  text: z.array(z.string()),
  qrSvg: z.string(),
});
export type InvoiceView = z.infer<typeof invoiceSchema>;

const pay = { sessionId, idempotencyKey, amountMinor, currency: currencyCode };
const methodAvailabilitySchema = z.strictObject({ available: z.boolean(), reason: z.string().nullable() });

export const paymentCalls = {
  'payments.quote': call(z.strictObject({ sessionId }), z.strictObject({ quote: exitQuoteSchema }), 'attendant'),
  'payments.payCash': call(
    z.strictObject({ ...pay, tenderedMinor: amountMinor }),
    z.strictObject({ payment: paymentSchema, changeMinor: z.int(), receipt: z.array(z.string()) }),
    'attendant',
  ),
  'payments.payWallet': call(
    z.strictObject({ ...pay, walletId: z.int().min(1) }),
    z.strictObject({ payment: paymentSchema, balanceMinor: z.int(), receipt: z.array(z.string()) }),
    'attendant',
  ),
  /** Answers once the reader shows the amount ('pending') or the payment ended; 'payments.progress' tells each step. */
  'payments.payCard': call(z.strictObject({ ...pay, terminalId: id }), cardResultSchema, 'attendant'),
  'payments.cardStatus': call(z.strictObject({ idempotencyKey }), cardResultSchema, 'attendant'),
  'payments.cancelCard': call(z.strictObject({ idempotencyKey }), ok, 'attendant'),
  'payments.qrLink': call(
    z.strictObject({ sessionId }),
    z.strictObject({ url: z.string(), svg: z.string(), amountMinor: z.int(), currency: z.string(), expiresAt: epochMs }),
    'attendant',
  ),
  'payments.applyValidation': call(
    z.strictObject({ sessionId, code: z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{4,32}$/, 'a validation code is 4-32 letters, digits or dashes') }),
    z.strictObject({ quote: exitQuoteSchema }),
    'attendant',
  ),
  'payments.lostTicket': call(z.strictObject({ sessionId, reason }), z.strictObject({ quote: exitQuoteSchema }), 'attendant'),
  'payments.discount': call(
    z
      .strictObject({
        sessionId,
        valueOffMinor: amountMinor.optional(),
        minutesOff: z.int().min(1).max(44_640).optional(),
        reasonCode: z.enum(['complaint', 'equipment_fault', 'goodwill', 'staff', 'other']),
        reason,
      })
      .refine((d) => (d.valueOffMinor === undefined) !== (d.minutesOff === undefined), 'give either valueOffMinor or minutesOff'),
    z.strictObject({ quote: exitQuoteSchema }),
    'supervisor',
  ),
  /** A driver who cannot pay now: let out with a debt on the plate, or held, by the site's offline policy. */
  'payments.unableToPay': call(
    z.strictObject({ sessionId, laneId: id.nullable(), reason }),
    z.strictObject({ outcome: z.enum(['let_out', 'held']), debtId: z.int().nullable(), dueMinor: z.int() }),
    'attendant',
  ),
  'payments.list': call(
    z.strictObject({ sessionId: sessionId.optional(), beforeId: z.int().min(1).optional(), limit: z.int().min(1).max(500).default(100) }),
    z.strictObject({ payments: z.array(paymentSchema.extend({ plateKey: z.string().nullable(), refunds: z.array(refundSchema) })) }),
    'attendant',
  ),
  'payments.receipt': call(
    z.strictObject({ no: z.int().min(1), format: z.enum(['text', 'pdf', 'escpos']).default('text') }),
    z.strictObject({ no: z.int(), kind: z.enum(['receipt', 'credit_note']), text: z.array(z.string()), qrSvg: z.string(), fileBase64: z.string().nullable() }),
    'attendant',
  ),
  /** Prints a stored receipt or credit note on the booth's printer (or the one named); every print after the first is a reprint. */
  'payments.printReceipt': call(z.strictObject({ no: z.int().min(1), ...printOn }), printOutcomeSchema, 'attendant'),
  /** An invoice for a receipt, numbered in its own series; asked again, the one already issued (alreadyIssued). */
  'payments.issueInvoice': call(
    z.strictObject({ receiptNo: z.int().min(1), buyer: buyerSchema }),
    z.strictObject({ invoice: invoiceSchema, alreadyIssued: z.boolean() }),
    'attendant',
  ),
  'payments.invoice': call(z.strictObject({ receiptNo: z.int().min(1) }), z.strictObject({ invoice: invoiceSchema.nullable() }), 'attendant'),
  'payments.invoiceFile': call(z.strictObject({ no: z.int().min(1), format: z.enum(['pdf', 'escpos']) }), z.strictObject({ fileBase64: z.string() }), 'attendant'),
  'payments.printInvoice': call(z.strictObject({ no: z.int().min(1), ...printOn }), printOutcomeSchema, 'attendant'),
  /**
   * A stay paid beyond its charge (a discount or validation after payment, a card or QR payment that arrived after
   * another): the money goes back through the refunds (card, cash from the drawer, wallet), or the driver leaves it
   * with the site and it becomes a line of the charge. Audited with the reason either way.
   */
  'payments.settleOverpayment': call(
    z.strictObject({ sessionId, action: z.enum(['refund', 'keep']), reason, idempotencyKey }),
    z.strictObject({ charge: chargeSchema }),
    'supervisor',
  ),
  'payments.refund': call(
    z.strictObject({ paymentId: z.int().min(1), amountMinor, idempotencyKey, reason, void: z.boolean().default(false) }),
    z.strictObject({ refund: refundSchema, payment: paymentSchema }),
    'supervisor',
  ),
  'payments.terminals': call(none, z.strictObject({ terminals: z.array(terminalSchema) }), 'attendant'),
  /** Card and QR as the exit screen offers them: unavailable, with the reason, until set up (and, for card, reachable). */
  'payments.methods': call(
    none,
    z.strictObject({
      card: methodAvailabilitySchema,
      qr: methodAvailabilitySchema.extend({ via: z.enum(['stripe_checkout', 'headoffice_link']) }),
      /** Stripe's minimum card charge in the site's currency (cards and QR codes take nothing under it) and the site's policy under it. */
      cardMinimum: z.strictObject({ minimumMinor: z.int(), policy: z.enum(['cash_or_wallet', 'waive']) }),
    }),
    'attendant',
  ),
  /** Lets a stay owing less than Stripe's minimum go where the site's policy waives such amounts: an audited discount of exactly what it owes. */
  'payments.waiveBelowMinimum': call(z.strictObject({ sessionId, amountMinor, currency: currencyCode }), z.strictObject({ message: z.string() }), 'attendant'),
  /**
   * A car at the exit with no session found: the stay inside for this plate (priced from its entry) when there is
   * one, else a session opened now for the plate and priced at the tariff's lost-ticket charge; audited. The
   * attendant then takes payment and confirms the exit as for any stay.
   */
  'payments.noEntryRecord': call(
    z.strictObject({ plate: rawPlateSchema, zoneId: id, vehicleClass: z.string().regex(/^[a-z]+$/), reason }),
    z.strictObject({ quote: exitQuoteSchema, pricedFrom: z.enum(['entry_record', 'lost_ticket_charge']) }),
    'attendant',
  ),
  'payments.settings': call(none, z.strictObject({ settings: settingsSchema }), 'attendant'),
  'payments.saveSettings': call(z.strictObject({ settings: settingsSchema, reason }), z.strictObject({ settings: settingsSchema }), 'supervisor'),

  /** `plate`: the wallets paying for that plate (the exit). `search`: a plate, or any part of the holder's name (the booth). */
  'wallets.list': call(
    z.strictObject({ plate: z.string().trim().max(16).optional(), search: z.string().trim().min(1).max(120).optional() }),
    z.strictObject({ wallets: z.array(walletSchema) }),
    'attendant',
  ),
  'wallets.create': call(
    z.strictObject({ holder: z.string().trim().min(1).max(120), plates: z.array(z.string().trim().min(2).max(16)).max(20) }),
    z.strictObject({ wallet: walletSchema }),
    'supervisor',
  ),
  'wallets.topUp': call(z.strictObject({ walletId: z.int().min(1), amountMinor, reason }), z.strictObject({ wallet: walletSchema }), 'supervisor'),

  'validations.create': call(
    z
      .strictObject({
        code: z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{4,32}$/),
        merchant: z.string().trim().min(1).max(120),
        minutesOff: z.int().min(1).max(44_640).optional(),
        valueOffMinor: amountMinor.optional(),
        maxUses: z.int().min(1).max(1_000_000),
        validFrom: epochMs,
        validTo: epochMs,
      })
      .refine((v) => (v.minutesOff === undefined) !== (v.valueOffMinor === undefined), 'give either minutesOff or valueOffMinor')
      .refine((v) => v.validTo > v.validFrom, 'validTo must be after validFrom'),
    ok,
    'supervisor',
  ),
  /** Newest first, used up and expired ones included: the supervisor sees why a driver's code was refused. */
  'validations.list': call(
    z.strictObject({ limit: z.int().min(1).max(500).default(200) }),
    z.strictObject({ codes: z.array(validationCodeSchema) }),
    'supervisor',
  ),

  'shifts.drawer': call(none, z.strictObject({ drawer: drawerSchema.nullable() }), 'attendant'),
  'shifts.cashMovement': call(
    z.strictObject({ kind: z.enum(['paid_in', 'paid_out', 'drop']), amountMinor, reason, idempotencyKey }),
    z.strictObject({ drawer: drawerSchema }),
    'attendant',
  ),
} as const;

export const paymentEvents = {
  /** Each step of a card payment, for the exit screen and the lane display. */
  'payments.progress': z.strictObject({
    idempotencyKey: z.string(),
    sessionId: z.int().nullable(),
    terminalId: z.string().nullable(),
    step: z.enum(['quoted', 'attempt_committed', 'sent_to_reader', 'waiting_for_card', 'authorized', 'capturing', 'captured', 'cancelling', 'committed', 'finished']),
    detail: z.string(),
  }),
} as const;
