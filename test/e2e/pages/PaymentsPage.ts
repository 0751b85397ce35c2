import { ConsolePage } from './ConsolePage';
import { printOutcome } from './print-outcome';

export interface InvoiceBuyer {
  name: string;
  address: string;
  taxNo?: string;
}

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

  /** Print on the picked payment's receipt, pressed from the keyboard; what the view says about the print. */
  async print(): Promise<string> {
    const receipt = this.page.getByTestId('receipt-view').first();
    await receipt.getByRole('button', { name: 'Print', exact: true }).press('Enter');
    return printOutcome(receipt);
  }

  /** Opens "Invoice…" under the picked receipt, fills the buyer and issues it; the line that says which invoice. */
  async issueInvoice(buyer: InvoiceBuyer): Promise<string> {
    const receipt = this.page.getByTestId('receipt-view').first();
    await receipt.getByText('Invoice…').click();
    const form = receipt.getByTestId('invoice-form');
    await form.getByLabel(/^Buyer \(/).fill(buyer.name);
    await form.getByLabel('Buyer address').fill(buyer.address);
    if (buyer.taxNo) await form.getByLabel(/VAT \/ tax number/).fill(buyer.taxNo);
    await form.getByRole('button', { name: 'Issue invoice' }).click();
    const issued = receipt.getByTestId('invoice-issued');
    await issued.waitFor();
    return (await issued.innerText()).trim();
  }

  async printInvoice(): Promise<string> {
    const invoice = this.page.getByTestId('invoice-view');
    await invoice.getByRole('button', { name: 'Print invoice' }).press('Enter');
    return printOutcome(invoice);
  }

  invoiceText(): Promise<string> {
    return this.page.getByTestId('invoice-text').innerText();
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
