/**
 * The console as a user of `npm run serve` gets it: the built CLI in a process of its own, on the demo site and its
 * simulators, driven by Chromium; then Ctrl+C (SIGINT to the process group) stops it cleanly and leaves a database that checks OK.
 * (The other e2e files start the same headless kiosk in-process, to reach into the core for their assertions.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPath } from '../../electron/kiosk/app-paths';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { ensureConsoleBuilt } from './support/build';
import { launchChromium, openConsole } from './support/harness';

let serve: ChildProcess;
let browser: Browser;
let dataDir: string;
let url: string;

/** Starts `npm run serve` and resolves with the console's address once it prints it. */
function startServe(): Promise<string> {
  serve = spawn('npm', ['run', '--silent', 'serve', '--', '--port', '0', '--data-dir', dataDir], { cwd: appPath(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run serve printed no address in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Lotkeeper console: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (!found) return;
      clearTimeout(timer);
      resolve(found[1]!);
    };
    serve.stdout!.on('data', read);
    serve.stderr!.on('data', read);
    serve.once('exit', (code) => reject(new Error(`npm run serve exited (${code}) before serving:\n${output}`)));
  });
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-e2e-serve-'));
  [url, browser] = await Promise.all([startServe(), launchChromium()]);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  if (serve?.exitCode === null && serve.signalCode === null) process.kill(-serve.pid!, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run serve', () => {
  it('serves the demo site to a browser, and stops cleanly on Ctrl+C with the database intact', async () => {
    const c = await openConsole(browser, url);
    await new LoginPage(c.page).loginAs('attendant');
    const dashboard = new DashboardPage(c.page);
    await dashboard.open();
    // The demo site's simulated relay board, cameras and card readers come up as devices.
    await expect.poll(() => dashboard.deviceTiles(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await dashboard.shot('serve-dashboard');
    expect(c.errors).toEqual([]);
    // Rebuilt by `npm run serve` from this test runner (NODE_ENV=test): still the production console, not React's
    // development build (whose StrictMode mounts each screen twice, cancelling its first loads).
    const scripts = await c.page.locator('script[src]').evaluateAll((tags) => tags.map((tag) => (tag as HTMLScriptElement).src));
    const code = await Promise.all(scripts.map(async (src) => (await fetch(src)).text()));
    expect(code.join('\n')).not.toContain('is deprecated in plain JavaScript React classes');
    await c.context.close();

    const exited = new Promise<void>((resolve) => serve.once('exit', () => resolve()));
    // Ctrl+C in a terminal: SIGINT to the whole process group (npm and the kiosk under it).
    process.kill(-serve.pid!, 'SIGINT');
    await exited;
    // The kiosk removes its lock file only on its way out through close(): a killed kiosk would leave it behind.
    await expect.poll(() => existsSync(join(dataDir, 'kiosk.lock')), { timeout: 10_000 }).toBe(false);
    const check = spawnSync(process.execPath, [appPath('dist', 'cli', 'lotkeeper.mjs'), 'db', 'check', '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true });
  }, 60_000);
});
