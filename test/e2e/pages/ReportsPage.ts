import { downloadedText } from '../support/harness';
import { ConsolePage } from './ConsolePage';

/** The Reports screen (Shift+F8): the range form, the report with its charts and tables, anomalies, the forecast. */
export class ReportsPage extends ConsolePage {
  get form() {
    return this.page.getByTestId('report-form');
  }

  get result() {
    return this.page.getByTestId('report-result');
  }

  get anomalies() {
    return this.page.getByTestId('anomalies');
  }

  async open(): Promise<void> {
    await this.page.keyboard.press('Shift+F8');
    await this.form.waitFor();
  }

  /** The line under a range field: the date read back in words, or how to write one. */
  async fieldNote(label: 'From' | 'To'): Promise<string> {
    const id = await this.form.getByLabel(label, { exact: true }).getAttribute('id');
    return (await this.form.locator(`[id="${id}-hint"], [id="${id}-err"]`).first().innerText()).trim();
  }

  async focusedId(): Promise<string> {
    return this.page.evaluate(() => document.activeElement?.id ?? '');
  }

  /** Exports the shown range as CSV and returns the saved file's name and text. */
  async exportCsv(): Promise<{ name: string; text: string }> {
    const download = this.page.waitForEvent('download');
    await this.form.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    return { name: file.suggestedFilename(), text: await downloadedText(file) };
  }
}
