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

  /** Close shift, then the confirmation (with `note` when the count is off): the result card's words. */
  async closeShift(note = ''): Promise<string> {
    await this.page.getByRole('button', { name: 'Close shift' }).click();
    const confirm = this.page.getByTestId('confirm-close-shift');
    if (note) await confirm.getByLabel(/Why the count is off|Note/).fill(note);
    await confirm.getByRole('button', { name: 'Close shift now' }).click();
    return this.result();
  }

  async result(): Promise<string> {
    const result = this.page.getByTestId('shift-result');
    await result.waitFor();
    return (await result.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** The confirmation dialog's words (the count against what is expected, the note's error once tried). */
  async confirmation(): Promise<string> {
    await this.page.getByTestId('confirm-close-shift').waitFor();
    return (await this.dialog.innerText()).replace(/\s+/g, ' ').trim();
  }

  async variance(): Promise<string> {
    return (await this.page.getByTestId('close-shift-form').getByTestId('drawer-variance').innerText()).trim();
  }

  /** The element that has focus, by its accessible label or text, for keyboard-only tests. */
  focused(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return (el?.getAttribute('aria-label') ?? (el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el?.textContent ?? '').trim();
    });
  }
}
