/**
 * What loading the kiosk costs: every start (the app, `lotkeeper serve`, a restart after a crash) loads the core's
 * whole module graph, and the card and SMS SDKs alone took about 0.4 s of it. They load when a site first uses
 * Stripe or Twilio (native/terminal/stripe-sdk.ts, native/sms/twilio-sdk.ts), never with the kiosk. Checked in a
 * fresh node, as a start is.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPath } from '../../electron/kiosk/app-paths';

/** Imports the kiosk in a fresh node and prints the packages it loaded: those imported (a resolve hook sees every ESM import, CJS ones included) and those required. */
const PROBE = `
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const resolved = [];
port1.on('message', (url) => resolved.push(url));
register('data:text/javascript,' + encodeURIComponent(\`
  let port;
  export function initialize(data) { port = data.port; }
  export async function resolve(specifier, context, next) { const found = await next(specifier, context); port.postMessage(found.url); return found; }
\`), { data: { port: port2 }, transferList: [port2] });
await import(${JSON.stringify(join(appPath(), 'electron', 'kiosk', 'serve.ts'))});
await new Promise((resolve) => setTimeout(resolve, 200)); // the hook's last messages
port1.close();
const loaded = [...resolved, ...Object.keys(createRequire(import.meta.url).cache)];
const has = (name) => loaded.some((file) => file.includes('/node_modules/' + name + '/'));
console.log(JSON.stringify({ twilio: has('twilio'), stripe: has('stripe'), sqlite: has('better-sqlite3') }));
`;

describe("the kiosk's modules", () => {
  it('load without the Stripe and Twilio SDKs: a site loads them when it first uses them', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { cwd: appPath(), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    // The probe sees what was loaded: the database driver the kiosk needs at once is there.
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ twilio: false, stripe: false, sqlite: true });
  });
});
