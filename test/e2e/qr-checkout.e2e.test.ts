/**
 * QR pay through Stripe Checkout at the exit, in Chromium (issue 18): the attendant shows the code, a script plays the
 * driver paying on the loopback Stripe (the real `stripe` SDK's wire format), the kiosk finds the payment by itself
 * and the exit finishes; a second script pays a code that had already ended, and the kiosk refunds it and says so.
 * A stay owing less than Stripe's minimum gets no code: where the site waives such amounts, the QR tab and the card
 * tab waive it (an audited discount) and say so.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeCheckout } from '../../native/terminal';
import { LASTING_LOGINS } from '../support/kiosk-harness';
import { startStripeServer, type StripeServer } from '../support/stripe-server';
import { ExitPaymentPage } from './pages/ExitPaymentPage';
import { LoginPage } from './pages/LoginPage';
import { callOnOwnSocket, DEMO, launchChromium, openConsole, startKiosk, stopKiosk, type Console, type Kiosk } from './support/harness';

let stripe: StripeServer;
let kiosk: Kiosk;
let browser: Browser;
/** The kiosk's clock runs with the wall clock, moved on by hand to age a stay or a code. */
let ahead = 0;

beforeAll(async () => {
  stripe = await startStripeServer();
  const checkout = new StripeCheckout({ secretKey: stripe.apiKey, endpoint: { host: '127.0.0.1', port: stripe.port, protocol: 'http' } });
  [kiosk, browser] = await Promise.all([
    startKiosk({ clock: () => Date.now() + ahead, loginPolicy: LASTING_LOGINS, payments: { checkout, qrPollMs: 100, qrSweepMs: 500 } }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stopKiosk(kiosk);
  await stripe?.close();
});

const checkoutIdOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/** An attendant at the exit screen with a car let in by hand two hours ago (the kiosk's clock), so that it owes. */
async function atExitWithDebt(plate: string): Promise<{ c: Console; exit: ExitPaymentPage; sessionId: number }> {
  const c = await openConsole(browser, kiosk.url);
  await new LoginPage(c.page).loginAs('attendant');
  const entry = await callOnOwnSocket(c.page, DEMO.attendant, 'sessions.manualEntry', { plate, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
  expect(entry.ok).toBe(true);
  ahead += 115 * 60_000;
  const exit = new ExitPaymentPage(c.page);
  await exit.open();
  await exit.find(plate);
  return { c, exit, sessionId: (entry.value as { session: { id: number } }).session.id };
}

describe('QR pay through Stripe Checkout at the exit', () => {
  it('shows the code, the driver pays on the phone, and the exit finishes by itself with the payment recorded', async () => {
    const { c, exit } = await atExitWithDebt('QR12PAY');
    const url = await exit.showQr();
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    expect(await exit.panel.getByTestId('pay-qr').innerText()).toMatch(/Stripe/);
    await exit.shot('exit-qr-checkout-code');

    stripe.checkout.pay(checkoutIdOf(url)); // the driver's phone, on Stripe's page
    // No one touches the console: the kiosk's poll finds the payment and the exit finishes (how fast: bench/payments).
    expect(await exit.paid(5_000)).toMatch(/Paid £\d+\.\d\d by QR/);
    expect(await exit.finalDue()).toBe('£0.00');
    await exit.shot('exit-qr-checkout-paid');
    const listed = await callOnOwnSocket(c.page, DEMO.attendant, 'payments.list', {});
    expect(listed).toMatchObject({ ok: true, value: { payments: [{ method: 'qr', plateKey: 'QR12PAY', takenBy: 'stripe-checkout', voided: false }] } });
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);

  it('makes no code for less than Stripe’s minimum and, where the site waives such amounts, waives it from the QR tab', async () => {
    const { c, exit, sessionId } = await atExitWithDebt('QR56MIN');
    const codesBefore = stripe.checkout.byId.size;
    const supervisor = (call: string, input: unknown) => callOnOwnSocket(c.page, DEMO.supervisor, call, input);
    const quoted = await supervisor('payments.quote', { sessionId });
    const due = (quoted.value as { quote: { dueMinor: number } }).quote.dueMinor;
    expect((await supervisor('payments.discount', { sessionId, valueOffMinor: due - 20, reasonCode: 'goodwill', reason: 'regular driver' })).ok).toBe(true);
    const settings = ((await supervisor('payments.settings', {})).value as { settings: Record<string, unknown> }).settings;
    expect((await supervisor('payments.saveSettings', { settings: { ...settings, belowCardMinimum: 'waive' }, reason: 'not worth the queue' })).ok).toBe(true);
    await expect.poll(() => exit.due()).toBe('£0.20');

    await exit.method(4);
    const tab = exit.panel.getByTestId('qr-below-minimum');
    expect(await tab.innerText()).toMatch(/QR pay starts at £0\.30 \(Stripe’s minimum charge\) and this stay owes £0\.20: this site waives amounts that small\./);
    await exit.shot('exit-qr-below-minimum');
    await tab.getByRole('button', { name: 'Waive £0.20 (site policy)' }).click();
    await expect.poll(async () => (await exit.panel.getByTestId('policy').innerText().catch(() => '')).trim())
      .toBe('Waived: £0.20 is under Stripe’s minimum card charge of £0.30: waived by the site’s policy, nothing is left to pay');
    expect(await exit.status()).toBe('Nothing to pay.');
    await expect.poll(() => c.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('reason'); // the exit's next step
    await exit.shot('exit-qr-below-minimum-waived');
    expect(stripe.checkout.byId.size).toBe(codesBefore); // Stripe was never asked for a code
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);

  it('waives such an amount from the card tab as well, without using the reader, and says so', async () => {
    const { c, exit, sessionId } = await atExitWithDebt('CD78MIN');
    const supervisor = (call: string, input: unknown) => callOnOwnSocket(c.page, DEMO.supervisor, call, input);
    const due = ((await supervisor('payments.quote', { sessionId })).value as { quote: { dueMinor: number } }).quote.dueMinor;
    expect((await supervisor('payments.discount', { sessionId, valueOffMinor: due - 20, reasonCode: 'goodwill', reason: 'regular driver' })).ok).toBe(true);
    await expect.poll(() => exit.due()).toBe('£0.20');
    await exit.method(2);
    await exit.panel.getByRole('button', { name: 'Send to reader' }).click();
    await expect.poll(async () => (await exit.panel.getByTestId('policy').innerText().catch(() => '')).trim())
      .toBe('Waived: £0.20 is under Stripe’s minimum card charge of £0.30: waived by the site’s policy, nothing is left to pay (the card was not used)');
    expect(await exit.status()).toBe('Nothing to pay.');
    await expect.poll(() => c.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('reason');
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);

  it('refunds a payment made on a code that had ended while Stripe could not be told, and tells the attendant at the exit', async () => {
    const { c, exit } = await atExitWithDebt('QR34LTE');
    const id = checkoutIdOf(await exit.showQr());
    stripe.faults.inject({ mode: 'drop_before', path: /\/expire$/, times: Infinity });
    ahead += 16 * 60_000; // past the code's 15 minutes: the kiosk ends it, but Stripe never hears
    // The kiosk's try and its one retry are lost, so it calls the code void unconfirmed; its sweep then tries again.
    const expireTries = () => stripe.requests.filter((r) => r.path === `/v1/checkout/sessions/${id}/expire`).length;
    await expect.poll(expireTries, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);

    stripe.checkout.pay(id); // the driver's phone was still on the page
    stripe.faults.clear();
    expect(await exit.qrRefunded()).toMatch(/QR34LTE: a QR payment of \d+ GBP was paid after the code was expired: refunded to the driver's card/);
    expect([...stripe.ledger.refunds.values()]).toEqual([expect.objectContaining({ paymentIntent: stripe.checkout.get(id).paymentIntent })]);
    expect(await exit.due()).not.toBe('£0.00'); // the stay was not credited
    await exit.shot('exit-qr-checkout-refunded');
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);
});
