/**
 * The audit log as the console reads it: every action code the core writes (core.audit takes only these, so a new
 * code is a type error until it is listed here and the console's sentences have it), and the filtered, paged
 * query the Audit log screen makes. What is hashed (domain/audit-chain.ts) is the row as written; nothing here
 * changes it.
 */
import { z } from 'zod';
import { call, epochMs } from './define';

export const AUDIT_ACTIONS = [
  'auth.login', 'auth.login_failed', 'auth.locked_out', 'auth.login_failures', 'auth.logout', 'auth.ended',
  'user.create', 'user.update',
  'shift.open', 'shift.paid_in', 'shift.paid_out', 'shift.drop', 'shift.close',
  'tariff.save',
  'settings.save',
  'settings.saveSite',
  'anomaly.acknowledged',
  'access.create', 'access.update', 'access.remove',
  'device.save', 'printer.save', 'printer.test_print',
  'lane.settings', 'lane.schedules', 'lane.anti_passback_reset', 'lane.alarms_acknowledged', 'lane.session_chosen',
  'lane.manual_open', 'lane.manual_hold_open', 'lane.manual_close', 'lane.lane_closed', 'lane.lane_opened', 'lane.manual_deny',
  'lane.deny_list_override', 'lane.deny_list_open_refused',
  'lane.plate_confirmed', 'lane.plate_corrected', 'lane.entry_withdrawn',
  'session.manual_entry', 'session.manual_exit', 'session.class_changed', 'session.void', 'session.reopened', 'session.exit_withdrawn', 'session.plate_fixed',
  'session.plate_confirmed', 'session.plate_corrected',
  'payment.cash', 'payment.card', 'payment.wallet', 'payment.qr',
  'payment.refund', 'payment.void', 'payment.refund_failed', 'payment.qr_refunded', 'payment.card_released',
  'payment.discount', 'payment.free_time', 'payment.validation', 'payment.lost_ticket', 'payment.no_entry_record', 'payment.unable_to_collect',
  'payment.overpayment_kept', 'payment.settings',
  'receipt.printed', 'receipt.reprinted', 'invoice.printed', 'invoice.reprinted', 'invoice.issued',
  'wallet.create', 'wallet.topup', 'validation.create',
  'driver.created', 'driver.updated', 'driver.vehicle_added', 'driver.vehicle_removed', 'driver.erased',
  'driver.merged', 'driver.merged_into', 'driver.exported',
  'booking.created', 'booking.paid', 'booking.modified', 'booking.cancelled', 'booking.no_show', 'booking.arrived', 'booking.arrival_withdrawn', 'booking.returned', 'booking.completed',
  'booking.policy_saved',
  'layout.floor_saved', 'layout.space_added', 'layout.space_changed',
  'sms.queue', 'sms.opt_in',
  'sync.pull',
  'clock.jumped',
  'evidence.not_kept',
  'demo.history',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditEntrySchema = z.strictObject({
  seq: z.int(),
  at: epochMs,
  actor: z.string(),
  // A string, not the enum: rows written by an older version keep their code and are still listed.
  action: z.string(),
  subject: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((text) => {
    const at = Date.parse(`${text}T00:00:00Z`);
    return Number.isFinite(at) && new Date(at).toISOString().startsWith(text);
  }, 'not a day of the calendar');

/**
 * Every filter is optional and they combine. Dates are the site's local days, both ends included. A subject with
 * a colon is one record (`tariff:standard`); without, every record of that kind (`tariff`).
 */
export const auditQuerySchema = z
  .strictObject({
    beforeSeq: z.int().min(1).optional(),
    limit: z.int().min(1).max(500).default(100),
    fromDate: localDate.optional(),
    toDate: localDate.optional(),
    actor: z.string().trim().min(1).max(64).optional(),
    action: z.enum(AUDIT_ACTIONS, 'not an action the kiosk records').optional(),
    subject: z.string().trim().min(1).max(120).optional(),
  })
  .refine((q) => !q.fromDate || !q.toDate || q.fromDate <= q.toDate, { message: 'the first day is after the last day', path: ['toDate'] });
export type AuditQuery = z.output<typeof auditQuerySchema>;

export const auditCalls = {
  'audit.list': call(auditQuerySchema, z.strictObject({ entries: z.array(auditEntrySchema) }), 'supervisor'),
};
