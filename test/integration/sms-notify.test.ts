/**
 * The SMS outbox end to end with the real `twilio` SDK against the loopback Twilio: sent once per event, STOP
 * honoured, a lost answer (the message was created, the answer never came) resolved without a second message,
 * 500 and 429 retried, Twilio's permanent delivery errors final at once and temporary ones sent again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { DELIVERY_ERRORS } from '../../native/sms/sms-gateway';
import { manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { startTwilioServer, type TwilioServer } from '../support/twilio-server';

const tempDir = useTempDirs();
let server: TwilioServer;
let kiosk: Kiosk;
const clock = manualClock(Date.UTC(2026, 10, 22, 12));

beforeEach(async () => {
  server = await startTwilioServer();
  kiosk = await startTestKiosk(tempDir(), {
    devices: 'none',
    clock: clock.now,
    sms: { twilio: { accountSid: server.accountSid, authToken: server.authToken, from: '+15005550006', timeoutMs: 1_000 }, relayUrl: server.url, options: { tickMs: 3_600_000, random: () => 0.5 } },
  });
});
afterEach(async () => {
  await kiosk.close();
  await server.close();
});

const request = (eventKey: string, to: string) => ({ eventKey, to, template: 'reservation.confirmed' as const, values: { plate: 'AB12CDE', from: '2026-11-23 09:00' } });
const pass = async (minutes = 0) => {
  clock.advance(minutes * 60_000);
  await kiosk.services.notify.processDue();
};
const londonTime = (at: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
const row = (eventKey: string) => kiosk.store.db.prepare('SELECT state, attempts, error_code AS code FROM sms_outbox WHERE event_key = ?').get(eventKey) as { state: string; attempts: number; code: number | null } | undefined;

describe('SMS through the twilio SDK', () => {
  it('sends once per event and follows delivery by polling', async () => {
    kiosk.services.notify.queue(request('reservation:r-1:confirmed', '+447700900123'), null);
    kiosk.services.notify.queue(request('reservation:r-1:confirmed', '+447700900123'), null);
    for (let i = 0; i < 6; i++) await pass(5);
    expect(row('reservation:r-1:confirmed')).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('records a STOP (21610) as an opt-out and sends nothing more to the number', async () => {
    server.carrier.optedOut.add('+447700900555');
    kiosk.services.notify.queue(request('reservation:r-2:confirmed', '+447700900555'), null);
    await pass();
    expect(row('reservation:r-2:confirmed')).toMatchObject({ state: 'suppressed', code: 21610 });
    expect(() => kiosk.services.notify.queue(request('reservation:r-3:confirmed', '+447700900555'), null)).toThrow(/opted out/);
  });

  it('does not send twice when Twilio created the message but the answer was lost', async () => {
    server.inject('drop_after', { method: 'POST' });
    kiosk.services.notify.queue(request('reservation:r-4:confirmed', '+447700900123'), null);
    await pass();
    expect(row('reservation:r-4:confirmed')).toMatchObject({ state: 'sending' });
    for (let i = 0; i < 8; i++) await pass(5);
    expect(row('reservation:r-4:confirmed')).toMatchObject({ state: 'delivered' });
    expect(server.carrier.sentTo('+447700900123')).toHaveLength(1);
  });

  it.each(['error500', 'rate429'] as const)('retries after %s and sends exactly one message', async (fault) => {
    server.inject(fault, { method: 'POST', times: 2 });
    kiosk.services.notify.queue(request('reservation:r-5:confirmed', '+447700900123'), null);
    for (let i = 0; i < 10; i++) await pass(5);
    expect(row('reservation:r-5:confirmed')).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(server.carrier.sentTo('+447700900123')).toHaveLength(1);
  });

  it("reports Twilio's permanent delivery errors at once, with their reason on the SMS queue, and never sends again", async () => {
    const permanent = [30004, 30005, 30006, 30007] as const;
    for (const code of permanent) {
      server.carrier.failDeliveries.set(`+44770090${code}`, code);
      kiosk.services.notify.queue(request(`reservation:p${code}:confirmed`, `+44770090${code}`), null);
    }
    for (let i = 0; i < 12; i++) await pass(5);
    const queue = kiosk.services.notify.recent(50);
    for (const code of permanent) {
      expect(row(`reservation:p${code}:confirmed`)).toEqual({ state: 'failed', attempts: 1, code });
      expect(server.carrier.sentTo(`+44770090${code}`)).toHaveLength(1);
      expect(queue.find((m) => m.eventKey === `reservation:p${code}:confirmed`)).toMatchObject({
        state: 'failed',
        deliveryStatus: 'undelivered',
        lastError: `not delivered: undelivered (${code} ${DELIVERY_ERRORS[code].message})`,
      });
    }
    expect(server.warnings).toEqual([]);
  });

  it('sends again after a temporary delivery error (30003 unreachable handset) until the attempts run out', async () => {
    server.carrier.failDeliveries.set('+447700900333', 30003);
    kiosk.services.notify.queue(request('reservation:t-1:confirmed', '+447700900333'), null);
    for (let i = 0; i < 60 && row('reservation:t-1:confirmed')?.state !== 'failed'; i++) await pass(30);
    expect(row('reservation:t-1:confirmed')).toEqual({ state: 'failed', attempts: 5, code: 30003 });
    expect(server.carrier.sentTo('+447700900333')).toHaveLength(5);
    expect(kiosk.services.notify.recent(5)[0]?.lastError).toBe('not delivered: undelivered (30003 Unreachable destination handset)');
  });

  it("texts a reservation's confirmation once when the booking is saved with a number, again only when it moves", async () => {
    const supervisor = kiosk.connect('office');
    const login = await supervisor.call('auth.login', { username: 'sam', secret: '2468' });
    expect(login.ok).toBe(true);
    const arriveFrom = Date.UTC(2026, 10, 23, 9);
    const reservation = { id: 'r-web-77', plateKey: 'BK24RES', zoneId: 'upper', arriveFrom, arriveUntil: arriveFrom + 2 * 3_600_000, contact: { phone: '+447700900777', language: 'de' } };
    const save = (definition: object) => supervisor.call('access.save', { record: { kind: 'reservation', definition }, reason: 'booked by phone' });
    expect((await save(reservation)).ok).toBe(true);
    expect((await save(reservation)).ok).toBe(true); // saved again unchanged: no second text
    await pass();
    const sent = server.carrier.sentTo('+447700900777');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe('Harbour Street Car Park: Ihr Stellplatz für BK24RES ist ab 2026-11-23 09:00 reserviert. Antworten Sie STOP zum Abmelden.');
    expect((await save({ ...reservation, arriveFrom: arriveFrom + 3_600_000 })).ok).toBe(true);
    await pass();
    expect(server.carrier.sentTo('+447700900777')).toHaveLength(2);
    server.carrier.optedOut.add('+447700900888');
    await pass();
    expect((await save({ ...reservation, id: 'r-web-78', contact: { phone: '+447700900888', language: null } })).ok).toBe(true);
    await pass();
    // The number answered STOP: moving its booking saves fine and queues nothing more.
    expect((await save({ ...reservation, id: 'r-web-78', arriveFrom: arriveFrom + 60_000, contact: { phone: '+447700900888', language: null } })).ok).toBe(true);
    expect(kiosk.store.db.prepare("SELECT template FROM sms_outbox WHERE to_number = '+447700900888' ORDER BY id").pluck().all()).toEqual(['reservation.confirmed', 'reservation.ending']);
  });

  it('reminds a reservation half an hour before its space stops being held, unless the car came in on it', async () => {
    const supervisor = kiosk.connect('office');
    await supervisor.call('auth.login', { username: 'sam', secret: '2468' });
    const arriveFrom = clock.now() + 3_600_000;
    const booking = (id: string, phone: string) => ({ id, plateKey: id === 'r-a' ? 'RA11AAA' : 'RB22BBB', zoneId: null, arriveFrom, arriveUntil: arriveFrom + 3_600_000, contact: { phone, language: 'en' } });
    for (const [id, phone] of [['r-a', '+447700900101'], ['r-b', '+447700900202']] as const) {
      expect((await supervisor.call('access.save', { record: { kind: 'reservation', definition: booking(id, phone) }, reason: 'web booking' })).ok).toBe(true);
    }
    await pass();
    // r-b's car arrives on its booking: its reminder is withdrawn.
    kiosk.services.sessions.open({ plateRaw: 'RB22BBB', plateConfidence: 0.97, plateImage: null, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: null, decision: { code: 'open_reservation', ref: 'r-b' } }, null);
    await pass(95);
    expect(server.carrier.sentTo('+447700900101').map((m) => m.body)).toEqual([
      expect.stringContaining('is booked from'),
      `Harbour Street Car Park: the space booked for RA11AAA is held until ${londonTime(arriveFrom + 3_600_000)}. Reply STOP to opt out.`,
    ]);
    expect(server.carrier.sentTo('+447700900202').map((m) => m.body)).toEqual([expect.stringContaining('is booked from')]);
    expect(row(`reservation:r-b:ending:${arriveFrom + 3_600_000}:+447700900202`)).toMatchObject({ state: 'expired' });
  });
});
