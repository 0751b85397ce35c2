import type { Locator } from 'playwright-core';
import { ConsolePage } from './ConsolePage';

export interface ListEntryForm {
  id: string;
  plate: string;
  note: string;
  reason: string;
}

/** The access lists screen (F10): search, the records table, the editor and the anti-passback reset. */
export class AccessPage extends ConsolePage {
  get editor(): Locator {
    return this.page.getByTestId('access-editor');
  }

  get rows(): Locator {
    return this.page.locator('[data-testid="access-table"] tbody tr');
  }

  async open(): Promise<void> {
    await this.go('access');
    await this.waitLoaded();
  }

  async waitLoaded(): Promise<void> {
    await this.page.getByTestId('access-count').filter({ hasNotText: 'Loading' }).waitFor();
  }

  async search(plate: string): Promise<void> {
    await this.page.getByLabel('Find a plate').fill(plate);
    await this.page.getByLabel('Find a plate').press('Enter');
    await this.waitLoaded();
  }

  /** "permit:p-harbour-dental" for each row shown. */
  async recordKeys(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-record') ?? ''));
  }

  async createListEntry(kind: 'allow' | 'deny', form: ListEntryForm): Promise<void> {
    await this.page.locator(`button[data-new="${kind}"]`).click();
    await this.editor.getByLabel('Id').fill(form.id);
    await this.editor.getByLabel('Plate', { exact: true }).fill(form.plate);
    await this.editor.getByLabel('Note').fill(form.note);
    await this.editor.getByLabel('Reason').fill(form.reason);
    await this.editor.getByLabel('Reason').press('Enter');
  }

  async openRecord(key: string): Promise<void> {
    await this.page.locator(`[data-testid="access-table"] tbody tr[data-record="${key}"]`).click();
    await this.editor.waitFor();
  }

  async remove(reason: string): Promise<void> {
    await this.editor.getByLabel('Reason').fill(reason);
    await this.editor.getByRole('button', { name: 'Remove' }).click();
  }

  async done(): Promise<string> {
    const el = this.page.getByTestId('access-done');
    await el.waitFor();
    return (await el.innerText()).trim();
  }
}
