import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import { databaseFile } from '../../electron/kiosk/data-dir';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { DEMO, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

/** An admin's card-reader setting cannot send the booth PC's secrets to a server of its choosing, nor store one. */
const tempDir = useTempDirs();
const ALLOWED = 'LOTKEEPER_STRIPE_SECRET_KEY_TESTREADER';
const ALLOWED_VALUE = 'sk_test_allowed-value-9f1c';
const INLINE = 'sk_live_inline-secret-4b7e';
let kiosk: Kiosk;
let admin: KioskConnection;
let listener: Server;
let heard: string[];

beforeEach(async () => {
  process.env[ALLOWED] = ALLOWED_VALUE;
  heard = [];
  listener = createServer((request, response) => {
    heard.push(request.headers.authorization ?? '(none)');
    response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{"type":"invalid_request_error","message":"no such reader"}}');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  kiosk = await startTestKiosk(tempDir());
  admin = await loggedIn(kiosk, ...DEMO.admin);
});
afterEach(async () => {
  await kiosk.close();
  await new Promise((resolve) => listener.close(resolve));
  Reflect.deleteProperty(process.env, ALLOWED);
});

const endpoint = () => ({ host: '127.0.0.1', port: (listener.address() as AddressInfo).port, protocol: 'http' });
const save = (config: object) => admin.call('devices.save', { device: { id: 'reader-x', kind: 'terminal', config: { driver: 'stripe', laneId: null, readerId: 'tmr_1', ...config } }, reason: 'new reader' });
/** The database file and its WAL as bytes: a secret in any table, index or free page shows up here. */
const databaseBytes = () => ['', '-wal'].map((suffix) => readFileSync(databaseFile(kiosk.dataDir) + suffix).toString('latin1')).join('');

describe('card reader secrets', () => {
  it('refuses a variable outside the allow-list, so a reader pointed at a local listener never receives HOME', async () => {
    expect(await save({ secretKeyEnv: 'HOME', endpoint: endpoint() })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('STRIPE_SECRET_KEY') } });
    expect(await save({ secretKeyEnv: 'LOTKEEPER_SITE_TOKEN', endpoint: endpoint() })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await kiosk.services.payments.terminals.probeAll();
    expect(heard).toEqual([]);
    expect(kiosk.store.lanes.devices().map((d) => d.id)).not.toContain('reader-x');
  });

  it('refuses an inline key, and stores it nowhere: not in devices, audit, outbox or any page of the file', async () => {
    expect(await save({ secretKey: INLINE, endpoint: endpoint() })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('never stored') } });
    expect(databaseBytes()).not.toContain(INLINE);
  });

  it('refuses plain http to anything but loopback', async () => {
    const result = await save({ secretKeyEnv: ALLOWED, endpoint: { host: 'reader-relay.example', port: 80, protocol: 'http' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('https') } });
  });

  it('uses an allowed variable: the key goes to the reader only, the records say which variable and that the key changed', async () => {
    expect(await save({ secretKeyEnv: ALLOWED, endpoint: endpoint() })).toMatchObject({ ok: true });
    await kiosk.services.payments.terminals.probeAll();
    expect(heard).toContain(`Bearer ${ALLOWED_VALUE}`);
    expect(heard.every((header) => header === `Bearer ${ALLOWED_VALUE}`)).toBe(true);
    const row = kiosk.store.audit.list({ subject: 'device:reader-x', limit: 5 })[0]!;
    expect(row.detail).toMatchObject({ keyChanged: true, after: { secretKeyEnv: ALLOWED } });
    expect(databaseBytes()).not.toContain(ALLOWED_VALUE);
  });
});
