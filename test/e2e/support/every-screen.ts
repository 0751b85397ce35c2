/**
 * Every screen of the console, as the console's own route list has them (renderer/src/app/routes.ts): a check
 * over "every screen" covers a screen added later without being edited. Each screen is shown the way a person
 * opens it (its navigation link), then left to settle.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screensFor, type ScreenId } from '../../../renderer/src/app/routes';
import { bridgeQuiet } from './bridge-watch';
import { SCREENSHOTS } from './harness';

export const ROLES = ['attendant', 'supervisor', 'admin'] as const;
export type DemoRole = (typeof ROLES)[number];

/** The screens a role sees, in the navigation's order. */
export function screensOf(role: DemoRole): ScreenId[] {
  return screensFor(role).map((s) => s.id);
}

/** Opens a screen from the navigation and waits until it has its data (support/bridge-watch.ts bridgeQuiet). */
export async function showScreen(page: Page, screen: ScreenId): Promise<void> {
  await page.locator(`.nav [data-screen="${screen}"]`).click();
  await page.locator(`main.screen[data-screen="${screen}"]`).waitFor();
  await bridgeQuiet(page);
}

/** Saves test-results/screenshots/<folder>/<name>.png and returns the path (to look at, or compare). */
export async function screenshotTo(page: Page, folder: string, name: string): Promise<string> {
  const dir = join(SCREENSHOTS, folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
