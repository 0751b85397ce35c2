/**
 * Issue 13's money finding, replayed as the console does it, over the loopback bridge on a real SQLite file: a lost
 * ticket paid at the booth, an overpayment, and a clock that jumps. The exit, the session, the receipt, the audit
 * and head office's outbox must all show the one charge the kiosk recorded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../electron/kiosk/bridge';
import type { CallName, CallOutput, CallResult } from '../../electron/kiosk/contract';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { signConfirmation, verifyPayLink } from '../../electron/kiosk/payments/qr-link';
import { manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const START = Date.UTC(2026, 10, 23, 10, 0);
const MIN = 60_000;
const QR_SECRET = 'charges-test-pay-link-secret';
const clock = manualClock(START);
/** A monotonic clock the test moves with the wall clock, except when the wall clock jumps. */
let monotonic = 0;
let kiosk: Kiosk;
let bridge: Bridge;
let dataDir: string;
let staticDir: string;
const sockets: WebSocket[] = [];

async function start(): Promise<void> {
  kiosk = await startTestKiosk(dataDir, { clock: clock.now, monotonic: () => monotonic, payments: { terminals: [], qrSecret: QR_SECRET, payPageUrl: 'https://pay.headoffice.test/p' } });
  bridge = await startBridge(kiosk, { port: 0, staticDir });
}

async function stop(): Promise<void> {
  for (const ws of sockets.splice(0)) ws.close();
  await bridge.close();
  await kiosk.close();
}

beforeEach(async () => {
  clock.set(START);
  monotonic = 0;
  dataDir = tempDir();
  staticDir = tempDir();
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  await start();
});
afterEach(stop);

/** Time passing: both clocks move. */
function wait(ms: number): void {
  clock.advance(ms);
  monotonic += ms;
}

interface Console {
  call<N extends CallName>(name: N, input: unknown): Promise<CallResult<N>>;
  ok<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>>;
}

/** A console on the bridge's WebSocket, logged in as `username`. */
async function consoleAs(username: string, secret: string): Promise<Console> {
  const ws = new WebSocket(bridge.url.replace('http', 'ws') + '/ws', { origin: bridge.url });
  sockets.push(ws);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  const call = <N extends CallName>(name: N, input: unknown) =>
    new Promise<CallResult<N>>((resolve) => {
      const id = nextId++;
      const listener = (data: WebSocket.RawData) => {
        const frame = JSON.parse(data.toString()) as { type: string; id: number; result: CallResult<N> };
        if (frame.type !== 'result' || frame.id !== id) return;
        ws.off('message', listener);
        resolve(frame.result);
      };
      ws.on('message', listener);
      ws.send(JSON.stringify({ id, call: name, input }));
    });
  const ok = async <N extends CallName>(name: N, input: unknown) => {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  await ok('auth.login', { username, secret });
  return { call, ok };
}

const rows = (sql: string, ...params: unknown[]) => kiosk.store.db.prepare(sql).all(...params) as Record<string, unknown>[];
const key = (name: string) => `test-${name}-${Date.now()}`;

/** Two hours parked, paid in cash at the booth by anna; sam is the supervisor on another console. */
async function paidTwoHours(plate: string) {
  const anna = await consoleAs('anna', '1357');
  const sam = await consoleAs('sam', '2468');
  const { session } = await anna.ok('sessions.manualEntry', { plate, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
  wait(120 * MIN);
  const due = (await anna.ok('payments.quote', { sessionId: session.id })).quote.dueMinor;
  await anna.ok('shifts.open', { floatMinor: 0 });
  const { payment } = await anna.ok('payments.payCash', { sessionId: session.id, idempotencyKey: key('cash'), amountMinor: due, currency: 'GBP', tenderedMinor: due });
  return { anna, sam, session, due, payment };
}

describe('the charge a stay is recorded with', () => {
  it('a lost ticket paid £30 cash at the booth: paying finishes the exit, and everything shows the £30 charge with nothing due', async () => {
    const anna = await consoleAs('anna', '1357');
    const { session } = await anna.ok('sessions.manualEntry', { plate: 'LT30 TKT', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    wait(10 * MIN); // inside the tariff's free minutes: the stay itself would be free
    const lost = await anna.ok('payments.lostTicket', { sessionId: session.id, reason: 'driver lost the ticket' });
    expect(lost.quote).toMatchObject({ totalMinor: 3000, dueMinor: 3000, overpaidMinor: 0, lostTicket: true });
    await anna.ok('shifts.open', { floatMinor: 0 });
    const paid = await anna.ok('payments.payCash', { sessionId: session.id, idempotencyKey: key('cash'), amountMinor: 3000, currency: 'GBP', tenderedMinor: 5000 });
    expect(paid.changeMinor).toBe(2000);
    // The exit screen finishes the exit it started once the payment is taken.
    const exit = await anna.ok('sessions.manualExit', { sessionId: session.id, laneId: null, reason: 'Paid at the booth' });

    const lostTicketLine = expect.objectContaining({ code: 'lost_ticket', amountMinor: 3000 });
    expect(exit.charge).toMatchObject({ totalMinor: 3000, paidMinor: 3000, dueMinor: 0, overpaidMinor: 0, lines: [lostTicketLine], recordedBy: 'anna' });
    expect(exit.charge.lines.some((line) => /free/i.test(line.label))).toBe(false);
    const viewed = await anna.ok('sessions.get', { id: session.id });
    expect(viewed.charge).toEqual(exit.charge);
    expect(viewed.session).toMatchObject({ status: 'closed', paidMinor: 3000 });
    // The receipt is for the same lines and total.
    const [receipt] = rows('SELECT body FROM receipts WHERE no = ?', paid.payment.receiptNo);
    expect(JSON.parse(String(receipt!['body']))).toMatchObject({ totalMinor: 3000, lines: [{ label: expect.stringMatching(/lost ticket/i), amountMinor: 3000 }] });
    // The exit's audit row says nothing is due, and nothing overpaid: never a negative amount due.
    const [manualExit] = rows(`SELECT detail FROM audit_log WHERE action = 'session.manual_exit' AND subject = ?`, `session:${session.id}`);
    expect(JSON.parse(String(manualExit!['detail']))).toMatchObject({ totalMinor: 3000, paidMinor: 3000, dueMinor: 0, overpaidMinor: 0 });
    // Head office gets the same charge: with the payment, and with the closing of the session.
    const outbox = rows(`SELECT key, payload FROM outbox WHERE kind IN ('session', 'session_charge') ORDER BY seq`).map((r) => ({ key: String(r['key']), payload: JSON.parse(String(r['payload'])) as Record<string, unknown> }));
    const charges = outbox.filter((r) => r.key.startsWith('session_charge:')).map((r) => r.payload);
    expect(charges.map((c) => [c['event'], c['totalMinor'], c['paidMinor']])).toEqual([
      ['adjustment', 3000, 0],
      ['payment', 3000, 3000],
      ['exit', 3000, 3000],
    ]);
    const closed = outbox.find((r) => r.key === `session:${session.id}:closed`)!.payload;
    expect(closed['charge']).toMatchObject({ event: 'exit', totalMinor: 3000, lines: [lostTicketLine] });
  });

  it('a discount after payment is an overpayment, said as such; kept by a supervisor it becomes a line of the charge, audited', async () => {
    const { anna, sam, session, due } = await paidTwoHours('OV12PAY');
    const after = await sam.ok('payments.discount', { sessionId: session.id, valueOffMinor: 200, reasonCode: 'complaint', reason: 'barrier was stuck' });
    expect(after.quote).toMatchObject({ totalMinor: due - 200, paidMinor: due, dueMinor: 0, overpaidMinor: 200 });
    expect(await anna.call('payments.settleOverpayment', { sessionId: session.id, action: 'keep', reason: 'driver said keep it', idempotencyKey: key('keep') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const kept = await sam.ok('payments.settleOverpayment', { sessionId: session.id, action: 'keep', reason: 'driver said keep it', idempotencyKey: key('keep') });
    expect(kept.charge).toMatchObject({ totalMinor: due, paidMinor: due, dueMinor: 0, overpaidMinor: 0 });
    expect(kept.charge.lines.at(-1)).toMatchObject({ code: 'overpayment_kept', amountMinor: 200 });
    expect(rows(`SELECT actor, detail FROM audit_log WHERE action = 'payment.overpayment_kept'`)).toEqual([{ actor: 'sam', detail: expect.stringContaining('"amountMinor":200') }]);
    expect(await sam.call('payments.settleOverpayment', { sessionId: session.id, action: 'keep', reason: 'again', idempotencyKey: key('keep2') })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('an overpayment refunded goes back through the refunds (cash from the drawer, with its credit note)', async () => {
    const { anna, sam, session, due, payment } = await paidTwoHours('RF12UND');
    await sam.ok('payments.discount', { sessionId: session.id, minutesOff: 60, reasonCode: 'goodwill', reason: 'an hour off' });
    const overpaid = (await sam.ok('payments.quote', { sessionId: session.id })).quote.overpaidMinor;
    expect(overpaid).toBeGreaterThan(0);
    await sam.ok('shifts.open', { floatMinor: 2000 });
    const refunded = await sam.ok('payments.settleOverpayment', { sessionId: session.id, action: 'refund', reason: 'an hour off after paying', idempotencyKey: key('refund') });
    expect(refunded.charge).toMatchObject({ paidMinor: due - overpaid, dueMinor: 0, overpaidMinor: 0 });
    expect(rows('SELECT payment_id, amount_minor, state, reason FROM refunds')).toEqual([{ payment_id: payment.id, amount_minor: overpaid, state: 'succeeded', reason: 'overpayment: an hour off after paying' }]);
    const exit = await anna.ok('sessions.manualExit', { sessionId: session.id, laneId: null, reason: 'Paid at the booth' });
    expect(exit.charge).toMatchObject({ totalMinor: due - overpaid, paidMinor: due - overpaid, dueMinor: 0, overpaidMinor: 0 });
  });

  it('QR money head office confirms after the car left counts against the charge its exit recorded', async () => {
    const anna = await consoleAs('anna', '1357');
    const { session } = await anna.ok('sessions.manualEntry', { plate: 'QR12LTE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    wait(120 * MIN);
    const link = await anna.ok('payments.qrLink', { sessionId: session.id });
    const left = await anna.ok('sessions.manualExit', { sessionId: session.id, laneId: 'out1', reason: 'driver paying by phone' });
    expect(left.charge).toMatchObject({ totalMinor: link.amountMinor, paidMinor: 0, dueMinor: link.amountMinor });
    const fields = verifyPayLink(link.url, QR_SECRET)!;
    const confirmation = { nonce: fields.nonce, amountMinor: fields.amountMinor, currency: 'GBP', headofficeRef: 'ho-late-1' };
    kiosk.services.payments.qr.confirm({ ...confirmation, signature: signConfirmation(QR_SECRET, confirmation) });
    const { charge, session: after } = await anna.ok('sessions.get', { id: session.id });
    expect(after).toMatchObject({ status: 'closed', paidMinor: link.amountMinor });
    expect(charge).toMatchObject({ totalMinor: link.amountMinor, paidMinor: link.amountMinor, dueMinor: 0, overpaidMinor: 0, lines: left.charge.lines });
  });

  it('a wall clock that jumps two hours forward: the alarm is raised for head office, and a stay in progress is priced from its own duration', async () => {
    const anna = await consoleAs('anna', '1357');
    const { session } = await anna.ok('sessions.manualEntry', { plate: 'CL0 CKJ', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    wait(10 * MIN);
    clock.advance(120 * MIN); // the wall clock alone: an NTP step, a hand-set clock
    const quote = (await anna.ok('payments.quote', { sessionId: session.id })).quote;
    expect(quote).toMatchObject({ totalMinor: 0, dueMinor: 0, pricedAt: START + 10 * MIN });
    const clockHealth = (await anna.ok('dashboard.get', {})).devices.find((d) => d.id === 'clock');
    expect(clockHealth).toMatchObject({ kind: 'clock', healthy: false, detail: expect.stringMatching(/jumped forward 2 h 0 min/) });
    expect(rows(`SELECT kind, payload FROM outbox WHERE kind = 'device_alarm'`)).toEqual([{ kind: 'device_alarm', payload: expect.stringContaining('"deviceId":"clock"') }]);
    expect(rows(`SELECT actor FROM audit_log WHERE action = 'clock.jumped'`)).toEqual([{ actor: 'kiosk' }]);
    // A stay that begins after the jump is priced from the wall clock as it now is.
    const { session: later } = await anna.ok('sessions.manualEntry', { plate: 'AF73 JMP', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    wait(120 * MIN);
    expect((await anna.ok('payments.quote', { sessionId: later.id })).quote.pricedAt).toBe(clock.now());
    expect((await anna.ok('payments.quote', { sessionId: session.id })).quote.pricedAt).toBe(START + 130 * MIN);
  });

  it('a jump seen before a kill or restart is still taken out of the stays that began before it (the fault campaign\'s mispriced stays)', async () => {
    const anna = await consoleAs('anna', '1357');
    const { session } = await anna.ok('sessions.manualEntry', { plate: 'CL0 CKR', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    wait(10 * MIN);
    clock.advance(120 * MIN);
    expect((await anna.ok('payments.quote', { sessionId: session.id })).quote).toMatchObject({ totalMinor: 0, pricedAt: START + 10 * MIN });
    await stop();
    // A new process: its monotonic clock starts again; the wall clock is still two hours ahead.
    monotonic = 0;
    wait(5 * MIN);
    await start();
    const again = await consoleAs('anna', '1357');
    expect((await again.ok('payments.quote', { sessionId: session.id })).quote).toMatchObject({ totalMinor: 0, pricedAt: START + 15 * MIN });
    // A stay that begins after the restart knows nothing of the old jump.
    const { session: later } = await again.ok('sessions.manualEntry', { plate: 'AF73 RST', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    wait(30 * MIN);
    expect((await again.ok('payments.quote', { sessionId: later.id })).quote.pricedAt).toBe(clock.now());
  });

  it('a wall clock set back while the kiosk was stopped: the start raises the alarm, audits it, and no stay is priced as ending before the newest record', async () => {
    const anna = await consoleAs('anna', '1357');
    const { session } = await anna.ok('sessions.manualEntry', { plate: 'CL0 CKB', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    wait(10 * MIN);
    await anna.ok('sessions.manualEntry', { plate: 'LA5 TRC', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    await stop();
    clock.advance(-120 * MIN); // a dead RTC battery, someone setting the time by hand while it was off
    monotonic = 0;
    await start();
    const again = await consoleAs('anna', '1357');
    const clockHealth = (await again.ok('dashboard.get', {})).devices.find((d) => d.id === 'clock');
    expect(clockHealth).toMatchObject({ healthy: false, detail: expect.stringMatching(/^wall clock found at start to have jumped back 2 h 0 min .*earlier than the newest record, 2026-11-23T10:10:00.000Z/) });
    expect(rows(`SELECT actor, detail FROM audit_log WHERE action = 'clock.jumped'`)).toEqual([{ actor: 'kiosk', detail: JSON.stringify({ at: START - 110 * MIN, jumpMs: -120 * MIN, lastSessionId: session.id + 1 }) }]);
    wait(20 * MIN);
    // The clock taken to go on from the newest record: the stay counts the minutes it is known to have lasted.
    expect((await again.ok('payments.quote', { sessionId: session.id })).quote.pricedAt).toBe(START + 30 * MIN);
  });
});
