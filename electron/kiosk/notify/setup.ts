import type { SmsGateway } from '../../../native/sms';
import { TwilioSms, type TwilioSettings } from '../../../native/sms';
import type { Core } from '../core';
import type { TokenStore } from '../sync/token-store';
import { missingTokenReason, twilioFromConfig, type SmsConfig } from './config';
import { NotifyService, type NotifyOptions } from './notify-service';

/**
 * The SMS carrier, as the kiosk's config names it: Twilio from the site's settings (config.ts: the auth token
 * provisioned into and read from `tokenStore`), Twilio with its settings in hand (credentials validated by
 * TwilioSms; `relayUrl` sends the SDK's requests to a local relay or, in tests, the loopback Twilio), a gateway
 * handed in (demo, tests), or none: messages then wait in the queue and the console says SMS is not configured.
 */
export type SmsSetup =
  | { readonly config: SmsConfig; readonly tokenStore: TokenStore; readonly options?: NotifyOptions }
  | { readonly twilio: TwilioSettings; readonly relayUrl?: string; readonly options?: NotifyOptions }
  | { readonly gateway: SmsGateway; readonly options?: NotifyOptions };

type SiteSettingsSetup = Extract<SmsSetup, { config: SmsConfig }>;
type TwilioSetup = Extract<SmsSetup, { twilio: TwilioSettings }>;

export function createNotifyService(core: Core, setup: SmsSetup | undefined): NotifyService {
  if (!setup) return new NotifyService(core, null);
  if ('gateway' in setup) return new NotifyService(core, setup.gateway, setup.options);
  return 'config' in setup ? fromSiteSettings(core, setup) : twilioService(core, setup);
}

/** Without a stored auth token the kiosk still starts (SMS waits, the console says why), as without a site token. */
function fromSiteSettings(core: Core, setup: SiteSettingsSetup): NotifyService {
  const twilio = twilioFromConfig(setup.config, setup.tokenStore);
  if (twilio) return twilioService(core, { ...twilio, options: { ...twilio.options, ...setup.options } });
  const reason = missingTokenReason(setup.config);
  core.log.warn(reason);
  return new NotifyService(core, null, setup.options, reason);
}

function twilioService(core: Core, setup: TwilioSetup): NotifyService {
  // The sender and the relay only: the settings hold the auth token.
  core.log.info({ from: setup.twilio.from, relay: setup.relayUrl ?? null }, 'SMS through Twilio');
  return new NotifyService(core, new TwilioSms(setup.twilio, setup.relayUrl), setup.options);
}
