import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../electron/kiosk/bridge';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { useTempDirs } from '../support/temp-dir';
import { startTestKiosk } from '../support/kiosk-harness';

const tempDir = useTempDirs();
let kiosk: Kiosk;
let bridge: Bridge;
let staticDir: string;

beforeEach(async () => {
  kiosk = await startTestKiosk(tempDir());
  staticDir = tempDir();
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  bridge = await startBridge(kiosk, { port: 0, staticDir });
});
afterEach(async () => {
  await bridge.close();
  await kiosk.close();
});

const wsUrl = () => bridge.url.replace('http', 'ws') + '/ws';

function open(origin = bridge.url): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(), { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function next(ws: WebSocket, predicate: (frame: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (predicate(frame)) {
        ws.off('message', listener);
        resolve(frame);
      }
    };
    ws.on('message', listener);
  });
}

async function call(ws: WebSocket, id: number, name: string, input: unknown) {
  const reply = next(ws, (frame) => frame['type'] === 'result' && frame['id'] === id);
  ws.send(JSON.stringify({ id, call: name, input }));
  return (await reply)['result'] as { ok: boolean; value?: unknown; error?: { code: string } };
}

describe('the loopback bridge', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(bridge.url).hostname).toBe('127.0.0.1');
  });

  it('carries the contract: log in on the socket, then call', async () => {
    const ws = await open();
    expect(await call(ws, 1, 'dashboard.get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await call(ws, 2, 'auth.login', { username: 'anna', secret: '1357' })).toMatchObject({ ok: true });
    expect(await call(ws, 3, 'dashboard.get', {})).toMatchObject({ ok: true, value: { inside: 0 } });
    ws.close();
  });

  it('keeps login per socket: a second socket is not logged in', async () => {
    const first = await open();
    await call(first, 1, 'auth.login', { username: 'anna', secret: '1357' });
    const second = await open();
    expect(await call(second, 1, 'dashboard.get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    first.close();
    second.close();
  });

  it('pushes lot events to a logged-in socket', async () => {
    const ws = await open();
    await call(ws, 1, 'auth.login', { username: 'anna', secret: '1357' });
    const event = next(ws, (frame) => frame['type'] === 'event' && frame['name'] === 'lot.changed');
    await call(ws, 2, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test entry' });
    expect(await event).toMatchObject({ payload: { reason: 'entry' } });
    ws.close();
  });

  it('answers garbage frames with an error and stays up', async () => {
    const ws = await open();
    const reply = next(ws);
    ws.send('{not json');
    expect(await reply).toMatchObject({ type: 'result', result: { ok: false, error: { code: 'invalid_input' } } });
    const shape = next(ws);
    ws.send(JSON.stringify({ id: 'x', call: 5 }));
    expect(await shape).toMatchObject({ result: { ok: false } });
    expect(await call(ws, 9, 'auth.login', { username: 'anna', secret: '1357' })).toMatchObject({ ok: true });
    ws.close();
  });

  it('refuses a socket opened by a page from another origin', async () => {
    await expect(open('http://evil.example')).rejects.toThrow(/403/);
  });

  it('serves the console and never a file outside it', async () => {
    const index = await fetch(bridge.url + '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(bridge.url + '/../package.json')).status).toBe(404);
    expect((await fetch(bridge.url + '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await fetch(bridge.url + '/%E0%A4%A')).status).toBe(404);
  });
});
