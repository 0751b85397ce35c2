/**
 * Sync to head office and the SMS outbox (issue 6): what the console can see and ask. The header shows
 * `sync.status` at a glance and follows `sync.changed`; the sync screen (F11) adds "sync now", the nightly report
 * and the SMS queue for supervisors.
 */
import { z } from 'zod';
import { call, epochMs, none, ok } from './define';

export const syncStatusSchema = z.strictObject({
  /** false: no head office configured; the kiosk runs offline and says so. */
  configured: z.boolean(),
  /** null until the first attempt. */
  online: z.boolean().nullable(),
  lastSuccessAt: epochMs.nullable(),
  lastErrorAt: epochMs.nullable(),
  lastError: z.string().nullable(),
  ackedSeq: z.int().min(0),
  lastSeq: z.int().min(0),
  waiting: z.int().min(0),
  /** While a backlog drains: how many it started with and how many are done (the progress bar). */
  catchingUp: z.strictObject({ total: z.int().min(0), done: z.int().min(0) }).nullable(),
  configVersion: z.int().min(0),
  /** Why the last config pull was refused as a whole (nothing of it applied); null once one applies. */
  configError: z.string().nullable(),
  nextNightlyAt: epochMs.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const reconciliationSchema = z.strictObject({
  id: z.int(),
  startedAt: epochMs,
  finishedAt: epochMs.nullable(),
  firstDay: z.string(),
  lastDay: z.string(),
  daysChecked: z.int(),
  daysMismatched: z.int(),
  changesResent: z.int(),
  outcome: z.enum(['running', 'matched', 'repaired', 'failed']),
  detail: z.unknown(),
  error: z.string().nullable(),
});
export type ReconciliationView = z.infer<typeof reconciliationSchema>;

export const pullSchema = z.strictObject({ version: z.int(), appliedAt: epochMs, applied: z.int(), conflicts: z.unknown() });

export const smsMessageSchema = z.strictObject({
  id: z.int(),
  eventKey: z.string(),
  to: z.string(),
  template: z.string(),
  state: z.enum(['queued', 'sending', 'sent', 'delivered', 'failed', 'suppressed', 'expired']),
  attempts: z.int(),
  deliveryStatus: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: epochMs,
  sentAt: epochMs.nullable(),
});
export type SmsMessageView = z.infer<typeof smsMessageSchema>;

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const e164 = z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'a phone number in international form, like +447700900123');

export const syncCalls = {
  'sync.status': call(none, syncStatusSchema, 'attendant'),
  /** Pushes and pulls now, whatever the backoff said; answers with the state after that attempt. */
  'sync.now': call(none, syncStatusSchema, 'supervisor'),
  'sync.reconcile': call(none, z.strictObject({ reconciliation: reconciliationSchema.nullable() }), 'supervisor'),
  'sync.report': call(
    none,
    z.strictObject({ reconciliations: z.array(reconciliationSchema), pulls: z.array(pullSchema) }),
    'supervisor',
  ),
  'sms.list': call(z.strictObject({ limit: z.int().min(1).max(200).default(50) }), z.strictObject({ messages: z.array(smsMessageSchema) }), 'supervisor'),
  /** A driver asked at the booth for their receipt by SMS. */
  'sms.sendReceipt': call(z.strictObject({ sessionId: z.int().min(1), to: e164 }), z.strictObject({ message: smsMessageSchema }), 'attendant'),
  /** A driver asked for a text before their paid time ends. */
  'sms.remindStayEnd': call(
    z.strictObject({ sessionId: z.int().min(1), to: e164, endsAt: epochMs, leadMinutes: z.int().min(1).max(240).default(15) }),
    z.strictObject({ message: smsMessageSchema }),
    'attendant',
  ),
  /** A number that opted out (STOP) asked at the booth to get messages again. */
  'sms.optIn': call(z.strictObject({ number: e164 }), ok, 'supervisor'),
} as const;

export const syncEvents = {
  'sync.changed': syncStatusSchema,
  'sms.failed': z.strictObject({ messageId: z.int(), to: z.string(), reason: z.string() }),
} as const;
