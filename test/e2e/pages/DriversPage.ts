import { ConsolePage } from './ConsolePage';

/** Shift+F2: find, register and edit drivers; vehicles, wallet, export and erasure. Driven from the keyboard. */
export class DriversPage extends ConsolePage {
  async open(): Promise<void> {
    await this.page.keyboard.press('Shift+F2');
    await this.screen('drivers').waitFor();
    await this.page.getByTestId('drivers-count').filter({ hasNotText: 'Loading' }).waitFor();
  }

  /** The name of the focused element (or its text when it has none): where the next key goes. */
  focused(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      return el?.getAttribute('name') ?? el?.getAttribute('data-testid') ?? (el?.textContent ?? '').trim();
    });
  }

  /** Types in the search box (focused when the screen opens) and presses Enter: the list takes the focus. */
  async search(text: string): Promise<string[]> {
    await this.page.getByLabel('Name, phone, email or plate').fill(text);
    await this.page.getByLabel('Name, phone, email or plate').press('Enter');
    await this.page.getByTestId('drivers-count').filter({ hasNotText: 'Loading' }).waitFor();
    return this.tableRows('driver-list');
  }

  /** From the search box, Shift+Tab reaches "New driver"; Enter opens the form with the name field focused. */
  async register(fields: { name: string; phone: string; email: string; sms: boolean; plate: string; wallet: boolean }): Promise<void> {
    await this.page.getByLabel('Name, phone, email or plate').focus();
    await this.page.keyboard.press('Shift+Tab');
    await this.page.keyboard.press('Enter');
    const form = this.page.getByTestId('new-driver');
    await form.waitFor();
    await this.page.keyboard.type(fields.name);
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(fields.phone);
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(fields.email);
    await this.page.keyboard.press('Tab'); // notes
    await this.page.keyboard.press('Tab'); // SMS consent
    if (fields.sms) await this.page.keyboard.press('Space');
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(fields.plate);
    if (fields.wallet) await form.getByLabel('Open a prepaid wallet').check();
    await form.getByLabel('Plate of their vehicle').press('Enter');
  }

  async done(): Promise<string> {
    return (await this.page.getByTestId('drivers-done').innerText()).trim();
  }

  get profile() {
    return this.page.getByTestId('driver-profile');
  }
}
