import type { Locator } from 'playwright-core';
import { ukTyped } from '../support/harness';
import { ConsolePage } from './ConsolePage';

export interface ListEntryForm {
  id: string;
  plate: string;
  note: string;
  reason: string;
}

export interface PermitForm {
  id: string;
  plates: string;
  holder: string;
  validFrom: string;
  validUntil: string;
  zone: string;
  hours: string;
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
    await this.page.getByLabel('Find a plate', { exact: true }).fill(plate);
    await this.page.getByLabel('Find a plate', { exact: true }).press('Enter');
    await this.waitLoaded();
  }

  /** "permit:p-harbour-dental" for each row shown. */
  async recordKeys(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-record') ?? ''));
  }

  async createListEntry(kind: 'allow' | 'deny', form: ListEntryForm): Promise<void> {
    await this.page.locator(`button[data-new="${kind}"]`).click();
    await this.editor.getByLabel('Id', { exact: true }).fill(form.id);
    await this.editor.getByLabel('Plate', { exact: true }).fill(form.plate);
    await this.editor.getByLabel('Note', { exact: true }).fill(form.note);
    await this.editor.getByLabel('Reason', { exact: true }).fill(form.reason);
    await this.editor.getByLabel('Reason', { exact: true }).press('Enter');
  }

  /** Fills a new permit and presses Enter in the reason field (the form checks itself first). */
  async createPermit(form: PermitForm): Promise<void> {
    await this.page.locator('button[data-new="permit"]').click();
    const editor = this.editor;
    await editor.getByLabel('Id', { exact: true }).fill(form.id);
    await editor.getByLabel('Plates', { exact: true }).fill(form.plates);
    await editor.getByLabel('Holder', { exact: true }).fill(form.holder);
    await editor.getByLabel('Valid from', { exact: true }).fill(ukTyped(form.validFrom));
    await editor.getByLabel('Valid until', { exact: true }).fill(ukTyped(form.validUntil));
    await editor.getByLabel(form.zone, { exact: true }).check();
    await editor.getByLabel('Hours', { exact: true }).fill(form.hours);
    await editor.getByLabel('Reason', { exact: true }).fill(form.reason);
    await editor.getByLabel('Reason', { exact: true }).press('Enter');
  }

  async fieldError(label: string): Promise<string> {
    return (await this.editor.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).locator('.field-error').innerText()).trim();
  }

  async openRecord(key: string): Promise<void> {
    await this.page.locator(`[data-testid="access-table"] tbody tr[data-record="${key}"]`).click();
    await this.editor.waitFor();
  }

  async remove(reason: string): Promise<void> {
    await this.editor.getByLabel('Reason', { exact: true }).fill(reason);
    await this.editor.getByRole('button', { name: 'Remove' }).click();
  }

  async done(): Promise<string> {
    const el = this.page.getByTestId('access-done');
    await el.waitFor();
    return (await el.innerText()).trim();
  }
}
