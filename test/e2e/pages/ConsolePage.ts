import type { Locator, Page } from 'playwright-core';
import { screenshot } from '../support/harness';

export type ScreenId = 'dashboard' | 'sessions' | 'entry' | 'exit' | 'shift' | 'tariffs' | 'audit' | 'users' | 'payments' | 'lanes' | 'access' | 'devices' | 'drivers' | 'bookings';

/** What every logged-in screen shares: header, side navigation, screenshots. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  navItem(id: ScreenId): Locator {
    return this.page.locator(`.nav [data-screen="${id}"]`);
  }

  /** The modal dialog open now (the console shows one at a time). */
  get dialog(): Locator {
    return this.page.locator('dialog[open]');
  }

  screen(id: ScreenId): Locator {
    return this.page.locator(`main.screen[data-screen="${id}"]`);
  }

  async go(id: ScreenId): Promise<void> {
    await this.navItem(id).click();
    await this.screen(id).waitFor();
  }

  /** The screens the navigation offers, in order. */
  async navScreens(): Promise<string[]> {
    return this.page.locator('.nav [data-screen]').evaluateAll((els) => els.map((e) => e.getAttribute('data-screen') ?? ''));
  }

  async currentUser(): Promise<string> {
    return (await this.page.getByTestId('current-user').innerText()).replace(/\s+/g, ' ').trim();
  }

  async connectionState(): Promise<string> {
    return (await this.page.getByTestId('connection-state').innerText()).trim();
  }

  async siteClock(): Promise<string> {
    return (await this.page.getByTestId('site-clock').innerText()).trim();
  }

  async logout(): Promise<void> {
    await this.page.getByRole('button', { name: 'Log out' }).click();
    await this.page.locator('[data-screen="login"]').waitFor();
  }

  /**
   * A table's body rows as "cell | cell | …", spaces collapsed: what the operator reads on each row. Read once the
   * table has its answer: a table that loads says so with aria-busy meanwhile (its "Loading…" row is not a row).
   */
  async tableRows(testId: string): Promise<string[]> {
    await this.page.locator(`[data-testid="${testId}"]:not([aria-busy="true"])`).waitFor();
    return this.page
      .locator(`[data-testid="${testId}"] tbody tr`)
      .evaluateAll((rows) => rows.map((r) => Array.from((r as HTMLTableRowElement).cells, (c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()).join(' | ')));
  }

  /** What has the keyboard focus: its accessible name as the label or aria-label gives it, for asserting focus moves. */
  focusedLabel(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
    });
  }

  shot(name: string): Promise<void> {
    return screenshot(this.page, name);
  }

  /** The screen's content wider than its column (a table pushing out sideways): what a booth screen must never do. */
  screenOverflowsSideways(): Promise<boolean> {
    return this.page.locator('main.screen').evaluate((el) => el.scrollWidth > el.clientWidth);
  }

  /** The page larger than the window, either way (the dashboard fits the booth screen without scrolling). */
  pageOverflows(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth || document.documentElement.scrollHeight > window.innerHeight);
  }
}
