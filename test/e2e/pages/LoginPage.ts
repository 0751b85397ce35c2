import type { Browser } from 'playwright-core';
import { DEMO, openConsole, type Console, type VIEWPORTS } from '../support/harness';
import { ConsolePage } from './ConsolePage';

export class LoginPage extends ConsolePage {
  get form() {
    return this.page.locator('[data-screen="login"]');
  }

  async waitVisible(): Promise<void> {
    await this.form.waitFor();
  }

  async fill(username: string, secret: string): Promise<void> {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('PIN or password').fill(secret);
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: 'Log in' }).click();
  }

  /** Logs in and waits for the console. */
  async login(username: string, secret: string): Promise<void> {
    await this.waitVisible();
    await this.fill(username, secret);
    await this.submit();
    await this.page.getByTestId('current-user').waitFor();
  }

  loginAs(role: keyof typeof DEMO): Promise<void> {
    return this.login(DEMO[role].username, DEMO[role].secret);
  }

  async error(): Promise<string> {
    const el = this.page.getByTestId('login-error');
    await el.waitFor();
    return (await el.innerText()).replace(/\s+/g, ' ').trim();
  }

  async notice(): Promise<string> {
    const el = this.page.getByTestId('login-notice');
    await el.waitFor();
    return (await el.innerText()).trim();
  }

  username(): Promise<string> {
    return this.page.getByLabel('Username').inputValue();
  }
}

/** A console of its own (context, socket, login) already logged in as one of the demo users. */
export async function consoleAs(browser: Browser, url: string, role: keyof typeof DEMO, viewport?: (typeof VIEWPORTS)[keyof typeof VIEWPORTS]): Promise<Console> {
  const c = await openConsole(browser, url, viewport);
  await new LoginPage(c.page).loginAs(role);
  return c;
}
