import type { Locator } from 'playwright-core';
import { ConsolePage } from './ConsolePage';
import { printOutcome } from './print-outcome';

export class DashboardPage extends ConsolePage {
  async open(): Promise<void> {
    await this.go('dashboard');
    await this.page.getByTestId('inside-count').filter({ hasText: /\d/ }).waitFor();
  }

  async insideCount(): Promise<number> {
    const text = await this.page.getByTestId('inside-count').innerText();
    return Number(text.replace(/[^\d]/g, ''));
  }

  /** The plates (keys) listed under "Inside now". */
  async insidePlates(): Promise<string[]> {
    return this.page.locator('[data-testid="open-sessions"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-plate') ?? ''));
  }

  /** "12 / 150" of a zone's total bar. */
  async zoneCount(zoneId: string): Promise<string> {
    return (await this.page.locator(`[data-zone="${zoneId}"] > .cap .cap-count`).innerText()).trim();
  }

  async deviceTiles(): Promise<number> {
    return this.page.locator('[data-testid="devices"] .tile').count();
  }

  /** A device tile's "Test print" button (printers, supervisor and up). */
  testPrintButton(deviceId: string): Locator {
    return this.page.locator(`[data-testid="devices"] [data-device="${deviceId}"] button[data-test-print]`);
  }

  /** "Test print" on a printer's tile, and the line it leaves under the tiles. */
  async testPrint(deviceId: string): Promise<string> {
    await this.testPrintButton(deviceId).click();
    await this.testPrintButton(deviceId).and(this.page.locator(':enabled')).waitFor();
    return printOutcome(this.page.getByTestId('devices'));
  }
}
