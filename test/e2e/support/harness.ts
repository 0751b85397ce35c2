import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import type { KioskConfig } from '../../../electron/kiosk/kiosk';
import { startHeadless } from '../../../electron/kiosk/serve';
import { watchBridge } from './bridge-watch';
import { ensureConsoleBuilt } from './build';
import { CHROMIUM } from './chromium-server';

export const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

export const DEMO = {
  attendant: { username: 'anna', secret: '1357', name: 'Anna (attendant)' },
  supervisor: { username: 'sam', secret: '2468', name: 'Sam (supervisor)' },
  admin: { username: 'admin', secret: 'demo-admin-pass', name: 'Site admin' },
} as const;

/** mulberry32: the demo traffic repeats from run to run (plates, colours, which cars have dirty plates). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const VIEWPORTS = {
  small: { width: 1366, height: 768 },
  large: { width: 1920, height: 1080 },
} as const;

/**
 * A Chromium for a test file: a connection to the run's shared one (support/chromium-server.ts, the integration
 * projects' globalSetup), or one launched for it alone when the run started none. Closing it closes the file's contexts.
 */
export function launchChromium(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  return endpoint === undefined ? chromium.launch(CHROMIUM) : chromium.connect(endpoint);
}

export interface Kiosk {
  url: string;
  dataDir: string;
  port: number;
  /** Stops the kiosk (the console sees the connection drop). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data: the console reconnects by itself. */
  restart(): Promise<void>;
}

/**
 * What a test file asks of its kiosk. Default: lanes attended by hand, no devices. Lane tests ask for the demo
 * world ('site': the simulated relay board over socat, demo cameras and seeded, faster traffic); payment tests
 * may give a payments service (Stripe Checkout against the loopback Stripe) and a clock they can move on (with
 * logins that outlast the moves); the visual diff freezes the kiosk's clock, so every time it shows is the same
 * from run to run.
 */
export type KioskOptions = Pick<KioskConfig, 'devices' | 'demoTraffic' | 'payments' | 'clock' | 'loginPolicy' | 'demoHistoryDays' | 'anomalies'>;

/** The real kiosk, headless, on the demo site (a rate table for every class) in a fresh temp data dir. */
export async function startKiosk(options: KioskOptions = {}): Promise<Kiosk> {
  await ensureConsoleBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-e2e-'));
  const config = { dataDir, logToFile: false, devices: 'none' as const, ...options };
  let running: { url: string; close(): Promise<void> } | null = await startHeadless({ ...config, port: 0 });
  const url = running.url;
  const port = Number(new URL(url).port);
  return {
    url,
    dataDir,
    port,
    async stop() {
      await running?.close();
      running = null;
    },
    async restart() {
      await running?.close();
      running = await startHeadless({ ...config, port });
    },
  };
}

export async function stopKiosk(kiosk: Kiosk | undefined): Promise<void> {
  if (!kiosk) return;
  await kiosk.stop();
  rmSync(kiosk.dataDir, { recursive: true, force: true });
}

/** The real kiosk and a Chromium, started once for a test file and stopped after it. */
export function useE2E(options: KioskOptions = {}): { readonly kiosk: Kiosk; readonly browser: Browser } {
  let kiosk: Kiosk | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [kiosk, browser] = await Promise.all([startKiosk(options), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stopKiosk(kiosk);
  });
  return {
    get kiosk() {
      return kiosk!;
    },
    get browser() {
      return browser!;
    },
  };
}

export interface Console {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors: a test asserts this stays empty. */
  errors: string[];
  /** Calls the console has sent over the bridge so far (idle screens must not poll). */
  sent: () => string[];
}

/**
 * A fresh browser context (its own WebSocket, so its own login) on the console. `beforeLoad` runs on the page before
 * the console is loaded (a route on its WebSocket must be in place before the socket opens).
 */
export async function openConsole(browser: Browser, url: string, viewport: { width: number; height: number } = VIEWPORTS.small, beforeLoad?: (page: Page) => Promise<void>): Promise<Console> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'America/Los_Angeles' });
  const page = await context.newPage();
  // Fail an action fast and by name, well inside vitest's test timeout.
  page.setDefaultTimeout(5000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A dropped socket while the kiosk restarts is expected in the reconnect test; everything else is a bug.
    if (m.type() === 'error' && !/WebSocket connection/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(JSON.parse(String(f.payload)).call))));
  await watchBridge(page);
  await beforeLoad?.(page);
  await page.goto(url);
  return { context, page, errors, sent: () => [...sent] };
}

/** A download's text, read through Playwright (download.path() has no file here when connected to the shared Chromium). */
export async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Saves test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

export interface BridgeResult {
  ok: boolean;
  /** The call's answer when ok; its shape is the contract's (the caller says which). */
  value?: unknown;
  error?: { code: string; message: string };
}

/**
 * One call on a socket of its own, opened from the console's page and logged in as `who`: what a tampered console
 * could send, to show that the kiosk checks the caller's role itself, not only the buttons the console offers.
 */
export function callOnOwnSocket(page: Page, who: { username: string; secret: string }, call: string, input: unknown): Promise<BridgeResult> {
  return page.evaluate(
    async ({ who, call, input }) => {
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      let lastId = 0;
      const send = (name: string, body: unknown) =>
        new Promise<BridgeResult>((resolve) => {
          const id = ++lastId;
          const onMessage = (e: MessageEvent<string>): void => {
            const frame = JSON.parse(e.data) as { type?: string; id?: number; result?: BridgeResult };
            if (frame.type !== 'result' || frame.id !== id || !frame.result) return;
            ws.removeEventListener('message', onMessage);
            resolve(frame.result);
          };
          ws.addEventListener('message', onMessage);
          ws.send(JSON.stringify({ id, call: name, input: body }));
        });
      const login = await send('auth.login', who);
      if (!login.ok) throw new Error(`could not log in as ${who.username}: ${login.error?.message ?? ''}`);
      const result = await send(call, input);
      ws.close();
      return result;
    },
    { who: { username: who.username, secret: who.secret }, call, input },
  );
}

/**
 * A wall-clock value ("2026-12-24T14:05", or "2026-12-24") as it is typed on the demo site, a UK one: day first
 * ("24/12/2026 14:05"). The console's date fields take the site's order, not the browser's.
 */
export function ukTyped(wall: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?$/.exec(wall);
  if (!m) throw new Error(`not a wall-clock value: ${wall}`);
  return `${m[3]}/${m[2]}/${m[1]}${m[4] ? ` ${m[4]}` : ''}`;
}
