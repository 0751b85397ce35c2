/**
 * Twilio configured as an installed site configures it (notify/config.ts, read by main.ts and `lotkeeper serve`):
 * settings from the environment or serve's flags, the auth token given once and kept in a 0600 file, and a kiosk
 * that then texts through the real `twilio` SDK to the loopback Twilio, with the configured sender, quiet hours and
 * rate limit. Bad settings are one line that names the setting and never echoes the token.
 */
import { readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smsOption, twilioTokenFile } from '../../electron/cli/sms-options';
import { CliError } from '../../electron/cli/command';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { readSmsConfig, SmsConfigError, smsSetupFrom, TWILIO_AUTH_TOKEN } from '../../electron/kiosk/notify/config';
import { FileTokenStore } from '../../electron/kiosk/sync/token-store';
import { manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { startTwilioServer, type TwilioServer } from '../support/twilio-server';

const tempDir = useTempDirs();
let server: TwilioServer;
const kiosks: Kiosk[] = [];
const NOON_IN_LONDON = Date.UTC(2026, 10, 22, 12);
const clock = manualClock(NOON_IN_LONDON);

beforeEach(async () => {
  clock.set(NOON_IN_LONDON);
  server = await startTwilioServer();
});
afterEach(async () => {
  for (const kiosk of kiosks.splice(0)) await kiosk.close();
  await server.close();
});

const SENDER = '+15005550006';
const siteEnv = (extra: Record<string, string> = {}) => ({
  LOTKEEPER_TWILIO_ACCOUNT_SID: server.accountSid,
  LOTKEEPER_TWILIO_FROM: SENDER,
  LOTKEEPER_TWILIO_RELAY: server.url,
  LOTKEEPER_SMS_RATE_LIMIT: '1/60',
  ...extra,
});

async function kioskWith(dataDir: string, env: Record<string, string>): Promise<Kiosk> {
  const store = new FileTokenStore(twilioTokenFile(dataDir), TWILIO_AUTH_TOKEN);
  const kiosk = await startTestKiosk(dataDir, { clock: clock.now, sms: { ...smsSetupFrom(env, store)!, options: { tickMs: 3_600_000 } } });
  kiosks.push(kiosk);
  return kiosk;
}

const receipt = (eventKey: string, to: string) => ({ eventKey, to, template: 'receipt' as const, values: { number: 'R-1', plate: 'AB12CDE', amount: '£3.50', from: '10:00', to: '12:00' } });
const created = () => server.requests.filter((r) => r.method === 'POST');
const errorOf = (work: () => unknown): Error => {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('Twilio from the site settings', () => {
  it('texts through Twilio with the configured sender and rate limit, the token given once and kept in a 0600 file', async () => {
    const dataDir = tempDir();
    let kiosk = await kioskWith(dataDir, siteEnv({ LOTKEEPER_TWILIO_AUTH_TOKEN: server.authToken }));
    expect(statSync(twilioTokenFile(dataDir)).mode & 0o777).toBe(0o600);
    kiosk.services.notify.queue(receipt('receipt:1', '+447700900123'), null);
    kiosk.services.notify.queue(receipt('receipt:2', '+447700900123'), null);
    await kiosk.services.notify.processDue();
    // One per number per hour: the second waits.
    expect(created().map((r) => [r.form['From'], r.form['To']])).toEqual([[SENDER, '+447700900123']]);
    await kiosk.close();
    kiosks.pop();

    // A later start has no token in its environment: the stored one is used.
    kiosk = await kioskWith(dataDir, siteEnv());
    clock.advance(61 * 60_000);
    await kiosk.services.notify.processDue();
    expect(created()).toHaveLength(2);
    expect(server.carrier.sentTo('+447700900123')).toHaveLength(2);
    expect(readFileSync(twilioTokenFile(dataDir), 'utf8').trim()).toBe(server.authToken);
  });

  it('keeps unsolicited texts inside the configured quiet hours, and sends receipts at once', async () => {
    const kiosk = await kioskWith(tempDir(), siteEnv({ LOTKEEPER_TWILIO_AUTH_TOKEN: server.authToken, LOTKEEPER_SMS_QUIET_HOURS: '11:00-13:00', LOTKEEPER_SMS_RATE_LIMIT: '5/60' }));
    kiosk.services.notify.queue({ eventKey: 'reservation:r-1:confirmed', to: '+447700900555', template: 'reservation.confirmed', values: { plate: 'AB12CDE', from: '2026-11-23 09:00' } }, null);
    kiosk.services.notify.queue(receipt('receipt:3', '+447700900123'), null);
    await kiosk.services.notify.processDue();
    expect(created().map((r) => r.form['To'])).toEqual(['+447700900123']);
    clock.advance(61 * 60_000); // 13:01: quiet hours are over
    await kiosk.services.notify.processDue();
    expect(created().map((r) => r.form['To'])).toEqual(['+447700900123', '+447700900555']);
  });

  it('starts without a stored token, holding texts and saying on the console how to give one', async () => {
    const kiosk = await kioskWith(tempDir(), siteEnv());
    kiosk.services.notify.queue(receipt('receipt:4', '+447700900123'), null);
    await kiosk.services.notify.processDue();
    expect(created()).toEqual([]);
    const sms = kiosk.services.devices.list().find((d) => d.id === 'sms');
    expect(sms).toMatchObject({ healthy: false, detail: expect.stringMatching(/no Twilio auth token stored for AC0+1: .*start once with LOTKEEPER_TWILIO_AUTH_TOKEN set/) });
  });

  it('is off without settings, and says in one line which setting is wrong, never echoing the token', () => {
    expect(readSmsConfig({})).toBeUndefined();
    const badToken = 'not*a*twilio*token!!';
    const cases: [Record<string, string>, RegExp][] = [
      [{ LOTKEEPER_TWILIO_FROM: SENDER }, /--twilio-from \(LOTKEEPER_TWILIO_FROM\) is set, but no account SID/],
      [{ LOTKEEPER_TWILIO_AUTH_TOKEN: server.authToken }, /LOTKEEPER_TWILIO_AUTH_TOKEN is set, but no account SID/],
      [{ LOTKEEPER_TWILIO_ACCOUNT_SID: 'AC123' }, /--twilio-account-sid .*AC followed by 32 hex digits/],
      [{ LOTKEEPER_TWILIO_ACCOUNT_SID: server.accountSid }, /no sender: set --twilio-from/],
      [siteEnv({ LOTKEEPER_TWILIO_FROM: '07700 900123' }), /--twilio-from .*E\.164 number or a messaging service SID/],
      [siteEnv({ LOTKEEPER_SMS_QUIET_HOURS: '21:00-25:00' }), /--sms-quiet-hours .*"HH:MM-HH:MM"/],
      [siteEnv({ LOTKEEPER_SMS_RATE_LIMIT: '0/60' }), /--sms-rate-limit .*"N\/M"/],
      [siteEnv({ LOTKEEPER_TWILIO_RELAY: 'http://relay.example.com' }), /--twilio-relay .*https, or http only on a loopback address/],
      [siteEnv({ LOTKEEPER_TWILIO_AUTH_TOKEN: badToken }), /LOTKEEPER_TWILIO_AUTH_TOKEN: a Twilio auth token is 16-64 letters and digits/],
    ];
    for (const [env, reason] of cases) {
      const error = errorOf(() => readSmsConfig(env));
      expect(error).toBeInstanceOf(SmsConfigError);
      expect(error.message).toMatch(reason);
      expect(error.message.split('\n')).toHaveLength(1);
      expect(error.message).not.toContain(badToken);
      expect(error.message).not.toContain(server.authToken);
    }
  });

  it("takes serve's flags over the environment, and turns a bad one into a usage error (exit code 2)", () => {
    const dataDir = tempDir();
    const setup = smsOption({ 'twilio-from': 'MG' + 'a'.repeat(32), 'sms-quiet-hours': 'off' }, dataDir, siteEnv());
    expect(setup && 'config' in setup ? setup.config : null).toMatchObject({ accountSid: server.accountSid, from: 'MG' + 'a'.repeat(32), quietHours: null, rateLimit: { perNumber: 1, windowMs: 3_600_000 } });
    const misuse = errorOf(() => smsOption({ 'sms-rate-limit': 'lots' }, dataDir, siteEnv()));
    expect(misuse).toBeInstanceOf(CliError);
    expect((misuse as CliError).exitCode).toBe(2);
    expect(smsOption({}, dataDir, {})).toBeUndefined();
  });
});
