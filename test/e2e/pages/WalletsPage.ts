import { ConsolePage } from './ConsolePage';

/** F12 → Wallets: find a wallet by plate or holder, read balances; a supervisor creates wallets and tops them up. */
export class WalletsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.go('payments');
    await this.page.getByRole('tab', { name: 'Wallets' }).click();
    await this.page.getByTestId('wallets-count').filter({ hasNotText: 'Loading' }).waitFor();
  }

  /** Each row as "holder | plates | balance | status[ | actions]". */
  rows(): Promise<string[]> {
    return this.tableRows('wallets-table');
  }

  async search(text: string): Promise<string> {
    const count = this.page.getByTestId('wallets-count');
    await this.page.getByLabel('Plate or holder').fill(text);
    await this.page.getByLabel('Plate or holder').press('Enter');
    await count.filter({ hasNotText: 'Loading' }).waitFor();
    return (await count.innerText()).trim();
  }

  /** The buttons that change wallets: none for an attendant. */
  async changeButtons(): Promise<string[]> {
    return this.page.locator('[data-testid="wallets-panel"] button').filter({ hasText: /New wallet|Top up/ }).allInnerTexts();
  }

  async startCreate(holder: string, plates: string): Promise<void> {
    if (!(await this.dialog.isVisible())) await this.page.getByRole('button', { name: 'New wallet' }).click();
    const form = this.dialog.getByTestId('create-wallet-form');
    await form.getByLabel('Holder').fill(holder);
    await form.getByLabel('Plates').fill(plates);
    await form.getByLabel('Plates').press('Enter');
  }

  async startTopUp(holder: string, amount: string, reason: string): Promise<void> {
    if (!(await this.dialog.isVisible())) await this.page.getByRole('button', { name: `Top up the wallet of ${holder}` }).click();
    const form = this.dialog.getByTestId('top-up-form');
    await form.getByLabel(/Amount to add/).fill(amount);
    await form.getByLabel('Reason').fill(reason);
    await form.getByLabel('Reason').press('Enter');
  }

  /** The messages under the open dialog's fields, in order. */
  async fieldErrors(): Promise<string[]> {
    await this.dialog.locator('.field-error[role="alert"]').first().waitFor();
    return (await this.dialog.locator('.field-error[role="alert"]').allInnerTexts()).map((e) => e.trim());
  }

  async done(): Promise<string> {
    const done = this.page.getByTestId('wallets-done');
    await done.waitFor();
    await this.dialog.waitFor({ state: 'detached' });
    return (await done.innerText()).trim();
  }
}
