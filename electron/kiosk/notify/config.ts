/**
 * Twilio as an installed site configures it. The account SID, the sender, quiet hours and the per-number rate limit
 * come from the environment (main.ts) or `lotkeeper serve` flags, which win over it; the auth token is read once
 * from LOTKEEPER_TWILIO_AUTH_TOKEN and kept in a TokenStore, as the head-office token is (sealed by safeStorage in
 * Electron, a 0600 file headless), and is never logged or put in a message. Every value is checked here, at the
 * edge, into one line naming the setting, so a typo never reaches the SDK.
 */
import { z } from 'zod';
import { LOOPBACK_HOSTS } from '../loopback';
import { twilioSettingsSchema } from '../../../native/sms';
import type { SecretKind, TokenStore } from '../sync/token-store';
import type { SmsSetup } from './setup';
import type { QuietHours, RateLimit } from './policy';

/** Each setting's environment variable and `serve` flag: one table, so help, errors and readers agree. */
export const SMS_SETTINGS = {
  accountSid: { env: 'LOTKEEPER_TWILIO_ACCOUNT_SID', flag: 'twilio-account-sid', help: 'Twilio account SID (AC...); SMS is off without it' },
  from: { env: 'LOTKEEPER_TWILIO_FROM', flag: 'twilio-from', help: 'the sender: a Twilio number (+E.164) or a messaging service SID (MG...)' },
  quietHours: { env: 'LOTKEEPER_SMS_QUIET_HOURS', flag: 'sms-quiet-hours', help: 'site-local hours without unsolicited texts: "21:00-08:00" or "off"; wins over the Site settings (default 21:00-08:00)' },
  rateLimit: { env: 'LOTKEEPER_SMS_RATE_LIMIT', flag: 'sms-rate-limit', help: 'at most N texts to one number per M minutes: "N/M"; wins over the Site settings (default 3/60)' },
  relayUrl: { env: 'LOTKEEPER_TWILIO_RELAY', flag: 'twilio-relay', help: "send Twilio's API requests through this relay (https; http only on loopback)" },
} as const;
export type SmsSettingName = keyof typeof SMS_SETTINGS;
export const TWILIO_AUTH_TOKEN_ENV = 'LOTKEEPER_TWILIO_AUTH_TOKEN';

/** For the token stores: what a stored Twilio auth token must look like. */
export const TWILIO_AUTH_TOKEN: SecretKind = { name: 'Twilio auth token', schema: twilioSettingsSchema.shape.authToken };

export class SmsConfigError extends Error {
  override readonly name = 'SmsConfigError';
}

export interface SmsConfig {
  readonly accountSid: string;
  readonly from: string;
  /** Given only when provisioning: it is written to the token store and read from there on later starts. */
  readonly authToken: string | null;
  /** Absent when neither flag nor environment sets it: the site's setting (or the default) applies. */
  readonly quietHours?: QuietHours | null;
  readonly rateLimit?: RateLimit;
  readonly relayUrl: string | null;
}

type Environment = Readonly<Record<string, string | undefined>>;

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const quietHoursText = z.string().transform((text, ctx): QuietHours | null => {
  if (text.trim() === 'off') return null;
  const [from = '', to = '', ...rest] = text.trim().split('-');
  if (rest.length > 0 || !HH_MM.test(from) || !HH_MM.test(to) || from === to) {
    ctx.addIssue({ code: 'custom', message: 'quiet hours are "HH:MM-HH:MM" on the site clock (may span midnight), or "off"' });
    return z.NEVER;
  }
  return { from, to };
});
const MAX_WINDOW_MINUTES = 7 * 24 * 60;
const rateLimitText = z.string().transform((text, ctx): RateLimit => {
  const match = /^(\d{1,3})\/(\d{1,5})$/.exec(text.trim());
  const [perNumber, minutes] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || perNumber < 1 || minutes < 1 || minutes > MAX_WINDOW_MINUTES) {
    ctx.addIssue({ code: 'custom', message: `a rate limit is "N/M": at most N (1-999) texts to one number per M minutes (1-${MAX_WINDOW_MINUTES})` });
    return z.NEVER;
  }
  return { perNumber, windowMs: minutes * 60_000 };
});
const relayUrlText = z
  .url({ protocol: /^https?$/, error: 'the relay is an http(s) URL' })
  .refine((u) => new URL(u).protocol === 'https:' || LOOPBACK_HOSTS.has(new URL(u).hostname), 'the relay carries the auth token: https, or http only on a loopback address');

/** One setting checked; its error names the flag and the variable, never the value (it may be a secret). */
function check<S extends z.ZodType>(label: string, schema: S, raw: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new SmsConfigError(`SMS setting ${label}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}
const labelOf = (name: SmsSettingName) => `--${SMS_SETTINGS[name].flag} (${SMS_SETTINGS[name].env})`;

/**
 * The site's SMS settings: flags first, then the environment. None of them: SMS is off (messages wait in their
 * queue, the console says so). Some without an account SID, or a SID without a sender: an error, not a silent off.
 */
export function readSmsConfig(env: Environment, flags: Partial<Record<SmsSettingName, string>> = {}): SmsConfig | undefined {
  const raw = (name: SmsSettingName): string | undefined => flags[name] ?? (env[SMS_SETTINGS[name].env] || undefined);
  const authToken = env[TWILIO_AUTH_TOKEN_ENV] || undefined;
  const accountSid = raw('accountSid');
  if (accountSid === undefined) {
    const stray = (Object.keys(SMS_SETTINGS) as SmsSettingName[]).find((name) => raw(name) !== undefined);
    if (stray || authToken) throw new SmsConfigError(`SMS: ${stray ? labelOf(stray) : TWILIO_AUTH_TOKEN_ENV} is set, but no account SID ${labelOf('accountSid')}`);
    return undefined;
  }
  const sid = check(labelOf('accountSid'), twilioSettingsSchema.shape.accountSid, accountSid);
  const from = raw('from');
  if (from === undefined) throw new SmsConfigError(`SMS: no sender: set ${labelOf('from')}`);
  const relayUrl = raw('relayUrl');
  // Not given: the site's setting (Site settings) applies, else the default; given, it wins over the setting.
  const quietHours = raw('quietHours');
  const rateLimit = raw('rateLimit');
  return {
    accountSid: sid,
    from: check(labelOf('from'), twilioSettingsSchema.shape.from, from),
    authToken: authToken === undefined ? null : check(TWILIO_AUTH_TOKEN_ENV, TWILIO_AUTH_TOKEN.schema, authToken),
    ...(quietHours === undefined ? {} : { quietHours: check(labelOf('quietHours'), quietHoursText, quietHours) }),
    ...(rateLimit === undefined ? {} : { rateLimit: check(labelOf('rateLimit'), rateLimitText, rateLimit) }),
    relayUrl: relayUrl === undefined ? null : check(labelOf('relayUrl'), relayUrlText, relayUrl),
  };
}

/** For main.ts and `serve`: the kiosk's `sms` setting from the site's settings and where its auth token is kept. */
export function smsSetupFrom(env: Environment, tokenStore: TokenStore, flags: Partial<Record<SmsSettingName, string>> = {}): SmsSetup | undefined {
  const config = readSmsConfig(env, flags);
  return config && { config, tokenStore };
}

/**
 * Provisions the auth token when one was given, then reads it back: later starts need only the store. Null when no
 * token was ever given (SMS then waits, and `missingTokenReason` says why), as a site without its head-office token
 * runs offline.
 */
export function twilioFromConfig(config: SmsConfig, tokenStore: TokenStore): Extract<SmsSetup, { twilio: unknown }> | null {
  if (config.authToken) tokenStore.write(config.authToken);
  const authToken = tokenStore.read();
  if (!authToken) return null;
  return {
    twilio: { accountSid: config.accountSid, authToken, from: config.from },
    relayUrl: config.relayUrl ?? undefined,
    options: { ...(config.quietHours === undefined ? {} : { quietHours: config.quietHours }), ...(config.rateLimit === undefined ? {} : { rateLimit: config.rateLimit }) },
  };
}

export const missingTokenReason = (config: SmsConfig): string =>
  `no Twilio auth token stored for ${config.accountSid}: messages wait in the queue; start once with ${TWILIO_AUTH_TOKEN_ENV} set`;
