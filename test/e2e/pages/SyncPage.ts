import type { Locator } from 'playwright-core';
import { ConsolePage } from './ConsolePage';

/** The header's sync badge and the supervisor's sync screen (Shift+F11). */
export class SyncPage extends ConsolePage {
  get badge(): Locator {
    return this.page.getByTestId('sync-badge');
  }

  async badgeState(): Promise<string> {
    return (await this.page.getByTestId('sync-state').innerText()).replace(/\s+/g, ' ').trim();
  }

  async badgeWaiting(): Promise<string> {
    return (await this.page.getByTestId('sync-waiting').innerText()).trim();
  }

  async openByKey(): Promise<void> {
    await this.page.keyboard.press('Shift+F11');
    await this.page.locator('main.screen[data-screen="sync"]').waitFor();
  }

  async syncNow(): Promise<string> {
    await this.page.getByTestId('sync-now').click();
    return (await this.page.getByTestId('sync-notice').innerText()).trim();
  }

  async reconcileNow(): Promise<void> {
    await this.page.getByTestId('sync-reconcile').click();
    await this.page.getByTestId('sync-notice').filter({ hasText: 'Nightly check' }).waitFor();
  }

  async nightlyOutcomes(): Promise<string[]> {
    return this.page.locator('[data-testid="sync-nightly"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome') ?? ''));
  }

  /** The SMS queue's rows as shown (scrolled into view): masked number, state, attempts and the reason a message failed. */
  async smsRows(): Promise<{ to: string; state: string; attempts: string; error: string }[]> {
    await this.page.getByTestId('sms-queue').locator('table').scrollIntoViewIfNeeded();
    return this.page.locator('[data-testid="sms-queue"] tbody tr').evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim());
        return { to: cells[1] ?? '', state: cells[3] ?? '', attempts: cells[4] ?? '', error: cells[5] ?? '' };
      }),
    );
  }

  /** Opts a number back in to texts (supervisor, SMS queue on the sync screen); the notice it shows. */
  async optIn(number: string): Promise<string> {
    const form = this.page.getByTestId('sms-opt-in');
    await form.getByLabel('Opt a number back in').fill(number);
    await form.getByRole('button', { name: 'Opt a number back in' }).click();
    const notice = form.locator('.notice');
    await notice.first().waitFor();
    return (await notice.first().innerText()).replace(/\s+/g, ' ').trim();
  }
}
