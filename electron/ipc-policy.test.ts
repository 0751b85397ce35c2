/** ipc.ts with Electron's ipcMain and webContents replaced by fakes: who may call, one connection per console. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Kiosk, KioskConnection } from './kiosk/kiosk';
import { bindKioskIpc } from './ipc';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from './preload-api';
import { rendererTarget } from './window-policy';

const INDEX = 'file:///app/dist/renderer/index.html';
const target = rendererTarget({ indexFileUrl: INDEX, packaged: true });

class FakeContents extends EventEmitter {
  static next = 1;
  readonly id = FakeContents.next++;
  destroyed = false;
  readonly sent: unknown[][] = [];
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

function setup(callImpl?: (name: string, input: unknown) => Promise<unknown>) {
  let handler: ((event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) | undefined;
  const ipc = {
    handle: vi.fn((channel: string, fn: typeof handler) => {
      expect(channel).toBe(IPC_CALL_CHANNEL);
      handler = fn;
    }),
    removeHandler: vi.fn(),
  };
  const connections: { peer: string; closed: boolean; emit: (name: string, payload: unknown) => void; unsubscribed: boolean }[] = [];
  const kiosk = {
    connect(peer: string): KioskConnection {
      const record = { peer, closed: false, unsubscribed: false, emit: (_n: string, _p: unknown) => {} };
      connections.push(record);
      return {
        call: async (name, input) => (callImpl ? callImpl(name, input) : { ok: true, value: { name, input, peer } }) as never,
        onEvent(listener) {
          record.emit = listener as typeof record.emit;
          return () => {
            record.unsubscribed = true;
          };
        },
        close: () => {
          record.closed = true;
        },
      };
    },
  } satisfies Pick<Kiosk, 'connect'>;
  const unbind = bindKioskIpc(ipc as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>, kiosk, target);
  const invoke = (contents: FakeContents, frame: { url: string; parent: unknown } | null, ...args: unknown[]) =>
    handler!({ sender: contents, senderFrame: frame } as unknown as IpcMainInvokeEvent, ...args);
  return { ipc, connections, unbind, invoke };
}

const mainFrame = { url: `${INDEX}#/dashboard`, parent: null };

describe('bindKioskIpc', () => {
  it('forwards a call from our page to that console’s own connection', async () => {
    const { invoke, connections } = setup();
    const a = new FakeContents();
    const b = new FakeContents();
    expect(await invoke(a, mainFrame, 'auth.me', {})).toEqual({ ok: true, value: { name: 'auth.me', input: {}, peer: `electron:webContents/${a.id}` } });
    await invoke(a, mainFrame, 'dashboard.get', {});
    await invoke(b, mainFrame, 'auth.me', {});
    expect(connections.map((c) => c.peer)).toEqual([`electron:webContents/${a.id}`, `electron:webContents/${b.id}`]);
  });

  it('refuses other pages, iframes, vanished frames and destroyed senders without touching the kiosk', async () => {
    const { invoke, connections } = setup();
    const contents = new FakeContents();
    const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };
    expect(await invoke(contents, { url: 'https://evil.example/', parent: null }, 'auth.me', {})).toEqual(forbidden);
    expect(await invoke(contents, { url: INDEX, parent: { url: INDEX } }, 'auth.me', {})).toEqual(forbidden);
    expect(await invoke(contents, null, 'auth.me', {})).toEqual(forbidden);
    const disposed = Object.defineProperty({}, 'url', { get: () => { throw new Error('Render frame was disposed'); } });
    expect(await invoke(contents, disposed as never, 'auth.me', {})).toEqual(forbidden);
    contents.destroyed = true;
    expect(await invoke(contents, mainFrame, 'auth.me', {})).toEqual(forbidden);
    expect(connections).toEqual([]);
  });

  it('answers a non-string call name and a throwing core with a result, not an exception', async () => {
    const { invoke } = setup(() => Promise.reject(new Error('secret internals')));
    const contents = new FakeContents();
    expect(await invoke(contents, mainFrame, 42, {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    const result = await invoke(contents, mainFrame, 'auth.me', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret internals');
  });

  it('sends the connection’s events to its own webContents only', async () => {
    const { invoke, connections } = setup();
    const a = new FakeContents();
    const b = new FakeContents();
    await invoke(a, mainFrame, 'auth.me', {});
    await invoke(b, mainFrame, 'auth.me', {});
    connections[0]!.emit('lot.changed', { reason: 'entry', sessionId: 7 });
    expect(a.sent).toEqual([[IPC_EVENT_CHANNEL, 'lot.changed', { reason: 'entry', sessionId: 7 }]]);
    expect(b.sent).toEqual([]);
  });

  it('closes a console’s connection when its webContents is destroyed, and all of them on unbind', async () => {
    const { invoke, connections, unbind, ipc } = setup();
    const a = new FakeContents();
    const b = new FakeContents();
    await invoke(a, mainFrame, 'auth.me', {});
    await invoke(b, mainFrame, 'auth.me', {});
    a.destroy();
    expect(connections[0]).toMatchObject({ closed: true, unsubscribed: true });
    expect(connections[1]).toMatchObject({ closed: false });
    unbind();
    expect(ipc.removeHandler).toHaveBeenCalledWith(IPC_CALL_CHANNEL);
    expect(connections[1]).toMatchObject({ closed: true, unsubscribed: true });
    b.destroy(); // a late 'destroyed' after unbind is harmless
  });
});
