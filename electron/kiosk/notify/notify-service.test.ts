/**
 * The SMS outbox in a real kiosk with the simulated carrier (same contract as TwilioSms against the loopback
 * Twilio) and a hand-moved clock. The worker's timer is slowed right down; each test drives passes itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedSms } from '../../../native/sms';
import type { Session } from '../contract';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../../../test/support/kiosk-harness';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Kiosk } from '../kiosk';
import type { NotifyOptions } from './notify-service';

const tempDir = useTempDirs();
let kiosk: Kiosk;
afterEach(() => kiosk?.close());

const NOON = Date.UTC(2026, 10, 22, 12); // London is on GMT in November
const MINUTE = 60_000;
const ANNA = { id: 1, username: 'anna', role: 'attendant' } as const;

async function start(options: NotifyOptions = {}) {
  const clock = manualClock(NOON);
  const sms = new SimulatedSms();
  kiosk = await startTestKiosk(tempDir(), { devices: 'none', clock: clock.now, sms: { gateway: sms, options: { tickMs: 3_600_000, random: () => 0.5, backoff: { baseMs: MINUTE, maxMs: 10 * MINUTE }, ...options } } });
  const notify = kiosk.services.notify;
  /** Moves the clock and runs a pass, as the worker's timer would. */
  const pass = async (advanceMs = 0) => {
    clock.advance(advanceMs);
    await notify.processDue();
  };
  return { clock, sms, notify, pass, carrier: sms.carrier };
}

const reminder = (eventKey: string, to = '+447700900123', extra = {}) => ({ eventKey, to, template: 'stay.ending' as const, values: { plate: 'AB12CDE', time: '14:00' }, ...extra });
const stateOf = (eventKey: string) => kiosk.store.db.prepare('SELECT state, attempts, twilio_sid AS sid, delivery_status AS status FROM sms_outbox WHERE event_key = ?').get(eventKey) as { state: string; attempts: number; sid: string | null; status: string | null };

describe('SMS outbox', () => {
  it('sends one message per event, and follows it to delivered by polling', async () => {
    const { notify, pass, carrier } = await start();
    const first = notify.queue(reminder('stay:1:end'), null);
    expect(notify.queue(reminder('stay:1:end'), null).id).toBe(first.id);
    await pass();
    expect(stateOf('stay:1:end')).toMatchObject({ state: 'sent', attempts: 1 });
    // Polls come further apart while it stays in flight: queued, sent, delivered.
    for (let i = 0; i < 4; i++) await pass(5 * MINUTE);
    expect(stateOf('stay:1:end')).toMatchObject({ state: 'delivered', status: 'delivered' });
    await pass(10 * MINUTE);
    expect(carrier.sentTo('+447700900123').map((m) => m.body)).toEqual(['Harbour Street Car Park: the paid parking for AB12CDE ends at 14:00. Reply STOP to opt out.']);
  });

  it('honours STOP: the number is suppressed and refused until it opts in again', async () => {
    const { notify, pass, carrier } = await start();
    carrier.optedOut.add('+447700900555');
    notify.queue(reminder('stay:2:end', '+447700900555'), null);
    await pass();
    expect(stateOf('stay:2:end').state).toBe('suppressed');
    expect(() => notify.queue(reminder('stay:3:end', '+447700900555'), null)).toThrow(/opted out/);
    const supervisor = await loggedIn(kiosk, ...DEMO.supervisor);
    expect((await supervisor.call('sms.optIn', { number: '+447700900555' })).ok).toBe(true);
    carrier.optedOut.delete('+447700900555');
    notify.queue(reminder('stay:3:end', '+447700900555'), null);
    await pass();
    expect(stateOf('stay:3:end').state).toBe('sent');
    expect(carrier.sentTo('+447700900555')).toHaveLength(1);
  });

  it('keeps unsolicited texts for the end of quiet hours, but sends a receipt asked for at once', async () => {
    const { notify, pass, clock, carrier } = await start();
    clock.set(Date.UTC(2026, 10, 22, 22, 0));
    notify.queue(reminder('stay:4:end', '+447700900123', { expiresAt: Date.UTC(2026, 10, 23, 12) }), null);
    const session = { id: 9, status: 'closed', paidMinor: 450, plateKey: 'AB12CDE', entryAt: Date.UTC(2026, 10, 22, 20), exitAt: Date.UTC(2026, 10, 22, 21, 55), paidAt: null } as Session;
    notify.queueReceipt(session, '+447700900124', ANNA);
    await pass();
    expect(stateOf('stay:4:end').state).toBe('queued');
    expect(stateOf('receipt:session:9:+447700900124').state).toBe('sent');
    expect(carrier.sentTo('+447700900124')[0]?.body).toBe('Harbour Street Car Park receipt 9: £4.50 for AB12CDE, 2026-11-22 20:00 to 2026-11-22 21:55. Thank you.');
    await pass(9 * 60 * MINUTE); // 07:00: still quiet
    expect(stateOf('stay:4:end').state).toBe('queued');
    await pass(61 * MINUTE); // 08:01
    expect(stateOf('stay:4:end').state).toBe('sent');
  });

  it('lets a reminder expire, and reports it, when quiet hours outlast its use', async () => {
    const { notify, pass, clock } = await start();
    const failed: unknown[] = [];
    kiosk.services.core.bus.subscribe((name, payload) => name === 'sms.failed' && failed.push(payload));
    clock.set(Date.UTC(2026, 10, 22, 23, 0));
    notify.queue(reminder('stay:5:end', '+447700900123', { expiresAt: Date.UTC(2026, 10, 23, 1, 0) }), null);
    await pass();
    expect(stateOf('stay:5:end').state).toBe('expired');
    expect(failed).toEqual([{ messageId: expect.any(Number), to: '+4477••••••23', reason: expect.stringMatching(/time passed/) }]);
  });

  it('holds a fourth text to one number within the hour back until the window allows it', async () => {
    const { notify, pass } = await start({ rateLimit: { perNumber: 3, windowMs: 60 * MINUTE } });
    for (const n of [1, 2, 3, 4]) notify.queue(reminder(`stay:${10 + n}:end`), null);
    await pass();
    expect([1, 2, 3, 4].map((n) => stateOf(`stay:${10 + n}:end`).state)).toEqual(['sent', 'sent', 'sent', 'queued']);
    await pass(61 * MINUTE);
    expect(stateOf('stay:14:end').state).not.toBe('queued');
  });

  it("takes quiet hours and the rate limit from the site's settings, unless a flag set them", async () => {
    const { notify, pass } = await start();
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    const { settings } = await expectOk(admin, 'settings.get', {});
    await expectOk(admin, 'settings.save', {
      settings: { ...settings, smsQuietHours: { from: '12:00', to: '13:00' }, smsRateLimit: { perNumber: 1, windowMinutes: 30 } },
      reason: 'Lunchtime quiet, one text per half hour',
    });
    notify.queue(reminder('stay:30:end'), null); // noon: quiet by the setting (the default would send)
    await pass();
    expect(stateOf('stay:30:end').state).toBe('queued');
    await pass(61 * MINUTE);
    expect(stateOf('stay:30:end').state).toBe('sent');
    notify.queue(reminder('stay:31:end'), null);
    await pass();
    expect(stateOf('stay:31:end').state).toBe('queued'); // one per 30 minutes
    await pass(31 * MINUTE);
    expect(stateOf('stay:31:end').state).toBe('sent');
    await kiosk.close();

    // A flag wins: the same settings, but quiet hours switched off and 3 an hour by the serve flags.
    const flagged = await start({ quietHours: null, rateLimit: { perNumber: 3, windowMs: 60 * MINUTE } });
    const flaggedAdmin = await loggedIn(kiosk, ...DEMO.admin);
    await expectOk(flaggedAdmin, 'settings.save', {
      settings: { ...settings, smsQuietHours: { from: '12:00', to: '13:00' }, smsRateLimit: { perNumber: 1, windowMinutes: 30 } },
      reason: 'Lunchtime quiet, one text per half hour',
    });
    for (const n of [1, 2]) flagged.notify.queue(reminder(`stay:${40 + n}:end`), null);
    await flagged.pass();
    expect([1, 2].map((n) => stateOf(`stay:${40 + n}:end`).state)).toEqual(['sent', 'sent']);
  });

  it('retries an undelivered message with backoff, then reports it failed', async () => {
    const { notify, pass, carrier } = await start({ maxAttempts: 2 });
    carrier.failDeliveries.set('+447700900777', 30003);
    notify.queue(reminder('stay:20:end', '+447700900777'), null);
    await pass();
    for (let i = 0; i < 10; i++) await pass(10 * MINUTE);
    expect(stateOf('stay:20:end')).toMatchObject({ state: 'failed', attempts: 2 });
    expect(carrier.sentTo('+447700900777')).toHaveLength(2);
    expect(kiosk.services.core.bus.recent()[0]?.text).toMatch(/failed: not delivered: undelivered \(30003 Unreachable destination handset\)/);
  });

  it.each([30004, 30005, 30006, 30007] as const)('does not send again after the permanent delivery error %i, and says why', async (code) => {
    const { notify, pass, carrier } = await start({ maxAttempts: 3 });
    carrier.failDeliveries.set('+447700900777', code);
    notify.queue(reminder('stay:21:end', '+447700900777'), null);
    await pass();
    for (let i = 0; i < 10; i++) await pass(10 * MINUTE);
    expect(stateOf('stay:21:end')).toMatchObject({ state: 'failed', attempts: 1 });
    expect(carrier.sentTo('+447700900777')).toHaveLength(1);
    const row = kiosk.store.db.prepare(`SELECT last_error, error_code FROM sms_outbox WHERE event_key = 'stay:21:end'`).get();
    expect(row).toEqual({ last_error: expect.stringContaining(`undelivered (${code} `), error_code: code });
  });

  it('after a crash mid-send, adopts the message the carrier has instead of sending it again', async () => {
    const { notify, pass, carrier } = await start();
    const row = notify.queue(reminder('stay:30:end'), null);
    // The crash: 'sending' was committed and Twilio created the message, but its SID was never saved.
    kiosk.store.db.prepare(`UPDATE sms_outbox SET state = 'sending', attempts = 1, sending_since = ? WHERE id = ?`).run(NOON, row.id);
    const created = carrier.create('+447700900123', '+15005550006', row.body);
    notify.queue(reminder('stay:31:end', '+447700900124'), null);
    kiosk.store.db.prepare(`UPDATE sms_outbox SET state = 'sending', attempts = 1, sending_since = ? WHERE event_key = 'stay:31:end'`).run(NOON);
    await pass();
    expect(stateOf('stay:30:end')).toMatchObject({ state: 'sent', sid: created.sid });
    expect(carrier.sentTo('+447700900123')).toHaveLength(1);
    // Nothing at the carrier for the other: it goes back to the queue and is sent once.
    await pass();
    expect(stateOf('stay:31:end').state).toBe('sent');
    expect(carrier.sentTo('+447700900124')).toHaveLength(1);
  });

  it('waits for the carrier when it is unreachable, without sending twice once it is back', async () => {
    const { notify, pass, sms, carrier } = await start();
    sms.setOffline(true);
    notify.queue(reminder('stay:40:end'), null);
    await pass();
    expect(stateOf('stay:40:end').state).toBe('sending');
    await pass(MINUTE);
    sms.setOffline(false);
    for (let i = 0; i < 4; i++) await pass(MINUTE);
    expect(carrier.sentTo('+447700900123')).toHaveLength(1);
  });

  it('refuses a phone number that is not E.164, at the contract and in the service', async () => {
    const { notify } = await start();
    expect(() => notify.queue(reminder('stay:50:end', '07700 900123'), null)).toThrow(/international form/);
    const attendant = await loggedIn(kiosk, ...DEMO.attendant);
    const result = await attendant.call('sms.sendReceipt', { sessionId: 1, to: '0044 7700' });
    expect(result.ok ? null : result.error.code).toBe('invalid_input');
  });
});

describe('stay-ending reminders from the console', () => {
  it('queues one reminder per stay, end and number, and sends it only in the last minutes of the stay', async () => {
    const { pass, carrier } = await start();
    const attendant = await loggedIn(kiosk, ...DEMO.attendant);
    const entry = await expectOk(attendant, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    const input = { sessionId: entry.session.id, to: '+447700900123', endsAt: NOON + 2 * 60 * MINUTE, leadMinutes: 15 };
    const first = await expectOk(attendant, 'sms.remindStayEnd', input);
    const again = await expectOk(attendant, 'sms.remindStayEnd', input);
    expect(again.message.id).toBe(first.message.id);
    await pass(60 * MINUTE);
    expect(carrier.sentTo('+447700900123')).toHaveLength(0);
    await pass(46 * MINUTE);
    expect(carrier.sentTo('+447700900123').map((m) => m.body)).toEqual(['Harbour Street Car Park: the paid parking for AB12CDE ends at 14:00. Reply STOP to opt out.']);
    const late = await attendant.call('sms.remindStayEnd', { ...input, endsAt: NOON });
    expect(late.ok ? null : late.error.message).toMatch(/already ended/);
  });
});
