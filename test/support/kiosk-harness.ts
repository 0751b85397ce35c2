import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBridge, type Bridge } from '../../electron/kiosk/bridge';
import { createKiosk, type Kiosk, type KioskConfig } from '../../electron/kiosk/kiosk';
import type { LoginPolicy } from '../../electron/kiosk/auth/logins';
import type { CallName, CallOutput, CallResult } from '../../electron/kiosk/contract';
import type { KioskConnection } from '../../electron/kiosk/connection';

/** A clock the test moves by hand. */
export function manualClock(start: number): { now: () => number; advance(ms: number): void; set(at: number): void } {
  let at = start;
  return { now: () => at, advance: (ms) => (at += ms), set: (value) => (at = value) };
}

/** Logins that outlast any clock a test moves by hand; tests of the timeouts pass `loginPolicy: undefined` (the site's). */
export const LASTING_LOGINS: LoginPolicy = { idleSeconds: { attendant: 1e9, supervisor: 1e9, admin: 1e9 }, maxAgeSeconds: 1e9 };

/** A kiosk on the demo site with no lane devices (no simulated traffic changing the lot under the test). */
export async function startTestKiosk(dataDir: string, overrides: Partial<KioskConfig> = {}): Promise<Kiosk> {
  return createKiosk({ dataDir, logToFile: false, devices: 'none', loginPolicy: LASTING_LOGINS, ...overrides });
}

/** Calls and unwraps, failing the test with the kiosk's own message when the call did not succeed. */
export async function expectOk<N extends CallName>(connection: KioskConnection, name: N, input: unknown): Promise<CallOutput<N>> {
  const result = (await connection.call(name, input)) as CallResult<N>;
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function loggedIn(kiosk: Kiosk, username: string, secret: string): Promise<KioskConnection> {
  const connection = kiosk.connect(`test:${username}`);
  await expectOk(connection, 'auth.login', { username, secret });
  return connection;
}

export const DEMO = {
  attendant: ['anna', '1357'],
  supervisor: ['sam', '2468'],
  admin: ['admin', 'demo-admin-pass'],
} as const;

/** The loopback bridge on a free port, serving a stand-in console page from `staticDir` (for socket tests). */
export async function startStubConsoleBridge(kiosk: Kiosk, staticDir: string): Promise<Bridge> {
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  return startBridge(kiosk, { port: 0, staticDir });
}
