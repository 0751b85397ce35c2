import type { Locator } from 'playwright-core';
import { ConsolePage } from './ConsolePage';

export class TariffEditorPage extends ConsolePage {
  get preview(): Locator {
    return this.page.getByTestId('tariff-preview');
  }

  async open(): Promise<void> {
    await this.go('tariffs');
    await this.page.locator('.table-tabs .tab').first().waitFor();
  }

  async tableIds(): Promise<string[]> {
    return this.page.locator('.table-tabs [data-table]').evaluateAll((els) => els.map((e) => e.getAttribute('data-table') ?? ''));
  }

  async select(tableId: string): Promise<void> {
    await this.page.locator(`.table-tabs [data-table="${tableId}"]`).click();
    await this.page.getByTestId('tariff-form').waitFor();
  }

  async tabText(tableId: string): Promise<string> {
    return (await this.page.locator(`.table-tabs [data-table="${tableId}"]`).innerText()).replace(/\s+/g, ' ');
  }

  /** Types into the field for a path inside the table, e.g. "firstPeriod.priceMinor" (amounts in major units). */
  async setField(path: string, text: string): Promise<void> {
    await this.page.locator(`[data-testid="tariff-form"] input[data-path="${path}"]`).fill(text);
  }

  async setStay(hours: number, minutes: number): Promise<void> {
    await this.preview.getByLabel('Stays (hours)').fill(String(hours));
    await this.preview.getByLabel('and minutes').fill(String(minutes));
  }

  /** The draft's total once the preview has priced what is on screen. */
  async previewTotal(): Promise<string> {
    await this.page.locator('[data-testid="tariff-preview"][data-settled="true"]').waitFor();
    const total = this.preview.getByTestId('quote-total');
    await total.waitFor();
    return (await total.innerText()).trim();
  }

  async compareText(): Promise<string> {
    return (await this.preview.getByTestId('preview-compare').innerText()).trim();
  }

  async save(reason: string): Promise<string> {
    await this.page.getByRole('button', { name: 'Save as new version…' }).click();
    const form = this.page.getByTestId('tariff-save-form');
    await form.getByLabel('Reason').fill(reason);
    await form.getByRole('button', { name: /Save version/ }).click();
    const done = this.page.locator('.tariffs .notice-ok');
    await done.waitFor();
    return (await done.innerText()).replace(/\s+/g, ' ').trim();
  }
}
