import { ConsolePage } from './ConsolePage';

export class ShiftPage extends ConsolePage {
  async open(): Promise<void> {
    await this.go('shift');
    await this.page.locator('[data-testid="open-shift-form"], [data-testid="close-shift-form"]').first().waitFor();
  }

  async openShift(float: string): Promise<void> {
    const form = this.page.getByTestId('open-shift-form');
    await form.getByLabel(/Float/).fill(float);
    await form.getByRole('button', { name: 'Open shift' }).click();
    await this.page.getByTestId('close-shift-form').waitFor();
  }

  /** Types a count for a denomination given in minor units (e.g. 2000 for a £20 note). */
  async count(denominationMinor: number, count: number): Promise<void> {
    await this.page.locator(`input[data-denomination="${denominationMinor}"]`).fill(String(count));
  }

  async countedTotal(): Promise<string> {
    return (await this.page.getByTestId('counted-total').innerText()).trim();
  }

  async closeShift(): Promise<string> {
    await this.page.getByRole('button', { name: 'Close shift' }).click();
    const result = this.page.getByTestId('shift-result');
    await result.waitFor();
    return (await result.innerText()).replace(/\s+/g, ' ').trim();
  }
}
