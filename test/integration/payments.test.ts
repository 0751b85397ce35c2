/**
 * Paying to leave, through the contract as the console calls it, on a real kiosk with a real SQLite file: cash,
 * wallets, card on the simulated reader, validations, discounts, lost tickets, grace and overstay, refunds, QR
 * links, debts, the drawer, and bad input that must change nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { signConfirmation, verifyPayLink } from '../../electron/kiosk/payments/qr-link';
import type { SimulatedTerminal } from '../../native/terminal/simulated-terminal';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { attempt, payCardToEnd } from './payments-helpers';

const tempDir = useTempDirs();
const START = Date.UTC(2026, 10, 23, 10, 0); // a Monday, after the early-bird window
const clock = manualClock(START);
const QR_SECRET = 'test-pay-link-secret';
const PAY_PAGE = 'https://pay.headoffice.test/p';
let kiosk: Kiosk;
let anna: KioskConnection;
let sam: KioskConnection;

beforeEach(async () => {
  clock.set(START);
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, payments: { qrSecret: QR_SECRET, payPageUrl: PAY_PAGE, terminals: [{ id: 'booth', laneId: null, driver: 'simulated', autoPresentMs: null }] } });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
  sam = await loggedIn(kiosk, ...DEMO.supervisor);
});
afterEach(async () => kiosk.close());

const key = () => `k-${randomUUID()}`;

const reader = () => kiosk.services.payments.terminals.get('booth')!.terminal as SimulatedTerminal;
const count = (table: string) => kiosk.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const tables = ['payments', 'receipts', 'payment_attempts', 'audit_log', 'outbox', 'cash_movements', 'wallet_movements', 'refunds'];
const snapshot = () => Object.fromEntries(tables.map((t) => [t, count(t)]));

async function parked(plate: string, minutes: number): Promise<number> {
  const { session } = await expectOk(anna, 'sessions.manualEntry', { plate, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
  clock.advance(minutes * 60_000);
  return session.id;
}
const quote = async (sessionId: number) => (await expectOk(anna, 'payments.quote', { sessionId })).quote;
const openShift = (connection = anna, floatMinor = 5000) => expectOk(connection, 'shifts.open', { floatMinor });

describe('cash at the booth', () => {
  it('takes the quoted amount, gives change, fills the drawer, and commits payment, session, receipt, audit and outbox together', async () => {
    await openShift();
    const sessionId = await parked('AB12CDE', 120);
    const events: string[] = [];
    anna.onEvent((name, payload) => events.push(`${name}:${(payload as { reason?: string }).reason ?? ''}`));
    const due = await quote(sessionId);
    expect(due).toMatchObject({ dueMinor: 650, totalMinor: 650, currency: 'GBP', taxMinor: 108 });
    expect(due.lines.reduce((sum, l) => sum + l.amountMinor, 0)).toBe(650);

    const paid = await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 1000 });
    expect(paid.changeMinor).toBe(350);
    expect(paid.payment).toMatchObject({ method: 'cash', amountMinor: 650, tenderedMinor: 1000, changeMinor: 350, receiptNo: 1 });
    expect(paid.receipt.join('\n')).toMatch(/Receipt 1[\s\S]*AB12CDE[\s\S]*TOTAL\s+£6\.50[\s\S]*Change\s+£3\.50/);
    const { session } = await expectOk(anna, 'sessions.get', { id: sessionId });
    expect(session).toMatchObject({ status: 'paid', paidMinor: 650, paidAt: clock.now() });
    expect((await expectOk(anna, 'shifts.drawer', {})).drawer).toMatchObject({ floatMinor: 5000, expectedMinor: 5650, byKind: { sale: 650 } });
    expect(kiosk.store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'payment.cash'").pluck().get()).toBe(1);
    expect(kiosk.store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'payment'").pluck().get()).toBe(1);
    expect(events).toContain('lot.changed:payment');
  });

  it('refuses underpayment, no shift, a wrong currency and absurd amounts, writing nothing', async () => {
    const sessionId = await parked('AB12CDE', 120);
    const before = snapshot();
    const cash = (extra: Record<string, unknown>) => anna.call('payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 1000, ...extra });
    expect(await cash({})).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/open your shift/) } });
    await openShift();
    const afterShift = snapshot();
    expect(await cash({ tenderedMinor: 500 })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/underpayment/) } });
    expect(await cash({ currency: 'EUR' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'this site takes GBP, not EUR' } });
    expect(await cash({ amountMinor: -650 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await cash({ amountMinor: 1e12, tenderedMinor: 1e12 })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/absurd/) } });
    expect(await cash({ amountMinor: 6.5 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await cash({ amountMinor: 600 })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/amount due is now 650/) } });
    expect(snapshot()).toEqual(afterShift);
    expect(before.payments).toBe(0);
  });

  it('a replayed key returns the same payment; the same key with another amount is refused and writes nothing', async () => {
    await openShift();
    const sessionId = await parked('AB12CDE', 120);
    const k = key();
    const first = await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: k, amountMinor: 650, currency: 'GBP', tenderedMinor: 700 });
    const again = await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: k, amountMinor: 650, currency: 'GBP', tenderedMinor: 700 });
    expect(again.payment.id).toBe(first.payment.id);
    const before = snapshot();
    expect(await anna.call('payments.payCash', { sessionId, idempotencyKey: k, amountMinor: 900, currency: 'GBP', tenderedMinor: 1000 })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/was used for another payment/) } });
    expect(snapshot()).toEqual(before);
  });
});

describe('grace period and overstay', () => {
  it('owes nothing within the grace period, and the extra time after it', async () => {
    await openShift();
    const sessionId = await parked('AB12CDE', 120);
    await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 650 });
    clock.advance(14 * 60_000);
    expect(await quote(sessionId)).toMatchObject({ dueMinor: 0, graceUntil: START + 135 * 60_000 });
    clock.advance(6 * 60_000); // 2 h 20 min in all: one more 30-minute period
    const overstay = await quote(sessionId);
    expect(overstay).toMatchObject({ totalMinor: 800, paidMinor: 650, dueMinor: 150 });
    const paid = await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 150, currency: 'GBP', tenderedMinor: 200 });
    expect(paid.payment.receiptNo).toBe(2);
    expect(paid.receipt.join('\n')).toMatch(/Already paid\s+-£6\.50[\s\S]*TOTAL\s+£1\.50/);
    expect(await quote(sessionId)).toMatchObject({ dueMinor: 0, paidMinor: 800 });
  });
});

describe('wallets', () => {
  it('debits atomically, never below zero, even with two consoles paying at once', async () => {
    const { wallet } = await expectOk(sam, 'wallets.create', { holder: 'Fleet Ltd', plates: ['AB12CDE', 'XY34ZZZ'] });
    await expectOk(sam, 'wallets.topUp', { walletId: wallet.id, amountMinor: 1000, reason: 'prepaid by invoice 17' });
    const first = await parked('AB12CDE', 0);
    const second = await parked('XY34ZZZ', 120);
    const bob = await loggedIn(kiosk, ...DEMO.supervisor);
    const pay = (connection: KioskConnection, sessionId: number) => connection.call('payments.payWallet', { sessionId, walletId: wallet.id, idempotencyKey: key(), amountMinor: 650, currency: 'GBP' });
    const results = await Promise.all([pay(anna, first), pay(bob, second)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/not enough balance/) } });
    expect((await expectOk(anna, 'wallets.list', { plate: 'XY34ZZZ' })).wallets[0]).toMatchObject({ balanceMinor: 350 });
    expect(kiosk.store.db.prepare("SELECT count(*) FROM wallet_movements WHERE kind = 'debit'").pluck().get()).toBe(1);
  });

  it('lets an attendant find wallets by plate or holder, and only a supervisor create or top one up', async () => {
    const { wallet } = await expectOk(sam, 'wallets.create', { holder: 'Harbour Cafe Staff', plates: ['AB12CDE'] });
    const before = snapshot();
    expect(await anna.call('wallets.create', { holder: 'Sneaky', plates: ['XY34ZZZ'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anna.call('wallets.topUp', { walletId: wallet.id, amountMinor: 500, reason: 'cash at the booth' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(snapshot()).toEqual(before);
    for (const search of ['cafe staff', 'A8I2CDE', 'ab12 cde']) expect((await expectOk(anna, 'wallets.list', { search })).wallets.map((w) => w.id)).toEqual([wallet.id]);
    expect((await expectOk(anna, 'wallets.list', { search: 'Fleet Ltd' })).wallets).toEqual([]);
  });
});

describe('card on the reader', () => {
  const startCard = (sessionId: number, k: string, amountMinor = 650) => payCardToEnd(anna, { sessionId, terminalId: 'booth', idempotencyKey: k, amountMinor, currency: 'GBP' });
  const onStep = (step: string) =>
    new Promise<void>((resolve) => {
      const off = anna.onEvent((name, payload) => {
        if (name === 'payments.progress' && (payload as { step: string }).step === step) {
          off();
          resolve();
        }
      });
    });

  it('follows the reader to success and records the card, with its last four digits on the receipt', async () => {
    const sessionId = await parked('AB12CDE', 120);
    const waiting = onStep('sent_to_reader');
    const paying = startCard(sessionId, key());
    await waiting;
    expect((await quote(sessionId)).cardInFlight).toBe(true);
    reader().presentCard('4242424242424242');
    const result = await paying;
    expect(result).toMatchObject({ ok: true, value: { outcome: 'succeeded', payment: { method: 'card', last4: '4242', amountMinor: 650 } } });
    expect(result.ok && result.value.receipt!.join('\n')).toMatch(/card visa \*\*\*\* 4242/);
    expect(kiosk.store.db.prepare('SELECT state FROM payment_attempts').pluck().all()).toEqual(['succeeded']);
  });

  it('answers the console as soon as the reader shows the amount, and tells the end by event and status', async () => {
    const sessionId = await parked('AB12CDE', 120);
    const k = key();
    const first = await attempt(anna, 'payments.payCard', { sessionId, terminalId: 'booth', idempotencyKey: k, amountMinor: 650, currency: 'GBP' });
    expect(first).toMatchObject({ ok: true, value: { outcome: 'pending', payment: null } });
    expect(await attempt(anna, 'payments.cardStatus', { idempotencyKey: k })).toMatchObject({ ok: true, value: { outcome: 'pending' } });
    const finished = onStep('finished');
    reader().presentCard('4242424242424242');
    await finished;
    expect(await attempt(anna, 'payments.cardStatus', { idempotencyKey: k })).toMatchObject({ ok: true, value: { outcome: 'succeeded', payment: { last4: '4242' }, receipt: expect.arrayContaining([expect.stringMatching(/Receipt 1/)]) } });
  });

  it('a declined card records nothing but the attempt; a new key can pay', async () => {
    const sessionId = await parked('AB12CDE', 120);
    const waiting = onStep('sent_to_reader');
    const declined = startCard(sessionId, key());
    await waiting;
    reader().presentCard('4000000000000002');
    expect(await declined).toMatchObject({ ok: true, value: { outcome: 'declined', payment: null } });
    expect(count('payments')).toBe(0);
    const waitingAgain = onStep('sent_to_reader');
    const retry = startCard(sessionId, key());
    await waitingAgain;
    reader().presentCard();
    expect(await retry).toMatchObject({ ok: true, value: { outcome: 'succeeded' } });
  });

  it('cancelling from the console clears the reader and the shift can then close', async () => {
    await openShift();
    const sessionId = await parked('AB12CDE', 120);
    const k = key();
    const waiting = onStep('sent_to_reader');
    const paying = startCard(sessionId, k);
    await waiting;
    expect(await anna.call('shifts.close', { counted: { '1000': 5 } })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/in flight/) } });
    await expectOk(anna, 'payments.cancelCard', { idempotencyKey: k });
    expect(await paying).toMatchObject({ ok: true, value: { outcome: 'cancelled' } });
    expect((await expectOk(anna, 'shifts.close', { counted: { '1000': 5 } })).shift).toMatchObject({ expectedMinor: 5000, varianceMinor: 0 });
  });

  it('says card is unavailable at once when Stripe cannot be reached, and cash still works', async () => {
    await openShift();
    const sessionId = await parked('AB12CDE', 120);
    reader().setOffline(true);
    const started = performance.now();
    expect(await startCard(sessionId, key())).toMatchObject({ ok: true, value: { outcome: 'unavailable' } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await expectOk(anna, 'payments.terminals', {})).terminals[0]).toMatchObject({ id: 'booth', reachable: false });
    await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 650 });
  });
});

describe('validations, discounts and lost tickets', () => {
  it('applies a merchant time validation once per stay, within its use limit', async () => {
    await expectOk(sam, 'validations.create', { code: 'CAFE-60', merchant: 'Harbour Cafe', minutesOff: 60, maxUses: 1, validFrom: START - 1, validTo: START + 86_400_000 });
    const sessionId = await parked('AB12CDE', 120);
    const validated = (await expectOk(anna, 'payments.applyValidation', { sessionId, code: 'cafe-60' })).quote;
    expect(validated).toMatchObject({ dueMinor: 350 });
    expect(validated.lines.find((l) => l.code === 'time_off')).toMatchObject({ amountMinor: -300 });
    expect(await anna.call('payments.applyValidation', { sessionId, code: 'CAFE-60' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const other = await parked('XY34ZZZ', 90);
    expect(await anna.call('payments.applyValidation', { sessionId: other, code: 'CAFE-60' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no uses left/) } });
  });

  it('lists the codes with their uses to a supervisor only, value-off codes included', async () => {
    await expectOk(sam, 'validations.create', { code: 'SHOP-250', merchant: 'Quay Shop', valueOffMinor: 250, maxUses: 5, validFrom: START - 1, validTo: START + 86_400_000 });
    const sessionId = await parked('AB12CDE', 120);
    expect((await expectOk(anna, 'payments.applyValidation', { sessionId, code: 'SHOP-250' })).quote).toMatchObject({ dueMinor: 400 });
    expect((await expectOk(sam, 'validations.list', {})).codes).toEqual([
      { code: 'SHOP-250', merchant: 'Quay Shop', kind: 'value', minutesOff: null, valueOffMinor: 250, maxUses: 5, uses: 1, validFrom: START - 1, validTo: START + 86_400_000, revokedAt: null, createdAt: START, createdBy: 'sam' },
    ]);
    expect(await anna.call('validations.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lets only a supervisor discount, with a reason, audited', async () => {
    const sessionId = await parked('AB12CDE', 120);
    const discount = { sessionId, valueOffMinor: 200, reasonCode: 'complaint', reason: 'barrier hit the car' };
    expect(await anna.call('payments.discount', discount)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await expectOk(sam, 'payments.discount', discount)).quote).toMatchObject({ dueMinor: 450 });
    expect(kiosk.store.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'payment.discount'").get()).toMatchObject({ actor: 'sam', detail: expect.stringMatching(/barrier hit the car/) });
  });

  it('prices a lost ticket at the tariff charge, never less than the stay', async () => {
    const sessionId = await parked('AB12CDE', 120);
    expect((await expectOk(anna, 'payments.lostTicket', { sessionId, reason: 'driver lost ticket' })).quote).toMatchObject({ dueMinor: 3000, lostTicket: true });
  });
});

describe('refunds', () => {
  it('refunds cash from the drawer with a credit note, and refuses more than is left, writing nothing', async () => {
    await openShift();
    await openShift(sam, 2000);
    const sessionId = await parked('AB12CDE', 120);
    const { payment } = await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 650 });
    expect(await anna.call('payments.refund', { paymentId: payment.id, amountMinor: 100, idempotencyKey: key(), reason: 'overcharged' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const refunded = await expectOk(sam, 'payments.refund', { paymentId: payment.id, amountMinor: 150, idempotencyKey: key(), reason: 'overcharged' });
    expect(refunded).toMatchObject({ refund: { state: 'succeeded', receiptNo: 2 }, payment: { refundedMinor: 150 } });
    expect((await expectOk(sam, 'shifts.drawer', {})).drawer).toMatchObject({ expectedMinor: 1850, byKind: { refund: -150 } });
    const before = snapshot();
    expect(await sam.call('payments.refund', { paymentId: payment.id, amountMinor: 501, idempotencyKey: key(), reason: 'again' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/above what is left/) } });
    expect(snapshot()).toEqual(before);
    const note = await expectOk(sam, 'payments.receipt', { no: 2 });
    expect(note.text.join('\n')).toMatch(/Credit note 2[\s\S]*Refunds receipt\s+1/);
  });

  it('refunds a card through the reader, and voids a wallet payment back into the wallet', async () => {
    const sessionId = await parked('AB12CDE', 120);
    reader().setOffline(false);
    const paying = payCardToEnd(anna, { sessionId, terminalId: 'booth', idempotencyKey: key(), amountMinor: 650, currency: 'GBP' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    reader().presentCard();
    const card = await paying;
    if (!card.ok || !card.value.payment) throw new Error('card payment failed');
    expect(await expectOk(sam, 'payments.refund', { paymentId: card.value.payment.id, amountMinor: 650, idempotencyKey: key(), reason: 'wrong car', void: true })).toMatchObject({ refund: { kind: 'void', state: 'succeeded' }, payment: { voided: true, refundedMinor: 650 } });
    expect(await quote(sessionId)).toMatchObject({ status: 'open', dueMinor: 650 });

    const { wallet } = await expectOk(sam, 'wallets.create', { holder: 'Fleet Ltd', plates: [] });
    await expectOk(sam, 'wallets.topUp', { walletId: wallet.id, amountMinor: 650, reason: 'prepaid' });
    const { payment } = await expectOk(anna, 'payments.payWallet', { sessionId, walletId: wallet.id, idempotencyKey: key(), amountMinor: 650, currency: 'GBP' });
    await expectOk(sam, 'payments.refund', { paymentId: payment.id, amountMinor: 650, idempotencyKey: key(), reason: 'goodwill', void: true });
    expect((await expectOk(sam, 'wallets.list', {})).wallets[0]).toMatchObject({ balanceMinor: 650 });
  });
});

describe('QR pay link', () => {
  it('signs the link, refuses a tampered confirmation, and marks the stay paid when head office confirms', async () => {
    const sessionId = await parked('AB12CDE', 120);
    const link = await expectOk(anna, 'payments.qrLink', { sessionId });
    expect(link.svg).toMatch(/^<svg/);
    const fields = verifyPayLink(link.url, QR_SECRET)!;
    expect(fields).toMatchObject({ sessionId, amountMinor: 650, currency: 'GBP' });
    expect(verifyPayLink(link.url.replace('a=650', 'a=1'), QR_SECRET)).toBeNull();
    expect((await quote(sessionId)).status).toBe('open'); // not paid until head office says so

    const confirmation = { nonce: fields.nonce, amountMinor: 650, currency: 'GBP', headofficeRef: 'ho-pay-77' };
    const before = snapshot();
    expect(() => kiosk.services.payments.qr.confirm({ ...confirmation, signature: signConfirmation('wrong-secret', confirmation) })).toThrow(/signature/);
    expect(() => kiosk.services.payments.qr.confirm({ ...confirmation, amountMinor: 1, signature: signConfirmation(QR_SECRET, { ...confirmation, amountMinor: 1 }) })).toThrow(/the link asked 650/);
    expect(() => kiosk.services.payments.qr.confirm({ ...confirmation, amountMinor: -650, signature: 'x' })).toThrow(/malformed/);
    expect(snapshot()).toEqual(before);
    const signature = signConfirmation(QR_SECRET, confirmation);
    const payment = kiosk.services.payments.qr.confirm({ ...confirmation, signature });
    expect(kiosk.services.payments.qr.confirm({ ...confirmation, signature }).id).toBe(payment.id);
    expect(await quote(sessionId)).toMatchObject({ status: 'paid', dueMinor: 0 });
    expect(link.url.startsWith(`${PAY_PAGE}?`)).toBe(true);
  });

  it("checks the link's expiry against when head office took the money, however late sync brings it", async () => {
    const late = await parked('AB12CDE', 0);
    const onTime = await parked('XY34ZZZ', 120);
    const lateLink = verifyPayLink((await expectOk(anna, 'payments.qrLink', { sessionId: late })).url, QR_SECRET)!;
    const onTimeLink = verifyPayLink((await expectOk(anna, 'payments.qrLink', { sessionId: onTime })).url, QR_SECRET)!;
    clock.advance(2 * 3_600_000); // sync was down for two hours, well past the links' expiry
    expect(clock.now()).toBeGreaterThan(onTimeLink.expiresAt);

    const unsigned = { nonce: lateLink.nonce, amountMinor: lateLink.amountMinor, currency: 'GBP', headofficeRef: 'ho-late' };
    const before = snapshot();
    expect(() => kiosk.services.payments.qr.confirm({ ...unsigned, signature: signConfirmation(QR_SECRET, unsigned) })).toThrow(/expired at .* not recorded, head office must refund it/);
    const afterExpiry = { ...unsigned, paidAt: lateLink.expiresAt + 1 };
    expect(() => kiosk.services.payments.qr.confirm({ ...afterExpiry, signature: signConfirmation(QR_SECRET, afterExpiry) })).toThrow(/expired/);
    const forgedTime = { ...unsigned, paidAt: lateLink.expiresAt - 1 };
    expect(() => kiosk.services.payments.qr.confirm({ ...forgedTime, signature: signConfirmation(QR_SECRET, unsigned) })).toThrow(/signature/);
    expect(snapshot()).toEqual(before);
    expect(await quote(late)).toMatchObject({ status: 'open' });

    const paidInTime = { nonce: onTimeLink.nonce, amountMinor: onTimeLink.amountMinor, currency: 'GBP', headofficeRef: 'ho-on-time', paidAt: onTimeLink.expiresAt - 60_000 };
    const payment = kiosk.services.payments.qr.confirm({ ...paidInTime, signature: signConfirmation(QR_SECRET, paidInTime) });
    expect(payment).toMatchObject({ method: 'qr', amountMinor: onTimeLink.amountMinor, sessionId: onTime });
  });
});

describe('a driver who cannot pay', () => {
  it('is held by default; with "let out and record a debt" leaves, and pays the debt on the next visit', async () => {
    await openShift();
    const sessionId = await parked('AB12CDE', 120);
    expect(await expectOk(anna, 'payments.unableToPay', { sessionId, laneId: 'out1', reason: 'card reader down' })).toEqual({ outcome: 'held', debtId: null, dueMinor: 650 });
    await expectOk(sam, 'payments.saveSettings', { settings: { offlinePolicy: 'let-out-record-debt', qrLinkTtlS: 900 }, reason: 'network outage' });
    const letOut = await expectOk(anna, 'payments.unableToPay', { sessionId, laneId: 'out1', reason: 'card reader down' });
    expect(letOut).toMatchObject({ outcome: 'let_out', dueMinor: 650 });
    expect((await expectOk(anna, 'sessions.get', { id: sessionId })).session.status).toBe('closed');

    clock.advance(86_400_000);
    const next = await parked('AB12CDE', 120);
    const owed = await quote(next);
    expect(owed).toMatchObject({ dueMinor: 1300 });
    expect(owed.lines.find((l) => l.code === 'debt')).toMatchObject({ amountMinor: 650 });
    await expectOk(anna, 'payments.payCash', { sessionId: next, idempotencyKey: key(), amountMinor: 1300, currency: 'GBP', tenderedMinor: 1300 });
    expect(kiosk.store.db.prepare('SELECT status FROM debts').pluck().all()).toEqual(['paid']);
  });
});

describe('the drawer and receipts', () => {
  it('closes a shift with its variance from the float, sales and paid-outs, counted by denomination', async () => {
    await openShift(anna, 5000);
    const sessionId = await parked('AB12CDE', 120);
    await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 1000 });
    const milk = { kind: 'paid_out', amountMinor: 300, reason: 'milk for the booth', idempotencyKey: 'milk-0001' } as const;
    // The same movement sent twice at once (a double press, a resend after a dropped link) is paid out once.
    const twice = await Promise.all([anna.call('shifts.cashMovement', milk), anna.call('shifts.cashMovement', milk)]);
    expect(twice.map((answer) => answer.ok)).toEqual([true, true]);
    expect(await anna.call('shifts.cashMovement', { ...milk, amountMinor: 400 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(kiosk.store.db.prepare("SELECT amount_minor FROM cash_movements WHERE kind = 'paid_out'").pluck().all()).toEqual([-300]);
    expect(await anna.call('shifts.cashMovement', { kind: 'paid_out', amountMinor: 999_999, reason: 'too much', idempotencyKey: 'too-much-0001' })).toMatchObject({ ok: false });
    const closed = (await expectOk(anna, 'shifts.close', { counted: { '2000': 2, '500': 1, '100': 3, '50': 1 }, note: 'paid-out slip missing' })).shift;
    expect(closed).toMatchObject({ expectedMinor: 5350, countedMinor: 4850, varianceMinor: -500 });
  });

  it('renders a stored receipt as PDF, ESC/POS and a QR code, the same on every reprint', async () => {
    await openShift();
    const sessionId = await parked('AB12CDE', 120);
    await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: key(), amountMinor: 650, currency: 'GBP', tenderedMinor: 650 });
    const pdf = await expectOk(anna, 'payments.receipt', { no: 1, format: 'pdf' });
    expect(Buffer.from(pdf.fileBase64!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const escpos = Buffer.from((await expectOk(anna, 'payments.receipt', { no: 1, format: 'escpos' })).fileBase64!, 'base64');
    expect([...escpos.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(escpos.includes(Buffer.from('TOTAL'))).toBe(true);
    clock.advance(3_600_000);
    expect((await expectOk(anna, 'payments.receipt', { no: 1 })).text).toEqual(pdf.text);
    expect(pdf.qrSvg).toMatch(/^<svg/);
  });
});
