import { RedirectingRequestClient } from '../../../native/sms';
import type { SmsGateway } from '../../../native/sms';
import { TwilioSms, type TwilioSettings } from '../../../native/sms';
import type { Core } from '../core';
import { NotifyService, type NotifyOptions } from './notify-service';

/**
 * The SMS carrier, as the kiosk's config names it: Twilio (credentials validated by TwilioSms; `relayUrl` sends the
 * SDK's requests to a local relay or, in tests, the loopback Twilio), a gateway handed in (demo, tests), or none:
 * messages then wait in the queue and the console says SMS is not configured.
 */
export type SmsSetup =
  | { readonly twilio: TwilioSettings; readonly relayUrl?: string; readonly options?: NotifyOptions }
  | { readonly gateway: SmsGateway; readonly options?: NotifyOptions };

export function createNotifyService(core: Core, setup: SmsSetup | undefined): NotifyService {
  if (!setup) return new NotifyService(core, null);
  if ('gateway' in setup) return new NotifyService(core, setup.gateway, setup.options);
  const httpClient = setup.relayUrl ? new RedirectingRequestClient(setup.relayUrl) : undefined;
  return new NotifyService(core, new TwilioSms(setup.twilio, httpClient), setup.options);
}
