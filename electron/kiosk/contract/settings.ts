/**
 * The settings an admin changes after set-up, on the Site settings screen. Each one is read by the code it names:
 * - receiptHeader / receiptFooter: lines printed under the site's name and at the end of every receipt issued
 *   from then on (payments/ledger.ts; a reprint keeps the lines the receipt was issued with);
 * - evidenceRetentionDays: how long plate photos are kept before the evidence purger deletes them
 *   (lanes/evidence.ts, read at each sweep);
 * - idleLogoutMinutes (per role; null: never) and maxLoginHours (null: no limit): read by the auth layer's idle
 *   logout (issue 13), under exactly these names.
 * Saved whole, with a reason, audited and sent to head office like every change (settings/settings-service.ts).
 */
import { z } from 'zod';
import { call, none, reason } from './define';

/** Receipt printers print 42 columns; a header or footer is a few short lines of them. */
export const RECEIPT_NOTE_COLUMNS = 42;
export const RECEIPT_NOTE_LINES = 4;

const receiptNote = z
  .array(z.string().trim().max(RECEIPT_NOTE_COLUMNS, `a line is at most ${RECEIPT_NOTE_COLUMNS} characters (the receipt's width)`)
    .regex(/^[^\p{Cc}]*$/u, 'a line has no control characters'))
  .max(RECEIPT_NOTE_LINES, `at most ${RECEIPT_NOTE_LINES} lines`)
  .transform((lines) => lines.filter((line) => line.length > 0));

const idleMinutes = z.int('a whole number of minutes').min(1, 'at least 1 minute').max(720, 'at most 720 minutes (12 h)').nullable();

export const siteSettingsSchema = z.strictObject({
  receiptHeader: receiptNote.default([]),
  receiptFooter: receiptNote.default([]),
  evidenceRetentionDays: z.int('a whole number of days').min(1, 'at least 1 day').max(3650, 'at most 3650 days (10 years)').default(30),
  idleLogoutMinutes: z.strictObject({ attendant: idleMinutes, supervisor: idleMinutes, admin: idleMinutes }).default({ attendant: null, supervisor: null, admin: null }),
  maxLoginHours: z.int('a whole number of hours').min(1, 'at least 1 hour').max(24, 'at most 24 hours').nullable().default(null),
});
export type SiteSettings = z.output<typeof siteSettingsSchema>;

/** What a site runs with until an admin saves settings: today's behaviour. */
export const DEFAULT_SITE_SETTINGS: SiteSettings = siteSettingsSchema.parse({});

const settingsView = z.strictObject({ settings: siteSettingsSchema, updatedAt: z.int().nullable(), updatedBy: z.string().nullable() });

export const settingsCalls = {
  'settings.get': call(none, settingsView, 'admin'),
  'settings.save': call(z.strictObject({ settings: siteSettingsSchema, reason }), settingsView, 'admin'),
};
