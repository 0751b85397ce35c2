/**
 * One contract for every SMS gateway: TwilioSms (the real `twilio` SDK) against the loopback Twilio server, and
 * SimulatedSms. What the notify core relies on: a SID per send, delivery followed by polling to a final state,
 * STOP (21610) and bad numbers as distinct errors, and a lost answer found again by findSent.
 *
 * What Twilio's test credentials allow (sending, with its magic numbers; they cannot read messages back) runs also
 * against Twilio itself when TWILIO_TEST_ACCOUNT_SID and TWILIO_TEST_AUTH_TOKEN are set, and is skipped with that
 * reason otherwise.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedSms } from '../../native/sms/simulated-sms';
import type { SmsCarrier } from '../../native/sms/carrier';
import { SmsError, type SmsGateway } from '../../native/sms/sms-gateway';
import { TwilioSms } from '../../native/sms/twilio-sms';
import { ifAvailable, requirement, type Requirement } from '../support/requires';
import { startTwilioServer, type TwilioServer } from '../support/twilio-server';

interface Harness {
  gateway: SmsGateway;
  carrier: SmsCarrier;
  close(): Promise<void>;
}

const targets: { name: string; setup(): Promise<Harness> }[] = [
  {
    name: 'TwilioSms against the loopback Twilio',
    async setup() {
      const server = await startTwilioServer();
      const gateway = new TwilioSms({ accountSid: server.accountSid, authToken: server.authToken, from: '+15005550006', timeoutMs: 2_000 }, server.url);
      return { gateway, carrier: server.carrier, close: () => server.close() };
    },
  },
  {
    name: 'SimulatedSms',
    async setup() {
      const gateway = new SimulatedSms();
      return { gateway, carrier: gateway.carrier, close: async () => {} };
    },
  },
];

const failure = async (promise: Promise<unknown>): Promise<SmsError> => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SmsError);
  return error as SmsError;
};

const twilioTest = { sid: process.env['TWILIO_TEST_ACCOUNT_SID'], token: process.env['TWILIO_TEST_AUTH_TOKEN'] };
/** Twilio's magic sender for test credentials (https://www.twilio.com/docs/iam/test-credentials). */
const TEST_FROM = '+15005550006';
const sendTargets: { name: string; needs: Requirement; gateway(): Promise<{ gateway: SmsGateway; close(): Promise<void> }> }[] = [
  ...targets.map((t) => ({ name: t.name, needs: requirement('installed', () => null), gateway: () => t.setup() })),
  {
    name: 'TwilioSms against Twilio with its test credentials',
    needs: requirement('vendor', () => (twilioTest.sid && twilioTest.token ? null : "set TWILIO_TEST_ACCOUNT_SID and TWILIO_TEST_AUTH_TOKEN (the account's test credentials) to run against Twilio itself")),
    gateway: async () => ({ gateway: new TwilioSms({ accountSid: twilioTest.sid!, authToken: twilioTest.token!, from: TEST_FROM, timeoutMs: 15_000 }), close: async () => {} }),
  },
];

for (const target of sendTargets) {
  ifAvailable(target.needs).describe(`SMS sending with Twilio's magic numbers: ${target.name}`, () => {
    let h: { gateway: SmsGateway; close(): Promise<void> };
    beforeEach(async () => {
      h = await target.gateway();
    });
    afterEach(() => h.close());

    it('sends to a valid number and answers with its SID', async () => {
      expect(await h.gateway.send({ to: '+447700900123', body: 'Your stay ends at 14:00.' })).toMatchObject({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), state: expect.stringMatching(/pending|sent/) });
    });

    it.each([
      ['+15005550001', 'invalid_number', 21211],
      ['+15005550009', 'invalid_number', 21614],
      ['+15005550004', 'opted_out', 21610],
    ] as const)('refuses %s as Twilio does: %s (%i), not to be retried', async (to, code, twilioCode) => {
      const error = await failure(h.gateway.send({ to, body: 'Hi' }));
      expect([error.code, error.twilioCode, error.retryable]).toEqual([code, twilioCode, false]);
    });

    it('refuses an empty body with 21602', async () => {
      expect((await failure(h.gateway.send({ to: '+447700900123', body: '' }))).twilioCode).toBe(21602);
    });
  });
}

for (const target of targets) {
  describe(`SMS gateway contract: ${target.name}`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await target.setup();
    });
    afterEach(() => h.close());

    it('sends one message and follows it to delivered by polling', async () => {
      const sent = await h.gateway.send({ to: '+447700900123', body: 'Your stay ends at 14:00.' });
      expect(sent.sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(sent.state).toBe('pending');
      const seen = [(await h.gateway.fetch(sent.sid)).status, (await h.gateway.fetch(sent.sid)).status, (await h.gateway.fetch(sent.sid)).status];
      expect(seen).toEqual(['queued', 'sent', 'delivered']);
      expect(h.carrier.sentTo('+447700900123').map((m) => m.body)).toEqual(['Your stay ends at 14:00.']);
    });

    it('reports a number that answered STOP as opted out (21610), and sends nothing', async () => {
      h.carrier.optedOut.add('+447700900555');
      const error = await failure(h.gateway.send({ to: '+447700900555', body: 'Hi' }));
      expect([error.code, error.twilioCode, error.retryable]).toEqual(['opted_out', 21610, false]);
      expect((await failure(h.gateway.send({ to: '+15005550004', body: 'Hi' }))).twilioCode).toBe(21610);
      expect(h.carrier.sentTo('+447700900555')).toEqual([]);
    });

    it('refuses numbers that can never take an SMS, without retry', async () => {
      for (const [to, code] of [['+15005550001', 21211], ['+15005550009', 21614]] as const) {
        const error = await failure(h.gateway.send({ to, body: 'Hi' }));
        expect([error.code, error.twilioCode, error.retryable]).toEqual(['invalid_number', code, false]);
      }
    });

    it.each([30003, 30004, 30005, 30006, 30007, 30008] as const)('ends a message the carrier could not deliver as failed, with its code %i', async (code) => {
      h.carrier.failDeliveries.set('+447700900777', code);
      const sent = await h.gateway.send({ to: '+447700900777', body: 'Hi' });
      await h.gateway.fetch(sent.sid);
      await h.gateway.fetch(sent.sid);
      expect(await h.gateway.fetch(sent.sid)).toMatchObject({ state: 'failed', status: 'undelivered', errorCode: code });
    });

    it('refuses an empty body with 21602, as Twilio documents, and sends nothing', async () => {
      const error = await failure(h.gateway.send({ to: '+447700900123', body: '' }));
      expect([error.code, error.twilioCode, error.retryable]).toEqual(['rejected', 21602, false]);
      expect(h.carrier.sentTo('+447700900123')).toEqual([]);
    });

    it('finds a message already sent by number, body and time, and only that one', async () => {
      const before = Date.now() - 1_000;
      const sent = await h.gateway.send({ to: '+447700900123', body: 'Receipt 0042: 4.50 GBP' });
      await h.gateway.send({ to: '+447700900123', body: 'Another' });
      expect((await h.gateway.findSent('+447700900123', 'Receipt 0042: 4.50 GBP', before))?.sid).toBe(sent.sid);
      expect(await h.gateway.findSent('+447700900123', 'Receipt 0043: 4.50 GBP', before)).toBeNull();
      expect(await h.gateway.findSent('+447700900999', 'Receipt 0042: 4.50 GBP', before)).toBeNull();
    });
  });
}

describe('TwilioSms on the wire', () => {
  let server: TwilioServer;
  let sms: TwilioSms;
  beforeEach(async () => {
    server = await startTwilioServer();
    sms = new TwilioSms({ accountSid: server.accountSid, authToken: server.authToken, from: '+15005550006', timeoutMs: 1_000 }, server.url);
  });
  afterEach(() => server.close());

  it('posts a form-encoded create with basic auth to the account Messages resource', async () => {
    await sms.send({ to: '+447700900123', body: 'Hello & welcome' });
    expect(server.requests[0]).toEqual({ method: 'POST', path: `/2010-04-01/Accounts/${server.accountSid}/Messages.json`, form: { To: '+447700900123', From: '+15005550006', Body: 'Hello & welcome' } });
  });

  it('maps wrong credentials, 500, 429 and a cut connection to their codes', async () => {
    const wrong = new TwilioSms({ accountSid: server.accountSid, authToken: 'x'.repeat(32), from: '+15005550006' }, server.url);
    expect((await failure(wrong.send({ to: '+447700900123', body: 'Hi' }))).code).toBe('auth');
    server.inject('error500');
    expect((await failure(sms.send({ to: '+447700900123', body: 'Hi' }))).code).toBe('server_error');
    server.inject('rate429');
    expect((await failure(sms.send({ to: '+447700900123', body: 'Hi' }))).code).toBe('rate_limited');
    server.inject('drop_before');
    const cut = await failure(sms.send({ to: '+447700900123', body: 'Hi' }));
    expect([cut.code, cut.outcomeUnknown]).toEqual(['unreachable', true]);
    expect(server.carrier.messages.size).toBe(0);
  });

  it('sends through a messaging service of the account, and refuses an unknown or malformed one with 21705', async () => {
    const service = `MG${'1'.repeat(32)}`;
    await server.close();
    server = await startTwilioServer({ messagingServices: [service] });
    const through = (from: string) => new TwilioSms({ accountSid: server.accountSid, authToken: server.authToken, from, timeoutMs: 1_000 }, server.url);
    await through(service).send({ to: '+447700900123', body: 'Hi' });
    expect(server.requests.at(-1)?.form).toEqual({ To: '+447700900123', MessagingServiceSid: service, Body: 'Hi' });
    const unknown = await failure(through(`MG${'2'.repeat(32)}`).send({ to: '+447700900123', body: 'Hi' }));
    expect([unknown.code, unknown.twilioCode, unknown.retryable]).toEqual(['rejected', 21705, false]);
    expect(server.carrier.messages.size).toBe(1);
  });

  it('times out on a hung request and finds the message afterwards if it was created', async () => {
    server.inject('drop_after');
    const since = Date.now() - 1_000;
    expect((await failure(sms.send({ to: '+447700900123', body: 'Reminder' }))).code).toBe('unreachable');
    expect(server.carrier.messages.size).toBe(1);
    expect(await sms.findSent('+447700900123', 'Reminder', since)).toMatchObject({ state: 'pending' });
    server.inject('hang');
    const started = Date.now();
    expect((await failure(sms.fetch(`SM${'a'.repeat(32)}`))).code).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
