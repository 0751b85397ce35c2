/**
 * axe-core over every screen (enumerated from the console's route list) as each role sees it, at 1366x768: no
 * serious or critical violation (every rule runs; none is turned off). Beyond axe: each of the first Tab stops on
 * a screen shows a focus ring, and no status chip is colour alone (each carries words).
 */
import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { ROLES, screensOf, showScreen } from './support/every-screen';
import { injectAxe, seriousViolations, type AxeFinding } from './support/axe';
import { openConsole, useE2E, VIEWPORTS } from './support/harness';

const e2e = useE2E();

describe('accessibility (axe-core)', () => {
  for (const role of ROLES) {
    it(`finds no serious or critical violation on the screens ${role} sees`, async () => {
      const c = await openConsole(e2e.browser, e2e.kiosk.url, VIEWPORTS.small);
      const login = new LoginPage(c.page);
      await login.waitVisible();
      await injectAxe(c.page);
      const found: Record<string, AxeFinding[]> = {};
      const audit = async (name: string): Promise<void> => {
        const { findings, passed } = await seriousViolations(c.page);
        // The rules ran over the screen (contrast, names, landmarks...), not over an empty page.
        expect(passed, name).toBeGreaterThan(10);
        if (findings.length > 0) found[name] = findings;
      };
      if (role === 'attendant') await audit('login');
      await login.loginAs(role);
      const unringed: string[] = [];
      const wordless: string[] = [];
      for (const screen of screensOf(role)) {
        await showScreen(c.page, screen);
        await audit(screen);
        wordless.push(...(await c.page.locator('main.screen .badge').evaluateAll((els) => els.filter((e) => (e.textContent ?? '').trim() === '').map((e) => e.outerHTML))).map((html) => `${screen}: ${html}`));
        // The first stops Tab reaches each show a focus ring (outline or ring shadow), whatever they are.
        for (let stop = 0; stop < 8; stop += 1) {
          await c.page.keyboard.press('Tab');
          const missing = await c.page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
            return ring ? null : `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
          });
          if (missing) unringed.push(`${screen}: ${missing}`);
        }
      }
      expect(found).toEqual({});
      expect(unringed, 'focused with no visible ring').toEqual([]);
      expect(wordless, 'status chips with no words').toEqual([]);
      expect(c.errors).toEqual([]);
      await c.context.close();
    }, 120_000);
  }
});
