/**
 * The visual diff: every screen (from the console's route list, as the admin sees them all) at 1366x768 and
 * 1920x1080, compared with the last accepted screenshot in test/e2e/visual/accepted/<screen>-<W>x<H>.png. A screen
 * fails when more than TOLERANCE of its pixels differ (pixelmatch, anti-aliasing ignored); its screenshot and a
 * diff image (differing pixels in red) go to test-results/visual/.
 *
 * Accept new images after a deliberate change (then look at them, and commit them):
 *   npm run build && VISUAL_ACCEPT=1 npx vitest run test/e2e/visual.e2e.test.ts
 * A missing accepted image is written locally; under CI=true it is a failure (test/support/requires.ts's rule).
 *
 * Screens are deterministic for it: the kiosk's clock and the page's clock are frozen, the demo data is the site
 * file's (no traffic, no generated history), animations are off (reduced motion) and the caret is hidden.
 * Accepted images are stored in grey at half size in each direction (a layout that breaks, a colour that changes
 * its contrast, still shows; the repository keeps a few hundred KB per size, not megabytes).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { watchBridge } from './support/bridge-watch';
import { screensOf, showScreen } from './support/every-screen';
import { useE2E, VIEWPORTS } from './support/harness';

// Tue 2 June 2026, 10:15 in London: a weekday morning, the same in every run.
const FROZEN_AT = Date.UTC(2026, 5, 2, 9, 15);
const TOLERANCE = 0.01;
const ACCEPTED = fileURLToPath(new URL('./visual/accepted/', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../test-results/visual/', import.meta.url));
const accepting = process.env['VISUAL_ACCEPT'] === '1';
const underCi = process.env['CI'] === 'true';

const e2e = useE2E({ clock: () => FROZEN_AT });

/** Half size each way, each pixel the grey (luma) mean of its 2x2 block: what is stored and compared. */
function halvedGrey(full: PNG): PNG {
  const width = Math.floor(full.width / 2);
  const height = Math.floor(full.height / 2);
  const out = new PNG({ width, height });
  const luma = (at: number) => 0.299 * full.data[at]! + 0.587 * full.data[at + 1]! + 0.114 * full.data[at + 2]!;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let sum = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) sum += luma(((2 * y + dy) * full.width + 2 * x + dx) * 4);
      const at = (y * width + x) * 4;
      out.data.fill(Math.round(sum / 4), at, at + 3);
      out.data[at + 3] = 255;
    }
  }
  return out;
}

/** The share of pixels that differ, writing the actual image and the diff to test-results/visual/ when any do. */
function compare(name: string, actual: PNG, accepted: PNG): number {
  if (actual.width !== accepted.width || actual.height !== accepted.height) return 1;
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(actual.data, accepted.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
  const share = differing / (actual.width * actual.height);
  if (share > TOLERANCE) {
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, `${name}-actual.png`), PNG.sync.write(actual));
    writeFileSync(join(RESULTS, `${name}-diff.png`), PNG.sync.write(diff));
  }
  return share;
}

describe('visual diff of every screen', () => {
  for (const viewport of Object.values(VIEWPORTS)) {
    const size = `${viewport.width}x${viewport.height}`;
    it(`matches the accepted screenshots at ${size}`, async () => {
      const context = await e2e.browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London', reducedMotion: 'reduce' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.clock.setFixedTime(FROZEN_AT);
      await watchBridge(page);
      await page.goto(e2e.kiosk.url);
      await new LoginPage(page).loginAs('admin');
      const outcomes: Record<string, string> = {};
      for (const screen of screensOf('admin')) {
        await showScreen(page, screen);
        // No focus ring or caret where the screen put focus: the pixels are the layout's, not the focus's.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        const actual = halvedGrey(PNG.sync.read(await page.screenshot({ animations: 'disabled', caret: 'hide' })));
        const name = `${screen}-${size}`;
        const file = join(ACCEPTED, `${name}.png`);
        if (accepting || (!existsSync(file) && !underCi)) {
          mkdirSync(ACCEPTED, { recursive: true });
          writeFileSync(file, PNG.sync.write(actual, { colorType: 0 }));
          continue;
        }
        if (!existsSync(file)) {
          outcomes[screen] = `no accepted image at ${file} (accept one with VISUAL_ACCEPT=1)`;
          continue;
        }
        const share = compare(name, actual, PNG.sync.read(readFileSync(file)));
        if (share > TOLERANCE) outcomes[screen] = `${(share * 100).toFixed(2)}% of pixels differ (tolerance ${TOLERANCE * 100}%): see test-results/visual/${name}-diff.png`;
      }
      expect(outcomes).toEqual({});
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
