/**
 * The settings an admin changes after set-up, on the Site settings screen. Each one is read by the code it names:
 * - receiptHeader / receiptFooter: lines printed under the site's name and at the end of every receipt issued
 *   from then on (payments/ledger.ts; a reprint keeps the lines the receipt was issued with);
 * - evidenceRetentionDays: how long plate photos are kept before the evidence purger deletes them
 *   (lanes/evidence.ts, read at each sweep);
 * - idleLogoutMinutes (per role; null: never) and maxLoginHours (null: no limit): read by the login checks
 *   (auth/logins.ts) every few seconds; 15 idle minutes for attendants and supervisors, 5 for admins (their console
 *   changes users, devices and prices), 12 hours at most, until changed;
 * - smsQuietHours ('off', or a site-local window) and smsRateLimit: read by the SMS worker at each send
 *   (notify/notify-service.ts); null keeps the defaults (21:00-08:00, 3 per 60 minutes), and a `serve` flag or
 *   environment variable still wins over the setting;
 * - qrPayPageUrl: head office's pay page for QR pay links (payments/payment-service.ts, read at each link);
 *   `serve --pay-page` or LOTKEEPER_PAY_PAGE wins over it. The link secret stays out of settings (a secret).
 * - plateRegions: the plate formats the site's cameras see (lanes/lane-capture.ts puts them on every frame read, so
 *   a change reaches the reader at its next frame): fewer regions leave the reader fewer wrong formats to bend a
 *   read into. All of them until an admin chooses.
 * - plateHomeCountry: the country most of the site's cars come from (one of the plate regions'), whose layouts settle
 *   a confusable character before a visitor's do (a Slovak site reads LM633BD, not Croatia's LM6338D); carried
 *   with the regions on every frame. null: no home country, every layout alike.
 * Saved whole, with a reason, audited and sent to head office like every change (settings/settings-service.ts).
 *
 * The site's own fields set at set-up (name, time zone, how amounts and dates are written, tax rate) are saved
 * apart (settings.saveSite): the core keeps the site layout in memory and reloads it after the save, so every
 * use-case reads the new values at once. The currency is not among them: rate tables, payments and cash drawers
 * are kept in it.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../domain/zoned-time';
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

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const localTime = z.string().regex(HH_MM, 'a site-local time "HH:MM"');
const quietWindow = z.strictObject({ from: localTime, to: localTime }).refine((w) => w.from !== w.to, 'quiet hours must not start and end at the same time');
const smsRateLimit = z.strictObject({
  perNumber: z.int('a whole number of texts').min(1, 'at least 1 text').max(999, 'at most 999 texts'),
  windowMinutes: z.int('a whole number of minutes').min(1, 'at least 1 minute').max(7 * 24 * 60, 'at most a week (10080 minutes)'),
});

/**
 * Plate regions a reader knows, in the order the console lists them: the keys of native/alpr/plate-formats.ts's
 * PLATE_FORMATS (plate-regions.test.ts keeps the two equal; the contract never imports a driver).
 */
export const PLATE_REGIONS = ['uk', 'eu', 'us', 'br'] as const;
export type PlateRegion = (typeof PLATE_REGIONS)[number];

export const plateRegionsSchema = z
  .array(z.enum(PLATE_REGIONS, { error: `a plate region is one of ${PLATE_REGIONS.join(', ')}` }))
  .min(1, 'choose at least one plate region: a reader without plate formats cannot tell a plate from a sign')
  .refine((regions) => new Set(regions).size === regions.length, 'each plate region once')
  .transform((regions) => PLATE_REGIONS.filter((region) => regions.includes(region)));

/**
 * Home countries a reader knows, each with the plate region its plates belong to: native/alpr/plate-formats.ts's
 * HOME_COUNTRIES (draft.test.ts keeps the two equal).
 */
export const PLATE_HOME_COUNTRIES = { uk: 'uk', sk: 'eu', cz: 'eu', hr: 'eu', rs: 'eu', us: 'us', br: 'br' } as const satisfies Record<string, PlateRegion>;
export type PlateHomeCountry = keyof typeof PLATE_HOME_COUNTRIES;
const HOME_COUNTRY_CODES = Object.keys(PLATE_HOME_COUNTRIES) as [PlateHomeCountry, ...PlateHomeCountry[]];

export const plateHomeCountrySchema = z.enum(HOME_COUNTRY_CODES, { error: `a home country is one of ${HOME_COUNTRY_CODES.join(', ')}` }).nullable();

/** The settings' fields, each checked alone (siteSettingsSchema adds the checks across them). */
export const siteSettingsFields = z.strictObject({
  receiptHeader: receiptNote.default([]),
  receiptFooter: receiptNote.default([]),
  evidenceRetentionDays: z.int('a whole number of days').min(1, 'at least 1 day').max(3650, 'at most 3650 days (10 years)').default(30),
  idleLogoutMinutes: z.strictObject({ attendant: idleMinutes, supervisor: idleMinutes, admin: idleMinutes }).default({ attendant: 15, supervisor: 15, admin: 5 }),
  maxLoginHours: z.int('a whole number of hours').min(1, 'at least 1 hour').max(24, 'at most 24 hours').nullable().default(12),
  smsQuietHours: z.union([quietWindow, z.literal('off')]).nullable().default(null),
  smsRateLimit: smsRateLimit.nullable().default(null),
  qrPayPageUrl: z.url({ protocol: /^https$/, error: 'the pay page is an https:// address' }).max(500, 'at most 500 characters').nullable().default(null),
  plateRegions: plateRegionsSchema.default([...PLATE_REGIONS]),
  plateHomeCountry: plateHomeCountrySchema.default(null),
});

/** The settings' and the site file's check: a home country among the plate regions (all of them when left out). */
export function checkHomeCountry(ctx: z.core.ParsePayload<{ plateHomeCountry?: PlateHomeCountry | null | undefined; plateRegions?: PlateRegion[] | undefined }>): void {
  const { plateHomeCountry, plateRegions = PLATE_REGIONS } = ctx.value;
  const region = plateHomeCountry ? PLATE_HOME_COUNTRIES[plateHomeCountry] : undefined;
  // No regions at all is its own error, at the regions.
  if (region === undefined || !plateRegions.length || plateRegions.includes(region)) return;
  const message = `tick the home country's plates (${region}) among the plates the cameras see, or choose no home country`;
  ctx.issues.push({ code: 'custom', message, path: ['plateHomeCountry'], input: plateHomeCountry });
}

export const siteSettingsSchema = siteSettingsFields.check(checkHomeCountry);
export type SiteSettings = z.output<typeof siteSettingsSchema>;

/** What a site runs with until an admin saves settings (or its site file sets them at set-up). */
export const DEFAULT_SITE_SETTINGS: SiteSettings = siteSettingsSchema.parse({});

/** A BCP 47 tag this runtime can format amounts and dates for ("en-GB", "de-DE"). */
function isSupportedLocale(tag: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length === 1;
  } catch {
    return false;
  }
}

export const siteEditSchema = z.strictObject({
  name: z.string().trim().min(1, 'the site needs a name').max(120, 'at most 120 characters'),
  timeZone: z.string().max(64).refine(isValidTimeZone, 'an IANA time zone, e.g. Europe/London'),
  /** How amounts and dates are written (the currency itself stays). */
  locale: z.string().max(35).refine(isSupportedLocale, 'a locale such as en-GB or de-DE'),
  taxRateBp: z.int('a whole number of basis points').min(0, 'not negative').max(10_000, 'at most 100 %'),
});
export type SiteEdit = z.output<typeof siteEditSchema>;

/** The site's fields, and how many cars are inside now (a time zone change moves how their stays are priced). */
const siteView = z.strictObject({
  site: siteEditSchema.extend({ currency: z.string() }),
  carsInside: z.int().min(0),
});

const settingsView = z.strictObject({ settings: siteSettingsSchema, updatedAt: z.int().nullable(), updatedBy: z.string().nullable() });

export const settingsCalls = {
  'settings.get': call(none, settingsView, 'admin'),
  'settings.save': call(z.strictObject({ settings: siteSettingsSchema, reason }), settingsView, 'admin'),
  'settings.site': call(none, siteView, 'admin'),
  /** A new time zone while cars are inside is refused unless carsInsideAcknowledged (the console warns first). */
  'settings.saveSite': call(z.strictObject({ site: siteEditSchema, reason, carsInsideAcknowledged: z.boolean().default(false) }), siteView, 'admin'),
};
