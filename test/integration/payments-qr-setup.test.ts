/**
 * QR pay links are head office's: its pay page address and its link-signing secret for this site. Until both are
 * installed the exit screen shows QR as unavailable with the reason and no link is issued; the secret is kept in a
 * 0600 file beside the database (never a random key of the kiosk's own that head office could not know).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { payLinkSecretFile, payLinkSettings, type PaymentsConfig } from '../../electron/kiosk/payments/setup';
import { StripeCheckout } from '../../native/terminal';
import { signConfirmation, verifyPayLink } from '../../electron/kiosk/payments/qr-link';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { attempt } from './payments-helpers';

const tempDir = useTempDirs();
const PAY_PAGE = 'https://pay.headoffice.test/p';
const SECRET = 'site-17-secret-from-head-office-0123456789';
const clock = manualClock(Date.UTC(2026, 10, 23, 10, 0));
let kiosk: Kiosk | undefined;
afterEach(async () => kiosk?.close());

async function kioskWith(dataDir: string, payments: PaymentsConfig) {
  kiosk = await startTestKiosk(dataDir, { clock: clock.now, payments: { terminals: [], ...payments } });
  const anna = await loggedIn(kiosk, ...DEMO.attendant);
  const { session } = await expectOk(anna, 'sessions.manualEntry', { plate: 'QR12PAY', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test car' });
  return { kiosk, anna, sessionId: session.id };
}
const qrLinks = (k: Kiosk) => k.store.db.prepare('SELECT count(*) FROM qr_links').pluck().get() as number;

describe('QR pay links need head office configuration', () => {
  it('shows QR as unavailable with the reason, and issues no link, until the pay page and the secret are installed', async () => {
    const dataDir = tempDir();
    const bare = await kioskWith(dataDir, {});
    expect((await expectOk(bare.anna, 'payments.methods', {})).qr).toEqual({ available: false, reason: expect.stringMatching(/pay page is not configured/), via: 'headoffice_link' });
    expect(await attempt(bare.anna, 'payments.qrLink', { sessionId: bare.sessionId })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/QR pay links are unavailable/) } });
    expect(qrLinks(bare.kiosk)).toBe(0);
    expect(existsSync(join(dataDir, 'pay-link.key'))).toBe(false); // no home-made key head office never receives
    const confirmation = { nonce: 'a'.repeat(32), amountMinor: 650, currency: 'GBP', headofficeRef: 'ho-1' };
    expect(() => bare.kiosk.services.payments.qr.confirm({ ...confirmation, signature: signConfirmation(SECRET, confirmation) })).toThrow(/secret from head office is not installed/);
    await bare.kiosk.close();

    const noSecret = await kioskWith(tempDir(), { payPageUrl: PAY_PAGE });
    expect((await expectOk(noSecret.anna, 'payments.methods', {})).qr.reason).toMatch(/link-signing secret from head office is not installed/);
    await noSecret.kiosk.close();
    const plainHttp = await kioskWith(tempDir(), { payPageUrl: 'http://pay.headoffice.test/p', qrSecret: SECRET });
    expect((await expectOk(plainHttp.anna, 'payments.methods', {})).qr.reason).toMatch(/not an https:\/\/ address/);
    await plainHttp.kiosk.close();
    const weak = await kioskWith(tempDir(), { payPageUrl: PAY_PAGE, qrSecret: 'secret' });
    expect((await expectOk(weak.anna, 'payments.methods', {})).qr.reason).toMatch(/shorter than 16 characters/);
  });

  it('keeps the secret it was given in a 0600 file and signs with it on later starts', async () => {
    const dataDir = tempDir();
    const first = await kioskWith(dataDir, { payPageUrl: PAY_PAGE, qrSecret: SECRET });
    expect((await expectOk(first.anna, 'payments.methods', {})).qr).toEqual({ available: true, reason: null, via: 'headoffice_link' });
    await first.kiosk.close();
    expect(statSync(payLinkSecretFile(dataDir)).mode & 0o777).toBe(0o600);

    clock.advance(120 * 60_000); // the stay now owes something
    kiosk = await startTestKiosk(dataDir, { clock: clock.now, payments: { terminals: [], payPageUrl: PAY_PAGE } }); // no secret given now
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const link = await expectOk(anna, 'payments.qrLink', { sessionId: first.sessionId });
    expect(link.url.startsWith(`${PAY_PAGE}?`)).toBe(true);
    expect(verifyPayLink(link.url, SECRET)).toMatchObject({ sessionId: first.sessionId, amountMinor: link.amountMinor });
  });
});

describe('QR pay through Stripe Checkout is chosen by the shell', () => {
  it('takes --qr-checkout stripe or LOTKEEPER_QR_CHECKOUT=stripe with the key in STRIPE_SECRET_KEY, and refuses anything else', () => {
    const key = { STRIPE_SECRET_KEY: 'sk_test_51H8abcdefGHIJ' };
    expect(payLinkSettings({ ...key }, undefined, 'stripe').checkout).toBeInstanceOf(StripeCheckout);
    expect(payLinkSettings({ ...key, LOTKEEPER_QR_CHECKOUT: 'stripe' }).checkout).toBeInstanceOf(StripeCheckout);
    expect(payLinkSettings({ LOTKEEPER_PAY_PAGE: PAY_PAGE })).toEqual({ payPageUrl: PAY_PAGE, qrSecret: undefined });
    expect(() => payLinkSettings({}, undefined, 'stripe')).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => payLinkSettings({ STRIPE_SECRET_KEY: 'pk_test_publishable' }, undefined, 'stripe')).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => payLinkSettings(key, undefined, 'paypal')).toThrow(/the only one is "stripe"/);
  });
});
