import type { Locator } from 'playwright-core';
import { ukTyped } from '../support/harness';
import { ConsolePage } from './ConsolePage';

export class SessionsPage extends ConsolePage {
  get plateSearch(): Locator {
    return this.page.locator('#plate-search');
  }

  get results(): Locator {
    return this.page.locator('[data-testid="search-results"] tbody tr');
  }

  get detail(): Locator {
    return this.page.getByTestId('session-detail');
  }

  /** "Entered from" / "Entered until": one text field each, in the site's locale. */
  dateField(label: 'Entered from' | 'Entered until'): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** The line under a field: its read-back hint or its error. */
  fieldNote(label: 'Entered from' | 'Entered until'): Locator {
    return this.page.locator('.field', { has: this.dateField(label) }).locator('.field-hint, .field-error');
  }

  /** What has keyboard focus: a result row's plate key, or the focused field's name (else its id). */
  focused(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      return el?.getAttribute('data-plate') ?? (el?.getAttribute('name') || el?.id || el?.tagName || '');
    });
  }

  async resultCount(): Promise<string> {
    return (await this.page.getByTestId('result-count').innerText()).trim();
  }

  async open(): Promise<void> {
    await this.go('sessions');
  }

  /** Types a plate and presses Enter; waits until the rows reflect it. */
  async search(plate: string): Promise<void> {
    await this.plateSearch.fill(plate);
    await this.plateSearch.press('Enter');
    await this.page.waitForFunction(
      () => !document.querySelector('[data-testid="result-count"]')?.textContent?.includes('Loading'),
    );
  }

  async resultPlates(): Promise<string[]> {
    return this.results.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-plate') ?? ''));
  }

  async openSession(plateKey: string): Promise<void> {
    await this.page.locator(`[data-testid="search-results"] tbody tr[data-plate="${plateKey}"]`).first().click();
    await this.detail.waitFor();
  }

  async detailField(testId: 'plate-raw' | 'plate-key' | 'entry-at'): Promise<string> {
    return (await this.detail.getByTestId(testId).innerText()).trim();
  }

  /** Fixes the open session's plate with a reason; waits until the detail shows the new plate key. */
  async fixPlate(plate: string, reason: string): Promise<void> {
    await this.detail.getByTestId('fix-plate').click();
    const form = this.page.getByTestId('fix-plate-form');
    await form.getByLabel('The right plate').fill(plate);
    await form.getByLabel('Reason').fill(reason);
    await form.getByRole('button', { name: 'Fix the plate' }).click();
    await form.waitFor({ state: 'detached' });
  }

  /**
   * Texts the driver of the open session ("Text a reminder…" / "Text receipt…"): what the detail says then, the
   * queued notice or the form's error.
   */
  async textDriver(kind: 'reminder' | 'receipt', to: string, endsAt?: string): Promise<string> {
    await this.detail.getByRole('button', { name: kind === 'reminder' ? 'Text a reminder…' : 'Text receipt…' }).click();
    const form = this.page.getByTestId('text-driver-form');
    await form.getByLabel('Driver’s mobile number').fill(to);
    if (endsAt !== undefined) await form.getByLabel('Stay ends at').fill(ukTyped(endsAt));
    await form.getByRole('button', { name: kind === 'reminder' ? 'Queue reminder' : 'Send receipt' }).click();
    const outcome = this.page.getByTestId('text-queued').or(form.locator('.field-error[role="alert"], .notice-error'));
    await outcome.first().waitFor();
    return (await outcome.first().innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Leaves an open text form (after an error). */
  async cancelText(): Promise<void> {
    const form = this.page.getByTestId('text-driver-form');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  }

  /** The open session's charge: what is due now, in minor units (read from "£12.50"). */
  async dueMinor(): Promise<number> {
    const text = await this.detail.getByTestId('pay-due').innerText();
    return Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);
  }

  async closeDetail(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.detail.waitFor({ state: 'detached' });
  }
}
