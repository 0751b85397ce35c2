/**
 * Texting the driver from the session detail, against the real kiosk and the loopback Twilio (real `twilio` SDK):
 * a reminder is queued and sent; a number that answered STOP is refused at the booth until a supervisor opts it
 * back in on the sync screen; a permanent delivery failure is shown on the SMS queue with its reason, sent once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../electron/kiosk/serve';
import { startTwilioServer, type TwilioServer } from '../support/twilio-server';
import { LoginPage } from './pages/LoginPage';
import { ManualEntryPage } from './pages/ManualEntryPage';
import { SessionsPage } from './pages/SessionsPage';
import { SyncPage } from './pages/SyncPage';
import { ensureConsoleBuilt } from './support/build';
import { launchChromium, openConsole } from './support/harness';

let twilio: TwilioServer;
let kiosk: Headless;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  await ensureConsoleBuilt();
  twilio = await startTwilioServer();
  dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-e2e-texts-'));
  [kiosk, browser] = await Promise.all([
    startHeadless({
      dataDir,
      port: 0,
      logToFile: false,
      devices: 'none',
      sms: {
        twilio: { accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006', timeoutMs: 1_000 },
        relayUrl: twilio.url,
        // Quiet hours off: the reminder is due at once whatever the time of day the suite runs; delivery followed
        // every half second so an undelivered message is final within the test.
        options: { tickMs: 200, quietHours: null, firstPollMs: 200, maxPollMs: 500 },
      },
    }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  await twilio?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** "2026-11-22T17:05" in London (the demo site's zone), `minutes` from now. */
function londonInput(minutes: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(Date.now() + minutes * 60_000);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

const posts = (to: string) => twilio.requests.filter((r) => r.method === 'POST' && r.form['To'] === to);

describe('texting the driver (attendant, then supervisor)', () => {
  it('queues and sends a reminder, refuses a number that answered STOP, and a supervisor opts it back in', async () => {
    const c = await openConsole(browser, kiosk.url);
    await new LoginPage(c.page).loginAs('attendant');
    const entry = new ManualEntryPage(c.page);
    await entry.open();
    await entry.fill({ plate: 'TXT1ABC', reason: 'Camera could not read' });
    await entry.submit();
    await entry.done();

    const sessions = new SessionsPage(c.page);
    await sessions.open();
    await sessions.search('TXT1ABC');
    await sessions.openSession('TXT1ABC');
    expect(await sessions.textDriver('reminder', '07700 900', londonInput(10))).toMatch(/international form/);
    await sessions.cancelText();
    // Ends in 10 minutes, reminded 15 before: due now, so it goes out on the next pass.
    expect(await sessions.textDriver('reminder', '+44 7700 900123', londonInput(10))).toBe('Reminder queued for +4477••••••23.');
    await expect.poll(() => posts('+447700900123').length, { timeout: 10_000 }).toBe(1);
    await sessions.shot('session-text-reminder');

    twilio.carrier.optedOut.add('+447700900555');
    await sessions.textDriver('reminder', '+447700900555', londonInput(11));
    await expect.poll(() => posts('+447700900555').length, { timeout: 10_000 }).toBe(1);
    // Twilio answered 21610: the kiosk now refuses the number itself, before any request.
    await expect.poll(async () => {
      const outcome = await sessions.textDriver('reminder', '+447700900555', londonInput(12));
      if (!/queued/.test(outcome)) await sessions.cancelText();
      return outcome;
    }, { timeout: 10_000 }).toMatch(/opted out/);
    expect(posts('+447700900555')).toHaveLength(1);

    const sam = await openConsole(browser, kiosk.url);
    await new LoginPage(sam.page).loginAs('supervisor');
    const sync = new SyncPage(sam.page);
    await sync.openByKey();
    expect(await sync.optIn('+44 7700 900555')).toMatch(/\+447700900555 gets texts again/);
    await sync.shot('sms-opt-in');
    twilio.carrier.optedOut.delete('+447700900555');

    expect(await sessions.textDriver('reminder', '+447700900555', londonInput(13))).toMatch(/Reminder queued/);
    await expect.poll(() => posts('+447700900555').length, { timeout: 10_000 }).toBe(2);

    // Twilio could not deliver to this number for good (30005 unknown handset): failed at once, never sent again,
    // and the supervisor's SMS queue says why.
    twilio.carrier.failDeliveries.set('+447700900777', 30005);
    expect(await sessions.textDriver('reminder', '+447700900777', londonInput(14))).toMatch(/Reminder queued/);
    await expect.poll(async () => (await sync.smsRows()).find((r) => r.to === '+4477••••••77'), { timeout: 15_000 })
      .toEqual({ to: '+4477••••••77', state: 'failed (undelivered)', attempts: '1', error: 'not delivered: undelivered (30005 Unknown destination handset)' });
    await sync.shot('sms-queue-permanent-failure');
    expect(posts('+447700900777')).toHaveLength(1);
    expect(twilio.warnings).toEqual([]);
    expect(c.errors).toEqual([]);
    expect(sam.errors).toEqual([]);
    await sam.context.close();
    await c.context.close();
  }, 90_000);
});
