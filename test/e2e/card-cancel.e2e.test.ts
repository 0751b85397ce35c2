import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DevicesPage } from './pages/DevicesPage';
import { ExitPaymentPage } from './pages/ExitPaymentPage';
import { LoginPage } from './pages/LoginPage';
import { ManualEntryPage } from './pages/ManualEntryPage';
import { openConsole, useE2E, VIEWPORTS } from './support/harness';

const e2e = useE2E();

/**
 * The console's socket, passed through to the kiosk; while `late` is set, the next cancel reaches the kiosk for an
 * attempt it no longer follows (as a cancel sent just as the kiosk restarted would), so the kiosk's own refusal
 * comes back while the payment still waits on the reader.
 */
function cancelArrivesLate(page: Page, late: { next: boolean }): Promise<void> {
  return page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { call: string; input: { idempotencyKey?: string } };
      if (late.next && frame.call === 'payments.cancelCard') {
        late.next = false;
        frame.input.idempotencyKey = `${frame.input.idempotencyKey}-ended`;
      }
      server.send(JSON.stringify(frame));
    });
  });
}

describe('Esc during a card payment at the booth (attendant)', () => {
  it('asks first with keep waiting focused, says plainly when a cancel did not reach the reader and what to do, then cancels; focus follows each step', async () => {
    // The booth's simulated reader waits for a card that never comes by itself.
    const admin = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(admin.page).loginAs('admin');
    const devices = new DevicesPage(admin.page);
    await devices.open();
    await devices.editDevice('booth');
    await devices.fillReader({ autoPresent: 'never' });
    await devices.saveWith(devices.editor, 'Reader waits for a real card');
    await expect.poll(() => devices.done()).toMatch(/^booth saved/);
    await admin.context.close();

    const late = { next: false };
    const c = await openConsole(e2e.browser, e2e.kiosk.url, VIEWPORTS.small, (page) => cancelArrivesLate(page, late));
    await new LoginPage(c.page).loginAs('attendant');
    const entry = new ManualEntryPage(c.page);
    await entry.open();
    await entry.fill({ plate: 'ESC1CRD', reason: 'Camera could not read' });
    await entry.submit();
    await entry.done();
    const exit = new ExitPaymentPage(c.page);
    await exit.open();
    await exit.find('ESC1CRD');
    await exit.lostTicket();
    await exit.method(2);
    expect(await exit.readerStatus()).toMatch(/ready/);
    await exit.sendToReader();

    // A stray Esc asks; the safe answer has the keyboard, so Enter keeps the payment going.
    expect(await exit.escapeCard()).toMatch(/Cancel the card payment\? .*The reader is waiting for the driver’s card\. Cancelling stops it there; the driver can then pay another way\. No, keep waiting Yes, cancel the payment/);
    expect(await exit.focusedLabel()).toBe('No, keep waiting');
    await exit.shot('card-cancel-question');
    await exit.answerCancel('keep');
    expect(await exit.cardSays()).toBe('Waiting for the card: ask the driver to tap or insert it.');
    expect(await exit.focusedLabel()).toBe('Cancel card payment Esc');

    // The kiosk refuses the cancel (it no longer follows that attempt): said plainly, the reader may still take the
    // card, what to do; the keyboard is on trying again, and the payment is still waiting.
    late.next = true;
    await exit.escapeCard();
    await exit.answerCancel('cancel');
    await expect.poll(() => exit.cardSays()).toBe(
      'Waiting for the card: ask the driver to tap or insert it. The card payment was NOT cancelled: no card payment with that key is waiting on a reader ' +
        'The reader may still take the card. Ask the driver not to tap or insert it and press the cancel key on the reader, then press Try cancelling again (or Esc). How the payment ended shows here as soon as the reader answers.',
    );
    expect(await exit.focusedLabel()).toBe('Try cancelling again Esc');
    await exit.shot('card-cancel-failed');

    // Asked again and answered yes: cancelled on the reader; the next try (Send to reader) has the keyboard.
    expect(await exit.escapeCard()).toMatch(/The reader is waiting for the driver’s card/);
    await exit.answerCancel('cancel');
    await expect.poll(() => exit.cardSays()).toBe('Card payment cancelled.');
    await expect.poll(() => exit.focusedLabel()).toBe('Send to reader');
    await exit.shot('card-cancel-done');
    expect(await exit.due()).toBe('£30.00');
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);
});
