import { ManualExitPage } from './ManualExitPage';
import { printOutcome } from './print-outcome';

/** The exit screen's payment panel: the quote, the methods, cash tender and change, the card reader. */
export class ExitPaymentPage extends ManualExitPage {
  get panel() {
    return this.page.getByTestId('pay-panel');
  }

  async due(): Promise<string> {
    return (await this.panel.getByTestId('pay-due').innerText()).trim();
  }

  async quoteLines(): Promise<string[]> {
    return this.panel.locator('[data-testid="pay-quote"] tbody tr').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }

  async status(): Promise<string> {
    return (await this.panel.getByTestId('pay-status').innerText()).trim();
  }

  async lostTicket(): Promise<void> {
    const before = await this.due();
    await this.panel.getByRole('button', { name: 'Lost ticket' }).click();
    await this.page.waitForFunction((old) => document.querySelector('[data-testid="pay-due"]')?.textContent?.trim() !== old, before);
  }

  /** Alt+1..4 picks cash, card, wallet, QR. */
  async method(n: 1 | 2 | 3 | 4): Promise<void> {
    await this.page.keyboard.press(`Alt+${n}`);
  }

  async tender(amount: string): Promise<string> {
    await this.panel.getByRole('textbox', { name: /Cash given/ }).fill(amount);
    return (await this.panel.getByTestId('change').innerText()).replace(/\s+/g, ' ').trim();
  }

  async takeCash(): Promise<string> {
    await this.panel.getByRole('textbox', { name: /Cash given/ }).press('Enter');
    return this.paid();
  }

  /** Once the reader list has loaded: "ready", or why card payment is unavailable. */
  async readerStatus(): Promise<string> {
    const status = this.panel.getByTestId('reader-status').filter({ hasText: /ready|unavailable/i });
    await status.waitFor();
    return (await status.innerText()).trim();
  }

  /** Sends the amount to the reader; the demo site's simulated reader approves after 1.5 s. */
  async takeCard(): Promise<string> {
    await this.panel.getByRole('button', { name: 'Send to reader' }).click();
    await this.panel.getByTestId('card-step').waitFor();
    return this.paid(10_000);
  }

  /** Sends the amount to the reader and waits until it asks for the card (a reader that never gets one by itself). */
  async sendToReader(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Send to reader' }).click();
    await this.panel.getByTestId('card-step').filter({ hasText: 'Waiting for the card' }).waitFor();
  }

  /** Esc while the reader waits: the question the console asks before it cancels the payment, in words. */
  async escapeCard(): Promise<string> {
    await this.page.keyboard.press('Escape');
    await this.dialog.getByTestId('card-cancel-question').waitFor();
    return (await this.dialog.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** The question answered by keyboard: Enter on the focused answer (keep waiting), or Tab first to cancel. */
  async answerCancel(answer: 'keep' | 'cancel'): Promise<void> {
    if (answer === 'cancel') await this.page.keyboard.press('Tab');
    await this.page.keyboard.press('Enter');
    await this.dialog.waitFor({ state: 'detached' });
  }

  /** What the panel says about the card payment now: the step, a cancel that failed, the outcome. */
  async cardSays(): Promise<string> {
    const parts = await this.panel.locator('[data-testid="card-step"], [data-testid="card-cancel-failed"], [data-testid="card-outcome"]').allInnerTexts();
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  }

  /** After a search that found no stay: price the car with no entry record; answers the kiosk's note. */
  async noEntryRecord(reason: string): Promise<string> {
    await this.page.getByTestId('no-entry-open').click();
    const form = this.page.getByTestId('no-entry-form');
    await form.getByLabel('Reason (audited)').fill(reason);
    await form.getByRole('button', { name: 'Price the stay' }).click();
    const priced = this.page.getByTestId('no-entry-priced');
    await priced.waitFor();
    await this.panel.getByTestId('pay-due').waitFor();
    return (await priced.innerText()).trim();
  }

  /** The QR method's body: the reason QR links are unavailable, if they are. */
  async qrUnavailable(): Promise<string> {
    const reason = this.panel.getByTestId('qr-unavailable');
    await reason.waitFor();
    return (await reason.innerText()).trim();
  }

  /** Alt+4, then "Show QR code": the code's address (the Stripe Checkout page it opens) once it is on screen. */
  async showQr(): Promise<string> {
    await this.method(4);
    await this.panel.getByTestId('pay-qr').getByRole('button', { name: /QR/ }).click();
    const code = this.panel.locator('.qr-code[role="img"]');
    await code.waitFor();
    return (await code.getAttribute('aria-label')) ?? '';
  }

  /** What the exit screen says when a QR payment made on an ended code was refunded. */
  async qrRefunded(timeout = 10_000): Promise<string> {
    const notice = this.panel.getByTestId('qr-refunded');
    await notice.waitFor({ timeout });
    return (await notice.innerText()).trim();
  }

  /** Taking the payment finishes the exit: the exit's final view shows the payment, its receipt and the charge. */
  get done() {
    return this.page.getByTestId('exit-done');
  }

  async paid(timeout = 5_000): Promise<string> {
    const done = this.done.getByTestId('pay-done');
    await done.waitFor({ timeout });
    return (await done.innerText()).replace(/\s+/g, ' ').trim();
  }

  async receipt(): Promise<string> {
    await this.done.locator('details.receipt-text summary').click();
    return this.done.getByTestId('receipt').innerText();
  }

  /** The lines of the charge the exit recorded. */
  async finalLines(): Promise<string[]> {
    return this.done.locator('[data-testid="charge"] tbody tr').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }

  async finalDue(): Promise<string> {
    return (await this.done.getByTestId('pay-due').innerText()).trim();
  }

  /** "Print receipt" on the finished exit, pressed from the keyboard; what it says about the print. */
  async printReceipt(): Promise<string> {
    await this.done.getByRole('button', { name: 'Print receipt' }).press('Enter');
    return printOutcome(this.done);
  }
}
