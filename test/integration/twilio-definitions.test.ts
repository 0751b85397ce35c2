/**
 * The loopback Twilio against Twilio's published OpenAPI definitions of the Messages operations
 * (test/support/twilio-server/definitions/twilio-api-v2010.json, an excerpt of twilio/twilio-oai at the commit it
 * names): its answers are what the schemas declare, it treats parameters as Twilio does, the kiosk's own calls
 * (the real `twilio` SDK) cause no warning, and the excerpt agrees with the twilio-node the kiosk ships.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TwilioSms } from '../../native/sms/twilio-sms';
import { startTwilioServer, type TwilioServer } from '../support/twilio-server';
import { definitions, MESSAGE, MESSAGES, operation, responseSchema, schemaProblems } from '../support/twilio-server/definitions';

let server: TwilioServer;
const SERVICE = `MG${'1'.repeat(32)}`;
beforeEach(async () => {
  server = await startTwilioServer({ messagingServices: [SERVICE] });
});
afterEach(() => server.close());

/** A raw request, so the test sees Twilio's JSON as sent rather than what the SDK makes of it. */
async function call(method: 'GET' | 'POST', path: string, params: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const query = new URLSearchParams(params).toString();
  const url = `${server.url}/2010-04-01/Accounts/${server.accountSid}/${path}${method === 'GET' && query ? `?${query}` : ''}`;
  const response = await fetch(url, {
    method,
    headers: { Authorization: `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    ...(method === 'POST' ? { body: query } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const create = (form: Record<string, string>) => call('POST', 'Messages.json', form);

describe("loopback Twilio: answers as Twilio's definitions declare them", () => {
  it('answers create, fetch (every step to delivered or undelivered) and list with the Message schema, nothing more', async () => {
    server.carrier.failDeliveries.set('+447700900777', 30005);
    const answers: [ReturnType<typeof operation>, unknown][] = [];
    const forms: Record<string, string>[] = [{ To: '+447700900123', From: '+15005550006', Body: 'Hi' }, { To: '+447700900777', MessagingServiceSid: SERVICE, Body: 'Hi' }];
    for (const form of forms) {
      const created = await create(form);
      expect(created.status).toBe(201);
      answers.push([operation(MESSAGES, 'post'), created.body]);
      for (let step = 0; step < 3; step++) answers.push([operation(MESSAGE, 'get'), (await call('GET', `Messages/${String(created.body['sid'])}.json`)).body]);
    }
    const listed = await call('GET', 'Messages.json', { To: '+447700900777', 'DateSent>': new Date(Date.now() - 60_000).toISOString(), PageSize: '20' });
    answers.push([operation(MESSAGES, 'get'), listed.body]);
    answers.push([operation(MESSAGES, 'get'), (await call('GET', 'Messages.json', { To: '+447700900000' })).body]);

    for (const [op, body] of answers) expect(schemaProblems(responseSchema(op), body), op.operationId).toEqual([]);
    expect(answers.slice(1, 4).map(([, b]) => (b as { status: string }).status)).toEqual(['queued', 'sent', 'delivered']);
    expect(answers.slice(5, 8).map(([, b]) => (b as { status: string }).status)).toEqual(['queued', 'sent', 'undelivered']);
    expect(answers[7]![1]).toMatchObject({ error_code: 30005, error_message: 'Unknown destination handset', from: null, messaging_service_sid: SERVICE });
    expect(listed.body['messages']).toHaveLength(1);
  });

  it('the schema check finds what Twilio would never answer, and refuses a keyword it does not know', () => {
    const message = definitions.components.schemas['api.v2010.account.message']!;
    const good = { sid: `SM${'a'.repeat(32)}`, status: 'sent', date_created: 'Sun, 22 Nov 2026 12:00:00 +0000', error_code: null, subresource_uris: { media: '/x/Media.json' } };
    expect(schemaProblems(message, good)).toEqual([]);
    expect(schemaProblems(message, { ...good, status: 'lost' })).toEqual([expect.stringContaining('"lost" is not one of queued')]);
    expect(schemaProblems(message, { ...good, sid: 'SM123' })).toEqual([expect.stringContaining('does not match'), expect.stringContaining('wrong length')]);
    expect(schemaProblems(message, { ...good, date_created: '2026-11-22T12:00:00Z' })).toEqual(['$.date_created is not a date-time-rfc-2822']);
    expect(schemaProblems(message, { ...good, error_code: '30005' })).toEqual(['$.error_code is not integer']);
    expect(schemaProblems(message, { ...good, colour: 'red' })).toEqual(['$.colour is not declared']);
    expect(() => schemaProblems({ type: 'string', oneOf: [] } as never, 'x')).toThrow(/does not know "oneOf"/);
  });
});

describe('loopback Twilio: parameters as Twilio treats them', () => {
  it('ignores a parameter Twilio does not define, with warning 20001, and still sends', async () => {
    const answer = await create({ To: '+447700900123', From: '+15005550006', Body: 'Hi', Colour: 'red' });
    expect(answer.status).toBe(201);
    expect(server.warnings).toEqual([{ code: 20001, method: 'POST', path: `/2010-04-01/Accounts/${server.accountSid}/Messages.json`, param: 'Colour' }]);
  });

  it('refuses a value outside an enum, a malformed SID and a page size out of range, creating nothing', async () => {
    expect(await create({ To: '+447700900123', From: '+15005550006', Body: 'Hi', RiskCheck: 'maybe' })).toMatchObject({ status: 400, body: { code: 400, message: expect.stringContaining('RiskCheck') } });
    expect(await create({ To: '+447700900123', From: '+15005550006', Body: 'Hi', ValidityPeriod: 'soon' })).toMatchObject({ status: 400, body: { code: 400 } });
    expect(await create({ To: '+447700900123', MessagingServiceSid: 'MG123', Body: 'Hi' })).toMatchObject({ status: 400, body: { code: 21705 } });
    expect(await call('GET', 'Messages.json', { PageSize: '0' })).toMatchObject({ status: 400, body: { code: 400, message: expect.stringContaining('PageSize') } });
    expect(server.carrier.messages.size).toBe(0);
    for (const value of ['enable', 'disable']) expect((await create({ To: '+447700900123', From: '+15005550006', Body: 'Hi', RiskCheck: value })).status).toBe(201);
  });

  it('answers the required and one-of parameters with the codes Twilio documents', async () => {
    expect((await create({ From: '+15005550006', Body: 'Hi' })).body).toMatchObject({ code: 21604 });
    expect((await create({ To: '+447700900123', Body: 'Hi' })).body).toMatchObject({ code: 21603 });
    expect((await create({ To: '+447700900123', From: '+15005550006' })).body).toMatchObject({ code: 21602 });
  });

  it("the kiosk's own calls through the twilio SDK cause no warning and no refusal", async () => {
    for (const from of ['+15005550006', SERVICE]) {
      const sms = new TwilioSms({ accountSid: server.accountSid, authToken: server.authToken, from, timeoutMs: 2_000 }, server.url);
      const sent = await sms.send({ to: '+447700900123', body: `Reminder from ${from}` });
      await sms.fetch(sent.sid);
      expect(await sms.findSent('+447700900123', `Reminder from ${from}`, Date.now() - 5_000)).toMatchObject({ sid: sent.sid });
    }
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET', 'POST', 'GET', 'GET']);
    expect(server.warnings).toEqual([]);
  });
});

describe('the excerpt agrees with the twilio-node the kiosk ships (generated from the same definitions)', () => {
  const require = createRequire(import.meta.url);
  const typesFile = join(dirname(require.resolve('twilio')), 'rest/api/v2010/account/message.d.ts');
  const types = readFileSync(typesFile, 'utf8');
  const union = (name: string) => [...(new RegExp(`export type ${name} = ([^;]+);`).exec(types)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const fields = (declaration: string) => [...(new RegExp(`${declaration} \\{([^}]*)\\}`).exec(types)?.[1] ?? '').matchAll(/^\s{4}(\w+)\??:/gm)].map((m) => m[1]!);
  const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);
  const enumOf = (schema: string) => definitions.components.schemas[schema]!.enum;

  it('has the same Message statuses and directions, and the same Message fields', () => {
    expect(union('MessageStatus')).toEqual(enumOf('message_enum_status'));
    expect(union('MessageDirection')).toEqual(enumOf('message_enum_direction'));
    expect(union('MessageRiskCheck')).toEqual(enumOf('message_enum_risk_check'));
    expect(fields('interface MessageResource').sort()).toEqual(Object.keys(definitions.components.schemas['api.v2010.account.message']!.properties!).sort());
  });

  it('knows every create and list parameter of the excerpt; twilio-node is newer by three create parameters', () => {
    const createParams = Object.keys(operation(MESSAGES, 'post').requestBody!.content['application/x-www-form-urlencoded'].schema.properties!);
    const sdkCreate = fields('export interface MessageListInstanceCreateOptions').map(pascal);
    expect(createParams.filter((p) => !sdkCreate.includes(p))).toEqual([]);
    // Added to Twilio's definitions after the excerpt's commit: the kiosk sends none of them.
    expect(sdkCreate.filter((p) => !createParams.includes(p)).sort()).toEqual(['FallbackFrom', 'MessageIntent', 'TrafficType']);
    const query = operation(MESSAGES, 'get').parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const sdkList = fields('export interface MessageListInstancePageOptions').map((f) => ({ dateSentBefore: 'DateSent<', dateSentAfter: 'DateSent>', pageNumber: 'Page' })[f] ?? pascal(f));
    expect(sdkList.sort()).toEqual([...query].sort());
  });
});
