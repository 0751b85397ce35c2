import { ConsolePage } from './ConsolePage';

export interface NewCode {
  code: string;
  merchant: string;
  off: { minutes: string } | { amount: string };
  uses: string;
  days: string;
}

/** F12: payment history, a payment's receipt with reprints, refunds and validation codes (supervisor). */
export class PaymentsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.go('payments');
    await this.page.getByTestId('payments-table').waitFor();
  }

  rows(): Promise<string[]> {
    return this.tableRows('payments-table');
  }

  async pick(receiptNo: number): Promise<string> {
    await this.page.locator('[data-testid="payments-table"] tbody tr').filter({ has: this.page.getByRole('button', { name: String(receiptNo), exact: true }) }).click();
    const text = this.page.getByTestId('receipt-text').first();
    await text.waitFor();
    return text.innerText();
  }

  async refund(amount: string, reason: string, options: { void?: boolean } = {}): Promise<string> {
    const form = this.page.getByTestId('refund-form');
    if (options.void) await form.getByLabel('Void the whole payment').check();
    else await form.getByLabel(/Amount to refund/).fill(amount);
    await form.getByLabel('Reason').fill(reason);
    await form.getByRole('button', { name: 'Refund' }).click();
    const done = this.page.getByTestId('refund-done');
    await done.waitFor();
    return (await done.innerText()).trim();
  }

  async tabs(): Promise<string[]> {
    return this.page.getByRole('tab').allInnerTexts();
  }

  async openCodes(): Promise<void> {
    await this.go('payments');
    await this.page.getByRole('tab', { name: 'Validation codes' }).click();
    await this.page.locator('[data-testid="codes-table"] tbody tr').first().waitFor();
  }

  /** Fills the new code form and submits it; the form's field errors when it is refused, else the success line. */
  async createCode(c: NewCode): Promise<string> {
    const form = this.page.getByTestId('validation-code-form');
    await form.getByLabel('Code', { exact: true }).fill(c.code);
    await form.getByLabel('Merchant').fill(c.merchant);
    if ('minutes' in c.off) {
      await form.getByLabel('Time', { exact: true }).check();
      await form.getByLabel('Minutes off').fill(c.off.minutes);
    } else {
      await form.getByLabel('Money', { exact: true }).check();
      await form.getByLabel(/Amount off/).fill(c.off.amount);
    }
    await form.getByLabel('Uses allowed').fill(c.uses);
    await form.getByLabel(/Valid for/).fill(c.days);
    await form.getByLabel(/Valid for/).press('Enter');
    const outcome = form.locator('[data-testid="code-created"], .field-error[role="alert"]').first();
    await outcome.waitFor();
    return (await outcome.innerText()).trim();
  }

  codeRows(): Promise<string[]> {
    return this.tableRows('codes-table');
  }
}
