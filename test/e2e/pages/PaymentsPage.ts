import { ConsolePage } from './ConsolePage';

/** F12: payment history, a payment's receipt with reprints, refunds (supervisor). */
export class PaymentsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.go('payments');
    await this.page.getByTestId('payments-table').waitFor();
  }

  async rows(): Promise<string[]> {
    return this.page
      .locator('[data-testid="payments-table"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from((r as HTMLTableRowElement).cells, (c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()).join(' | ')));
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
}
