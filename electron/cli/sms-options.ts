import { SMS_SETTINGS, SmsConfigError, smsSetupFrom, TWILIO_AUTH_TOKEN, TWILIO_AUTH_TOKEN_ENV, type SmsSettingName } from '../kiosk/notify/config';
import type { SmsSetup } from '../kiosk/notify/setup';
import { FileTokenStore, tokenFile } from '../kiosk/sync/token-store';
import { CliError, type OptionSpec } from './command';

/** Where `serve` keeps the Twilio auth token: beside the site token, owner-only. */
export const twilioTokenFile = (dataDir: string): string => tokenFile(dataDir, 'twilio.token');

/** `serve`'s SMS flags, one per setting of notify/config.ts; each falls back to its environment variable. */
export const SMS_OPTIONS: Record<string, OptionSpec> = Object.fromEntries(
  Object.entries(SMS_SETTINGS).map(([name, setting]) => {
    const token = name === 'accountSid' ? `; the auth token is read once from ${TWILIO_AUTH_TOKEN_ENV}, then kept in <data>/twilio.token (0600)` : '';
    return [setting.flag, { type: 'string', description: `${setting.help} [${setting.env}]${token}` }];
  }),
);

/** The kiosk's `sms` from flags and environment; a bad value is one line and exit code 2. Without any: SMS off. */
export function smsOption(values: Record<string, unknown>, dataDir: string, env: NodeJS.ProcessEnv = process.env): SmsSetup | undefined {
  const flags: Partial<Record<SmsSettingName, string>> = {};
  for (const [name, setting] of Object.entries(SMS_SETTINGS) as [SmsSettingName, (typeof SMS_SETTINGS)[SmsSettingName]][]) {
    if (typeof values[setting.flag] === 'string') flags[name] = values[setting.flag] as string;
  }
  try {
    return smsSetupFrom(env, new FileTokenStore(twilioTokenFile(dataDir), TWILIO_AUTH_TOKEN), flags);
  } catch (error) {
    if (error instanceof SmsConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}
