import { ukTyped } from '../support/harness';
import { ConsolePage } from './ConsolePage';

/** Shift+F3: a day's bookings; new booking in three steps; modify, cancel, no-show. Driven from the keyboard. */
export class BookingsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.page.keyboard.press('Shift+F3');
    await this.screen('bookings').waitFor();
    await this.page.getByTestId('bookings-count').filter({ hasNotText: 'Loading' }).waitFor();
  }

  focusedName(): Promise<string | null> {
    return this.page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);
  }

  /** Each row as "window | plate | place | status | paid / price". */
  rows(): Promise<string[]> {
    return this.tableRows('booking-list');
  }

  /** Step 3 once its ways to pay are known (the readers and the policy answered): the chosen one has the focus. */
  async payStep(): Promise<void> {
    await this.page.locator('[data-testid="book-pay"] input[name="book-method"]:checked:focus').waitFor();
  }

  async done(): Promise<string> {
    return (await this.page.getByTestId('bookings-done').innerText()).trim();
  }

  get detail() {
    return this.page.getByTestId('booking-detail');
  }

  /**
   * The open booking's Modify dialog (its actions focused): a new end, the way to pay the difference picked with the
   * arrow keys from the first, and Enter in the plate field saves.
   */
  async modifyEnd(endsAt: string, method: 'cash' | 'card'): Promise<void> {
    await this.page.keyboard.press('Enter');
    const form = this.page.getByTestId('modify-booking');
    await form.getByLabel('Leaves').fill(endsAt);
    const methods = form.locator('select[name="modify-method"]');
    await methods.focus();
    await methods.press('Home');
    while ((await methods.inputValue()) !== method) await methods.press('ArrowDown');
    await form.locator('input[name="modify-plate"]').press('Enter');
  }

  /** Step 2 (the window field focused): the window as site-local datetime values, then Enter finds the places. */
  async findPlaces(startsAt: string, endsAt: string): Promise<string> {
    const step = this.page.getByTestId('book-place');
    await step.getByLabel('Arrives').fill(ukTyped(startsAt));
    await step.getByLabel('Leaves').fill(ukTyped(endsAt));
    await step.getByLabel('Leaves').press('Enter');
    const price = this.page.getByTestId('book-options').locator('.book-price');
    await price.waitFor();
    return (await price.innerText()).trim();
  }
}
