import type { Locator } from 'playwright-core';
import { ConsolePage } from './ConsolePage';

/** The lanes screen (F11): tiles, the attendant queue, and the lane action dialog with its reason picker. */
export class LanesPage extends ConsolePage {
  async open(): Promise<void> {
    await this.go('lanes');
    await this.page.getByTestId('lane-tile').first().waitFor();
  }

  tile(laneId: string): Locator {
    return this.page.locator(`[data-testid="lane-tile"][data-lane="${laneId}"]`);
  }

  get queue(): Locator {
    return this.page.getByTestId('attendant-queue');
  }

  /** A waiting car whose lane decided with `code` (e.g. low_confidence). */
  queued(code: string): Locator {
    return this.queue.locator(`[data-testid="queue-item"]:has([data-code="${code}"])`).first();
  }

  /** Like queued, but a car the rules would let in: Enter confirms it (a car the rules refuse is never one key from in). */
  queuedToConfirm(code: string): Locator {
    return this.queue.locator(`[data-testid="queue-item"]:has([data-code="${code}"]:not([data-rules="deny"]))`).first();
  }

  /** Waits until some lane's tile shows this decision outcome (open, deny, attendant, pay). */
  async waitForOutcome(outcome: string, timeout = 30_000): Promise<string> {
    const tile = this.page.locator(`[data-testid="lane-tile"]:has([data-testid="decision"][data-outcome="${outcome}"])`).first();
    await tile.waitFor({ timeout });
    return (await tile.getAttribute('data-lane')) ?? '';
  }

  async waitForPhase(laneId: string, phases: readonly string[], timeout = 15_000): Promise<string> {
    const wanted = phases.map((p) => `[data-testid="lane-phase"][data-phase="${p}"]`).join(', ');
    await this.tile(laneId).locator(wanted).first().waitFor({ timeout });
    return (await this.tile(laneId).getByTestId('lane-phase').getAttribute('data-phase')) ?? '';
  }

  /** Clicks one of a tile's barrier/lane buttons (open, close_barrier, hold_open, close_lane, open_lane, setMode). */
  async press(laneId: string, action: string): Promise<void> {
    await this.tile(laneId).locator(`button[data-action="${action}"]`).click();
    await this.dialog.waitFor();
  }

  async actions(laneId: string): Promise<string[]> {
    return this.tile(laneId).locator('.lane-controls button').evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? ''));
  }

  /** The reason code picked in the open dialog. */
  pickedReason(): Promise<string> {
    return this.dialog.locator('.reason-picker input[type="radio"]:checked').inputValue();
  }

  async waitDialogClosed(): Promise<void> {
    await this.dialog.waitFor({ state: 'detached', timeout: 5000 });
  }
}
