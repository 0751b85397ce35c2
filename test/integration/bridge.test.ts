import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { request } from 'node:http';
import { MAX_LOGINS_PER_SOCKET, type Bridge } from '../../electron/kiosk/bridge';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { useTempDirs } from '../support/temp-dir';
import { startStubConsoleBridge, startTestKiosk } from '../support/kiosk-harness';

const tempDir = useTempDirs();
let kiosk: Kiosk;
let bridge: Bridge;

beforeEach(async () => {
  kiosk = await startTestKiosk(tempDir());
  bridge = await startStubConsoleBridge(kiosk, tempDir());
});
afterEach(async () => {
  await bridge.close();
  await kiosk.close();
});

const wsUrl = () => bridge.url.replace('http', 'ws') + '/ws';

/** origin null: a client that sends no Origin header (any local program). */
function open(origin: string | null = bridge.url, host?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(), { origin: origin ?? undefined, headers: host ? { host } : {} });
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

  it('refuses a socket that sends no Origin: a local program is not the console', async () => {
    await expect(open(null)).rejects.toThrow(/403/);
    await expect(open('null')).rejects.toThrow(/403/);
  });

  it('refuses a socket and a page asked for under another host name (DNS rebinding)', async () => {
    const { port } = new URL(bridge.url);
    await expect(open(`http://rebound.example:${port}`, `rebound.example:${port}`)).rejects.toThrow(/403/);
    await expect(open(bridge.url, `rebound.example:${port}`)).rejects.toThrow(/403/);
    const page = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `rebound.example:${port}` } }, (response) => resolve(response.statusCode ?? 0))
        .on('error', reject)
        .end();
    });
    expect(page).toBe(403);
    const own = await open(`http://localhost:${port}`, `localhost:${port}`);
    expect(await call(own, 1, 'site.info', {})).toMatchObject({ ok: true });
    own.close();
  });

  it('closes a socket that keeps trying to log in', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    for (let id = 1; id <= MAX_LOGINS_PER_SOCKET; id++) {
      expect(await call(ws, id, 'auth.login', { username: 'anna', secret: '0000' })).toMatchObject({ ok: false });
    }
    ws.send(JSON.stringify({ id: 99, call: 'auth.login', input: { username: 'anna', secret: '1357' } }));
    expect(await closed).toBe(1008);
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
