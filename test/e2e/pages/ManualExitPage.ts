import { ConsolePage } from './ConsolePage';

export class ManualExitPage extends ConsolePage {
  async open(): Promise<void> {
    await this.go('exit');
  }

  async find(plate: string): Promise<void> {
    const plateInput = this.page.locator('.find-form').getByLabel('Plate', { exact: true });
    await plateInput.fill(plate);
    await plateInput.press('Enter');
    await this.page.locator('[data-testid="exit-candidates"], .candidates + *, .notice-info').first().waitFor();
  }

  async candidatePlates(): Promise<string[]> {
    return this.page.locator('[data-testid="exit-candidates"] .candidate').evaluateAll((els) => els.map((e) => e.getAttribute('data-plate') ?? ''));
  }

  async pick(plateKey: string): Promise<void> {
    await this.page.locator(`[data-testid="exit-candidates"] .candidate[data-plate="${plateKey}"]`).click();
  }

  /** The "to pay if leaving now" total, once the quote has loaded. */
  async quoteTotal(): Promise<string> {
    const total = this.page.locator('.exit-grid [data-testid="quote-total"]').first();
    await total.waitFor();
    return (await total.innerText()).trim();
  }

  async confirm(reason: string): Promise<void> {
    const form = this.page.getByTestId('exit-form');
    await form.getByLabel('Reason').fill(reason);
    await form.getByRole('button', { name: /Confirm exit/ }).click();
    await this.page.getByTestId('exit-done').waitFor();
  }

  async finalTotal(): Promise<string> {
    return (await this.page.getByTestId('exit-done').getByTestId('quote-total').innerText()).trim();
  }
}
