/**
 * The head-office wire format (version 1), as zod schemas: what the site sends, what head office answers. The site's
 * client, the in-memory head office and the loopback server in test/ all parse with these, so the three cannot drift.
 * The prose version for a head office to implement is electron/kiosk/sync/PROTOCOL.md.
 */
import { z } from 'zod';

/** Bounds a well-behaved peer stays far inside; anything beyond is refused as malformed. */
export const LIMITS = {
  /** Changes in one push. */
  maxBatchChanges: 5_000,
  /** A push body before gzip. */
  maxBatchBytes: 16 * 1024 * 1024,
  /** A push body as sent (gzip). */
  maxCompressedBytes: 8 * 1024 * 1024,
  /** Any response body the site reads (a config pull is the largest). */
  maxResponseBytes: 8 * 1024 * 1024,
  /** Records per list in one config answer (a head office without paging answers a whole delta at once). */
  maxConfigRecords: 50_000,
  /** The largest config page (records, all lists together) a site asks for with `limit`. */
  maxConfigPage: 5_000,
  /** The page a head office serves when the site names no `limit`. */
  defaultConfigPage: 1_000,
  /** Days in one reconciliation request. */
  maxDays: 400,
} as const;

const epochMs = z.int().min(0).max(8_640_000_000_000_000);
const seq = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
export const localDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a local date "YYYY-MM-DD"');
const checksum = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex sha256');

/** One committed change of the site, as its outbox row holds it; `key` is unique per site for ever. */
export const changeSchema = z.strictObject({
  seq,
  key: z.string().min(1).max(200),
  kind: z.string().min(1).max(64),
  /** The site-local date of createdAt: reconciliation counts per day without knowing the site's time zone. */
  day: localDaySchema,
  createdAt: epochMs,
  payload: z.unknown(),
});
export type Change = z.output<typeof changeSchema>;

/** POST /v1/changes: every change with after < seq <= the last one's seq, in seq order. */
export const pushRequestSchema = z
  .strictObject({ after: z.int().min(0), changes: z.array(changeSchema).min(1).max(LIMITS.maxBatchChanges) })
  .refine((r) => r.changes.every((c, i) => c.seq > (i === 0 ? r.after : r.changes[i - 1]!.seq)), 'changes must be in increasing seq order after `after`');
export type PushRequest = z.output<typeof pushRequestSchema>;
export const pushAckSchema = z.strictObject({ ackSeq: z.int().min(0) });
export type PushAck = z.output<typeof pushAckSchema>;

/** POST /v1/changes/missing: changes head office lacks (found by reconciliation); acknowledged by count only. */
export const resendRequestSchema = z.strictObject({ changes: z.array(changeSchema).min(1).max(LIMITS.maxBatchChanges) });
export const resendAckSchema = z.strictObject({ stored: z.int().min(0), duplicates: z.int().min(0) });
export type ResendAck = z.output<typeof resendAckSchema>;

/**
 * POST /v1/days: head office's own count and checksum of what it holds for each site-local day asked, counting
 * only changes with seq <= upToSeq when given (the prefix the site has had acknowledged: both sides compare alike
 * while changes keep arriving).
 */
export const dayTotalsRequestSchema = z.strictObject({
  days: z.array(localDaySchema).min(1).max(LIMITS.maxDays),
  upToSeq: z.int().min(0).optional(),
});
export const dayTotalSchema = z.strictObject({ day: localDaySchema, count: z.int().min(0), checksum });
export type DayTotal = z.output<typeof dayTotalSchema>;
export const dayTotalsResponseSchema = z.strictObject({ days: z.array(dayTotalSchema).max(LIMITS.maxDays) });

/** A permit, list entry or reservation as head office publishes it; `definition` is checked by the site's schemas. */
export const accessChangeSchema = z.strictObject({
  kind: z.enum(['permit', 'allow', 'deny', 'reservation']),
  id: z.string().min(1).max(40),
  version: z.int().min(1),
  deleted: z.boolean(),
  definition: z.unknown(),
});
export type AccessChange = z.output<typeof accessChangeSchema>;

/** A validation code (a shop's free hour, say), for sites whose payments schema keeps them. */
export const validationCodeChangeSchema = z.strictObject({
  code: z.string().min(1).max(64),
  version: z.int().min(1),
  deleted: z.boolean(),
  definition: z.unknown(),
});
export type ValidationCodeChange = z.output<typeof validationCodeChangeSchema>;

/** A QR-link payment head office took on its pay page, signed with the secret it shares with the site. */
export const qrPaymentSchema = z.strictObject({
  nonce: z.string().min(1).max(64),
  amountMinor: z.int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  headofficeRef: z.string().min(1).max(64),
  /** When head office took the money (ms since epoch); signed with the rest (lotkeeper-paid-v2) when present. */
  paidAt: z.int().min(0).optional(),
  signature: z.string().min(16).max(256),
});
export type QrPayment = z.output<typeof qrPaymentSchema>;

/**
 * A Stripe webhook event about one of the site's QR Checkout Sessions, which head office received (its signature
 * checked there) and relays. The site does not take the event's word for the payment: it asks Stripe about the
 * Checkout Session at once, so a repeat or an event older than another is harmless.
 */
export const stripeEventSchema = z.strictObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/, 'a Stripe event id (evt_...)'),
  type: z.enum(['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.expired']),
  checkoutSessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/, 'a Checkout Session id (cs_...)'),
});
export type StripeEvent = z.output<typeof stripeEventSchema>;

/**
 * A booking made online (PROTOCOL.md, "Bookings"): sold from head office's allotment only, with the driver who made
 * it (head office's record wins over the site's copy). `cancelled` ends it. The site checks each field itself.
 */
export const headOfficeBookingSchema = z.strictObject({
  ref: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/),
  version: z.int().min(1),
  cancelled: z.boolean(),
  driver: z.strictObject({
    ref: z.string().min(1).max(64),
    name: z.string().min(1).max(120),
    phone: z.string().max(20).nullable(),
    email: z.string().max(200).nullable(),
    smsConsent: z.boolean(),
  }),
  plate: z.string().min(1).max(16),
  vehicleClass: z.string().min(1).max(40),
  zoneId: z.string().min(1).max(40),
  spaceType: z.string().min(1).max(20),
  startsAt: z.int().min(0),
  endsAt: z.int().min(0),
  /** What the driver paid head office online (minor units of the site's currency). */
  paidMinor: z.int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
export type HeadOfficeBooking = z.output<typeof headOfficeBookingSchema>;

/** Where a config pull goes on: opaque to the site, URL-safe so it travels as a query value unescaped. */
export const configCursorSchema = z.string().regex(/^[A-Za-z0-9._~-]{1,200}$/, 'a config cursor is 1-200 of A-Z a-z 0-9 . _ ~ -');

/** GET /v1/config?since=N[&after=CURSOR][&limit=L]: the query, as head office reads it. */
export const configPullQuerySchema = z.strictObject({
  since: z.coerce.number().pipe(z.int().min(0)),
  after: configCursorSchema.optional(),
  limit: z.coerce.number().pipe(z.int().min(1).max(LIMITS.maxConfigPage)).default(LIMITS.defaultConfigPage),
});
export type ConfigPullQuery = z.output<typeof configPullQuerySchema>;

/**
 * GET /v1/config: one page of what was published after version N. `next` null: the last page, and `version` is
 * where the site then is. `next` set: more pages follow (ask again with after=next), and `version` is the highest
 * version all of whose records have come so far (a version larger than one page spans pages).
 */
export const configDeltaSchema = z
  .strictObject({
    version: z.int().min(0),
    /** Absent from a head office that does not page: its one answer is the whole delta. */
    next: configCursorSchema.nullable().default(null),
    /** Rate tables (whole, one entry per id and version); the site validates each with its tariff schema. */
    tariffs: z.array(z.record(z.string(), z.unknown())).max(LIMITS.maxConfigRecords),
    access: z.array(accessChangeSchema).max(LIMITS.maxConfigRecords),
    validationCodes: z.array(validationCodeChangeSchema).max(LIMITS.maxConfigRecords).default([]),
    /** Payments taken through the site's QR pay links since version N: the site records each once. */
    qrPayments: z.array(qrPaymentSchema).max(LIMITS.maxConfigRecords).default([]),
    /** Bookings made online since version N (new, changed or cancelled), each applied against head office's allotment. */
    bookings: z.array(headOfficeBookingSchema).max(LIMITS.maxConfigRecords).default([]),
    /** Stripe's webhook events for the site's QR Checkout Sessions, relayed in the order head office got them. */
    stripeEvents: z.array(stripeEventSchema).max(LIMITS.maxConfigRecords).default([]),
  });
export type ConfigDelta = z.output<typeof configDeltaSchema>;

export const ERROR_CODES = ['unauthorized', 'invalid_request', 'out_of_order', 'too_large', 'rate_limited', 'internal'] as const;
/** Every non-2xx answer; `ackSeq` comes with out_of_order (what head office holds, contiguously, from this site). */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.string().max(64), message: z.string().max(2_000), ackSeq: z.int().min(0).optional() }),
});
export type ErrorBody = z.output<typeof errorBodySchema>;
