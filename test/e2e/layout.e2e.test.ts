/**
 * The console from the small booth PCs sold with card terminals (1024x600, 800x600) up, and at 200% zoom (a
 * 1366x768 screen zoomed to 683x384 CSS px): on every screen (from the console's route list) the header's parts do
 * not overlap and keep to a band, nothing pushes the page sideways, and lane cards sit inside the screen. At
 * 1366x768 the site's and the lanes' names are whole (wrapped if need be, never cut with an ellipsis).
 * Screenshots: test-results/screenshots/layout/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { screenshotTo, screensOf, showScreen } from './support/every-screen';
import { watchBridge } from './support/bridge-watch';
import { openConsole, useE2E } from './support/harness';

const e2e = useE2E();

const SIZES = [
  { name: '1024x600', viewport: { width: 1024, height: 600 }, scale: 1 },
  { name: '800x600', viewport: { width: 800, height: 600 }, scale: 1 },
  { name: '1366x768-zoom200', viewport: { width: 683, height: 384 }, scale: 2 },
] as const;

/** What is wrong with the frame on this screen, in words (empty: nothing). */
function frameProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const box = (el: Element) => el.getBoundingClientRect();
    const parts = ['.brand', '.clock', '.header-right'].map((s) => document.querySelector(`.app-header ${s}`)).filter((e): e is Element => e !== null);
    for (let i = 0; i < parts.length; i += 1) {
      for (let j = i + 1; j < parts.length; j += 1) {
        const [a, b] = [box(parts[i]!), box(parts[j]!)];
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        if (!apart) problems.push(`header: ${parts[i]!.className} overlaps ${parts[j]!.className}`);
      }
    }
    const header = document.querySelector('.app-header');
    if (header && box(header).height > window.innerHeight * 0.25) problems.push(`header is ${Math.round(box(header).height)} px high of ${window.innerHeight}`);
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`page is ${document.documentElement.scrollWidth} px wide in ${window.innerWidth}`);
    const screen = document.querySelector('main.screen');
    if (screen && screen.scrollWidth > screen.clientWidth + 1) problems.push(`screen content is ${screen.scrollWidth} px wide in ${screen.clientWidth}`);
    const right = screen ? box(screen).right : window.innerWidth;
    for (const card of document.querySelectorAll('.lane-tile')) {
      if (box(card).right > right + 1) problems.push(`lane card ${card.querySelector('h2')?.textContent ?? ''} cut off at the right`);
    }
    return problems;
  });
}

/** Names shown with an ellipsis or cut: the site's (header) and each lane's (lane cards). */
function cutNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="site-name"], .lane-head h2')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent ?? ''),
  );
}

describe('layout at small sizes and zoom', () => {
  for (const size of SIZES) {
    it(`fits every screen at ${size.name}`, async () => {
      const c = await openConsole(e2e.browser, e2e.kiosk.url, size.viewport);
      // Zoom: the same CSS px a zoomed page has, at its device pixels.
      if (size.scale !== 1) {
        await c.context.close();
        const context = await e2e.browser.newContext({ viewport: size.viewport, deviceScaleFactor: size.scale });
        Object.assign(c, { context, page: await context.newPage() });
        await watchBridge(c.page);
        await c.page.goto(e2e.kiosk.url);
      }
      await new LoginPage(c.page).loginAs('admin');
      const found: Record<string, string[]> = {};
      for (const screen of screensOf('admin')) {
        await showScreen(c.page, screen);
        await screenshotTo(c.page, 'layout', `${size.name}-${screen}`);
        const problems = await frameProblems(c.page);
        if (problems.length > 0) found[screen] = problems;
      }
      expect(found).toEqual({});
      expect(c.errors).toEqual([]);
      await c.context.close();
    }, 120_000);
  }

  it('shows the site and lane names whole at 1366x768', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('admin');
    await showScreen(c.page, 'lanes');
    expect(await cutNames(c.page)).toEqual([]);
    expect(await c.page.locator('.lane-head h2').count()).toBeGreaterThan(0);
    await c.context.close();
  });
});
