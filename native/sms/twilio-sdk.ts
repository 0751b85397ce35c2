import { createRequire } from 'node:module';
import type twilio from 'twilio';

/**
 * The Twilio SDK, loaded when the kiosk first sends or looks up an SMS, not when it starts: it takes about a
 * quarter of a second to load, which a kiosk without SMS (and every start of the CLI) need not pay.
 */
export function twilioSdk(): typeof twilio {
  return createRequire(import.meta.url)('twilio') as typeof twilio;
}
